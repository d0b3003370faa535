/** The shapes of an analysis report (what `--json`, `/results.json` and the text report carry). */
import type { AuditResult } from './audit';
import type { Experiment } from '../manifest/schema';
import type { Interval, SrmResult } from './stats';

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
  id: 'split-exposed' | 'split-assigned' | 'assignment-audit' | 'assignment-exposure-agreement' | 'exposures-without-assignment' | 'goals-before-exposure' | 'in-progress-units' | 'multi-variation-units' | 'future-events';
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
  absoluteCi: Interval;
  relativeLift: number;
  /** Log-ratio interval: never below −100%. */
  relativeCi: Interval;
  z: number;
  pValue: number;
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
  comparison?: Comparison;
  headline: string;
  why: string;
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
  };
  experiments: ExperimentResult[];
  tours: TourResult[];
  feedback: FeedbackResult[];
}
