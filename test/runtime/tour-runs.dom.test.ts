/**
 * Tour runs (src/runtime/tour-runs.ts): the tour controller wired to the runtime. A tour's first
 * step on screen is its exposure; every step shown is reported (step_viewed) and saved, so a new
 * instance on the same storage resumes there (a new version of the tour starts over); moving
 * reports the step left (step_next, step_back); Done records and reports it completed (and
 * completes a checklist whose task it is); closing records and reports it dismissed with its
 * origin; one tour runs at a time; a tour whose targets never appear records and reports nothing
 * but target_not_found, and is not tried again in that page view.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostEvent, type KeyValueStorage } from '../../src/index';

interface Stored {
  state: { items: Record<string, { status: string; version: number; step?: number; completedAt?: number; dismissedAt?: number; dismissedBy?: string }> };
}

const intro = (extra: Record<string, unknown> = {}) => ({
  id: 'intro',
  type: 'tour',
  trigger: 'manual',
  steps: [
    { target: '#a', title: 'First', body: 'One.' },
    { target: '#b', title: 'Second', body: 'Two.' },
    { target: '#c', title: 'Third', body: 'Three.' },
  ],
  ...extra,
});
const other = { id: 'other', type: 'tour', trigger: 'manual', steps: [{ target: '#a', title: 'Other', body: 'Another tour.' }] };

const root = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const step = (id = 'intro') => root()?.querySelector<HTMLElement>(`[data-part=tour-step][data-item=${id}]`) ?? null;
const press = (action: string, id = 'intro') => step(id)!.querySelector<HTMLButtonElement>(`[data-action=${action}]`)!.click();
const record = async (storage: KeyValueStorage, id = 'intro') => (await storage.get<Stored>('progress:u1'))?.state.items[id];
/** The tour's own events, as "type@step" (the viewability report, which depends on the clock, left out). */
const trail = (events: GuidepostEvent[], id = 'intro') =>
  events.filter((e) => e.item_id === id && e.type !== 'viewed').map((e) => (e.step === undefined ? e.type : `${e.type}@${e.step}`));

/** Instances still alive: destroyed after each test, so none keeps a tour running for the next one (tabs talk). */
const live = new Set<Guidepost>();
const destroy = (gp: Guidepost) => {
  live.delete(gp);
  gp.destroy();
};

function setup(items: unknown[], storage: KeyValueStorage = memoryStorage()) {
  if (!document.getElementById('a')) document.body.innerHTML = '<p id="a">A</p><p id="b">B</p><p id="c">C</p>';
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', items }, user: { id: 'u1' }, storage, locale: 'en', onEvent: (e) => events.push(e) });
  live.add(gp);
  return { gp, events, storage };
}

afterEach(() => {
  live.forEach(destroy);
  document.body.innerHTML = '';
});

