/**
 * Tours never strand a person: a step that advances on a page offers to go there instead of
 * Next, a step that advances on an action shows no Next and lets the person act on the page
 * (or offers Next when the writer keeps the page out), Next or Back into a step on another page
 * takes the person there, a tour waiting for a page or a target says so in explain(), and
 * startTour() on a running tour does what its documentation says.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostError, type GuidepostEvent } from '../../src/index';

const tour = (steps: unknown[]) => ({ schemaVersion: 1, revision: 'r1', items: [{ id: 'welcome-tour', type: 'tour', steps }] });

const routeTour = tour([
  { target: '#projects', title: 'Projects', body: 'Your projects.' },
  { target: '#nav-board', title: 'Open the board', body: 'Click **Board**.', advanceOn: { route: '/board' } },
  { target: '#add-task', route: '/board', title: 'Add tasks', body: 'Tasks start here.' },
]);

const root = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const step = () => root()?.querySelector<HTMLElement>('[data-part=tour-step]') ?? null;
const button = (action: string) => step()?.querySelector<HTMLButtonElement>(`[data-action=${action}]`) ?? null;

/** The demo's screens, rendered into the app's own container (Guidepost's host stays in <body>): the board's button exists only on /board. */
function renderScreen() {
  const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  app.id = 'app';
  const board = location.pathname.startsWith('/board') ? '<button id="add-task">Add task</button>' : '';
  app.innerHTML = `<nav><a id="nav-board" href="/board">Board</a></nav><main id="projects">Projects</main>${board}`;
}

function setup(manifest: unknown, extra: Record<string, unknown> = {}) {
  history.replaceState({}, '', '/');
  renderScreen();
  const errors: GuidepostError[] = [];
  const navigate = vi.fn((path: string) => {
    history.pushState({}, '', path);
    renderScreen();
  });
  const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), targetTimeoutMs: 200, navigate, onError: (e) => errors.push(e), ...extra });
  live.push(gp);
  return { gp, errors, navigate };
}

/** Destroyed after each test even when it fails before its own destroy(): a live instance would follow the next test's routes. */
let live: Guidepost[] = [];

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('a step that advances on a page', () => {
  it('offers "Take me there" instead of Next, and the tour goes on there', async () => {
    const { gp, navigate } = setup(routeTour);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    expect(button('next')).toBeNull();
    expect(button('go')?.textContent).toBe('Take me there');
    expect(button('go')?.hasAttribute('data-primary')).toBe(true);
    button('go')!.click();
    expect(navigate).toHaveBeenCalledWith('/board');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('2'));
    expect(gp.explain('welcome-tour')?.shown).toBe(true);
    gp.destroy();
  });

  it('the arrow key does what the primary button does', async () => {
    const { gp, navigate } = setup(routeTour);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    await vi.waitFor(() => expect(button('go')).not.toBeNull());
    step()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(navigate).toHaveBeenCalledWith('/board');
    gp.destroy();
  });

  it('a step whose page the person is already on is passed (a reload there resumes at the next step)', async () => {
    const storage = memoryStorage();
    const first = setup(routeTour, { storage });
    await first.gp.start();
    first.gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    first.gp.destroy();
    // The person followed the nav link themselves and reloaded on /board.
    history.replaceState({}, '', '/board');
    renderScreen();
    const gp = createGuidepost({ manifest: routeTour, locale: 'en', storage, targetTimeoutMs: 200 });
    await gp.start();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('2'));
    gp.destroy();
  });
});

