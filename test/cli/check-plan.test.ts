/**
 * src/cli/check-plan.ts: what `guidepost check` looks at, from a validated manifest — one
 * entry per item target and tour-step target, the selectors the SDK would try (with what each
 * one is), the routes each must resolve on, and the routes to open. Pure, so tested in Node.
 * (test/cli/check.test.ts covers the demo manifest and the basic page.path forms.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planCheck, routesOfCondition, selectorKinds, type PlannedTarget } from '../../src/cli/check-plan';
import { targetSelectors } from '../../src/dom/targets';
import type { Manifest, Target } from '../../src/manifest/schema';
import { validateManifest } from '../../src/manifest/validate';

/** A validated manifest of `items` (the test fails on any validation problem). */
function manifestOf(items: unknown[]): { manifest: Manifest; itemIndexes: number[] } {
  const { manifest, itemIndexes, problems } = validateManifest({ schemaVersion: 1, revision: 'r1', items });
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return { manifest: manifest!, itemIndexes };
}

const plan = (items: unknown[], extraRoutes?: string[]) => {
  const { manifest, itemIndexes } = manifestOf(items);
  return planCheck(manifest, itemIndexes, extraRoutes);
};

const tip = (id: string, fields: Record<string, unknown> = {}) => ({ id, type: 'tooltip', title: 'Tip', target: `#${id}`, ...fields });
const byKey = (targets: PlannedTarget[]) => Object.fromEntries(targets.map((t) => [`${t.itemId}${t.step === undefined ? '' : `#${t.step}`}`, t]));

describe('selectorKinds', () => {
  it('names a string target the primary selector', () => {
    expect(selectorKinds('#save')).toEqual(['selector']);
  });

  it('names each selector of an object target in the order the SDK tries them', () => {
    expect(selectorKinds({ selector: '#a', anchor: 'a', fallbacks: ['.a', '.b'] })).toEqual(['selector', 'anchor', 'fallback', 'fallback']);
    expect(selectorKinds({ anchor: 'a' })).toEqual(['anchor']);
    expect(selectorKinds({ fallbacks: ['.x'] })).toEqual(['fallback']);
    expect(selectorKinds({})).toEqual([]);
  });

  it('has one kind per selector targetSelectors returns, for any target', () => {
    const text = fc.string({ maxLength: 6 });
    const target: fc.Arbitrary<Target> = fc.oneof(
      text,
      fc.record({ selector: text, anchor: text, fallbacks: fc.array(text, { maxLength: 3 }), frame: text }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(target, (t) => {
        expect(selectorKinds(t)).toHaveLength(targetSelectors(t).length);
      }),
    );
  });
});

describe('routesOfCondition', () => {
  it('has no routes and no note without a page.path condition', () => {
    expect(routesOfCondition(undefined)).toEqual({ routes: [] });
    expect(routesOfCondition({})).toEqual({ routes: [] });
    expect(routesOfCondition({ 'account.plan': 'trial' })).toEqual({ routes: [] });
  });

  it('reads a plain path, $eq and a non-empty $in of strings', () => {
    expect(routesOfCondition({ 'page.path': '/a' })).toEqual({ routes: ['/a'] });
    expect(routesOfCondition({ 'page.path': { $eq: '/a' } })).toEqual({ routes: ['/a'] });
    expect(routesOfCondition({ 'page.path': { $in: ['/a', '/b'] } })).toEqual({ routes: ['/a', '/b'] });
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['a list', ['/a']],
    ['$eq of a number', { $eq: 1 }],
    ['an empty $in', { $in: [] }],
    ['$in with a non-string', { $in: ['/a', 3] }],
    ['$in that is not a list', { $in: '/a' }],
    ['$eq with another operator', { $eq: '/a', $ne: '/b' }],
    ['$regex', { $regex: '^/a' }],
    ['$exists', { $exists: true }],
    ['a nested $or', { $or: [{ $eq: '/a' }] }],
    ['an own "__proto__" key', JSON.parse('{"__proto__": {"$eq": "/a"}}')],
  ])('treats %s as unscoped, with a note saying why', (_name, condition) => {
    expect(routesOfCondition({ 'page.path': condition })).toEqual({ routes: [], note: 'its page.path condition is not a plain path or a $in list of paths' });
  });

  it('does not hand back the condition\'s own list (the plan may change it)', () => {
    const list = ['/a', '/b'];
    const { routes } = routesOfCondition({ 'page.path': { $in: list } });
    expect(routes).toEqual(list);
    const { manifest, itemIndexes } = manifestOf([tip('a', { when: { 'page.path': { $in: list } } })]);
    const planned = planCheck(manifest, itemIndexes);
    planned.targets[0].routes.push('/mutated');
    expect(manifest.items[0].when).toEqual({ 'page.path': { $in: ['/a', '/b'] } });
  });
});

describe('planCheck: item targets', () => {
  it('plans one entry per targeted item with its selectors, kinds and JSON path', () => {
    const { targets } = plan([
      tip('a'),
      { id: 'link', type: 'helpLink', title: 'Help', target: { anchor: 'say "hi"', fallbacks: ['.help'] } },
      { id: 'spot', type: 'hotspot', title: 'New', target: { selector: '#spot', frame: '#frame' } },
    ]);
    expect(targets.map((t) => [t.itemId, t.itemType, t.path, t.selectors, t.kinds])).toEqual([
      ['a', 'tooltip', 'items[0].target', ['#a'], ['selector']],
      ['link', 'helpLink', 'items[1].target', ['[data-help="say \\"hi\\""]', '.help'], ['anchor', 'fallback']],
      ['spot', 'hotspot', 'items[2].target', ['#spot'], ['selector']],
    ]);
    expect(targets[1].segments).toEqual(['items', 1, 'target']);
    for (const t of targets) expect(t).not.toHaveProperty('noTargetReason');
  });

  it('says why banners and checklists need no target, and checks an inline banner\'s target', () => {
    const { targets, routes } = plan([
      { id: 'top', type: 'banner', title: 'Top' },
      { id: 'bottom', type: 'banner', title: 'Bottom', slot: 'bottom' },
      { id: 'inline', type: 'banner', title: 'Inline', slot: 'inline', target: '#slot' },
      { id: 'list', type: 'checklist', tasks: [{ id: 't', title: 'Do it' }] },
    ]);
    const t = byKey(targets);
    expect(t.top).toMatchObject({ path: 'items[0]', segments: ['items', 0], selectors: [], kinds: [], noTargetReason: 'top banners are not anchored' });
    expect(t.top.target).toBeUndefined();
    expect(t.bottom.noTargetReason).toBe('bottom banners are not anchored');
    expect(t.inline).toMatchObject({ path: 'items[2].target', selectors: ['#slot'], scope: 'any', routes: ['/'] });
    expect(t.list).toMatchObject({ path: 'items[3]', noTargetReason: 'checklists have their own launcher' });
    expect(routes).toEqual(['/']);
  });

  it('uses the item\'s index in the file for its path, falling back to its position', () => {
    const { manifest } = manifestOf([tip('a'), tip('b')]);
    expect(planCheck(manifest, [3, 7]).targets.map((t) => t.path)).toEqual(['items[3].target', 'items[7].target']);
    expect(planCheck(manifest, [5]).targets.map((t) => t.path)).toEqual(['items[5].target', 'items[1].target']);
  });

  it('takes an item\'s routes from when["page.path"], and says where unscoped ones come from', () => {
    const t = byKey(plan([tip('scoped', { when: { 'page.path': '/reports' } }), tip('free'), tip('regex', { when: { 'page.path': { $regex: '^/r' } } })]).targets);
    expect(t.scoped).toMatchObject({ scope: 'route', routes: ['/reports'], routeSource: 'when["page.path"]' });
    expect(t.free).toMatchObject({ scope: 'any', routeSource: 'none (no page condition)' });
    expect(t.regex).toMatchObject({ scope: 'any', routeSource: 'none: its page.path condition is not a plain path or a $in list of paths' });
  });
});

describe('planCheck: tours', () => {
  it('follows the tour across routes: own route, inherited, advanceOn.route, and a step route again', () => {
    const { targets, routes } = plan([
      {
        id: 'tour',
        type: 'tour',
        when: { 'page.path': '/start' },
        steps: [
          { id: 'first', target: '#s0' },
          { target: '#s1', advanceOn: { route: '/next' } },
          { target: '#s2' },
          { target: '#s3', route: '/own' },
          { title: 'Centered', placement: 'center' },
          { target: '#s5', advanceOn: { click: true } },
        ],
      },
    ]);
    expect(targets.map((t) => [t.step, t.path, t.routes, t.routeSource])).toEqual([
      [0, 'items[0].steps[0].target', ['/start'], 'when["page.path"]'],
      [1, 'items[0].steps[1].target', ['/start'], 'inherited from steps[0]'],
      [2, 'items[0].steps[2].target', ['/next'], expect.any(String)],
      [3, 'items[0].steps[3].target', ['/own'], 'step route'],
      [4, 'items[0].steps[4]', ['/own'], 'inherited from steps[3]'],
      [5, 'items[0].steps[5].target', ['/own'], 'inherited from steps[4]'],
    ]);
    expect(targets[0].stepId).toBe('first');
    expect(targets[1]).not.toHaveProperty('stepId');
    expect(targets[4]).toMatchObject({ noTargetReason: 'a centered step', selectors: [], kinds: [] });
    expect(targets.every((t) => t.itemType === 'tour' && t.itemId === 'tour')).toBe(true);
    // The centered step's route is not visited for it, but /own is visited for steps 3 and 5.
    expect(routes).toEqual(['/start', '/next', '/own']);
  });

  it('checks steps of an unscoped tour on every visited route until a step names one', () => {
    const { targets, routes } = plan([
      tip('scoped', { when: { 'page.path': '/x' } }),
      { id: 'tour', type: 'tour', steps: [{ target: '#a' }, { target: '#b' }, { target: '#c', route: '/c' }] },
    ]);
    const t = byKey(targets);
    expect(routes).toEqual(['/', '/x', '/c']);
    expect(t['tour#0']).toMatchObject({ scope: 'any', routes: ['/', '/x', '/c'], routeSource: 'none (no page condition)' });
    expect(t['tour#1']).toMatchObject({ scope: 'any', routes: ['/', '/x', '/c'], routeSource: 'none (no page condition)' });
    expect(t['tour#2']).toMatchObject({ scope: 'route', routes: ['/c'] });
  });
});

describe('planCheck: routes to open', () => {
  it('opens nothing when nothing has a target, but still the --routes given', () => {
    expect(plan([{ id: 'b', type: 'banner', title: 'Hi' }]).routes).toEqual([]);
    expect(plan([{ id: 'b', type: 'banner', title: 'Hi' }], ['/extra']).routes).toEqual(['/extra']);
    expect(plan([]).targets).toEqual([]);
  });

  it('opens "/" only for unscoped targets, and each route once, in first-seen order', () => {
    expect(plan([tip('a', { when: { 'page.path': '/b' } }), tip('c', { when: { 'page.path': { $in: ['/a', '/b'] } } })], ['/a', '/z', '/z']).routes).toEqual(['/b', '/a', '/z']);
    expect(plan([tip('a', { when: { 'page.path': '/b' } }), tip('free')], ['/b']).routes).toEqual(['/', '/b']);
  });

  it('does not open the routes of targetless items', () => {
    expect(plan([{ id: 'b', type: 'banner', title: 'Hi', when: { 'page.path': '/only-banner' } }]).routes).toEqual([]);
  });

  it('gives every unscoped target its own copy of the visited routes', () => {
    const { targets, routes } = plan([tip('a'), tip('b')], ['/x']);
    expect(targets[0].routes).toEqual(routes);
    targets[0].routes.push('/mutated');
    expect(targets[1].routes).toEqual(['/', '/x']);
    expect(routes).toEqual(['/', '/x']);
  });

  it('handles a large manifest without repeating routes', () => {
    const items = Array.from({ length: 500 }, (_, i) => tip(`t${i}`, { when: { 'page.path': `/p${i % 50}` } }));
    const result = plan(items);
    expect(result.targets).toHaveLength(500);
    expect(result.routes).toHaveLength(50);
    expect(new Set(result.routes).size).toBe(50);
  });

  it('keeps odd ids, selectors and paths as data', () => {
    const { targets, routes } = plan([tip('a:b.c-d_e', { target: 'a[title="x\\"y"] > b', when: { 'page.path': '/a b?"<>' } })]);
    expect(targets[0]).toMatchObject({ itemId: 'a:b.c-d_e', selectors: ['a[title="x\\"y"] > b'], routes: ['/a b?"<>'] });
    expect(routes).toEqual(['/a b?"<>']);
  });
});

describe('planCheck: a step reached through advanceOn.route names that advanceOn.route as its source', () => {
  // The step after an advanceOn.route (without a route of its own) is on the route it led to:
  // "inherited from steps[j]" would wrongly suggest step j itself is on that route.
  it('says the route of the step after an advanceOn.route comes from that advanceOn.route', () => {
    const { targets } = plan([{ id: 'tour', type: 'tour', when: { 'page.path': '/start' }, steps: [{ target: '#a', advanceOn: { route: '/next' } }, { target: '#b' }] }]);
    expect(targets[1]).toMatchObject({ routes: ['/next'], routeSource: 'advanceOn.route of steps[0]' });
  });

  it('says "inherited" again from the step after, and lets a step route replace an advanceOn.route', () => {
    const { targets } = plan([{
      id: 'tour', type: 'tour', when: { 'page.path': '/start' },
      steps: [{ target: '#a', advanceOn: { route: '/next' } }, { target: '#b' }, { target: '#c' }, { target: '#d', advanceOn: { route: '/x' } }, { target: '#e', route: '/own' }],
    }]);
    expect(targets.map((t) => [t.routes, t.routeSource])).toEqual([
      [['/start'], 'when["page.path"]'],
      [['/next'], 'advanceOn.route of steps[0]'],
      [['/next'], 'inherited from steps[1]'],
      [['/next'], 'inherited from steps[2]'],
      [['/own'], 'step route'],
    ]);
  });
});