describe('a tour run', () => {
  it('starts: the first step on screen is its exposure, reported and saved as step 0', async () => {
    const { gp, events, storage } = setup([intro()]);
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
    expect(trail(events)).toEqual(['exposure', 'step_viewed@0']);
    expect(events.find((e) => e.type === 'exposure')).toMatchObject({ item_type: 'tour', item_version: 1, rendered: true });
    expect(gp.explain('intro')).toMatchObject({ shown: true, reason: { code: 'already-showing' } });
    await vi.waitFor(async () => expect(await record(storage)).toMatchObject({ status: 'seen', version: 1, step: 0 }));
  });

  it('moves: Next and Back report the step they leave; every step shown is reported and saved; one exposure', async () => {
    const { gp, events, storage } = setup([intro()]);
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
    press('next');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    await vi.waitFor(async () => expect((await record(storage))?.step).toBe(1));
    press('next');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('2'));
    press('back');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    await vi.waitFor(async () => expect(await record(storage)).toMatchObject({ status: 'seen', step: 1 }));
    expect(trail(events)).toEqual(['exposure', 'step_viewed@0', 'step_next@0', 'step_viewed@1', 'step_next@1', 'step_viewed@2', 'step_back@2', 'step_viewed@1']);
  });

  it('finishes: Done records and reports it completed (not dismissed), and it stays done', async () => {
    const { gp, events, storage } = setup([intro({ steps: [{ target: '#a', title: 'Only', body: 'One step.' }] })]);
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    expect(step()!.querySelector('[data-action=skip]')).toBeNull();
    press('done');
    await vi.waitFor(() => expect(step()).toBeNull());
    expect(trail(events)).toEqual(['exposure', 'step_viewed@0', 'completed']);
    expect(events.find((e) => e.type === 'completed')?.origin).toBeUndefined();
    await vi.waitFor(async () => expect(await record(storage)).toMatchObject({ status: 'completed', completedAt: expect.any(Number) }));
    expect(gp.explain('intro')).toMatchObject({ shown: false, reason: { code: 'completed' } });
  });

  it('completes a checklist on screen whose last open task is the tour', async () => {
    const checklist = { id: 'setup', type: 'checklist', title: 'Get started', tasks: [{ id: 'learn', title: 'Take the tour', tour: 'intro' }] };
    const { gp, events } = setup([intro({ steps: [{ target: '#a', title: 'Only', body: 'One step.' }] }), checklist]);
    await gp.start();
    expect(gp.explain('setup')?.shown).toBe(true);
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    press('done');
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'completed').map((e) => [e.item_id, e.origin])).toEqual([['intro', undefined], ['setup', 'cta']]));
    await vi.waitFor(() => expect(gp.explain('setup')?.shown).toBe(false));
  });

  it('closes: × records and reports it dismissed with origin "close", at the step it was on', async () => {
    const { gp, events, storage } = setup([intro()]);
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    press('next');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    step()!.querySelector<HTMLButtonElement>('[data-part=close]')!.click();
    await vi.waitFor(() => expect(step()).toBeNull());
    expect(trail(events).slice(-1)).toEqual(['dismissed']);
    expect(events.filter((e) => e.type === 'dismissed' || e.type === 'completed').map((e) => [e.type, e.origin])).toEqual([['dismissed', 'close']]);
    await vi.waitFor(async () => expect(await record(storage)).toMatchObject({ status: 'dismissed', step: 1, dismissedAt: expect.any(Number) }));
    expect(gp.explain('intro')).toMatchObject({ shown: false, reason: { code: 'dismissed' } });
  });
});

describe('progress across instances', () => {
  it('a new instance with the same storage resumes the tour at its saved step (no second exposure in the session)', async () => {
    const first = setup([intro()]);
    await first.gp.start();
    first.gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    press('next');
    await vi.waitFor(async () => expect((await record(first.storage))?.step).toBe(1));
    destroy(first.gp);

    const next = setup([intro()], first.storage);
    await next.gp.start();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    expect(trail(next.events)).toEqual(['step_viewed@1']);
    expect(next.gp.explain('intro')?.shown).toBe(true);
  });

  it('a new version of the tour does not resume: it waits for its trigger, then starts over at step 0', async () => {
    const first = setup([intro()]);
    await first.gp.start();
    first.gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    press('next');
    await vi.waitFor(async () => expect((await record(first.storage))?.step).toBe(1));
    destroy(first.gp);

    const next = setup([intro({ version: 2 })], first.storage);
    await next.gp.start();
    expect(next.gp.explain('intro')?.reason.code).toBe('trigger');
    expect(step()).toBeNull();
    next.gp.startTour('intro');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
    await vi.waitFor(async () => expect(await record(next.storage)).toMatchObject({ version: 2, step: 0, status: 'seen' }));
  });
});

describe('one tour at a time', () => {
  it('a second tour asked for while one runs is held back with "tour-running": nothing of it is shown or reported', async () => {
    const { gp, events } = setup([intro(), other]);
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    gp.startTour('other');
    expect(gp.explain('other')).toMatchObject({ shown: false, reason: { code: 'tour-running', tour: 'intro' }, message: 'not shown: the tour "intro" is running' });
    expect(root()!.querySelectorAll('[data-part=tour-step]')).toHaveLength(1);
    expect(trail(events, 'other')).toEqual([]);
    // It starts once the first tour has ended (below: without any other decision).
    gp.closeTour('intro');
    await vi.waitFor(() => expect(step('other')).not.toBeNull());
    expect(step()).toBeNull();
    expect(trail(events, 'other')).toEqual(['exposure', 'step_viewed@0']);
  });
});

