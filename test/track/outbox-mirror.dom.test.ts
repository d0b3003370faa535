/**
 * The in-page mirror of the outbox (src/track/outbox-mirror.ts) on its own, on a memory outbox
 * that records its calls: what it writes and when (one put per task, chunks of 25, records not
 * beaconed first, `writeNow` at once, nothing for a record forgotten in the same task), store
 * operations in call order with failures reported and never rejected (the page keeps the
 * entry), waiters settled by `forget`/`settle`/`clear`, drops counted in the store and reported
 * once per task, `markBeaconed`, and `load` of what earlier pages left (sorted, consent, ids
 * forgotten meanwhile). Timers are not involved: the mirror works in microtasks.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Consent } from '../../src/track/delivery';
import { memoryOutbox, type OutboxRecord, type OutboxStore } from '../../src/track/outbox';
import { createOutboxMirror, type Waiter } from '../../src/track/outbox-mirror';
import { deliveryConfig, recordAt } from '../support/delivery-config';

/** A memory outbox that logs the ids of each put and delete, and can fail its next puts. */
function spiedOutbox() {
  const inner = memoryOutbox();
  const puts: string[][] = [];
  const deletes: string[][] = [];
  const lists: number[] = [];
  const metaUpdates: string[] = [];
  let failPuts = 0;
  const store: OutboxStore = {
    ...inner,
    put: (records) => {
      puts.push(records.map((r) => r.id));
      return failPuts-- > 0 ? Promise.reject(new Error('QuotaExceededError: the quota has been exceeded')) : inner.put(records);
    },
    delete: (ids) => (deletes.push(ids), inner.delete(ids)),
    list: (limit, accept) => (lists.push(limit), inner.list(limit, accept)),
    updateMeta: (key, update) => (metaUpdates.push(key), inner.updateMeta(key, update)),
  };
  return { store, puts, deletes, lists, metaUpdates, failNextPuts: (n: number) => (failPuts = n) };
}

function setup(consent: Consent = 'granted') {
  const outbox = spiedOutbox();
  const { config, reports } = deliveryConfig({ outbox: outbox.store, maxQueued: 100 });
  const mirror = createOutboxMirror(config, () => consent);
  const [local, waiters, op, write, forget, settle, countDropped, markBeaconed, writeNow, settled, clear, load, dropped, adoptDropped] = mirror;
  /** What enqueue does: the page knows the record, then writes it. */
  const add = (...records: OutboxRecord[]) => records.forEach((r) => (local.set(r.id, { record: r, persisted: false }), write(r)));
  const waiter = (ids: string[]) => {
    const outcome: boolean[] = [];
    const w: Waiter = { ids: new Set(ids), failed: false, finish: (delivered) => (waiters.delete(w), outcome.push(delivered)) };
    waiters.add(w);
    return outcome;
  };
  const m = { local, waiters, op, write, forget, settle, countDropped, markBeaconed, writeNow, settled, clear, load, dropped, adoptDropped };
  return { ...m, add, waiter, outbox, reports, config };
}
const ids = (records: OutboxRecord[]) => records.map((r) => r.id);

describe('writes', () => {
  it('writes what a task wrote in one put at the end of the task, then marks it persisted', async () => {
    const m = setup();
    const records = [recordAt(1), recordAt(2), recordAt(3)];
    m.add(...records);
    expect(m.outbox.puts).toEqual([]);
    expect([...m.local.values()].map((e) => e.persisted)).toEqual([false, false, false]);
    await m.settled();
    expect(m.outbox.puts).toEqual([ids(records)]);
    expect([...m.local.values()].map((e) => e.persisted)).toEqual([true, true, true]);
    expect(await m.outbox.store.ids()).toEqual(ids(records));
  });

  it('writes in transactions of 25 records, the records no beacon carries first', async () => {
    const m = setup();
    const beaconed = [recordAt(1), recordAt(2)].map((r) => ({ ...r, state: 'beaconed' as const, beaconedAt: 0, page: 'page-1' }));
    const queued = Array.from({ length: 28 }, (_, i) => recordAt(10 + i));
    m.add(...beaconed, ...queued);
    await m.settled();
    expect(m.outbox.puts.map((p) => p.length)).toEqual([25, 5]);
    expect(m.outbox.puts[0]).toEqual(ids(queued.slice(0, 25)));
    expect(m.outbox.puts[1]).toEqual([...ids(queued.slice(25)), ...ids(beaconed)]);
  });

  it('writeNow starts the write synchronously (page hide); the end-of-task write then has nothing left', async () => {
    const m = setup();
    const r = recordAt(1);
    m.add(r);
    m.writeNow();
    expect(m.outbox.puts).toEqual([[r.id]]);
    await m.settled();
    expect(m.outbox.puts).toEqual([[r.id]]);
  });

  it('never writes a record forgotten in the task that wrote it; forget deletes it from the store', async () => {
    const m = setup();
    const [kept, gone] = [recordAt(1), recordAt(2)];
    m.add(kept, gone);
    void m.forget([gone.id], true);
    await m.settled();
    expect(m.outbox.puts).toEqual([[kept.id]]);
    expect(m.outbox.deletes).toEqual([[gone.id]]);
    expect([...m.local.keys()]).toEqual([kept.id]);
  });
});

