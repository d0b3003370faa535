/**
 * src/analysis/report-arms.ts: which arms an experiment logged (those whose every unit also saw
 * another arm too), which is the control, and the messages for a --control or --experiment
 * that names nothing in the data. Through buildReport: an arm whose every unit was left out as
 * multi-variation is named as logged, with its units left out, and the control stays where the
 * rules put it.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, type ReportOptions } from '../../src/analysis/report';
import { experimentsIn, loggedArms, multiVariationByArm, unknownControl, unknownExperiment } from '../../src/analysis/report-arms';
import type { AggregateRows, ArmRow } from '../../src/analysis/sql';

const OPTIONS: ReportOptions = { goal: 'upgraded', windowMs: 28 * 86_400_000 };
const arm = (name: string, units: number, converted: number, extra: Partial<ArmRow> = {}): ArmRow => ({
  population: 'exposed', experiment: 'exp', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm: name, arm_last: name,
  units, cf_units: 0, converted, goal_count: converted, early_units: 0, skew_units: 0, ...extra,
});
/** Units logged in both `first` and `last` (sorted), left out of the comparison. */
const mixed = (first: string, last: string, units: number, extra: Partial<ArmRow> = {}) => arm(first, units, 0, { mixed: 1, arm_last: last, ...extra });
const rows = (arms: ArmRow[]): AggregateRows => ({
  hygiene: { rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: Date.parse('2026-03-01T00:00:00Z') },
  arms, consistency: [], exposures: [], tours: [], feedback: [],
});
const armsOf = (p: { arms: { variation: string; units: number }[] }) => p.arms.map((a) => [a.variation, a.units]);

describe('the arms logged', () => {
  it('are every unit\'s arm, and both ends of a multi-variation unit\'s arms', () => {
    const list = [arm('treat', 200, 17), mixed('control', 'treat', 200), mixed('a', 'z', 5, { population: 'assigned' })];
    expect(loggedArms(list)).toEqual(['a', 'control', 'treat', 'z']);
    expect([...multiVariationByArm(list)]).toEqual([['control', 200], ['treat', 200], ['a', 5], ['z', 5]]);
    // Rows made before arm_last was kept still give the first arm.
    expect(loggedArms([arm('b', 1, 0), { ...mixed('a', 'c', 1), arm_last: undefined }])).toEqual(['a', 'b']);
  });
});

describe('an arm whose every unit also saw another arm (all 200 control units also saw treat)', () => {
  const e = buildReport(rows([arm('treat', 200, 17), mixed('control', 'treat', 200), arm('treat', 200, 17, { population: 'assigned' }), mixed('control', 'treat', 200, { population: 'assigned' })]), OPTIONS).experiments[0];

  it('is the control the rules pick (sorted first), not a placeholder "never logged"', () => {
    // Before: the control switched to treat, and "(another arm, never logged)" was invented.
    expect([e.control, e.controlRule]).toEqual(['control', 'sorted']);
    expect(armsOf(e.exposed)).toEqual([['control', 0], ['treat', 200]]);
    expect(JSON.stringify(e)).not.toContain('never logged');
  });

  it('fails the split check saying its units were left out as multi-variation, not that its exposures are not logged', () => {
    expect(e.exposed.srm).toMatchObject({ status: 'fail', emptyArms: ['control'] });
    expect(e.exposed.srm!.verdict).toBe(
      'Split check failed: control (200 units logged) has no units left: every unit logged in it was also logged in another arm, and such units are left out (see the multi-variation check: sticky assignment broke). No lift can be trusted until it is fixed.',
    );
    expect(e.exposed.srm!.verdict).not.toContain('not being logged');
    expect(e.checks.find((c) => c.id === 'multi-variation-units')?.message).toMatch(/^200 users were exposed in more than one arm/);
  });

  it('stays the control whatever its key sorts after (holdout after help), and with --control', () => {
    const later = buildReport(rows([arm('help', 300, 30), mixed('help', 'holdout', 100)]), OPTIONS).experiments[0];
    expect(armsOf(later.exposed)).toEqual([['help', 300], ['holdout', 0]]);
    expect(later.exposed.srm!.verdict).toContain('holdout (100 units logged) has no units left');
    const flagged = buildReport(rows([arm('help', 300, 30), mixed('help', 'holdout', 100)]), { ...OPTIONS, control: 'holdout' }).experiments[0];
    expect([flagged.control, flagged.controlRule]).toEqual(['holdout', 'flag']);
    expect(flagged.notes.join(' ')).not.toContain('not an arm');
  });

  it('says both when one arm is silent and another lost its units to other arms', () => {
    const both = buildReport(rows([arm('b', 300, 30), mixed('a', 'b', 50)]), { ...OPTIONS, weights: [1, 1, 1] }).experiments[0];
    expect(both.exposed.srm!.verdict).toBe(
      'Split check failed: (arm 3, never logged) has no units, but --weights gives it 33.3% of the traffic. Its exposures (or assignments) are not being logged, or the arm never runs. a (50 units logged) has no units left: every unit logged in it was also logged in another arm, and such units are left out (see the multi-variation check: sticky assignment broke). No lift can be trusted until it is fixed.',
    );
  });

  it('fails the split check, not "nothing counted yet", when every unit logged was in several arms', () => {
    const all = buildReport(rows([mixed('a', 'b', 50)]), OPTIONS).experiments[0];
    expect(all.exposed.srm).toMatchObject({ status: 'fail' });
    expect(all.exposed.srm!.verdict).toMatch(/^Split check failed: every unit logged was also logged in another arm/);
  });
});

