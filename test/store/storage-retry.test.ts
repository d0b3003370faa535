/**
 * A write that failed is tried again (src/store/storage.ts resilientStorage): a dismissal made
 * while the storage stalled or was full is stored once it recovers, though nothing else changes
 * on the page; tries back off (one second, doubling up to a minute), a write that succeeds
 * meanwhile brings them forward, and close() (destroy) stops them. Fake timers: no waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, resilientStorage, type KeyValueStorage } from '../../src/store/storage';
import { openProgressStore } from '../../src/store/progress-store';
import { recordDismissed } from '../../src/engine/progress';

/** Memory storage whose writes fail (quota exceeded) while `full` is true, counting them. */
function fillable() {
  const inner = memoryStorage();
  const state = { full: false, writes: 0 };
  const storage: KeyValueStorage = {
    ...inner,
    kind: 'fillable',
    set: async (key, value) => {
      state.writes++;
      if (state.full) throw new DOMException('full', 'QuotaExceededError');
      return inner.set(key, value);
    },
  };
  return { inner, storage, state };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a failed write', () => {
  it('a dismissal made while storage failed is stored once it recovers, with nothing else changing on the page', async () => {
    const { inner, storage, state } = fillable();
    const report = vi.fn();
    const resilient = resilientStorage(storage, report);
    const progress = await openProgressStore(resilient, 'progress:p', { report });
    state.full = true;
    progress.update((s) => recordDismissed(s, 'tip', 1, 5));
    await progress.flush();
    expect(await inner.get('progress:p')).toBeUndefined();
    expect(report).toHaveBeenCalledTimes(1);
    state.full = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(await inner.get('progress:p')).toMatchObject({ schema: 1, state: { items: { tip: { status: 'dismissed' } } } });
    // Reported once, whatever followed.
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('is tried again after 1, 2, 4 … seconds, at most once a minute, writing what the page holds now', async () => {
    const { inner, storage, state } = fillable();
    const resilient = resilientStorage(storage, () => undefined);
    state.full = true;
    await resilient.set('k', 1);
    await resilient.set('k', 2);
    state.writes = 0;
    // Tries at 1, 3, 7, 15, 31, 63 s, then once a minute.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(state.writes).toBeGreaterThanOrEqual(10);
    expect(state.writes).toBeLessThanOrEqual(15);
    state.full = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await inner.get('k')).toBe(2);
    const writes = state.writes;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(state.writes).toBe(writes);
  });

  it('is tried again at once when another write succeeds; a key deleted is deleted again', async () => {
    const { inner, storage, state } = fillable();
    const failingDelete = { ...storage, delete: async (key: string) => (state.full ? Promise.reject(new Error('stalled')) : inner.delete(key)) };
    const resilient = resilientStorage(failingDelete, () => undefined);
    await inner.set('gone', 'old');
    state.full = true;
    await resilient.set('a', 'A');
    await resilient.delete('gone');
    state.full = false;
    await resilient.set('b', 'B');
    await vi.advanceTimersByTimeAsync(0);
    expect([await inner.get('a'), await inner.get('gone'), await inner.get('b')]).toEqual(['A', undefined, 'B']);
  });

  it('close() (destroy) stops the tries: no timer is left', async () => {
    const { storage, state } = fillable();
    const resilient = resilientStorage(storage, () => undefined);
    state.full = true;
    await resilient.set('k', 1);
    expect(vi.getTimerCount()).toBe(1);
    resilient.close!();
    expect(vi.getTimerCount()).toBe(0);
    await resilient.set('k', 2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a write in flight at close() that succeeds writes nothing else afterwards (a newer instance may own the keys)', async () => {
    const { inner, storage, state } = fillable();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: KeyValueStorage = { ...storage, set: async (key, value) => (key === 'b' ? (await held, inner.set(key, value)) : storage.set(key, value)) };
    const resilient = resilientStorage(slow, () => undefined);
    state.full = true;
    await resilient.set('a', 'A');
    state.full = false;
    const inFlight = resilient.set('b', 'B');
    resilient.close!();
    release();
    await inFlight;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await inner.get('a')).toBeUndefined();
  });
});
