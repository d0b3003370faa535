/**
 * Exposure (src/runtime/exposure.ts, `markShown`): an item counts as shown once per version and
 * page view (progress records one sighting per page view) and is reported once per session key
 * (no new exposure on a later page view or a reload in the same session; a new one after a new
 * session or for a new version); a holdout arm renders nothing, reports `rendered: false,
 * counterfactual: true` and takes the same pacing slot as the help arm; the pacing counters move
 * exactly once per showing; a checklist seen for the first time opens expanded.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostEvent, type KeyValueStorage } from '../../src/index';

const MINUTE = 60_000;
const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const exposures = (events: GuidepostEvent[], id?: string) => events.filter((e) => e.type === 'exposure' && (id === undefined || e.item_id === id));
/** Resolves after the next decision (onChange fires once per burst of decisions). */
const decided = (gp: Guidepost) => new Promise<void>((resolve) => { const off = gp.onChange(() => { off(); resolve(); }); });
const identity = (storage: KeyValueStorage) => storage.get<{ session: { id: string; interruptiveShown: number } }>('identity');
const seen = async (storage: KeyValueStorage, id: string) =>
  (await storage.get<{ state: { items: Record<string, { timesSeen: number; version: number }> } }>('progress:u1'))?.state.items[id];

const live: Guidepost[] = [];
let clock = Date.parse('2026-03-02T09:00:00Z');

async function started(manifest: Record<string, unknown>, storage: KeyValueStorage = memoryStorage()) {
  if (!document.getElementById('save')) document.body.innerHTML = '<button id="save">Save</button>';
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', ...manifest }, user: { id: 'u1' }, storage, locale: 'en', now: () => clock, onEvent: (e) => events.push(e) });
  live.push(gp);
  await gp.start();
  return { gp, events, storage };
}

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
  clock = Date.parse('2026-03-02T09:00:00Z');
});

