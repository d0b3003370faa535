/**
 * closeTour(id): the public way to end a running tour (the React and Vue bindings' `close()`),
 * as the person's × would: dismissed for good, reported with origin "api"; replayable with
 * startTour(); a no-op for a tour that is not running; reported for an id that is not a tour.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError, type GuidepostEvent } from '../src/index';

const manifest = {
  schemaVersion: 1,
  revision: 'r1',
  items: [
    { id: 'intro', type: 'tour', trigger: 'manual', steps: [
      { target: '#projects', title: 'Projects', body: 'Your projects.' },
      { target: '#add-task', route: '/board', title: 'Add tasks', body: 'On the board.' },
    ] },
    { id: 'tip', type: 'tooltip', target: '#projects', when: { 'page.path': '/never' }, title: 'Tip', body: 'Text.' },
  ],
};

const step = () => document.querySelector('guidepost-root')?.shadowRoot?.querySelector<HTMLElement>('[data-part=tour-step][data-item=intro]') ?? null;

function setup() {
  history.replaceState({}, '', '/');
  document.body.innerHTML = '<main id="projects">Projects</main>';
  const errors: GuidepostError[] = [];
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), targetTimeoutMs: 200, onError: (e) => errors.push(e), onEvent: (e) => events.push(e) });
  return { gp, errors, events };
}

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('closeTour()', () => {
  it('closes a running tour as × would: dismissed with origin "api", gone from the screen, replayable', async () => {
    const { gp, errors, events } = setup();
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    gp.closeTour('intro');
    await vi.waitFor(() => expect(step()).toBeNull());
    expect(events.filter((e) => e.type === 'dismissed')).toMatchObject([{ item_id: 'intro', origin: 'api' }]);
    expect(gp.explain('intro')?.shown).toBe(false);
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()?.dataset.step).toBe('0'));
    expect(errors).toEqual([]);
    gp.destroy();
  });

  it('closes a tour whose step waits for another page', async () => {
    const { gp, events } = setup();
    await gp.start();
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    step()!.querySelector<HTMLButtonElement>('[data-action=next]')!.click();
    // Step 2 lives on /board: the tour waits for it, off screen.
    await vi.waitFor(() => expect(gp.explain('intro')?.reason.code).toBe('waiting'));
    gp.closeTour('intro');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'dismissed' && e.item_id === 'intro')).toBe(true));
    expect(gp.explain('intro')?.reason.code).not.toBe('waiting');
    gp.destroy();
  });

  it('leaves a tour that is not running as it is, and reports an id that is not a tour', async () => {
    const { gp, errors, events } = setup();
    await gp.start();
    gp.closeTour('intro');
    gp.closeTour('tip');
    gp.closeTour('nope');
    expect(events.filter((e) => e.type === 'dismissed')).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      'closeTour("tip"): the manifest has no tour with that id',
      'closeTour("nope"): the manifest has no tour with that id',
    ]);
    gp.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    gp.destroy();
  });

  it('cancels a startTour() asked for before start()', async () => {
    const { gp, events } = setup();
    gp.startTour('intro');
    gp.closeTour('intro');
    await gp.start();
    // Still waiting for a call from code, not on its way to the screen.
    expect(gp.explain('intro')?.reason.code).toBe('trigger');
    expect(step()).toBeNull();
    expect(events.filter((e) => e.item_id === 'intro')).toEqual([]);
    gp.destroy();
  });

  it('closed while start() runs, a tour under way (resumed after a reload) is not resumed', async () => {
    history.replaceState({}, '', '/');
    document.body.innerHTML = '<main id="projects">Projects</main>';
    const storage = memoryStorage();
    const first = createGuidepost({ manifest, locale: 'en', storage, user: { id: 'u1' } });
    await first.start();
    first.startTour('intro');
    await vi.waitFor(() => expect(step()).not.toBeNull());
    first.destroy();
    // The next page view: the tour would resume at its step; closeTour() during start() keeps it closed.
    const gp = createGuidepost({ manifest, locale: 'en', storage, user: { id: 'u1' } });
    const started = gp.start();
    gp.closeTour('intro');
    await started;
    // Decided: it waits for a startTour() call, as a manual tour no one started does.
    await vi.waitFor(() => expect(gp.explain('intro')?.reason.code).not.toBe('deciding'));
    expect(gp.explain('intro')).toMatchObject({ shown: false, reason: { code: 'trigger' } });
    expect(step()).toBeNull();
    gp.destroy();
  });
});
