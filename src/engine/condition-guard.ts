/**
 * What GrowthBook's evaluator is given instead of a condition as written. A compiled
 * manifest skips the validator, so the evaluator must defend itself:
 * - depth: GrowthBook recurses once per `$and`/`$or`/`$not` level; a condition nested deeper
 *   than MAX_DEPTH is not evaluated at all (it is false).
 * - prototype pollution: GrowthBook walks operator objects with `for...in`, so an enumerable
 *   key on `Object.prototype` reads as an unknown operator and every condition fails. The
 *   guarded copy has null-prototype objects.
 * - `$regex` / `$regexi`: a pattern that can backtrack catastrophically never runs (it matches
 *   nothing, as an invalid pattern does in GrowthBook), and a safe one is wrapped so it only
 *   runs on inputs of at most MAX_REGEX_INPUT characters (longer inputs do not match).
 */
import { boundedCopy, MAX_DEPTH } from '../manifest/depth';
import { MAX_REGEX_INPUT, regexProblem } from '../manifest/safe-regex';

/** Matches nothing: what an unsafe pattern becomes. */
const NEVER_MATCHES = '[]';

/**
 * The pattern GrowthBook compiles in place of `pattern`: the lookahead refuses inputs longer
 * than the cap (anchored at the start, so it runs once), then the lazy prefix searches from
 * every position as an unanchored pattern would. `pattern` compiles on its own, so its
 * parentheses are balanced and cannot escape the group around it.
 */
export function guardPattern(pattern: string, insensitive: boolean): string {
  if (regexProblem(pattern, insensitive) !== undefined) return NEVER_MATCHES;
  return `^(?=[\\s\\S]{0,${MAX_REGEX_INPUT}}$)[\\s\\S]*?(?:${pattern})`;
}

type Node = Record<string, unknown> | unknown[];

/** Guarded copies by condition object: manifests keep their conditions for the page's life. */
const cache = new WeakMap<object, Node | null>();

/**
 * The guarded copy of `condition` (see the module comment), or null when it nests deeper
 * than MAX_DEPTH. Non-objects are returned as they are. Iterative; cached per object.
 */
export function guardCondition<T>(condition: T): T | null {
  if (condition === null || typeof condition !== 'object') return condition;
  const cached = cache.get(condition);
  if (cached !== undefined) return cached as T | null;
  const copy = boundedCopy(condition, MAX_DEPTH);
  const guarded = copy.ok ? (copy.value as Node) : null;
  if (guarded) {
    const stack: Node[] = [guarded];
    while (stack.length) {
      const node = stack.pop()!;
      for (const key of Object.keys(node)) {
        const value = (node as Record<string, unknown>)[key];
        if ((key === '$regex' || key === '$regexi') && typeof value === 'string' && !Array.isArray(node)) {
          (node as Record<string, unknown>)[key] = guardPattern(value, key === '$regexi');
        } else if (value !== null && typeof value === 'object') {
          stack.push(value as Node);
        }
      }
    }
  }
  cache.set(condition, guarded);
  return guarded as T | null;
}
