/**
 * One population of one experiment (exposed, or assigned): conversion per arm, each arm
 * against the control, and the split check against the configured weights of every arm.
 */
import { human, percentText, pointsText, pText } from './human';
import { isolate } from './names';
import type { ArmResult, Comparison, PopulationResult, SplitCheck } from './report-types';
import type { ArmRow } from './sql';
import { compareProportions, holmAdjust, minimumDetectableLift, sampleRatioTest, sampleSizePerArm, wilsonInterval } from './stats';

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
  /** Arms in the logs the manifest does not define (weight 0 here). */
  undefinedArms?: string[];
  /** Where the weights came from, in words, when the default for `from` would not be true. */
  source?: string;
}

function compare(controlArm: ArmResult, arm: ArmResult, control: string, mde: number): Omit<Comparison, 'summary' | 'adjustedPValue' | 'significant'> {
  const c = compareProportions(controlArm, arm, ALPHA);
  const baseline = Number.isFinite(c.controlRate) ? c.controlRate : 0;
  const needed = sampleSizePerArm(baseline, mde, ALPHA, POWER);
  const perArm = Math.min(controlArm.units, arm.units);
  const excludesZero = c.absoluteCi[0] > 0 || c.absoluteCi[1] < 0;
  const testsDisagree = Number.isFinite(c.pValue) && Number.isFinite(c.absoluteCi[0]) && c.pValue < ALPHA !== excludesZero;
  return {
    variation: arm.variation, control, absoluteLift: c.absoluteLift, method: c.method, absoluteCi: c.absoluteCi, relativeLift: c.relativeLift, relativeCi: c.relativeCi,
    z: c.z, pValue: c.pValue, testsDisagree, neededPerArm: needed, enoughData: perArm >= needed, detectableLift: minimumDetectableLift(baseline, perArm, ALPHA, POWER),
  };
}

/** The note on the methods when the exact ones were used. */
export const EXACT_NOTE = "Newcombe's score interval and Fisher's exact test: an arm has fewer than 5 conversions or 5 non-conversions, too few for the z-test";

/**
 * Every comparison of one population, Holm-adjusted together: significant means the adjusted
 * p-value is below alpha, the interval excludes 0, and the interval and the test agree.
 */
function finish(list: ReturnType<typeof compare>[], arms: ArmResult[], control: string, mde: number): Comparison[] {
  const adjusted = holmAdjust(list.map((c) => c.pValue));
  const k = list.length;
  return list.map((c, i) => {
    const adjustedPValue = adjusted[i];
    const significant = !c.testsDisagree && adjustedPValue < ALPHA && (c.absoluteCi[0] > 0 || c.absoluteCi[1] < 0);
    const controlArm = arms.find((a) => a.variation === control);
    const arm = arms.find((a) => a.variation === c.variation);
    const name = isolate(c.variation);
    let summary: string;
    if (!controlArm?.units || !arm?.units) {
      const where = !controlArm?.units && !arm?.units ? 'either arm yet' : !controlArm?.units ? 'the control arm' : 'this arm';
      summary = `${name}: no units in ${where}, so there is nothing to compare.`;
    } else {
      const holm = k > 1 ? `, Holm-adjusted ${pText(adjustedPValue)}` : '';
      const lift = `${name} vs ${isolate(control)}: ${pointsText(c.absoluteLift)} points (95% CI ${pointsText(c.absoluteCi[0])} to ${pointsText(c.absoluteCi[1])}), ${pText(c.pValue)}${holm}`;
      const after = k > 1 ? ` after Holm's correction for ${k} comparisons` : '';
      if (c.testsDisagree) {
        summary = `${lift}: the interval ${c.pValue < ALPHA ? 'contains' : 'excludes'} 0 but the test says p ${c.pValue < ALPHA ? '<' : '≥'} 0.05; they disagree (a borderline result), so it is not called significant.`;
      } else if (significant) {
        summary = `${lift}: significant${after}; ${name} ${c.absoluteLift > 0 ? 'raised' : 'lowered'} conversion.`;
      } else {
        summary = `${lift}: not significant${c.pValue < ALPHA ? after : ''}.`;
      }
      if (c.method === 'newcombe-fisher') summary += ` (${EXACT_NOTE}.)`;
      const baseline = percentText(Number.isFinite(controlArm.rate) ? controlArm.rate : 0);
      // No sample size when the lift cannot happen (--mde 0.9 at 20%): "need about – units" said nothing true.
      if (!Number.isFinite(c.neededPerArm)) summary += ` No sample size can detect a ${human(mde * 100)}-point lift at this baseline (${baseline}): the rate cannot move that far either way (lower --mde).`;
      else if (!c.enoughData) summary += ` Not enough data: need about ${human(c.neededPerArm)} units per arm to detect a ${human(mde * 100)}-point lift at this baseline (${baseline}).`;
    }
    return { ...c, adjustedPValue, significant, summary };
  });
}

/** Why an arm has no units left although it was logged. */
const MIXED_ONLY = 'every unit logged in it was also logged in another arm, and such units are left out (see the multi-variation check: sticky assignment broke)';