const welcome = { id: 'welcome', type: 'banner', body: 'Hello' };
const tip = { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves everything' };

describe('one exposure per item version, page view and session', () => {
  it('a later decision or page view in the session, or a reload in it, reports no new exposure', async () => {
    const first = await started({ items: [welcome, tip] });
    expect(exposures(first.events).map((e) => [e.item_id, e.rendered])).toEqual([['welcome', true], ['tip', true]]);
    const sessionId = first.events[0].session_id;
    await vi.waitFor(async () => expect((await seen(first.storage, 'welcome'))?.timesSeen).toBe(1));
    // Another decision in the same page view: no exposure, and no second sighting recorded.
    const again = decided(first.gp);
    first.gp.track('clicked');
    await again;
    expect(first.gp.explain('welcome')?.shown).toBe(true);
    expect(exposures(first.events)).toHaveLength(2);
    // A new page view shows both again and records the sighting, but reports no exposure.
    clock += MINUTE;
    const routed = decided(first.gp);
    history.pushState({}, '', '/reports');
    await routed;
    expect(first.gp.explain('welcome')?.shown).toBe(true);
    await vi.waitFor(async () => expect((await seen(first.storage, 'welcome'))?.timesSeen).toBe(2));
    expect((await seen(first.storage, 'tip'))?.timesSeen).toBe(2);
    expect(exposures(first.events)).toHaveLength(2);
    first.gp.destroy();
    // A reload ten minutes later is the same session: still no exposure.
    clock += 10 * MINUTE;
    const reload = await started({ items: [welcome, tip] }, first.storage);
    expect(reload.gp.explain('welcome')?.shown).toBe(true);
    await vi.waitFor(async () => expect((await seen(first.storage, 'welcome'))?.timesSeen).toBe(3));
    expect(reload.events.filter((e) => e.type === 'exposure')).toEqual([]);
    reload.gp.destroy();
    // Thirty-one idle minutes later a new session begins: each item is exposed again, once.
    clock += 31 * MINUTE;
    const later = await started({ items: [welcome, tip] }, first.storage);
    expect(exposures(later.events).map((e) => e.item_id)).toEqual(['welcome', 'tip']);
    expect(exposures(later.events)[0].session_id).not.toBe(sessionId);
    expect((await identity(first.storage))?.session.id).toBe(exposures(later.events)[0].session_id);
  });

  it('a new version of an item is a new exposure in the same session', async () => {
    const first = await started({ items: [welcome] });
    expect(exposures(first.events, 'welcome').map((e) => e.item_version)).toEqual([1]);
    first.gp.destroy();
    const rewritten = await started({ items: [{ ...welcome, version: 2 }] }, first.storage);
    expect(exposures(rewritten.events, 'welcome').map((e) => e.item_version)).toEqual([2]);
    expect(exposures(rewritten.events)[0].session_id).toBe(first.events[0].session_id);
    rewritten.gp.destroy();
    // ...and only once for that version too.
    const reload = await started({ items: [{ ...welcome, version: 2 }] }, first.storage);
    expect(reload.gp.explain('welcome')?.shown).toBe(true);
    expect(exposures(reload.events)).toEqual([]);
  });
});

/** A banner under a holdout experiment, a banner outside it (lower priority) and a passive tooltip. */
const experimentManifest = {
  experiments: [{ key: 'promo-test', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { items: ['promo'] } }],
  items: [{ id: 'promo', type: 'banner', body: 'Try reports', priority: 10 }, { id: 'news', type: 'banner', body: 'New: export' }, tip],
};

describe('experiment arms', () => {
  it('the holdout arm renders nothing, reports a counterfactual exposure once, and takes the pacing slot once', async () => {
    history.replaceState({}, '', '/?guidepost_force=promo-test:holdout');
    const { gp, events, storage } = await started(experimentManifest);
    // The tooltip is drawn (the layer exists); neither banner is.
    await vi.waitFor(() => expect(layer()?.querySelector('[data-item=tip]')).not.toBeNull());
    expect(layer()!.querySelector('[data-item=promo]')).toBeNull();
    expect(layer()!.querySelector('[data-item=news]')).toBeNull();
    expect(exposures(events, 'promo')).toEqual([
      expect.objectContaining({ rendered: false, counterfactual: true, experiment: 'promo-test', variation: 'holdout', unit: 'user', unit_id: 'u1', forced: true }),
    ]);
    expect(gp.explain('promo')).toMatchObject({ shown: false, reason: { code: 'holdout', experiment: 'promo-test', variation: 'holdout' } });
    // The held-out banner spent the page view's one interruptive slot, as the shown one does.
    expect(gp.explain('news')).toMatchObject({ shown: false, reason: { code: 'cap', cap: 'perPageView', limit: 1 } });
    expect(exposures(events, 'news')).toEqual([]);
    await vi.waitFor(async () => expect((await identity(storage))?.session.interruptiveShown).toBe(1));
    // Later decisions in the page view neither report nor spend again.
    for (const name of ['one', 'two']) {
      const next = decided(gp);
      gp.track(name);
      await next;
    }
    expect(exposures(events, 'promo')).toHaveLength(1);
    expect((await identity(storage))?.session.interruptiveShown).toBe(1);
    expect(gp.explain('news')?.reason).toMatchObject({ code: 'cap', cap: 'perPageView' });
  });

  it('the help arm renders, reports a real exposure and leaves the same verdict to the other banner', async () => {
    history.replaceState({}, '', '/?guidepost_force=promo-test:help');
    const { gp, events, storage } = await started(experimentManifest);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-item=promo]')).not.toBeNull());
    expect(exposures(events, 'promo')).toEqual([expect.objectContaining({ rendered: true, counterfactual: false, variation: 'help' })]);
    expect(gp.explain('news')).toMatchObject({ shown: false, reason: { code: 'cap', cap: 'perPageView', limit: 1 } });
    await vi.waitFor(async () => expect((await identity(storage))?.session.interruptiveShown).toBe(1));
  });
});

