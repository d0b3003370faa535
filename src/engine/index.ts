/**
 * `guidepost/engine`: the pure decision functions. No DOM, no timers, no global state;
 * usable on servers, in tests and in the CLI with the same results as in the browser.
 */
export { decide, individualReason, isInterruptive, applicableProgress, DEFAULT_CAPS } from './decide';
export type { DecideInput, Decision, Verdict, Reason, PacingState } from './decide';
export { describeReason } from './explain';
export { evalCondition, getPath, firstFailingClause } from './condition';
export type { Attributes, Condition } from './condition';
export { hash, getBucketRanges, chooseVariation, inNamespace, getEqualWeights } from './hash';
export type { BucketRange, Namespace } from './hash';
export {
  emptyProgress, recordSeen, recordDismissed, recordCompleted, recordStep, recordEvent, recordVisit,
  PROGRESS_SCHEMA_VERSION, SESSION_GAP_MS, MAX_EVENT_NAMES,
} from './progress';
export type { ProgressState, ItemProgress, ItemStatus, EventStats, Visits } from './progress';
export { validateManifest } from '../manifest/validate';
export type { ValidationResult, ValidateOptions, SelectorChecker } from '../manifest/validate';
export type { ManifestProblem } from '../manifest/problems';
export type * from '../manifest/schema';
