/**
 * src/analysis/report-population.ts: one population of one experiment from its arm rows.
 * Every number is checked against the textbook formulas in test/support/reference-stats.ts
 * (written from docs/analysis.md, not from stats.ts): rates and Wilson intervals, the unpooled
 * interval of the lift, the pooled z-test, the Katz interval of the relative lift, Fleiss's
 * sample size and the minimum detectable lift, and the split check's χ² with its closed-form
 * tail for 2, 3 and 5 arms. Edge cases: an empty arm (control or treatment), a zero-weight
 * arm, no units at all, all or none converted, a control with no conversions, unbalanced
 * arms, 4 billion units per arm, in-progress rows added and mixed rows left out.
 */
import { describe, expect, it } from 'vitest';
import { populationResult, type ArmPlan } from '../../src/analysis/report-population';
import type { ArmRow } from '../../src/analysis/sql';
import { chiSquareTail, erfc, fleissN, twoProportions, wilson } from '../support/reference-stats';

const arm = (name: string, units: number, converted: number, extra: Partial<ArmRow> = {}): ArmRow => ({
  population: 'exposed', experiment: 'x', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm: name,
  units, cf_units: 0, converted, goal_count: converted, early_units: 0, skew_units: 0, ...extra,
});
const plan = (arms: string[], weights = arms.map(() => 1 / arms.length), from: ArmPlan['from'] = 'equal'): ArmPlan => ({ arms, weights, from });
const relClose = (actual: number, expected: number, tol = 1e-9) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol * Math.abs(expected));
const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;

describe('the reference itself', () => {
  it('matches tabulated erfc values', () => {
    for (const [x, v] of [[0.5, 0.4795001221869535], [1, 0.1572992070502851], [3, 2.209049699858544e-5], [4, 1.541725790028002e-8]]) relClose(erfc(x), v, 1e-12);
  });
});

