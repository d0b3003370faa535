/**
 * The shapes of an analysis report (what `--json`, `/results.json` and the text report carry).
 * Fields marked optional that came later (a comparison's method, adjusted p-value and
 * agreement, the split's unexpected arms, exposures without a unit) are always set by
 * buildReport; they are optional so that reports made before them still type-check.
 */
import type { AuditResult } from './audit';
import type { Experiment } from '../manifest/schema';
import type { ComparisonMethod, Interval, SrmResult } from './stats';

export interface ReportOptions {
  goal: string;
  windowMs: number;
  /** Absolute lift the experiment should be able to detect (0.02 = 2 points). @default 0.02 */
  mde?: number;
  /** Configured weights in arm order (control first, then the others); default: from the manifest, else equal. */
  weights?: number[];
  /** Force the control arm. */
  control?: string;
  /** Variation keys in manifest order, per experiment key (the first is the control). */
  manifestOrder?: Record<string, string[]>;
  /** Weights per variation key, per experiment key, from the manifest. */
  manifestWeights?: Record<string, Record<string, number>>;
  /** The manifest's experiments: with them, every unit's arm is audited. */
  manifestExperiments?: Experiment[];
  /** Count units whose window has not closed. @default false */
  includeInProgress?: boolean;
  /** The moment the analysis is as of (epoch ms); default the newest event. */
  asOfMs?: number;
  inputs?: string[];
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skipped';

/** One verdict of the checks that guard the lift. */
export interface Check {
  id:
    | 'split-exposed' | 'split-assigned' | 'assignment-audit' | 'assignment-exposure-agreement' | 'exposures-without-assignment' | 'goals-before-exposure'
    | 'in-progress-units' | 'multi-variation-units' | 'future-events' | 'goal-events' | 'exposures-without-unit' | 'similar-arm-names';
  status: CheckStatus;
  /** The units (or events) concerned, when it is a count. */
  count?: number;
  message: string;
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
  /** Wilson 95% interval of the conversion rate; [NaN, NaN] (null in JSON) for an arm with no units. */
  rateCi: Interval;
  expectedShare: number;
  observedShare: number;
}

export interface Comparison {
  variation: string;
  control: string;
  absoluteLift: number;
  /**
   * `wald`: unpooled Wald interval and pooled z-test (every arm has at least 5 conversions and
   * 5 non-conversions); `newcombe-fisher`: Newcombe's hybrid score interval and Fisher's exact test.
   */
  method?: ComparisonMethod;
  absoluteCi: Interval;
  /** NaN when either arm has no conversions. */
  relativeLift: number;
  /** Log-ratio interval: never below −100%. */
  relativeCi: Interval;
  /** Pooled z statistic; NaN with Fisher's exact test. */
  z: number;
  /** Two-sided p-value of this comparison alone. */
  pValue: number;
  /** Holm-adjusted over every treatment-vs-control comparison of the population (equal to pValue with one). */
  adjustedPValue?: number;
  /** The interval and the test disagree (p < 0.05 but the interval contains 0, or the reverse): never called significant. */
  testsDisagree?: boolean;
  /** adjustedPValue < 0.05, the interval excludes 0, and the two agree. */
  significant: boolean;
  /** Units per arm needed to detect `mde` at the control's rate (alpha 0.05 two-sided, power 0.8). */
  neededPerArm: number;
  enoughData: boolean;
  /** The smallest absolute lift these sample sizes detect 80% of the time (NaN: none). */
  detectableLift: number;
  summary: string;
}

export interface SplitCheck extends SrmResult {
  weights: number[];
  /** Where the weights came from. */
  weightsFrom: 'manifest' | 'flag' | 'equal';
  /** 'skipped' while no unit is counted: an empty population is not a mismatch, only unchecked. */
  status: 'pass' | 'fail' | 'skipped';
  /** Arms configured to get units that have none. */
  emptyArms: string[];
  /** Arms with units that should have none: weight 0, or (`undefinedArms`) not in the manifest at all. */
  unexpectedArms?: string[];
  /** Arms in the logs that the manifest does not define (weight 0 in the check). */
  undefinedArms?: string[];
  verdict: string;
}

export interface PopulationResult {
  available: boolean;
  /** Why it is unavailable. */
  reason?: string;
  arms: ArmResult[];
  comparisons: Comparison[];
  srm?: SplitCheck;
  /** Units left out because their window had not closed (or counted, with --include-in-progress). */
  inProgressUnits: number;
}

/** The one number to report, and why that one. */
export interface Recommendation {
  population: 'exposed' | 'intentToTreat' | null;
  /** The first arm significant after Holm's correction, else the first comparison. */
  comparison?: Comparison;
  /** Every arm significant after Holm's correction (empty: no detectable effect in any arm). */
  significantArms?: string[];
  headline: string;
  why: string;
  /**
   * Set when the figures count units still inside their window (--include-in-progress): an
   * interim look, whose headline reports nothing yet. `readAfter`: the as-of time plus the
   * window (ISO), when every unit exposed by then has had its whole window. Absent when final.
   */
  interim?: { inProgressUnits: number; countedUnits: number; readAfter: string | null };
}

export interface ExperimentResult {
  experiment: string;
  bucketVersion: number;
  unit: string;
  control: string;
  controlRule: 'flag' | 'counterfactual' | 'manifest' | 'sorted';
  recommendation: Recommendation;
  /** Triggered analysis: units exposed at the trigger point (both arms log an exposure there). */
  exposed: PopulationResult;
  /** Intent-to-treat: units assigned, when `assignment` events exist. */
  intentToTreat: PopulationResult;
  checks: Check[];
  audit?: AuditResult;
  hygiene: {
    exposureEvents: number; forcedEvents: number; forcedUnits: number; multiVariationUnits: number;
    assignmentExposureDisagreements: number; exposedWithoutAssignment: number; goalsBeforeExposureUnits: number; clockSkewUnits: number;
    /** Non-forced exposure events without a unit or a unit_id (counted in exposureEvents), left out. */
    exposuresWithoutUnit?: number;
  };
  notes: string[];
}

export interface TourStep {
  step: number;
  units: number;
  /**
   * People who left the tour on this step without completing it: the step of their latest
   * step_viewed (or dismissed event that names a step), not the furthest step they reached.
   * Someone who reached step 3, went Back and closed the tour on step 2 left on step 2.
   */
  dropOff: number;
  /** dropOff over the people who reached this step. */
  dropOffRate: number;
}

export interface TourResult {
  tour: string;
  version: number;
  started: number;
  completed: number;
  completionRate: number;
  steps: TourStep[];
  /** Step numbers seen past MAX_FUNNEL_STEPS (junk from the logs), not listed; absent when none. */
  stepsNotListed?: number;
  dismissals: { origin: string; units: number; events: number }[];
}

export interface FeedbackResult {
  item: string;
  itemType: string;
  answers: number;
  yes: number;
  share: number;
  /** Wilson 95% interval of the share; [NaN, NaN] (null in JSON) without answers. */
  shareCi: Interval;
}

export interface AnalysisReport {
  goal: string;
  windowDays: number;
  alpha: number;
  power: number;
  mde: number;
  inputs: string[];
  /** ISO time the analysis is as of (the newest event, or --as-of); null without events. */
  asOf: string | null;
  includeInProgress: boolean;
  hygiene: {
    rowsRead: number; unusableRows: number; zonelessRows: number; duplicateRowsDropped: number; events: number;
    /** Of the unusable rows, those stamped after the analysis time (a wrong clock); absent when none. */
    futureRows?: number;
    /**
     * Where the first unusable rows are (file, 1-based line numbers); absent when not looked for
     * or none. `notUtf8`: those of the lines that are not valid UTF-8 (absent when none is).
     */
    unusableLines?: { file: string; lines: number[]; notUtf8?: number[] }[];
  };
  experiments: ExperimentResult[];
  tours: TourResult[];
  feedback: FeedbackResult[];
}
