/**
 * From aggregates to answers: per experiment, the number to report and why, both populations
 * (exposed and intent-to-treat) with conversion, lift and intervals, the checks that guard
 * them (split, assignment audit, consistency, goals before exposure, in-progress units);
 * tour funnels; "Was this helpful?" shares. Pure: the same report comes from any engine's
 * rows or from ./aggregate.ts.
 */
import { auditAssignments } from './audit';
import { consistencyChecks, recommend } from './report-checks';
import { isolate } from './names';
import { armPlan, chooseControl, loggedArms, multiVariationByArm, own, similarArmNames } from './report-arms';
import { ALPHA, POWER, populationResult } from './report-population';
import type { AnalysisReport, Check, ExperimentResult, FeedbackResult, PopulationResult, ReportOptions, TourResult, TourStep } from './report-types';
import type { AggregateRows, ArmRow, ConsistencyRow, ExposureRow, GoalNameRow, TourRow, UnitRow, WithoutUnitRow } from './sql';
import { wilsonInterval } from './stats';

export { ALPHA, POWER, SRM_THRESHOLD } from './report-population';
export { experimentsIn, UnknownNameError, unknownControl, unknownExperiment } from './report-arms';
export type * from './report-types';

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
/** A grouping key for names from the logs, which may hold any character (a NUL too). */
const keyOf = (...parts: unknown[]) => JSON.stringify(parts);
/** A tour funnel lists at most this many steps: step numbers from the logs are not trusted to size it. */
export const MAX_FUNNEL_STEPS = 100;

interface Group<T> {
  first: T;
  rows: T[];
}
/** Rows grouped by key, in first-seen order (one push per row: no copying). */
function groupBy<T>(rows: Iterable<T>, key: (row: T) => string): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.rows.push(row);
    else groups.set(k, { first: row, rows: [row] });
  }
  return [...groups.values()];
}

type ExperimentKey = Pick<ArmRow, 'experiment' | 'bucket' | 'unit'>;
const experimentKey = (r: ExperimentKey) => keyOf(r.experiment, n(r.bucket), r.unit);

/** The rows of one experiment (name, bucket version, unit kind), gathered in one pass over each list. */
interface ExperimentRows {
  id: ExperimentKey;
  arms: ArmRow[];
  exposure?: ExposureRow;
  consistency?: ConsistencyRow;
  units: UnitRow[];
  /** Exposures without a unit or unit_id: of this unit kind, or (no unit) of this experiment and bucket. */
  withoutUnit: WithoutUnitRow[];
}

function byExperiment(rows: AggregateRows): ExperimentRows[] {
  const groups = new Map<string, ExperimentRows>();
  const group = (r: ExperimentKey) => {
    const key = experimentKey(r);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { id: r, arms: [], units: [], withoutUnit: [] }));
    return g;
  };
  for (const r of rows.arms) group(r).arms.push(r);
  // An experiment with only forced (QA) exposures has no arm rows, and is reported too.
  for (const r of rows.exposures) {
    const g = group(r);
    if (r.population === 'exposed') g.exposure ??= r;
  }
  for (const r of rows.consistency) {
    const g = groups.get(experimentKey(r));
    if (g) g.consistency ??= r;
  }
  for (const r of rows.units ?? []) groups.get(experimentKey(r))?.units.push(r);
  // Exposures without a unit go to every unit kind of their experiment and bucket (or one of their own).
  for (const r of rows.without_unit ?? []) {
    const same = r.unit_kind !== ''
      ? [group({ experiment: r.experiment, bucket: r.bucket, unit: r.unit_kind })]
      : [...groups.values()].filter((g) => g.id.experiment === r.experiment && n(g.id.bucket) === n(r.bucket));
    (same.length ? same : [group({ experiment: r.experiment, bucket: r.bucket, unit: '(no unit)' })]).forEach((g) => g.withoutUnit.push(r));
  }
  return [...groups.values()];
}

