/**
 * `explain()` (src/runtime/explain.ts, src/runtime/explain-decided.ts): nothing before start(),
 * undefined for an id the manifest does not have; for an item ruled out by its route, its history
 * (completed, dismissed) or its schedule, the engine's reason (src/engine/explain.ts) and its
 * sentence, the same whether the screen answers (nothing can show, the decision chunk never
 * loads) or the engine does; for an item on screen, shown; once the chunk has loaded, what only the
 * page knows: a dismissal in this page view, a target that never appeared, a preview (never counted
 * as shown), a tour another tab runs. Before the chunk has loaded, an item asked for, previewed or
 * not ruled out is left to the engine ("deciding", or why it could not be loaded).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Explanation, type Guidepost, type GuidepostEvent, type KeyValueStorage } from '../../src/index';
import { explanations } from '../../src/runtime/explain';
import { createRuntime, type Decider, type Runtime } from '../../src/runtime/runtime';
import { emptyProgress, recordCompleted, recordDismissed } from '../../src/engine/progress';
import type { Manifest } from '../../src/manifest/schema';
import type { LazyModule } from '../../src/lazy';

const NOW = Date.UTC(2026, 5, 1);
const BEFORE = NOW - 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const screenedOut = [
  { id: 'reports-tip', type: 'tooltip', target: '#title', when: { 'page.path': '/reports' }, body: 'Numbers.' },
  { id: 'done', type: 'banner', body: 'Done before.' },
  { id: 'gone', type: 'banner', body: 'Closed before.' },
  { id: 'soon', type: 'banner', schedule: { start: '2027-01-01T00:00:00Z' }, body: 'Later.' },
  { id: 'over', type: 'banner', schedule: { end: '2026-01-01T00:00:00Z' }, body: 'Earlier.' },
];
const expected: Record<string, Pick<Explanation, 'shown' | 'reason' | 'message'>> = {
  'reports-tip': { shown: false, reason: { code: 'condition', path: 'page.path', expected: '/reports', actual: '/' }, message: 'not shown: condition "page.path" is false (expected "/reports", actual value "/")' },
  done: { shown: false, reason: { code: 'completed', at: BEFORE }, message: `not shown: already completed at ${iso(BEFORE)}` },
  gone: { shown: false, reason: { code: 'dismissed', at: BEFORE }, message: `not shown: dismissed by the user at ${iso(BEFORE)}` },
  soon: { shown: false, reason: { code: 'before-schedule', start: '2027-01-01T00:00:00Z' }, message: 'not shown: its schedule starts at 2027-01-01T00:00:00Z' },
  over: { shown: false, reason: { code: 'after-schedule', end: '2026-01-01T00:00:00Z' }, message: 'not shown: its schedule ended at 2026-01-01T00:00:00Z' },
};

/** A device on which "done" was completed and "gone" dismissed yesterday. */
async function usedStorage(): Promise<KeyValueStorage> {
  const storage = memoryStorage();
  const state = recordDismissed(recordCompleted(emptyProgress(), 'done', 1, BEFORE), 'gone', 1, BEFORE);
  await storage.set('progress:u1', { schema: 1, state });
  return storage;
}

const live: Guidepost[] = [];
function create(items: unknown[], storage: KeyValueStorage = memoryStorage(), extra: Record<string, unknown> = {}) {
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, user: { id: 'u1' }, storage, locale: 'en', now: () => NOW, onEvent: (e) => events.push(e), ...extra });
  live.push(gp);
  return { gp, events };
}

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('explain() without an answer', () => {
  it('is empty before start(), and undefined for an id the manifest does not have', async () => {
    document.body.innerHTML = '<h1 id="title">Home</h1>';
    const { gp } = create(screenedOut, await usedStorage());
    expect(gp.explain()).toEqual([]);
    expect(gp.explain('done')).toBeUndefined();
    await gp.start();
    expect(gp.explain('nope')).toBeUndefined();
    expect(gp.explain().map((e) => [e.itemId, e.type])).toEqual(screenedOut.map((item) => [item.id, item.type]));
  });
});

describe('an item ruled out by its route, its history or its schedule', () => {
  it.each([
    ['nothing can show: the screen answers', []],
    ['another item shows: the decision engine answers', [{ id: 'hello', type: 'tooltip', target: '#title', body: 'Hi.' }]],
  ])('%s', async (_, others) => {
    history.replaceState({}, '', '/');
    document.body.innerHTML = '<h1 id="title">Home</h1>';
    const { gp } = create([...screenedOut, ...others], await usedStorage());
    await gp.start();
    for (const [itemId, explanation] of Object.entries(expected)) {
      expect(gp.explain(itemId)).toEqual({ itemId, type: screenedOut.find((i) => i.id === itemId)!.type, ...explanation });
    }
    if (others.length) expect(gp.explain('hello')).toEqual({ itemId: 'hello', type: 'tooltip', shown: true, reason: { code: 'already-showing' }, message: 'shown (already on screen)' });
  });
});

