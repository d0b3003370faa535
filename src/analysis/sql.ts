/**
 * The per-unit aggregation of `guidepost analyze`, as SQL. One builder writes the same
 * queries for the embedded engines (DuckDB, chdb) over the NDJSON files and for a warehouse
 * table with the event columns (BigQuery, ClickHouse), so a team gets the same numbers in
 * every place.
 *
 * Portability rules the queries follow (each one was a real difference between the three):
 * - no QUALIFY and no non-equality JOIN conditions: dedupe with ROW_NUMBER() in a subquery,
 *   join on keys and filter the time window in WHERE (ClickHouse's JOIN ON wants equalities);
 * - no output alias equal to a column of the same SELECT (ClickHouse substitutes aliases
 *   everywhere and reports "cyclic aliases"), no NULL literals in UNION ALL branches;
 * - time is compared as integer epoch milliseconds, so the window is one addition everywhere.
 * Every value from the user passes through the dialect's `text` (literal) or `table` (name).
 */
import { cleanSelect } from './sql-clean';
import { DIALECTS, sqlInteger, type Dialect, type DialectName } from './sql-dialect';
import { GOAL_NAMES_SELECT, withoutUnitSelect } from './sql-checks';
import type { AggregateRows } from './sql-rows';

export { plainRows, TEXT_COLUMNS } from './sql-checks';
export { cleanSelect } from './sql-clean';
export { DIALECTS, SqlValueError, commentText, type Dialect, type DialectName } from './sql-dialect';
export { EVENT_COLUMNS, duckdbEventsTable, clickhouseEventsTable } from './sql-events';
export type * from './sql-rows';

export interface QueryOptions {
  /** Goal event name (`type = 'goal'`, `name = goal`). */
  goal: string;
  /** Conversion window after a unit's first exposure, in milliseconds. */
  windowMs: number;
  /** Only this experiment, when set. */
  experiment?: string;
  /**
   * The moment the analysis is as of (epoch ms): later events are ignored, and a unit whose
   * window ends after it is in progress. Default: the newest usable event in the data.
   */
  asOfMs?: number;
  /**
   * The time of the analysis (epoch ms). Default: the engine's clock. An event stamped more
   * than FUTURE_MS after it comes from a wrong clock: it is counted and left out, so that it
   * cannot become the end of the data and close every unit's window.
   */
  nowMs?: number;
}

/** Goals up to this long before a unit's first exposure are counted apart: most likely clock skew. */
export const SKEW_MS = 3_600_000;
/** How far past the analysis time an event may be stamped (a device clock a little ahead) and still count. */
export const FUTURE_MS = SKEW_MS;

/** The latest usable epoch ms, as SQL: the analysis time plus FUTURE_MS. */
const latestMs = (d: Dialect, options: Pick<QueryOptions, 'nowMs'>): string =>
  options.nowMs === undefined ? `${d.now} + ${FUTURE_MS}` : sqlInteger(options.nowMs + FUTURE_MS, 'the analysis time');

export type QueryName = 'hygiene' | 'arms' | 'consistency' | 'exposures' | 'tours' | 'feedback' | 'goalNames' | 'withoutUnit';

export interface QuerySet {
  /** Run before the others (embedded engines: materializes `clean` and `per_unit` once); empty for a warehouse. */
  setup: string[];
  queries: Record<QueryName, string>;
  /** Per-unit arms, for the assignment audit (run only when a manifest is given). */
  units: string;
}

export interface BuildOptions {
  /** The events table (a name the dialect validates and quotes; `events` for local files). */
  table?: string;
  /** Read `clean` and `per_unit` tables made by `setup` instead of repeating them as CTEs. */
  materialized?: boolean;
  /** The table was made from local files and has the `ts_zoneless` column. */
  localFiles?: boolean;
}

/**
 * The queries. With `materialized`, they read tables made by `setup` (what the embedded
 * engines run); otherwise each query stands alone with its CTEs (what --print-sql prints for a
 * warehouse, and what runs on a ClickHouse server).
 */
