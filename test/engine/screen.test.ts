/**
 * The screen (src/engine/screen.ts) may only rule an item out with the very reason the engine
 * gives, and must say "cannot tell" whenever the engine would let the item through. Checked
 * against the engine's own eligibility over random items and histories, and, clause by clause,
 * against GrowthBook's conformance cases.
 */
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evalCondition } from '../../src/engine/condition';
import { individualReason } from '../../src/engine/decide';
import { plainClauseHolds, screenReason, type ScreenContext } from '../../src/engine/screen';
import { emptyProgress, recordCompleted, recordDismissed, recordEvent, recordSeen, recordVisit } from '../../src/engine/progress';
import type { Item } from '../../src/manifest/schema';
import { DAY, item, T0, type ItemSpec } from '../support/engine-helpers';

const attributes = {
  page: { path: '/reports', url: 'https://app.example/reports' },
  account: { plan: 'trial', seats: 3, tags: ['beta', 'eu'], active: true, trialEnds: null },
  user: { traits: { role: 'admin', zero: 0, empty: '' } },
  experiments: { onboarding: 'help' },
};

const context = (extra: Partial<ScreenContext> = {}): ScreenContext => ({
  now: T0,
  progress: emptyProgress(),
  attributes,
  recentEvents: new Set(),
  ...extra,
});

/** The engine's verdict on one item on its own (before pacing), from the same inputs, defaults included. */
const engineReason = (it: Item, ctx: ScreenContext) =>
  individualReason(it, {
    manifest: { schemaVersion: 1, revision: 't', items: [it] },
    progress: ctx.progress,
    attributes: ctx.attributes,
    now: ctx.now,
    recentEvents: [...ctx.recentEvents],
    ...(ctx.pageViewStartedAt === undefined ? {} : { pacing: { pageViewShown: 0, sessionShown: 0, pageViewStartedAt: ctx.pageViewStartedAt } }),
  });

const clauseArb = fc.constantFrom<[string, unknown]>(
  ['page.path', '/reports'],
  ['page.path', '/settings'],
  ['page.path', { $in: ['/a', '/reports'] }],
  ['page.path', { $nin: ['/reports'] }],
  ['page.path', { $regex: '^/rep' }],
  ['account.plan', 'trial'],
  ['account.plan', { $ne: 'trial' }],
  ['account.plan', { $eq: 'pro' }],
  ['account.seats', 3],
  ['account.seats', '3'],
  ['account.seats', { $gte: 2 }],
  ['account.tags', { $in: ['eu'] }],
  ['account.tags', ['beta', 'eu']],
  ['account.active', true],
  ['account.active', false],
  ['account.trialEnds', null],
  ['account.missing', { $exists: false }],
  ['account.missing', { $exists: true }],
  ['account.missing', null],
  ['user.traits.zero', false],
  ['user.traits.empty', { $exists: true }],
  ['user.traits', { role: 'admin' }],
  ['experiments.onboarding', 'help'],
  ['$or', [{ 'account.plan': 'pro' }, { 'page.path': '/reports' }]],
  ['$not', { 'account.plan': 'trial' }],
  ['account.plan', { $in: 'trial' }],
  ['account.plan', {}],
  ['page.path', { $in: [{ $regex: '^/rep' }] }],
  ['account.missing', { $exists: { $regex: 'x' } }],
  ['account.seats', { $eq: [3] }],
);

const whenArb = fc.option(
  fc.uniqueArray(clauseArb, { maxLength: 3, selector: ([key]) => key }).map((clauses) => Object.fromEntries(clauses)),
  { nil: undefined },
);

const specArb: fc.Arbitrary<ItemSpec> = fc.record({
  id: fc.constantFrom('a', 'b'),
  type: fc.constantFrom<Item['type']>('banner', 'tour', 'tooltip', 'helpLink', 'hotspot', 'checklist'),
  when: whenArb,
  frequency: fc.constantFrom<Item['frequency']>(undefined, 'once', 'always', 'untilCompleted', { everyDays: 2 }, { maxTimes: 1 }),
  goal: fc.constantFrom(undefined, 'paid'),
  requires: fc.constantFrom(undefined, ['b']),
  trigger: fc.constantFrom<Item['trigger']>(undefined, 'manual', { event: 'opened' }, { elementAppears: '#x' }),
  schedule: fc.constantFrom<Item['schedule']>(undefined, { start: new Date(T0 + DAY).toISOString() }, { end: new Date(T0 - DAY).toISOString() }, { start: new Date(T0 - DAY).toISOString() }),
}, { requiredKeys: ['id', 'type'] });

const historyArb = fc.record({
  seen: fc.boolean(),
  closed: fc.constantFrom(undefined, 'dismissed', 'completed'),
  bCompleted: fc.boolean(),
  paid: fc.boolean(),
  opened: fc.boolean(),
  closedThisView: fc.constantFrom<boolean | undefined>(true, false, undefined),
  visited: fc.boolean(),
});