describe('Next never leads to an empty screen', () => {
  it('Next into a step that lives on another page takes the person there', async () => {
    const manifest = tour([
      { target: '#projects', title: 'Projects', body: 'Your projects.' },
      { target: '#add-task', route: '/board', title: 'Add tasks', body: 'Tasks start here.' },
    ]);
    const { gp, navigate } = setup(manifest);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    expect(navigate).toHaveBeenCalledWith('/board');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    gp.destroy();
  });

  it('a step that advances on an event shows no Next (Skip stays), lets the person act on its target, and their act moves it on', async () => {
    const manifest = tour([
      { target: '#new-project', title: 'Create a project', body: 'Press **New project**.', advanceOn: { event: 'project_created' } },
      { target: '#projects', title: 'Done', body: 'Nice.' },
    ]);
    const { gp } = setup(manifest);
    // The app's own button records the event the step waits for (the person does what the step says).
    const create = document.getElementById('app')!.appendChild(document.createElement('button'));
    create.id = 'new-project';
    create.addEventListener('click', () => gp.track('project_created'));
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    expect(button('next')).toBeNull();
    expect(button('go')).toBeNull();
    expect(button('skip')).not.toBeNull();
    // Not a dead end: nothing over the target keeps the click from it, and the step is not modal.
    expect(root()!.querySelector('[data-part=overlay-cutout]')).toBeNull();
    expect(step()!.hasAttribute('aria-modal')).toBe(false);
    create.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    gp.destroy();
  });

  it('a step that advances on an event but keeps the page out (allowClicksThrough: false) offers Next instead', async () => {
    const manifest = tour([
      { target: '#projects', title: 'Create a project', body: 'Later.', advanceOn: { event: 'project_created' }, allowClicksThrough: false },
      { target: '#projects', title: 'Done', body: 'Nice.' },
    ]);
    const { gp } = setup(manifest);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    expect(root()!.querySelector('[data-part=overlay-cutout]')).not.toBeNull();
    expect(step()!.getAttribute('aria-modal')).toBe('true');
    button('next')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    gp.destroy();
  });

  it('a step that advances on an event with no target lets the whole page through: no shade, not modal, and the event moves it on', async () => {
    const manifest = tour([
      { title: 'Create a project', body: 'Use **New project** in the sidebar.', advanceOn: { event: 'project_created' } },
      { target: '#projects', title: 'Done', body: 'Nice.' },
    ]);
    const { gp } = setup(manifest);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    expect(root()!.querySelector('[data-part=overlay-shade]')).toBeNull();
    expect(step()!.hasAttribute('aria-modal')).toBe(false);
    expect(button('next')).toBeNull();
    gp.track('project_created');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    gp.destroy();
  });
});

describe('Back onto a step that lives on another page', () => {
  it('takes the person there and shows it (the step and its shade never just vanish)', async () => {
    const manifest = tour([
      { target: '#projects', route: '/', title: 'Projects', body: 'Your projects.' },
      { target: '#add-task', route: '/board', title: 'Add tasks', body: 'Tasks start here.' },
    ]);
    const { gp, navigate } = setup(manifest);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    navigate.mockClear();
    button('back')!.click();
    expect(navigate).toHaveBeenCalledWith('/');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
    gp.destroy();
  });
});

describe('a waiting tour', () => {
  it('is "waiting" in explain() with the page it waits for, and startTour() takes the person there', async () => {
    const storage = memoryStorage();
    const first = setup(routeTour, { storage });
    await first.gp.start();
    first.gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    await vi.waitFor(() => expect(button('go')).not.toBeNull());
    button('go')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('2'));
    first.gp.destroy();
    // A reload back on the projects page: step 3 lives on /board.
    history.replaceState({}, '', '/');
    renderScreen();
    const navigate = vi.fn();
    const gp = createGuidepost({ manifest: routeTour, locale: 'en', storage, targetTimeoutMs: 200, navigate });
    await gp.start();
    await vi.waitFor(() => expect(gp.explain('welcome-tour')?.reason.code).toBe('waiting'));
    const explained = gp.explain('welcome-tour')!;
    expect(explained.shown).toBe(false);
    expect(explained.reason).toMatchObject({ code: 'waiting', step: 2, route: '/board' });
    expect(explained.message).toContain('/board');
    expect(step()).toBeNull();
    gp.startTour('welcome-tour');
    expect(navigate).toHaveBeenCalledWith('/board');
    gp.destroy();
  });

  it('startTour() on a tour waiting for its target on this page reports what it waits for', async () => {
    const manifest = tour([{ target: '#later', title: 'Later', body: 'Appears later.', waitMs: 60000 }]);
    const { gp, errors, navigate } = setup(manifest);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(gp.explain('welcome-tour')?.reason).toMatchObject({ code: 'waiting', step: 0, selector: '#later' }));
    gp.startTour('welcome-tour');
    expect(navigate).not.toHaveBeenCalled();
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toContain('target: startTour("welcome-tour"): step 1 waits for its target #later on this page');
    gp.destroy();
  });

  it('startTour() replays a finished tour from its first step', async () => {
    const manifest = tour([{ target: '#projects', title: 'Projects', body: 'Your projects.' }]);
    const { gp } = setup(manifest);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('done')).not.toBeNull());
    button('done')!.click();
    await vi.waitFor(() => expect(gp.explain('welcome-tour')?.reason.code).toBe('completed'));
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
    gp.destroy();
  });
});