describe('a tour whose targets never appear', () => {
  const lost = { id: 'lost', type: 'tour', steps: [{ target: '#missing', title: 'Gone', body: 'Never here.', waitMs: 20 }] };

  it('reports target_not_found only: no exposure, no record, no dismissal; explain() says why', async () => {
    const { gp, events, storage } = setup([lost]);
    await gp.start();
    await vi.waitFor(() => expect(gp.explain('lost')?.reason).toEqual({ code: 'target-missing', selector: 'every step target' }));
    expect(trail(events, 'lost')).toEqual(['target_not_found@0']);
    expect(gp.explain('lost')?.shown).toBe(false);
    expect(await record(storage, 'lost')).toBeUndefined();
  });

  it('a later step whose target never appears ends a tour already seen: dismissed with origin "target-missing"', async () => {
    const tour = intro({ steps: [{ target: '#a', title: 'Here', body: 'Yes.' }, { target: '#missing', title: 'Gone', body: 'No.', waitMs: 20 }] });
    const { gp, events, storage } = setup([tour]);
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    press('next');
    await vi.waitFor(() => expect(trail(events).slice(-1)).toEqual(['dismissed']));
    expect(trail(events)).toEqual(['exposure', 'step_viewed@0', 'step_next@0', 'target_not_found@1', 'dismissed']);
    expect(events.find((e) => e.type === 'dismissed')?.origin).toBe('target-missing');
    await vi.waitFor(async () => expect((await record(storage))?.status).toBe('dismissed'));
    await vi.waitFor(() => expect(step()).toBeNull());
    // Stored as such, and explained as such on the next page view: the person did not close it.
    expect((await record(storage))?.dismissedBy).toBe('target-missing');
    gp.destroy();
    const next = setup([tour], storage).gp;
    await next.start();
    await vi.waitFor(() => expect(next.explain('intro')?.reason).toMatchObject({ code: 'dismissed', by: 'target-missing' }));
    expect(next.explain('intro')?.message).toMatch(/^not shown: ended when a step's target was not on the page at /);
  });

  /** The tour started, then closed by closeTour(): recorded as the app's doing. */
  async function closedByTheApp() {
    const { gp, storage } = setup([intro()]);
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    gp.closeTour('intro');
    await vi.waitFor(async () => expect((await record(storage))?.dismissedBy).toBe('api'));
    return { gp, storage };
  }

  it('closeTour() is remembered as the app closing it, not the person', async () => {
    const { gp, storage } = await closedByTheApp();
    gp.destroy();
    const next = setup([intro()], storage).gp;
    await next.start();
    await vi.waitFor(() => expect(next.explain('intro')?.message).toMatch(/^not shown: closed by the app \(closeTour\(\)\)/));
  });

  it('a person closing it later says so again', async () => {
    const { gp, storage } = await closedByTheApp();
    await vi.waitFor(() => expect(step()).toBeNull());
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    step()!.querySelector<HTMLButtonElement>('[data-part=close]')!.click();
    await vi.waitFor(async () => expect((await record(storage))?.dismissedBy).toBeUndefined());
    expect((await record(storage))?.status).toBe('dismissed');
  });
});

// A tour none of whose targets appeared is not tried again in this page view (decide-chunk.ts
// applyDecision skips it unless startTour() asks for it again).
describe('a tour whose targets never appeared, on later decisions', () => {
  const lost = { id: 'lost', type: 'tour', steps: [{ target: '#missing', title: 'Gone', body: 'Never here.', waitMs: 20 }] };

  it('is not tried again in this page view when something else is decided', async () => {
    const { gp, events } = setup([lost]);
    await gp.start();
    await vi.waitFor(() => expect(gp.explain('lost')?.reason.code).toBe('target-missing'));
    // A decision runs synchronously in track(): a tour started again would now be waiting for #missing.
    gp.track('anything');
    expect(gp.explain('lost')?.reason).toEqual({ code: 'target-missing', selector: 'every step target' });
    expect(trail(events, 'lost')).toEqual(['target_not_found@0']);
  });
});

// When a tour ends, the runtime decides again (tour-runs.ts onEnd): a tour asked for meanwhile starts
// at once, as it does when the tour ends in another tab (tab-sync.ts).
describe('a tour asked for while another ran', () => {
  it('starts once the running tour is closed, without waiting for an unrelated decision', async () => {
    const { gp, events } = setup([intro(), other]);
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    gp.startTour('other');
    expect(gp.explain('other')?.reason.code).toBe('tour-running');
    gp.closeTour('intro');
    await vi.waitFor(() => expect(trail(events).slice(-1)).toEqual(['dismissed']));
    await vi.waitFor(() => expect(gp.explain('other')).toMatchObject({ shown: true }), { timeout: 2000 });
    expect(step('other')).not.toBeNull();
  });
});

describe('a tour whose first step lives on another page', () => {
  const board = { id: 'board', type: 'tour', trigger: 'manual', steps: [{ target: '#a', route: '/board', title: 'Board', body: 'Here.' }] };

  function onSettings(storage: KeyValueStorage = memoryStorage()) {
    history.replaceState({}, '', '/settings');
    document.body.innerHTML = '<p id="a">A</p>';
    const navigate = vi.fn((path: string) => history.pushState({}, '', path));
    const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', items: [board] }, user: { id: 'u1' }, storage, locale: 'en', navigate });
    live.add(gp);
    return { gp, navigate, storage };
  }

  it('startTour() takes the person there (a "Take the tour" button or checklist task on any page), then shows it', async () => {
    const { gp, navigate } = onSettings();
    await gp.start();
    gp.startTour('board');
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/board'));
    expect(navigate).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(step('board')).not.toBeNull());
    history.replaceState({}, '', '/');
  });

  it('startTour() in an app without a router (the navigation is a page load): the instance on that page shows it', async () => {
    const first = onSettings();
    first.navigate.mockImplementation(() => undefined);
    await first.gp.start();
    first.gp.startTour('board');
    await vi.waitFor(() => expect(first.navigate).toHaveBeenCalledWith('/board'));
    await vi.waitFor(async () => expect(await record(first.storage, 'board')).toMatchObject({ status: 'seen', step: 0 }));
    destroy(first.gp);
    history.replaceState({}, '', '/board');
    const loaded = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', items: [board] }, user: { id: 'u1' }, storage: first.storage, locale: 'en' });
    live.add(loaded);
    await loaded.start();
    await vi.waitFor(() => expect(step('board')).not.toBeNull());
    history.replaceState({}, '', '/');
  });

  it('a tour resumed after a reload waits for the person to go there', async () => {
    const storage = memoryStorage();
    await storage.set('progress:u1', { schema: 1, state: { items: { board: { version: 1, status: 'seen', timesSeen: 1, step: 0, firstSeenAt: 1, lastSeenAt: 1 } }, events: {} } });
    const { gp, navigate } = onSettings(storage);
    await gp.start();
    await vi.waitFor(() => expect(gp.explain('board')?.reason).toMatchObject({ code: 'waiting', route: '/board' }));
    expect(navigate).not.toHaveBeenCalled();
    history.replaceState({}, '', '/');
  });
});

