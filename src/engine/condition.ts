/**
 * Conditions are GrowthBook's MongoDB-like condition language. We use GrowthBook's own
 * evaluator (MIT, tree-shaken to its `mongrule` module) instead of writing another one, so
 * writers get a documented, conformance-tested language.
 */
import { evalCondition as growthbookEvalCondition } from '@growthbook/growthbook';

/** Attributes a condition is evaluated against (nested objects, dotted paths). */
export type Attributes = Record<string, unknown>;
/** A condition object such as `{"account.plan": {"$in": ["trial"]}}`. */
export type Condition = Record<string, unknown>;

/** True when `attributes` satisfy `condition`. Never throws: a broken condition is false. */
export function evalCondition(attributes: Attributes, condition: Condition, savedGroups?: Record<string, unknown[]>): boolean {
  try {
    return growthbookEvalCondition(attributes as never, condition as never, savedGroups as never);
  } catch {
    return false;
  }
}

/** Reads a dotted path ("events.expense_created.count") the way conditions do. */
export function getPath(attributes: Attributes, path: string): unknown {
  let current: unknown = attributes;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * The first top-level clause of `condition` that fails, with the value it saw, so
 * explanations can say which path was false and why.
 */
export function firstFailingClause(attributes: Attributes, condition: Condition): { path: string; actual: unknown; clause: unknown } | undefined {
  for (const [path, clause] of Object.entries(condition)) {
    if (!evalCondition(attributes, { [path]: clause })) {
      return { path, actual: path.startsWith('$') ? undefined : getPath(attributes, path), clause };
    }
  }
  return undefined;
}
