/**
 * The twin of ./sql-checks.ts for ./aggregate.ts: the goal names the data has, and the
 * non-forced exposures that name no unit or no unit_id, per arm, over the cleaned events.
 */
import type { Clean } from './aggregate';
import type { GoalNameRow, QueryOptions, WithoutUnitRow } from './sql';

/** GOAL_NAMES_SELECT: goal events per name. */
export function goalNameRows(clean: readonly Clean[]): GoalNameRow[] {
  const counts = new Map<string, number>();
  for (const e of clean) if (e.type === 'goal' && e.name !== null) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  return [...counts].map(([goal_name, events]) => ({ goal_name, events }));
}

/** withoutUnitSelect: per experiment, bucket, unit kind ('' without) and arm ('' without). */
export function withoutUnitRows(clean: readonly Clean[], options: Pick<QueryOptions, 'experiment'>, beforeAsOf: (e: Clean) => boolean): WithoutUnitRow[] {
  const rows = new Map<string, WithoutUnitRow>();
  for (const e of clean) {
    if (e.type !== 'exposure' || e.is_forced !== 0 || e.experiment === null || (e.unit !== null && e.unit_id !== null) || !beforeAsOf(e)) continue;
    if (options.experiment !== undefined && e.experiment !== options.experiment) continue;
    const key = JSON.stringify([e.experiment, e.bucket, e.unit ?? '', e.variation ?? '']);
    const row = rows.get(key) ?? { experiment: e.experiment, bucket: e.bucket, unit_kind: e.unit ?? '', arm: e.variation ?? '', no_unit: 0, no_unit_id: 0 };
    if (e.unit === null) row.no_unit++;
    else row.no_unit_id++;
    rows.set(key, row);
  }
  return [...rows.values()];
}
