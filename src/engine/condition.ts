/**
 * Conditions are GrowthBook's MongoDB-like condition language. We use GrowthBook's own
 * evaluator (MIT, tree-shaken to its `mongrule` module) instead of writing another one, so
 * writers get a documented, conformance-tested language.
 */
import { evalCondition as growthbookEvalCondition } from '@growthbook/growthbook';
import { MAX_DEPTH, SAFE_PROTOTYPE } from '../manifest/depth';
import { guardCondition, hasRegex, UNGUARDED, type RegexGuard } from './condition-guard';
import { lookup, valueAt } from './attribute-path';

/** Attributes a condition is evaluated against (nested objects, dotted paths). */
export type Attributes = Record<string, unknown>;
/** A condition object such as `{"account.plan": {"$in": ["trial"]}}`. */
export type Condition = Record<string, unknown>;

/**
 * True when `attributes` satisfy `condition`. Never throws: a broken condition is false, and
 * so is one nested deeper than MAX_DEPTH; `$regex` patterns run through `regexGuard`, and a
 * condition with a pattern is false without one (condition-guard.ts).
 */
export function evalCondition(attributes: Attributes, condition: Condition, savedGroups?: Record<string, unknown[]>, regexGuard?: RegexGuard): boolean {
  let guarded: Condition | null;
  try {
    // Only an object of clauses is a condition: GrowthBook finds no clause in `5`, `true` or
    // `[]`, so it would hold them. (Array.isArray throws on a revoked Proxy.)
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return false;
    guarded = guardCondition(condition, regexGuard);
  } catch {
    // A getter that throws, a revoked Proxy: broken, so false.
    return false;
  }
  const unguarded = guarded !== null && Object.values(guarded).includes(UNGUARDED);
  return guarded !== null && !unguarded && evalGuarded(attributes, guarded, savedGroups);
}

/** GrowthBook on a condition already guarded. */
function evalGuarded(attributes: Attributes, guarded: Condition, savedGroups?: Record<string, unknown[]>): boolean {
  try {
    return growthbookEvalCondition(attributes as never, guarded as never, savedGroups as never);
  } catch {
    return false;
  }
}

/** What a condition too deep to evaluate compiles to: it never holds. */
const NEVER: Condition = Object.freeze({ $not: {} });
const TOO_DEEP = `nested deeper than ${MAX_DEPTH} levels; not evaluated`;
/** What explanations show for a clause with a pattern that had no guard (see condition-guard.ts). */
const NO_GUARD = '$regex without its guard (not loaded); not evaluated';

/** Reads a dotted path ("events.expense_created.count") the way conditions do. */
export function getPath(attributes: Attributes, path: string): unknown {
  return valueAt(attributes, path.split('.'));
}

/** Why a condition is false: the path (or operator) that failed, the value it saw, and what it wanted. */
export interface FailingClause {
  /** A dotted attribute path, or an operator such as "$or" when no single path is to blame. */
  path: string;
  /** The attribute value at `path`; for an operator, the values of the paths it mentions. */
  actual: unknown;
  /** The clause that failed, as written. */
  clause: unknown;
}

/**
 * A condition split into its top-level clauses once, so deciding many times does not redo
 * it. Top-level clauses are ANDed, which is what lets them be evaluated one at a time.
 */
export interface CompiledCondition {
  readonly source: Condition;
  readonly clauses: readonly CompiledClause[];
  /** The guard its patterns were compiled with; explanations of `$and` parts use it too. */
  readonly regexGuard?: RegexGuard;
}

export interface CompiledClause {
  readonly key: string;
  readonly clause: unknown;
  /** The attribute path split on "."; null for operator keys ($or, $and, $not, ...). */
  readonly parts: readonly string[] | null;
  /** What GrowthBook evaluates (guarded): `{v: clause}` against `{v: value}` for a path, else `{[key]: clause}`. */
  readonly test: Condition;
  /** Index of this clause in its `ClausePool` (shared by identical clauses), or -1. */
  readonly id: number;
}

/**
 * Identical clauses across a manifest's items, compiled once and numbered, so one decision
 * evaluates each distinct clause once (real manifests repeat `page.path` and plan checks a
 * lot). Only plain JSON clauses are shared: their serialization is exact. Every condition
 * compiled into one pool must use the same `regexGuard` (prepareManifest makes one per manifest).
 */
export interface ClausePool {
  readonly byKey: Map<string, CompiledClause>;
  size: number;
}

export function createClausePool(): ClausePool {
  return { byKey: new Map(), size: 0 };
}

/** Per decision: 0 not evaluated yet, 1 holds, 2 fails, by `CompiledClause.id`. */
export type ClauseMemo = Uint8Array;

/**
 * `safe` is the clause guarded (see `guardCondition`); `clause` stays as written, for
 * explanations. An UNGUARDED clause compiles to NEVER: it fails without running.
 */
function compileClause(key: string, clause: unknown, safe: unknown, id: number): CompiledClause {
  const parts = key.startsWith('$') ? null : key.split('.');
  const test = safe === UNGUARDED ? NEVER : parts ? { v: safe } : { [key]: safe };
  return { key, clause, parts, test, id };
}