describe('pacing counters', () => {
  it('a passive item spends nothing; an interruptive one spends one slot per page view, however often it is decided', async () => {
    const { gp, storage } = await started({ settings: { caps: { perPageView: 2, perSession: 5 } }, items: [welcome, tip] });
    await vi.waitFor(async () => expect((await identity(storage))?.session.interruptiveShown).toBe(1));
    const next = decided(gp);
    gp.track('clicked');
    await next;
    expect((await identity(storage))?.session.interruptiveShown).toBe(1);
  });

  it('a banner that follows the person from page to page counts once in the session, and takes each page view\'s slot', async () => {
    const news = { id: 'news', type: 'banner', body: 'News', priority: -1 };
    const { gp, storage } = await started({ settings: { caps: { perPageView: 1, perSession: 1 } }, items: [welcome, news] });
    await vi.waitFor(async () => expect((await identity(storage))?.session.interruptiveShown).toBe(1));
    for (const path of ['/board', '/reports', '/settings']) {
      clock += MINUTE;
      const routed = decided(gp);
      history.pushState({}, '', path);
      await routed;
      // Not held back by the session's cap its own earlier showing filled...
      expect(gp.explain('welcome')?.shown).toBe(true);
      // ...while it still fills this page view's slot, and the session's for other items.
      expect(gp.explain('news')?.reason).toMatchObject({ code: 'cap', cap: 'perPageView' });
    }
    expect((await identity(storage))?.session.interruptiveShown).toBe(1);
  });
});

describe('a checklist seen for the first time', () => {
  const setup = { id: 'setup', type: 'checklist', title: 'Get started', tasks: [{ id: 'invite', title: 'Invite a teammate', completeOn: 'invited' }] };

  it('opens expanded; seen before, it opens folded', async () => {
    const first = await started({ items: [setup] });
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=checklist][data-item=setup]')?.getAttribute('data-state')).toBe('open'));
    expect(layer()!.querySelector('[data-part=checklist-launcher]')!.getAttribute('aria-expanded')).toBe('true');
    await vi.waitFor(async () => expect((await seen(first.storage, 'setup'))?.timesSeen).toBe(1));
    first.gp.destroy();
    const next = await started({ items: [setup] }, first.storage);
    expect(next.gp.explain('setup')?.shown).toBe(true);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=checklist][data-item=setup]')?.getAttribute('data-state')).toBe('closed'));
    expect(layer()!.querySelector('[data-part=checklist-launcher]')!.getAttribute('aria-expanded')).toBe('false');
  });

  it('in a short viewport (a desktop zoomed to 200%, a phone held sideways) it opens folded, not over the page\'s header', async () => {
    const height = window.innerHeight;
    Object.defineProperty(window, 'innerHeight', { value: 400, configurable: true });
    try {
      const { gp } = await started({ items: [setup] });
      expect(gp.explain('setup')?.shown).toBe(true);
      await vi.waitFor(() => expect(layer()?.querySelector('[data-part=checklist][data-item=setup]')?.getAttribute('data-state')).toBe('closed'));
      expect(layer()!.querySelector('[data-part=checklist-launcher]')!.getAttribute('aria-expanded')).toBe('false');
    } finally {
      Object.defineProperty(window, 'innerHeight', { value: height, configurable: true });
    }
  });
});

/**
 * An anchored item whose target leaves the page is taken down (decide-chunk.ts applyDecision)
 * and shows again when the target is back (apps re-render in two steps). It holds the pacing
 * slot it took (pageView.paced; the engine's `paced` input): neither held back by the cap its
 * own showing filled, nor counted a second time.
 */
describe('a shown item whose target leaves and comes back', () => {
  const beacon = { id: 'beacon', type: 'hotspot', target: '#save', body: 'New here' };

  async function blink(caps: Record<string, number>) {
    const run = await started({ settings: { caps }, items: [beacon] });
    expect(run.gp.explain('beacon')?.shown).toBe(true);
    await vi.waitFor(async () => expect((await identity(run.storage))?.session.interruptiveShown).toBe(1));
    document.getElementById('save')!.remove();
    await vi.waitFor(() => expect(run.gp.explain('beacon')?.shown).toBe(false));
    const back = decided(run.gp);
    document.body.insertAdjacentHTML('beforeend', '<button id="save">Save</button>');
    await back;
    return run;
  }

  it('with the default caps, the hotspot comes back with its target', async () => {
    const { gp } = await blink({});
    expect(gp.explain('beacon')).toMatchObject({ shown: true });
  });

  it('with room in the caps, it comes back without spending a second slot', async () => {
    const { gp, events, storage } = await blink({ perPageView: 3 });
    expect(gp.explain('beacon')?.shown).toBe(true);
    expect(exposures(events, 'beacon')).toHaveLength(1);
    expect((await seen(storage, 'beacon'))?.timesSeen).toBe(1);
    expect((await identity(storage))?.session.interruptiveShown).toBe(1);
  });
});

