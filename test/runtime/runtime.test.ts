/**
 * The state record one instance's runtime modules share (src/runtime/runtime.ts) and its helpers:
 * defaults, onChange() notification (once per burst, in a microtask, never after destroy, a
 * throwing listener reported), events of previewed items never emitted, progress keys, and which
 * tour runs here or elsewhere.
 */
import { describe, expect, it, vi } from 'vitest';
import { activeTour, createRuntime, emit, notifyChange, progressKey, progressKeyOf, runningElsewhere } from '../../src/runtime/runtime';
import type { GuidepostError } from '../../src/errors';
import type { Tracker } from '../../src/track/tracker';
import type { IdentityRecord } from '../../src/store/identity';

const identity = (anonymousId: string): IdentityRecord => ({ anonymousId, session: { id: 's', startedAt: 0, lastActiveAt: 0, interruptiveShown: 0 } });
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('createRuntime', () => {
  it('starts with nothing loaded, nothing shown, nothing running', () => {
    const rt = createRuntime({ manifest: {} });
    expect(rt.manifest).toBeNull();
    expect(rt.user).toEqual({});
    expect(rt.locale).toBe('en');
    expect(rt.running).toBe(false);
    expect(rt.destroyed).toBe(false);
    expect(rt.startSearch).toBe('');
    expect(rt.debug).toEqual({ open: false, picking: false });
    for (const collection of [rt.showing, rt.waiting, rt.requested, rt.startCalls, rt.expandedChecklists, rt.previewing, rt.remoteTours, rt.changeListeners]) expect(collection.size).toBe(0);
    expect(rt.cleanups).toEqual([]);
    expect(rt.pageView.startedAt).toBe(0);
    expect(rt.tracker).toBeUndefined();
    expect(rt.storage).toBeUndefined();
  });

  it('keeps the user and clock it is given', () => {
    const user = { id: 'u1', traits: { plan: 'pro' } };
    const rt = createRuntime({ manifest: {}, user, now: () => 42 });
    expect(rt.user).toBe(user);
    expect(rt.now()).toBe(42);
  });

  it('uses Date.now without a clock', () => {
    const spy = vi.spyOn(Date, 'now').mockReturnValue(777);
    try {
      expect(createRuntime({ manifest: {} }).now()).toBe(777);
    } finally {
      spy.mockRestore();
    }
  });

  it("reads the URL switches from the given document's location when the instance is created", () => {
    const doc = { defaultView: { location: { search: '?guidepost_debug=1' } } } as unknown as Document;
    expect(createRuntime({ manifest: {}, document: doc }).startSearch).toBe('?guidepost_debug=1');
    // A document without a window (a parsed one): no switches.
    expect(createRuntime({ manifest: {}, document: { defaultView: null } as unknown as Document }).startSearch).toBe('');
  });

  it('gives each instance its own collections', () => {
    const a = createRuntime({ manifest: {} });
    const b = createRuntime({ manifest: {} });
    a.showing.set('x', { item: { id: 'x' } as never });
    a.requested.add('t');
    a.cleanups.push(() => undefined);
    a.pageView.exposed.add('x');
    expect(b.showing.size + b.requested.size + b.cleanups.length + b.pageView.exposed.size).toBe(0);
    expect(a.debug).not.toBe(b.debug);
  });

  it("reports through onError as GuidepostErrors, and survives a handler that throws", () => {
    const seen: GuidepostError[] = [];
    const rt = createRuntime({ manifest: {}, onError: (e) => seen.push(e) });
    rt.report(new Error('plain'));
    expect(seen.map((e) => [e.name, e.code, e.message])).toEqual([['GuidepostError', 'internal', 'plain']]);
    const throwing = createRuntime({ manifest: {}, onError: () => { throw new Error('handler broke'); } });
    expect(() => throwing.report(new Error('x'))).not.toThrow();
  });
});