/**
 * Splits `condition` into clauses and paths (see `CompiledCondition`), sharing them through
 * `pool`. Its `$regex` patterns run through `regexGuard`; without one, their clauses fail.
 */
export function compileCondition(condition: Condition, pool?: ClausePool, regexGuard?: RegexGuard): CompiledCondition {
  const guarded = guardCondition(condition, regexGuard);
  const keys = Object.keys(condition);
  if (guarded === null) {
    // Checked before anything recursive (isPlainJson, JSON.stringify) walks it.
    return { source: condition, clauses: [{ key: keys[0] ?? '$and', clause: TOO_DEEP, parts: null, test: NEVER, id: -1 }], regexGuard };
  }
  const clauses = keys.map((key) => {
    const clause = condition[key];
    const safe = guarded[key];
    if (!pool || !isPlainJson(clause)) return compileClause(key, clause, safe, -1);
    const signature = JSON.stringify([key, clause]);
    let shared = pool.byKey.get(signature);
    if (!shared) pool.byKey.set(signature, (shared = compileClause(key, clause, safe, pool.size++)));
    return shared;
  });
  return { source: condition, clauses, regexGuard };
}

/** Strings, finite numbers, booleans, null, arrays and plain objects: what JSON round-trips exactly. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null || proto === SAFE_PROTOTYPE) && Object.values(value as object).every(isPlainJson);
}

function clauseHolds(attributes: Attributes, clause: CompiledClause, memo: ClauseMemo | undefined): boolean {
  const memoized = memo !== undefined && clause.id >= 0 && clause.id < memo.length;
  if (memoized && memo[clause.id] !== 0) return memo[clause.id] === 1;
  // `{v: value}` against `{v: clause}` is GrowthBook's evaluation of `{[path]: clause}` minus
  // re-splitting the path on every call, which was a large share of a 10,000-item decision.
  const holds = clause.parts ? evalGuarded({ v: lookup(attributes, clause.parts) }, clause.test) : evalGuarded(attributes, clause.test);
  if (memoized) memo[clause.id] = holds ? 1 : 2;
  return holds;
}

/**
 * The first failing clause of a compiled condition, or undefined when it holds (see
 * `firstFailingClause`). `memo` (one per decision, sized by the pool) remembers clause results
 * across items; it must only be shared between evaluations against the same attributes.
 */
export function firstFailingCompiled(attributes: Attributes, compiled: CompiledCondition, memo?: ClauseMemo): FailingClause | undefined {
  for (const clause of compiled.clauses) {
    if (!clauseHolds(attributes, clause, memo)) return describeFailure(attributes, clause, compiled.regexGuard);
  }
  return undefined;
}

/**
 * The first top-level clause of `condition` that fails, with the value it saw, so
 * explanations can say which path was false and why. Top-level clauses are ANDed, so this
 * is also the evaluation: `undefined` means the whole condition holds, and the decision
 * uses it instead of evaluating twice. `$and` is followed down to the failing clause inside.
 */
export function firstFailingClause(attributes: Attributes, condition: Condition, regexGuard?: RegexGuard): FailingClause | undefined {
  // Uncompiled on purpose: compiling costs more than it saves for a single evaluation.
  const guarded = guardCondition(condition, regexGuard);
  const keys = Object.keys(condition);
  if (guarded === null) return { path: keys[0] ?? '$and', actual: undefined, clause: TOO_DEEP };
  for (const key of keys) {
    if (guarded[key] !== UNGUARDED && evalGuarded(attributes, keys.length === 1 ? guarded : { [key]: guarded[key] })) continue;
    return describeFailure(attributes, { key, clause: condition[key], parts: key.startsWith('$') ? null : key.split('.') }, regexGuard);
  }
  return undefined;
}

/** `condition` was guarded, so it is at most MAX_DEPTH deep: the recursion here is bounded. */
function describeFailure(attributes: Attributes, { key, clause, parts }: Pick<CompiledClause, 'key' | 'clause' | 'parts'>, regexGuard: RegexGuard | undefined): FailingClause {
  if (clause === TOO_DEEP) return { path: key, actual: undefined, clause };
  if (key === '$and' && Array.isArray(clause)) {
    for (const part of clause) {
      if (!isPlainObject(part)) break;
      const inner = firstFailingClause(attributes, part, regexGuard);
      if (inner) return inner;
    }
  }
  // A clause that failed for want of a guard says so rather than show a pattern that may hold.
  const described = !regexGuard && hasRegex({ [key]: clause }) ? NO_GUARD : clause;
  if (!parts) return { path: key, actual: mentionedValues(attributes, clause), clause: described };
  return { path: key, actual: valueAt(attributes, parts), clause: described };
}

/** The values of every attribute path an operator clause mentions ($or, $not, $nor), by path. */
function mentionedValues(attributes: Attributes, clause: unknown): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isPlainObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) walk(value);
        else out[key] = getPath(attributes, key);
      }
    }
  };
  walk(clause);
  return Object.keys(out).length ? out : undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
