/**
 * The decision beyond the screen (src/runtime/decide-chunk.ts), on a runtime built by hand: it
 * shows what the engine allows (at once, or once the target appears), reports a target that
 * never came, re-attaches a surface to the element an app re-rendered, takes down what is no
 * longer allowed, holds out a holdout arm (counterfactual exposure, nothing drawn), previews
 * without recording, starts tours once their code is there, never throws into the caller, and
 * stops reacting once its cleanups ran or the instance is destroyed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDecider } from '../../src/runtime/decide-chunk';
import { recordDismissed, recordStep } from '../../src/engine/progress';
import type { Experiments, ItemArm } from '../../src/controller/experiments';
import type { Item } from '../../src/manifest/schema';
import type { Runtime } from '../../src/runtime/runtime';
import { NOW, standInRuntime } from '../support/runtime-harness';

/** A stand-in runtime whose decisions come from the chunk from the start. */
function opened(items: unknown[], options: Parameters<typeof standInRuntime>[1] = {}) {
  const standIn = standInRuntime(items, options);
  standIn.rt.decider = openDecider(standIn.rt);
  return { ...standIn, decide: () => standIn.rt.decider!.evaluate(standIn.rt) };
}

const live: Runtime[] = [];
afterEach(() => {
  for (const rt of live.splice(0)) {
    rt.destroyed = true;
    for (const stop of rt.waiting.values()) stop();
    rt.tours?.dispose();
    rt.cleanups.splice(0).forEach((cleanup) => cleanup());
  }
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});
function track<T extends { rt: Runtime }>(standIn: T): T {
  live.push(standIn.rt);
  return standIn;
}

const types = (events: { type: string; item_id?: string }[]) => events.map((e) => `${e.type}:${e.item_id ?? ''}`);

describe('openDecider', () => {
  it('runs the pending content checks before anything shows, and watches shown targets (one cleanup)', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.pendingChecks = {};
    const decider = openDecider(rt);
    live.push(rt);
    expect(rt.pendingChecks).toBeUndefined();
    expect(rt.cleanups).toHaveLength(1);
    expect(typeof decider.evaluate).toBe('function');
    expect(typeof decider.explanations).toBe('function');
  });

  it('reports what the content checks of a forged compiled manifest find', () => {
    const { rt, errors } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.manifest = { ...rt.manifest!, settings: { theme: { accent: 'red;} body { display:none' } } } as never;
    rt.pendingChecks = {};
    openDecider(rt);
    live.push(rt);
    expect(errors.map((e) => e.code)).toContain('manifest');
    expect(errors.find((e) => e.code === 'manifest')?.message).toMatch(/accent/);
  });

  it('a page without a root element still opens (nothing to watch)', () => {
    const doc = document.implementation.createHTMLDocument('');
    doc.removeChild(doc.documentElement);
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }], { document: doc });
    expect(() => openDecider(rt)).not.toThrow();
    expect(rt.cleanups).toHaveLength(1);
    expect(() => rt.cleanups[0]()).not.toThrow();
  });
});

