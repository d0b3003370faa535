/**
 * What GrowthBook's evaluator is given instead of a condition as written. A compiled
 * manifest skips the validator, so the evaluator must defend itself:
 * - depth: GrowthBook recurses once per `$and`/`$or`/`$not` level; a condition nested deeper
 *   than MAX_DEPTH is not evaluated at all (it is false).
 * - prototype pollution: GrowthBook walks operator objects with `for...in`, so an enumerable
 *   key on `Object.prototype` reads as an unknown operator and every condition fails. The
 *   guarded copy has null-prototype objects.
 * - `$regex` / `$regexi`: each pattern is rewritten by a `RegexGuard` (`guardPattern` in
 *   manifest/safe-regex.ts: an unsafe pattern matches nothing, a safe one only runs on inputs
 *   of at most 1,000 characters). The guard is a parameter, not an import: the SDK loads it
 *   only for a manifest that uses `$regex` (about 1.3 kB a page without one never downloads),
 *   `guidepost/engine` passes it always. Without one, a top-level clause that contains a
 *   pattern is never evaluated (UNGUARDED: it fails, so the condition does), never run raw.
 */
import { boundedCopy, MAX_DEPTH } from '../manifest/depth';

/**
 * Rewrites a `$regex` pattern (`insensitive` for `$regexi`) into the one GrowthBook may run:
 * `guardPattern` from manifest/safe-regex.ts.
 */
export type RegexGuard = (pattern: string, insensitive: boolean) => string;

/** Marks, in a guarded copy, a top-level clause that holds a pattern and had no guard: it fails. */
export const UNGUARDED: object = Object.freeze({});

type Node = Record<string, unknown> | unknown[];

/** A `$regex` / `$regexi` operator: only these compile a pattern from the condition. */
const isPattern = (node: object, key: string, value: unknown): value is string =>
  (key === '$regex' || key === '$regexi') && typeof value === 'string' && !Array.isArray(node);

/**
 * Calls `visit` with each entry of every object under `root` (iteratively: depth costs no
 * stack). Stops and returns true when `visit` does. `root` must be a tree, as every condition
 * and manifest here is: a copy made by depth.ts (bounded, no shared references, no cycles) or
 * the validator's output, which is one too. No set of visited objects: it tripled the cost.
 */
function walk(root: unknown, visit: (node: object, key: string, value: unknown) => boolean | void): boolean {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      const value = (node as Record<string, unknown>)[key];
      if (visit(node, key, value)) return true;
      if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return false;
}

/**
 * True when `value` holds a `$regex` / `$regexi` operator anywhere (any depth, any field: a
 * superset of the conditions, so nothing that needs the guard is missed).
 */
export const hasRegex = (value: unknown): boolean => walk(value, isPattern);

/** A guarded copy, and what it depends on: the guard matters only when there were patterns. */
interface Guarded {
  value: Node | null;
  patterns: boolean;
  regexGuard: RegexGuard | undefined;
}

/**
 * Guarded copies by condition object: manifests keep their conditions for the page's life.
 * Module-level on purpose: a memo of a pure function of (condition, guard), weakly held, that
 * no instance can observe another through (an entry made with another guard is recomputed).
 */
const cache = new WeakMap<object, Guarded>();

/**
 * The guarded copy of `condition` (see the module comment), or null when it nests deeper
 * than MAX_DEPTH. Non-objects are returned as they are. Iterative; cached per object.
 */
export function guardCondition<T>(condition: T, regexGuard?: RegexGuard): T | null {
  if (condition === null || typeof condition !== 'object') return condition;
  const cached = cache.get(condition);
  if (cached && (!cached.patterns || cached.regexGuard === regexGuard)) return cached.value as T | null;
  const copy = boundedCopy(condition, MAX_DEPTH);
  const guarded = copy.ok ? (copy.value as Node) : null;
  let patterns = false;
  if (guarded) {
    for (const key of Object.keys(guarded)) {
      // Walked from a holder of its own, so a clause that is itself a pattern is rewritten too.
      const clause: Record<string, unknown> = { [key]: (guarded as Record<string, unknown>)[key] };
      const unguarded = walk(clause, (node, at, value) => {
        if (!isPattern(node, at, value)) return false;
        patterns = true;
        if (!regexGuard) return true;
        (node as Record<string, unknown>)[at] = regexGuard(value, at === '$regexi');
      });
      (guarded as Record<string, unknown>)[key] = unguarded ? UNGUARDED : clause[key];
    }
  }
  cache.set(condition, { value: guarded, patterns, regexGuard });
  return guarded as T | null;
}
