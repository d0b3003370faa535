/**
 * The verdict on one item on its own: eligibility's checks (eligibility.ts) in their fixed
 * order, the targeting condition included. The order puts lasting reasons before passing ones
 * (a completed item says "completed", not "waiting for an event"), and cheap checks before the
 * condition, which is the only costly one. src/engine/screen.ts runs the same order without
 * the condition evaluator.
 */
import { firstFailingClause, firstFailingCompiled, type Attributes, type ClauseMemo } from './condition';
import type { RegexGuard } from './condition-guard';
import type { Reason } from './decide';
import { applicableProgress, goalReason, historyReason, requiresReason, scheduleReason, triggerReason, type EligibilityContext } from './eligibility';
import type { PreparedItem } from './prepare';

/**
 * The first reason `item` cannot show, or undefined when it may (pacing aside).
 * `requested` items (started from code) skip the person's history, goal and trigger: an
 * explicit request wins over "already seen". They still obey schedule, `requires` and `when`.
 */
export function eligibilityReason(prepared: PreparedItem, context: EligibilityContext, requested: boolean): Reason | undefined {
  const { item } = prepared;
  return (
    scheduleReason(prepared, context.now) ??
    (requested ? undefined : goalReason(item, context.progress) ?? historyReason(item, applicableProgress(item, context.progress), context)) ??
    requiresReason(item, context.progress) ??
    conditionReason(prepared, context.attributes, context.clauseMemo, context.regexGuard) ??
    (requested ? undefined : triggerReason(item, context.recentEvents))
  );
}

/** The targeting condition `when`, with the first failing path and the value it saw. */
export function conditionReason(prepared: PreparedItem, attributes: Attributes, memo?: ClauseMemo, regexGuard?: RegexGuard): Reason | undefined {
  const { when } = prepared.item;
  if (!when) return undefined;
  const failing = prepared.when ? firstFailingCompiled(attributes, prepared.when, memo) : firstFailingClause(attributes, when, regexGuard);
  return failing && { code: 'condition', path: failing.path, actual: failing.actual, expected: failing.clause };
}
