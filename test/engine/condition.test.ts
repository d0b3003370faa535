/**
 * The decision evaluates conditions clause by clause on pre-split paths (`compileCondition`)
 * for speed. This must agree with GrowthBook's evaluator on every public conformance case,
 * and the failing clause it reports must carry the value GrowthBook saw.
 */
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClausePool, type Condition } from '../../src/engine/condition';
// As guidepost/engine exports them: `$regex` guarded by default (the SDK passes the guard it loads).
import { compileCondition, evalCondition, firstFailingClause, firstFailingCompiled } from '../../src/engine/index';

const candidates = [
  new URL('../../../shared/conformance/growthbook-cases.json', import.meta.url),
  new URL('../fixtures/growthbook-cases.json', import.meta.url),
];
const cases = JSON.parse(readFileSync(candidates.find((url) => existsSync(url))!, 'utf8'));
type Case = [string, Record<string, unknown>, Record<string, unknown>, boolean, Record<string, unknown[]>?];
// Saved groups are not part of item targeting (decide never passes any).
const withoutGroups = (cases.evalCondition as Case[]).filter(([, , , , groups]) => groups === undefined);

describe('compiled conditions', () => {
  it('cover most of the conformance cases', () => {
    expect(withoutGroups.length).toBeGreaterThan(200);
  });

  it.each(withoutGroups)('agree with GrowthBook: %s', (_name, condition, attributes, expected) => {
    expect(evalCondition(attributes, condition)).toBe(expected);
    expect(firstFailingCompiled(attributes, compileCondition(condition)) === undefined).toBe(expected);
  });

  it('report the first failing path with its value', () => {
    const attributes = { a: { b: 2 }, c: 'x' };
    expect(firstFailingClause(attributes, { c: 'x', 'a.b': { $gt: 5 } })).toEqual({ path: 'a.b', actual: 2, clause: { $gt: 5 } });
    expect(firstFailingClause(attributes, { 'a.missing': { $exists: true } })).toEqual({ path: 'a.missing', actual: undefined, clause: { $exists: true } });
    expect(firstFailingClause(attributes, { $not: { c: 'x' } })).toEqual({ path: '$not', actual: { c: 'x' }, clause: { c: 'x' } });
    expect(firstFailingClause(attributes, { c: 'x' })).toBeUndefined();
  });

  it('can be evaluated many times against different attributes', () => {
    const compiled = compileCondition({ 'user.plan': { $in: ['trial'] } });
    expect(firstFailingCompiled({ user: { plan: 'trial' } }, compiled)).toBeUndefined();
    expect(firstFailingCompiled({ user: { plan: 'pro' } }, compiled)).toMatchObject({ actual: 'pro' });
    expect(firstFailingCompiled({}, compiled)).toMatchObject({ actual: undefined });
  });
});

describe('clause pool and per-decision memo', () => {
  it('identical plain-JSON clauses share one id; others get their own', () => {
    const pool = createClausePool();
    const a = compileCondition({ 'page.path': '/a', 'user.plan': { $in: ['trial'] } }, pool);
    const b = compileCondition({ 'user.plan': { $in: ['trial'] } }, pool);
    expect(b.clauses[0].id).toBe(a.clauses[1].id);
    expect(pool.size).toBe(2);
    // undefined and NaN do not survive JSON: such clauses are never shared.
    const odd = compileCondition({ x: { $gt: Number.NaN }, y: { $gte: undefined } }, pool);
    expect(odd.clauses.map((c) => c.id)).toEqual([-1, -1]);
  });

  const clauses: Condition[] = [
    { 'user.plan': 'trial' }, { 'user.plan': { $in: ['pro', 'trial'] } }, { 'n': { $gte: 2 } }, { 'n': { $lt: 2 } },
    { 'tags': { $elemMatch: { $eq: 'a' } } }, { $or: [{ 'user.plan': 'pro' }, { n: 3 }] }, { $not: { 'user.plan': 'trial' } },
    { 'missing.path': { $exists: false } }, { 'user': { $exists: true } },
  ];
  const conditionArb = fc.array(fc.constantFrom(...clauses), { minLength: 1, maxLength: 3 }).map((parts) => Object.assign({}, ...parts) as Condition);
  const attributesArb = fc.record({
    user: fc.record({ plan: fc.constantFrom('trial', 'pro', undefined) }, { requiredKeys: [] }),
    n: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    tags: fc.array(fc.constantFrom('a', 'b')),
  }, { requiredKeys: [] });

  it('evaluating many conditions with a shared memo gives GrowthBook\'s answer for each', () => {
    fc.assert(
      fc.property(fc.array(conditionArb, { minLength: 1, maxLength: 12 }), attributesArb, (conditions, attributes) => {
        const pool = createClausePool();
        const compiled = conditions.map((c) => compileCondition(c, pool));
        const memo = new Uint8Array(pool.size);
        compiled.forEach((c, i) => expect(firstFailingCompiled(attributes, c, memo) === undefined).toBe(evalCondition(attributes, conditions[i])));
      }),
      { numRuns: 300 },
    );
  });
});
