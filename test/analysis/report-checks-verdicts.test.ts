/**
 * The number to report (recommend in src/analysis/report-checks.ts) where it used to mislead:
 * small samples (Newcombe and Fisher), an interval and a test that disagree, several arms
 * (Holm's correction, every arm in the headline), a --goal the data never has, exposures
 * that name no unit. On hand-made aggregation rows, through buildReport and formatReport.
 */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/analysis/format';
import { buildReport, type ExperimentResult, type ReportOptions } from '../../src/analysis/report';
import { goalCheck } from '../../src/analysis/report-checks';
import type { AggregateRows, ArmRow } from '../../src/analysis/sql';

const OPTIONS: ReportOptions = { goal: 'upgraded', windowMs: 28 * 86_400_000 };
const arm = (name: string, units: number, converted: number, extra: Partial<ArmRow> = {}): ArmRow => ({
  population: 'exposed', experiment: 'exp', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm: name,
  units, cf_units: 0, converted, goal_count: converted, early_units: 0, skew_units: 0, ...extra,
});
const rows = (extra: Partial<AggregateRows>): AggregateRows => ({
  hygiene: { rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: Date.parse('2026-03-01T00:00:00Z') },
  arms: [], consistency: [], exposures: [], tours: [], feedback: [], goal_names: [{ goal_name: 'upgraded', events: 100 }], ...extra,
});
const only = (report: { experiments: ExperimentResult[] }) => report.experiments[0];

describe('small samples: Newcombe and Fisher, and no "significant" from a zero-width interval', () => {
  it('3/3 against 0/3 is not significant: +100 points (95% CI +20.6 to +100), p = 0.100', () => {
    const report = buildReport(rows({ arms: [arm('holdout', 3, 0, { cf_units: 3 }), arm('help', 3, 3)] }), OPTIONS);
    const e = only(report);
    const c = e.exposed.comparisons[0];
    // Newcombe's interval excludes 0 while Fisher's p is 0.1: they still disagree, so it is said, and not called significant.
    expect(c).toMatchObject({ method: 'newcombe-fisher', significant: false, testsDisagree: true });
    expect(e.recommendation.headline).toBe("Report this: no clear effect of help: +100.0 points, but the interval and the test disagree (a borderline result), so it is not called significant (95% CI +20.6 to +100.0 points, p = 0.100, Newcombe interval and Fisher's exact test).");
    expect(e.recommendation.why).not.toContain('beyond noise');
    const text = formatReport(report);
    expect(text).toContain("help *");
    expect(text).toContain("* Newcombe's score interval and Fisher's exact test (no z)");
    expect(JSON.parse(JSON.stringify(c))).toMatchObject({ method: 'newcombe-fisher' });
  });

  it('0/50 against 0/50: an interval around 0 with width, p = 1', () => {
    const c = only(buildReport(rows({ arms: [arm('holdout', 50, 0, { cf_units: 50 }), arm('help', 50, 0)] }), OPTIONS)).exposed.comparisons[0];
    expect(c.absoluteCi[0]).toBeLessThan(-0.07);
    expect(c.absoluteCi[1]).toBeGreaterThan(0.07);
    expect(c.pValue).toBe(1);
  });

  it('an interval that contains 0 beside p < 0.05 (5/100 against 12/1000, Wald: p = 0.003, CI −8.1 to +0.5) is never called significant, and the disagreement is said', () => {
    const e = only(buildReport(rows({ arms: [arm('holdout', 100, 5, { cf_units: 100 }), arm('help', 1000, 12)] }), { ...OPTIONS, weights: [1 / 11, 10 / 11] }));
    const c = e.exposed.comparisons[0];
    expect(c.method).toBe('wald');
    expect(c.pValue).toBeLessThan(0.05);
    expect(c.absoluteCi[0]).toBeLessThan(0);
    expect(c.absoluteCi[1]).toBeGreaterThan(0);
    expect(c).toMatchObject({ testsDisagree: true, significant: false });
    expect(c.summary).toContain('they disagree');
    expect(c.summary).not.toMatch(/: significant/);
    expect(e.recommendation.headline).toMatch(/^Report this: no clear effect of help: .* the interval and the test disagree/);
    expect(e.recommendation.why).not.toContain('beyond noise');
  });
});

