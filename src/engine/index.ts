/**
 * `guidepost/engine`: the pure decision functions. No DOM, no timers, no global state;
 * usable on servers, in tests and in the CLI with the same results as in the browser.
 *
 * The functions that evaluate conditions take a `$regex` guard as a parameter (the SDK loads
 * it only for manifests that use `$regex`, see engine/condition-guard.ts). Here it is imported
 * statically and passed by default, so every `$regex` runs guarded, synchronously, as it always
 * has. The wrappers live in this file on purpose: the ESM build puts every other engine module
 * into the SDK's core chunk, which must not import the guard.
 */
import { guardPattern } from '../manifest/safe-regex';
import type { Experiment, Item, Manifest } from '../manifest/schema';
import { assignVariation as assignWith, type Assignment, type AssignOptions, type UnitIds } from './assign';
import {
  compileCondition as compileWith, evalCondition as evalWith, firstFailingClause as firstFailingWith,
  type Attributes, type ClausePool, type CompiledCondition, type Condition, type FailingClause,
} from './condition';
import type { RegexGuard } from './condition-guard';
import {
  decide as decideWith, individualReason as individualReasonWith, prepareManifest as prepareWith,
  type DecideInput, type Decision, type PreparedManifest, type Reason,
} from './decide';

export {
  isInterruptive, applicableProgress, priorityOrder, DEFAULT_CAPS, DEFAULT_FREQUENCY, frequencyOf,
} from './decide';
export type { DecideInput, Decision, Verdict, Reason, PacingState, CapName, PreparedManifest } from './decide';
export { buildAttributes, pageAttributes, deviceAttributes, daysSince, PHONE_MAX_SHORT_SIDE } from './attributes';
export type { AttributeInput, UserInput, PageInput, DeviceInput } from './attributes';
export { describeReason } from './explain';
/** The cheap half of a decision, which the SDK runs before loading the rest (see screen.ts). */
export { prepareScreenItem, screenItem, screenReason } from './screen';
export type { ScreenContext, ScreenItem } from './screen';
export { getPath, firstFailingCompiled } from './condition';
export type { Attributes, Condition, FailingClause, CompiledCondition } from './condition';
export type { RegexGuard } from './condition-guard';
export { guardPattern } from '../manifest/safe-regex';
export { hash, getBucketRanges, chooseVariation, inNamespace, getEqualWeights } from './hash';
export type { BucketRange, Namespace } from './hash';
export { unitIdFor } from './assign';
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

/** `input` with the static guard unless it brings its own. */
const guarded = <T extends { regexGuard?: RegexGuard }>(input: T): T => (input.regexGuard ? input : { ...input, regexGuard: guardPattern });

/** Decides every item. See `Reason` for the vocabulary of explanations. `$regex` runs guarded. */
export function decide(input: DecideInput): Decision {
  return decideWith(guarded(input));
}

/**
 * Reasons that depend on the item and this person alone (not on other items), or undefined
 * when only pacing and other tours could still hold it back. `$regex` runs guarded.
 */
export function individualReason(item: Item, input: DecideInput): Reason | undefined {
  return individualReasonWith(item, guarded(input));
}

/**
 * Prepares a manifest for repeated decisions (see `PreparedManifest`); its `$regex` patterns
 * are compiled guarded, as `decide` here expects.
 */
export function prepareManifest(manifest: Manifest, options: { shareClauses?: boolean; regexGuard?: RegexGuard } = {}): PreparedManifest {
  return prepareWith(manifest, guarded(options));
}

/**
 * True when `attributes` satisfy `condition`. Never throws: a broken condition is false, and
 * so is one nested too deep; `$regex` patterns run guarded (unsafe ones match nothing).
 */
export function evalCondition(attributes: Attributes, condition: Condition, savedGroups?: Record<string, unknown[]>, regexGuard: RegexGuard = guardPattern): boolean {
  return evalWith(attributes, condition, savedGroups, regexGuard);
}

/**
 * The first top-level clause of `condition` that fails, with the value it saw, or undefined
 * when the condition holds. `$regex` patterns run guarded.
 */
export function firstFailingClause(attributes: Attributes, condition: Condition, regexGuard: RegexGuard = guardPattern): FailingClause | undefined {
  return firstFailingWith(attributes, condition, regexGuard);
}

/**
 * Splits `condition` into clauses for repeated evaluation (`firstFailingCompiled`), sharing
 * them through `pool`; `$regex` runs guarded.
 */
export function compileCondition(condition: Condition, pool?: ClausePool, regexGuard: RegexGuard = guardPattern): CompiledCondition {
  return compileWith(condition, pool, regexGuard);
}

/** Assigns a unit to an arm of `experiment` (see engine/assign.ts); its condition's `$regex` runs guarded. */
export function assignVariation(experiment: Experiment, ids: UnitIds, attributes: Attributes, options: AssignOptions = {}): Assignment {
  return assignWith(experiment, ids, attributes, guarded(options));
}
