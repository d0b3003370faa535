/**
 * Cleaned events (src/analysis/aggregate.ts's `Clean`) made by hand, for the twin checks of
 * aggregate-checks.ts and sql-checks.ts: one set, whose right answers both tests state.
 */
import type { Clean } from '../../src/analysis/aggregate';

let seq = 0;

/** A cleaned event: a non-forced exposure in experiment "x", bucket 1, by default. */
export function clean(fields: Partial<Clean>): Clean {
  return {
    event_id: `e${seq++}`,
    type: 'exposure',
    name: null,
    ms: 1000,
    user_id: null,
    account_id: null,
    anonymous_id: 'device',
    item_id: null,
    item_type: null,
    item_ver: 1,
    experiment: 'x',
    variation: 'on',
    bucket: 1,
    unit: 'user',
    unit_id: 'u1',
    is_cf: 0,
    is_forced: 0,
    step: null,
    origin: null,
    helpful: null,
    ...fields,
  };
}

/**
 * Goals by name: "upgraded" 3 times, "signup" once, and a goal without a name (left out);
 * events of other types with a name ("shown" with name "upgraded") do not count.
 * Exposures without a unit or unit_id, worked out per (experiment, bucket, unit kind, arm):
 *   x/1/''/on: 2 without unit; x/1/user/on: 1 without unit_id; x/1/''/'' (no variation): 1 without unit;
 *   x/2/account/off: 1 without unit_id; y/1/''/on: 1 without unit (at ms 5000).
 * Left out: a forced one, one with no experiment, one with both unit and unit_id, assignments.
 */
export const CHECK_EVENTS: Clean[] = [
  clean({ type: 'goal', name: 'upgraded', experiment: null, variation: null }),
  clean({ type: 'goal', name: 'upgraded', experiment: null, variation: null }),
  clean({ type: 'goal', name: 'upgraded', experiment: null, variation: null }),
  clean({ type: 'goal', name: 'signup', experiment: null, variation: null }),
  clean({ type: 'goal', name: null, experiment: null, variation: null }),
  clean({ type: 'shown', name: 'upgraded', experiment: null, variation: null }),
  clean({ unit: null, unit_id: null }),
  clean({ unit: null, unit_id: 'u2' }),
  clean({ unit: 'user', unit_id: null }),
  clean({ unit: null, unit_id: null, variation: null }),
  clean({ bucket: 2, unit: 'account', unit_id: null, variation: 'off' }),
  clean({ experiment: 'y', unit: null, unit_id: null, ms: 5000 }),
  clean({ unit: null, unit_id: null, is_forced: 1 }),
  clean({ experiment: null, unit: null, unit_id: null }),
  clean({ unit: 'user', unit_id: 'u3' }),
  clean({ type: 'assignment', unit: null, unit_id: null }),
];

/** CHECK_EVENTS' exposures without a unit or unit_id, as the checks count them. */
export const WITHOUT_UNIT = [
  { experiment: 'x', bucket: 1, unit_kind: '', arm: 'on', no_unit: 2, no_unit_id: 0 },
  { experiment: 'x', bucket: 1, unit_kind: 'user', arm: 'on', no_unit: 0, no_unit_id: 1 },
  { experiment: 'x', bucket: 1, unit_kind: '', arm: '', no_unit: 1, no_unit_id: 0 },
  { experiment: 'x', bucket: 2, unit_kind: 'account', arm: 'off', no_unit: 0, no_unit_id: 1 },
  { experiment: 'y', bucket: 1, unit_kind: '', arm: 'on', no_unit: 1, no_unit_id: 0 },
];

/** Rows in a stable order, for comparing engines that order them differently. */
export const byKey = <T extends object>(rows: readonly T[]): T[] => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
