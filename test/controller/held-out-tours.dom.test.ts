/**
 * src/controller/held-out-tours.ts: tours held out of an experiment, run by the rules a run
 * follows (each step's wait, onMissingTarget, route, advanceOn.route) only to tell when the tour
 * would show its first step: the moment of its counterfactual exposure (decide-chunk.ts). Callers
 * rely on: `shown` once, with the step's target (undefined when it shows centered or has none),
 * or `never` once when the run would end first; a target_not_found per missing step, reported as
 * the help arm's run reports it; nothing drawn or scrolled; the run stopped once it has told
 * (no observer or timer left), by its disposer, and by dispose(); route changes passed on.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { heldOutRuns, type HeldOutRuns } from '../../src/controller/held-out-tours';
import type { TourItem } from '../../src/manifest/schema';
import type { EventFields } from '../../src/track/tracker';
import { addElement as add, microtasks, tourOf, trackObservers } from '../support/tour-stand-ins';

let live: Set<MutationObserver>;
let runs: HeldOutRuns;
let emitted: EventFields[];

beforeEach(() => {
  history.replaceState({}, '', '/');
  live = trackObservers();
  emitted = [];
  runs = heldOutRuns({ doc: document, emit: (fields) => void emitted.push(fields) });
});

afterEach(() => {
  runs.dispose();
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

/** A held-out run of `tour`, its callbacks recorded. */
function watch(tour: TourItem) {
  const shown = vi.fn<(target: Element | undefined) => void>();
  const never = vi.fn();
  const stop = runs.wouldShow(tour, shown, never);
  return { shown, never, stop };
}

describe('when the tour would show', () => {
  it('its first step\'s target on the page: shown with it, once, and the run stops watching', async () => {
    const a = add('a');
    const { shown, never } = watch(tourOf([{ target: '#a' }, { target: '#b' }]));
    // Not before the caller has returned (the run starts on a microtask).
    expect(shown).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(shown).toHaveBeenCalledWith(a));
    expect(shown).toHaveBeenCalledTimes(1);
    expect(never).not.toHaveBeenCalled();
    expect(live.size).toBe(0);
    expect(emitted).toEqual([]);
    // The target going away, or coming back, tells nothing more.
    a.remove();
    add('a');
    await microtasks();
    expect(shown).toHaveBeenCalledTimes(1);
  });

  it('a target that appears later, within its wait: shown when it appears, not before', async () => {
    vi.useFakeTimers();
    const { shown, never } = watch(tourOf([{ target: '#late', waitMs: 5000 }]));
    await microtasks();
    await vi.advanceTimersByTimeAsync(4000);
    expect(shown).not.toHaveBeenCalled();
    const late = add('late');
    await microtasks();
    expect(shown).toHaveBeenCalledWith(late);
    expect(never).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    expect(live.size).toBe(0);
  });

  it('a step without a target, or one shown centered when its target is missing: shown with no target', async () => {
    vi.useFakeTimers();
    const untargeted = watch(tourOf([{ title: 'Welcome' }], 'plain'));
    const centered = watch(tourOf([{ target: '#gone', waitMs: 100, onMissingTarget: 'center' }], 'centered', { version: 3 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(untargeted.shown).toHaveBeenCalledWith(undefined);
    expect(centered.shown).toHaveBeenCalledWith(undefined);
    // The centered step's target was missing: reported as the help arm reports it.
    expect(emitted).toEqual([{ type: 'target_not_found', item_id: 'centered', item_type: 'tour', item_version: 3, step: 0 }]);
  });

  it('a first step whose target is missing is skipped (the default): the tour would show its second', async () => {
    vi.useFakeTimers();
    const b = add('b');
    const { shown, never } = watch(tourOf([{ target: '#gone', waitMs: 200 }, { target: '#b' }]));
    await vi.advanceTimersByTimeAsync(199);
    expect(shown).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(shown).toHaveBeenCalledWith(b);
    expect(never).not.toHaveBeenCalled();
    expect(emitted).toEqual([{ type: 'target_not_found', item_id: 'tour', item_type: 'tour', item_version: 1, step: 0 }]);
  });

  it('a first step that moves on at the page the person is on: the tour would show its second step', async () => {
    history.replaceState({}, '', '/board');
    const b = add('b');
    add('a');
    const { shown } = watch(tourOf([{ target: '#a', advanceOn: { route: '/board' } }, { target: '#b' }]));
    await vi.waitFor(() => expect(shown).toHaveBeenCalledWith(b));
    expect(shown).toHaveBeenCalledTimes(1);
  });
});

describe('when it would never show', () => {
  it('every step\'s target missing: never, once, with a target_not_found per step', async () => {
    vi.useFakeTimers();
    const { shown, never } = watch(tourOf([{ target: '#x', waitMs: 100 }, { target: '#y', waitMs: 100 }], 'tour', { version: 7 }));
    await vi.advanceTimersByTimeAsync(200);
    expect(never).toHaveBeenCalledTimes(1);
    expect(shown).not.toHaveBeenCalled();
    expect(emitted.map((e) => [e.type, e.item_id, e.item_version, e.step])).toEqual([
      ['target_not_found', 'tour', 7, 0],
      ['target_not_found', 'tour', 7, 1],
    ]);
    expect(vi.getTimerCount()).toBe(0);
    expect(live.size).toBe(0);
  });

  it('a first step that ends the tour when its target is missing: never, though a later target is there', async () => {
    vi.useFakeTimers();
    add('b');
    const { shown, never } = watch(tourOf([{ target: '#x', waitMs: 100, onMissingTarget: 'end' }, { target: '#b' }]));
    await vi.advanceTimersByTimeAsync(100);
    expect(never).toHaveBeenCalledTimes(1);
    expect(shown).not.toHaveBeenCalled();
  });
});

describe('routes', () => {
  it('a first step on another page waits for the app to go there, without a timer, then shows', async () => {
    vi.useFakeTimers();
    const a = add('a');
    const { shown, never } = watch(tourOf([{ target: '#a', route: '/board' }]));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(shown).not.toHaveBeenCalled();
    expect(never).not.toHaveBeenCalled();
    history.pushState({}, '', '/board');
    runs.routeChanged('/board');
    await microtasks();
    expect(shown).toHaveBeenCalledWith(a);
  });

  it('a route change reaches every run under way, and none that has stopped', async () => {
    const first = watch(tourOf([{ title: 'One', route: '/board' }], 'one'));
    const second = watch(tourOf([{ title: 'Two', route: '/board' }], 'two'));
    await microtasks();
    first.stop();
    history.pushState({}, '', '/board');
    runs.routeChanged('/board');
    await vi.waitFor(() => expect(second.shown).toHaveBeenCalledWith(undefined));
    expect(first.shown).not.toHaveBeenCalled();
  });
});

describe('drawing and scrolling nothing', () => {
  it('a target off screen is not scrolled to', async () => {
    const a = add('a');
    vi.spyOn(a, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 0, y: 5000, width: 50, height: 20 }));
    const scroll = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(() => {});
    const { shown } = watch(tourOf([{ target: '#a' }]));
    await vi.waitFor(() => expect(shown).toHaveBeenCalledWith(a));
    expect(scroll).not.toHaveBeenCalled();
    expect(document.body.children).toHaveLength(1);
  });
});