describe('events of a tour that moves on by itself', () => {
  /** The tour's step events as "type@step:origin", and its end. */
  const trail = (events: GuidepostEvent[]) =>
    events.filter((e) => e.item_id === 'welcome-tour' && e.type !== 'exposure' && e.type !== 'viewed').map((e) => `${e.type}${e.step === undefined ? '' : `@${e.step}`}${e.origin ? `:${e.origin}` : ''}`);

  it('"Take me there", then the page reached: step_next for the step left (origin "route"), between the two step_viewed', async () => {
    const events: GuidepostEvent[] = [];
    const { gp } = setup(routeTour, { onEvent: (e: GuidepostEvent) => events.push(e) });
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    await vi.waitFor(() => expect(button('go')).not.toBeNull());
    button('go')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('2'));
    button('done')!.click();
    await vi.waitFor(() => expect(gp.explain('welcome-tour')?.reason.code).toBe('completed'));
    expect(trail(events)).toEqual(['step_viewed@0', 'step_next@0:next', 'step_viewed@1', 'step_next@1:route', 'step_viewed@2', 'completed']);
    gp.destroy();
  });

  it('a link the person follows themselves to the advanceOn page: the same step_next, once', async () => {
    const events: GuidepostEvent[] = [];
    const { gp } = setup(routeTour, { onEvent: (e: GuidepostEvent) => events.push(e) });
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    history.pushState({}, '', '/board');
    renderScreen();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('2'));
    expect(trail(events)).toEqual(['step_viewed@0', 'step_next@0:next', 'step_viewed@1', 'step_next@1:route', 'step_viewed@2']);
    gp.destroy();
  });
});

describe('startTour() on a running tour whose last step waits for its target on its advanceOn page', () => {
  it('does not complete the tour for a step never shown: it reports what the step waits for', async () => {
    const manifest = tour([
      { target: '#projects', title: 'Projects', body: 'Your projects.' },
      { target: '#later', waitMs: 60000, title: 'Later', body: 'Appears later.', advanceOn: { route: '/board' } },
    ]);
    const events: GuidepostEvent[] = [];
    const { gp, errors, navigate } = setup(manifest, { onEvent: (e: GuidepostEvent) => events.push(e) });
    history.replaceState({}, '', '/board');
    renderScreen();
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    await vi.waitFor(() => expect(gp.explain('welcome-tour')?.reason).toMatchObject({ code: 'waiting', step: 1, selector: '#later' }));
    gp.startTour('welcome-tour');
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toContain('target: startTour("welcome-tour"): step 2 waits for its target #later on this page');
    expect(gp.explain('welcome-tour')?.reason).toMatchObject({ code: 'waiting', step: 1 });
    expect(navigate).not.toHaveBeenCalled();
    expect(events.filter((e) => e.item_id === 'welcome-tour').map((e) => e.type)).not.toContain('completed');
    gp.destroy();
  });
});

describe('routes from a compiled manifest are checked', () => {
  it('a route that is not a path of this app is reported and not followed', async () => {
    const manifest = tour([
      { target: '#projects', title: 'Projects', body: 'Go.', advanceOn: { route: '//evil.example/x' } },
      { target: '#projects', title: 'Next', body: 'Next.' },
    ]);
    const { gp, errors, navigate } = setup(manifest);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('go')).not.toBeNull());
    button('go')!.click();
    expect(navigate).not.toHaveBeenCalled();
    expect(errors.some((e) => e.message.includes('is not a path of this app'))).toBe(true);
    gp.destroy();
  });
});

describe('subscriptions', () => {
  it('on() disposers leave nothing behind: 1,000 subscribe/unsubscribe cycles, then destroy()', async () => {
    const { gp } = setup(routeTour);
    await gp.start();
    const heard: string[] = [];
    for (let i = 0; i < 1000; i++) gp.on('goal', () => heard.push('old'))();
    const off = gp.on('goal', (event) => heard.push(event.name ?? ''));
    gp.track('saved');
    expect(heard).toEqual(['saved']);
    off();
    off();
    gp.track('again');
    expect(heard).toEqual(['saved']);
    gp.destroy();
  });
});

describe('Back onto a step whose page the person is on', () => {
  it('"Take me there" moves on instead of navigating to where they already are', async () => {
    const { gp, navigate } = setup(routeTour);
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(button('next')).not.toBeNull());
    button('next')!.click();
    await vi.waitFor(() => expect(button('go')).not.toBeNull());
    button('go')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('2'));
    button('back')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('1'));
    navigate.mockClear();
    button('go')!.click();
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('2'));
    expect(navigate).not.toHaveBeenCalled();
    gp.destroy();
  });
});

describe('a first step on the home page "/"', () => {
  const homeTour = tour([
    { target: '#projects', route: '/', title: 'Projects', body: 'Your projects.' },
    { title: 'Done', body: 'That is all.' },
  ]);

  it('started from another page: takes the person home, not waiting for its target there', async () => {
    const { gp, navigate } = setup(homeTour);
    history.replaceState({}, '', '/board');
    renderScreen();
    await gp.start();
    gp.startTour('welcome-tour');
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith('/'));
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
    gp.destroy();
  });
});
