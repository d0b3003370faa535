/**
 * `guidepost/engine`: the pure decision functions. No DOM, no timers, no global state;
 * usable on servers, in tests and in the CLI with the same results as in the browser.
 */
export {
  decide, individualReason, isInterruptive, applicableProgress, prepareManifest, priorityOrder, DEFAULT_CAPS, DEFAULT_FREQUENCY, frequencyOf,
} from './decide';
export type { DecideInput, Decision, Verdict, Reason, PacingState, CapName, PreparedManifest } from './decide';
export { buildAttributes, pageAttributes, deviceAttributes, daysSince, PHONE_MAX_SHORT_SIDE } from './attributes';
export type { AttributeInput, UserInput, PageInput, DeviceInput } from './attributes';
export { describeReason } from './explain';
export { evalCondition, getPath, firstFailingClause, compileCondition, firstFailingCompiled } from './condition';
export type { Attributes, Condition, FailingClause, CompiledCondition } from './condition';
export { hash, getBucketRanges, chooseVariation, inNamespace, getEqualWeights } from './hash';
export type { BucketRange, Namespace } from './hash';
export { assignVariation, unitIdFor } from './assign';
export type { Assignment, AssignmentReason, AssignOptions, StickyAssignment, UnitIds } from './assign';
export {
  emptyProgress, recordSeen, recordDismissed, recordCompleted, recordStep, recordEvent, recordVisit,
  recordPageView, normalizePath, isPageStats, mergePageStats,
  PROGRESS_SCHEMA_VERSION, SESSION_GAP_MS, MAX_EVENT_NAMES, MAX_PAGE_PATHS, MAX_VIEWS_PER_PATH, PAGE_HISTORY_MS,
} from './progress';
export type { ProgressState, ItemProgress, ItemStatus, EventStats, Visits, PageStats } from './progress';
export { validateManifest } from '../manifest/validate';
export type { ValidationResult, ValidateOptions, SelectorChecker } from '../manifest/validate';
export type { ManifestProblem } from '../manifest/problems';
export type * from '../manifest/schema';
