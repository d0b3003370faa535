/**
 * The outbox stores (src/track/outbox.ts) on their own, in Node (no IndexedDB: the IndexedDB
 * store is covered through delivery in delivery.dom.test.ts): `memoryOutbox` and
 * `keyValueOutbox` on `memoryStorage` share one contract — records oldest first by event id
 * (UUIDv7), `limit` and `accept`, one record per id (a put replaces), deletes, meta values kept
 * by `clear`, clones in and out — plus the key-value store's layout and serialized
 * read-modify-write; `resilientOutbox` switches to memory on the first failure, reports once,
 * carries what this page knew and never rejects. The bound (`maxQueued`) lives in delivery and
 * the send loop (outbox-mirror / send-loop tests), not here. Corrupt stored values: the last
 * `describe` (and outbox-records.dom.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { browserOutbox, keyValueOutbox, memoryOutbox, resilientOutbox, type OutboxRecord, type OutboxStore } from '../../src/track/outbox';
import { memoryStorage, type KeyValueStorage } from '../../src/store/storage';
import { uuidv7 } from '../../src/track/uuid';
import { makeEvent } from '../fixtures/events';
import { breakable } from '../support/delivery-helpers';

const T0 = Date.parse('2026-11-22T10:00:00Z');
/** A queued record whose id sorts by `ms` (UUIDv7 starts with the time). */
const rec = (ms: number, name = `e${ms}`, extra: Partial<OutboxRecord> = {}): OutboxRecord => {
  const id = uuidv7(T0 + ms);
  return { id, event: makeEvent({ event_id: id, type: 'goal', name, item_id: undefined }), state: 'queued', ...extra };
};
const idsOf = (records: OutboxRecord[]) => records.map((r) => r.id);

const stores: Array<[string, () => OutboxStore]> = [
  ['memoryOutbox', () => memoryOutbox()],
  ['keyValueOutbox', () => keyValueOutbox(memoryStorage())],
];

describe.each(stores)('%s: the store contract', (_name, open) => {
  it('lists oldest first by id whatever the put order; `limit` caps, `accept` filters before the cap', async () => {
    const outbox = open();
    const [a, b, c, d] = [rec(1), rec(2, 'b', { state: 'beaconed', beaconedAt: 5, page: 'p1' }), rec(3), rec(4)];
    await outbox.put([d, b]);
    await outbox.put([c, a]);
    expect(idsOf(await outbox.list(10))).toEqual(idsOf([a, b, c, d]));
    expect(await outbox.ids()).toEqual(idsOf([a, b, c, d]));
    expect(idsOf(await outbox.list(2))).toEqual(idsOf([a, b]));
    // Two queued ones, not "the first two, then filtered".
    expect(idsOf(await outbox.list(2, (r) => r.state === 'queued'))).toEqual(idsOf([a, c]));
    expect(await outbox.list(0)).toEqual([]);
    expect(await outbox.count()).toBe(4);
  });

  it('keeps one record per id: a put of a known id replaces it (a retried or beaconed event)', async () => {
    const outbox = open();
    const first = rec(1);
    await outbox.put([first, rec(2)]);
    await outbox.put([{ ...first, state: 'beaconed', beaconedAt: 42, page: 'page-a' }]);
    expect(await outbox.count()).toBe(2);
    expect((await outbox.list(1))[0]).toEqual({ ...first, state: 'beaconed', beaconedAt: 42, page: 'page-a' });
  });

  it('deletes by id (unknown ids ignored); clear empties the records but keeps meta values', async () => {
    const outbox = open();
    const [a, b, c] = [rec(1), rec(2), rec(3)];
    await outbox.put([a, b, c]);
    await outbox.updateMeta<number>('dropped', () => 4);
    await outbox.delete([b.id, 'not-an-id']);
    expect(await outbox.ids()).toEqual(idsOf([a, c]));
    await outbox.clear();
    expect(await outbox.count()).toBe(0);
    expect(await outbox.list(10)).toEqual([]);
    expect(await outbox.getMeta<number>('dropped')).toBe(4);
  });

  it('meta: undefined until written; updateMeta passes the old value and returns the new one', async () => {
    const outbox = open();
    expect(await outbox.getMeta('retryAt')).toBeUndefined();
    const olds: Array<number | undefined> = [];
    const bump = (old: number | undefined) => (olds.push(old), (old ?? 0) + 3);
    expect(await outbox.updateMeta<number>('dropped', bump)).toBe(3);
    expect(await outbox.updateMeta<number>('dropped', bump)).toBe(6);
    expect(olds).toEqual([undefined, 3]);
    expect(await outbox.getMeta<number>('dropped')).toBe(6);
  });

  it('stores copies: changing a record after put, or one it listed, changes nothing stored', async () => {
    const outbox = open();
    const a = rec(1, 'original');
    await outbox.put([a]);
    a.event.name = 'changed-after-put';
    const [listed] = await outbox.list(1);
    listed.state = 'beaconed';
    listed.event.name = 'changed-after-list';
    expect((await outbox.list(1))[0]).toMatchObject({ state: 'queued', event: { name: 'original' } });
  });
});