describe('showing what the engine allows', () => {
  it('shows an item without a target at once: exposure, progress, pacing, one render', () => {
    const { rt, events, progress, decide, renders } = track(opened([{ id: 'b', type: 'banner', body: 'B' }]));
    decide();
    expect([...rt.showing.keys()]).toEqual(['b']);
    expect(rt.showing.get('b')?.reference).toBeUndefined();
    expect(types(events)).toEqual(['exposure:b']);
    expect(events[0]).toMatchObject({ rendered: true, item_type: 'banner', item_version: 1 });
    expect(progress.get().items.b).toMatchObject({ status: 'seen', timesSeen: 1 });
    expect(rt.pageView.interruptiveShown).toBe(1);
    expect(renders()).toBe(1);
    // Deciding again keeps it, with no second exposure or slot.
    decide();
    expect(types(events)).toEqual(['exposure:b']);
    expect(rt.pageView.interruptiveShown).toBe(1);
  });

  it('anchors an item to its target when it is in the page', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, decide } = track(opened([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves' }]));
    decide();
    expect(rt.showing.get('tip')?.reference).toBe(document.getElementById('save'));
  });

  it('waits for a target that is not there yet, then shows the item once it appears', async () => {
    const { rt, decide, events } = track(opened([{ id: 'tip', type: 'tooltip', target: '#later', body: 'Later' }]));
    decide();
    expect(rt.showing.has('tip')).toBe(false);
    expect(rt.waiting.has('tip')).toBe(true);
    expect(events).toEqual([]);
    // Deciding again while it waits does not start a second wait.
    const stop = rt.waiting.get('tip');
    decide();
    expect(rt.waiting.get('tip')).toBe(stop);
    const later = Object.assign(document.createElement('div'), { id: 'later' });
    document.body.append(later);
    await vi.waitFor(() => expect(rt.showing.get('tip')?.reference).toBe(later));
    expect(rt.waiting.has('tip')).toBe(false);
    expect(types(events)).toEqual(['exposure:tip']);
  });

  it('reports a target that never appears, names it in the event and in explain(), and stops waiting for it in this page view', async () => {
    const { rt, decide, events, errors } = track(opened([{ id: 'tip', type: 'tooltip', target: { selector: '#nowhere', fallbacks: ['.nowhere'] }, body: 'Hi' }], { targetTimeoutMs: 20 }));
    decide();
    await vi.waitFor(() => expect(types(events)).toEqual(['target_not_found:tip']));
    expect(rt.waiting.has('tip')).toBe(false);
    expect(rt.pageView.missingTargets.get('tip')).toBe('#nowhere | .nowhere');
    // A target missing from the page is no error of the SDK or the page: only the event says so.
    expect(errors).toEqual([]);
    decide();
    expect(rt.waiting.has('tip')).toBe(false);
    expect(rt.decider!.explanations(rt)[0]).toMatchObject({ shown: false, reason: { code: 'target-missing', selector: '#nowhere | .nowhere' } });
  });

  it('uses the target timeout option (5 s by default)', () => {
    vi.useFakeTimers();
    try {
      const { rt, decide, events } = track(opened([{ id: 'tip', type: 'tooltip', target: '#nowhere', body: 'Hi' }]));
      decide();
      vi.advanceTimersByTime(4999);
      expect(events).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(types(events)).toEqual(['target_not_found:tip']);
      expect(rt.waiting.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  describe('a target timeout beyond what setTimeout takes (Infinity) keeps waiting', () => {
    it('targetTimeoutMs: Infinity keeps waiting (a minute later the item still waits for its target)', () => {
      // Timers take at most 2^31-1 ms; a longer delay (Infinity included) fires at once, in
      // browsers as in Node and the fake clock. storageTimeoutMs is capped for that reason (idb.ts).
      vi.useFakeTimers();
      try {
        const { rt, decide, events } = track(opened([{ id: 'tip', type: 'tooltip', target: '#later', body: 'Hi' }], { targetTimeoutMs: Infinity }));
        decide();
        vi.advanceTimersByTime(60_000);
        expect(events).toEqual([]);
        expect(rt.waiting.has('tip')).toBe(true);
        expect(rt.pageView.missingTargets.has('tip')).toBe(false);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  it('targetTimeoutMs: 0 does not wait: a missing target is reported on the next turn, not after the 5 s default', () => {
    vi.useFakeTimers();
    try {
      const { rt, decide, events } = track(opened([{ id: 'tip', type: 'tooltip', target: '#later', body: 'Hi' }], { targetTimeoutMs: 0 }));
      decide();
      vi.advanceTimersByTime(1);
      expect(types(events)).toEqual(['target_not_found:tip']);
      expect(rt.waiting.has('tip')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('re-attaches a shown surface to the element an app re-rendered', async () => {
    document.body.innerHTML = '<div id="app"><button id="save">Save</button></div>';
    const { rt, decide, events } = track(opened([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves' }]));
    decide();
    const first = document.getElementById('save');
    expect(rt.showing.get('tip')?.reference).toBe(first);
    document.getElementById('app')!.innerHTML = '<button id="save">Save again</button>';
    const second = document.getElementById('save');
    await vi.waitFor(() => expect(rt.showing.get('tip')?.reference).toBe(second));
    // Re-attached, not shown again.
    expect(types(events)).toEqual(['exposure:tip']);
  });

  it('takes a surface down when its target leaves the page, and shows it again (no new exposure) when it is back', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, decide, events } = track(opened([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves' }]));
    decide();
    document.getElementById('save')!.remove();
    await vi.waitFor(() => expect(rt.showing.has('tip')).toBe(false));
    const back = Object.assign(document.createElement('button'), { id: 'save' });
    document.body.append(back);
    await vi.waitFor(() => expect(rt.showing.get('tip')?.reference).toBe(back));
    expect(types(events)).toEqual(['exposure:tip']);
  });

  it('takes down what the engine no longer allows: an item the manifest no longer has (an authoring draft)', () => {
    const { rt, decide, renders } = track(opened([
      { id: 'b', type: 'tooltip', target: 'body', body: 'B' },
      { id: 'c', type: 'banner', body: 'C' },
    ]));
    decide();
    expect([...rt.showing.keys()].sort()).toEqual(['b', 'c']);
    rt.manifest = { ...rt.manifest!, items: [rt.manifest!.items[0]] };
    rt.effective = undefined;
    const before = renders();
    decide();
    expect([...rt.showing.keys()]).toEqual(['b']);
    expect(renders()).toBe(before + 1);
  });

  it('leaves out items whose content failed to render in this page view', () => {
    const { rt, decide, events } = track(opened([{ id: 'b', type: 'banner', body: 'B' }]));
    rt.pageView.unrenderable.set('b', 'exploded');
    decide();
    expect(rt.showing.size).toBe(0);
    expect(events).toEqual([]);
  });

  it('respects pacing: one interruptive item per page view, the other explained', () => {
    const { rt, decide } = track(opened([
      { id: 'first', type: 'banner', priority: 2, body: 'First' },
      { id: 'second', type: 'banner', body: 'Second' },
    ]));
    decide();
    expect([...rt.showing.keys()]).toEqual(['first']);
    // Once the first has spent the slot, the second waits for the next page view.
    expect(rt.decider!.explanations(rt).find((e) => e.itemId === 'second')?.reason).toEqual({ code: 'cap', cap: 'perPageView', limit: 1, untilNext: 'pageView' });
  });

  it('tells onChange() listeners once per burst of decisions', async () => {
    const { rt, decide } = track(opened([{ id: 'b', type: 'banner', body: 'B' }]));
    const listener = vi.fn();
    rt.changeListeners.add(listener);
    decide();
    decide();
    await vi.waitFor(() => expect(listener).toHaveBeenCalled());
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('item ids that are names of Object.prototype', () => {
  it('"constructor", "toString" and "hasOwnProperty" are shown, recorded and explained like any id', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, decide, progress, events } = track(opened([
      { id: 'constructor', type: 'banner', body: 'A' },
      { id: 'toString', type: 'tooltip', target: '#save', body: 'B' },
      { id: 'hasOwnProperty', type: 'helpLink', target: '#save', title: 'C', body: 'C' },
    ]));
    decide();
    expect([...rt.showing.keys()].sort()).toEqual(['constructor', 'hasOwnProperty', 'toString']);
    expect(types(events).sort()).toEqual(['exposure:constructor', 'exposure:hasOwnProperty', 'exposure:toString']);
    expect(Object.hasOwn(progress.get().items, 'constructor')).toBe(true);
    progress.set(recordDismissed(progress.get(), 'constructor', 1, NOW));
    rt.showing.delete('constructor');
    decide();
    const explained = Object.fromEntries(rt.decider!.explanations(rt).map((e) => [e.itemId, e.reason.code]));
    expect(explained).toEqual({ constructor: 'dismissed', toString: 'already-showing', hasOwnProperty: 'already-showing' });
  });
});

describe('a decision that fails', () => {
  it('is reported with its cause, keeps what is on screen, and does not throw into the caller', () => {
    const { rt, decide, errors } = track(opened([{ id: 'b', type: 'banner', body: 'B' }]));
    decide();
    rt.core = { ...rt.core, attributes: () => { throw new Error('traits getter exploded'); } };
    expect(() => decide()).not.toThrow();
    expect(errors.map((e) => [e.code, e.message])).toEqual([['internal', 'decision failed: traits getter exploded']]);
    expect(rt.showing.has('b')).toBe(true);
  });

  it('does nothing before run(), without a manifest, document or progress, or once destroyed', () => {
    for (const spoil of [
      (rt: Runtime) => void (rt.running = false),
      (rt: Runtime) => void (rt.manifest = null),
      (rt: Runtime) => void (rt.doc = undefined),
      (rt: Runtime) => void (rt.progress = undefined),
      (rt: Runtime) => void (rt.destroyed = true),
    ]) {
      const { rt, decide, events, renders } = track(opened([{ id: 'b', type: 'banner', body: 'B' }]));
      spoil(rt);
      decide();
      expect(rt.showing.size).toBe(0);
      expect(events).toEqual([]);
      expect(renders()).toBe(0);
    }
  });
});

describe('after its cleanups ran', () => {
  it('no longer re-attaches surfaces when targets are re-rendered', async () => {
    document.body.innerHTML = '<div id="app"><button id="save">Save</button></div>';
    const { rt, decide } = track(opened([{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves' }]));
    decide();
    const first = rt.showing.get('tip')!.reference;
    const evaluate = vi.fn();
    rt.core = { ...rt.core, evaluate };
    rt.cleanups.splice(0).forEach((cleanup) => cleanup());
    document.getElementById('app')!.innerHTML = '<button id="save">New</button>';
    // A fresh observer on the same document proves the mutation was delivered.
    await new Promise<void>((resolve) => {
      const probe = new MutationObserver(() => (probe.disconnect(), resolve()));
      probe.observe(document.body, { childList: true, subtree: true });
      document.body.append(document.createElement('i'));
    });
    await Promise.resolve();
    expect(evaluate).not.toHaveBeenCalled();
    expect(rt.showing.get('tip')?.reference).toBe(first);
  });
});

describe('holdout arms', () => {
  const heldOut = (rt: Runtime, ids: string[]): Experiments => ({
    assign: () => undefined,
    armFor: (item: Item) =>
      ids.includes(item.id)
        ? ({ experiment: { key: 'exp', variations: [] }, assignment: { experiment: 'exp', enabled: false, variation: 'off', inExperiment: true, unit: 'user', unitId: 'u1', bucketVersion: 1, forced: false } } as unknown as ItemArm)
        : undefined,
    effectiveItems: () => rt.manifest!.items,
    variations: () => ({ exp: 'off' }),
    all: () => [],
    force: () => undefined,
  });

  it('a held-out item is exposed counterfactually once its target is there, and never drawn', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { rt, decide, events, progress } = track(opened([{ id: 'spot', type: 'hotspot', target: '#save', body: 'New' }]));
    rt.experiments = heldOut(rt, ['spot']);
    decide();
    expect(rt.showing.has('spot')).toBe(false);
    expect(rt.pageView.counterfactual.has('spot')).toBe(true);
    expect(events).toEqual([expect.objectContaining({ type: 'exposure', item_id: 'spot', rendered: false, counterfactual: true, experiment: 'exp', variation: 'off' })]);
    // Recorded and paced like a real showing, so both arms spend the same.
    expect(progress.get().items.spot?.status).toBe('seen');
    expect(rt.pageView.interruptiveShown).toBe(1);
    decide();
    expect(events).toHaveLength(1);
  });

  it("a held-out tour would render once its first step's target is in the page; no tour runs", async () => {
    const { rt, decide, events } = track(opened([{ id: 'intro', type: 'tour', steps: [{ target: '#later', title: 'Hi', body: 'Step' }] }]));
    rt.experiments = heldOut(rt, ['intro']);
    decide();
    expect(events).toEqual([]);
    document.body.append(Object.assign(document.createElement('div'), { id: 'later' }));
    await vi.waitFor(() => expect(events).toEqual([expect.objectContaining({ type: 'exposure', item_id: 'intro', rendered: false })]));
    expect(rt.pageView.counterfactual.has('intro')).toBe(true);
    expect(rt.tours?.isRunning('intro') ?? false).toBe(false);
  });
});

describe('previews', () => {
  it('shows a previewed item marked as a preview: nothing recorded, nothing reported', () => {
    const { rt, decide, events, progress } = track(opened([{ id: 'b', type: 'banner', body: 'B', when: { 'user.plan': 'pro' } }]));
    rt.previewing.add('b');
    decide();
    expect(rt.showing.get('b')).toMatchObject({ preview: true });
    expect(events).toEqual([]);
    expect(progress.updates).toBe(0);
    expect(rt.pageView.interruptiveShown).toBe(0);
  });

  it('a previewed item whose target is missing says what it waits for, then why it gave up', async () => {
    const { rt, decide, events, errors } = track(opened([{ id: 'tip', type: 'tooltip', target: '#nowhere', body: 'Hi' }], { targetTimeoutMs: 20 }));
    rt.previewing.add('tip');
    decide();
    expect(rt.showing.get('tip')).toMatchObject({ preview: true, notShown: 'waiting for its target #nowhere' });
    await vi.waitFor(() => expect(rt.showing.get('tip')?.notShown).toBe('its target #nowhere is not on this page'));
    // A preview reports nothing, not even the missing target.
    expect(events).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a previewed item whose target comes later is shown on it', async () => {
    const { rt, decide } = track(opened([{ id: 'tip', type: 'tooltip', target: '#later', body: 'Hi' }]));
    rt.previewing.add('tip');
    decide();
    const later = Object.assign(document.createElement('span'), { id: 'later' });
    document.body.append(later);
    await vi.waitFor(() => expect(rt.showing.get('tip')).toMatchObject({ preview: true, reference: later }));
    expect(rt.showing.get('tip')?.notShown).toBeUndefined();
  });

  it('a previewed item the manifest does not have is ignored', () => {
    const { rt, decide, errors } = track(opened([{ id: 'b', type: 'banner', body: 'B' }]));
    rt.previewing.add('ghost');
    decide();
    expect(rt.showing.has('ghost')).toBe(false);
    expect(errors).toEqual([]);
  });
});

describe('tours', () => {
  it('loads the tour code, then starts an eligible tour and exposes it once', async () => {
    const { rt, decide, events } = track(opened([{ id: 'intro', type: 'tour', steps: [{ title: 'Hi', body: 'Step' }] }]));
    decide();
    expect(rt.toursLoading).toBeDefined();
    await vi.waitFor(() => expect(rt.tours?.isRunning('intro')).toBe(true));
    await vi.waitFor(() => expect(types(events)).toContain('exposure:intro'));
    expect(rt.localTour).toBe('intro');
    decide();
    expect(types(events).filter((t) => t === 'exposure:intro')).toHaveLength(1);
  });

  it('resumes a tour at the step saved for its version', async () => {
    const { rt, decide, progress } = track(opened([{ id: 'intro', type: 'tour', steps: [{ title: 'A', body: 'a' }, { title: 'B', body: 'b' }] }]));
    progress.set(recordStep({ ...progress.get(), items: { intro: { version: 1, status: 'seen', timesSeen: 1, firstSeenAt: NOW, lastSeenAt: NOW } } } as never, 'intro', 1, 1));
    rt.requested.add('intro');
    decide();
    await vi.waitFor(() => expect(rt.tours?.surfaces()[0]?.tour?.step).toBe(1));
  });

  it('does not start a tour another tab runs', async () => {
    const { rt, decide } = track(opened([
      { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ title: 'Hi', body: 'Step' }] },
      { id: 'b', type: 'tooltip', target: 'body', body: 'B' },
    ]));
    rt.requested.add('intro');
    rt.remoteTours.set('tab-2', 'intro');
    decide();
    await vi.waitFor(() => expect(rt.tours).toBeDefined());
    expect(rt.tours!.isRunning('intro')).toBe(false);
  });

  it('a tour whose steps never appeared is not retried on every decision, only when asked for again', async () => {
    const { rt, decide } = track(opened([{ id: 'intro', type: 'tour', steps: [{ title: 'Hi', body: 'Step' }] }]));
    decide();
    await vi.waitFor(() => expect(rt.tours).toBeDefined());
    rt.tours!.close('intro', 'other-tab');
    rt.pageView.missingTargets.set('intro', 'every step target');
    decide();
    expect(rt.tours!.isRunning('intro')).toBe(false);
    rt.requested.add('intro');
    decide();
    expect(rt.tours!.isRunning('intro')).toBe(true);
    expect(rt.pageView.missingTargets.has('intro')).toBe(false);
  });

  it('destroyed while the tour code loads: no tour controller is created, nothing decided', async () => {
    const { rt, decide, events } = track(opened([{ id: 'intro', type: 'tour', steps: [{ title: 'Hi', body: 'Step' }] }]));
    decide();
    const loading = rt.toursLoading!;
    rt.destroyed = true;
    await loading;
    expect(rt.tours).toBeUndefined();
    expect(events).toEqual([]);
  });
});
