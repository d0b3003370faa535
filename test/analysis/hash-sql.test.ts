/**
 * Hash v2 and assignment as SQL (src/analysis/hash-sql.ts) against the SDK's own
 * `hash` and `assignVariation`, on 10,000 ids mixing scripts, combining marks and emoji (surrogate
 * pairs and ZWJ sequences): executed in DuckDB and in chdb (when installed); for BigQuery, the
 * JavaScript function in the SQL text is run here, and the expression checked as text.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentSql, BIGQUERY_FNV_FUNCTION, hashV2Sql } from '../../src/analysis/hash-sql';
import { createRandom } from '../../src/analysis/random';
import { assignVariation } from '../../src/engine/assign';
import { hash } from '../../src/engine/hash';
import type { Experiment } from '../../src/manifest/schema';

const chdb = await import('chdb' as string).catch(() => undefined);
if (!chdb) console.warn('analysis-hash-sql: the chdb part is skipped: chdb is not installed (npm install --no-save chdb@3.4.0)');

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz0123456789_-.@', 'éüñçøßÆŒ', 'дружбаЖЯ', 'مرحبا', 'नमस्ते', '中文漢字日本語', '한국어', 'ไทย',
  '😀', '👩‍👩‍👧', '🇯🇵', '👍🏽', '𝔘𝔫𝔦', 'e\u0301', '🧭', '\u{1F600}\u{1F9ED}',
];
/** 10,000 distinct ids: plain ASCII ones like the SDK's, and mixtures of every alphabet above. */
function makeIds(): string[] {
  const random = createRandom(2026);
  const ids = new Set<string>();
  while (ids.size < 10_000) {
    if (ids.size % 4 === 0) ids.add(`u_${random.hex(8)}`);
    else ids.add(Array.from({ length: 1 + random.int(6) }, () => random.pick(ALPHABETS)).map((a) => [...a].slice(0, 1 + random.int(4)).join('')).join(''));
  }
  return [...ids];
}
const ids = makeIds();
const SEED = 'checkout-copy';
const experiment: Experiment = {
  key: 'checkout-copy', seed: SEED, coverage: 0.8, scope: { types: ['banner'] },
  variations: [{ key: 'control', weight: 0.2 }, { key: "it's", weight: 0.3 }, { key: 'long', weight: 0.5 }],
};
const expectedArm = (id: string) => assignVariation(experiment, { userId: id, anonymousId: id }, {}).variation ?? null;

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-hash-sql-'));
  file = join(dir, 'ids.ndjson');
  await writeFile(file, ids.map((id, i) => JSON.stringify({ i, id })).join('\n') + '\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hash v2 as SQL equals the SDK on 10,000 ids', () => {
  it('includes what breaks naive ports: non-BMP characters, ZWJ sequences, combining marks', () => {
    expect(ids.filter((id) => [...id].some((c) => c.codePointAt(0)! > 0xffff)).length).toBeGreaterThan(2000);
    expect(new Set(ids).size).toBe(10_000);
  });

  it('DuckDB: hash and assignment', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (
      await connection.runAndReadAll(
        `SELECT i, ${hashV2Sql('duckdb', SEED, 'id')} AS n, ${assignmentSql('duckdb', experiment, 'id')} AS arm FROM read_json('${file}', columns = {i: 'INTEGER', id: 'VARCHAR'}) ORDER BY i`,
      )
    ).getRowObjects();
    connection.closeSync();
    expect(rows).toHaveLength(ids.length);
    const wrong = rows.filter((r) => r.n !== hash(SEED, ids[r.i as number], 2) || (r.arm ?? null) !== expectedArm(ids[r.i as number]));
    expect(wrong.slice(0, 3)).toEqual([]);
  }, 60_000);

  it.skipIf(!chdb)('ClickHouse (chdb): hash and assignment', async () => {
    const text = chdb!.query(
      `SELECT i, ${hashV2Sql('clickhouse', SEED, 'id')} AS n, ${assignmentSql('clickhouse', experiment, 'id')} AS arm FROM file('${file}', 'JSONEachRow', 'i UInt32, id String') ORDER BY i`,
      'JSONEachRow',
    ) as string;
    const rows = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { i: number; n: number; arm: string | null });
    expect(rows).toHaveLength(ids.length);
    const wrong = rows.filter((r) => r.n !== hash(SEED, ids[r.i], 2) || r.arm !== expectedArm(ids[r.i]));
    expect(wrong.slice(0, 3)).toEqual([]);
  }, 60_000);

  it('BigQuery: the JavaScript function in the SQL, with the SQL formula around it', () => {
    const body = /AS r"""([\s\S]*)""";/.exec(BIGQUERY_FNV_FUNCTION)?.[1] ?? '';
    const fnv = new Function('s', body) as (s: string) => number;
    for (const id of ids) expect((fnv(String(fnv(SEED + id))) % 10000) / 10000).toBe(hash(SEED, id, 2));
    const sql = assignmentSql('bigquery', experiment, 'unit_id');
    expect(hashV2Sql('bigquery', SEED, 'unit_id')).toBe(
      "MOD(CAST(guidepost_fnv1a32(CAST(CAST(guidepost_fnv1a32(CONCAT('checkout-copy', unit_id)) AS INT64) AS STRING)) AS INT64), 10000) / 10000",
    );
    expect(sql).toContain("THEN 'it\\'s'");
    expect(sql.match(/WHEN/g)).toHaveLength(3);
  });
});
