/**
 * One population of one experiment (exposed, or assigned): conversion per arm, each arm
 * against the control, and the split check against the configured weights of every arm.
 */
import { human, percentText, pointsText, pText } from './human';
import type { ArmResult, Comparison, PopulationResult, SplitCheck } from './report-types';
import type { ArmRow } from './sql';
import { compareProportions, minimumDetectableLift, sampleRatioTest, sampleSizePerArm, wilsonInterval } from './stats';

export const ALPHA = 0.05;
export const POWER = 0.8;
/** Sample-ratio mismatch is flagged below this p-value (a correct split trips it once in 1,000 analyses). */
export const SRM_THRESHOLD = 0.001;

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export interface ArmPlan {
  /** Every configured arm, control first. */
  arms: string[];
  weights: number[];
  from: SplitCheck['weightsFrom'];
}

function compare(controlArm: ArmResult, arm: ArmResult, control: string, mde: number): Comparison {
  const c = compareProportions(controlArm, arm, ALPHA);
  const baseline = Number.isFinite(c.controlRate) ? c.controlRate : 0;
  const needed = sampleSizePerArm(baseline, mde, ALPHA, POWER);
  const perArm = Math.min(controlArm.units, arm.units);
  const enoughData = perArm >= needed;
  const detectableLift = minimumDetectableLift(baseline, perArm, ALPHA, POWER);
  const significant = c.pValue < ALPHA;
  let summary: string;
  if (controlArm.units === 0 || arm.units === 0) {
    const where = controlArm.units === 0 && arm.units === 0 ? 'either arm yet' : controlArm.units === 0 ? 'the control arm' : 'this arm';
    summary = `${arm.variation}: no units in ${where}, so there is nothing to compare.`;
  } else {
    const lift = `${arm.variation} vs ${control}: ${pointsText(c.absoluteLift)} points (95% CI ${pointsText(c.absoluteCi[0])} to ${pointsText(c.absoluteCi[1])}), ${pText(c.pValue)}`;
    summary = significant ? `${lift}: significant; ${arm.variation} ${c.absoluteLift > 0 ? 'raised' : 'lowered'} conversion.` : `${lift}: not significant.`;
    if (!enoughData) summary += ` Not enough data: need about ${human(needed)} units per arm to detect a ${human(mde * 100)}-point lift at this baseline (${percentText(baseline)}).`;
  }
  return {
    variation: arm.variation, control, absoluteLift: c.absoluteLift, absoluteCi: c.absoluteCi, relativeLift: c.relativeLift, relativeCi: c.relativeCi,
    z: c.z, pValue: c.pValue, significant, neededPerArm: needed, enoughData, detectableLift, summary,
  };
}

/**
 * The split check: every configured arm, an arm with no units a failure whatever the p-value.
 * With no units at all there is nothing to check: 'skipped', not 'fail' (a fresh experiment, or
 * every unit still inside its window, is not a broken split), and `waiting` units are named.
 */
function splitCheck(arms: ArmResult[], plan: ArmPlan, waiting: number): SplitCheck {
  const test = sampleRatioTest(arms.map((a) => a.units), plan.weights, SRM_THRESHOLD);
  const total = arms.reduce((s, a) => s + a.units, 0);
  const emptyArms = total > 0 ? arms.filter((a) => a.units === 0 && a.expectedShare > 0).map((a) => a.variation) : [];
  const split = arms.map((a) => `${a.variation} ${percentText(a.observedShare)}`).join(' / ');
  const expected = arms.map((a) => percentText(a.expectedShare)).join(' / ');
  const source = { manifest: 'the manifest', flag: '--weights', equal: 'an equal split (no --weights or --manifest given)' }[plan.from];
  let verdict: string;
  let status: SplitCheck['status'] = 'fail';
  if (total === 0) {
    status = 'skipped';
    verdict = `No units counted yet${waiting > 0 ? ` (${human(waiting)} still inside their window)` : ''}: there is no split to check yet.`;
  } else if (emptyArms.length) {
    verdict = `Split check failed: ${emptyArms.join(', ')} ${emptyArms.length > 1 ? 'have' : 'has'} no units, but ${source} gives ${emptyArms.length > 1 ? 'them' : 'it'} ${emptyArms.map((v) => percentText(arms.find((a) => a.variation === v)?.expectedShare ?? NaN)).join(' and ')} of the traffic. Its exposures (or assignments) are not being logged, or the arm never runs; no lift can be trusted until it is fixed.`;
  } else if (test.mismatch) {
    verdict = `Sample-ratio mismatch: ${split} against the configured ${expected} from ${source} (χ² = ${test.chiSquare.toFixed(1)}, ${pText(test.pValue)}). Do not trust the lift until the cause is found (exposures lost or logged twice in one arm, a bot, a redirect).`;
  } else {
    status = 'pass';
    verdict = `Split ${split} matches the configured ${expected} from ${source} (${pText(test.pValue)}).`;
  }
  return { ...test, weights: plan.weights, weightsFrom: plan.from, status, emptyArms, verdict };
}

/** Conversion per arm, comparisons with the control, and the split check. */
export function populationResult(rows: ArmRow[], plan: ArmPlan, control: string, mde: number, inProgressUnits: number): PopulationResult {
  const byArm = new Map<string, ArmRow>();
  for (const r of rows) {
    if (n(r.mixed) !== 0) continue;
    const seen = byArm.get(r.arm);
    // Rows of one arm split by in_progress (with --include-in-progress) are added up.
    byArm.set(r.arm, seen ? { ...seen, units: n(seen.units) + n(r.units), cf_units: n(seen.cf_units) + n(r.cf_units), converted: n(seen.converted) + n(r.converted), goal_count: n(seen.goal_count) + n(r.goal_count) } : r);
  }
  const total = plan.arms.reduce((s, v) => s + n(byArm.get(v)?.units), 0);
  const weightSum = plan.weights.reduce((a, b) => a + b, 0);
  const arms: ArmResult[] = plan.arms.map((variation, i) => {
    const row = byArm.get(variation);
    const units = n(row?.units);
    const converted = n(row?.converted);
    return {
      variation, control: variation === control, counterfactual: n(row?.cf_units) > 0, units, converted, goalEvents: n(row?.goal_count),
      // No units, no interval: Wilson's [0, 1] for n = 0 reads as a measured "0% to 100%".
      rate: units > 0 ? converted / units : NaN, rateCi: units > 0 ? wilsonInterval(converted, units, ALPHA) : [NaN, NaN],
      expectedShare: plan.weights[i] / weightSum, observedShare: total > 0 ? units / total : NaN,
    };
  });
  const controlArm = arms.find((a) => a.control);
  const comparisons = controlArm ? arms.filter((a) => !a.control).map((a) => compare(controlArm, a, control, mde)) : [];
  return { available: true, arms, comparisons, srm: splitCheck(arms, plan, inProgressUnits), inProgressUnits };
}