describe('the screen agrees with the engine', () => {
  it('rules an item out only with the reason the engine gives, and never one the engine lets through', () => {
    fc.assert(
      fc.property(specArb, historyArb, (spec, history) => {
        const it = item(spec);
        let progress = emptyProgress();
        if (history.seen) progress = recordSeen(progress, 'a', 1, T0 - 3 * DAY);
        if (history.closed === 'dismissed') progress = recordDismissed(progress, 'a', 1, T0 - DAY);
        if (history.closed === 'completed') progress = recordCompleted(progress, 'a', 1, T0 - DAY);
        if (history.bCompleted) progress = recordCompleted(progress, 'b', 1, T0 - DAY);
        if (history.paid) progress = recordEvent(progress, 'paid', T0 - DAY);
        // Without a page view start, both fall back to the last visit.
        if (history.visited) progress = recordVisit(progress, T0 - 2 * DAY, '/reports');
        const ctx = context({
          progress,
          recentEvents: new Set(history.opened ? ['opened'] : []),
          pageViewStartedAt: history.closedThisView === undefined ? undefined : history.closedThisView ? T0 - 2 * DAY : T0,
        });
        const screened = screenReason(it, ctx);
        const engine = engineReason(it, ctx);
        if (screened !== undefined) expect(screened).toEqual(engine);
        if (engine === undefined) expect(screened).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('rules out help for another page, with the path and value the engine reports', () => {
    const tip = item({ id: 'tip', type: 'tooltip', when: { 'page.path': '/settings', 'account.plan': 'trial' } });
    expect(screenReason(tip, context())).toEqual({ code: 'condition', path: 'page.path', actual: '/reports', expected: '/settings' });
    expect(screenReason(tip, context())).toEqual(engineReason(tip, context()));
  });

  it('cannot tell at the first clause it cannot evaluate, even when a later plain clause fails', () => {
    const regexFirst = item({ id: 'r', type: 'banner', when: { 'page.path': { $regex: '^/x' }, 'account.plan': 'pro' } });
    expect(screenReason(regexFirst, context())).toBeUndefined();
    const orFirst = item({ id: 'o', type: 'banner', when: { $or: [{ 'account.plan': 'pro' }], 'page.path': '/x' } });
    expect(screenReason(orFirst, context())).toBeUndefined();
  });

  it('never decides on what differs between the arms of an experiment', () => {
    const armed = item({ id: 'e', type: 'banner', when: { 'experiments.onboarding': 'control' } });
    expect(screenReason(armed, context())).toBeUndefined();
    expect(plainClauseHolds(attributes, 'experiments', { onboarding: 'help' })).toBeUndefined();
  });

  it('leaves a pattern nested in an operand to the engine, which words it (with or without its guard)', () => {
    const nested = item({ id: 'p', type: 'banner', when: { 'page.path': { $in: [{ $regex: '^/x' }] } } });
    expect(screenReason(nested, context())).toBeUndefined();
  });

  it('cannot tell for a condition nested deeper than the engine evaluates', () => {
    let deep: Record<string, unknown> = { 'account.plan': 'pro' };
    for (let i = 0; i < 40; i++) deep = { $and: [deep] };
    const nested = item({ id: 'n', type: 'banner', when: { 'page.path': '/x', $and: [deep] } });
    expect(screenReason(nested, context())).toBeUndefined();
  });

  it('cannot tell when a host attribute throws on conversion (the engine fails it closed)', () => {
    const hostile = { account: { plan: { toString: () => { throw new Error('no'); } } } };
    expect(plainClauseHolds(hostile, 'account.plan', 'trial')).toBeUndefined();
  });

  it('waits for the trigger after a condition that holds, as the engine does', () => {
    const onEvent = item({ id: 'ev', type: 'banner', when: { 'page.path': '/reports' }, trigger: { event: 'opened' } });
    expect(screenReason(onEvent, context())).toEqual({ code: 'trigger', waitingFor: 'event "opened"', event: 'opened' });
    expect(screenReason(onEvent, context({ recentEvents: new Set(['opened']) }))).toBeUndefined();
  });
});

const candidates = [
  new URL('../../../shared/conformance/growthbook-cases.json', import.meta.url),
  new URL('../fixtures/growthbook-cases.json', import.meta.url),
];
const file = candidates.find((url) => existsSync(url));
if (!file) throw new Error('growthbook-cases.json not found in ../shared/conformance or test/fixtures');
const cases = JSON.parse(readFileSync(file, 'utf8')).evalCondition as [string, Record<string, unknown>, Record<string, unknown>, boolean][];

describe("the screen's clauses against GrowthBook's conformance cases", () => {
  it('agrees with GrowthBook on every top-level clause it evaluates', () => {
    let evaluated = 0;
    for (const [name, condition, attrs] of cases) {
      if (condition === null || typeof condition !== 'object') continue;
      for (const [key, clause] of Object.entries(condition)) {
        const holds = plainClauseHolds(attrs, key, clause);
        if (holds === undefined) continue;
        evaluated++;
        expect(holds, `${name}: ${key}`).toBe(evalCondition(attrs, { [key]: clause }));
      }
    }
    // The cases exercise the plain forms many times over: a screen that gave up on everything would fail here.
    expect(evaluated).toBeGreaterThan(30);
  });
});
