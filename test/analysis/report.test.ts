/**
 * From aggregation rows to the report (src/analysis/report.ts), on hand-made rows whose right
 * answers are written next to them: which arm is the control and why, every configured arm
 * (silent ones too) with its weight, both populations, units still in their window, the
 * hygiene line, tour funnels and "Was this helpful?" shares, and names from the logs that are
 * hostile to a JavaScript object ("__proto__", "constructor", a NUL) or huge.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, MAX_FUNNEL_STEPS, type ExperimentResult, type ReportOptions } from '../../src/analysis/report';
import type { AggregateRows, ArmRow, ConsistencyRow, ExposureRow, FeedbackRow, TourRow } from '../../src/analysis/sql';
import { fleissN, twoProportions, wilson } from '../support/reference-stats';

const DAY = 86_400_000;
const OPTIONS: ReportOptions = { goal: 'upgraded', windowMs: 28 * DAY };
const END = Date.parse('2026-03-01T00:00:00.000Z');

const arm = (name: string, units: number, converted: number, extra: Partial<ArmRow> = {}): ArmRow => ({
  population: 'exposed', experiment: 'exp', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm: name,
  units, cf_units: 0, converted, goal_count: converted, early_units: 0, skew_units: 0, ...extra,
});
const exposureRow = (extra: Partial<ExposureRow> = {}): ExposureRow => ({ population: 'exposed', experiment: 'exp', bucket: 0, unit: 'user', events: 0, forced_events: 0, forced_units: 0, ...extra });
const consistencyRow = (extra: Partial<ConsistencyRow> = {}): ConsistencyRow => ({ experiment: 'exp', bucket: 0, unit: 'user', exposed_units: 0, assigned_units: 0, unassigned_exposed: 0, disagreeing: 0, ...extra });
const tourRow = (kind: TourRow['kind'], units: number, extra: Partial<TourRow> = {}): TourRow => ({ tour: 'welcome', item_ver: 1, kind, out_step: -1, out_origin: '', units, events: units, ...extra });

function rows(extra: Partial<AggregateRows> = {}): AggregateRows {
  return {
    hygiene: { rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: END },
    arms: [], consistency: [], exposures: [], tours: [], feedback: [],
    ...extra,
  };
}

const only = (report: { experiments: ExperimentResult[] }): ExperimentResult => {
  expect(report.experiments).toHaveLength(1);
  return report.experiments[0];
};
const armsOf = (p: ExperimentResult['exposed']) => p.arms.map((a) => [a.variation, a.units, a.converted]);
const check = (e: ExperimentResult, id: string) => e.checks.find((c) => c.id === id);

describe('the report header', () => {
  it('carries the goal, the window in days, alpha, power, mde, the inputs and the time it is as of', () => {
    const report = buildReport(rows(), { ...OPTIONS, windowMs: 12 * 3_600_000, mde: 0.05, inputs: ['a.ndjson', 'b.ndjson'] });
    expect(report).toMatchObject({ goal: 'upgraded', windowDays: 0.5, alpha: 0.05, power: 0.8, mde: 0.05, inputs: ['a.ndjson', 'b.ndjson'], asOf: '2026-03-01T00:00:00.000Z', includeInProgress: false });
  });

  it('defaults: mde 0.02, no inputs, asOf null without events', () => {
    const report = buildReport(rows({ hygiene: { rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: null } }), OPTIONS);
    expect(report).toMatchObject({ mde: 0.02, inputs: [], asOf: null, experiments: [], tours: [], feedback: [] });
  });

  it('--as-of overrides the newest event', () => {
    expect(buildReport(rows(), { ...OPTIONS, asOfMs: Date.parse('2026-02-01T12:00:00Z') }).asOf).toBe('2026-02-01T12:00:00.000Z');
  });

  it('hygiene: unusable rows are read minus usable, duplicates are usable minus distinct', () => {
    const report = buildReport(rows({ hygiene: { rows_read: 120, usable: 110, distinct_usable: 100, zoneless: 4, future: 0, end_ms: END } }), OPTIONS);
    expect(report.hygiene).toEqual({ rowsRead: 120, unusableRows: 10, zonelessRows: 4, duplicateRowsDropped: 10, events: 100 });
  });

  it('does not change the rows it reads', () => {
    const input = rows({ arms: [arm('a', 10, 1), arm('b', 10, 2, { in_progress: 1 })], tours: [tourRow('step', 3, { out_step: 0 })] });
    const copy = structuredClone(input);
    buildReport(input, { ...OPTIONS, includeInProgress: true });
    expect(input).toEqual(copy);
  });
});

describe('a two-arm experiment with known counts', () => {
  // holdout: 100 of 400 convert (25%); help: 140 of 400 (35%).
  const report = buildReport(rows({ arms: [arm('holdout', 400, 100, { cf_units: 400, goal_count: 130 }), arm('help', 400, 140, { goal_count: 150 })] }), OPTIONS);
  const e = only(report);

  it('takes the holdout (counterfactual exposures) as the control, and lists it first', () => {
    expect(e).toMatchObject({ experiment: 'exp', bucketVersion: 0, unit: 'user', control: 'holdout', controlRule: 'counterfactual' });
    expect(e.exposed.arms.map((a) => [a.variation, a.control, a.counterfactual, a.units, a.converted, a.goalEvents])).toEqual([
      ['holdout', true, true, 400, 100, 130],
      ['help', false, false, 400, 140, 150],
    ]);
  });

  it('gives rates, Wilson intervals and the comparison the textbook gives', () => {
    const [holdout, help] = e.exposed.arms;
    expect([holdout.rate, help.rate]).toEqual([0.25, 0.35]);
    expect(holdout.rateCi[0]).toBeCloseTo(wilson(100, 400)[0], 10);
    expect(help.rateCi[1]).toBeCloseTo(wilson(140, 400)[1], 10);
    const ref = twoProportions(400, 100, 400, 140);
    const c = e.exposed.comparisons[0];
    expect(c.absoluteLift).toBeCloseTo(0.1, 12);
    expect(c.absoluteCi[0]).toBeCloseTo(ref.ci[0], 10);
    expect(c.absoluteCi[1]).toBeCloseTo(ref.ci[1], 10);
    expect(c.pValue).toBeCloseTo(ref.p, 8);
    expect(c.significant).toBe(true);
    expect(c.neededPerArm).toBe(Math.ceil(fleissN(0.25, 0.02)));
    expect(fleissN(0.25, c.detectableLift)).toBeCloseTo(400, 3);
  });

  it('recommends the exposed population, in words a product manager can quote', () => {
    expect(e.recommendation.population).toBe('exposed');
    expect(e.recommendation.comparison).toBe(e.exposed.comparisons[0]);
    expect(e.recommendation.headline).toMatch(/^Report this: help raised conversion by \+10\.0 points \(95% CI \+\d\.\d to \+\d+\.\d points, p = 0\.00\d; relative \+40\.0%/);
    expect(e.recommendation.why).toContain('Population: users exposed at the trigger point');
  });

  it('lists the checks, the audit skipped without a manifest, and no notes', () => {
    expect(e.checks.map((c) => [c.id, c.status])).toEqual([
      ['split-exposed', 'pass'],
      ['assignment-audit', 'skipped'],
      ['assignment-exposure-agreement', 'skipped'],
      ['goals-before-exposure', 'pass'],
      ['in-progress-units', 'pass'],
    ]);
    expect(check(e, 'assignment-audit')?.message).toContain('--manifest');
    expect(e.audit).toBeUndefined();
    expect(e.notes).toEqual([]);
    expect(e.intentToTreat).toMatchObject({ available: false, arms: [], comparisons: [], inProgressUnits: 0 });
    expect(e.intentToTreat.reason).toContain('no assignment events');
  });
});

describe('which arm is the control', () => {
  it('--control wins over everything, even over a counterfactual arm', () => {
    const e = only(buildReport(rows({ arms: [arm('holdout', 10, 1, { cf_units: 10 }), arm('help', 10, 2)] }), { ...OPTIONS, control: 'help', manifestOrder: { exp: ['holdout', 'help'] } }));
    expect([e.control, e.controlRule]).toEqual(['help', 'flag']);
    expect(e.exposed.arms.map((a) => [a.variation, a.control])).toEqual([['help', true], ['holdout', false]]);
    expect(e.notes).toEqual([]);
  });

  it('--control naming no arm of the experiment (a typo): the arm is listed empty, and a note says it is not an arm', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 10, 1), arm('b', 10, 2)] }), { ...OPTIONS, control: 'typo' }));
    expect(e.control).toBe('typo');
    expect(armsOf(e.exposed)).toEqual([['typo', 0, 0], ['a', 10, 1], ['b', 10, 2]]);
    expect(e.notes).toContain('--control "typo" is not an arm of this experiment (arms seen: a, b): check its spelling.');
    expect(e.recommendation.population).toBeNull();
  });

  it('--control naming an arm that was assigned but nobody was exposed in: a note says it has no exposed units', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 10, 1), arm('b', 10, 2), arm('c', 10, 1, { population: 'assigned' })] }), { ...OPTIONS, control: 'c' }));
    expect(e.notes).toContain('The control "c" has no exposed units.');
    expect(e.notes.join(' ')).not.toContain('not an arm');
    // Nothing is compared with an empty control: no word of correcting comparisons.
    expect(e.notes.join(' ')).not.toContain("Holm's method");
  });

  it('sorted over every arm seen, assigned or exposed: an arm whose exposures are missing is still the control when its key sorts first', () => {
    const e = only(buildReport(rows({ arms: [
      arm('treatment', 1000, 150),
      arm('control', 1000, 100, { population: 'assigned' }),
      arm('treatment', 1000, 150, { population: 'assigned' }),
    ] }), OPTIONS));
    expect([e.control, e.controlRule]).toEqual(['control', 'sorted']);
    expect(e.recommendation.population).toBe('intentToTreat');
    expect(e.recommendation.comparison?.variation).toBe('treatment');
    expect(e.recommendation.comparison?.absoluteLift).toBeCloseTo(0.05, 10);
  });

  it('of two counterfactual arms, the one with more counterfactual units; mixed rows do not count', () => {
    const e = only(buildReport(rows({ arms: [arm('x', 10, 1, { cf_units: 3 }), arm('y', 10, 1, { cf_units: 8 }), arm('z', 50, 0, { cf_units: 50, mixed: 1 })] }), OPTIONS));
    expect([e.control, e.controlRule]).toEqual(['y', 'counterfactual']);
    // z was logged (by units also in another arm): it is listed, with none of its units counted.
    expect(armsOf(e.exposed)).toEqual([['y', 10, 1], ['x', 10, 1], ['z', 0, 0]]);
  });

  it('the manifest\'s first variation, then the manifest\'s order, then any other arm sorted', () => {
    const e = only(buildReport(rows({ arms: [arm('zeta', 10, 1), arm('alpha', 10, 1), arm('beta', 10, 1), arm('mid', 10, 1)] }), { ...OPTIONS, manifestOrder: { exp: ['mid', 'zeta'] } }));
    expect([e.control, e.controlRule]).toEqual(['mid', 'manifest']);
    expect(e.exposed.arms.map((a) => a.variation)).toEqual(['mid', 'zeta', 'alpha', 'beta']);
    // (Was "with no correction for multiple comparisons": the comparisons are now Holm-corrected.)
    expect(e.notes).toContain('More than two arms: the 3 comparisons with the control are corrected for multiple comparisons by Holm\'s method (adjusted p-values beside the raw ones); "significant" means an adjusted p below 0.05.');
    expect(e.exposed.comparisons.map((c) => c.variation)).toEqual(['zeta', 'alpha', 'beta']);
  });

  it('else the first key in sorted order', () => {
    const e = only(buildReport(rows({ arms: [arm('on', 10, 1), arm('off', 10, 1)] }), OPTIONS));
    expect([e.control, e.controlRule]).toEqual(['off', 'sorted']);
  });

  it('from the assigned rows when nobody was exposed', () => {
    const e = only(buildReport(rows({ arms: [arm('b', 10, 1, { population: 'assigned' }), arm('a', 10, 1, { population: 'assigned', cf_units: 10 })] }), OPTIONS));
    expect([e.control, e.controlRule]).toEqual(['a', 'counterfactual']);
    expect(e.exposed).toMatchObject({ available: false, reason: 'no non-forced exposures' });
    expect(e.intentToTreat.available).toBe(true);
    expect(e.recommendation.population).toBe('intentToTreat');
    expect(e.recommendation.why).toContain('intent-to-treat');
  });
});

describe('the configured arms and their weights', () => {
  it('--weights wins over the manifest\'s weights (the manifest\'s are the default without it)', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 10)] }), { ...OPTIONS, weights: [0.5, 0.5], manifestOrder: { exp: ['a', 'b'] }, manifestWeights: { exp: { a: 0.3, b: 0.7 } } }));
    expect(e.exposed.arms.map((a) => a.expectedShare)).toEqual([0.5, 0.5]);
    expect(e.exposed.srm).toMatchObject({ weightsFrom: 'flag', status: 'pass' });
  });

  it('weights from the manifest, for every arm it names', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 300, 30)] }), { ...OPTIONS, manifestOrder: { exp: ['a', 'b'] }, manifestWeights: { exp: { a: 1, b: 3 } } }));
    expect(e.exposed.arms.map((a) => a.expectedShare)).toEqual([0.25, 0.75]);
    expect(e.exposed.srm).toMatchObject({ weightsFrom: 'manifest', status: 'pass' });
  });

  it('a manifest arm nobody logged is listed with no units and fails the split check', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 10)] }), { ...OPTIONS, manifestOrder: { exp: ['a', 'b', 'c'] }, manifestWeights: { exp: { a: 1, b: 1, c: 1 } } }));
    expect(armsOf(e.exposed)).toEqual([['a', 100, 10], ['b', 100, 10], ['c', 0, 0]]);
    expect(e.exposed.srm).toMatchObject({ status: 'fail', emptyArms: ['c'] });
    expect(check(e, 'split-exposed')).toMatchObject({ status: 'fail', count: 1 });
    expect(e.recommendation.population).toBeNull();
  });

  it('an arm in the logs the manifest does not define: the manifest\'s weights stay for its arms, and the unknown arm fails the split by name', () => {
    // Was: the whole split fell back to equal weights and said "no --weights or --manifest given".
    const base = rows({ arms: [arm('a', 100, 10), arm('b', 300, 30), arm('legacy', 5, 0)] });
    const manifest = { manifestOrder: { exp: ['a', 'b'] }, manifestWeights: { exp: { a: 1, b: 3 } }, manifestExperiments: [] };
    const e = only(buildReport(base, { ...OPTIONS, ...manifest }));
    expect(e.exposed.arms.map((a) => [a.variation, a.expectedShare])).toEqual([['a', 0.25], ['b', 0.75], ['legacy', 0]]);
    expect(e.exposed.srm).toMatchObject({ weightsFrom: 'manifest', status: 'fail', undefinedArms: ['legacy'], unexpectedArms: ['legacy'], df: 1 });
    expect(e.exposed.srm?.verdict).toContain('legacy (5 units, an arm the manifest does not define)');
    expect(e.exposed.srm?.verdict).not.toMatch(/no --weights or --manifest given/);
    expect(check(e, 'split-exposed')).toMatchObject({ status: 'fail', count: 1 });
    expect(e.recommendation.population).toBeNull();
    // --weights still wins.
    const flagged = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 10)] }), { ...OPTIONS, manifestWeights: { exp: { a: 1 } }, weights: [0.4, 0.6] }));
    expect(flagged.exposed.srm?.weightsFrom).toBe('flag');
    expect(flagged.exposed.arms.map((a) => a.expectedShare)).toEqual([0.4, 0.6]);
  });

  it('a manifest that does not define the experiment: an equal split, never said to be for want of a manifest', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 10)] }), { ...OPTIONS, manifestOrder: {}, manifestWeights: {}, manifestExperiments: [] }));
    expect(e.exposed.srm).toMatchObject({ weightsFrom: 'equal', status: 'pass' });
    expect(e.exposed.srm?.verdict).toContain('from an equal split (the manifest does not define this experiment)');
    const noWeights = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 10)] }), { ...OPTIONS, manifestOrder: { exp: ['a', 'b'] }, manifestWeights: {} }));
    expect(noWeights.exposed.srm?.verdict).toContain('from an equal split of the arms the manifest defines (it gives no weights)');
    const shortFlag = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 10), arm('c', 100, 10)] }), { ...OPTIONS, weights: [0.5, 0.5] }));
    expect(shortFlag.exposed.srm?.verdict).toContain('from an equal split (--weights has 2 values for 3 arms)');
  });

  it('--weights for more arms than the logs show: the silent arms are placeholders that fail the split', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 10)] }), { ...OPTIONS, weights: [0.25, 0.25, 0.5] }));
    expect(armsOf(e.exposed)).toEqual([['a', 100, 10], ['b', 100, 10], ['(arm 3, never logged)', 0, 0]]);
    expect(e.exposed.srm).toMatchObject({ weightsFrom: 'flag', status: 'fail', emptyArms: ['(arm 3, never logged)'] });
  });

  it('--weights for fewer arms than the logs show: equal weights, and a note says so', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 10), arm('c', 100, 10)] }), { ...OPTIONS, weights: [0.5, 0.5] }));
    expect(e.exposed.srm?.weightsFrom).toBe('equal');
    expect(e.notes).toContain('--weights has 2 values but the experiment has 3 arms: equal weights used.');
    // With --manifest's weights standing in, the flag is not dropped without a word either.
    const manifestWeights = { exp: { a: 0.2, b: 0.3, c: 0.5 } };
    const m = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 10), arm('c', 100, 10)] }), { ...OPTIONS, weights: [0.5, 0.5], manifestOrder: { exp: ['a', 'b', 'c'] }, manifestWeights }));
    expect(m.exposed.srm?.weightsFrom).toBe('manifest');
    expect(m.notes).toContain("--weights has 2 values but the experiment has 3 arms: the manifest's weights used.");
  });

  it('a single arm seen: an experiment has at least two, so a silent one is added and fails the split', () => {
    const e = only(buildReport(rows({ arms: [arm('only', 50, 5)] }), OPTIONS));
    expect(armsOf(e.exposed)).toEqual([['only', 50, 5], ['(another arm, never logged)', 0, 0]]);
    expect(e.exposed.srm?.status).toBe('fail');
    expect(e.recommendation).toMatchObject({ population: null, headline: 'Do not report a lift yet: no population passes its checks.' });
  });

  it('a split verdict both populations share is given once, naming both populations', () => {
    const e = only(buildReport(rows({ arms: [arm('only', 50, 5), arm('only', 40, 4, { population: 'assigned' })] }), OPTIONS));
    const verdict = e.exposed.srm!.verdict;
    expect(e.intentToTreat.srm!.verdict).toBe(verdict);
    expect(e.recommendation.why).toBe(`Exposed users and assigned users: ${verdict}`);
  });

  it('no units counted yet (every window still open): the splits are not checked, nothing failed, nothing to report yet', () => {
    const open = { in_progress: 1 } as const;
    const e = only(buildReport(rows({ arms: [arm('a', 10, 1, open), arm('b', 12, 2, open), arm('a', 11, 1, { ...open, population: 'assigned' }), arm('b', 13, 2, { ...open, population: 'assigned' })] }), OPTIONS));
    expect(e.exposed.srm).toMatchObject({ status: 'skipped', emptyArms: [], verdict: 'No units counted yet (22 still inside their window): there is no split to check yet.' });
    expect(e.intentToTreat.srm).toMatchObject({ status: 'skipped', verdict: 'No units counted yet (24 still inside their window): there is no split to check yet.' });
    expect(e.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(check(e, 'split-exposed')).toMatchObject({ status: 'skipped' });
    expect(check(e, 'split-assigned')).toMatchObject({ status: 'skipped' });
    expect(e.recommendation).toEqual({
      population: null,
      headline: 'Nothing to report yet: no units counted.',
      why: 'With no units there is no split to check and no lift to compare. 24 users are still inside the window and will count once it closes.',
    });
    for (const a of [...e.exposed.arms, ...e.intentToTreat.arms]) expect(a.rateCi).toEqual([NaN, NaN]);
  });

  it('a sample-ratio mismatch fails the exposed split; intent-to-treat, which passes, becomes the number', () => {
    const e = only(buildReport(rows({
      arms: [arm('a', 1000, 100), arm('b', 1300, 130), arm('a', 1000, 100, { population: 'assigned' }), arm('b', 1000, 100, { population: 'assigned' })],
      consistency: [consistencyRow({ exposed_units: 2300, assigned_units: 2000, unassigned_exposed: 300 })],
    }), OPTIONS));
    expect(e.exposed.srm?.status).toBe('fail');
    expect(e.exposed.srm?.verdict).toMatch(/^Sample-ratio mismatch/);
    expect(e.intentToTreat.srm?.status).toBe('pass');
    expect(e.recommendation.population).toBe('intentToTreat');
    expect(e.hygiene.exposedWithoutAssignment).toBe(300);
    expect(check(e, 'exposures-without-assignment')).toMatchObject({ status: 'warn', count: 300 });
  });

  it('exposures in another arm than the assignment block any number', () => {
    const e = only(buildReport(rows({
      arms: [arm('a', 100, 10), arm('b', 100, 10), arm('a', 100, 10, { population: 'assigned' }), arm('b', 100, 10, { population: 'assigned' })],
      consistency: [consistencyRow({ exposed_units: 200, assigned_units: 200, disagreeing: 7 })],
    }), OPTIONS));
    expect(check(e, 'assignment-exposure-agreement')).toMatchObject({ status: 'fail', count: 7 });
    expect(e.hygiene.assignmentExposureDisagreements).toBe(7);
    expect(e.recommendation).toMatchObject({ population: null, headline: 'Do not report a lift yet: the assignment itself is in doubt.' });
  });
});

describe('units whose window has not closed', () => {
  const armRows = [arm('a', 100, 10), arm('a', 20, 1, { in_progress: 1 }), arm('b', 100, 20), arm('b', 30, 2, { in_progress: 1 }), arm('b', 5, 0, { in_progress: 1, mixed: 1 })];

  it('are left out by default, and counted (mixed units apart)', () => {
    const e = only(buildReport(rows({ arms: armRows }), OPTIONS));
    expect(armsOf(e.exposed)).toEqual([['a', 100, 10], ['b', 100, 20]]);
    expect(e.exposed.inProgressUnits).toBe(50);
    expect(check(e, 'in-progress-units')).toMatchObject({ status: 'warn', count: 50 });
    expect(check(e, 'in-progress-units')?.message).toContain('left out until it closes');
  });

  it('are added to their arm with --include-in-progress', () => {
    const report = buildReport(rows({ arms: armRows }), { ...OPTIONS, includeInProgress: true });
    const e = only(report);
    expect(report.includeInProgress).toBe(true);
    expect(armsOf(e.exposed)).toEqual([['a', 120, 11], ['b', 130, 22]]);
    expect(e.exposed.arms.map((a) => a.goalEvents)).toEqual([11, 22]);
    expect(check(e, 'in-progress-units')?.message).toContain('--include-in-progress');
  });

  it('their early goals count only when they are counted', () => {
    const early = [arm('a', 10, 1, { early_units: 2, skew_units: 1 }), arm('b', 10, 1, { in_progress: 1, early_units: 5, skew_units: 5 })];
    expect(only(buildReport(rows({ arms: early }), OPTIONS)).hygiene).toMatchObject({ goalsBeforeExposureUnits: 2, clockSkewUnits: 1 });
    expect(only(buildReport(rows({ arms: early }), { ...OPTIONS, includeInProgress: true })).hygiene).toMatchObject({ goalsBeforeExposureUnits: 7, clockSkewUnits: 6 });
  });
});

describe('experiments', () => {
  it('one result per experiment, bucket version and unit kind, sorted by name, bucket, unit', () => {
    const report = buildReport(rows({
      arms: [
        arm('a', 1, 0, { experiment: 'zeta' }),
        arm('a', 1, 0, { experiment: 'alpha', bucket: 2 }),
        arm('a', 1, 0, { experiment: 'alpha', bucket: 1, unit: 'user' }),
        arm('a', 1, 0, { experiment: 'alpha', bucket: 1, unit: 'account' }),
      ],
    }), OPTIONS);
    expect(report.experiments.map((e) => [e.experiment, e.bucketVersion, e.unit])).toEqual([
      ['alpha', 1, 'account'], ['alpha', 1, 'user'], ['alpha', 2, 'user'], ['zeta', 0, 'user'],
    ]);
  });

  it('an experiment with only forced (QA) exposures is reported, with nothing to analyse and its forced counts', () => {
    const e = only(buildReport(rows({ exposures: [exposureRow({ experiment: 'qa-only', events: 4, forced_events: 4, forced_units: 2 })] }), OPTIONS));
    expect(e.experiment).toBe('qa-only');
    expect(e.exposed).toMatchObject({ available: false, reason: 'no non-forced exposures' });
    expect(e.hygiene).toMatchObject({ exposureEvents: 4, forcedEvents: 4, forcedUnits: 2 });
    expect(e.recommendation.population).toBeNull();
  });

  it('the exposure and consistency rows of one bucket are not mixed into another', () => {
    const report = buildReport(rows({
      arms: [arm('a', 10, 1, { bucket: 1 }), arm('b', 10, 1, { bucket: 1 }), arm('a', 10, 1, { bucket: 2 }), arm('b', 10, 1, { bucket: 2 })],
      exposures: [exposureRow({ bucket: 1, events: 11 }), exposureRow({ bucket: 2, events: 22 }), exposureRow({ bucket: 2, events: 99, population: 'assigned' })],
      consistency: [consistencyRow({ bucket: 2, assigned_units: 5, unassigned_exposed: 3 })],
    }), OPTIONS);
    expect(report.experiments.map((e) => [e.bucketVersion, e.hygiene.exposureEvents, e.hygiene.exposedWithoutAssignment])).toEqual([[1, 11, 0], [2, 22, 3]]);
  });

  it('units exposed in several arms are counted and left out', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 10, 1), arm('b', 10, 1), arm('a', 4, 0, { mixed: 1 })] }), OPTIONS));
    expect(armsOf(e.exposed)).toEqual([['a', 10, 1], ['b', 10, 1]]);
    expect(e.hygiene.multiVariationUnits).toBe(4);
    expect(check(e, 'multi-variation-units')).toMatchObject({ status: 'warn', count: 4 });
  });
});

describe('tours', () => {
  it('funnel: started, each step with the people who reached it and those who left on it', () => {
    const report = buildReport(rows({
      tours: [
        tourRow('started', 100), tourRow('step', 100, { out_step: 0 }), tourRow('step', 60, { out_step: 1 }), tourRow('step', 45, { out_step: 2 }),
        tourRow('completed', 30),
        tourRow('left', 40, { out_step: 0 }), tourRow('left', 15, { out_step: 1 }), tourRow('left', 15, { out_step: 2 }),
        tourRow('dismissed', 20, { out_origin: 'close', events: 25 }), tourRow('dismissed', 20, { out_origin: 'escape' }), tourRow('dismissed', 35, { out_origin: '' }),
      ],
    }), OPTIONS);
    expect(report.tours).toEqual([{
      tour: 'welcome', version: 1, started: 100, completed: 30, completionRate: 0.3,
      steps: [
        { step: 0, units: 100, dropOff: 40, dropOffRate: 0.4 },
        { step: 1, units: 60, dropOff: 15, dropOffRate: 0.25 },
        { step: 2, units: 45, dropOff: 15, dropOffRate: 1 / 3 },
      ],
      dismissals: [{ origin: '(none)', units: 35, events: 35 }, { origin: 'close', units: 20, events: 25 }, { origin: 'escape', units: 20, events: 20 }],
    }]);
  });

  it('a step nobody viewed is listed with no units; a step nobody left on has no drop-off', () => {
    const [tour] = buildReport(rows({ tours: [tourRow('started', 5), tourRow('step', 5, { out_step: 0 }), tourRow('step', 6, { out_step: 2 }), tourRow('completed', 9), tourRow('left', 5, { out_step: 0 })] }), OPTIONS).tours;
    expect(tour.steps.map((s) => [s.step, s.units, s.dropOff])).toEqual([[0, 5, 5], [1, 0, 0], [2, 6, 0]]);
    expect(tour.steps[1].dropOffRate).toBeNaN();
  });

  it('after Back, drop-off is the step people left on, not the furthest step they reached', () => {
    // 10 people reach step 3; 4 go Back to step 2 and close the tour there; 6 complete. Reached
    // stays "viewed the step" (10 at every step); all 4 left on step 2, none on step 3.
    const [tour] = buildReport(rows({
      tours: [tourRow('started', 10), tourRow('step', 10, { out_step: 0 }), tourRow('step', 10, { out_step: 1 }), tourRow('step', 10, { out_step: 2 }), tourRow('completed', 6), tourRow('left', 4, { out_step: 1 })],
    }), OPTIONS).tours;
    expect(tour.steps.map((s) => [s.step, s.units, s.dropOff, s.dropOffRate])).toEqual([[0, 10, 0, 0], [1, 10, 4, 0.4], [2, 10, 0, 0]]);
  });

  it('a left row past the listed steps or without a step is not listed', () => {
    const [tour] = buildReport(rows({ tours: [tourRow('started', 3), tourRow('step', 3, { out_step: 0 }), tourRow('left', 1, { out_step: 0 }), tourRow('left', 1, { out_step: 5 }), tourRow('left', 1, { out_step: -1 })] }), OPTIONS).tours;
    expect(tour.steps.map((s) => [s.step, s.units, s.dropOff])).toEqual([[0, 3, 1]]);
  });

  it('versions are separate tours, sorted by name then version; no start gives a NaN completion rate', () => {
    const report = buildReport(rows({
      tours: [tourRow('completed', 2, { tour: 'b', item_ver: 2 }), tourRow('started', 4, { tour: 'b', item_ver: 1 }), tourRow('started', 1, { tour: 'a', item_ver: 3 })],
    }), OPTIONS);
    expect(report.tours.map((t) => [t.tour, t.version, t.started, t.completed])).toEqual([['a', 3, 1, 0], ['b', 1, 4, 0], ['b', 2, 0, 2]]);
    expect(report.tours[2].completionRate).toBeNaN();
    expect(report.tours[2].steps).toEqual([]);
  });
});

describe('feedback', () => {
  it('shares with Wilson intervals, sorted by item; no answers gives NaN and no interval (not 0 to 1)', () => {
    const feedback: FeedbackRow[] = [
      { item_id: 'tip', item_kind: 'tooltip', answers: 40, yes: 30 },
      { item_id: 'help', item_kind: 'helpLink', answers: 0, yes: 0 },
    ];
    const report = buildReport(rows({ feedback }), OPTIONS);
    expect(report.feedback.map((f) => [f.item, f.itemType, f.answers, f.yes])).toEqual([['help', 'helpLink', 0, 0], ['tip', 'tooltip', 40, 30]]);
    expect(report.feedback[0].share).toBeNaN();
    expect(report.feedback[0].shareCi).toEqual([NaN, NaN]);
    expect(report.feedback[1].share).toBe(0.75);
    expect(report.feedback[1].shareCi[0]).toBeCloseTo(wilson(30, 40)[0], 10);
    expect(report.feedback[1].shareCi[1]).toBeCloseTo(wilson(30, 40)[1], 10);
  });
});

describe('names from the logs that are object keys', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('an experiment called %j is reported like any other (no manifest)', (name) => {
    const e = only(buildReport(rows({ arms: [arm('a', 10, 1, { experiment: name }), arm('b', 10, 2, { experiment: name })] }), OPTIONS));
    expect([e.experiment, e.control, e.controlRule]).toEqual([name, 'a', 'sorted']);
    expect(armsOf(e.exposed)).toEqual([['a', 10, 1], ['b', 10, 2]]);
  });

  it('variations called "__proto__" and "constructor" are arms like any other (no manifest)', () => {
    const e = only(buildReport(rows({ arms: [arm('__proto__', 10, 1), arm('constructor', 10, 2)] }), OPTIONS));
    expect(armsOf(e.exposed)).toEqual([['__proto__', 10, 1], ['constructor', 10, 2]]);
    expect(e.exposed.srm?.status).toBe('pass');
  });
});

describe('an experiment named like an Object.prototype key, with a manifest', () => {
  // The manifest's order and weights are read by own property only: for "constructor" a plain
  // object would give Object (a function, with a .length) and crash the run, and
  // `guidepost analyze --manifest` passes {} for experiments the manifest does not list.
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('experiment %j with --manifest', (name) => {
    const input = rows({ arms: [arm('a', 10, 1, { experiment: name }), arm('b', 10, 2, { experiment: name })] });
    const report = buildReport(input, { ...OPTIONS, manifestOrder: {}, manifestWeights: {} });
    const e = only(report);
    expect([e.experiment, e.control, e.controlRule]).toEqual([name, 'a', 'sorted']);
  });

  it('variations called "__proto__" and "constructor" do not take weights from a manifest that does not list them', () => {
    // manifestWeights.exp["__proto__"] would be Object.prototype, not undefined. They are arms
    // the manifest does not define: weight 0, named in the failed split (the manifest's own arms keep theirs).
    const e = only(buildReport(rows({ arms: [arm('__proto__', 10, 1), arm('constructor', 10, 2)] }), { ...OPTIONS, manifestWeights: { exp: { on: 1, off: 1 } } }));
    expect(e.exposed.srm).toMatchObject({ weightsFrom: 'manifest', status: 'fail', undefinedArms: ['__proto__', 'constructor'] });
    expect(e.exposed.arms.map((a) => [a.variation, a.expectedShare])).toEqual([['__proto__', 0], ['constructor', 0], ['on', 0.5], ['off', 0.5]]);
  });
});

describe('a NUL character in an experiment name', () => {
  // DuckDB keeps a NUL that a JSON line escapes as \u0000, so it reaches the report from the
  // logs: rows are grouped by a JSON key, never by joining names with a separator.
  it('the experiment keeps its name, bucket version and unit', () => {
    const name = 'checkout\u0000v2';
    const e = only(buildReport(rows({
      arms: [arm('a', 10, 1, { experiment: name }), arm('b', 10, 2, { experiment: name })],
      exposures: [exposureRow({ experiment: name, events: 20 })],
    }), OPTIONS));
    expect([e.experiment, e.bucketVersion, e.unit]).toEqual([name, 0, 'user']);
    expect(e.hygiene.exposureEvents).toBe(20);
  });
});

describe('tour step numbers from the logs do not size the funnel', () => {
  // One step_viewed event with step 2,000,000 (a bug in a host's integration, or junk) must not
  // build two million rows, nor a step near 2^53 a loop that never ends.
  it('one event at step 2,000,000 does not make a funnel of two million steps: it is counted as not listed', () => {
    const report = buildReport(rows({ tours: [tourRow('started', 1), tourRow('step', 1, { out_step: 0 }), tourRow('step', 1, { out_step: 2_000_000 }), tourRow('left', 1, { out_step: 2_000_000 })] }), OPTIONS);
    expect(report.tours[0].steps.length).toBeLessThan(1000);
    expect(report.tours[0].steps.map((s) => [s.step, s.units, s.dropOff])).toEqual([[0, 1, 0]]);
    expect(report.tours[0].stepsNotListed).toBe(1);
  });

  it('steps near 2^53, and many distinct steps, finish at once with at most MAX_FUNNEL_STEPS rows', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => tourRow('step', 1, { out_step: i }));
    const report = buildReport(rows({ tours: [tourRow('started', 1), ...many, tourRow('step', 1, { out_step: 2 ** 53 - 1 })] }), OPTIONS);
    expect(report.tours[0].steps).toHaveLength(MAX_FUNNEL_STEPS);
    expect(report.tours[0].steps.at(-1)?.step).toBe(MAX_FUNNEL_STEPS - 1);
    expect(report.tours[0].stepsNotListed).toBe(200_000 - MAX_FUNNEL_STEPS + 1);
  });

  it('a funnel within MAX_FUNNEL_STEPS says nothing is left out', () => {
    const report = buildReport(rows({ tours: [tourRow('started', 2), tourRow('step', 2, { out_step: 0 }), tourRow('step', 1, { out_step: MAX_FUNNEL_STEPS - 1 })] }), OPTIONS);
    expect(report.tours[0].steps).toHaveLength(MAX_FUNNEL_STEPS);
    expect(report.tours[0]).not.toHaveProperty('stepsNotListed');
  });
});

describe('many rows from the logs', () => {
  it('50,000 experiments and 100,000 tour rows are grouped in linear time (no copy of a group per row, no search per experiment)', () => {
    const arms = Array.from({ length: 100_000 }, (_, i) => arm('a', 10, 1, { experiment: `e${i % 50_000}`, in_progress: i < 50_000 ? 0 : 1 }));
    const exposures = Array.from({ length: 50_000 }, (_, i) => exposureRow({ experiment: `e${i}`, events: i }));
    const consistency = Array.from({ length: 50_000 }, (_, i) => consistencyRow({ experiment: `e${i}`, exposed_units: i }));
    const tours = Array.from({ length: 100_000 }, (_, i) => tourRow('step', 1, { tour: `t${i % 10}`, out_step: Math.floor(i / 10) }));
    const report = buildReport(rows({ arms, exposures, consistency, tours }), OPTIONS);
    expect(report.experiments).toHaveLength(50_000);
    expect(report.experiments.find((e) => e.experiment === 'e123')?.hygiene.exposureEvents).toBe(123);
    expect(report.tours).toHaveLength(10);
    // Bounded generously (a busy 2-core machine took 29 s): a quadratic grouping would take hours.
  }, 90_000);
});

describe('events stamped after the time of the analysis', () => {
  it('are counted in the hygiene and raise a warning in every experiment\'s checks', () => {
    const report = buildReport(rows({ hygiene: { rows_read: 12, usable: 9, distinct_usable: 9, zoneless: 0, future: 3, end_ms: END }, arms: [arm('a', 10, 1), arm('b', 10, 2)] }), OPTIONS);
    expect(report.hygiene).toEqual({ rowsRead: 12, unusableRows: 3, zonelessRows: 0, duplicateRowsDropped: 0, events: 9, futureRows: 3 });
    expect(check(only(report), 'future-events')).toMatchObject({ status: 'warn', count: 3 });
    expect(check(only(report), 'future-events')?.message).toMatch(/^3 events are stamped more than an hour after the time of this analysis/);
  });

  it('none: no count and no check', () => {
    const report = buildReport(rows({ arms: [arm('a', 10, 1), arm('b', 10, 2)] }), OPTIONS);
    expect(report.hygiene).not.toHaveProperty('futureRows');
    expect(check(only(report), 'future-events')).toBeUndefined();
  });
});

describe('what the recommendation says of the intent-to-treat figure, from the counts', () => {
  const assigned = (name: string, units: number, converted: number) => arm(name, units, converted, { population: 'assigned' });

  it('diluted by the assigned units who never reached the help, when there are some', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 1000, 100), arm('b', 1000, 200), assigned('a', 1500, 100), assigned('b', 1500, 200)] }), OPTIONS));
    expect(e.recommendation.population).toBe('exposed');
    expect(e.recommendation.why).toContain('diluted by the 1,000 assigned users who never reached the help');
  });

  it('no claim that it is smaller when every assigned unit was exposed', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 1000, 100), arm('b', 1000, 200), assigned('a', 1000, 100), assigned('b', 1000, 200)] }), OPTIONS));
    expect(e.recommendation.why).toContain('as many users were assigned as exposed');
    expect(e.recommendation.why).not.toContain('smaller');
    expect(e.recommendation.why).not.toContain('diluted by the');
  });
});

describe('units exposed in both arms, in the intent-to-treat sentence and the multi-variation check', () => {
  const assigned = (name: string, units: number, converted: number) => arm(name, units, converted, { population: 'assigned' });

  it('are not counted among the assigned units who never reached the help', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 980, 100), arm('b', 980, 200), arm('a', 40, 4, { mixed: 1, arm_last: 'b' }), assigned('a', 1000, 100), assigned('b', 1000, 200)] }), OPTIONS));
    expect(e.recommendation.population).toBe('exposed');
    expect(e.recommendation.why).not.toContain('diluted by the');
    expect(e.recommendation.why).toContain('as many users were assigned as exposed (counting the 40 users exposed in more than one arm, left out of the exposed figure)');
  });

  it('only the rest of the surplus is diluting', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 980, 100), arm('b', 980, 200), arm('a', 40, 4, { mixed: 1, arm_last: 'b' }), assigned('a', 1500, 100), assigned('b', 1500, 200)] }), OPTIONS));
    expect(e.recommendation.why).toContain('diluted by the 1,000 assigned users who never reached the help');
  });

  it('one unit: "1 user was exposed in more than one arm and is left out"', () => {
    const e = only(buildReport(rows({ arms: [arm('a', 100, 10), arm('b', 100, 20), arm('a', 1, 0, { mixed: 1, arm_last: 'b' }), assigned('a', 100, 10), assigned('b', 100, 20), arm('a', 1, 0, { population: 'assigned', mixed: 1 })] }), OPTIONS));
    expect(check(e, 'multi-variation-units')?.message).toMatch(/^1 user was exposed in more than one arm and is left out; 1 user was assigned to more than one arm and is left out of intent-to-treat: /);
  });
});

describe('units assigned to more than one arm', () => {
  it('are a warning (left out of intent-to-treat), not a disagreement: the answer is still given', () => {
    const e = only(buildReport(rows({
      arms: [arm('a', 1000, 100), arm('b', 1000, 200), arm('a', 995, 100, { population: 'assigned' }), arm('b', 1000, 200, { population: 'assigned' }), arm('a', 5, 1, { population: 'assigned', mixed: 1 })],
      consistency: [consistencyRow({ exposed_units: 2000, assigned_units: 2000 })],
    }), OPTIONS));
    expect(check(e, 'multi-variation-units')).toMatchObject({ status: 'warn' });
    expect(check(e, 'multi-variation-units')?.message).toContain('5 users were assigned to more than one arm and are left out of intent-to-treat');
    expect(check(e, 'assignment-exposure-agreement')).toMatchObject({ status: 'pass' });
    expect(e.recommendation.population).toBe('exposed');
  });
});

describe('names from the logs in the report\'s sentences', () => {
  // A unit kind and arms in right-to-left letters, one with an override: anyone posting events picks them.
  const unit = '\u05de\u05e9\u05ea\u05de\u05e9';
  const rtlArm = '\u202e\u05e2\u05d6\u05e8\u05d4';
  const e = only(buildReport(rows({ arms: [arm('ctl', 400, 40, { unit }), arm(rtlArm, 400, 80, { unit })], goal_names: [{ goal_name: '\u202eupgraded', events: 3 }] }), { ...OPTIONS, control: 'ctl' }));
  const sentences = [e.recommendation.headline, e.recommendation.why, ...e.checks.map((c) => c.message), ...e.exposed.comparisons.map((c) => c.summary), e.exposed.srm!.verdict, ...e.notes];

  it('are isolated (FSI … PDI), with their own bidirectional controls as escapes, so no name reorders the numbers beside it', () => {
    expect(sentences.join('\n')).not.toMatch(/[\u202a-\u202e\u2066\u2067]/);
    expect(e.exposed.comparisons[0].summary).toMatch(/^\u2068\\u202e\u05e2\u05d6\u05e8\u05d4\u2069 vs ctl: \+10\.0 points/);
    expect(e.exposed.srm!.verdict).toContain(`\u2068\\u202e\u05e2\u05d6\u05e8\u05d4\u2069 50.0%`);
    expect(check(e, 'split-exposed')?.message).toMatch(new RegExp(`^Exposed \u2068${unit}\u2069s: `));
    expect(check(e, 'goal-events')?.message).toContain('\u2068"\\u202eupgraded"\u2069 (3 events)');
    // Every isolate is closed: a name cannot leave its own.
    for (const s of sentences) expect((s.match(/\u2068/g) ?? []).length, s).toBe((s.match(/\u2069/g) ?? []).length);
  });

  it('leave plain ASCII names as they were (nothing in them can reorder text)', () => {
    const plain = only(buildReport(rows({ arms: [arm('a', 400, 40), arm('b', 400, 80)] }), OPTIONS));
    expect(plain.exposed.comparisons[0].summary).toMatch(/^b vs a: \+10\.0 points/);
    expect(JSON.stringify(plain)).not.toMatch(/\\u2068|\u2068/);
  });
});
