/**
 * Tab sync (src/runtime/tab-sync.ts): instances of one origin keep each other current through
 * the `guidepost` BroadcastChannel (Node's, in happy-dom). Two instances on one page stand for
 * two tabs sharing one storage, and a raw channel (the probe) plays a third tab. Covered: a
 * dismissal in one tab hides the item in the other; changes and resets of another person's
 * progress are ignored, a reset of this person's shows again what was closed; a tour running in
 * one tab is refused in the other, whose request starts once the tour ends there (closed, or
 * that tab destroyed); `hello` is answered by a tab running a tour, not by an idle one; destroy()
 * closes the channel. (test/store/storage.browser.test.ts runs the demo's two-tab cases in Chromium.)
 *
 * Messages from one sender reach one receiver in order, but two receivers may hear a message at
 * different moments: a test that needs tab B to have handled what A (or the probe) sent waits
 * for B to show the effect of a later message from the same sender (`synced`: a goal reached).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type KeyValueStorage } from '../../src/index';
import type { TabMessage } from '../../src/store/tabs';
import { manifestArrivesLater, watchReads } from '../support/runtime-harness';

const note = { id: 'note', type: 'banner', body: 'Read me' };
const tour = (id: string) => ({ id, type: 'tour', trigger: 'manual', steps: [{ target: '#a', title: id, body: 'A step.' }] });
/** A tour never started, whose goal is `goal`: once the goal is recorded (here or in another tab), explain() says `goal-reached`. */
const marker = (goal: string) => ({ ...tour(goal), goal });
const items = [note, tour('t1'), tour('t2'), marker('sync1'), marker('sync2')];

const live: Guidepost[] = [];
const channels: BroadcastChannel[] = [];
/** The instances' layers, in the order they were first drawn. */
const layers = () => [...document.querySelectorAll('guidepost-root')].map((root) => root.shadowRoot!);
const steps = (layer: ShadowRoot | undefined) => [...(layer?.querySelectorAll<HTMLElement>('[data-part=tour-step]') ?? [])].map((s) => s.dataset.item);

async function tab(storage: KeyValueStorage, user = 'u1') {
  if (!document.getElementById('a')) document.body.innerHTML = '<p id="a">A</p>';
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', items }, user: { id: user }, storage, locale: 'en' });
  live.push(gp);
  await gp.start();
  return gp;
}

/** A raw channel: hears every message, posts as another tab would. */
function probe() {
  const channel = new BroadcastChannel('guidepost');
  channels.push(channel);
  const heard: TabMessage[] = [];
  channel.onmessage = (event: MessageEvent<TabMessage>) => heard.push(event.data);
  const post = (message: TabMessage) => channel.postMessage(message);
  return { heard, post };
}

