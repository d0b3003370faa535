/**
 * The per-unit aggregation of `guidepost analyze`, as SQL. One builder writes the same
 * queries for embedded DuckDB (over the NDJSON files) and for a warehouse table with the
 * event columns (BigQuery, ClickHouse), so a team gets the same numbers in either place.
 *
 * Portability rules the queries follow (each one was a real difference between the three):
 * - no QUALIFY and no non-equality JOIN conditions: dedupe with ROW_NUMBER() in a subquery,
 *   join on keys and filter the time window in WHERE (ClickHouse's JOIN ON wants equalities);
 * - no output alias equal to a column of the same SELECT (ClickHouse substitutes aliases
 *   everywhere and reports "cyclic aliases"), no NULL literals in UNION ALL branches;
 * - time is compared as integer epoch milliseconds, so the window is one addition everywhere.
 */

export type DialectName = 'duckdb' | 'bigquery' | 'clickhouse';

export interface Dialect {
  name: DialectName;
  /** Epoch milliseconds of the `ts` column. */
  ms: string;
  /** The `helpful` answer of a feedback event as the text 'true' or 'false' (NULL when absent). */
  helpful: string;
  /** A string literal. */
  text(value: string): string;
}

const doubled = (value: string) => `'${value.replace(/'/g, "''")}'`;
const backslashed = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const DIALECTS: Record<DialectName, Dialect> = {
  duckdb: { name: 'duckdb', ms: 'epoch_ms(ts)', helpful: "json_extract_string(properties, '$.helpful')", text: doubled },
  // ts TIMESTAMP; properties JSON (or STRING holding JSON: JSON_VALUE takes either).
  bigquery: { name: 'bigquery', ms: 'UNIX_MILLIS(ts)', helpful: "JSON_VALUE(properties, '$.helpful')", text: backslashed },
  // ts DateTime64(3, 'UTC'); properties String holding JSON (JSONExtractRaw gives '' when absent).
  clickhouse: { name: 'clickhouse', ms: 'toUnixTimestamp64Milli(ts)', helpful: "nullIf(JSONExtractRaw(properties, 'helpful'), '')", text: backslashed },
};

export interface QueryOptions {
  /** Goal event name (`type = 'goal'`, `name = goal`). */
  goal: string;
  /** Conversion window after a unit's first exposure, in milliseconds. */
  windowMs: number;
  /** Only this experiment, when set. */
  experiment?: string;
}

/** The event columns the analysis reads; the DuckDB reader declares exactly these (missing fields become NULL). */
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

/**
 * DuckDB only: the `events` table from NDJSON files, with an explicit column list so an
 * event without a field reads as NULL and unknown fields are ignored. Lines that are not
 * JSON objects (a torn last line) are skipped; `ts` that does not parse becomes NULL.
 */
export function duckdbEventsTable(files: readonly string[]): string {
  const columns = Object.entries(EVENT_COLUMNS).map(([name, type]) => `${name}: '${type}'`).join(', ');
  const list = files.map(doubled).join(', ');
  const select = Object.keys(EVENT_COLUMNS).map((c) => (c === 'ts' ? 'try_cast(ts AS TIMESTAMPTZ) AS ts' : c)).join(', ');
  return `CREATE OR REPLACE TEMP TABLE events AS
SELECT ${select}
FROM read_json([${list}], format = 'newline_delimited', columns = {${columns}}, ignore_errors = true)`;
}

/**
 * Every event once: the first copy of each event_id (a retried batch can deliver one twice),
 * rows without an id or a parseable timestamp left out, and the derived columns the
 * queries share.
 */
export function cleanSelect(d: Dialect, table: string): string {
  return `SELECT event_id, type, name, ${d.ms} AS ms, user_id, account_id, anonymous_id,
    item_id, item_type, coalesce(item_version, 1) AS item_ver,
    experiment, variation, coalesce(bucket_version, 0) AS bucket, unit, unit_id,
    CASE WHEN counterfactual THEN 1 ELSE 0 END AS is_cf,
    CASE WHEN forced THEN 1 ELSE 0 END AS is_forced,
    step, origin, ${d.helpful} AS helpful
  FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY ts) AS copy_no
    FROM ${table}
    WHERE event_id IS NOT NULL AND ts IS NOT NULL
  ) deduped
  WHERE copy_no = 1`;
}

