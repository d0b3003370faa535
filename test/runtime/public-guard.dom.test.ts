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
