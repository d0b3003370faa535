/**
 * The history hook in happy-dom: shared by the instances of a window (never stacked one per
 * instance), restored when the last one goes, and left as an empty pass-through, reused by
 * the next instance, when another script wrapped it since.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchRoutes } from '../../src/dom/routes';

const native = History.prototype.pushState;

afterEach(() => {
  delete (history as Partial<History>).pushState;
  delete (history as Partial<History>).replaceState;
});

describe('watchRoutes', () => {
  it('tells a move through the session history (popstate: Back, Forward) from the app\'s own navigation', () => {
    const seen = vi.fn();
    const stop = watchRoutes(seen);
    history.pushState(null, '', '/pushed');
    // The browser's Back: the address changes without pushState, then popstate.
    native.call(history, null, '', '/popped');
    window.dispatchEvent(new PopStateEvent('popstate'));
    location.hash = '#section';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(seen.mock.calls.map(([href, traversal]) => [new URL(href).pathname + new URL(href).hash, traversal])).toEqual([['/pushed', false], ['/popped', true], ['/popped#section', false]]);
    stop();
  });

  it('on a page that froze the History methods: still follows popstate and hashchange, and leaves the methods as they were', () => {
    const replace = History.prototype.replaceState;
    // Read-only (as Object.freeze leaves them): assigning throws in strict code. pushState is
    // writable, so it is wrapped first and must be put back when replaceState refuses.
    Object.defineProperty(history, 'replaceState', { value: replace, writable: false, configurable: true });
    const seen = vi.fn();
    const stop = watchRoutes(seen);
    expect(history.pushState).toBe(native);
    expect(history.replaceState).toBe(replace);
    native.call(history, null, '', '/popped');
    window.dispatchEvent(new PopStateEvent('popstate'));
    location.hash = '#frozen';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(seen.mock.calls.map(([href, traversal]) => [new URL(href).pathname + new URL(href).hash, traversal])).toEqual([['/popped', true], ['/popped#frozen', false]]);
    stop();
    expect(history.pushState).toBe(native);
  });

  it('instances share one wrapper; the originals come back when the last one goes, whatever the order', () => {
    const a = vi.fn();
    const b = vi.fn();
    const stopA = watchRoutes(a);
    const wrapped = history.pushState;
    const stopB = watchRoutes(b);
    expect(history.pushState).toBe(wrapped);
    history.pushState(null, '', '/one');
    expect([a.mock.calls, b.mock.calls]).toEqual([[[expect.stringMatching(/\/one$/), false]], [[expect.stringMatching(/\/one$/), false]]]);
    stopA();
    history.pushState(null, '', '/two');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    stopB();
    expect(history.pushState).toBe(native);
    expect(Object.prototype.hasOwnProperty.call(history, 'pushState')).toBe(false);
  });

  it('wrapped by another script since: stays as an empty pass-through; the next instance hooks on top, notified once', () => {
    const first = vi.fn();
    const stop = watchRoutes(first);
    const ours = history.pushState;
    const theirs = vi.fn(function (this: History, ...args: Parameters<History['pushState']>) {
      return ours.apply(this, args);
    });
    history.pushState = theirs;
    stop();
    expect(history.pushState).toBe(theirs);
    const next = vi.fn();
    const stopNext = watchRoutes(next);
    history.pushState(null, '', '/three');
    expect(theirs).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledTimes(1);
    expect(first).not.toHaveBeenCalled();
    stopNext();
    // Ours on top is restored: their wrapper is back, and still works.
    expect(history.pushState).toBe(theirs);
  });

  it('a wrapper someone removed is not reused: the next instance still hears pushState', () => {
    const stop = watchRoutes(vi.fn());
    const other = watchRoutes(vi.fn());
    // A script puts back what it saved before we wrapped (our live hook is gone from the chain).
    delete (history as Partial<History>).pushState;
    const next = vi.fn();
    const stopNext = watchRoutes(next);
    history.pushState(null, '', '/five');
    expect(next).toHaveBeenCalledTimes(1);
    stopNext();
    stop();
    other();
  });

  it('a listener that throws never reaches the host navigation call', () => {
    const stop = watchRoutes(() => {
      throw new Error('boom');
    });
    expect(() => history.pushState(null, '', '/four')).not.toThrow();
    stop();
  });
});
