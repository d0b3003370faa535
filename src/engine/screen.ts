/**
 * The screen: the cheap half of eligibility, run before the decision engine is loaded. For each
 * item it either proves that the item cannot show, with the very reason `decide` would give, or
 * says it cannot tell. A page on which every item is ruled out (help for other pages, help
 * already completed or dismissed, outside its schedule) never loads the engine, the condition
 * evaluator or the pacing code.
 *
 * The checks are eligibility's own, in eligibility's order: schedule, goal, history,
 * prerequisites, condition, trigger. Conditions are evaluated only as far as their top-level
 * clauses take plain forms (a value, `$eq`, `$ne`, `$in`, `$nin`, `$exists`) with GrowthBook's
 * semantics; the first clause in any other form ends the screen for that item ("cannot tell"),
 * since the engine would report that clause first if it failed. Clauses on `experiments.*` also
 * end it: what differs between arms must never decide whether the engine loads (exposure timing
 * would then differ between arms).
 */
import type { Item } from '../manifest/schema';
import type { Attributes, Condition } from './condition';
import { tooDeep } from '../manifest/depth';
import { lookup, valueAt } from './attribute-path';
import { applicableProgress, goalReason, historyReason, requiresReason, scheduleReason, triggerReason } from './eligibility';
import type { Reason } from './decide';
import type { ProgressState } from './progress';

/** What the screen needs about this person and page view (the same values `decide` is given). */
export interface ScreenContext {
  now: number;
  progress: ProgressState;
  attributes: Attributes;
  recentEvents: ReadonlySet<string>;
  /** @default progress.visits.lastAt, as `decide` */
  pageViewStartedAt?: number;
}

/**
 * The reason `item` cannot show, found by the cheap checks, or undefined when they cannot rule
 * it out (the engine must decide). `requested` items (startTour) are never ruled out here.
 */
export function screenReason(item: Item, context: ScreenContext): Reason | undefined {
  const prepared = { item, start: dateOf(item.schedule?.start), end: dateOf(item.schedule?.end) };
  const early =
    scheduleReason(prepared, context.now) ??
    goalReason(item, context.progress) ??
    historyReason(item, applicableProgress(item, context.progress), { now: context.now, pageViewStartedAt: context.pageViewStartedAt ?? context.progress.visits?.lastAt }) ??
    requiresReason(item, context.progress);
  if (early) return early;
  const condition = item.when ? plainConditionReason(context.attributes, item.when) : PASSES;
  if (condition !== PASSES) return condition;
  return triggerReason(item, context.recentEvents);
}

const dateOf = (value: string | undefined) => (value === undefined ? NaN : Date.parse(value));

/** The condition holds (as far as the screen is concerned, every clause passed). */
const PASSES: Reason = Object.freeze({ code: 'shown' });

/**
 * The first failing clause of `condition` as the engine reports it, PASSES when every clause
 * holds, or undefined at the first clause the screen cannot evaluate.
 */
function plainConditionReason(attributes: Attributes, condition: Condition): Reason | undefined {
  // A condition nested too deep is never evaluated by the engine (it reports the first key): not ours to word.
  if (tooDeep(condition)) return undefined;
  for (const key of Object.keys(condition)) {
    const clause = condition[key];
    const holds = plainClauseHolds(attributes, key, clause);
    if (holds === undefined) return undefined;
    if (!holds) return { code: 'condition', path: key, actual: valueAt(attributes, key.split('.')), expected: clause };
  }
  return PASSES;
}

/** GrowthBook's verdict on `{[key]: clause}` when the clause takes a plain form, else undefined. */
export function plainClauseHolds(attributes: Attributes, key: string, clause: unknown): boolean | undefined {
  if (key.startsWith('$') || key === 'experiments' || key.startsWith('experiments.')) return undefined;
  const value = lookup(attributes, key.split('.'));
  try {
    if (typeof clause === 'string') return value + '' === clause;
    if (typeof clause === 'number') return (value as number) * 1 === clause;
    if (typeof clause === 'boolean') return value !== null && !!value === clause;
    if (clause === null) return value === null;
    if (typeof clause !== 'object' || Array.isArray(clause)) return undefined;
    const operators = Object.keys(clause);
    // Operands are values (or, for $in and $nin, arrays of values): anything nested, such as a
    // pattern the engine would report as unguarded, is the engine's to word.
    const operand = (op: string) => (clause as Record<string, unknown>)[op];
    if (operators.length === 0 || operators.some((op) => !(op in PLAIN_OPERATORS) || !plainOperand(operand(op)))) return undefined;
    return operators.every((op) => PLAIN_OPERATORS[op](value, operand(op)));
  } catch {
    // A host attribute whose conversion throws: the engine's evaluator decides (it fails closed).
    return undefined;
  }
}

const isPrimitive = (value: unknown) => value === null || (typeof value !== 'object' && typeof value !== 'function');
const plainOperand = (value: unknown) => isPrimitive(value) || (Array.isArray(value) && value.every(isPrimitive));

/** GrowthBook's intersection test of `$in`: an array attribute matches when any element is listed. */
const isIn = (actual: unknown, expected: unknown[]) => (Array.isArray(actual) ? actual.some((el) => expected.includes(el)) : expected.includes(actual));

/** The operators the screen evaluates, each exactly as GrowthBook's evalOperatorCondition does. */
const PLAIN_OPERATORS: Record<string, (actual: unknown, expected: unknown) => boolean> = {
  __proto__: null as never,
  $eq: (actual, expected) => actual === expected,
  $ne: (actual, expected) => actual !== expected,
  // `!=` on purpose, as GrowthBook: undefined and null both count as absent.
  $exists: (actual, expected) => (expected ? actual != null : actual == null),
  $in: (actual, expected) => Array.isArray(expected) && isIn(actual, expected),
  $nin: (actual, expected) => Array.isArray(expected) && !isIn(actual, expected),
};