describe('notifyChange', () => {
  it('tells every listener once, in a microtask, for a burst of decisions', async () => {
    const rt = createRuntime({ manifest: {} });
    const a = vi.fn();
    const b = vi.fn();
    rt.changeListeners.add(a);
    rt.changeListeners.add(b);
    notifyChange(rt);
    notifyChange(rt);
    notifyChange(rt);
    expect(a).not.toHaveBeenCalled();
    await tick();
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    // A later burst is told again.
    notifyChange(rt);
    await tick();
    expect(a).toHaveBeenCalledTimes(2);
  });

  it('does nothing without listeners (and does not stay pending)', async () => {
    const rt = createRuntime({ manifest: {} });
    notifyChange(rt);
    expect(rt.changePending).toBeFalsy();
    const later = vi.fn();
    rt.changeListeners.add(later);
    notifyChange(rt);
    await tick();
    expect(later).toHaveBeenCalledTimes(1);
  });

  it('tells nobody when the instance was destroyed before the microtask ran', async () => {
    const rt = createRuntime({ manifest: {} });
    const listener = vi.fn();
    rt.changeListeners.add(listener);
    notifyChange(rt);
    rt.destroyed = true;
    await tick();
    expect(listener).not.toHaveBeenCalled();
    expect(rt.changePending).toBe(false);
  });

  it('reports a listener that throws, naming onChange(), and still tells the others', async () => {
    const errors: GuidepostError[] = [];
    const rt = createRuntime({ manifest: {}, onError: (e) => errors.push(e) });
    const after = vi.fn();
    rt.changeListeners.add(() => {
      throw new Error('binding broke');
    });
    rt.changeListeners.add(after);
    notifyChange(rt);
    await tick();
    expect(after).toHaveBeenCalledTimes(1);
    expect(errors.map((e) => [e.code, e.message])).toEqual([['internal', 'an onChange() listener failed: binding broke']]);
  });

  it('a listener that unsubscribes another during the call does not break the round', async () => {
    const rt = createRuntime({ manifest: {} });
    const second = vi.fn();
    rt.changeListeners.add(() => void rt.changeListeners.delete(second));
    rt.changeListeners.add(second);
    notifyChange(rt);
    await tick();
    // The round was copied before it began: the listener removed during it is still told this once.
    expect(second).toHaveBeenCalledTimes(1);
    notifyChange(rt);
    await tick();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('a listener that decides again (notifying inside the round) gets a new round, not an endless loop', async () => {
    const rt = createRuntime({ manifest: {} });
    let calls = 0;
    rt.changeListeners.add(() => {
      calls++;
      if (calls === 1) notifyChange(rt);
    });
    notifyChange(rt);
    await tick();
    await tick();
    await tick();
    expect(calls).toBe(2);
  });
});

describe('emit', () => {
  const tracker = () => {
    const emitted: unknown[] = [];
    return { emitted, tracker: { emit: (fields: unknown) => (emitted.push(fields), { id: 'e1', ...(fields as object) }) } as unknown as Tracker };
  };

  it("passes an item's event to the tracker and returns what it made", () => {
    const rt = createRuntime({ manifest: {} });
    const t = tracker();
    rt.tracker = t.tracker;
    const event = emit(rt, { type: 'shown', item_id: 'tip', item_type: 'tooltip', item_version: 1 });
    expect(t.emitted).toEqual([{ type: 'shown', item_id: 'tip', item_type: 'tooltip', item_version: 1 }]);
    expect(event).toMatchObject({ id: 'e1', item_id: 'tip' });
  });

  it('emits nothing for an item being previewed; events without an item still go out', () => {
    const rt = createRuntime({ manifest: {} });
    const t = tracker();
    rt.tracker = t.tracker;
    rt.previewing.add('tip');
    expect(emit(rt, { type: 'exposure', item_id: 'tip', item_type: 'tooltip', item_version: 1 })).toBeUndefined();
    emit(rt, { type: 'goal', name: 'saved' } as never);
    expect(t.emitted).toEqual([{ type: 'goal', name: 'saved' }]);
  });

  it('is a no-op before the tracker exists', () => {
    const rt = createRuntime({ manifest: {} });
    expect(emit(rt, { type: 'shown', item_id: 'x', item_type: 'banner', item_version: 1 })).toBeUndefined();
  });
});

describe('progress keys', () => {
  it("is the signed-in user's id first, then this device's anonymous id, then a fixed key", () => {
    expect(progressKeyOf({ id: 'u1' }, identity('dev'))).toBe('progress:u1');
    expect(progressKeyOf({}, identity('dev'))).toBe('progress:dev');
    expect(progressKeyOf({}, undefined)).toBe('progress:anonymous');
  });

  it('follows the runtime as identify() changes the user', () => {
    const rt = createRuntime({ manifest: {} });
    rt.identity = identity('dev');
    expect(progressKey(rt)).toBe('progress:dev');
    rt.user = { id: 'u2' };
    expect(progressKey(rt)).toBe('progress:u2');
  });

  it('gives ids that look like prototype keys their own storage key (plain text, nothing special)', () => {
    expect(progressKeyOf({ id: '__proto__' }, undefined)).toBe('progress:__proto__');
    expect(progressKeyOf({ id: 'constructor' }, identity('dev'))).toBe('progress:constructor');
  });
});

describe('which tour runs', () => {
  it('is the one this tab runs first, else one another tab runs, else none', () => {
    const rt = createRuntime({ manifest: {} });
    expect(activeTour(rt)).toBeUndefined();
    rt.remoteTours.set('tab-b', 'billing');
    rt.remoteTours.set('tab-c', 'export');
    expect(activeTour(rt)).toBe('billing');
    rt.localTour = 'intro';
    expect(activeTour(rt)).toBe('intro');
  });

  it('runs "elsewhere" only when another tab runs it and this one does not', () => {
    const rt = createRuntime({ manifest: {} });
    expect(runningElsewhere(rt, 'intro')).toBe(false);
    rt.remoteTours.set('tab-b', 'intro');
    expect(runningElsewhere(rt, 'intro')).toBe(true);
    expect(runningElsewhere(rt, 'other')).toBe(false);
    rt.localTour = 'intro';
    expect(runningElsewhere(rt, 'intro')).toBe(false);
  });
});