/** The tab ids that said hello, in order (the probe does not hear itself). */
const hellos = (heard: TabMessage[]) => heard.flatMap((m) => (m.kind === 'hello' ? [m.tab] : []));
const progress = (key: string, change: Record<string, unknown>): TabMessage => ({ kind: 'progress', key, change });
const dismissal = (key: string, id: string) => progress(key, { items: { [id]: { version: 1, status: 'dismissed', timesSeen: 1, dismissedAt: Date.now() } } });
const goalReached = (key: string, goal: string) => progress(key, { events: { [goal]: { count: 1, firstAt: 1, lastAt: 1, delta: 1 } } });
/** Waits until `gp` has recorded `goal`: it has then handled what the same sender posted before. */
const synced = (gp: Guidepost, goal: string) => vi.waitFor(() => expect(gp.explain(goal)?.reason.code).toBe('goal-reached'));

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  channels.splice(0).forEach((channel) => channel.close());
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('progress across tabs', () => {
  it('an item dismissed in one tab is taken off screen in the other', async () => {
    const storage = memoryStorage();
    const a = await tab(storage);
    const b = await tab(storage);
    expect([a.explain('note')?.shown, b.explain('note')?.shown]).toEqual([true, true]);
    await vi.waitFor(() => expect(layers()[1]?.querySelector('[data-item=note]')).not.toBeNull());
    layers()[0].querySelector<HTMLButtonElement>('[data-item=note] [data-part=close]')!.click();
    await vi.waitFor(() => expect(b.explain('note')).toMatchObject({ shown: false, reason: { code: 'dismissed' } }));
    await vi.waitFor(() => expect(layers()[1].querySelector('[data-item=note]')).toBeNull());
  });

  it("ignores another person's changes and resets; a reset of this person's progress shows again what was closed", async () => {
    const { post } = probe();
    const a = await tab(memoryStorage());
    post(dismissal('progress:u2', 'note'));
    post({ kind: 'reset', key: 'progress:u2' });
    post(goalReached('progress:u1', 'sync1'));
    await synced(a, 'sync1');
    expect(a.explain('note')?.shown).toBe(true);
    post(dismissal('progress:u1', 'note'));
    await vi.waitFor(() => expect(a.explain('note')).toMatchObject({ shown: false, reason: { code: 'dismissed' } }));
    // Another person's reset leaves this progress alone; this person's clears it (goal and dismissal).
    post({ kind: 'reset', key: 'progress:u2' });
    post(goalReached('progress:u1', 'sync2'));
    await synced(a, 'sync2');
    expect(a.explain('note')?.reason.code).toBe('dismissed');
    post({ kind: 'reset', key: 'progress:u1' });
    await vi.waitFor(() => expect(a.explain('sync1')?.reason.code).toBe('trigger'));
    expect(a.explain('sync2')?.reason.code).toBe('trigger');
    // The dismissal is forgotten too: the banner is back on the next page view (this one's slot is spent).
    history.pushState({}, '', '/next');
    await vi.waitFor(() => expect(a.explain('note')?.shown).toBe(true));
  });
});

describe('a tab that read its progress before another tab changed it', () => {
  type Stored = { state: { items: Record<string, { status: string }> } };
  const status = async (storage: KeyValueStorage, id = 'note') => (await storage.get<Stored>('progress:u1'))?.state.items[id]?.status;

  it("neither writes the other tab's completion over nor keeps showing what it completed", async () => {
    const storage = memoryStorage();
    const manifest = { schemaVersion: 1, revision: 'r1', items: [{ ...note, goal: 'done' }] };
    const a = createGuidepost({ manifest, user: { id: 'u1' }, storage, locale: 'en' });
    live.push(a);
    await a.start();
    await vi.waitFor(() => expect(a.explain('note')?.shown).toBe(true));
    // Tab B reads the record, then waits for its manifest; A completes the banner and closes meanwhile.
    const later = manifestArrivesLater();
    const watched = watchReads(storage);
    const b = createGuidepost({ manifest: 'https://example.test/help.json', user: { id: 'u1' }, storage: watched.storage, locale: 'en' });
    live.push(b);
    const bStarted = b.start();
    await vi.waitFor(() => expect(watched.reads).toContain('progress:u1'));
    a.track('done');
    await vi.waitFor(async () => expect(await status(storage)).toBe('completed'));
    a.destroy();
    later.arrive(manifest);
    await bStarted;
    // B's first write (its visit) finds the completion and takes it: stored as it was, and off screen in B.
    await vi.waitFor(() => expect(b.explain('note')?.shown).toBe(false));
    expect(b.explain('note')?.reason.code).toMatch(/completed|goal-reached/);
    await b.flushBeforeNavigation(1000);
    expect(await status(storage)).toBe('completed');
  });
});

