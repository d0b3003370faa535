/**
 * The `events` table over local NDJSON files, for the two embedded engines (DuckDB and chdb):
 * the same columns, the same rules. A timestamp counts only with a time zone (Z or ±hh:mm):
 * one without names no instant (it would be read in whatever zone the analyst's machine is
 * in), so its row gets ts NULL and `ts_zoneless` 1, and the report counts it.
 */
import { ZONED_TIMESTAMP } from '../track/event';
import { DIALECTS } from './sql-dialect';

/** The event columns the analysis reads; missing fields become NULL, unknown ones are ignored. */
export const EVENT_COLUMNS: Record<string, string> = {
  event_id: 'VARCHAR',
  type: 'VARCHAR',
  ts: 'VARCHAR',
  anonymous_id: 'VARCHAR',
  user_id: 'VARCHAR',
  account_id: 'VARCHAR',
  session_id: 'VARCHAR',
  item_id: 'VARCHAR',
  item_type: 'VARCHAR',
  item_version: 'BIGINT',
  name: 'VARCHAR',
  experiment: 'VARCHAR',
  variation: 'VARCHAR',
  bucket_version: 'BIGINT',
  unit: 'VARCHAR',
  unit_id: 'VARCHAR',
  counterfactual: 'BOOLEAN',
  forced: 'BOOLEAN',
  step: 'BIGINT',
  origin: 'VARCHAR',
  properties: 'JSON',
};

/** An ISO 8601 date and time with a zone designator: what the collector accepts (track/event.ts). */
export { ZONED_TIMESTAMP };
/** A date, or a date and time, with no zone designator. */
export const ZONELESS_TIMESTAMP = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?)?$';

/**
 * DuckDB: the `events` table from NDJSON files, with an explicit column list. Lines that are
 * not JSON objects (a torn last line) are rows of NULLs; `ts` that does not parse, or has no
 * zone, becomes NULL. The connection runs with TimeZone UTC (see ./duckdb.ts) as a second guard.
 */
export function duckdbEventsTable(files: readonly string[]): string {
  const d = DIALECTS.duckdb;
  const columns = Object.entries(EVENT_COLUMNS).map(([name, type]) => `${name}: '${type}'`).join(', ');
  const list = files.map((f) => d.text(f)).join(', ');
  const select = Object.keys(EVENT_COLUMNS)
    .map((c) => (c === 'ts' ? `CASE WHEN regexp_matches(ts, ${d.text(ZONED_TIMESTAMP)}) THEN try_cast(upper(ts) AS TIMESTAMPTZ) END AS ts` : c))
    .join(', ');
  return `CREATE OR REPLACE TEMP TABLE events AS
SELECT ${select},
  CASE WHEN regexp_matches(ts, ${d.text(ZONELESS_TIMESTAMP)}) THEN 1 ELSE 0 END AS ts_zoneless
FROM read_json([${list}], format = 'newline_delimited', columns = {${columns}}, ignore_errors = true)`;
}

const CLICKHOUSE_TYPES: Record<string, string> = { VARCHAR: 'Nullable(String)', BIGINT: 'Nullable(Int64)', BOOLEAN: 'Nullable(Bool)' };

/**
 * ClickHouse (chdb): the same table. Each line is read whole (LineAsString) and parsed once
 * into a tuple, so a torn line is a row of NULLs as in DuckDB and the row counts agree; a
 * byte-order mark at the start of a file is dropped.
 */
export function clickhouseEventsTable(files: readonly string[]): string {
  const d = DIALECTS.clickhouse;
  const fields = Object.entries(EVENT_COLUMNS).filter(([name]) => name !== 'properties');
  const tuple = fields.map(([name, type]) => `${name} ${CLICKHOUSE_TYPES[type]}`).join(', ');
  const sources = files.map((f) => `SELECT line FROM file(${d.text(f)}, 'LineAsString')`).join('\n  UNION ALL ');
  const columns = fields.map(([name]) => (name === 'ts' ? `if(match(j.ts, ${d.text(ZONED_TIMESTAMP)}), parseDateTime64BestEffortOrNull(j.ts, 3, 'UTC'), NULL) AS ts` : `j.${name} AS ${name}`));
  return `CREATE TABLE events ENGINE = Memory AS
SELECT ${columns.join(', ')},
  nullIf(JSONExtractRaw(body, 'properties'), '') AS properties,
  if(match(coalesce(j.ts, ''), ${d.text(ZONELESS_TIMESTAMP)}), 1, 0) AS ts_zoneless
FROM (
  SELECT body, JSONExtract(body, 'Tuple(${tuple})') AS j
  FROM (SELECT replaceRegexpOne(line, '^\\xEF\\xBB\\xBF', '') AS body FROM (
  ${sources}) WHERE line <> '')
)`;
}
