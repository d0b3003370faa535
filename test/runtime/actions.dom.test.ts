/**
 * Ending surfaces (src/runtime/actions.ts). `closeItem` ends an item for good: recorded as
 * dismissed or completed (at its version, at the runtime's clock), reported with its origin, taken
 * off screen; a preview just goes away, recording and reporting nothing; a tour is handed to the
 * tour controller (done or closed with its origin). `completeChecklists` completes each checklist
 * on screen whose every task is done and redraws the others, whose progress changed.
 * Called directly on a runtime with stand-ins for the store, tracker, view and tours, and through
 * the public API for a closed preview and a checklist's progress after track().
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostEvent } from '../../src/index';
import { closeItem, completeChecklists } from '../../src/runtime/actions';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { emptyProgress, recordCompleted, recordEvent, recordSeen, type ProgressState } from '../../src/engine/progress';
import type { EventFields } from '../../src/track/tracker';
import type { Item } from '../../src/manifest/schema';

const NOW = Date.UTC(2026, 0, 15);

/** A runtime whose progress, tracker, view and tours are stand-ins that remember what they were asked. */
function runtime(initial: ProgressState = emptyProgress()) {
  const rt: Runtime = createRuntime({ manifest: null, locale: 'en', now: () => NOW });
  let state = initial;
  const emitted: EventFields[] = [];
  const render = vi.fn();
  const tours = { done: vi.fn(), close: vi.fn() };
  rt.progress = { get: () => state, update: (change: (s: ProgressState) => ProgressState) => void (state = change(state)) } as unknown as Runtime['progress'];
  rt.tracker = { emit: (fields: EventFields) => void emitted.push(fields) } as unknown as Runtime['tracker'];
  rt.view = { render } as unknown as Runtime['view'];
  rt.tours = tours as unknown as Runtime['tours'];
  return { rt, emitted, render, tours, progress: () => state };
}

const banner = { id: 'promo', type: 'banner', body: 'Hi', version: 3 } as Item;
const tour = { id: 'intro', type: 'tour', steps: [{ title: 'One' }] } as Item;
const list = (id: string, tasks: { id: string; completeOn?: string; tour?: string }[]) => ({ id, type: 'checklist', tasks: tasks.map((t) => ({ title: t.id, ...t })) }) as Item;

