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
 * An item made ready for screening, once per manifest: its schedule parsed, its condition split
 * into clauses with the plain ones marked (the per-decision work is then only comparisons).
 */
export interface ScreenItem {
  readonly item: Item;
  readonly start: number;
  readonly end: number;
  /** The condition's clauses in order, up to and including the first one that is not plain; undefined when too deep to word. */
  readonly clauses: readonly ScreenClause[] | undefined;
}

interface ScreenClause {
  readonly key: string;
  readonly parts: readonly string[];
  readonly clause: unknown;
  /** False for a clause the engine must evaluate: the screen stops there. */
  readonly plain: boolean;
}

/** Prepares `item` for `screenItem` (see ScreenItem). */
export function prepareScreenItem(item: Item): ScreenItem {
  const when = item.when as Condition | undefined;
  // A condition nested too deep is never evaluated by the engine (it reports the first key): not ours to word.
  const clauses = when === undefined ? [] : tooDeep(when) ? undefined : clausesOf(when);
  return { item, start: dateOf(item.schedule?.start), end: dateOf(item.schedule?.end), clauses };
}

function clausesOf(condition: Condition): ScreenClause[] {
  const clauses: ScreenClause[] = [];
  for (const key of Object.keys(condition)) {
    const clause = condition[key];
    const plain = isPlainClause(key, clause);
    clauses.push({ key, parts: key.split('.'), clause, plain });
    if (!plain) break;
  }
  return clauses;
}

/**
 * The reason `item` cannot show, found by the cheap checks, or undefined when they cannot rule
 * it out (the engine must decide). Items asked for from code (startTour) are the engine's: the
 * caller does not screen them.
 */
export function screenReason(item: Item, context: ScreenContext): Reason | undefined {
  return screenItem(prepareScreenItem(item), context);
}

/** `screenReason` for an item prepared once (prepareScreenItem): what the SDK runs per decision. */
export function screenItem(prepared: ScreenItem, context: ScreenContext): Reason | undefined {
  const { item } = prepared;
  const early =
    scheduleReason(prepared, context.now) ??
    goalReason(item, context.progress) ??
    historyReason(item, applicableProgress(item, context.progress), { now: context.now, pageViewStartedAt: context.pageViewStartedAt ?? context.progress.visits?.lastAt }) ??
    requiresReason(item, context.progress);
  if (early) return early;
  if (!prepared.clauses) return undefined;
  for (const { key, parts, clause, plain } of prepared.clauses) {
    const holds = plain ? plainValueHolds(lookup(context.attributes, parts), clause) : undefined;
    if (holds === undefined) return undefined;
    if (!holds) return { code: 'condition', path: key, actual: valueAt(context.attributes, parts), expected: clause };
  }
  return triggerReason(item, context.recentEvents);
}

const dateOf = (value: string | undefined) => (value === undefined ? NaN : Date.parse(value));

/** GrowthBook's verdict on `{[key]: clause}` when the clause takes a plain form, else undefined. */
export function plainClauseHolds(attributes: Attributes, key: string, clause: unknown): boolean | undefined {
  return isPlainClause(key, clause) ? plainValueHolds(lookup(attributes, key.split('.')), clause) : undefined;
}

/** A clause the screen evaluates: on an attribute path (not experiments.*), a value or plain operators on plain operands. */
function isPlainClause(key: string, clause: unknown): boolean {
  if (key.startsWith('$') || key === 'experiments' || key.startsWith('experiments.')) return false;
  if (clause === null || typeof clause === 'string' || typeof clause === 'number' || typeof clause === 'boolean') return true;
  if (typeof clause !== 'object' || Array.isArray(clause)) return false;
  const operators = Object.keys(clause);
  // Operands are values (or, for $in and $nin, arrays of values): anything nested, such as a
  // pattern the engine would report as unguarded, is the engine's to word.
  return operators.length > 0 && operators.every((op) => op in PLAIN_OPERATORS && plainOperand((clause as Record<string, unknown>)[op]));
}

/** GrowthBook's evaluation of a plain clause against the attribute's value; undefined when a conversion throws. */
function plainValueHolds(value: unknown, clause: unknown): boolean | undefined {
  try {
    if (typeof clause === 'string') return value + '' === clause;
    if (typeof clause === 'number') return (value as number) * 1 === clause;
    if (typeof clause === 'boolean') return value !== null && !!value === clause;
    if (clause === null) return value === null;
    const operators = clause as Record<string, unknown>;
    return Object.keys(operators).every((op) => PLAIN_OPERATORS[op](value, operators[op]));
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