/** Per arm, the exposures without a unit (`no_unit`) or unit_id, added up over the rows. */
function withoutUnitByArm(list: WithoutUnitRow[]): { arm: string; noUnit: number; noUnitId: number }[] {
  const byArm = new Map<string, { arm: string; noUnit: number; noUnitId: number }>();
  for (const r of list) {
    const arm = r.arm === '' ? '(no variation)' : r.arm;
    const seen = byArm.get(arm) ?? { arm, noUnit: 0, noUnitId: 0 };
    seen.noUnit += n(r.no_unit);
    seen.noUnitId += n(r.no_unit_id);
    byArm.set(arm, seen);
  }
  return [...byArm.values()];
}

function experimentResult(rows: ExperimentRows, futureEvents: number, options: ReportOptions, mde: number, asOfMs: number | null, goalNames?: GoalNameRow[]): ExperimentResult {
  const { id, arms: armRows, exposure, consistency } = rows;
  const { experiment, unit } = id;
  const bucket = n(id.bucket);
  const counted = (r: ArmRow) => options.includeInProgress === true || n(r.in_progress) === 0;
  const exposedRows = armRows.filter((r) => r.population === 'exposed');
  const assignedRows = armRows.filter((r) => r.population === 'assigned');
  const { control, rule } = chooseControl(experiment, armRows, options);
  const manifestOrder = own(options.manifestOrder, experiment) ?? [];
  const seen = loggedArms(armRows);
  // Arm order: control first, then manifest order, then any other key sorted.
  const order = [control, ...manifestOrder.filter((v) => v !== control), ...seen.filter((v) => v !== control && !manifestOrder.includes(v)).sort()];
  const plan = armPlan(experiment, order, options);
  const inProgress = (list: ArmRow[]) => list.filter((r) => n(r.mixed) === 0 && n(r.in_progress) === 1).reduce((s, r) => s + n(r.units), 0);
  const population = (list: ArmRow[], reason: string): PopulationResult =>
    list.length ? populationResult(list.filter(counted), plan, control, mde, inProgress(list), multiVariationByArm(list)) : { available: false, reason, arms: [], comparisons: [], inProgressUnits: 0 };
  const exposed = population(exposedRows, 'no non-forced exposures');
  const intentToTreat = population(assignedRows, 'no assignment events in these logs (the SDK logs one when a unit enters an experiment), so intent-to-treat cannot be computed');
  const mixedUnits = (list: ArmRow[]) => list.filter((r) => n(r.mixed) === 1).reduce((s, r) => s + n(r.units), 0);
  const multi = mixedUnits(exposedRows);
  const sum = (list: ArmRow[], field: 'early_units' | 'skew_units') => list.filter((r) => n(r.mixed) === 0 && counted(r)).reduce((s, r) => s + n(r[field]), 0);
  const checks: Check[] = [];
  for (const [id, p, label] of [['split-exposed', exposed, 'Exposed'], ['split-assigned', intentToTreat, 'Assigned']] as const) {
    if (p.srm) checks.push({ id, status: p.srm.status, count: p.srm.emptyArms.length + (p.srm.unexpectedArms?.length ?? 0), message: `${label} ${isolate(unit)}s: ${p.srm.verdict}` });
  }
  const audit = options.manifestExperiments
    ? auditAssignments(rows.units, options.manifestExperiments.find((x) => x.key === experiment), bucket, unit)
    : undefined;
  checks.push(
    audit
      ? { id: 'assignment-audit', status: audit.status, count: audit.mismatched, message: audit.message }
      : { id: 'assignment-audit', status: 'skipped', message: 'Assignment audit skipped: pass --manifest to recompute every unit\'s arm from its seed, weights and coverage.' },
  );
  checks.push(
    ...consistencyChecks({
      unit, exposedUnits: n(consistency?.exposed_units), assignedUnits: n(consistency?.assigned_units), disagreeing: n(consistency?.disagreeing),
      unassignedExposed: n(consistency?.unassigned_exposed), earlyUnits: sum(exposedRows, 'early_units'), skewUnits: sum(exposedRows, 'skew_units'),
      multiVariationUnits: multi, multiAssignedUnits: mixedUnits(assignedRows), inProgress: { exposed: exposed.inProgressUnits, assigned: intentToTreat.inProgressUnits },
      includeInProgress: options.includeInProgress === true, windowDays: options.windowMs / 86_400_000, futureEvents,
      withoutUnit: withoutUnitByArm(rows.withoutUnit),
      ...(goalNames && { goal: { name: options.goal, names: goalNames.map((g) => ({ name: String(g.goal_name), events: n(g.events) })) } }),
    }),
  );
  // Every arm, logged or defined, with its units where they are counted (exposed, else assigned).
  const similar = similarArmNames((exposed.arms.length ? exposed : intentToTreat).arms, control, rule, unit);
  if (similar) checks.push(similar);
  const notes: string[] = [];
  // Said whatever stood in for them: with --manifest, the flag was otherwise dropped without a word.
  if (options.weights && plan.from !== 'flag' && options.weights.length !== plan.arms.length) {
    notes.push(`--weights has ${options.weights.length} values but the experiment has ${plan.arms.length} arms: ${plan.from === 'manifest' ? "the manifest's" : 'equal'} weights used.`);
  }
  if (rule === 'flag' && !seen.includes(control) && !manifestOrder.includes(control)) {
    notes.push(`--control "${isolate(control)}" is not an arm of this experiment (arms seen: ${seen.map(isolate).join(', ') || 'none'}): check its spelling.`);
  } else if (rule === 'flag' && !exposed.arms.some((a) => a.control && a.units > 0)) notes.push(`The control "${isolate(control)}" has no exposed units.`);
  // Only when there is something to correct: a control without units compares with nothing.
  if (exposed.arms.length > 2 && exposed.comparisons.length > 1 && exposed.arms.some((a) => a.control && a.units > 0)) notes.push(`More than two arms: the ${exposed.comparisons.length} comparisons with the control are corrected for multiple comparisons by Holm's method (adjusted p-values beside the raw ones); "significant" means an adjusted p below 0.05.`);
  const result = {
    experiment, bucketVersion: bucket, unit, control, controlRule: rule, exposed, intentToTreat, checks,
    ...(audit && { audit }),
    hygiene: {
      exposureEvents: n(exposure?.events) + rows.withoutUnit.reduce((sum, r) => sum + n(r.no_unit), 0), forcedEvents: n(exposure?.forced_events), forcedUnits: n(exposure?.forced_units), multiVariationUnits: multi,
      assignmentExposureDisagreements: n(consistency?.disagreeing), exposedWithoutAssignment: n(consistency?.assigned_units) > 0 ? n(consistency?.unassigned_exposed) : 0,
      goalsBeforeExposureUnits: sum(exposedRows, 'early_units'), clockSkewUnits: sum(exposedRows, 'skew_units'),
      exposuresWithoutUnit: rows.withoutUnit.reduce((sum, r) => sum + n(r.no_unit) + n(r.no_unit_id), 0),
    },
    notes,
  };
  return { ...result, recommendation: recommend(result, { includeInProgress: options.includeInProgress === true, windowMs: options.windowMs, asOfMs }) };
}

