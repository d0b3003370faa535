/**
 * The ClickHouse events table `guidepost analyze --engine clickhouse --clickhouse-url` reads,
 * and the statement that loads the collector's NDJSON into it. docs/analysis.md prints both
 * (a test keeps them equal), and the tests create exactly this table in chdb.
 */
import { DIALECTS } from './sql-dialect';
import { ZONED_TIMESTAMP } from './sql-events';

/**
 * One row per event. `ts` is DateTime64(3, 'UTC'): an instant, so no reader's zone can move
 * it; optional fields are Nullable, as the queries test for NULL. ReplacingMergeTree keyed by
 * event_id drops re-delivered events in the background; the queries dedupe anyway, so counts
 * are right before a merge too. Partitioned by month so old months can be dropped whole.
 */
export function clickhouseEventsDdl(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${DIALECTS.clickhouse.table(table)} (
  event_id String,
  type LowCardinality(String),
  ts DateTime64(3, 'UTC'),
  anonymous_id Nullable(String),
  user_id Nullable(String),
  account_id Nullable(String),
  session_id Nullable(String),
  item_id Nullable(String),
  item_type LowCardinality(Nullable(String)),
  item_version Nullable(Int64),
  name Nullable(String),
  experiment Nullable(String),
  variation Nullable(String),
  bucket_version Nullable(Int64),
  unit LowCardinality(Nullable(String)),
  unit_id Nullable(String),
  counterfactual Nullable(Bool),
  forced Nullable(Bool),
  step Nullable(Int64),
  origin LowCardinality(Nullable(String)),
  properties Nullable(String)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (event_id)`;
}

/**
 * Loads a collector NDJSON file (clickhouse-local, chdb, or a server with file access): lines
 * without an `event_id`, or whose timestamp has no zone or names no real time (2026-02-30),
 * are skipped, as the local engines leave them out (the collector refuses them; older files
 * may have some), so one such line neither aborts the load nor turns into an event with the id
 * ''. Nested `properties` stay JSON text. Columns go by position (`ts_utc` into `ts`): naming
 * the parsed time `ts` would make ClickHouse read the WHERE's `ts` as it too.
 */
export function clickhouseIngestSql(table: string, file: string): string {
  const d = DIALECTS.clickhouse;
  return `INSERT INTO ${d.table(table)}
SELECT assumeNotNull(event_id) AS id, type, assumeNotNull(parseDateTime64BestEffortOrNull(ts, 3, 'UTC')) AS ts_utc, anonymous_id, user_id, account_id, session_id,
  item_id, item_type, item_version, name, experiment, variation, bucket_version, unit, unit_id,
  counterfactual, forced, step, origin, properties
FROM file(${d.text(file)}, 'JSONEachRow',
  'event_id Nullable(String), type String, ts String, anonymous_id Nullable(String), user_id Nullable(String), account_id Nullable(String), session_id Nullable(String), item_id Nullable(String), item_type Nullable(String), item_version Nullable(Int64), name Nullable(String), experiment Nullable(String), variation Nullable(String), bucket_version Nullable(Int64), unit Nullable(String), unit_id Nullable(String), counterfactual Nullable(Bool), forced Nullable(Bool), step Nullable(Int64), origin Nullable(String), properties Nullable(String)')
WHERE event_id IS NOT NULL AND match(ts, ${d.text(ZONED_TIMESTAMP)}) AND parseDateTime64BestEffortOrNull(ts, 3, 'UTC') IS NOT NULL
SETTINGS input_format_json_read_objects_as_strings = 1, input_format_skip_unknown_fields = 1`;
}