/**
 * identify() with an account id, same person (same progress record, same page view): the unit
 * enters an account experiment. The next time the item shows in this page view, its exposure
 * names the new arm; before, the page view's one sighting swallowed it.
 */
describe('an arm that changes within the page view', () => {
  const copyTest = { experiments: [{ key: 'tip-copy', unit: 'account', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['tip'] } }], items: [tip] };

  it('is exposed when the item shows again, once', async () => {
    const { gp, events } = await started(copyTest);
    expect(exposures(events, 'tip')).toEqual([expect.not.objectContaining({ experiment: expect.anything() })]);
    gp.identify({ id: 'u1', accountId: 'acc-1' });
    for (let blink = 0; blink < 2; blink++) {
      document.getElementById('save')!.remove();
      await vi.waitFor(() => expect(gp.explain('tip')?.shown).toBe(false));
      document.body.insertAdjacentHTML('beforeend', '<button id="save">Save</button>');
      await vi.waitFor(() => expect(gp.explain('tip')?.shown).toBe(true));
    }
    expect(exposures(events, 'tip')).toHaveLength(2);
    expect(exposures(events, 'tip')[1]).toMatchObject({ experiment: 'tip-copy', unit: 'account', unit_id: 'acc-1', rendered: true, counterfactual: false, forced: false });
  });
});

/**
 * identify() with an account id moves the unit into an account experiment's holdout while its
 * item is on screen: the help goes (a holdout must not see it) and the exposure is counterfactual.
 */
describe('a re-assignment while the item is on screen', () => {
  const holdout = { experiments: [{ key: 'tip-holdout', unit: 'account', variations: [{ key: 'holdout', enabled: false, weight: 1 }, { key: 'help', weight: 0 }], scope: { items: ['tip'] } }], items: [tip] };

  it('takes the help away when the new arm is the holdout, and logs its counterfactual exposure', async () => {
    const { gp, events } = await started(holdout);
    expect(gp.explain('tip')?.shown).toBe(true);
    gp.identify({ id: 'u1', accountId: 'acc-1' });
    await vi.waitFor(() => expect(gp.explain('tip')?.shown).toBe(false));
    await vi.waitFor(() => expect(document.querySelector('guidepost-root')?.shadowRoot?.querySelector('[data-item=tip]') ?? null).toBeNull());
    expect(exposures(events, 'tip').at(-1)).toMatchObject({ experiment: 'tip-holdout', variation: 'holdout', rendered: false, counterfactual: true });
  });
});


describe('an experiment scoped to a page of a single-page app', () => {
  const pricingOnly = {
    experiments: [{ key: 'pricing-help', when: { 'page.path': '/pricing' }, variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { items: ['promo'] } }],
    items: [{ id: 'promo', type: 'banner', body: 'Compare plans' }],
  };

  it('enters the unit when the app routes to the page its `when` names, and leaves it on the next page', async () => {
    history.replaceState({}, '', '/?guidepost_force=');
    const { gp, events } = await started(pricingOnly);
    // Not on /pricing: outside the experiment, so the banner shows as plain help, with no arm.
    await vi.waitFor(() => expect(gp.explain('promo')?.shown).toBe(true));
    expect(events.filter((e) => e.type === 'assignment')).toEqual([]);
    expect(exposures(events, 'promo').map((e) => e.experiment ?? null)).toEqual([null]);
    const onPricing = decided(gp);
    history.pushState({}, '', '/pricing');
    await onPricing;
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'assignment')).toEqual([expect.objectContaining({ experiment: 'pricing-help' })]));
    const arm = events.find((e) => e.type === 'assignment')!.variation;
    expect(gp.explain('promo')).toMatchObject(arm === 'holdout' ? { shown: false, reason: { code: 'holdout' } } : { shown: true });
    const elsewhere = decided(gp);
    history.pushState({}, '', '/reports');
    await elsewhere;
    expect(gp.explain('promo')?.shown).toBe(true);
  });
});
