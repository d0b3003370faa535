/**
 * src/analysis/report-types.ts declares only types: the shapes `--json` and /results.json carry.
 * Here a real report (a simulated log, aggregated, with the manifest's experiment for the audit)
 * is checked against them at run time with strict schemas that mirror each interface (no key
 * missing or extra, literal unions as listed), and the schemas against the interfaces at
 * compile time (expectTypeOf), so neither side can drift. The fields the module says are
 * optional only for older reports (a comparison's method, adjusted p-value and agreement, the
 * split's unexpected arms, exposures without a unit) are set on every new one.
 */
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { aggregateEvents, type RawEvent } from '../../src/analysis/aggregate';
import { buildReport } from '../../src/analysis/report';
import type * as T from '../../src/analysis/report-types';
import { SIM_EXPERIMENT, SIM_GOAL, SIM_WINDOW_DAYS, simExperiment, simulate } from '../../src/analysis/simulate';

/** Any number, NaN too: an interval without data is [NaN, NaN]. */
const num = v.custom<number>((value) => typeof value === 'number');
const str = v.string();
const interval = v.tuple([num, num]);
const CheckSchema = v.strictObject({
  id: v.picklist(['split-exposed', 'split-assigned', 'assignment-audit', 'assignment-exposure-agreement', 'exposures-without-assignment', 'goals-before-exposure', 'in-progress-units', 'multi-variation-units', 'future-events', 'goal-events', 'exposures-without-unit', 'similar-arm-names']),
  status: v.picklist(['pass', 'fail', 'warn', 'skipped']),
  count: v.optional(num),
  message: str,
});
const ArmSchema = v.strictObject({ variation: str, control: v.boolean(), counterfactual: v.boolean(), units: num, converted: num, goalEvents: num, rate: num, rateCi: interval, expectedShare: num, observedShare: num });
const ComparisonSchema = v.strictObject({
  variation: str, control: str, absoluteLift: num, method: v.optional(v.picklist(['wald', 'newcombe-fisher'])), absoluteCi: interval, relativeLift: num, relativeCi: interval,
  z: num, pValue: num, adjustedPValue: v.optional(num), testsDisagree: v.optional(v.boolean()), significant: v.boolean(), neededPerArm: num, enoughData: v.boolean(), detectableLift: num, summary: str,
});
const SplitSchema = v.strictObject({
  chiSquare: num, df: num, pValue: num, expected: v.array(num), mismatch: v.boolean(),
  weights: v.array(num), weightsFrom: v.picklist(['manifest', 'flag', 'equal']), status: v.picklist(['pass', 'fail', 'skipped']), emptyArms: v.array(str),
  unexpectedArms: v.optional(v.array(str)), undefinedArms: v.optional(v.array(str)), verdict: str,
});
const PopulationSchema = v.strictObject({ available: v.boolean(), reason: v.optional(str), arms: v.array(ArmSchema), comparisons: v.array(ComparisonSchema), srm: v.optional(SplitSchema), inProgressUnits: num });
const RecommendationSchema = v.strictObject({ population: v.nullable(v.picklist(['exposed', 'intentToTreat'])), comparison: v.optional(ComparisonSchema), significantArms: v.optional(v.array(str)), headline: str, why: str,
  interim: v.optional(v.strictObject({ inProgressUnits: num, countedUnits: num, readAfter: v.nullable(str) })),
});
const AuditSchema = v.strictObject({
  status: v.picklist(['pass', 'fail', 'skipped']), checked: num, mismatched: num, outsideCoverage: num,
  confusion: v.array(v.strictObject({ logged: str, expected: v.nullable(str), units: num })),
  examples: v.array(v.strictObject({ unitId: str, population: v.picklist(['exposed', 'assigned']), logged: str, expected: v.nullable(str) })),
  message: str,
});
const ExperimentSchema = v.strictObject({
  experiment: str, bucketVersion: num, unit: str, control: str, controlRule: v.picklist(['flag', 'counterfactual', 'manifest', 'sorted']),
  recommendation: RecommendationSchema, exposed: PopulationSchema, intentToTreat: PopulationSchema, checks: v.array(CheckSchema), audit: v.optional(AuditSchema),
  hygiene: v.strictObject({
    exposureEvents: num, forcedEvents: num, forcedUnits: num, multiVariationUnits: num, assignmentExposureDisagreements: num, exposedWithoutAssignment: num,
    goalsBeforeExposureUnits: num, clockSkewUnits: num, exposuresWithoutUnit: v.optional(num),
  }),
  notes: v.array(str),
});
const TourSchema = v.strictObject({
  tour: str, version: num, started: num, completed: num, completionRate: num,
  steps: v.array(v.strictObject({ step: num, units: num, dropOff: num, dropOffRate: num })),
  stepsNotListed: v.optional(num),
  dismissals: v.array(v.strictObject({ origin: str, units: num, events: num })),
});
const FeedbackSchema = v.strictObject({ item: str, itemType: str, answers: num, yes: num, share: num, shareCi: interval });
const ReportSchema = v.strictObject({
  goal: str, windowDays: num, alpha: num, power: num, mde: num, inputs: v.array(str), asOf: v.nullable(str), includeInProgress: v.boolean(),
  hygiene: v.strictObject({
    rowsRead: num, unusableRows: num, zonelessRows: num, duplicateRowsDropped: num, events: num, futureRows: v.optional(num),
    unusableLines: v.optional(v.array(v.strictObject({ file: str, lines: v.array(num), notUtf8: v.optional(v.array(num)) }))),
  }),
  experiments: v.array(ExperimentSchema), tours: v.array(TourSchema), feedback: v.array(FeedbackSchema),
});