describe('stopping', () => {
  it('the disposer ends a run that is still waiting: no callback, no observer, no timer', async () => {
    vi.useFakeTimers();
    const { shown, never, stop } = watch(tourOf([{ target: '#late', waitMs: 1000 }]));
    await microtasks();
    expect(live.size).toBe(1);
    stop();
    expect(live.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    add('late');
    await vi.advanceTimersByTimeAsync(5000);
    expect(shown).not.toHaveBeenCalled();
    expect(never).not.toHaveBeenCalled();
    expect(emitted).toEqual([]);
    // Again, and after it has told: harmless.
    expect(() => stop()).not.toThrow();
  });

  it('stopped before it starts (in the same task): it never looks', async () => {
    add('a');
    const { shown, stop } = watch(tourOf([{ target: '#a' }]));
    stop();
    await microtasks();
    expect(shown).not.toHaveBeenCalled();
  });

  it('dispose() ends every run; route changes and events after it reach none', async () => {
    vi.useFakeTimers();
    const waiting = watch(tourOf([{ target: '#late', waitMs: 1000 }], 'one'));
    const routed = watch(tourOf([{ title: 'Two', route: '/board' }], 'two'));
    await microtasks();
    runs.dispose();
    expect(live.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    add('late');
    history.pushState({}, '', '/board');
    runs.routeChanged('/board');
    runs.eventTracked('anything');
    await vi.advanceTimersByTimeAsync(5000);
    for (const run of [waiting, routed]) {
      expect(run.shown).not.toHaveBeenCalled();
      expect(run.never).not.toHaveBeenCalled();
    }
    // A new run after dispose() works as any.
    const again = watch(tourOf([{ title: 'Three' }], 'three'));
    await microtasks();
    expect(again.shown).toHaveBeenCalledWith(undefined);
  });

  it('runs are independent: one ending leaves the other waiting', async () => {
    vi.useFakeTimers();
    const quick = watch(tourOf([{ target: '#x', waitMs: 100 }], 'quick'));
    const slow = watch(tourOf([{ target: '#late', waitMs: 10_000 }], 'slow'));
    await vi.advanceTimersByTimeAsync(100);
    expect(quick.never).toHaveBeenCalledTimes(1);
    expect(slow.never).not.toHaveBeenCalled();
    const late = add('late');
    await microtasks();
    expect(slow.shown).toHaveBeenCalledWith(late);
  });
});