describe('store operations and their failures', () => {
  it('runs operations one after the other, in call order, even when an earlier one is slower', async () => {
    const m = setup();
    const log: string[] = [];
    let release!: () => void;
    const first = m.op(() => new Promise<string>((resolve) => (release = () => (log.push('first'), resolve('a')))));
    const second = m.op(async () => (log.push('second'), 'b'));
    await Promise.resolve();
    expect(log).toEqual([]);
    release();
    expect(await Promise.all([first, second])).toEqual(['a', 'b']);
    expect(log).toEqual(['first', 'second']);
  });

  it('reports a failed operation, resolves it undefined, and keeps going', async () => {
    const m = setup();
    const failed = m.op(() => Promise.reject(new Error('boom')));
    const next = m.op(async () => 'still runs');
    await expect(failed).resolves.toBeUndefined();
    await expect(next).resolves.toBe('still runs');
    expect(m.reports).toEqual(['Guidepost outbox (memory) failed: boom']);
  });

  it('a put that fails is reported and loses nothing: the page keeps the entry, and a later write stores it', async () => {
    const m = setup();
    const r = recordAt(1);
    m.outbox.failNextPuts(1);
    m.add(r);
    await m.settled();
    expect(m.reports).toEqual(['Guidepost outbox (memory) failed: QuotaExceededError: the quota has been exceeded']);
    expect(m.local.get(r.id)).toEqual({ record: r, persisted: false });
    expect(await m.outbox.store.count()).toBe(0);
    m.write(r);
    await m.settled();
    expect(m.local.get(r.id)?.persisted).toBe(true);
    expect(await m.outbox.store.ids()).toEqual([r.id]);
  });
});

describe('waiters', () => {
  it('finish once every id is settled: true when all were delivered, false when any was not', async () => {
    const m = setup();
    const [a, b, c] = [recordAt(1), recordAt(2), recordAt(3)];
    m.add(a, b, c);
    const both = m.waiter([a.id, b.id]);
    const one = m.waiter([c.id]);
    m.settle([a.id], true);
    expect(both).toEqual([]);
    await m.forget([b.id], true);
    await m.forget([c.id], false); // dropped, not delivered
    expect([both, one]).toEqual([[true], [false]]);
    expect(m.waiters.size).toBe(0);
  });

  it('clear forgets everything the page knew and fails its waiters, leaving the store to the caller', async () => {
    const m = setup();
    const [a, b] = [recordAt(1), recordAt(2)];
    m.add(a, b);
    await m.settled();
    const outcome = m.waiter([a.id]);
    m.clear();
    expect(outcome).toEqual([false]);
    expect(m.local.size).toBe(0);
    expect(await m.outbox.store.count()).toBe(2);
  });
});

describe('drops and beacons', () => {
  it('countDropped counts in the store and reports once per task, with the task’s total and the running total', async () => {
    const m = setup();
    m.countDropped(2);
    m.countDropped(3);
    expect(m.dropped()).toBe(5);
    expect(m.reports).toEqual([]);
    await m.settled();
    expect(m.reports).toEqual(['Guidepost outbox is full (100 events): dropped the 5 oldest undelivered event(s); 5 dropped in all']);
    m.countDropped(1);
    await m.settled();
    expect(m.reports[1]).toBe('Guidepost outbox is full (100 events): dropped the 1 oldest undelivered event(s); 6 dropped in all');
    await m.settled(); // the store's count is updated once per task too, queued at its end with the report
    expect(await m.outbox.store.getMeta<number>('dropped')).toBe(6);
    m.adoptDropped(4); // another tab's count in the store: the larger wins
    expect(m.dropped()).toBe(6);
    m.adoptDropped(9);
    expect(m.dropped()).toBe(9);
  });

  it('trims in bulk: the forgets and drop counts of a task are one delete and one count update, however many', async () => {
    const m = setup();
    const records = Array.from({ length: 10 }, (_, i) => recordAt(i));
    m.add(...records);
    await m.settled();
    // As enqueue past the bound does: one event at a time.
    const deleted = records.slice(0, 6).map((r) => (m.countDropped(1), m.forget([r.id], false)));
    await Promise.all(deleted);
    expect(m.outbox.deletes).toEqual([ids(records.slice(0, 6))]);
    expect(await m.outbox.store.ids()).toEqual(ids(records.slice(6)));
    await m.settled();
    expect(m.outbox.metaUpdates).toEqual(['dropped']);
    expect(await m.outbox.store.getMeta<number>('dropped')).toBe(6);
    expect(m.reports).toEqual(['Guidepost outbox is full (100 events): dropped the 6 oldest undelivered event(s); 6 dropped in all']);
  });

  it('markBeaconed marks the page’s records beaconed, now, by this page, and writes them; forgotten ids stay gone', async () => {
    const m = setup();
    const [r, ghost] = [recordAt(1), recordAt(2)];
    m.add(r);
    await m.settled();
    // The clock (Date.now) stopped for the call: a real one may tick between the call and the check.
    const now = Date.now();
    const stopped = vi.spyOn(Date, 'now').mockReturnValue(now);
    m.markBeaconed([r, ghost]);
    stopped.mockRestore();
    expect(m.local.get(r.id)?.record).toMatchObject({ state: 'beaconed', beaconedAt: now, page: 'page-1' });
    expect(m.local.has(ghost.id)).toBe(false);
    await m.settled();
    expect(await m.outbox.store.list(10)).toEqual([{ ...r, state: 'beaconed', beaconedAt: now, page: 'page-1' }]);
  });
});

