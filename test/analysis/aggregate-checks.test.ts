/**
 * src/analysis/aggregate-checks.ts, the TypeScript side of two checks of `guidepost analyze`:
 * goalNameRows counts goal events per name (only goals, only named ones); withoutUnitRows counts
 * the non-forced exposures in an experiment that name no unit or no unit_id, per experiment,
 * bucket, unit kind and arm ('' for a missing one), limited to one experiment and to the events
 * before --as-of when asked. (Its SQL twin against it: sql-checks.test.ts; both inside a whole
 * analysis: sql.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { goalNameRows, withoutUnitRows } from '../../src/analysis/aggregate-checks';
import { byKey, CHECK_EVENTS, clean, WITHOUT_UNIT } from '../support/clean-events';

const always = () => true;

describe('goalNameRows', () => {
  it('counts goal events per name; unnamed goals and other event types with a name are left out', () => {
    expect(byKey(goalNameRows(CHECK_EVENTS))).toEqual(byKey([
      { goal_name: 'upgraded', events: 3 },
      { goal_name: 'signup', events: 1 },
    ]));
  });

  it('has no rows without goals', () => {
    expect(goalNameRows([])).toEqual([]);
    expect(goalNameRows([clean({}), clean({ type: 'shown', name: 'upgraded' })])).toEqual([]);
  });

  it('counts every copy it is given (duplicates are removed before, by the cleaning)', () => {
    const goal = clean({ type: 'goal', name: 'g' });
    expect(goalNameRows([goal, goal, { ...goal, event_id: 'other' }])).toEqual([{ goal_name: 'g', events: 3 }]);
  });

  it('keeps names as written: case and number-like names are distinct text', () => {
    const rows = goalNameRows([clean({ type: 'goal', name: 'Upgraded' }), clean({ type: 'goal', name: 'upgraded' }), clean({ type: 'goal', name: '2026' })]);
    expect(byKey(rows)).toEqual(byKey([{ goal_name: 'Upgraded', events: 1 }, { goal_name: 'upgraded', events: 1 }, { goal_name: '2026', events: 1 }]));
  });
});

describe('withoutUnitRows', () => {
  it('counts non-forced exposures without a unit or unit_id, per experiment, bucket, unit kind and arm', () => {
    expect(byKey(withoutUnitRows(CHECK_EVENTS, {}, always))).toEqual(byKey(WITHOUT_UNIT));
  });

  it('a missing unit counts as no_unit even when a unit_id is there', () => {
    expect(withoutUnitRows([clean({ unit: null, unit_id: 'u9' })], {}, always)).toEqual([{ experiment: 'x', bucket: 1, unit_kind: '', arm: 'on', no_unit: 1, no_unit_id: 0 }]);
  });

  it('leaves out forced exposures, exposures outside experiments, complete ones and other types', () => {
    const left = [
      clean({ unit: null, is_forced: 1 }),
      clean({ unit: null, experiment: null }),
      clean({ unit: 'user', unit_id: 'u1' }),
      clean({ type: 'assignment', unit: null }),
      clean({ type: 'goal', name: 'g', unit: null }),
    ];
    expect(withoutUnitRows(left, {}, always)).toEqual([]);
  });

  it('only the experiment asked for, when one is', () => {
    expect(withoutUnitRows(CHECK_EVENTS, { experiment: 'y' }, always)).toEqual([WITHOUT_UNIT[4]]);
    expect(withoutUnitRows(CHECK_EVENTS, { experiment: 'none' }, always)).toEqual([]);
  });

  it('only events before --as-of, as the caller tells them', () => {
    const rows = withoutUnitRows(CHECK_EVENTS, {}, (e) => e.ms <= 1000);
    expect(byKey(rows)).toEqual(byKey(WITHOUT_UNIT.filter((row) => row.experiment !== 'y')));
  });

  it('an arm or unit kind named "" and one missing are the same row (the SQL coalesces them too)', () => {
    const rows = withoutUnitRows([clean({ unit: null, variation: null }), clean({ unit: null, variation: '' })], {}, always);
    expect(rows).toEqual([{ experiment: 'x', bucket: 1, unit_kind: '', arm: '', no_unit: 2, no_unit_id: 0 }]);
  });

  it('buckets are kept apart', () => {
    const rows = withoutUnitRows([clean({ unit: null, bucket: 1 }), clean({ unit: null, bucket: 2 })], {}, always);
    expect(rows.map((row) => [row.bucket, row.no_unit])).toEqual([[1, 1], [2, 1]]);
  });
});