describe('a step on another page, in an app without a router (every navigation a page load)', () => {
  const pages = {
    id: 'pages',
    type: 'tour',
    trigger: 'manual',
    steps: [
      { target: '#a', route: '/a', title: 'One', body: 'On a.' },
      { target: '#b', route: '/b', title: 'Two', body: 'On b.' },
      { title: 'Three', body: 'The end.' },
    ],
  };

  /** An instance on `path`, as a page load there makes one; its navigate() leaves this document alone (the page unloads). */
  function loadPage(path: string, items: unknown[], storage: KeyValueStorage, events: GuidepostEvent[], router = false) {
    history.replaceState({}, '', path);
    document.body.innerHTML = '<p id="a">A</p><p id="b">B</p>';
    const navigate = vi.fn((to: string) => {
      if (router) history.pushState({}, '', to);
    });
    const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', items }, user: { id: 'u1' }, storage, locale: 'en', navigate, onEvent: (e) => events.push(e) });
    live.add(gp);
    return { gp, navigate };
  }

  afterEach(() => history.replaceState({}, '', '/'));

  it('Next saves the step it goes to before the page unloads: the next page shows it; back on the first page it is not repeated', async () => {
    const storage = memoryStorage();
    const events: GuidepostEvent[] = [];
    const onA = loadPage('/a', [pages], storage, events);
    await onA.gp.start();
    onA.gp.startTour('pages');
    await vi.waitFor(() => expect(step('pages')?.dataset.step).toBe('0'));
    press('next', 'pages');
    expect(onA.navigate.mock.calls).toEqual([['/b']]);
    await vi.waitFor(async () => expect(await record(storage, 'pages')).toMatchObject({ status: 'seen', step: 1 }));
    destroy(onA.gp);

    const onB = loadPage('/b', [pages], storage, events);
    await onB.gp.start();
    await vi.waitFor(() => expect(step('pages')?.dataset.step).toBe('1'));
    destroy(onB.gp);

    // The browser's Back button: a page load of /a, where step 2 is not.
    const backOnA = loadPage('/a', [pages], storage, events);
    await backOnA.gp.start();
    await vi.waitFor(() => expect(backOnA.gp.explain('pages')?.reason).toMatchObject({ code: 'waiting', step: 1, route: '/b' }));
    expect(step('pages')).toBeNull();
    expect(trail(events, 'pages')).toEqual(['exposure', 'step_viewed@0', 'step_next@0', 'step_viewed@1']);
  });

  it('with a router, the same Next shows the step once, and reports nothing twice', async () => {
    const storage = memoryStorage();
    const events: GuidepostEvent[] = [];
    const { gp, navigate } = loadPage('/a', [pages], storage, events, true);
    await gp.start();
    gp.startTour('pages');
    await vi.waitFor(() => expect(step('pages')?.dataset.step).toBe('0'));
    press('next', 'pages');
    await vi.waitFor(() => expect(step('pages')?.dataset.step).toBe('1'));
    press('next', 'pages');
    await vi.waitFor(() => expect(step('pages')?.dataset.step).toBe('2'));
    expect(navigate.mock.calls).toEqual([['/b']]);
    expect(trail(events, 'pages')).toEqual(['exposure', 'step_viewed@0', 'step_next@0', 'step_viewed@1', 'step_next@1', 'step_viewed@2']);
    await vi.waitFor(async () => expect(await record(storage, 'pages')).toMatchObject({ status: 'seen', step: 2 }));
  });

  const lastLeads = {
    id: 'leads',
    type: 'tour',
    trigger: 'manual',
    steps: [
      { target: '#a', title: 'One', body: 'Here.' },
      { target: '#a', title: 'Go', body: 'Open the board.', advanceOn: { route: '/board' } },
    ],
  };

  it.each([['a router', true], ['page loads', false]])('a last step with advanceOn.route: "Take me there" completes the tour once, with %s', async (_how, router) => {
    const storage = memoryStorage();
    const events: GuidepostEvent[] = [];
    const first = loadPage('/', [lastLeads], storage, events, router);
    await first.gp.start();
    first.gp.startTour('leads');
    await vi.waitFor(() => expect(step('leads')?.dataset.step).toBe('0'));
    press('next', 'leads');
    await vi.waitFor(() => expect(step('leads')?.dataset.step).toBe('1'));
    press('go', 'leads');
    expect(first.navigate.mock.calls).toEqual([['/board']]);
    let gp = first.gp;
    if (!router) {
      await vi.waitFor(async () => expect(await record(storage, 'leads')).toMatchObject({ status: 'seen', step: 1 }));
      destroy(first.gp);
      gp = loadPage('/board', [lastLeads], storage, events).gp;
      await gp.start();
    }
    await vi.waitFor(() => expect(gp.explain('leads')?.reason.code).toBe('completed'));
    expect(step('leads')).toBeNull();
    expect(trail(events, 'leads')).toEqual(['exposure', 'step_viewed@0', 'step_next@0', 'step_viewed@1', 'step_next@1', 'completed']);
    await vi.waitFor(async () => expect(await record(storage, 'leads')).toMatchObject({ status: 'completed' }));
  });
});