describe('populationResult', () => {
  it('two arms: every number equals the textbook formula, and the summary says so in words', () => {
    const p = populationResult([arm('holdout', 2400, 480, { cf_units: 2400 }), arm('help', 2600, 598)], plan(['holdout', 'help']), 'holdout', 0.03, 0);
    const ref = twoProportions(2400, 480, 2600, 598);
    const [holdout, help] = p.arms;
    expect([holdout.control, holdout.counterfactual, help.control, help.counterfactual]).toEqual([true, true, false, false]);
    expect([holdout.rate, help.rate, holdout.observedShare, help.observedShare, holdout.expectedShare]).toEqual([0.2, 0.23, 0.48, 0.52, 0.5]);
    holdout.rateCi.forEach((b, i) => relClose(b, wilson(480, 2400)[i]));
    help.rateCi.forEach((b, i) => relClose(b, wilson(598, 2600)[i]));
    const c = p.comparisons[0];
    relClose(c.absoluteLift, ref.diff);
    c.absoluteCi.forEach((b, i) => relClose(b, ref.ci[i]));
    relClose(c.z, ref.z);
    relClose(c.pValue, ref.p, 1e-8);
    relClose(c.relativeLift, ref.relative);
    c.relativeCi.forEach((b, i) => relClose(b, ref.relativeCi[i]));
    expect(c.pValue).toBeGreaterThan(0.005);
    expect(c.pValue).toBeLessThan(0.015);
    const needed = Math.ceil(fleissN(0.2, 0.03));
    expect(c).toMatchObject({ significant: true, neededPerArm: needed, enoughData: false });
    // The minimum detectable lift is where Fleiss's n equals the smaller arm (2400).
    expect(fleissN(0.2, c.detectableLift)).toBeLessThanOrEqual(2400 + 1e-9);
    expect(fleissN(0.2, c.detectableLift)).toBeGreaterThan(2400 - 1e-6);
    expect(c.summary).toBe(
      `help vs holdout: +3.0 points (95% CI ${pts(ref.ci[0])} to ${pts(ref.ci[1])}), p = ${ref.p.toFixed(3)}: significant; help raised conversion. ` +
        `Not enough data: need about ${needed.toLocaleString('en-US')} units per arm to detect a 3-point lift at this baseline (20.0%).`,
    );
    // χ² = 2·100²/2500 = 8 with 1 df: p = erfc(2) ≈ 0.0047, above the 0.001 threshold.
    relClose(p.srm!.chiSquare, 8);
    relClose(p.srm!.pValue, chiSquareTail(8, 1), 1e-8);
    expect(p.srm).toMatchObject({ df: 1, mismatch: false, status: 'pass', emptyArms: [], weightsFrom: 'equal' });
    expect(p.srm!.verdict).toBe('Split holdout 48.0% / help 52.0% matches the configured 50.0% / 50.0% from an equal split (no --weights or --manifest given) (p = 0.005).');
  });

  it('a worse treatment "lowered" conversion, with minus signs', () => {
    const c = populationResult([arm('holdout', 1000, 300), arm('help', 1000, 240)], plan(['holdout', 'help']), 'holdout', 0.1, 0).comparisons[0];
    const ref = twoProportions(1000, 300, 1000, 240);
    expect(c.summary).toBe(`help vs holdout: −6.0 points (95% CI ${pts(ref.ci[0])} to ${pts(ref.ci[1])}), p = ${ref.p.toFixed(3)}: significant; help lowered conversion.`);
    expect(c.summary).toContain('95% CI −9.9 to −2.1');
    expect(c.enoughData).toBe(true);
  });

  it('three and five arms: χ² against the configured weights, tails in closed form (df 2: e^(−x/2); df 4: e^(−x/2)(1 + x/2))', () => {
    const w = [0.5, 0.25, 0.25];
    const fine = populationResult([arm('a', 5000, 1000), arm('b', 2600, 520), arm('c', 2400, 480)], plan(['a', 'b', 'c'], w, 'flag'), 'a', 0.02, 0);
    expect(fine.srm).toMatchObject({ chiSquare: 8, df: 2, expected: [5000, 2500, 2500], status: 'pass' });
    relClose(fine.srm!.pValue, Math.exp(-4), 1e-8);
    expect(fine.srm!.verdict).toBe('Split a 50.0% / b 26.0% / c 24.0% matches the configured 50.0% / 25.0% / 25.0% from --weights (p = 0.018).');
    expect(fine.comparisons.map((c) => [c.variation, c.control])).toEqual([['b', 'a'], ['c', 'a']]);
    const off = populationResult([arm('a', 5000, 1000), arm('b', 2800, 520), arm('c', 2200, 480)], plan(['a', 'b', 'c'], w, 'manifest'), 'a', 0.02, 0);
    relClose(off.srm!.pValue, Math.exp(-36), 1e-8);
    expect(off.srm).toMatchObject({ chiSquare: 72, mismatch: true, status: 'fail' });
    expect(off.srm!.verdict).toMatch(/^Sample-ratio mismatch: a 50\.0% \/ b 28\.0% \/ c 22\.0% against the configured 50\.0% \/ 25\.0% \/ 25\.0% from the manifest \(χ² = 72\.0, p < 0\.001\)\./);
    const five = populationResult(['a', 'b', 'c', 'd', 'e'].map((v, i) => arm(v, i === 4 ? 1100 : 1000, 100)), plan(['a', 'b', 'c', 'd', 'e']), 'a', 0.02, 0);
    const chi = (4 * 20 ** 2 + 80 ** 2) / 1020;
    relClose(five.srm!.chiSquare, chi);
    relClose(five.srm!.pValue, chiSquareTail(chi, 4), 1e-8);
  });

  it('an empty arm fails the split check whatever χ² says, and there is nothing to compare', () => {
    const noHelp = populationResult([arm('holdout', 1000, 200)], plan(['holdout', 'help'], [0.5, 0.5], 'manifest'), 'holdout', 0.02, 0);
    expect(noHelp.srm).toMatchObject({ status: 'fail', emptyArms: ['help'] });
    expect(noHelp.srm!.verdict).toMatch(/^Split check failed: help has no units, but the manifest gives it 50\.0% of the traffic\./);
    // No units, no interval: Wilson's [0, 1] for n = 0 would print as a measured "0% to 100%".
    expect(noHelp.arms[1]).toMatchObject({ units: 0, converted: 0, rateCi: [NaN, NaN], observedShare: 0 });
    expect(noHelp.arms[1].rate).toBeNaN();
    expect(noHelp.comparisons[0]).toMatchObject({ significant: false, summary: 'help: no units in this arm, so there is nothing to compare.' });
    expect(noHelp.comparisons[0].pValue).toBeNaN();
    const noControl = populationResult([arm('help', 1000, 200)], plan(['holdout', 'help']), 'holdout', 0.02, 0);
    expect(noControl.comparisons[0].summary).toBe('help: no units in the control arm, so there is nothing to compare.');
    const nothing = populationResult([], plan(['holdout', 'help']), 'holdout', 0.02, 7);
    // Nothing counted is not a broken split: not checked yet (and why), rather than failed.
    expect(nothing.srm).toMatchObject({ status: 'skipped', emptyArms: [], verdict: 'No units counted yet (7 still inside their window): there is no split to check yet.' });
    expect(populationResult([], plan(['holdout', 'help']), 'holdout', 0.02, 0).srm!.verdict).toBe('No units counted yet: there is no split to check yet.');
    expect(nothing.arms.map((a) => a.rateCi)).toEqual([[NaN, NaN], [NaN, NaN]]);
    expect(nothing.comparisons[0].summary).toBe('help: no units in either arm yet, so there is nothing to compare.');
    expect(nothing.inProgressUnits).toBe(7);
    expect(nothing.arms[0].observedShare).toBeNaN();
  });

  it('an arm weighted 0 that gets units is a mismatch (two arms); one that gets none is not an empty arm', () => {
    const leak = populationResult([arm('a', 900, 90), arm('off', 5, 0)], plan(['a', 'off'], [1, 0], 'manifest'), 'a', 0.02, 0);
    expect(leak.srm).toMatchObject({ chiSquare: Infinity, pValue: 0, mismatch: true, status: 'fail', emptyArms: [] });
    const quiet = populationResult([arm('a', 900, 90), arm('b', 100, 10)], plan(['a', 'b', 'off'], [0.9, 0.1, 0], 'manifest'), 'a', 0.02, 0);
    expect(quiet.srm).toMatchObject({ chiSquare: 0, status: 'pass', emptyArms: [] });
  });

  it('all converted, none converted, and a control with no conversions: Newcombe\'s interval (with width) and Fisher\'s exact test', () => {
    // Was: the Wald interval [0, 0] and z = 0 for 500/500 against 400/400, a zero-width "+0.0 to +0.0".
    const all = populationResult([arm('a', 500, 500), arm('b', 400, 400)], plan(['a', 'b']), 'a', 0.02, 0);
    const allC = all.comparisons[0];
    expect(allC).toMatchObject({ method: 'newcombe-fisher', absoluteLift: 0, pValue: 1, significant: false, testsDisagree: false });
    expect(allC.z).toBeNaN();
    relClose(allC.absoluteCi[0], -(1 - wilson(400, 400)[0]));
    relClose(allC.absoluteCi[1], 1 - wilson(500, 500)[0]);
    // Both arms at 100%: the log-ratio variance is 0, so no relative interval (rather than "+0.0% to +0.0%").
    expect([allC.relativeLift, ...allC.relativeCi].every(Number.isNaN)).toBe(true);
    expect(all.arms[0].rateCi[1]).toBe(1);
    relClose(all.arms[0].rateCi[0], wilson(500, 500)[0]);
    const none = populationResult([arm('a', 500, 0), arm('b', 400, 0)], plan(['a', 'b']), 'a', 0.02, 0).comparisons[0];
    expect(none).toMatchObject({ method: 'newcombe-fisher', absoluteLift: 0, pValue: 1, neededPerArm: Math.ceil(fleissN(0, 0.02)) });
    relClose(none.absoluteCi[0], -wilson(0, 500)[1]);
    relClose(none.absoluteCi[1], wilson(0, 400)[1]);
    expect([none.relativeLift, ...none.relativeCi].every(Number.isNaN)).toBe(true);
    // 0 of 300 against 12 of 280: Fisher's exact test (p = C(280,12)/C(580,12) + nothing as unlikely on the other side), no relative lift.
    const zero = populationResult([arm('a', 300, 0), arm('b', 280, 12)], plan(['a', 'b']), 'a', 0.02, 0).comparisons[0];
    expect(zero.method).toBe('newcombe-fisher');
    expect(zero.pValue).toBeLessThan(0.001);
    expect(zero.absoluteCi[0]).toBeGreaterThan(0);
    expect(zero.relativeLift).toBeNaN();
    expect(zero.summary).toMatch(/^b vs a: \+4\.3 points .*: significant; b raised conversion\. \(Newcombe's score interval and Fisher's exact test/);
  });

  it('adds an arm\'s rows split by in_progress, leaves mixed units out, and flags a counterfactual arm', () => {
    const rows = [
      arm('b', 100, 10, { goal_count: 14 }), arm('b', 50, 2, { in_progress: 1, cf_units: 3 }), arm('b', 7, 7, { mixed: 1 }),
      arm('a', 150, 15),
    ];
    const p = populationResult(rows, plan(['a', 'b']), 'a', 0.02, 50);
    expect(p.arms.map((a) => [a.variation, a.units, a.converted, a.goalEvents, a.counterfactual])).toEqual([['a', 150, 15, 15, false], ['b', 150, 12, 16, true]]);
    expect(p.srm?.chiSquare).toBe(0);
  });

  it('keeps its precision at 4 billion units per arm', () => {
    const [nc, xc, nt, xt] = [4_000_000_000, 800_000_000, 4_000_100_000, 800_420_020];
    const p = populationResult([arm('a', nc, xc), arm('b', nt, xt)], plan(['a', 'b']), 'a', 0.02, 0);
    const ref = twoProportions(nc, xc, nt, xt);
    const c = p.comparisons[0];
    relClose(c.absoluteLift, ref.diff, 1e-6);
    c.absoluteCi.forEach((b, i) => relClose(b, ref.ci[i], 1e-6));
    relClose(c.z, ref.z, 1e-6);
    relClose(c.pValue, ref.p, 1e-5);
    expect(p.arms[0].observedShare + p.arms[1].observedShare).toBeCloseTo(1, 15);
    const chi = (2 * 50_000 ** 2) / 4_000_050_000;
    relClose(p.srm!.chiSquare, chi, 1e-9);
    relClose(p.srm!.pValue, chiSquareTail(chi, 1), 1e-8);
    expect(fleissN(0.2, c.detectableLift)).toBeLessThanOrEqual(nc);
    expect(fleissN(0.2, c.detectableLift)).toBeGreaterThan(nc * (1 - 1e-6));
  });

  it('unbalanced arms: the smaller arm decides the sample-size verdict; the split fails', () => {
    const p = populationResult([arm('a', 10_000, 1500), arm('b', 100, 25)], plan(['a', 'b']), 'a', 0.02, 0);
    const ref = twoProportions(10_000, 1500, 100, 25);
    const c = p.comparisons[0];
    c.absoluteCi.forEach((b, i) => relClose(b, ref.ci[i]));
    relClose(c.pValue, ref.p, 1e-8);
    expect(fleissN(0.15, c.detectableLift)).toBeLessThanOrEqual(100 + 1e-9);
    expect(fleissN(0.15, c.detectableLift)).toBeGreaterThan(100 - 1e-6);
    expect(c.enoughData).toBe(false);
    expect(p.srm).toMatchObject({ mismatch: true, status: 'fail' });
  });
});

describe('with three or more arms, units in a zero-weight arm', () => {
  it('fails the split (p = 0), as it does with two arms, instead of "matches ... (p –)"', () => {
    // The manifest turned arm "off" down to weight 0; sticky or stale clients still log units there.
    // χ² is infinite, so P(χ²₂ > χ²) = 0: the split fails, as it does with two arms.
    const leak = populationResult([arm('a', 900, 90), arm('b', 100, 10), arm('off', 5, 0)], plan(['a', 'b', 'off'], [0.9, 0.1, 0], 'manifest'), 'a', 0.02, 0);
    expect(leak.srm).toMatchObject({ chiSquare: Infinity, pValue: 0, mismatch: true, status: 'fail' });
    expect(leak.srm!.verdict).not.toContain('matches the configured');
  });
});

describe('populationResult: an --mde the baseline leaves no room for', () => {
  it('says no sample size detects it, instead of "Not enough data: need about – units"', () => {
    const p = populationResult([arm('holdout', 100, 20), arm('help', 100, 30)], plan(['holdout', 'help']), 'holdout', 0.9, 0);
    const c = p.comparisons[0];
    expect(c.neededPerArm).toBeNaN();
    expect(c.summary).not.toContain('Not enough data');
    expect(c.summary).toContain('No sample size can detect a 90-point lift at this baseline (20.0%): the rate cannot move that far either way (lower --mde).');
  });
});
