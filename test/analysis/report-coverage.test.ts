/**
 * Does the analysis tell the truth? Over many simulated experiments with a known effect
 * (src/analysis/simulate.ts, the SDK's own assignment), computed in TypeScript without
 * DuckDB (src/analysis/aggregate.ts, the SQL's twin) so 400 experiments take seconds:
 * - the 95% interval of the lift covers the true lift in about 95% of runs;
 * - with no effect, the test says "not significant" in about 95% of runs;
 * - an injected 52/48 split at 20,000 units is flagged as a sample-ratio mismatch;
 * - the hygiene counts equal what the simulator injected.
 * Seeds are fixed, so each run is the same; the bounds are binomial: with 200 runs and a true
 * rate of 95%, 91%–98.5% holds with probability above 0.99.
 */
import { describe, expect, it } from 'vitest';
import { aggregateEvents, type RawEvent } from '../../src/analysis/aggregate';
import { buildReport, type AnalysisReport } from '../../src/analysis/report';
import { simulate, SIM_EXPERIMENT, SIM_GOAL, SIM_WINDOW_DAYS, type SimulateOptions } from '../../src/analysis/simulate';

const WINDOW_MS = SIM_WINDOW_DAYS * 86_400_000;
const RUNS = 200;
// Seconds of CPU; generous for a busy two-core machine. Timing is measured in bench/, not here.
const SLOW = 120_000;

function analyse(options: SimulateOptions) {
  const { events, truth } = simulate(options);
  const rows = aggregateEvents(events as unknown as RawEvent[], { goal: SIM_GOAL, windowMs: WINDOW_MS });
  const report = buildReport(rows, { goal: SIM_GOAL, windowMs: WINDOW_MS });
  return { report, truth };
}

const experimentOf = (report: AnalysisReport) => {
  const e = report.experiments.find((x) => x.experiment === SIM_EXPERIMENT);
  if (!e) throw new Error('experiment missing from the report');
  return e;
};

describe('over 200 simulated experiments', () => {
  it('the 95% interval covers the true lift (+9 points) in 91%–98.5% of runs, and the arms are recovered exactly', () => {
    let covered = 0;
    let lifts = 0;
    for (let seed = 1000; seed < 1000 + RUNS; seed++) {
      const { report, truth } = analyse({ units: 500, lift: 0.09, seed, extras: false });
      const e = experimentOf(report);
      expect(e.control).toBe('holdout');
      const [holdout, help] = e.exposed.arms;
      // The aggregation counts exactly the units and conversions the simulator made.
      expect([holdout.units, help.units]).toEqual([truth.exposedUnits.holdout, truth.exposedUnits.help]);
      expect([holdout.converted, help.converted]).toEqual([truth.convertedUnits.holdout, truth.convertedUnits.help]);
      const c = e.exposed.comparisons[0];
      if (c.absoluteCi[0] <= truth.lift && truth.lift <= c.absoluteCi[1]) covered++;
      lifts += c.absoluteLift;
    }
    console.log(`coverage of the 95% interval: ${covered}/${RUNS}; mean estimated lift ${(lifts / RUNS).toFixed(4)} (true 0.09)`);
    expect(covered).toBeGreaterThanOrEqual(182);
    expect(covered).toBeLessThanOrEqual(197);
    // Unbiased: the mean of 200 estimates (SE of each about 0.04) is within 0.01 of the truth.
    expect(Math.abs(lifts / RUNS - 0.09)).toBeLessThan(0.01);
  }, SLOW);

  it('with no effect, "not significant" in 91%–98.5% of runs, and the split is rarely flagged', () => {
    let notSignificant = 0;
    let srmFlags = 0;
    for (let seed = 5000; seed < 5000 + RUNS; seed++) {
      const { report } = analyse({ units: 500, lift: 0, seed, extras: false });
      const e = experimentOf(report);
      if (!e.exposed.comparisons[0].significant) notSignificant++;
      if (e.exposed.srm?.mismatch) srmFlags++;
    }
    console.log(`null effect: not significant in ${notSignificant}/${RUNS}; SRM flagged in ${srmFlags}/${RUNS}`);
    expect(notSignificant).toBeGreaterThanOrEqual(182);
    expect(notSignificant).toBeLessThanOrEqual(197);
    // A correct split trips the p < 0.001 check one time in a thousand.
    expect(srmFlags).toBeLessThanOrEqual(2);
  }, SLOW);
});

describe('sample-ratio mismatch', () => {
  it('flags an injected 52/48 split at 20,000 units, and not an honest 50/50 one', () => {
    const biased = experimentOf(analyse({ units: 20_000, lift: 0.09, seed: 7, srm: 0.52, extras: false }).report);
    expect(biased.exposed.srm?.mismatch).toBe(true);
    expect(biased.exposed.srm?.pValue).toBeLessThan(0.001);
    expect(biased.exposed.srm?.verdict).toMatch(/^Sample-ratio mismatch/);
    const share = biased.exposed.arms.find((a) => a.variation === 'help')!.observedShare;
    expect(share).toBeGreaterThan(0.51);
    expect(share).toBeLessThan(0.53);

    const honest = experimentOf(analyse({ units: 20_000, lift: 0.09, seed: 7, extras: false }).report);
    expect(honest.exposed.srm?.mismatch).toBe(false);
  }, SLOW);
});

describe('hygiene', () => {
  it.each(['user', 'account'] as const)('counts duplicates, forced exposures and units in two arms as injected (%s unit)', (unit) => {
    const { report, truth } = analyse({ units: 3000, lift: 0.05, seed: 3, unit });
    const e = experimentOf(report);
    expect(e.unit).toBe(unit);
    expect(report.hygiene.duplicateRowsDropped).toBe(truth.duplicateRows);
    expect(truth.duplicateRows).toBeGreaterThan(0);
    expect(e.hygiene.forcedEvents).toBe(truth.forcedEvents);
    expect(e.hygiene.forcedUnits).toBe(truth.forcedUnits);
    expect(e.hygiene.multiVariationUnits).toBe(truth.multiVariationUnits);
    expect(truth.multiVariationUnits).toBeGreaterThan(0);
    const [holdout, help] = e.exposed.arms;
    expect([holdout.units, help.units]).toEqual([truth.exposedUnits.holdout, truth.exposedUnits.help]);
    expect([holdout.converted, help.converted]).toEqual([truth.convertedUnits.holdout, truth.convertedUnits.help]);
    expect(e.intentToTreat.available).toBe(true);
    expect(e.intentToTreat.arms.map((a) => a.variation)).toEqual(['holdout', 'help']);
  }, SLOW);

  it('is deterministic for a seed', () => {
    const a = simulate({ units: 300, lift: 0.09, seed: 11 }).events;
    const b = simulate({ units: 300, lift: 0.09, seed: 11 }).events;
    const c = simulate({ units: 300, lift: 0.09, seed: 12 }).events;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
  });
});
