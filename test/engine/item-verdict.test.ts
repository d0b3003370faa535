/**
 * src/engine/item-verdict.ts: the order of an item's own checks (schedule, goal, history,
 * requires, condition, trigger), what an explicit request skips and what it does not, and the
 * condition's reason as written or compiled (the same), with the clause memo, the `$regex`
 * guard, conditions too deep to evaluate, and hostile attributes. The single checks
 * themselves are in eligibility.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createClausePool, type Attributes } from '../../src/engine/condition';
import type { EligibilityContext } from '../../src/engine/eligibility';
import { conditionReason, eligibilityReason } from '../../src/engine/item-verdict';
import { prepareItem, type PreparedItem } from '../../src/engine/prepare';
import { emptyProgress, recordCompleted, recordDismissed, recordEvent, recordSeen, type ProgressState } from '../../src/engine/progress';
import { guardPattern } from '../../src/manifest/safe-regex';
import type { Item } from '../../src/manifest/schema';
import { DAY, item, T0, type ItemSpec } from '../support/engine-helpers';

const context = (extra: Partial<EligibilityContext> = {}): EligibilityContext => ({
  now: T0,
  progress: emptyProgress(),
  attributes: { user: { plan: 'pro' } },
  recentEvents: new Set(),
  ...extra,
});

const prepared = (spec: ItemSpec): PreparedItem => prepareItem(item(spec), {});
const compiled = (spec: ItemSpec, regexGuard = guardPattern): PreparedItem => prepareItem(item(spec), {}, createClausePool(), regexGuard);

const NO_GUARD = '$regex without its guard (not loaded); not evaluated';

describe('eligibilityReason: the order of the checks', () => {
  // An item that fails every check, and the progress that makes it so.
  const future = new Date(T0 + DAY).toISOString();
  const spec: ItemSpec = {
    id: 'b', type: 'banner', schedule: { start: future }, goal: 'upgraded', requires: ['intro'],
    when: { 'user.plan': 'free' }, trigger: 'manual',
  };
  const failingAll = (): ProgressState => recordEvent(recordCompleted(emptyProgress(), 'b', 1, T0 - DAY), 'upgraded', T0 - DAY);
  const peel = (keys: (keyof ItemSpec)[]) => {
    const copy = { ...spec } as Record<string, unknown>;
    for (const key of keys) delete copy[key];
    return copy as ItemSpec;
  };

  it('reports the first failing check: schedule, goal, history, requires, condition, trigger', () => {
    const progress = failingAll();
    const reasons = [
      eligibilityReason(prepared(spec), context({ progress }), false),
      eligibilityReason(prepared(peel(['schedule'])), context({ progress }), false),
      eligibilityReason(prepared(peel(['schedule', 'goal'])), context({ progress }), false),
      eligibilityReason(prepared(peel(['schedule', 'goal'])), context({ progress: emptyProgress() }), false),
      eligibilityReason(prepared(peel(['schedule', 'goal', 'requires'])), context(), false),
      eligibilityReason(prepared(peel(['schedule', 'goal', 'requires', 'when'])), context(), false),
      eligibilityReason(prepared(peel(['schedule', 'goal', 'requires', 'when', 'trigger'])), context(), false),
    ];
    expect(reasons.map((r) => r?.code)).toEqual(['before-schedule', 'goal-reached', 'completed', 'requires', 'condition', 'trigger', undefined]);
  });

  it('a lasting reason wins over a passing one: a completed item says "completed", not "waiting for an event"', () => {
    const waiting = item({ id: 'w', type: 'banner', trigger: { event: 'opened' } });
    const progress = recordCompleted(emptyProgress(), 'w', 1, T0);
    expect(eligibilityReason(prepareItem(waiting, {}), context({ progress }), false)).toEqual({ code: 'completed', at: T0 });
  });

  it('the condition is checked before the trigger, and after requires', () => {
    const it1 = prepared({ id: 'c', type: 'banner', when: { 'user.plan': 'free' }, trigger: 'manual' });
    expect(eligibilityReason(it1, context(), false)).toMatchObject({ code: 'condition', path: 'user.plan' });
    const it2 = prepared({ id: 'c', type: 'banner', when: { 'user.plan': 'free' }, requires: ['x'] });
    expect(eligibilityReason(it2, context(), false)).toEqual({ code: 'requires', missing: 'x' });
  });

  it('reports a prerequisite\'s own status when it was seen or dismissed but not completed', () => {
    const it1 = prepared({ id: 'c', type: 'banner', requires: ['intro'] });
    expect(eligibilityReason(it1, context({ progress: recordSeen(emptyProgress(), 'intro', 1, T0) }), false)).toEqual({ code: 'requires', missing: 'intro', status: 'seen' });
    expect(eligibilityReason(it1, context({ progress: recordDismissed(emptyProgress(), 'intro', 1, T0) }), false)).toEqual({ code: 'requires', missing: 'intro', status: 'dismissed' });
    expect(eligibilityReason(it1, context({ progress: recordCompleted(emptyProgress(), 'intro', 1, T0) }), false)).toBeUndefined();
  });

  it('passes an item with no rules at all', () => {
    expect(eligibilityReason(prepared({ id: 'plain', type: 'helpLink' }), context(), false)).toBeUndefined();
  });

  it('waits for its event trigger until the event was tracked in this page view', () => {
    const waiting = prepared({ id: 'w', type: 'tooltip', trigger: { event: 'opened' } });
    expect(eligibilityReason(waiting, context(), false)).toEqual({ code: 'trigger', waitingFor: 'event "opened"', event: 'opened' });
    expect(eligibilityReason(waiting, context({ recentEvents: new Set(['opened']) }), false)).toBeUndefined();
  });
});

describe('eligibilityReason: an explicit request (startTour)', () => {
  const future = new Date(T0 + DAY).toISOString();

  it('skips the goal, the person\'s history and the trigger', () => {
    const tour = prepared({ id: 't', type: 'tour', goal: 'upgraded', trigger: 'manual', frequency: 'once' });
    const progress = recordEvent(recordCompleted(emptyProgress(), 't', 1, T0 - DAY), 'upgraded', T0 - DAY);
    expect(eligibilityReason(tour, context({ progress }), false)?.code).toBe('goal-reached');
    expect(eligibilityReason(tour, context({ progress }), true)).toBeUndefined();
  });

  it('still obeys the schedule, prerequisites and the condition, in that order', () => {
    const spec: ItemSpec = { id: 't', type: 'tour', schedule: { start: future }, requires: ['intro'], when: { 'user.plan': 'free' }, trigger: 'manual' };
    expect(eligibilityReason(prepared(spec), context(), true)).toEqual({ code: 'before-schedule', start: future });
    expect(eligibilityReason(prepared({ ...spec, schedule: undefined }), context(), true)).toEqual({ code: 'requires', missing: 'intro' });
    expect(eligibilityReason(prepared({ ...spec, schedule: undefined, requires: undefined }), context(), true)).toMatchObject({ code: 'condition', path: 'user.plan' });
    expect(eligibilityReason(prepared({ ...spec, schedule: undefined, requires: undefined, when: { 'user.plan': 'pro' } }), context(), true)).toBeUndefined();
  });

  it('an ended schedule holds even a requested item', () => {
    const past = new Date(T0 - DAY).toISOString();
    expect(eligibilityReason(prepared({ id: 't', type: 'tour', schedule: { end: past } }), context(), true)).toEqual({ code: 'after-schedule', end: past });
  });
});

describe('conditionReason', () => {
  const attributes: Attributes = { user: { plan: 'free', role: 'member', seats: 3 }, page: { path: '/billing' } };

  it('is undefined for an item without a condition, and for an empty one', () => {
    expect(conditionReason(prepared({ id: 'a', type: 'banner' }), attributes)).toBeUndefined();
    expect(conditionReason(prepared({ id: 'a', type: 'banner', when: {} }), attributes)).toBeUndefined();
    expect(conditionReason(compiled({ id: 'a', type: 'banner', when: {} }), attributes)).toBeUndefined();
  });

  it('names the failing path, the value it saw and the clause as written', () => {
    const spec: ItemSpec = { id: 'a', type: 'banner', when: { 'page.path': '/billing', 'user.plan': { $in: ['pro', 'team'] } } };
    const expected = { code: 'condition', path: 'user.plan', actual: 'free', expected: { $in: ['pro', 'team'] } };
    expect(conditionReason(prepared(spec), attributes)).toEqual(expected);
    expect(conditionReason(compiled(spec), attributes)).toEqual(expected);
  });

  it('shows a missing attribute as undefined', () => {
    const spec: ItemSpec = { id: 'a', type: 'banner', when: { 'account.plan': 'pro' } };
    expect(conditionReason(prepared(spec), attributes)).toEqual({ code: 'condition', path: 'account.plan', actual: undefined, expected: 'pro' });
    expect(conditionReason(compiled(spec), attributes)).toEqual({ code: 'condition', path: 'account.plan', actual: undefined, expected: 'pro' });
  });

  it('follows $and down to the failing clause inside', () => {
    const spec: ItemSpec = { id: 'a', type: 'banner', when: { $and: [{ 'page.path': '/billing' }, { 'user.seats': { $gt: 5 } }] } };
    const expected = { code: 'condition', path: 'user.seats', actual: 3, expected: { $gt: 5 } };
    expect(conditionReason(prepared(spec), attributes)).toEqual(expected);
    expect(conditionReason(compiled(spec), attributes)).toEqual(expected);
  });

  it('blames an operator for $or with the values of every path it mentions', () => {
    const spec: ItemSpec = { id: 'a', type: 'banner', when: { $or: [{ 'user.plan': 'pro' }, { 'user.role': 'admin' }] } };
    const expected = { code: 'condition', path: '$or', actual: { 'user.plan': 'free', 'user.role': 'member' }, expected: [{ 'user.plan': 'pro' }, { 'user.role': 'admin' }] };
    expect(conditionReason(prepared(spec), attributes)).toEqual(expected);
    expect(conditionReason(compiled(spec), attributes)).toEqual(expected);
  });

  it('is undefined when the condition holds, written or compiled', () => {
    const spec: ItemSpec = { id: 'a', type: 'banner', when: { 'user.plan': 'free', 'user.seats': { $gte: 3 } } };
    expect(conditionReason(prepared(spec), attributes)).toBeUndefined();
    expect(conditionReason(compiled(spec), attributes)).toBeUndefined();
  });

  describe('the clause memo', () => {
    it('records each clause result by its pool id (2 fails, 1 holds)', () => {
      const pool = createClausePool();
      const a = prepareItem(item({ id: 'a', type: 'banner', when: { 'user.plan': 'free' } }), {}, pool);
      const b = prepareItem(item({ id: 'b', type: 'banner', when: { 'user.plan': 'pro' } }), {}, pool);
      const memo = new Uint8Array(pool.size);
      expect(conditionReason(a, attributes, memo)).toBeUndefined();
      expect(conditionReason(b, attributes, memo)).toMatchObject({ code: 'condition', path: 'user.plan' });
      expect([...memo]).toEqual([1, 2]);
    });

    it('shares results between items with the same clause: a remembered result is not evaluated again', () => {
      const pool = createClausePool();
      const a = prepareItem(item({ id: 'a', type: 'banner', when: { 'user.plan': 'pro' } }), {}, pool);
      const b = prepareItem(item({ id: 'b', type: 'hotspot', when: { 'user.plan': 'pro' } }), {}, pool);
      expect(pool.size).toBe(1);
      const memo = new Uint8Array(pool.size);
      // A memo written for other attributes (misuse) shows that the second item reads it.
      memo[0] = 1;
      expect(conditionReason(a, attributes, memo)).toBeUndefined();
      expect(conditionReason(b, attributes, memo)).toBeUndefined();
      memo[0] = 0;
      expect(conditionReason(b, attributes, memo)).toMatchObject({ code: 'condition' });
      expect(memo[0]).toBe(2);
    });

    it('a memo too short for the pool is ignored rather than overrun', () => {
      const pool = createClausePool();
      const a = prepareItem(item({ id: 'a', type: 'banner', when: { 'user.role': 'member', 'user.plan': 'pro' } }), {}, pool);
      const memo = new Uint8Array(1);
      expect(conditionReason(a, attributes, memo)).toMatchObject({ path: 'user.plan' });
      expect([...memo]).toEqual([1]);
    });
  });

  describe('$regex', () => {
    const spec: ItemSpec = { id: 'r', type: 'banner', when: { 'page.path': { $regex: '^/bill' } } };

    it('runs through the guard: a matching pattern holds, written or compiled', () => {
      expect(conditionReason(prepared(spec), attributes, undefined, guardPattern)).toBeUndefined();
      expect(conditionReason(compiled(spec), attributes)).toBeUndefined();
      expect(conditionReason(prepared({ ...spec, when: { 'page.path': { $regex: '^/home' } } }), attributes, undefined, guardPattern)).toEqual({
        code: 'condition', path: 'page.path', actual: '/billing', expected: { $regex: '^/home' },
      });
    });

    it('without a guard, fails without running and says why (never shows a pattern that would hold)', () => {
      const expected = { code: 'condition', path: 'page.path', actual: '/billing', expected: NO_GUARD };
      expect(conditionReason(prepared(spec), attributes)).toEqual(expected);
      expect(conditionReason(prepareItem(item(spec), {}, createClausePool(), undefined), attributes)).toEqual(expected);
    });

    it('a catastrophic pattern matches nothing under the guard, and returns at once', () => {
      const evil = { id: 'e', type: 'banner', when: { s: { $regex: '(a+)+$' } } } as ItemSpec;
      const hostile = { s: 'a'.repeat(5000) + '!' };
      expect(conditionReason(compiled(evil), hostile)).toMatchObject({ code: 'condition', path: 's', expected: { $regex: '(a+)+$' } });
      expect(conditionReason(prepared(evil), hostile, undefined, guardPattern)).toMatchObject({ code: 'condition', path: 's' });
    });

    it('the guard given to the context is the one uncompiled conditions use', () => {
      const calls: string[] = [];
      const spy = (pattern: string, insensitive: boolean) => (calls.push(`${pattern}|${insensitive}`), guardPattern(pattern, insensitive));
      const item1 = item({ id: 'g', type: 'banner', when: { 'page.path': { $regexi: '^/BILL' } } });
      expect(eligibilityReason(prepareItem(item1, {}), context({ attributes, regexGuard: spy }), false)).toBeUndefined();
      expect(calls).toEqual(['^/BILL|true']);
    });
  });

  it('a condition nested too deep is not evaluated, and says so', () => {
    let when: Record<string, unknown> = { 'user.plan': 'free' };
    for (let i = 0; i < 40; i++) when = { $and: [when] };
    const spec = { id: 'deep', type: 'banner', when } as ItemSpec;
    const expected = { code: 'condition', path: '$and', actual: undefined, expected: 'nested deeper than 32 levels; not evaluated' };
    expect(conditionReason(prepared(spec), attributes)).toEqual(expected);
    expect(conditionReason(compiled(spec), attributes)).toEqual(expected);
  });

  it('a condition nested thousands of levels deep does not overflow the stack', () => {
    let when: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 5000; i++) when = { $or: [when] };
    const spec = { id: 'deeper', type: 'banner', when } as ItemSpec;
    expect(conditionReason(prepared(spec), attributes)).toMatchObject({ code: 'condition', path: '$or' });
    expect(conditionReason(compiled(spec), attributes)).toMatchObject({ code: 'condition', path: '$or' });
  });

  describe('hostile attributes', () => {
    it('an own "__proto__" attribute is data: it does not make top-level paths match', () => {
      const hostile = JSON.parse('{"__proto__": {"plan": "pro"}, "user": {"__proto__": {"plan": "pro"}}}') as Attributes;
      for (const spec of [{ id: 'p', type: 'banner', when: { plan: 'pro' } }, { id: 'q', type: 'banner', when: { 'user.plan': 'pro' } }] as ItemSpec[]) {
        expect(conditionReason(prepared(spec), hostile)).toMatchObject({ code: 'condition', actual: undefined });
        expect(conditionReason(compiled(spec), hostile)).toMatchObject({ code: 'condition', actual: undefined });
      }
      expect(({} as Record<string, unknown>).plan).toBeUndefined();
    });

    it('huge values and control characters are compared as given', () => {
      const big = 'x'.repeat(1_000_000);
      const spec: ItemSpec = { id: 'h', type: 'banner', when: { 'user.name': 'x' } };
      const reason = conditionReason(compiled(spec), { user: { name: big } });
      expect(reason).toMatchObject({ code: 'condition', path: 'user.name' });
      expect((reason as { actual: string }).actual).toHaveLength(1_000_000);
      expect(conditionReason(compiled({ ...spec, when: { 'user.name': 'a\u0000b' } }), { user: { name: 'a\u0000b' } })).toBeUndefined();
    });

    it('attributes of the wrong types fail the clause instead of throwing', () => {
      const spec: ItemSpec = { id: 'w', type: 'banner', when: { 'user.seats': { $gt: 1 }, 'user.tags': { $elemMatch: { $eq: 'a' } } } };
      for (const attrs of [{ user: 'not an object' }, { user: { seats: 'many', tags: 'a' } }, { user: [1, 2] }, { user: null }] as Attributes[]) {
        expect(conditionReason(prepared(spec), attrs)).toMatchObject({ code: 'condition' });
        expect(conditionReason(compiled(spec), attrs)).toMatchObject({ code: 'condition' });
      }
    });

    it('does not mutate the attributes or the item', () => {
      const attrs = Object.freeze({ user: Object.freeze({ plan: 'free', tags: Object.freeze(['a']) }) });
      const frozen = Object.freeze(item({ id: 'f', type: 'banner', when: Object.freeze({ 'user.plan': 'free', 'user.tags': { $size: 1 } }) as never })) as Item;
      expect(conditionReason(prepareItem(frozen, {}), attrs)).toBeUndefined();
      expect(conditionReason(prepareItem(frozen, {}, createClausePool(), guardPattern), attrs)).toBeUndefined();
    });
  });
});