export type QueryName = 'hygiene' | 'arms' | 'exposures' | 'tours' | 'feedback';

export interface QuerySet {
  /** Run before the others (DuckDB: materializes `clean` once); empty for a warehouse. */
  setup: string[];
  queries: Record<QueryName, string>;
}

/**
 * The queries. With `materialized`, they read a `clean` table made by `setup` (what the CLI
 * runs in DuckDB); otherwise each query is standalone with `clean` as a CTE over `table`
 * (what --print-sql prints for a warehouse).
 */
export function buildQueries(d: Dialect, options: QueryOptions, table = 'events', materialized = false): QuerySet {
  const clean = cleanSelect(d, table);
  const withClean = (ctes: string, select: string) =>
    materialized ? (ctes ? `WITH ${ctes}\n${select}` : select) : `WITH clean AS (\n  ${clean}\n)${ctes ? `,\n${ctes}` : ''}\n${select}`;
  const goal = d.text(options.goal);
  const onlyExperiment = options.experiment === undefined ? '' : `\n    AND experiment = ${d.text(options.experiment)}`;
  const windowMs = Math.round(options.windowMs);

  const hygiene = `SELECT count(*) AS rows_read,
  sum(CASE WHEN event_id IS NOT NULL AND ts IS NOT NULL THEN 1 ELSE 0 END) AS usable,
  count(DISTINCT CASE WHEN ts IS NOT NULL THEN event_id END) AS distinct_usable
FROM ${table}`;

  // Exposure (triggered) and, when the SDK logs them, assignment (intent-to-treat) units.
  const arms = withClean(
    `units_in AS (
  SELECT CASE WHEN type = 'assignment' THEN 'assigned' ELSE 'exposed' END AS population,
    experiment, bucket, unit, unit_id, variation, ms, is_cf
  FROM clean
  WHERE type IN ('exposure', 'assignment') AND is_forced = 0
    AND experiment IS NOT NULL AND variation IS NOT NULL AND unit IS NOT NULL AND unit_id IS NOT NULL${onlyExperiment}
),
per_unit AS (
  SELECT population, experiment, bucket, unit, unit_id,
    CASE WHEN count(DISTINCT variation) > 1 THEN 1 ELSE 0 END AS mixed,
    min(variation) AS arm, min(ms) AS first_ms, max(is_cf) AS cf
  FROM units_in
  GROUP BY population, experiment, bucket, unit, unit_id
),
goal_events AS (
  SELECT event_id, ms, user_id, account_id, anonymous_id
  FROM clean
  WHERE type = 'goal' AND name = ${goal}
),
goals AS (
  SELECT 'account' AS unit, account_id AS unit_id, event_id, ms FROM goal_events WHERE account_id IS NOT NULL
  UNION ALL
  SELECT 'user' AS unit, user_id AS unit_id, event_id, ms FROM goal_events WHERE user_id IS NOT NULL
  UNION ALL
  SELECT 'user' AS unit, anonymous_id AS unit_id, event_id, ms FROM goal_events
  WHERE anonymous_id IS NOT NULL AND (user_id IS NULL OR user_id <> anonymous_id)
),
conversions AS (
  SELECT p.population, p.experiment, p.bucket, p.unit, p.unit_id, count(DISTINCT g.event_id) AS goal_events
  FROM per_unit p
  JOIN goals g ON g.unit = p.unit AND g.unit_id = p.unit_id
  WHERE p.mixed = 0 AND g.ms >= p.first_ms AND g.ms < p.first_ms + ${windowMs}
  GROUP BY p.population, p.experiment, p.bucket, p.unit, p.unit_id
)`,
    `SELECT p.population, p.experiment, p.bucket, p.unit, p.mixed, p.arm,
  count(*) AS units,
  sum(p.cf) AS cf_units,
  sum(CASE WHEN c.goal_events > 0 THEN 1 ELSE 0 END) AS converted,
  sum(coalesce(c.goal_events, 0)) AS goal_count
FROM per_unit p
LEFT JOIN conversions c
  ON c.population = p.population AND c.experiment = p.experiment AND c.bucket = p.bucket
  AND c.unit = p.unit AND c.unit_id = p.unit_id
GROUP BY p.population, p.experiment, p.bucket, p.unit, p.mixed, p.arm
ORDER BY p.population, p.experiment, p.bucket, p.unit, p.mixed, p.arm`,
  );

  const exposures = withClean(
    '',
    `SELECT CASE WHEN type = 'assignment' THEN 'assigned' ELSE 'exposed' END AS population,
  experiment, bucket, unit,
  count(*) AS events,
  sum(is_forced) AS forced_events,
  count(DISTINCT CASE WHEN is_forced = 1 THEN unit_id END) AS forced_units
FROM clean
WHERE type IN ('exposure', 'assignment') AND experiment IS NOT NULL AND unit IS NOT NULL${onlyExperiment}
GROUP BY population, experiment, bucket, unit
ORDER BY population, experiment, bucket, unit`,
  );

  // Tours: units are people (user id, else device), whatever the experiment unit is.
  const tours = withClean(
    `tour_events AS (
  SELECT item_id AS tour, item_ver, coalesce(user_id, anonymous_id) AS tour_unit, type,
    coalesce(step, -1) AS step_no, coalesce(origin, '') AS how
  FROM clean
  WHERE item_type = 'tour' AND type IN ('step_viewed', 'completed', 'dismissed')
)`,
    `SELECT tour, item_ver, 'started' AS kind, -1 AS out_step, '' AS out_origin, count(DISTINCT tour_unit) AS units, count(*) AS events
FROM tour_events WHERE type = 'step_viewed' GROUP BY tour, item_ver
UNION ALL
SELECT tour, item_ver, 'step' AS kind, step_no AS out_step, '' AS out_origin, count(DISTINCT tour_unit) AS units, count(*) AS events
FROM tour_events WHERE type = 'step_viewed' GROUP BY tour, item_ver, step_no
UNION ALL
SELECT tour, item_ver, 'completed' AS kind, -1 AS out_step, '' AS out_origin, count(DISTINCT tour_unit) AS units, count(*) AS events
FROM tour_events WHERE type = 'completed' GROUP BY tour, item_ver
UNION ALL
SELECT tour, item_ver, 'dismissed' AS kind, -1 AS out_step, how AS out_origin, count(DISTINCT tour_unit) AS units, count(*) AS events
FROM tour_events WHERE type = 'dismissed' GROUP BY tour, item_ver, how`,
  );

  // "Was this helpful?": each person's latest answer per item (a comment re-sends the answer).
  const feedback = withClean(
    `answers AS (
  SELECT item_id, coalesce(item_type, '') AS kind, helpful,
    ROW_NUMBER() OVER (PARTITION BY item_id, coalesce(user_id, anonymous_id) ORDER BY ms DESC, event_id DESC) AS answer_no
  FROM clean
  WHERE type = 'feedback' AND item_id IS NOT NULL AND helpful IN ('true', 'false')
)`,
    `SELECT item_id, max(kind) AS item_kind, count(*) AS answers,
  sum(CASE WHEN helpful = 'true' THEN 1 ELSE 0 END) AS yes
FROM answers
WHERE answer_no = 1
GROUP BY item_id
ORDER BY item_id`,
  );

  return {
    setup: materialized ? [`CREATE OR REPLACE TEMP TABLE clean AS\n${clean}`] : [],
    queries: { hygiene, arms, exposures, tours, feedback },
  };
}

/** Row shapes of the queries (numbers already converted from BIGINT/HUGEINT). */
export interface HygieneRow {
  rows_read: number;
  usable: number;
  distinct_usable: number;
}
export interface ArmRow {
  population: 'exposed' | 'assigned';
  experiment: string;
  bucket: number;
  unit: string;
  mixed: number;
  arm: string;
  units: number;
  cf_units: number;
  converted: number;
  goal_count: number;
}
export interface ExposureRow {
  population: 'exposed' | 'assigned';
  experiment: string;
  bucket: number;
  unit: string;
  events: number;
  forced_events: number;
  forced_units: number;
}
export interface TourRow {
  tour: string;
  item_ver: number;
  kind: 'started' | 'step' | 'completed' | 'dismissed';
  out_step: number;
  out_origin: string;
  units: number;
  events: number;
}
export interface FeedbackRow {
  item_id: string;
  item_kind: string;
  answers: number;
  yes: number;
}

export interface AggregateRows {
  hygiene: HygieneRow;
  arms: ArmRow[];
  exposures: ExposureRow[];
  tours: TourRow[];
  feedback: FeedbackRow[];
}