export function buildQueries(d: Dialect, options: QueryOptions, build: BuildOptions = {}): QuerySet {
  const table = build.table === undefined || build.table === 'events' ? 'events' : d.table(build.table);
  const materialized = build.materialized === true;
  const goal = d.text(options.goal);
  const windowMs = sqlInteger(options.windowMs, 'the window');
  const asOf = options.asOfMs === undefined ? '(SELECT max(ms) FROM clean)' : sqlInteger(options.asOfMs, '--as-of');
  const untilAsOf = options.asOfMs === undefined ? '' : ` AND ms <= ${asOf}`;
  const onlyExperiment = options.experiment === undefined ? '' : `\n    AND experiment = ${d.text(options.experiment)}`;
  const latest = latestMs(d, options);

  const ctes: Record<string, string> = {
    clean: cleanSelect(d, table, latest),
    // Units with a forced (QA) exposure are not part of the experiment at all: none of their events count.
    forced_unit_ids: `SELECT DISTINCT experiment AS f_experiment, bucket AS f_bucket, unit AS f_unit, unit_id AS f_unit_id, 1 AS was_forced
  FROM clean
  WHERE type = 'exposure' AND is_forced = 1 AND experiment IS NOT NULL AND unit IS NOT NULL AND unit_id IS NOT NULL${untilAsOf}`,
    units_in: `SELECT population, experiment, bucket, unit, unit_id, variation, ms, is_cf
  FROM (
    SELECT CASE WHEN type = 'assignment' THEN 'assigned' ELSE 'exposed' END AS population,
      experiment, bucket, unit, unit_id, variation, ms, is_cf
    FROM clean
    WHERE type IN ('exposure', 'assignment') AND is_forced = 0
      AND experiment IS NOT NULL AND variation IS NOT NULL AND unit IS NOT NULL AND unit_id IS NOT NULL${onlyExperiment}${untilAsOf}
  ) candidates
  LEFT JOIN forced_unit_ids f ON f.f_experiment = experiment AND f.f_bucket = bucket AND f.f_unit = unit AND f.f_unit_id = unit_id
  WHERE coalesce(f.was_forced, 0) = 0`,
    per_unit: `SELECT population, experiment, bucket, unit, unit_id,
    CASE WHEN count(DISTINCT variation) > 1 THEN 1 ELSE 0 END AS mixed,
    min(variation) AS arm, max(variation) AS arm_last, min(ms) AS first_ms, max(is_cf) AS cf,
    CASE WHEN min(ms) + ${windowMs} > ${asOf} THEN 1 ELSE 0 END AS in_progress
  FROM units_in
  GROUP BY population, experiment, bucket, unit, unit_id`,
    goal_events: `SELECT event_id, ms, user_id, account_id, anonymous_id
  FROM clean
  WHERE type = 'goal' AND name = ${goal}${untilAsOf}`,
    goals: `SELECT 'account' AS unit, account_id AS unit_id, event_id, ms FROM goal_events WHERE account_id IS NOT NULL
  UNION ALL
  SELECT 'user' AS unit, user_id AS unit_id, event_id, ms FROM goal_events WHERE user_id IS NOT NULL
  UNION ALL
  SELECT 'user' AS unit, anonymous_id AS unit_id, event_id, ms FROM goal_events
  WHERE anonymous_id IS NOT NULL AND (user_id IS NULL OR user_id <> anonymous_id)`,
    // Goals in the window convert; goals before the first exposure are counted, not dropped silently.
    conversions: `SELECT p.population AS c_population, p.experiment AS c_experiment, p.bucket AS c_bucket, p.unit AS c_unit, p.unit_id AS c_unit_id,
    count(DISTINCT CASE WHEN g.ms >= p.first_ms THEN g.event_id END) AS goal_events,
    count(DISTINCT CASE WHEN g.ms < p.first_ms THEN g.event_id END) AS early_goals,
    count(DISTINCT CASE WHEN g.ms < p.first_ms AND g.ms >= p.first_ms - ${SKEW_MS} THEN g.event_id END) AS skew_goals
  FROM per_unit p
  JOIN goals g ON g.unit = p.unit AND g.unit_id = p.unit_id
  WHERE p.mixed = 0 AND g.ms < p.first_ms + ${windowMs}
  GROUP BY p.population, p.experiment, p.bucket, p.unit, p.unit_id`,
    tour_events: `SELECT item_id AS tour, item_ver, coalesce(user_id, anonymous_id) AS tour_unit, type,
    coalesce(step, -1) AS step_no, coalesce(origin, '') AS how, ms, event_id
  FROM clean
  WHERE item_type = 'tour' AND type IN ('step_viewed', 'completed', 'dismissed')`,
    // Where each person was when they left: their latest step_viewed, or dismissed event with a
    // step (a dismissal wins a tie), and whether they ever completed. After Back, the step they
    // left on is not the furthest one they reached. Ties on time go to the larger event_id.
    tour_positions: `SELECT tour, item_ver, step_no,
    CASE WHEN type IN ('step_viewed', 'dismissed') AND step_no >= 0 THEN 1 ELSE 0 END AS is_position,
    max(CASE WHEN type = 'completed' THEN 1 ELSE 0 END) OVER (PARTITION BY tour, item_ver, tour_unit) AS has_completed,
    ROW_NUMBER() OVER (
      PARTITION BY tour, item_ver, tour_unit
      ORDER BY CASE WHEN type IN ('step_viewed', 'dismissed') AND step_no >= 0 THEN 0 ELSE 1 END, ms DESC,
        CASE WHEN type = 'dismissed' THEN 0 ELSE 1 END, event_id DESC
    ) AS position_no
  FROM tour_events
  WHERE tour_unit IS NOT NULL`,
    // "Was this helpful?": each person's latest answer per item (a comment re-sends the answer).
    answers: `SELECT item_id, coalesce(item_type, '') AS kind, helpful,
    ROW_NUMBER() OVER (PARTITION BY item_id, coalesce(user_id, anonymous_id) ORDER BY ms DESC, event_id DESC) AS answer_no
  FROM clean
  WHERE type = 'feedback' AND item_id IS NOT NULL AND helpful IN ('true', 'false')`,
  };
  const DEPENDS: Record<string, string[]> = {
    clean: [], forced_unit_ids: ['clean'], units_in: ['clean', 'forced_unit_ids'], per_unit: ['units_in'], goal_events: ['clean'], goals: ['goal_events'],
    conversions: ['per_unit', 'goals'], tour_events: ['clean'], tour_positions: ['tour_events'], answers: ['clean'],
  };
  const stored = materialized ? new Set(['clean', 'per_unit']) : new Set<string>();
  /** The CTEs `needs` reach, in dependency order, minus the materialized tables. */
  const withCtes = (needs: string[], select: string) => {
    const order: string[] = [];
    const visit = (name: string) => {
      if (stored.has(name) || order.includes(name)) return;
      DEPENDS[name].forEach(visit);
      order.push(name);
    };
    needs.forEach(visit);
    return order.length ? `WITH ${order.map((n) => `${n} AS (\n  ${ctes[n]}\n)`).join(',\n')}\n${select}` : select;
  };

  // Usable: an id and a time no later than `latest`; later ones are counted as `future`.
  const usable = `event_id IS NOT NULL AND ts IS NOT NULL AND ${d.ms} <= ${latest}`;
  const hygiene = `SELECT count(*) AS rows_read,
  coalesce(sum(CASE WHEN ${usable} THEN 1 ELSE 0 END), 0) AS usable,
  count(DISTINCT CASE WHEN ${usable} THEN event_id END) AS distinct_usable,
  ${build.localFiles ? 'coalesce(sum(CASE WHEN ts IS NULL AND ts_zoneless = 1 THEN 1 ELSE 0 END), 0)' : '0'} AS zoneless,
  coalesce(sum(CASE WHEN event_id IS NOT NULL AND ${d.ms} > ${latest} THEN 1 ELSE 0 END), 0) AS future,
  max(CASE WHEN ${usable} THEN ${d.ms} END) AS end_ms
FROM ${table}`;

  // Exposure (triggered) and, when the SDK logs them, assignment (intent-to-treat) units; a mixed unit
  // by its first and last arm, so an arm whose every unit also saw another is still known as logged.
  const arms = withCtes(
    ['per_unit', 'conversions'],
    `SELECT p.population, p.experiment, p.bucket, p.unit, p.mixed, p.in_progress, p.arm, p.arm_last,
  count(*) AS units,
  sum(p.cf) AS cf_units,
  sum(CASE WHEN c.goal_events > 0 THEN 1 ELSE 0 END) AS converted,
  sum(coalesce(c.goal_events, 0)) AS goal_count,
  sum(CASE WHEN c.early_goals > 0 THEN 1 ELSE 0 END) AS early_units,
  sum(CASE WHEN c.skew_goals > 0 THEN 1 ELSE 0 END) AS skew_units
FROM per_unit p
LEFT JOIN conversions c
  ON c.c_population = p.population AND c.c_experiment = p.experiment AND c.c_bucket = p.bucket
  AND c.c_unit = p.unit AND c.c_unit_id = p.unit_id
GROUP BY p.population, p.experiment, p.bucket, p.unit, p.mixed, p.in_progress, p.arm, p.arm_last
ORDER BY p.population, p.experiment, p.bucket, p.unit, p.mixed, p.in_progress, p.arm, p.arm_last`,
  );

  // Per unit, its exposure arm against its assignment arm. Units exposed, or assigned, in several
  // arms are counted once, as multi-variation units (in `arms`), not again here.
  const consistency = withCtes(
    ['per_unit'],
    `SELECT experiment, bucket, unit,
  sum(has_exposure) AS exposed_units,
  sum(has_assignment) AS assigned_units,
  sum(CASE WHEN has_exposure = 1 AND has_assignment = 0 THEN 1 ELSE 0 END) AS unassigned_exposed,
  sum(CASE WHEN has_exposure = 1 AND has_assignment = 1 AND exposure_mixed = 0 AND assignment_mixed = 0 AND exposure_arms <> assignment_arms THEN 1 ELSE 0 END) AS disagreeing
FROM (
  SELECT experiment, bucket, unit, unit_id,
    max(CASE WHEN population = 'exposed' THEN 1 ELSE 0 END) AS has_exposure,
    max(CASE WHEN population = 'assigned' THEN 1 ELSE 0 END) AS has_assignment,
    max(CASE WHEN population = 'exposed' THEN mixed ELSE 0 END) AS exposure_mixed,
    max(CASE WHEN population = 'assigned' THEN mixed ELSE 0 END) AS assignment_mixed,
    max(CASE WHEN population = 'exposed' THEN concat(arm, ' | ', arm_last) ELSE '' END) AS exposure_arms,
    max(CASE WHEN population = 'assigned' THEN concat(arm, ' | ', arm_last) ELSE '' END) AS assignment_arms
  FROM per_unit
  GROUP BY experiment, bucket, unit, unit_id
) per_id
GROUP BY experiment, bucket, unit
ORDER BY experiment, bucket, unit`,
  );

  const exposures = withCtes(
    ['clean'],
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

  // Tours: units are people (user id, else device), whatever the experiment unit is. `left`:
  // people who did not complete, by the step they were on when they left (see tour_positions).
  const tours = withCtes(
    ['tour_events', 'tour_positions'],
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
FROM tour_events WHERE type = 'dismissed' GROUP BY tour, item_ver, how
UNION ALL
SELECT tour, item_ver, 'left' AS kind, step_no AS out_step, '' AS out_origin, count(*) AS units, count(*) AS events
FROM tour_positions WHERE position_no = 1 AND is_position = 1 AND has_completed = 0 GROUP BY tour, item_ver, step_no`,
  );

  const feedback = withCtes(
    ['answers'],
    `SELECT item_id, max(kind) AS item_kind, count(*) AS answers,
  sum(CASE WHEN helpful = 'true' THEN 1 ELSE 0 END) AS yes
FROM answers
WHERE answer_no = 1
GROUP BY item_id
ORDER BY item_id`,
  );

  const goalNames = withCtes(['clean'], GOAL_NAMES_SELECT);
  const withoutUnit = withCtes(['clean'], withoutUnitSelect(onlyExperiment, untilAsOf));

  const units = withCtes(['per_unit'], `SELECT population, experiment, bucket, unit, unit_id, arm\nFROM per_unit\nWHERE mixed = 0`);

  const create = (name: string, select: string) =>
    d.name === 'clickhouse' ? `CREATE TABLE ${name} ENGINE = Memory AS\n${select}` : `CREATE OR REPLACE TEMP TABLE ${name} AS\n${select}`;
  const setup = materialized
    ? [create('clean', ctes.clean), create('per_unit', `WITH forced_unit_ids AS (\n  ${ctes.forced_unit_ids}\n),\nunits_in AS (\n  ${ctes.units_in}\n)\n${ctes.per_unit}`)]
    : [];
  return { setup, queries: { hygiene, arms, consistency, exposures, tours, feedback, goalNames, withoutUnit }, units };
}

/** The dialect by name, or undefined. */
export const dialectNamed = (name: string): Dialect | undefined => (Object.hasOwn(DIALECTS, name) ? DIALECTS[name as DialectName] : undefined);

export type { AggregateRows };