/**
 * The split check: every configured arm, an arm with no units a failure whatever the p-value.
 * With no units at all there is nothing to check: 'skipped', not 'fail' (a fresh experiment, or
 * every unit still inside its window, is not a broken split), and `waiting` units are named.
 */
function splitCheck(arms: ArmResult[], plan: ArmPlan, waiting: number, multiByArm: ReadonlyMap<string, number>): SplitCheck {
  const test = sampleRatioTest(arms.map((a) => a.units), plan.weights, SRM_THRESHOLD);
  const total = arms.reduce((s, a) => s + a.units, 0);
  const emptyArms = total > 0 ? arms.filter((a) => a.units === 0 && a.expectedShare > 0).map((a) => a.variation) : [];
  const undefinedArms = plan.undefinedArms ?? [];
  const unexpectedArms = arms.filter((a) => a.units > 0 && !(a.expectedShare > 0)).map((a) => a.variation);
  const split = arms.map((a) => `${isolate(a.variation)} ${percentText(a.observedShare)}`).join(' / ');
  const multi = (v: string) => multiByArm.get(v) ?? 0;
  const expected = arms.map((a) => percentText(a.expectedShare)).join(' / ');
  const source = plan.source ?? { manifest: 'the manifest', flag: '--weights', equal: 'an equal split (no --weights or --manifest given)' }[plan.from];
  let verdict: string;
  let status: SplitCheck['status'] = 'fail';
  if (total === 0 && arms.some((a) => multi(a.variation) > 0)) {
    verdict = 'Split check failed: every unit logged was also logged in another arm, and such units are left out (see the multi-variation check: sticky assignment broke); there is nothing to compare, and no lift can be trusted until it is fixed.';
  } else if (total === 0) {
    status = 'skipped';
    verdict = `No units counted yet${waiting > 0 ? ` (${human(waiting)} still inside their window)` : ''}: there is no split to check yet.`;
  } else if (unexpectedArms.length) {
    const named = unexpectedArms.map((v) => `${isolate(v)} (${human(arms.find((a) => a.variation === v)?.units ?? 0)} units${undefinedArms.includes(v) ? ', an arm the manifest does not define' : ', weight 0'})`);
    verdict = `Split check failed: ${named.join(', ')} ${unexpectedArms.length > 1 ? 'have' : 'has'} units but should have none by ${source}. Units are being assigned outside the configuration (a stale or different manifest, a renamed arm, a bug); no lift can be trusted until it is explained.`;
  } else if (emptyArms.length) {
    // An arm logged only by units that also saw another arm runs: its units were left out. Only
    // an arm with no unit at all is one whose exposures are missing or that never runs.
    const silent = emptyArms.filter((v) => multi(v) === 0);
    const excluded = emptyArms.filter((v) => multi(v) > 0);
    const silentText = `${silent.map(isolate).join(', ')} ${silent.length > 1 ? 'have' : 'has'} no units, but ${source} gives ${silent.length > 1 ? 'them' : 'it'} ${silent.map((v) => percentText(arms.find((a) => a.variation === v)?.expectedShare ?? NaN)).join(' and ')} of the traffic. Its exposures (or assignments) are not being logged, or the arm never runs`;
    const excludedText = `${excluded.map((v) => `${isolate(v)} (${human(multi(v))} ${multi(v) === 1 ? 'unit' : 'units'} logged)`).join(', ')} ${excluded.length > 1 ? 'have' : 'has'} no units left: ${MIXED_ONLY}`;
    verdict = !excluded.length
      ? `Split check failed: ${silentText}; no lift can be trusted until it is fixed.`
      : `Split check failed: ${[silent.length && `${silentText}.`, `${excludedText}.`].filter(Boolean).join(' ')} No lift can be trusted until it is fixed.`;
  } else if (test.mismatch) {
    verdict = `Sample-ratio mismatch: ${split} against the configured ${expected} from ${source} (χ² = ${test.chiSquare.toFixed(1)}, ${pText(test.pValue)}). Do not trust the lift until the cause is found (exposures lost or logged twice in one arm, a bot, a redirect).`;
  } else {
    status = 'pass';
    verdict = `Split ${split} matches the configured ${expected} from ${source} (${pText(test.pValue)}).`;
  }
  return { ...test, weights: plan.weights, weightsFrom: plan.from, status, emptyArms, unexpectedArms, undefinedArms, verdict };
}

/**
 * Conversion per arm, comparisons with the control, and the split check. `multiByArm`: per arm,
 * the units logged in it and in another arm too, left out here (see ./report-arms.ts).
 */
export function populationResult(rows: ArmRow[], plan: ArmPlan, control: string, mde: number, inProgressUnits: number, multiByArm: ReadonlyMap<string, number> = new Map()): PopulationResult {
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
  const comparisons = controlArm ? finish(arms.filter((a) => !a.control).map((a) => compare(controlArm, a, control, mde)), arms, control, mde) : [];
  return { available: true, arms, comparisons, srm: splitCheck(arms, plan, inProgressUnits, multiByArm), inProgressUnits };
}