describe('one tour at a time across tabs', () => {
  /** Tab A runs t1; tab B, started before, knows it (it has handled a later message from A). */
  async function tourInA() {
    const storage = memoryStorage();
    const a = await tab(storage);
    const b = await tab(storage);
    a.startTour('t1');
    await vi.waitFor(() => expect(steps(layers()[0])).toEqual(['t1']));
    a.track('sync1');
    await synced(b, 'sync1');
    return { a, b };
  }

  it('a tour running in one tab is refused in the other; a tour asked for there starts once it ends', async () => {
    const { a, b } = await tourInA();
    b.startTour('t1');
    b.startTour('t2');
    expect(b.explain('t1')).toMatchObject({ shown: false, reason: { code: 'tour-running', tour: 't1' } });
    expect(b.explain('t2')).toMatchObject({ shown: false, reason: { code: 'tour-running', tour: 't1' } });
    expect(steps(layers()[1])).toEqual([]);
    // A closes its tour: dismissed there, so B drops its request for t1, and starts t2.
    a.closeTour('t1');
    await vi.waitFor(() => expect(steps(layers()[1])).toEqual(['t2']));
    expect(b.explain('t1')).toMatchObject({ shown: false, reason: { code: 'dismissed' } });
    expect(b.explain('t2')?.shown).toBe(true);
  });

  it("a tab destroyed in the middle of its tour releases it, and closes its channel", async () => {
    const opened: BroadcastChannel[] = [];
    const Native = globalThis.BroadcastChannel;
    vi.stubGlobal('BroadcastChannel', class extends Native {
      constructor(name: string) {
        super(name);
        opened.push(this);
      }
    });
    const { a, b } = await tourInA();
    const [channelOfA] = opened;
    b.startTour('t1');
    expect(b.explain('t1')?.reason).toEqual({ code: 'tour-running', tour: 't1' });
    a.destroy();
    // The release reaches B, which starts the tour it asked for (not dismissed: A did not close it).
    await vi.waitFor(() => expect(steps(layers()[0])).toEqual(['t1']));
    expect(b.explain('t1')).toMatchObject({ shown: true });
    expect(channelOfA.onmessage).toBeNull();
    expect(() => channelOfA.postMessage({ kind: 'hello', tab: 'x' })).toThrow(/closed/);
  });

  it('back from the back/forward cache with its tour on screen: the tab claims it again, and the other tab refuses it again', async () => {
    const { heard } = probe();
    const { a, b } = await tourInA();
    // Both instances share this window: both hear its pagehide and pageshow; only A runs a tour.
    const toursHeard = () => heard.flatMap((m) => (m.kind === 'tour' ? [m.tour] : []));
    await vi.waitFor(() => expect(toursHeard()).toContain('t1'));
    const before = toursHeard().length;
    window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
    // Left: the tour is released (B could start it while A's page is cached).
    await vi.waitFor(() => expect(toursHeard().slice(before)).toEqual([null]));
    const hellosBefore = hellos(heard).length;
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    await vi.waitFor(() => expect(toursHeard().slice(before + 1)).toContain('t1'));
    // And each asks the others again what they run.
    await vi.waitFor(() => expect(hellos(heard).length).toBe(hellosBefore + 2));
    a.track('sync2');
    await synced(b, 'sync2');
    b.startTour('t1');
    expect(b.explain('t1')).toMatchObject({ shown: false, reason: { code: 'tour-running', tour: 't1' } });
    expect(steps(layers()[1])).toEqual([]);
    expect(steps(layers()[0])).toEqual(['t1']);
  });

  it('hello: a tab running a tour answers with it; a tab running none stays silent', async () => {
    const { heard, post } = probe();
    const a = await tab(memoryStorage());
    const toursHeard = () => heard.flatMap((m) => (m.kind === 'tour' ? [m.tour] : []));
    post({ kind: 'hello', tab: 'probe' });
    post(goalReached('progress:u1', 'sync1'));
    await synced(a, 'sync1');
    a.startTour('t1');
    await vi.waitFor(() => expect(toursHeard()).toEqual(['t1']));
    post({ kind: 'hello', tab: 'probe' });
    await vi.waitFor(() => expect(toursHeard()).toEqual(['t1', 't1']));
    const answer = heard[heard.length - 1];
    expect(answer).toEqual({ kind: 'tour', tab: hellos(heard)[0], tour: 't1' });
    a.closeTour('t1');
    post({ kind: 'hello', tab: 'probe' });
    post(goalReached('progress:u1', 'sync2'));
    await synced(a, 'sync2');
    // A's next message arrives after any answer it would have posted to that hello.
    a.track('after');
    await vi.waitFor(() => expect(heard.some((m) => m.kind === 'progress' && m.change.events?.after)).toBe(true));
    expect(toursHeard()).toEqual(['t1', 't1', null]);
  });
});

