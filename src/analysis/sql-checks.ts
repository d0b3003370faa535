/**
 * The queries behind two checks of `guidepost analyze` (the goal names the data has; exposures
 * that name no unit), and the conversion of engine rows to plain numbers. Part of ./sql.ts,
 * which pastes these selects into its CTEs; split out to keep each module short.
 */

/** The goal names the data has (for the check that --goal names one of them), over `clean`. */
export const GOAL_NAMES_SELECT = `SELECT name AS goal_name, count(*) AS events
FROM clean
WHERE type = 'goal' AND name IS NOT NULL
GROUP BY name
ORDER BY goal_name`;

/**
 * Non-forced exposures that name no unit or no unit_id, over `clean`: they belong to no unit
 * and are left out of every population, so they are counted, per arm ('' for a missing value).
 */
export const withoutUnitSelect = (onlyExperiment: string, untilAsOf: string): string => `SELECT experiment, bucket, coalesce(unit, '') AS unit_kind, coalesce(variation, '') AS arm,
  sum(CASE WHEN unit IS NULL THEN 1 ELSE 0 END) AS no_unit,
  sum(CASE WHEN unit IS NOT NULL AND unit_id IS NULL THEN 1 ELSE 0 END) AS no_unit_id
FROM clean
WHERE type = 'exposure' AND is_forced = 0 AND experiment IS NOT NULL AND (unit IS NULL OR unit_id IS NULL)${onlyExperiment}${untilAsOf}
GROUP BY experiment, bucket, coalesce(unit, ''), coalesce(variation, '')
ORDER BY experiment, bucket, unit_kind, arm`;

/** Row values as plain numbers where the engine hands back bigint (DuckDB) or quoted 64-bit integers (ClickHouse JSON). */
export function plainRows<T>(rows: Record<string, unknown>[], text: readonly string[]): T[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      out[key] = typeof value === 'bigint' ? Number(value) : typeof value === 'string' && !text.includes(key) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : typeof value === 'boolean' ? Number(value) : value;
    }
    return out as T;
  });
}

/** Columns that are text (everything else a query returns is a number). */
export const TEXT_COLUMNS = ['population', 'experiment', 'unit', 'arm', 'arm_last', 'unit_id', 'tour', 'kind', 'out_origin', 'item_id', 'item_kind', 'goal_name', 'unit_kind'] as const;