const WINDOW_MS = SIM_WINDOW_DAYS * 86_400_000;
const { events } = simulate({ units: 3000, lift: 0.09, seed: 11 });
const rows = aggregateEvents(events as unknown as RawEvent[], { goal: SIM_GOAL, windowMs: WINDOW_MS }, true);
const report = buildReport(rows, { goal: SIM_GOAL, windowMs: WINDOW_MS, inputs: ['sim.ndjson'], manifestExperiments: [simExperiment('user')] });

describe('the schemas mirror the declared types', () => {
  it('each schema infers exactly its interface', () => {
    expectTypeOf<v.InferOutput<typeof CheckSchema>>().toEqualTypeOf<T.Check>();
    expectTypeOf<v.InferOutput<typeof ArmSchema>>().toEqualTypeOf<T.ArmResult>();
    expectTypeOf<v.InferOutput<typeof ComparisonSchema>>().toEqualTypeOf<T.Comparison>();
    expectTypeOf<v.InferOutput<typeof SplitSchema>>().toEqualTypeOf<T.SplitCheck>();
    expectTypeOf<v.InferOutput<typeof PopulationSchema>>().toEqualTypeOf<T.PopulationResult>();
    expectTypeOf<v.InferOutput<typeof RecommendationSchema>>().toEqualTypeOf<T.Recommendation>();
    expectTypeOf<v.InferOutput<typeof ExperimentSchema>>().toEqualTypeOf<T.ExperimentResult>();
    expectTypeOf<v.InferOutput<typeof TourSchema>>().toEqualTypeOf<T.TourResult>();
    expectTypeOf<v.InferOutput<typeof FeedbackSchema>>().toEqualTypeOf<T.FeedbackResult>();
    expectTypeOf<v.InferOutput<typeof ReportSchema>>().toEqualTypeOf<T.AnalysisReport>();
    expectTypeOf(buildReport).returns.toEqualTypeOf<T.AnalysisReport>();
    expectTypeOf(buildReport).parameter(1).toEqualTypeOf<T.ReportOptions>();
  });
});

describe('a real report conforms to them', () => {
  it('has every part of a full analysis: an experiment with both populations and an audit, tours and feedback', () => {
    expect(report.experiments.map((e) => e.experiment)).toEqual([SIM_EXPERIMENT]);
    const [e] = report.experiments;
    expect(e.exposed.available).toBe(true);
    expect(e.exposed.comparisons.length).toBeGreaterThan(0);
    expect(e.audit).toBeDefined();
    expect(report.tours.length).toBeGreaterThan(0);
    expect(report.feedback.length).toBeGreaterThan(0);
  });

  it('matches the strict schema: no field missing, none extra, every union member as declared', () => {
    const result = v.safeParse(ReportSchema, report);
    expect(result.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`) ?? []).toEqual([]);
  });

  it('sets the fields that are optional only for reports made before them', () => {
    for (const e of report.experiments) {
      expect(e.hygiene.exposuresWithoutUnit).toEqual(expect.any(Number));
      for (const population of [e.exposed, e.intentToTreat].filter((p) => p.available)) {
        for (const c of population.comparisons) {
          expect(c.method).toMatch(/^(wald|newcombe-fisher)$/);
          expect(c.adjustedPValue).toEqual(expect.any(Number));
          expect(c.testsDisagree).toEqual(expect.any(Boolean));
        }
        expect(population.srm?.unexpectedArms).toEqual(expect.any(Array));
      }
    }
  });

  it('carries the options as the header says: the goal, the window in days, the inputs, an ISO asOf', () => {
    expect(report.goal).toBe(SIM_GOAL);
    expect(report.windowDays).toBe(SIM_WINDOW_DAYS);
    expect(report.inputs).toEqual(['sim.ndjson']);
    expect(report.asOf).not.toBeNull();
    expect(new Date(report.asOf!).toISOString()).toBe(report.asOf);
  });

  it('a report without events conforms too; an interval without data is [NaN, NaN], null in JSON', () => {
    const noEvents = buildReport(
      { hygiene: { rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: null }, arms: [], consistency: [], exposures: [], tours: [], feedback: [{ item_id: 'tip', item_kind: 'tooltip', answers: 0, yes: 0 }] },
      { goal: 'g', windowMs: WINDOW_MS },
    );
    expect(v.safeParse(ReportSchema, noEvents).issues).toBeUndefined();
    expect(noEvents.asOf).toBeNull();
    expect(noEvents.feedback[0].shareCi).toEqual([NaN, NaN]);
    expect(JSON.parse(JSON.stringify(noEvents)).feedback[0].shareCi).toEqual([null, null]);
  });
});
