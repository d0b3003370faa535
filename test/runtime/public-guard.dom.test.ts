/**
 * runtime/public-guard alone: public calls run inside the host's code, so a failure in one is
 * reported through onError and never thrown into the caller.
 */
import { describe, expect, it } from 'vitest';
import { GuidepostError } from '../../src/errors';
import { guardPublicCalls } from '../../src/runtime/public-guard';
import type { Guidepost } from '../../src/options';

const failing = () => {
  throw new Error('boom');
};

function guarded() {
  const reported: GuidepostError[] = [];
  const api = {
    track: failing,
    identify: failing,
    startTour: failing,
    preview: failing,
    debug: failing,
    explain: failing,
    reset: () => Promise.reject(new Error('no storage')),
  } as unknown as Guidepost;
  guardPublicCalls(api, (e) => void reported.push(e));
  return { api, reported };
}

describe('runtime/public-guard', () => {
  it('reports a throwing call instead of throwing into the host', () => {
    const { api, reported } = guarded();
    expect(() => api.track('x')).not.toThrow();
    expect(() => api.identify({ id: 'u' })).not.toThrow();
    expect(() => api.startTour('t')).not.toThrow();
    expect(() => api.preview('p')).not.toThrow();
    expect(() => api.debug(true)).not.toThrow();
    expect(reported.map((e) => e.message)).toEqual(['track() failed: boom', 'identify() failed: boom', 'startTour() failed: boom', 'preview() failed: boom', 'debug() failed: boom']);
    expect(reported.every((e) => e instanceof GuidepostError && e.code === 'internal')).toBe(true);
  });

  it('explain() falls back to an empty answer of the asked shape', () => {
    const { api, reported } = guarded();
    expect(api.explain()).toEqual([]);
    expect(api.explain('welcome')).toBeUndefined();
    expect(reported).toHaveLength(2);
  });

  it('reset() resolves and reports a rejected reset', async () => {
    const { api, reported } = guarded();
    await expect(api.reset()).resolves.toBeUndefined();
    expect(reported.map((e) => e.message)).toEqual(['reset() failed: no storage']);
  });
});

describe('a call given the wrong kind of argument', () => {
  const calls: string[] = [];
  const recording = () => {
    const reported: GuidepostError[] = [];
    const record = (name: string) => (...args: unknown[]) => {
      calls.push(`${name}(${args.map((a) => typeof a).join(', ')})`);
      return () => undefined;
    };
    const api = Object.fromEntries(['track', 'identify', 'startTour', 'closeTour', 'preview', 'on', 'onChange'].map((name) => [name, record(name)])) as unknown as Guidepost;
    guardPublicCalls(api, (e) => void reported.push(e));
    return { api, reported };
  };

  it('is said at the call, naming the call and its parameter, and ignored', () => {
    const { api, reported } = recording();
    calls.length = 0;
    api.track(42 as never);
    api.track('');
    api.identify('u_42' as never);
    api.startTour(undefined as never);
    api.closeTour(['t'] as never);
    api.preview(7 as never);
    const off = api.on('*', undefined as never);
    const offChange = api.onChange(null as never);
    expect(calls).toEqual([]);
    expect(reported.map((e) => e.message)).toEqual([
      'track(name): expected a non-empty string, found 42; ignored',
      'track(name): expected a non-empty string, found ""; ignored',
      'identify(user): expected an object such as { id: "u_42" }, found "u_42"; ignored',
      'startTour(tourId): expected a non-empty string, found undefined; ignored',
      'closeTour(tourId): expected a non-empty string, found an array; ignored',
      'preview(itemId): expected a non-empty string, found 7; ignored',
      'on(type, listener): expected a function, found undefined; ignored',
      'onChange(listener): expected a function, found null; ignored',
    ]);
    // Subscriptions that were not made still give a disposer.
    expect(() => (off(), offChange())).not.toThrow();
  });

  it('passes good arguments through, returning what the call returns', () => {
    const { api, reported } = recording();
    calls.length = 0;
    api.track('saved', { plan: 'pro' });
    api.identify({ id: 'u1' });
    expect(typeof api.on('exposure', () => undefined)).toBe('function');
    expect(calls).toEqual(['track(string, object)', 'identify(object)', 'on(string, function)']);
    expect(reported).toEqual([]);
  });
});
