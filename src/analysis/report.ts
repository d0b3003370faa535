/**
 * From aggregates to answers: per experiment and arm, conversion with its interval, lift
 * against control with intervals and a p-value, the sample-ratio check, hygiene counts and
 * plain-words advice; tour funnels; "Was this helpful?" shares. Pure: the same report comes
 * from DuckDB's rows or from ./aggregate.ts.
 */
import type { AggregateRows, ArmRow, TourRow } from './sql';
import { compareProportions, sampleRatioTest, sampleSizePerArm, wilsonInterval, type Interval, type SrmResult } from './stats';

export const ALPHA = 0.05;
export const POWER = 0.8;
/** Sample-ratio mismatch is flagged below this p-value (a correct split trips it once in 1,000 analyses). */
export const SRM_THRESHOLD = 0.001;

export interface ReportOptions {
  goal: string;
  windowMs: number;
  /** Absolute lift the experiment should be able to detect (0.02 = 2 points). @default 0.02 */
  mde?: number;
  /** Configured weights in arm order (control first, then the others sorted); default equal. */
  weights?: number[];
  /** Force the control arm. */
  control?: string;
  /** Variation keys in manifest order, per experiment key (the first is the control). */
  manifestOrder?: Record<string, string[]>;
  /** Weights per variation key, per experiment key, from the manifest. */
  manifestWeights?: Record<string, Record<string, number>>;
  inputs?: string[];
}

export interface ArmResult {
  variation: string;
  control: boolean;
  /** Whether this arm's exposures were counterfactual (the holdout: nothing rendered). */
  counterfactual: boolean;
  units: number;
  converted: number;
  goalEvents: number;
  rate: number;
  /** Wilson 95% interval of the conversion rate. */
  rateCi: Interval;
  expectedShare: number;
  observedShare: number;
}

export interface Comparison {
  variation: string;
  control: string;
  absoluteLift: number;
  absoluteCi: Interval;
  relativeLift: number;
  relativeCi: Interval;
  z: number;
  pValue: number;
  significant: boolean;
  /** Units per arm needed to detect `mde` at the control's rate (alpha 0.05 two-sided, power 0.8). */
  neededPerArm: number;
  enoughData: boolean;
  summary: string;
}

export interface PopulationResult {
  available: boolean;
  /** Why it is unavailable. */
  reason?: string;
  arms: ArmResult[];
  comparisons: Comparison[];
  srm?: SrmResult & { weights: number[]; verdict: string };
}

export interface ExperimentResult {
  experiment: string;
  bucketVersion: number;
  unit: string;
  control: string;
  controlRule: 'flag' | 'counterfactual' | 'manifest' | 'sorted';
  /** Triggered analysis: units exposed at the trigger point (both arms log an exposure there). */
  exposed: PopulationResult;
  /** Intent-to-treat: units assigned, when `assignment` events exist. */
  intentToTreat: PopulationResult;
  hygiene: { exposureEvents: number; forcedEvents: number; forcedUnits: number; multiVariationUnits: number };
  notes: string[];
}

export interface TourStep {
  step: number;
  units: number;
  /** Units that viewed this step but not the next (for the last step: did not complete). */
  dropOff: number;
  dropOffRate: number;
}

export interface TourResult {
  tour: string;
  version: number;
  started: number;
  completed: number;
  completionRate: number;
  steps: TourStep[];
  dismissals: { origin: string; units: number; events: number }[];
}

export interface FeedbackResult {
  item: string;
  itemType: string;
  answers: number;
  yes: number;
  share: number;
  shareCi: Interval;
}

