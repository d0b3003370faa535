/** Progress storage: coalesced writes, corrupt records discarded alone, what is read bounded, cross-tab merging, fallback. */
import { describe, expect, it, vi } from 'vitest';
import { emptyProgress, MAX_EVENT_NAMES, MAX_PAGE_PATHS, MAX_VIEWS_PER_PATH, PROGRESS_SCHEMA_VERSION, recordDismissed, recordEvent, recordSeen, recordStep, type ProgressState } from '../../src/engine/progress';
import { applyChange, diffProgress, mergeItem } from '../../src/store/merge';
import { MAX_STORED_ITEMS, openProgressStore, parseStored } from '../../src/store/progress-store';
import { memoryStorage, resilientStorage, type KeyValueStorage } from '../../src/store/storage';

describe('parseStored', () => {
  it('drops a corrupt item record alone and reports it, keeping the others', () => {
    const report = vi.fn();
    const state = parseStored(
      {
        schema: 1,
        state: {
          items: { good: { version: 1, status: 'dismissed', timesSeen: 1, dismissedAt: 5 }, bad: { version: '1', status: 'nope' } },
          events: { ok: { count: 2, firstAt: 1, lastAt: 2 }, broken: 'x' },
          visits: { count: 3, sessions: 1, firstAt: 1, lastAt: 2 },
        },
      },
      report,
    );
    expect(Object.keys(state.items)).toEqual(['good']);
    expect(Object.keys(state.events)).toEqual(['ok']);
    expect(state.visits?.count).toBe(3);
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toBe('Guidepost discarded unreadable progress records: items.bad, events.broken');
  });

  it('drops records whose counts are NaN, Infinity, negative or fractional, naming each (a NaN "times seen" never reaches its cap)', () => {
    const report = vi.fn();
    const state = parseStored(
      {
        schema: 1,
        state: {
          items: {
            ok: { version: 1, status: 'seen', timesSeen: 2 },
            nan: { version: 1, status: 'seen', timesSeen: Number.NaN },
            inf: { version: Number.POSITIVE_INFINITY, status: 'seen', timesSeen: 1 },
            neg: { version: 1, status: 'seen', timesSeen: -3 },
            step: { version: 1, status: 'seen', timesSeen: 1, step: 1.5 },
          },
          events: { ok: { count: 2, firstAt: 1, lastAt: 2 }, huge: { count: Number.POSITIVE_INFINITY, firstAt: 1, lastAt: 2 }, half: { count: 0.5, firstAt: 1, lastAt: 2 } },
          visits: { count: Number.NaN, sessions: 1, firstAt: 1, lastAt: 2 },
          pages: { '/ok': { count: 1, firstAt: 1, lastAt: 1, recent: [1] }, '/bad': { count: -1, firstAt: 1, lastAt: 1, recent: [1] } },
        },
      },
      report,
    );
    expect(Object.keys(state.items)).toEqual(['ok']);
    expect(Object.keys(state.events)).toEqual(['ok']);
    expect(state.visits).toBeUndefined();
    expect(Object.keys(state.pages ?? {})).toEqual(['/ok']);
    expect(report.mock.calls[0][0].message).toBe('Guidepost discarded unreadable progress records: items.nan, items.inf, items.neg, items.step, events.huge, events.half, visits, pages./bad');
  });

  it('deltas from another tab stay safe counts: a huge one is refused, sums stop at the largest safe integer', () => {
    let state = applyChange(emptyProgress(), { events: { e: { count: 1, delta: 1, firstAt: 1, lastAt: 1 } } } as never);
    state = applyChange(state, { events: { e: { count: 1, delta: 1.7e308, firstAt: 1, lastAt: 1 } } } as never);
    expect(state.events.e.count).toBe(1);
    state = applyChange(state, { events: { e: { count: 1, delta: Number.MAX_SAFE_INTEGER, firstAt: 1, lastAt: 2 } } } as never);
    expect(state.events.e.count).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('a change from another tab with a NaN or infinite count changes nothing', () => {
    const state = emptyProgress();
    const after = applyChange(state, {
      items: { a: { version: 1, status: 'seen', timesSeen: Number.NaN } },
      events: { e: { count: 1, delta: 1, firstAt: 1, lastAt: Number.POSITIVE_INFINITY } },
      visits: { count: Number.POSITIVE_INFINITY, sessions: 1, firstAt: 1, lastAt: 1 },
    } as never);
    expect(after.items).toEqual({});
    expect(after.events).toEqual({});
    expect(after.visits).toBeUndefined();
  });

  // Was "discards a record of an unknown schema" with schema 99: a newer version's record is
  // now read (below), never discarded; only what no version writes is.
  it('discards a record it cannot read (no schema, an older or a non-numeric one) with a report, starting empty', () => {
    for (const raw of [{ schema: 0, state: {} }, { schema: '2', state: {} }, { state: {} }, 'x']) {
      const report = vi.fn();
      expect(parseStored(raw, report)).toEqual(emptyProgress());
      expect(report.mock.calls[0][0].message).toMatch(/^Guidepost discarded a stored progress record it could not read \(schema/);
    }
  });

  it("reads what it understands of a newer schema's record, leaving the rest out without a report", () => {
    const report = vi.fn();
    const raw = { schema: PROGRESS_SCHEMA_VERSION + 1, state: { items: { ban: { version: 1, status: 'dismissed', timesSeen: 1, dismissedAt: 5 }, odd: { v: 2 } }, events: 'changed' } };
    const state = parseStored(raw, report);
    expect(state.items).toEqual({ ban: raw.state.items.ban });
    expect(state.events).toEqual({});
    expect(parseStored({ schema: PROGRESS_SCHEMA_VERSION + 1, state: 'another shape' }, report)).toEqual(emptyProgress());
    expect(report).not.toHaveBeenCalled();
  });

  it('a "__proto__" key from storage stays an own key and pollutes nothing', () => {
    const raw = JSON.parse('{"schema":1,"state":{"items":{"__proto__":{"version":1,"status":"seen","timesSeen":1}},"events":{}}}');
    const state = parseStored(raw, () => {});
    expect(Object.prototype.hasOwnProperty.call(state.items, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });
});

describe('parseStored bounds what storage holds', () => {
  const item = { version: 1, status: 'seen', timesSeen: 1, firstSeenAt: 1, lastSeenAt: 1 };
  const page = (views: number) => ({ count: views, firstAt: 1, lastAt: views, recent: Array.from({ length: views }, (_, i) => i + 1) });

  it('keeps at most the bounds writes keep, reports the rest by name and count', () => {
    const items = Object.fromEntries(Array.from({ length: MAX_STORED_ITEMS + 30 }, (_, i) => [`i${i}`, item]));
    const events = Object.fromEntries(Array.from({ length: MAX_EVENT_NAMES + 2 }, (_, i) => [`e${i}`, { count: 1, firstAt: 1, lastAt: 1 }]));
    const pages = Object.fromEntries(Array.from({ length: MAX_PAGE_PATHS + 1 }, (_, i) => [`/p${i}`, page(2)]));
    const report = vi.fn();
    const state = parseStored({ schema: PROGRESS_SCHEMA_VERSION, state: { items, events, pages } }, report);
    expect(Object.keys(state.items)).toHaveLength(MAX_STORED_ITEMS);
    expect(state.items.i0).toEqual(item);
    expect(Object.keys(state.events)).toHaveLength(MAX_EVENT_NAMES);
    expect(Object.keys(state.pages!)).toHaveLength(MAX_PAGE_PATHS);
    expect(report).toHaveBeenCalledTimes(1);
    const message = (report.mock.calls[0][0] as Error).message;
    // 30 items, 2 events and 1 page dropped: 20 named, 13 counted; the message stays short.
    expect(message).toContain(`items.i${MAX_STORED_ITEMS}`);
    expect(message).toMatch(/and 13 more$/);
    expect(message.length).toBeLessThan(600);
  });

  it("trims a page's history to the newest views and bounds the sections it does not know", () => {
    const unknown = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`future${i}`, { n: i }]));
    const report = vi.fn();
    const state = parseStored({ schema: PROGRESS_SCHEMA_VERSION, state: { items: {}, events: {}, pages: { '/': page(MAX_VIEWS_PER_PATH + 5) }, ...unknown } }, report) as unknown as Record<string, unknown> & ProgressState;
    expect(state.pages!['/'].recent).toHaveLength(MAX_VIEWS_PER_PATH);
    expect(state.pages!['/'].recent.at(-1)).toBe(MAX_VIEWS_PER_PATH + 5);
    expect(state.future0).toEqual({ n: 0 });
    expect(state.future15).toEqual({ n: 15 });
    expect(state.future16).toBeUndefined();
    expect((report.mock.calls[0][0] as Error).message).toContain('future16');
  });

  it('reads a record with 200,000 sections it does not know: 16 kept, the rest counted in one short report', () => {
    const state: Record<string, unknown> = { items: { tip: item }, events: {} };
    for (let i = 0; i < 200_000; i++) state[`s${i}`] = 0;
    const report = vi.fn();
    const read = parseStored({ schema: PROGRESS_SCHEMA_VERSION, state }, report) as unknown as Record<string, unknown> & ProgressState;
    expect(read.items.tip).toEqual(item);
    expect(read.s15).toBe(0);
    expect(read.s16).toBeUndefined();
    expect(report).toHaveBeenCalledTimes(1);
    const message = (report.mock.calls[0][0] as Error).message;
    expect(message).toMatch(/s16, .*and 199964 more$/);
    expect(message.length).toBeLessThan(600);
  });
});

describe('progress store', () => {
  it('coalesces several updates in one task into one write', async () => {
    const storage = memoryStorage();
    const set = vi.spyOn(storage, 'set');
    const store = await openProgressStore(storage, 'p', { report: () => {} });
    store.update((s) => recordSeen(s, 'a', 1, 1));
    store.update((s) => recordSeen(s, 'b', 1, 2));
    store.update((s) => recordEvent(s, 'x', 3));
    await store.flush();
    expect(set).toHaveBeenCalledTimes(1);
    const reopened = await openProgressStore(storage, 'p', { report: () => {} });
    expect(Object.keys(reopened.get().items)).toEqual(['a', 'b']);
  });

  it('with nothingStored it starts empty without reading, and writes as usual', async () => {
    const storage = memoryStorage();
    const get = vi.spyOn(storage, 'get');
    const store = await openProgressStore(storage, 'p', { report: () => {}, nothingStored: true });
    expect(get).not.toHaveBeenCalled();
    expect(store.get()).toEqual(emptyProgress());
    store.update((s) => recordSeen(s, 'a', 1, 1));
    await store.flush();
    expect(Object.keys((await openProgressStore(storage, 'p', { report: () => {} })).get().items)).toEqual(['a']);
  });

  it('a burst of changes while storage is slow queues one write, not one per change; the last state wins', async () => {
    const storage = memoryStorage();
    const written: unknown[] = [];
    let release!: () => void;
    const slowSet = vi.spyOn(storage, 'set').mockImplementation(async (_key, value) => {
      written.push((value as { state: unknown }).state);
      await new Promise<void>((resolve) => (release = resolve));
    });
    const store = await openProgressStore(storage, 'p', { report: () => {} });
    store.update((s) => recordEvent(s, 'e0', 0));
    await Promise.resolve();
    await Promise.resolve();
    // The first write is in flight; 200 changes arrive in separate tasks meanwhile.
    for (let i = 1; i <= 200; i++) {
      store.update((s) => recordEvent(s, `e${i}`, i));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(slowSet).toHaveBeenCalledTimes(1);
    release();
    await vi.waitFor(() => expect(slowSet).toHaveBeenCalledTimes(2));
    release();
    await store.flush();
    expect(slowSet).toHaveBeenCalledTimes(2);
    expect(written.at(-1)).toEqual(store.get());
    expect(store.get().events).toHaveProperty('e200');
  });

  it('reports what changed, for the other tabs', async () => {
    const changes: unknown[] = [];
    const store = await openProgressStore(memoryStorage(), 'p', { report: () => {}, onLocalChange: (c) => changes.push(c) });
    store.update((s) => recordDismissed(s, 'banner', 1, 10));
    store.update((s) => recordEvent(s, 'saved', 11));
    expect(changes).toEqual([
      { items: { banner: { timesSeen: 0, version: 1, status: 'dismissed', dismissedAt: 10 } } },
      { events: { saved: { count: 1, firstAt: 11, lastAt: 11, delta: 1 } } },
    ]);
  });
});

describe('what another tab wrote since this one read', () => {
  const stored = (storage: KeyValueStorage) => storage.get<{ state: ProgressState }>('p');

  it('is merged in before a write, never written over; the ids that changed are told', async () => {
    const storage = memoryStorage();
    const told: string[][] = [];
    const mine = await openProgressStore(storage, 'p', { report: () => {}, onStoredChange: (ids) => told.push(ids) });
    const theirs = await openProgressStore(storage, 'p', { report: () => {} });
    theirs.update((s) => recordDismissed(recordSeen(s, 'banner', 1, 5), 'banner', 1, 10));
    await theirs.flush();
    mine.update((s) => recordSeen(s, 'tip', 1, 20));
    await mine.flush();
    expect(told).toEqual([['banner']]);
    expect(mine.get().items.banner).toMatchObject({ status: 'dismissed', dismissedAt: 10 });
    expect((await stored(storage))?.state.items).toMatchObject({ banner: { status: 'dismissed' }, tip: { status: 'seen' } });
  });

  it("does not undo this tab's own moves: a tour taken Back to an earlier step stays there", async () => {
    const storage = memoryStorage();
    const told: string[][] = [];
    const store = await openProgressStore(storage, 'p', { report: () => {}, onStoredChange: (ids) => told.push(ids) });
    store.update((s) => recordStep(recordSeen(s, 'tour', 1, 5), 'tour', 1, 2));
    await store.flush();
    store.update((s) => recordStep(s, 'tour', 1, 1));
    await store.flush();
    expect((await stored(storage))?.state.items.tour?.step).toBe(1);
    expect(store.get().items.tour?.step).toBe(1);
    expect(told).toEqual([]);
  });

  it('is read as untrusted: records this version would not write are left out', async () => {
    const storage = memoryStorage();
    const store = await openProgressStore(storage, 'p', { report: () => {} });
    await storage.set('p', { schema: PROGRESS_SCHEMA_VERSION, state: { items: { bad: { version: 'x', status: 'completed' }, __proto__: { polluted: true } }, events: {} } });
    store.update((s) => recordSeen(s, 'tip', 1, 20));
    await store.flush();
    expect(Object.keys(store.get().items)).toEqual(['tip']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("a newer version's record (schema above this one's)", () => {
  const newer = () => ({ schema: PROGRESS_SCHEMA_VERSION + 1, state: { items: { ban: { version: 1, status: 'dismissed', timesSeen: 1, dismissedAt: 5 } }, events: {}, added: { keep: 'me' } } });
  const told = /^Guidepost keeps a progress record of a newer version \(schema 2\) untouched: changes on this page stay in memory$/;

  it('is never written over: what it holds that this version reads counts, changes stay in memory; reported once', async () => {
    const storage = memoryStorage();
    await storage.set('p', newer());
    const set = vi.spyOn(storage, 'set');
    const report = vi.fn();
    const store = await openProgressStore(storage, 'p', { report });
    expect(store.get().items.ban.status).toBe('dismissed');
    store.update((s) => recordSeen(s, 'tip', 1, 10));
    await store.flush();
    store.applyRemote({ items: { other: { version: 1, status: 'seen', timesSeen: 1 } } });
    await store.flush();
    expect(Object.keys(store.get().items).sort()).toEqual(['ban', 'other', 'tip']);
    expect(set).not.toHaveBeenCalled();
    expect(await storage.get('p')).toEqual(newer());
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toMatch(told);
  });

  it('written by another tab after this one read: kept too, from the next write on', async () => {
    const storage = memoryStorage();
    const report = vi.fn();
    const store = await openProgressStore(storage, 'p', { report });
    store.update((s) => recordSeen(s, 'tip', 1, 10));
    await store.flush();
    expect(await storage.get('p')).toMatchObject({ schema: PROGRESS_SCHEMA_VERSION });
    await storage.set('p', newer());
    store.update((s) => recordDismissed(s, 'tip', 1, 11));
    store.update((s) => recordEvent(s, 'e', 12));
    await store.flush();
    store.update((s) => recordEvent(s, 'e', 13));
    await store.flush();
    expect(await storage.get('p')).toEqual(newer());
    expect(store.get().items.tip.status).toBe('dismissed');
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toMatch(told);
  });

  it('reset() (clear) deletes it, as it deletes any progress; this version writes from then on', async () => {
    const storage = memoryStorage();
    await storage.set('p', newer());
    const store = await openProgressStore(storage, 'p', { report: () => {} });
    await store.clear();
    expect(await storage.get('p')).toBeUndefined();
    store.update((s) => recordSeen(s, 'tip', 1, 10));
    await store.flush();
    expect(await storage.get('p')).toMatchObject({ schema: PROGRESS_SCHEMA_VERSION, state: { items: { tip: { status: 'seen' } } } });
  });
});

describe('merging tabs', () => {
  it('two tabs tracking the same event concurrently both count', () => {
    const start = recordEvent(emptyProgress(), 'e', 1);
    const afterA = recordEvent(start, 'e', 2);
    const afterB = recordEvent(start, 'e', 3);
    const tabA = applyChange(afterA, diffProgress(start, afterB)!);
    const tabB = applyChange(afterB, diffProgress(start, afterA)!);
    expect(tabA.events.e.count).toBe(3);
    expect(tabB.events.e.count).toBe(3);
  });

  it('a dismissal beats a later "seen" of the same version; a newer version wins outright', () => {
    const dismissed = { version: 1, status: 'dismissed' as const, timesSeen: 1, dismissedAt: 5 };
    const seen = { version: 1, status: 'seen' as const, timesSeen: 2, lastSeenAt: 9 };
    expect(mergeItem(dismissed, seen)).toMatchObject({ status: 'dismissed', timesSeen: 2, lastSeenAt: 9, dismissedAt: 5 });
    const v2 = { version: 2, status: 'seen' as const, timesSeen: 1 };
    expect(mergeItem(dismissed, v2)).toBe(v2);
  });
});

describe('resilientStorage', () => {
  /** A storage whose reads and writes can be made to fail separately. */
  const flakyStorage = () => {
    const inner = memoryStorage();
    const quota = () => Promise.reject(new DOMException('quota', 'QuotaExceededError'));
    const state = { failReads: false, failWrites: false, reads: 0 };
    const storage: KeyValueStorage = {
      kind: 'indexeddb',
      get: (k) => (state.reads++, state.failReads ? quota() : inner.get(k)),
      set: (k, v) => (state.failWrites ? quota() : inner.set(k, v)),
      delete: (k) => (state.failWrites ? quota() : inner.delete(k)),
    };
    return { storage, inner, state };
  };

  it('a failed write keeps the value in memory, and it wins over the stored one; reported once', async () => {
    const { storage: flaky, inner, state } = flakyStorage();
    const report = vi.fn();
    const storage = resilientStorage(flaky, report);
    await storage.set('a', 1);
    await storage.set('b', 1);
    state.failWrites = true;
    await storage.set('b', 2);
    await storage.set('c', 3);
    await storage.delete('a');
    expect(await storage.get('b')).toBe(2);
    expect(await storage.get('c')).toBe(3);
    expect(await storage.get('a')).toBeUndefined();
    expect(await inner.get('b')).toBe(1);
    expect(storage.degraded).toBe(true);
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toMatch(/storage \(indexeddb\) failed.*QuotaExceededError/);
    // Once a write of the key succeeds again, the stored value is the truth again.
    state.failWrites = false;
    await storage.set('b', 4);
    await inner.set('b', 5);
    expect(await storage.get('b')).toBe(5);
  });

  it('reads keep coming from the primary store after writes failed (a dismissal from an earlier visit stays)', async () => {
    const { storage: flaky, inner, state } = flakyStorage();
    await inner.set('progress', { dismissed: true });
    const report = vi.fn();
    const storage = resilientStorage(flaky, report);
    state.failWrites = true;
    await storage.set('identity', { id: 'x' });
    expect(await storage.get('progress')).toEqual({ dismissed: true });
    expect(state.reads).toBe(1);
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('a failed read answers with what this page wrote, and never rejects', async () => {
    const { storage: flaky, state } = flakyStorage();
    const report = vi.fn();
    const storage = resilientStorage(flaky, report);
    await storage.set('a', { n: 1 });
    state.failReads = true;
    expect(await storage.get('a')).toEqual({ n: 1 });
    expect(await storage.get('never-written')).toBeUndefined();
    // A later read that works is answered by the store again.
    state.failReads = false;
    expect(await storage.get('a')).toEqual({ n: 1 });
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('a key whose read timed out is never written over the store, which answers later (a slow start keeps earlier visits)', async () => {
    vi.useFakeTimers();
    try {
      const inner = memoryStorage();
      await inner.set('progress:u', { completed: ['old-tour'] });
      let answer!: () => void;
      let slow = true;
      const host: KeyValueStorage = {
        kind: 'remote',
        get: (k) => (slow ? new Promise((resolve) => (answer = () => resolve(inner.get(k)))) : inner.get(k)),
        set: (k, v) => inner.set(k, v),
        delete: (k) => inner.delete(k),
      };
      const report = vi.fn();
      const storage = resilientStorage(host, report, { timeoutMs: 50 });
      const read = storage.get('progress:u');
      await vi.advanceTimersByTimeAsync(50);
      expect(await read).toBeUndefined();
      // The store answers at last, and is fast from then on.
      slow = false;
      answer();
      await vi.advanceTimersByTimeAsync(0);
      await storage.set('progress:u', { completed: ['new-tour'] });
      await storage.set('identity', { id: 'kept' });
      // What the page started from nothing stays in memory; what it never failed to read is written.
      expect(await inner.get('progress:u')).toEqual({ completed: ['old-tour'] });
      expect(await storage.get('progress:u')).toEqual({ completed: ['new-tour'] });
      expect(await inner.get('identity')).toEqual({ id: 'kept' });
      expect(report).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('close() is passed on to the primary store', () => {
    const close = vi.fn();
    resilientStorage({ ...memoryStorage(), close }, vi.fn()).close?.();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