describe('keyValueOutbox', () => {
  it('keeps every record, sorted by id, under `<prefix>:events` and meta under `<prefix>:meta:<key>`', async () => {
    const storage = memoryStorage();
    const outbox = keyValueOutbox(storage, 'box');
    expect(outbox.kind).toBe('kv:memory');
    const [a, b] = [rec(1), rec(2)];
    await outbox.put([b, a]);
    await outbox.updateMeta<number>('retryAt', () => 99);
    expect(idsOf((await storage.get<OutboxRecord[]>('box:events'))!)).toEqual(idsOf([a, b]));
    expect(await storage.get('box:meta:retryAt')).toBe(99);
    // Another prefix on the same storage is another outbox.
    expect(await keyValueOutbox(storage, 'other').count()).toBe(0);
    await outbox.clear();
    expect(await storage.get('box:events')).toBeUndefined();
  });

  it('serializes read-modify-write cycles: concurrent puts, deletes and meta updates lose nothing', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const records = Array.from({ length: 6 }, (_, i) => rec(i + 1));
    await Promise.all([
      ...records.map((r) => outbox.put([r])),
      outbox.delete([records[2].id]),
      ...Array.from({ length: 5 }, () => outbox.updateMeta<number>('dropped', (old) => (old ?? 0) + 1)),
    ]);
    expect(await outbox.ids()).toEqual(idsOf(records.filter((_, i) => i !== 2)));
    expect(await outbox.getMeta<number>('dropped')).toBe(5);
  });

  it('a failed storage write rejects that operation only: the next ones still run', async () => {
    const inner = memoryStorage();
    let failNext = true;
    const flaky: KeyValueStorage = {
      ...inner,
      kind: 'flaky',
      set: (key, value) => (failNext ? ((failNext = false), Promise.reject(new Error('QuotaExceededError'))) : inner.set(key, value)),
    };
    const outbox = keyValueOutbox(flaky);
    const [a, b] = [rec(1), rec(2)];
    const results = await Promise.allSettled([outbox.put([a]), outbox.put([b])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await outbox.ids()).toEqual([b.id]);
  });
});

