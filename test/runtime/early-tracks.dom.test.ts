/**
 * track() calls kept while start() runs (src/runtime/early-tracks.ts): bounded and reported past
 * the bound; a page listener only while some call waits, gone once start() booted; replayed in
 * order with their own times; sent (not dropped) when the instance is destroyed first.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { earlyTracks } from '../../src/runtime/early-tracks';
import { NOW, standInRuntime } from '../support/runtime-harness';

afterEach(() => vi.restoreAllMocks());

describe('earlyTracks', () => {
  it('listens for the page going away only while a call waits, and stops once start() booted', () => {
    const { rt } = standInRuntime([]);
    const adds = vi.spyOn(window, 'addEventListener');
    const removes = vi.spyOn(window, 'removeEventListener');
    const early = earlyTracks(rt);
    early.booted();
    expect(adds.mock.calls.filter(([type]) => type === 'pagehide')).toHaveLength(0);
    early.keep('a', undefined);
    early.keep('b', { n: 2 });
    expect(adds.mock.calls.filter(([type]) => type === 'pagehide')).toHaveLength(1);
    early.booted();
    expect(removes.mock.calls.filter(([type]) => type === 'pagehide')).toHaveLength(1);
    expect(early.size).toBe(2);
  });

  it('keeps at most 100 calls; each one beyond is reported by name', () => {
    const { rt, errors } = standInRuntime([]);
    const early = earlyTracks(rt);
    for (let i = 0; i < 102; i++) early.keep(`e${i}`, undefined);
    expect(early.size).toBe(100);
    expect(errors.map((e) => e.message)).toEqual([
      'track("e100") before start() finished: more than 100 early events, this one is dropped',
      'track("e101") before start() finished: more than 100 early events, this one is dropped',
    ]);
    early.destroy();
  });

  it('replays them in order as goals with the time each call was made', () => {
    let clock = NOW;
    const { rt, events } = standInRuntime([], { now: () => clock });
    const early = earlyTracks(rt);
    early.keep('first', undefined);
    clock += 1000;
    early.keep('second', { n: 2 });
    clock += 1000;
    const emit = vi.spyOn(rt.tracker!, 'emit');
    early.replay();
    expect(events.filter((e) => e.type === 'goal').map((e) => e.name)).toEqual(['first', 'second']);
    expect(emit.mock.calls.filter(([fields]) => fields.type === 'goal').map(([, at]) => at)).toEqual([NOW, NOW + 1000]);
    expect(early.size).toBe(0);
  });
});
