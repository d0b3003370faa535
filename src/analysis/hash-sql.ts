/**
 * The SDK's hash v2 and assignment (src/engine/hash.ts, src/engine/assign.ts) as SQL, so an
 * analyst can recompute any unit's arm inside DuckDB, ClickHouse or BigQuery. FNV-1a runs over
 * UTF-16 code units, as JavaScript strings are: a character outside the Basic Multilingual
 * Plane (most emoji) is two units, its surrogate pair, so each engine first turns its own
 * string (UTF-8 in all three) into UTF-16 code units. The ranges come from the engine's own
 * `getBucketRanges`, not from a second implementation.
 */
import { getBucketRanges } from '../engine/hash';
import type { Experiment } from '../manifest/schema';
import { DIALECTS, type DialectName } from './sql-dialect';

const OFFSET = 2166136261; // 0x811c9dc5
const PRIME = 16777619; // FNV prime: (h ^ c) * PRIME mod 2^32 is the shift-and-add form in hash.ts

/** BigQuery has no fold, so FNV-1a is a temporary JavaScript function (JS strings are UTF-16 already). */
export const BIGQUERY_FNV_FUNCTION = `CREATE TEMP FUNCTION guidepost_fnv1a32(s STRING) RETURNS FLOAT64 LANGUAGE js AS r"""
  let h = ${OFFSET};
  for (let i = 0; i < s.length; i++) h = Math.imul((h ^ s.charCodeAt(i)) >>> 0, ${PRIME}) >>> 0;
  return h;
""";`;

/** FNV-1a 32 of a string expression, as an integer expression of the dialect. */
export function fnv1a32Sql(dialect: DialectName, text: string): string {
  if (dialect === 'duckdb') {
    // Code points → UTF-16 code units (a surrogate pair above U+FFFF), then fold from the offset basis.
    const units = `flatten(list_transform(string_split(${text}, ''), c -> CASE WHEN unicode(c) > 65535 THEN [55296 + ((unicode(c) - 65536) >> 10), 56320 + ((unicode(c) - 65536) & 1023)] ELSE [unicode(c)::BIGINT] END))`;
    return `list_reduce(list_prepend(${OFFSET}::BIGINT, ${units}), (h, c) -> (xor(h, c) * ${PRIME}) % 4294967296)`;
  }
  if (dialect === 'clickhouse') {
    // UTF-16BE bytes, two per code unit, read big-endian.
    const b = `convertCharset(${text}, 'UTF-8', 'UTF-16BE')`;
    const unit = `(toUInt64(reinterpretAsUInt8(substring(${b}, 2 * i - 1, 1))) * 256 + reinterpretAsUInt8(substring(${b}, 2 * i, 1)))`;
    return `arrayFold((h, i) -> toUInt64(bitAnd(bitXor(h, ${unit}) * ${PRIME}, 4294967295)), range(1, intDiv(length(${b}), 2) + 1), toUInt64(${OFFSET}))`;
  }
  return `CAST(guidepost_fnv1a32(${text}) AS INT64)`;
}

/**
 * hash(seed, id, 2) = (fnv(str(fnv(seed + id))) % 10000) / 10000, a DOUBLE in [0, 1).
 * `seed` is a string value (quoted here); `id` is an SQL expression (a column).
 */
export function hashV2Sql(dialect: DialectName, seed: string, id: string): string {
  const d = DIALECTS[dialect];
  const inner = fnv1a32Sql(dialect, dialect === 'bigquery' ? `CONCAT(${d.text(seed)}, ${id})` : `concat(${d.text(seed)}, ${id})`);
  const asText = dialect === 'clickhouse' ? `toString(${inner})` : dialect === 'bigquery' ? `CAST(${inner} AS STRING)` : `CAST(${inner} AS VARCHAR)`;
  const outer = fnv1a32Sql(dialect, asText);
  return dialect === 'bigquery' ? `MOD(${outer}, 10000) / 10000` : `(${outer} % 10000) / 10000.0`;
}

const double = (dialect: DialectName, x: number) => (dialect === 'duckdb' ? `CAST('${x}' AS DOUBLE)` : String(x));

/**
 * The variation key the SDK assigns to the unit id in `id` (NULL: outside coverage), from the
 * experiment's seed, weights and coverage. Conditions and sticky assignments are not in SQL:
 * they depend on the browser's state. BigQuery needs BIGQUERY_FNV_FUNCTION first.
 */
export function assignmentSql(dialect: DialectName, experiment: Experiment, id: string): string {
  const d = DIALECTS[dialect];
  const keys = experiment.variations.map((v) => v.key);
  const weights = experiment.variations.some((v) => v.weight !== undefined) ? experiment.variations.map((v) => v.weight ?? 0) : undefined;
  const ranges = getBucketRanges(keys.length, experiment.coverage ?? 1, weights);
  const n = hashV2Sql(dialect, experiment.seed || experiment.key, id);
  // The hash expression repeats in each WHEN: an expression (not a subquery) fits anywhere a
  // column does, and the engines evaluate the common subexpression once.
  return `CASE ${ranges.map(([start, end], i) => `WHEN (${n}) >= ${double(dialect, start)} AND (${n}) < ${double(dialect, end)} THEN ${d.text(keys[i])}`).join(' ')} END`;
}