export interface AnalysisReport {
  goal: string;
  windowDays: number;
  alpha: number;
  power: number;
  mde: number;
  inputs: string[];
  hygiene: { rowsRead: number; unusableRows: number; duplicateRowsDropped: number; events: number };
  experiments: ExperimentResult[];
  tours: TourResult[];
  feedback: FeedbackResult[];
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
const formatP = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

function populationResult(rows: ArmRow[], order: string[], control: string, weightsFor: (arms: string[]) => number[], mde: number): PopulationResult {
  const byArm = new Map(rows.filter((r) => n(r.mixed) === 0).map((r) => [r.arm, r]));
  const arms = order.filter((v) => byArm.has(v) || v === control);
  const weights = weightsFor(arms);
  const total = arms.reduce((s, v) => s + n(byArm.get(v)?.units), 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const armResults: ArmResult[] = arms.map((variation, i) => {
    const row = byArm.get(variation);
    const units = n(row?.units);
    const converted = n(row?.converted);
    return {
      variation,
      control: variation === control,
      counterfactual: n(row?.cf_units) > 0,
      units,
      converted,
      goalEvents: n(row?.goal_count),
      rate: units > 0 ? converted / units : NaN,
      rateCi: wilsonInterval(converted, units, ALPHA),
      expectedShare: weights[i] / weightSum,
      observedShare: total > 0 ? units / total : NaN,
    };
  });
  const controlArm = armResults.find((a) => a.control);
  const comparisons: Comparison[] = [];
  for (const arm of armResults) {
    if (arm.control || !controlArm) continue;
    const c = compareProportions(controlArm, arm, ALPHA);
    const baseline = Number.isFinite(c.controlRate) ? c.controlRate : 0;
    const needed = sampleSizePerArm(baseline, mde, ALPHA, POWER);
    const enoughData = Math.min(controlArm.units, arm.units) >= needed;
    const significant = c.pValue < ALPHA;
    const mdePoints = `${+(mde * 100).toFixed(2)}-point`;
    let summary: string;
    if (controlArm.units === 0 || arm.units === 0) {
      summary = `${arm.variation}: no units in ${controlArm.units === 0 ? 'the control arm' : 'this arm'} yet.`;
    } else {
      const lift = `${arm.variation} vs ${control}: ${points(c.absoluteLift)} points (95% CI ${points(c.absoluteCi[0])} to ${points(c.absoluteCi[1])}), ${formatP(c.pValue)}`;
      summary = significant
        ? `${lift}: significant; ${arm.variation} ${c.absoluteLift > 0 ? 'raised' : 'lowered'} conversion.`
        : `${lift}: not significant.`;
      if (!enoughData) summary += ` Not enough data: need about ${needed.toLocaleString('en-US')} units per arm to detect a ${mdePoints} lift at this baseline (${pct(baseline)}).`;
    }
    comparisons.push({
      variation: arm.variation,
      control,
      absoluteLift: c.absoluteLift,
      absoluteCi: c.absoluteCi,
      relativeLift: c.relativeLift,
      relativeCi: c.relativeCi,
      z: c.z,
      pValue: c.pValue,
      significant,
      neededPerArm: needed,
      enoughData,
      summary,
    });
  }
  const srmTest = sampleRatioTest(armResults.map((a) => a.units), weights, SRM_THRESHOLD);
  const split = armResults.map((a) => `${a.variation} ${pct(a.observedShare)}`).join(' / ');
  const expected = armResults.map((a) => pct(a.expectedShare)).join(' / ');
  const verdict = srmTest.mismatch
    ? `Sample-ratio mismatch: ${split} against the configured ${expected} (χ² = ${srmTest.chiSquare.toFixed(1)}, ${formatP(srmTest.pValue)}). Do not trust the lift until the cause is found (exposures lost or logged twice in one arm, a bot, a redirect).`
    : `Split ${split} matches the configured ${expected} (${formatP(srmTest.pValue)}).`;
  return { available: true, arms: armResults, comparisons, srm: { ...srmTest, weights, verdict } };
}

/**
 * Which arm is the control: --control, else the arm whose exposures are counterfactual (a
 * holdout), else the manifest's first variation, else the first key in sorted order.
 */
function chooseControl(experiment: string, arms: ArmRow[], options: ReportOptions): { control: string; rule: ExperimentResult['controlRule'] } {
  const keys = [...new Set(arms.filter((r) => n(r.mixed) === 0).map((r) => r.arm))].sort();
  if (options.control !== undefined) return { control: options.control, rule: 'flag' };
  const cf = arms.filter((r) => n(r.mixed) === 0 && n(r.cf_units) > 0).sort((a, b) => n(b.cf_units) - n(a.cf_units));
  if (cf.length) return { control: cf[0].arm, rule: 'counterfactual' };
  const order = options.manifestOrder?.[experiment];
  if (order?.length) return { control: order[0], rule: 'manifest' };
  return { control: keys[0] ?? '', rule: 'sorted' };
}

function experimentResults(rows: AggregateRows, options: ReportOptions, mde: number): ExperimentResult[] {
  const keyOf = (r: { experiment: string; bucket: number; unit: string }) => `${r.experiment}\u0000${n(r.bucket)}\u0000${r.unit}`;
  const groups = new Map<string, ArmRow[]>();
  for (const r of rows.arms) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  for (const r of rows.exposures) if (!groups.has(keyOf(r))) groups.set(keyOf(r), []);
  const results: ExperimentResult[] = [];
  for (const [key, armRows] of groups) {
    const [experiment, bucket, unit] = key.split('\u0000');
    const exposedRows = armRows.filter((r) => r.population === 'exposed');
    const assignedRows = armRows.filter((r) => r.population === 'assigned');
    const { control, rule } = chooseControl(experiment, exposedRows.length ? exposedRows : assignedRows, options);
    const manifestOrder = options.manifestOrder?.[experiment] ?? [];
    const seen = [...new Set(armRows.filter((r) => n(r.mixed) === 0).map((r) => r.arm))];
    // Arm order: control first, then manifest order, then any other key sorted.
    const order = [control, ...manifestOrder.filter((v) => v !== control), ...seen.filter((v) => v !== control && !manifestOrder.includes(v)).sort()];
    const weightsFor = (arms: string[]) => {
      const fromManifest = options.manifestWeights?.[experiment];
      if (fromManifest && arms.every((a) => fromManifest[a] !== undefined)) return arms.map((a) => fromManifest[a]);
      if (options.weights && options.weights.length === arms.length) return options.weights;
      return arms.map(() => 1 / arms.length);
    };
    const exposed = exposedRows.length
      ? populationResult(exposedRows, order, control, weightsFor, mde)
      : { available: false, reason: 'no non-forced exposures', arms: [], comparisons: [] };
    const intentToTreat = assignedRows.length
      ? populationResult(assignedRows, order, control, weightsFor, mde)
      : { available: false, reason: 'no assignment events in these logs (the SDK logs one when a unit enters an experiment), so intent-to-treat cannot be computed', arms: [], comparisons: [] };
    const exposure = rows.exposures.find((r) => keyOf(r) === key && r.population === 'exposed');
    const multi = exposedRows.filter((r) => n(r.mixed) === 1).reduce((s, r) => s + n(r.units), 0);
    const notes: string[] = [];
    if (options.weights && exposed.arms.length && options.weights.length !== exposed.arms.length) {
      notes.push(`--weights has ${options.weights.length} values but the experiment has ${exposed.arms.length} arms: equal weights used.`);
    }
    if (multi > 0) notes.push('Units in more than one variation mean sticky assignment broke somewhere: a seed or weights changed without a new bucketVersion, a stale cached manifest, or ids shared between people.');
    if (rule === 'flag' && !exposed.arms.some((a) => a.control && a.units > 0)) notes.push(`The control "${control}" has no exposed units.`);
    if (exposed.arms.length > 2) notes.push('More than two arms: each is compared with the control at alpha 0.05, with no correction for multiple comparisons.');
    results.push({
      experiment,
      bucketVersion: Number(bucket),
      unit,
      control,
      controlRule: rule,
      exposed,
      intentToTreat,
      hygiene: {
        exposureEvents: n(exposure?.events),
        forcedEvents: n(exposure?.forced_events),
        forcedUnits: n(exposure?.forced_units),
        multiVariationUnits: multi,
      },
      notes,
    });
  }
  return results.sort((a, b) => a.experiment.localeCompare(b.experiment) || a.bucketVersion - b.bucketVersion || a.unit.localeCompare(b.unit));
}

function tourResults(rows: TourRow[]): TourResult[] {
  const groups = new Map<string, TourRow[]>();
  for (const r of rows) {
    const key = `${r.tour}\u0000${n(r.item_ver)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: TourResult[] = [];
  for (const list of groups.values()) {
    const started = n(list.find((r) => r.kind === 'started')?.units);
    const completed = n(list.find((r) => r.kind === 'completed')?.units);
    const byStep = new Map(list.filter((r) => r.kind === 'step').map((r) => [n(r.out_step), n(r.units)]));
    const last = Math.max(-1, ...byStep.keys());
    const steps: TourStep[] = [];
    for (let step = 0; step <= last; step++) {
      const units = byStep.get(step) ?? 0;
      const next = step === last ? completed : byStep.get(step + 1) ?? 0;
      const dropOff = Math.max(0, units - next);
      steps.push({ step, units, dropOff, dropOffRate: units > 0 ? dropOff / units : NaN });
    }
    out.push({
      tour: list[0].tour,
      version: n(list[0].item_ver),
      started,
      completed,
      completionRate: started > 0 ? completed / started : NaN,
      steps,
      dismissals: list
        .filter((r) => r.kind === 'dismissed')
        .map((r) => ({ origin: r.out_origin || '(none)', units: n(r.units), events: n(r.events) }))
        .sort((a, b) => b.units - a.units || a.origin.localeCompare(b.origin)),
    });
  }
  return out.sort((a, b) => a.tour.localeCompare(b.tour) || a.version - b.version);
}

export function buildReport(rows: AggregateRows, options: ReportOptions): AnalysisReport {
  const mde = options.mde ?? 0.02;
  const usable = n(rows.hygiene.usable);
  const distinct = n(rows.hygiene.distinct_usable);
  return {
    goal: options.goal,
    windowDays: options.windowMs / 86_400_000,
    alpha: ALPHA,
    power: POWER,
    mde,
    inputs: options.inputs ?? [],
    hygiene: { rowsRead: n(rows.hygiene.rows_read), unusableRows: n(rows.hygiene.rows_read) - usable, duplicateRowsDropped: usable - distinct, events: distinct },
    experiments: experimentResults(rows, options, mde),
    tours: tourResults(rows.tours),
    feedback: rows.feedback
      .map((r) => ({
        item: r.item_id,
        itemType: r.item_kind,
        answers: n(r.answers),
        yes: n(r.yes),
        share: n(r.answers) > 0 ? n(r.yes) / n(r.answers) : NaN,
        shareCi: wilsonInterval(n(r.yes), n(r.answers), ALPHA),
      }))
      .sort((a, b) => a.item.localeCompare(b.item)),
  };
}