describe('resilientOutbox', () => {
  it('passes through while the primary works', async () => {
    const reports: Error[] = [];
    const { store } = breakable();
    const outbox = resilientOutbox(store, (e) => reports.push(e));
    await outbox.put([rec(2), rec(1)]);
    expect(await outbox.count()).toBe(2);
    expect(await store.count()).toBe(2);
    expect([outbox.kind, outbox.degraded, reports.length]).toEqual(['indexeddb', false, 0]);
  });

  it('on the first failure: memory for good, one report naming the store, the primary closed', async () => {
    const reports: Error[] = [];
    const primary = breakable();
    const outbox = resilientOutbox(primary.store, (e) => reports.push(e));
    primary.fail();
    await expect(outbox.count()).resolves.toBe(0);
    await expect(outbox.put([rec(1)])).resolves.toBeUndefined();
    await outbox.ids();
    expect([outbox.kind, outbox.degraded, primary.closes()]).toEqual(['memory', true, 1]);
    expect(reports.map((e) => e.message)).toEqual([
      'Guidepost outbox (indexeddb) failed, keeping undelivered events in memory for this page: TimeoutError: The operation timed out',
    ]);
  });

  it('carries over what this page put or listed, and meta it wrote, but not what it deleted', async () => {
    const primary = breakable();
    const [earlier, mine, gone] = [rec(1, 'earlier'), rec(2, 'mine'), rec(3, 'gone')];
    await primary.store.put([earlier]); // left by an earlier page
    const outbox = resilientOutbox(primary.store, () => undefined);
    expect(idsOf(await outbox.list(10))).toEqual([earlier.id]);
    await outbox.put([mine, gone]);
    await outbox.delete([gone.id]);
    await outbox.updateMeta<number>('dropped', () => 7);
    primary.fail();
    expect(idsOf(await outbox.list(10))).toEqual([earlier.id, mine.id]);
    expect(await outbox.getMeta<number>('dropped')).toBe(7);
  });

  it('browserOutbox switches to memory where there is no IndexedDB (Node), and reports it once, as any failure', async () => {
    expect(typeof indexedDB).toBe('undefined');
    const reports: string[] = [];
    const outbox = browserOutbox((error) => void reports.push(error.message));
    await outbox.put([rec(1)]);
    await outbox.put([rec(2)]);
    expect(outbox.kind).toBe('memory');
    expect(await outbox.count()).toBe(2);
    expect(reports).toEqual(['Guidepost outbox (indexeddb) failed, keeping undelivered events in memory for this page: ReferenceError: indexedDB is not defined']);
  });
});

/**
 * The key-value outbox checks what it reads from storage (outbox-records.ts): entries that are
 * not records, or a value that is not an array, are dropped, so one corrupt entry breaks neither
 * `accept`, resilientOutbox's bookkeeping nor `count`.
 */
describe('corrupt or hostile records in a key-value outbox', () => {
  const hostile = () => [null, 42, 'x', ['an', 'array'], { id: 7 }, { id: 'no-event', state: 'queued' }];

  it('list() drops entries that are not records and returns the valid ones', async () => {
    const storage = memoryStorage();
    const valid = rec(1);
    await storage.set('outbox:events', [valid, ...hostile()]);
    const outbox = keyValueOutbox(storage);
    expect(await outbox.list(10)).toEqual([valid]);
    await expect(outbox.list(10, (r) => r.state === 'queued')).resolves.toEqual([valid]);
  });

  it('resilientOutbox over it never rejects, and deletes the valid record once delivered', async () => {
    const storage = memoryStorage();
    const valid = rec(1);
    await storage.set('outbox:events', [valid, ...hostile()]);
    const outbox = resilientOutbox(keyValueOutbox(storage), () => undefined);
    await expect(outbox.list(10)).resolves.toEqual([valid]);
    await outbox.delete([valid.id]);
    const left = ((await storage.get<unknown[]>('outbox:events')) ?? []).filter((r) => (r as OutboxRecord | null)?.id === valid.id);
    expect(left).toEqual([]);
  });

  it('a stored value that is not an array counts as an empty outbox', async () => {
    const storage = memoryStorage();
    await storage.set('outbox:events', 'garbage');
    const outbox = keyValueOutbox(storage);
    expect(await outbox.count()).toBe(0);
    await outbox.put([rec(1)]);
    expect(await outbox.count()).toBe(1);
  });
});