/**
 * A tab opened while another runs a tour resumes it from the shared storage before the other
 * tab's answer to its `hello` arrives; once it hears that answer, the tab opened later yields
 * (tab-sync.ts): it closes its run without recording anything and keeps the request, so the tour
 * goes on there if the first tab closes before the tour ends.
 */
describe('a tab opened during a tour in another', () => {
  it('does not run the tour as well', async () => {
    const storage = memoryStorage();
    const { heard } = probe();
    const a = await tab(storage);
    a.startTour('t1');
    await vi.waitFor(async () => expect(JSON.stringify(await storage.get('progress:u1'))).toContain('"step":0'));
    await vi.waitFor(() => expect(hellos(heard)).toHaveLength(1));
    const [tabOfA] = hellos(heard);
    const b = await tab(storage);
    // A has answered B's hello (its second "t1"); what A posts next reaches B after that answer.
    await vi.waitFor(() => expect(heard.filter((m) => m.kind === 'tour' && m.tab === tabOfA && m.tour === 't1')).toHaveLength(2));
    a.track('sync1');
    await synced(b, 'sync1');
    expect(b.explain('t1')).toMatchObject({ shown: false, reason: { code: 'tour-running', tour: 't1' } });
    expect(layers().map(steps)).toEqual([['t1'], []]);
  });
});

describe('the session shared by the tabs of a device', () => {
  it('an exposure one tab reported is not reported again by a third, though a second tab wrote the session since', async () => {
    document.body.innerHTML = '<p id="a">A</p>';
    const storage = memoryStorage();
    const exposures: string[] = [];
    const open = async (manifestItems: unknown[]) => {
      const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', items: manifestItems }, user: { id: 'u1' }, storage, locale: 'en', onEvent: (e) => e.type === 'exposure' && exposures.push(e.item_id!) });
      live.push(gp);
      await gp.start();
      return gp;
    };
    // Tab B reads the session first; then tab A shows the note and reports its exposure.
    const b = await open([]);
    const heard = new BroadcastChannel('guidepost');
    channels.push(heard);
    const told = new Promise<void>((resolve) => (heard.onmessage = (event) => event.data?.kind === 'session' && resolve()));
    await open([note]);
    await vi.waitFor(() => expect(exposures).toEqual(['note']));
    await told;
    // Tab B's activity writes the session record whole (what A reported must be in it).
    b.track('clicked');
    await vi.waitFor(async () => expect((await storage.get<{ session: { exposures?: string[] } }>('identity'))?.session.exposures?.some((key) => key.includes('note'))).toBe(true));
    // Tab C opens: the note shows, its exposure was already reported in this session.
    const c = await open([note]);
    await vi.waitFor(() => expect(c.explain('note')?.shown).toBe(true));
    expect(exposures).toEqual(['note']);
  });

  it('a session message that is not one (wrong shapes, another device) changes nothing', async () => {
    const storage = memoryStorage();
    const gp = await tab(storage);
    const raw = probe();
    const before = JSON.stringify(await storage.get('identity'));
    for (const identity of [null, 'x', { anonymousId: 42, session: {} }, { anonymousId: 'other-device', session: { id: 's', startedAt: 1, lastActiveAt: 1, interruptiveShown: 'many' } }]) raw.post({ kind: 'session', identity } as unknown as TabMessage);
    raw.post({ kind: 'session', identity: { anonymousId: 'other-device', session: { id: 's', startedAt: 1, lastActiveAt: 1, interruptiveShown: 1, exposures: ['x'] } } });
    gp.track('after');
    await vi.waitFor(async () => expect(JSON.stringify(await storage.get('identity'))).not.toBe(before));
    expect(JSON.stringify((await storage.get<{ session: unknown }>('identity'))?.session)).not.toContain('"x"');
  });
});