/**
 * The funnel: every step from 0 to the last one seen (a step nobody viewed is listed with no
 * units), each with the people who reached it and those who left the tour on it (the `left`
 * rows: where they were when they left, which after Back is not the furthest step reached).
 * Step numbers come from the logs: from MAX_FUNNEL_STEPS on they are junk (a host's
 * integration bug), counted in `stepsNotListed` and left out, so one event at step 2,000,000
 * cannot build a huge report.
 */
function funnel(list: TourRow[]): Pick<TourResult, 'steps' | 'stepsNotListed'> {
  const byStep = new Map<number, number>();
  const leftOn = new Map<number, number>();
  for (const r of list) {
    if (r.kind === 'step' && n(r.out_step) >= 0) byStep.set(n(r.out_step), n(r.units));
    if (r.kind === 'left' && n(r.out_step) >= 0) leftOn.set(n(r.out_step), n(r.units));
  }
  // Loops, not Math.max(...keys): a spread of many steps overflows the call stack.
  let lastListed = -1;
  let notListed = 0;
  for (const step of byStep.keys()) {
    if (step < MAX_FUNNEL_STEPS) lastListed = Math.max(lastListed, step);
    else notListed++;
  }
  const steps: TourStep[] = [];
  for (let step = 0; step <= lastListed; step++) {
    const units = byStep.get(step) ?? 0;
    const dropOff = leftOn.get(step) ?? 0;
    steps.push({ step, units, dropOff, dropOffRate: units > 0 ? dropOff / units : NaN });
  }
  return { steps, ...(notListed > 0 && { stepsNotListed: notListed }) };
}