describe('closeItem', () => {
  it('dismissed: recorded at its version and time, reported with its origin, off screen, redrawn', () => {
    const { rt, emitted, render, progress } = runtime(recordSeen(emptyProgress(), 'promo', 3, NOW - 1000));
    rt.showing.set('promo', { item: banner });
    closeItem(rt, banner, 'escape');
    expect(progress().items.promo).toEqual({ version: 3, status: 'dismissed', timesSeen: 1, firstSeenAt: NOW - 1000, lastSeenAt: NOW - 1000, dismissedAt: NOW });
    expect(emitted).toEqual([{ type: 'dismissed', item_id: 'promo', item_type: 'banner', item_version: 3, origin: 'escape' }]);
    expect(rt.showing.has('promo')).toBe(false);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('completed: recorded and reported as completed, with its origin', () => {
    const { rt, emitted, progress } = runtime();
    rt.showing.set('promo', { item: banner });
    closeItem(rt, banner, 'cta', true);
    expect(progress().items.promo).toMatchObject({ version: 3, status: 'completed', completedAt: NOW });
    expect(emitted).toEqual([{ type: 'completed', item_id: 'promo', item_type: 'banner', item_version: 3, origin: 'cta' }]);
    expect(rt.showing.size).toBe(0);
  });

  it('a preview goes away, recording and reporting nothing, and is no longer a preview', () => {
    const { rt, emitted, render, progress } = runtime();
    rt.previewing.add('promo');
    rt.showing.set('promo', { item: banner, preview: true });
    closeItem(rt, banner, 'close', true);
    expect(progress()).toEqual(emptyProgress());
    expect(emitted).toEqual([]);
    expect(rt.previewing.has('promo')).toBe(false);
    expect(rt.showing.has('promo')).toBe(false);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('a tour is ended by the tour controller: done when completed, else closed with the origin', () => {
    const { rt, emitted, tours, progress } = runtime();
    closeItem(rt, tour, 'cta', true);
    closeItem(rt, tour, 'overlay');
    // A previewed tour too: the controller's end (tour-runs.ts) forgets the preview.
    rt.previewing.add('intro');
    closeItem(rt, tour, 'skip');
    expect(tours.done.mock.calls).toEqual([['intro']]);
    expect(tours.close.mock.calls).toEqual([['intro', 'overlay'], ['intro', 'skip']]);
    expect(rt.previewing.has('intro')).toBe(true);
    expect(emitted).toEqual([]);
    expect(progress()).toEqual(emptyProgress());
  });
});

describe('completeChecklists', () => {
  it('completes the checklists on screen whose every task is done; redraws for the others; leaves other items alone', () => {
    let state = recordEvent(emptyProgress(), 'invited', NOW);
    state = recordCompleted(state, 'intro', 1, NOW);
    const { rt, emitted, render, progress } = runtime(state);
    const done = list('done-list', [{ id: 'invite', completeOn: 'invited' }, { id: 'learn', tour: 'intro' }]);
    const half = list('half-list', [{ id: 'invite', completeOn: 'invited' }, { id: 'export', completeOn: 'exported' }]);
    rt.showing.set('done-list', { item: done });
    rt.showing.set('promo', { item: banner });
    rt.showing.set('half-list', { item: half });
    completeChecklists(rt);
    expect(emitted).toEqual([{ type: 'completed', item_id: 'done-list', item_type: 'checklist', item_version: 1, origin: 'cta' }]);
    expect(progress().items['done-list']).toMatchObject({ status: 'completed', completedAt: NOW });
    expect(progress().items['half-list']).toBeUndefined();
    expect([...rt.showing.keys()]).toEqual(['promo', 'half-list']);
    // Once with the progress of both (the completed one says its last task), once without the completed one.
    expect(render).toHaveBeenCalledTimes(2);
  });

  it('does nothing when no checklist is on screen', () => {
    const { rt, emitted, render } = runtime(recordEvent(emptyProgress(), 'invited', NOW));
    rt.showing.set('promo', { item: banner });
    completeChecklists(rt);
    expect(emitted).toEqual([]);
    expect(render).not.toHaveBeenCalled();
    expect(rt.showing.has('promo')).toBe(true);
  });
});

describe('through the public API', () => {
  const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
  let gp: Guidepost | undefined;

  afterEach(() => {
    gp?.destroy();
    gp = undefined;
    document.body.innerHTML = '';
  });

  async function started(items: unknown[]) {
    const events: GuidepostEvent[] = [];
    const storage = memoryStorage();
    gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, user: { id: 'u1' }, storage, locale: 'en', onEvent: (e) => events.push(e) });
    await gp.start();
    return { gp, events, storage };
  }

  it('closing a preview with × records nothing and reports nothing; the item is back to its own verdict', async () => {
    const { gp, events, storage } = await started([
      { id: 'promo', type: 'banner', body: 'Hi', when: { 'page.path': '/never' } },
      { id: 'hello', type: 'banner', slot: 'bottom', body: 'Hello' },
    ]);
    gp.preview('promo');
    await vi.waitFor(() => expect(layer()?.querySelector('[data-part=preview][data-item=promo] [data-part=close]') ?? null).not.toBeNull());
    layer()!.querySelector<HTMLElement>('[data-part=preview][data-item=promo] [data-part=close]')!.click();
    await vi.waitFor(() => expect(layer()!.querySelector('[data-item=promo]')).toBeNull());
    expect(events.filter((e) => e.item_id === 'promo')).toEqual([]);
    expect(gp.explain('promo')?.reason.code).toBe('condition');
    // A write that happened would include the other banner's "seen": wait for it, then look for promo.
    await vi.waitFor(async () => expect((await storage.get<{ state: ProgressState }>('progress:u1'))?.state.items.hello?.status).toBe('seen'));
    expect((await storage.get<{ state: ProgressState }>('progress:u1'))?.state.items.promo).toBeUndefined();
  });

  it("a tracked event that completes one of a checklist's tasks redraws its progress; the last one completes it", async () => {
    const { gp, events } = await started([
      { id: 'setup', type: 'checklist', title: 'Get started', tasks: [{ id: 'invite', title: 'Invite', completeOn: 'invited' }, { id: 'export', title: 'Export', completeOn: 'exported' }] },
    ]);
    const text = () => layer()?.querySelector('[data-part=checklist][data-item=setup] [data-part=progress-text]')?.textContent;
    await vi.waitFor(() => expect(text()).toBe('0 of 2'));
    gp.track('invited');
    await vi.waitFor(() => expect(text()).toBe('1 of 2'));
    expect(layer()!.querySelector('[data-task=invite]')?.getAttribute('data-state')).toBe('done');
    expect(events.filter((e) => e.type === 'completed')).toEqual([]);
    gp.track('exported');
    expect(events.filter((e) => e.type === 'completed').map((e) => [e.item_id, e.origin])).toEqual([['setup', 'cta']]);
    await vi.waitFor(() => expect(layer()!.querySelector('[data-item=setup]')).toBeNull());
  });
});
