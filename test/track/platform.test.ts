/**
 * The platform seams of delivery (src/track/platform.ts) in Node: `globalScheduler` looks the
 * global timers up at call time (so fake timers installed after import apply), and
 * `browserNetwork` reads `navigator.onLine` live — only an explicit `false` is offline — and
 * subscribes to `online` events with a disposer that removes exactly its listener.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserNetwork, globalScheduler } from '../../src/track/platform';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('globalScheduler', () => {
  it('uses the timers installed after it was imported (fake ones here)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fired: number[] = [];
    globalScheduler.setTimeout(() => fired.push(1), 1000);
    globalScheduler.setTimeout(() => fired.push(2), 10);
    expect(vi.getTimerCount()).toBe(2);
    vi.advanceTimersByTime(10);
    expect(fired).toEqual([2]);
    vi.advanceTimersByTime(990);
    expect(fired).toEqual([2, 1]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clearTimeout cancels with the handle setTimeout returned, leaving no timer', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const callback = vi.fn();
    const handle = globalScheduler.setTimeout(callback, 500);
    globalScheduler.clearTimeout(handle);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(callback).not.toHaveBeenCalled();
  });

  it('clearTimeout of an unknown or already-fired handle is harmless', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const callback = vi.fn();
    const handle = globalScheduler.setTimeout(callback, 0);
    vi.advanceTimersByTime(0);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(() => globalScheduler.clearTimeout(handle)).not.toThrow();
    expect(() => globalScheduler.clearTimeout(undefined)).not.toThrow();
  });

  it('runs with the real timers too (a positive signal, not a sleep)', async () => {
    await new Promise<void>((resolve) => globalScheduler.setTimeout(resolve, 0));
  });
});

describe('browserNetwork.online', () => {
  it('is false only for an explicit navigator.onLine === false', () => {
    const cases: Array<[unknown, boolean]> = [
      [undefined, true],
      [{}, true],
      [{ onLine: undefined }, true],
      [{ onLine: true }, true],
      [{ onLine: false }, false],
      // Some webviews leave it unset or odd: only `false` pauses delivery.
      [{ onLine: 'false' }, true],
      [{ onLine: 0 }, true],
      [{ onLine: null }, true],
    ];
    for (const [navigator, online] of cases) {
      expect([navigator, browserNetwork({ navigator: navigator as { onLine?: boolean } }).online()]).toEqual([navigator, online]);
    }
  });

  it('reads the state at each call (it changes under the page)', () => {
    const scope = { navigator: { onLine: true } };
    const network = browserNetwork(scope);
    expect(network.online()).toBe(true);
    scope.navigator.onLine = false;
    expect(network.online()).toBe(false);
    scope.navigator.onLine = true;
    expect(network.online()).toBe(true);
  });

  it('defaults to the global scope, read at call time', () => {
    const network = browserNetwork();
    vi.stubGlobal('navigator', { onLine: false });
    expect(network.online()).toBe(false);
    vi.stubGlobal('navigator', { onLine: true });
    expect(network.online()).toBe(true);
    vi.stubGlobal('navigator', undefined);
    expect(network.online()).toBe(true);
  });
});

describe('browserNetwork.onOnline', () => {
  /** An EventTarget standing in for a window. */
  function windowLike() {
    const target = new EventTarget();
    const added: string[] = [];
    const removed: string[] = [];
    const scope = {
      navigator: { onLine: false },
      addEventListener: (type: string, listener: EventListener) => (added.push(type), target.addEventListener(type, listener)),
      removeEventListener: (type: string, listener: EventListener) => (removed.push(type), target.removeEventListener(type, listener)),
      dispatch: (type: string) => target.dispatchEvent(new Event(type)),
    };
    return { scope, added, removed };
  }

  it('calls the listener on each `online` event, and on nothing else', () => {
    const { scope, added } = windowLike();
    const listener = vi.fn();
    browserNetwork(scope).onOnline(listener);
    expect(added).toEqual(['online']);
    scope.dispatch('offline');
    scope.dispatch('focus');
    expect(listener).not.toHaveBeenCalled();
    scope.dispatch('online');
    scope.dispatch('online');
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('its disposer removes exactly that listener; calling it twice is harmless', () => {
    const { scope, removed } = windowLike();
    const network = browserNetwork(scope);
    const kept = vi.fn();
    const gone = vi.fn();
    network.onOnline(kept);
    const off = network.onOnline(gone);
    off();
    expect(() => off()).not.toThrow();
    scope.dispatch('online');
    expect(kept).toHaveBeenCalledTimes(1);
    expect(gone).not.toHaveBeenCalled();
    expect(removed.every((type) => type === 'online')).toBe(true);
  });

  it('a scope without event methods (a worker shim, Node) gives a disposer that does nothing', () => {
    for (const scope of [{}, { addEventListener: 'nope' }, { navigator: { onLine: true } }]) {
      const off = browserNetwork(scope).onOnline(() => undefined);
      expect(typeof off).toBe('function');
      expect(off()).toBeUndefined();
    }
  });

  it('on the global scope, subscribes to the global `online` event when there is one', () => {
    const target = new EventTarget();
    vi.stubGlobal('addEventListener', target.addEventListener.bind(target));
    vi.stubGlobal('removeEventListener', target.removeEventListener.bind(target));
    const listener = vi.fn();
    const off = browserNetwork().onOnline(listener);
    target.dispatchEvent(new Event('online'));
    off();
    target.dispatchEvent(new Event('online'));
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