function tourResults(rows: TourRow[]): TourResult[] {
  return groupBy(rows, (r) => keyOf(r.tour, n(r.item_ver)))
    .map(({ first, rows: list }) => {
      const started = n(list.find((r) => r.kind === 'started')?.units);
      const completed = n(list.find((r) => r.kind === 'completed')?.units);
      return {
        tour: first.tour, version: n(first.item_ver), started, completed, completionRate: started > 0 ? completed / started : NaN, ...funnel(list),
        dismissals: list
          .filter((r) => r.kind === 'dismissed')
          .map((r) => ({ origin: r.out_origin || '(none)', units: n(r.units), events: n(r.events) }))
          .sort((a, b) => b.units - a.units || a.origin.localeCompare(b.origin)),
      };
    })
    .sort((a, b) => a.tour.localeCompare(b.tour) || a.version - b.version);
}

/** The report from the aggregation rows. */
export function buildReport(rows: AggregateRows, options: ReportOptions): AnalysisReport {
  const mde = options.mde ?? 0.02;
  const usable = n(rows.hygiene.usable);
  const distinct = n(rows.hygiene.distinct_usable);
  const asOfMs = options.asOfMs ?? (rows.hygiene.end_ms === null || rows.hygiene.end_ms === undefined ? null : n(rows.hygiene.end_ms));
  return {
    goal: options.goal,
    windowDays: options.windowMs / 86_400_000,
    alpha: ALPHA,
    power: POWER,
    mde,
    inputs: options.inputs ?? [],
    asOf: asOfMs === null ? null : new Date(asOfMs).toISOString(),
    includeInProgress: options.includeInProgress === true,
    hygiene: {
      rowsRead: n(rows.hygiene.rows_read), unusableRows: n(rows.hygiene.rows_read) - usable, zonelessRows: n(rows.hygiene.zoneless), duplicateRowsDropped: usable - distinct, events: distinct,
      ...(n(rows.hygiene.future) > 0 && { futureRows: n(rows.hygiene.future) }),
    },
    experiments: byExperiment(rows)
      .map((group) => experimentResult(group, n(rows.hygiene.future), options, mde, asOfMs, rows.goal_names))
      .sort((a, b) => a.experiment.localeCompare(b.experiment) || a.bucketVersion - b.bucketVersion || a.unit.localeCompare(b.unit)),
    tours: tourResults(rows.tours),
    feedback: rows.feedback
      .map((r): FeedbackResult => ({ item: r.item_id, itemType: r.item_kind, answers: n(r.answers), yes: n(r.yes), share: n(r.answers) > 0 ? n(r.yes) / n(r.answers) : NaN, shareCi: n(r.answers) > 0 ? wilsonInterval(n(r.yes), n(r.answers), ALPHA) : [NaN, NaN] }))
      .sort((a, b) => a.item.localeCompare(b.item)),
  };
}