describe('more than two arms: Holm, and every arm in the headline', () => {
  // control 10%, b 10.5% (nothing), c 14% (p ≈ 0.004 alone), d 12.5% (p ≈ 0.08 alone).
  const input = rows({ arms: [arm('control', 1000, 100), arm('b', 1000, 105), arm('c', 1000, 140), arm('d', 1000, 125)] });
  const e = only(buildReport(input, { ...OPTIONS, manifestOrder: { exp: ['control', 'b', 'c', 'd'] } }));

  it('adjusts the p-values by Holm over the k comparisons with the control, and reports both', () => {
    const [b, c, d] = e.exposed.comparisons;
    const sorted = [c, d, b];
    expect(sorted[0].adjustedPValue).toBeCloseTo(3 * sorted[0].pValue, 12);
    expect(sorted[1].adjustedPValue).toBeCloseTo(Math.max(3 * sorted[0].pValue, 2 * sorted[1].pValue), 12);
    expect(sorted[2].adjustedPValue).toBeCloseTo(Math.min(1, Math.max(sorted[1].adjustedPValue!, sorted[2].pValue)), 12);
    expect([b.significant, c.significant, d.significant]).toEqual([false, true, false]);
  });

  it('builds the headline from all of them: the arm significant after correction, and the others named', () => {
    expect(e.recommendation.significantArms).toEqual(['c']);
    expect(e.recommendation.comparison?.variation).toBe('c');
    expect(e.recommendation.headline).toMatch(/^Report this \(Holm's correction for 3 comparisons with the control\): c raised conversion by \+4\.0 points \(95% CI .*Holm-adjusted p = 0\.0\d\d.*\)\. No detectable effect of b, d after the correction: /);
    const text = formatReport({ ...buildReport(input, { ...OPTIONS, manifestOrder: { exp: ['control', 'b', 'c', 'd'] } }) });
    expect(text).toMatch(/vs control +lift \(points\).* p +Holm p/);
    expect(text).toMatch(/More than two arms: .*Holm's method/);
  });

  it('with no arm significant after correction: "no detectable effect in any of the k arms", not the first arm alone', () => {
    const none = only(buildReport(rows({ arms: [arm('control', 1000, 100), arm('b', 1000, 105), arm('c', 1000, 128), arm('d', 1000, 99)] }), { ...OPTIONS, manifestOrder: { exp: ['control', 'b', 'c', 'd'] } }));
    const c = none.exposed.comparisons[1];
    expect(c.pValue).toBeLessThan(0.05);
    expect(c.adjustedPValue).toBeGreaterThan(0.05);
    expect(c.summary).toContain("not significant after Holm's correction for 3 comparisons");
    expect(none.recommendation.significantArms).toEqual([]);
    expect(none.recommendation.headline).toMatch(/^Report this: no detectable effect in any of the 3 arms compared with the control, after Holm's correction for 3 comparisons: b \+0\.5 points .*; c \+2\.8 points .*; d −0\.1 points/);
  });
});

describe('a --goal the data never has', () => {
  it('fails the goal check (warn), names the goals the data has, closest first, and gives no number to report', () => {
    const report = buildReport(
      rows({ arms: [arm('holdout', 500, 0, { cf_units: 500 }), arm('help', 500, 0)], goal_names: [{ goal_name: 'signup', events: 900 }, { goal_name: 'upgraded', events: 40 }, { goal_name: 'upgrade_clicked', events: 7 }] }),
      { ...OPTIONS, goal: 'upgrade' },
    );
    const e = only(report);
    const check = e.checks.find((c) => c.id === 'goal-events');
    expect(check).toMatchObject({ status: 'warn', count: 0 });
    expect(check?.message).toContain('No goal event is named "upgrade" (--goal)');
    expect(check?.message).toMatch(/closest first \(a name that holds the other, then by edit distance\): "upgraded" \(40 events\), "upgrade_clicked" \(7 events\), "signup" \(900 events\); did you mean upgraded\?/);
    expect(e.recommendation.population).toBeNull();
    expect(e.recommendation.headline).not.toContain('Report this');
    expect(formatReport(report)).not.toMatch(/Report this|no detectable effect/);
  });

  it('no goal events at all: says so; a goal that exists: no check', () => {
    expect(goalCheck({ name: 'upgraded', names: [] })?.message).toContain('The data has no goal events at all.');
    expect(goalCheck({ name: 'upgraded', names: [{ name: 'upgraded', events: 1 }] })).toBeUndefined();
    const e = only(buildReport(rows({ arms: [arm('holdout', 500, 50, { cf_units: 500 }), arm('help', 500, 60)] }), OPTIONS));
    expect(e.checks.map((c) => c.id)).not.toContain('goal-events');
    expect(e.recommendation.headline).toMatch(/^Report this/);
  });
});

describe('exposures without a unit or unit_id', () => {
  it('are counted per arm in a check, and the hygiene count includes them consistently', () => {
    const report = buildReport(
      rows({
        arms: [arm('holdout', 100, 10, { cf_units: 100 }), arm('help', 100, 12)],
        exposures: [{ population: 'exposed', experiment: 'exp', bucket: 0, unit: 'user', events: 260, forced_events: 0, forced_units: 0 }],
        without_unit: [
          { experiment: 'exp', bucket: 0, unit_kind: 'user', arm: 'help', no_unit: 0, no_unit_id: 60 },
          { experiment: 'exp', bucket: 0, unit_kind: '', arm: 'help', no_unit: 60, no_unit_id: 0 },
        ],
      }),
      OPTIONS,
    );
    const e = only(report);
    expect(e.checks.find((c) => c.id === 'exposures-without-unit')).toMatchObject({ status: 'warn', count: 120 });
    expect(e.checks.find((c) => c.id === 'exposures-without-unit')?.message).toContain('help 120 (60 without unit, 60 without unit_id)');
    // 260 exposure events with a unit (60 of them without unit_id) + 60 without a unit = 320; 120 left out.
    expect(e.hygiene).toMatchObject({ exposureEvents: 320, exposuresWithoutUnit: 120 });
    expect(formatReport(report)).toContain('320 exposure events; 0 forced (QA) exposures from 0 users excluded; 0 users seen in more than one variation excluded; 120 exposure events without a unit or unit_id excluded.');
  });
});

describe('"no detectable effect" from arms too small to detect the --mde lift', () => {
  it('says the result is inconclusive, not evidence of no effect, with the units there are and the units needed', () => {
    // 16 and 18 users: a 2-point lift at a 17% baseline needs thousands per arm.
    const report = buildReport(rows({ arms: [arm('holdout', 18, 3, { cf_units: 18 }), arm('help', 16, 4)] }), { ...OPTIONS, mde: 0.02 });
    const e = only(report);
    const c = e.exposed.comparisons[0];
    expect(c).toMatchObject({ significant: false, testsDisagree: false, enoughData: false });
    expect(e.recommendation.headline).toMatch(/^Report this: no detectable effect of help: \+8\.3 points \(95% CI .*\)\. Inconclusive, not evidence of no effect: too few users to tell \(16 in the smallest arm; about [\d,]+ per arm are needed to detect the --mde lift\)\.$/);
    expect(e.recommendation.headline).toContain(`about ${c.neededPerArm.toLocaleString('en-US')} per arm`);
    expect(formatReport(report)).toContain('Inconclusive, not evidence of no effect');
  });

  it('several arms, none significant: one caveat after every arm\'s figures', () => {
    const e = only(buildReport(rows({ arms: [arm('control', 30, 3), arm('b', 30, 4), arm('c', 30, 2)] }), { ...OPTIONS, manifestOrder: { exp: ['control', 'b', 'c'] } }));
    expect(e.recommendation.headline).toMatch(/^Report this: no detectable effect in any of the 2 arms .*; c −3\.3 points \(.*\)\. Inconclusive, not evidence of no effect: too few users to tell \(30 in the smallest arm; /);
    expect(e.recommendation.headline.match(/Inconclusive/g)).toHaveLength(1);
  });

  it('no caveat with enough units, nor beside a significant lift', () => {
    const big = only(buildReport(rows({ arms: [arm('holdout', 20_000, 2000, { cf_units: 20_000 }), arm('help', 20_000, 2010)] }), OPTIONS));
    expect(big.exposed.comparisons[0]).toMatchObject({ significant: false, enoughData: true });
    expect(big.recommendation.headline).toMatch(/^Report this: no detectable effect of help/);
    expect(big.recommendation.headline).not.toContain('Inconclusive');
    const won = only(buildReport(rows({ arms: [arm('holdout', 200, 20, { cf_units: 200 }), arm('help', 200, 60)] }), OPTIONS));
    expect(won.exposed.comparisons[0]).toMatchObject({ significant: true, enoughData: false });
    expect(won.recommendation.headline).not.toContain('Inconclusive');
  });
});