describe('load (what earlier pages left)', () => {
  it('brings stored records in as persisted, sorted with the page’s own, and adds their drop count', async () => {
    const m = setup();
    const [old1, mine, old3] = [recordAt(1), recordAt(2), recordAt(3)];
    await m.outbox.store.put([old3, old1]);
    await m.outbox.store.updateMeta<number>('dropped', () => 4);
    m.local.set(mine.id, { record: mine, persisted: false });
    await expect(m.load()).resolves.toBe(true);
    expect(m.outbox.lists).toEqual([100]); // at most maxQueued
    expect([...m.local.keys()]).toEqual(ids([old1, mine, old3]));
    expect([m.local.get(old1.id)?.persisted, m.local.get(mine.id)?.persisted]).toEqual([true, false]);
    expect(m.dropped()).toBe(4);
  });

  it('is false when nothing new was stored', async () => {
    const m = setup();
    const r = recordAt(1);
    m.add(r);
    await m.settled();
    await expect(m.load()).resolves.toBe(false);
    expect([...m.local.keys()]).toEqual([r.id]);
  });

  it('brings nothing back under denied consent (the drop count still)', async () => {
    const m = setup('denied');
    await m.outbox.store.put([recordAt(1)]);
    await m.outbox.store.updateMeta<number>('dropped', () => 2);
    await expect(m.load()).resolves.toBe(false);
    expect(m.local.size).toBe(0);
    expect(m.dropped()).toBe(2);
  });

  it('does not bring back an id the page forgot while the list was being read', async () => {
    const m = setup();
    const [acked, waiting] = [recordAt(1), recordAt(2)];
    await m.outbox.store.put([acked, waiting]);
    const loading = m.load();
    void m.forget([acked.id], true); // acknowledged meanwhile (its delete is queued after the load)
    await expect(loading).resolves.toBe(true);
    expect([...m.local.keys()]).toEqual([waiting.id]);
    await m.settled();
    expect(await m.outbox.store.ids()).toEqual([waiting.id]);
  });
});

describe('markBeaconed for records the send loop listed (listed: true)', () => {
  it('marks in the store a listed record this page does not know, without making it the page’s own', async () => {
    const m = setup();
    const theirs = recordAt(1); // another tab wrote it after this page loaded the outbox
    await m.outbox.store.put([theirs]);
    const now = Date.now();
    const stopped = vi.spyOn(Date, 'now').mockReturnValue(now);
    m.markBeaconed([theirs], true);
    stopped.mockRestore();
    await m.settled();
    expect(await m.outbox.store.list(10)).toEqual([{ ...theirs, state: 'beaconed', beaconedAt: now, page: 'page-1' }]);
    expect(m.local.has(theirs.id)).toBe(false);
    expect(theirs.state).toBe('queued'); // the listed copy is not changed
  });

  it('does not bring back a listed record deleted before the mark is written (delivered, dropped)', async () => {
    const m = setup();
    const [gone, kept] = [recordAt(1), recordAt(2)];
    await m.outbox.store.put([gone, kept]);
    m.markBeaconed([gone, kept], true);
    await m.outbox.store.delete([gone.id]); // before the mark's write (queued in op) runs
    await m.settled();
    expect((await m.outbox.store.list(10)).map((r) => [r.id, r.state])).toEqual([[kept.id, 'beaconed']]);
  });
});