describe('once the decision chunk has decided', () => {
  const tip = { id: 'tip', type: 'tooltip', target: '#title', body: 'Hi.' };
  const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;

  it('an item closed in this page view says so, with the time', async () => {
    document.body.innerHTML = '<h1 id="title">Home</h1>';
    const { gp } = create([tip]);
    await gp.start();
    expect(gp.explain('tip')?.shown).toBe(true);
    layer()!.querySelector<HTMLElement>('[data-item=tip] [data-part=close]')!.click();
    expect(gp.explain('tip')).toEqual({
      itemId: 'tip', type: 'tooltip', shown: false,
      reason: { code: 'dismissed', at: NOW, forPageView: true },
      message: `not shown: closed in this page view at ${iso(NOW)}; back on the next page view`,
    });
  });

  it('an item whose target never appeared names the target', async () => {
    document.body.innerHTML = '<h1 id="title">Home</h1>';
    const { gp, events } = create([{ ...tip, target: '#nowhere' }], memoryStorage(), { targetTimeoutMs: 30 });
    await gp.start();
    await vi.waitFor(() => expect(events.map((e) => e.type)).toContain('target_not_found'));
    expect(gp.explain('tip')).toEqual({ itemId: 'tip', type: 'tooltip', shown: false, reason: { code: 'target-missing', selector: '#nowhere' }, message: 'not shown: no element matches #nowhere' });
  });

  it('a preview on screen is not counted as shown', async () => {
    document.body.innerHTML = '<h1 id="title">Home</h1>';
    const { gp } = create([tip]);
    await gp.start();
    gp.preview('tip');
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=preview][data-item=tip]') ?? null).not.toBeNull());
    expect(gp.explain('tip')).toMatchObject({ shown: false, reason: { code: 'shown' } });
  });

  it('a tour another tab runs is "tour-running" in this one, even when asked for', async () => {
    document.body.innerHTML = '<h1 id="title">Home</h1>';
    const tour = { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ target: '#title', title: 'Hi', body: 'Tour.' }] };
    const storage = memoryStorage();
    const first = create([tour], storage).gp;
    const second = create([tour], storage).gp;
    await Promise.all([first.start(), second.start()]);
    // Listening after both tabs joined: once this channel has the news, the second tab has it too.
    const news = new BroadcastChannel('guidepost');
    const heard = new Promise<void>((resolve) => (news.onmessage = (e) => e.data?.kind === 'tour' && e.data.tour === 'intro' && resolve()));
    first.startTour('intro');
    await heard;
    news.close();
    second.startTour('intro');
    // Its decision chunk loads first (nothing could show there before): wait for its verdict.
    await vi.waitFor(() => expect(second.explain('intro')?.reason.code).not.toBe('deciding'));
    expect(second.explain('intro')).toEqual({ itemId: 'intro', type: 'tour', shown: false, reason: { code: 'tour-running', tour: 'intro' }, message: 'not shown: the tour "intro" is running' });
    await vi.waitFor(() => expect(first.explain('intro')?.shown).toBe(true));
    const steps = [...document.querySelectorAll('guidepost-root')].flatMap((root) => [...root.shadowRoot!.querySelectorAll('[data-part=tour-step]')]);
    expect(steps.map((step) => step.getAttribute('data-item'))).toEqual(['intro']);
  });
});

describe('explanations() called directly', () => {
  const manifest = { schemaVersion: 1, revision: 'r', items: [screenedOut[0], { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ title: 'Hi' }] }] } as unknown as Manifest;

  /** A started runtime before its decision chunk has loaded (or with the one given). */
  function runtime(decider?: Decider) {
    const rt: Runtime = createRuntime({ manifest: null, locale: 'en', now: () => NOW });
    Object.assign(rt, { manifest, doc: document, identity: { anonymousId: 'a' }, progress: { get: () => emptyProgress() }, decider });
    return rt;
  }

  it('answers nothing until the runtime has a manifest, progress, an identity and a document', () => {
    const rt = runtime();
    rt.identity = undefined;
    expect(explanations(rt)).toEqual([]);
    expect(explanations(createRuntime({ manifest: null }))).toEqual([]);
  });

  it("once the decision chunk has loaded, gives the decider's answer as it is", () => {
    const answer: Explanation[] = [{ itemId: 'x', type: 'banner', shown: true, reason: { code: 'shown' }, message: 'shown' }];
    const decider: Decider = { evaluate: vi.fn(), explanations: vi.fn(() => answer), completeChecklists: vi.fn() };
    const rt = runtime(decider);
    expect(explanations(rt)).toBe(answer);
    expect(decider.explanations).toHaveBeenCalledWith(rt);
  });

  it('before it has, gives the screen reasons; an item asked for or previewed is left to the engine', () => {
    const rt = runtime();
    expect(explanations(rt).map((e) => e.reason.code)).toEqual(['condition', 'trigger']);
    rt.requested.add('intro');
    rt.previewing.add('reports-tip');
    const deciding = 'not shown yet: the decision engine is loading; explain() again once onChange() fires';
    expect(explanations(rt)).toEqual([
      { itemId: 'reports-tip', type: 'tooltip', shown: false, reason: { code: 'deciding' }, message: deciding },
      { itemId: 'intro', type: 'tour', shown: false, reason: { code: 'deciding' }, message: deciding },
    ]);
    rt.deciderModule = { failed: true } as LazyModule<never>;
    expect(explanations(rt)[1]).toEqual({
      itemId: 'intro', type: 'tour', shown: false, reason: { code: 'deciding', failed: true },
      message: 'not shown: the decision engine could not be loaded (reported to onError); it is tried again on the next page view',
    });
  });
});