describe('a --control that is not an arm', () => {
  const data = { arms: [arm('control', 10, 1), arm('treat', 10, 1), arm('x', 5, 1, { experiment: 'other' }), arm('y', 5, 1, { experiment: 'other' })] };

  it('is named with the experiment\'s arms and the nearest one', () => {
    const error = unknownControl({ arms: data.arms.slice(0, 2) }, { control: 'contrl' });
    expect(error).toMatchObject({ name: 'UnknownNameError', flag: 'control', message: 'no arm named contrl in experiment exp; its arms are control, treat — did you mean control?' });
    expect(unknownControl({ arms: data.arms.slice(0, 2) }, { control: 'zzz' })?.message).toBe('no arm named zzz in experiment exp; its arms are control, treat');
  });

  it('is none of an experiment\'s arms, logged (in several arms too) or defined by the manifest', () => {
    expect(unknownControl({ arms: data.arms.slice(0, 2) }, { control: 'treat' })).toBeUndefined();
    expect(unknownControl({ arms: [arm('treat', 10, 1), mixed('control', 'treat', 5)] }, { control: 'control' })).toBeUndefined();
    expect(unknownControl({ arms: data.arms.slice(0, 2) }, { control: 'holdout', manifestOrder: { exp: ['holdout', 'control', 'treat'] } })).toBeUndefined();
    expect(unknownControl({ arms: data.arms.slice(0, 2) }, { control: 'holdout', manifestWeights: { exp: { holdout: 0.5, control: 0.5 } } })).toBeUndefined();
    expect(unknownControl({ arms: data.arms.slice(0, 2) }, {})).toBeUndefined();
  });

  it('must be an arm of every experiment analysed: the first that lacks it is named', () => {
    expect(unknownControl(data, { control: 'control' })?.message).toBe('no arm named control in experiment other; its arms are x, y');
  });

  it('names hostile names isolated, with their bidirectional controls as escapes', () => {
    const message = unknownControl({ arms: [arm('\u202ea', 1, 0), arm('b', 1, 0)] }, { control: 'zzzz' })!.message;
    expect(message).toBe('no arm named zzzz in experiment exp; its arms are b, \u2068\\u202ea\u2069');
  });
});

describe('an --experiment that is none of the experiments', () => {
  it('lists those there are, with the nearest one', () => {
    expect(experimentsIn({ arms: [arm('a', 1, 0, { experiment: 'exp2' })], exposures: [{ population: 'exposed', experiment: 'qa-only', bucket: 0, unit: 'user', events: 1, forced_events: 1, forced_units: 1 }], without_unit: [] })).toEqual(['exp2', 'qa-only']);
    expect(unknownExperiment('exp_2', ['exp2', 'qa-only']).message).toBe('no experiment named exp_2 in the events; the experiments in them are exp2, qa-only — did you mean exp2?');
    expect(unknownExperiment('exp_2', []).message).toBe('no experiment named exp_2 in the events: they have no exposures or assignments of any experiment');
    expect(unknownExperiment('e', Array.from({ length: 12 }, (_, i) => `x${i}`)).message).toContain('x9 and 2 more');
    // A name from the events may be huge: the list shows its start.
    expect(unknownExperiment('e', ['L'.repeat(100_000)]).message).toBe(`no experiment named e in the events; the experiments in them are ${'L'.repeat(77)}...`);
  });
});
