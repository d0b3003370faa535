/**
 * Outbox records read back from storage (src/track/outbox-records.ts), and the stores that
 * check them: a record is an event keyed by its own event_id, queued or beaconed; anything
 * else (another script's junk, a corrupt profile) is dropped, reported once and deleted, and
 * the valid records around it are kept and delivered. The IndexedDB outbox runs on
 * fake-indexeddb here; deferred delivery's count at start ignores what is not a record.
 */
import { describe, expect, it, vi } from 'vitest';
import { deferDelivery } from '../../src/track/deferred-delivery';
import { indexedDbOutbox, keyValueOutbox } from '../../src/track/outbox';
import { isOutboxRecord, MAX_EVENT_ID_LENGTH, storedRecords } from '../../src/track/outbox-records';
import { memoryStorage } from '../../src/store/storage';
import { uuidv7 } from '../../src/track/uuid';
import { freshDbName } from '../support/delivery-helpers';
import { makeEvent } from '../fixtures/events';

const record = (ms = 1) => {
  const id = uuidv7(Date.parse('2026-12-01T00:00:00Z') + ms);
  return { id, event: makeEvent({ event_id: id }), state: 'queued' as const };
};
const junk = () => [null, 42, 'x', ['a'], { id: 7 }, { id: 'no-event', state: 'queued' }, { ...record(9), state: 'sent' }, { ...record(8), id: 'other-id' }, { ...record(7), event: [] }];

describe('isOutboxRecord and storedRecords', () => {
  it('takes only what the outbox writes', () => {
    const good = record();
    expect(isOutboxRecord(good)).toBe(true);
    expect(isOutboxRecord({ ...good, state: 'beaconed', beaconedAt: 3, page: 'p' })).toBe(true);
    for (const value of junk()) expect(isOutboxRecord(value)).toBe(false);
    const long = 'x'.repeat(MAX_EVENT_ID_LENGTH + 1);
    expect(isOutboxRecord({ id: long, event: makeEvent({ event_id: long }), state: 'queued' })).toBe(false);
  });

  it('counts what it drops: entries of a list, or the whole value when it is not one', () => {
    const good = record();
    expect(storedRecords([good, ...junk()])).toEqual({ records: [good], dropped: junk().length });
    expect(storedRecords(undefined)).toEqual({ records: [], dropped: 0 });
    expect(storedRecords('garbage')).toEqual({ records: [], dropped: 1 });
    expect(storedRecords({ length: 2 })).toEqual({ records: [], dropped: 1 });
  });
});

describe('the key-value outbox', () => {
  it('writes the junk out on its first read and reports it once', async () => {
    const storage = memoryStorage();
    const good = record();
    await storage.set('outbox:events', [...junk(), good]);
    const report = vi.fn();
    const outbox = keyValueOutbox(storage, 'outbox', report);
    expect(await outbox.count()).toBe(1);
    expect(await outbox.list(10, (r) => r.state === 'queued')).toEqual([good]);
    expect(await storage.get('outbox:events')).toEqual([good]);
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toBe(`Guidepost discarded ${junk().length} unreadable outbox record(s) in storage key "outbox:events"`);
  });
});

describe('the IndexedDB outbox', () => {
  async function seeded(dbName: string, values: Array<[IDBValidKey, unknown]>) {
    const seed = indexedDbOutbox(dbName);
    await seed.count(); // creates the database and its stores
    seed.close?.();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(dbName, 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('events', 'readwrite');
      for (const [key, value] of values) tx.objectStore('events').put(value, key);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }

  it('lists the valid records, deletes the others and reports them', async () => {
    const dbName = freshDbName();
    const [a, b] = [record(1), record(2)];
    const bad = record(3);
    // Junk under ids that sort before, between and after the valid ones; a valid record under another key.
    await seeded(dbName, [[a.id, a], ['0', null], [b.id, b], [`${b.id}-x`, 'junk'], ['zzz', bad], [`${a.id}-y`, { id: 7 }]]);
    const report = vi.fn();
    const outbox = indexedDbOutbox(dbName, undefined, { report });
    expect(await outbox.count()).toBe(6);
    expect((await outbox.list(10)).map((r) => r.id)).toEqual([a.id, b.id]);
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toContain(`discarded 4 unreadable outbox record(s) in IndexedDB "${dbName}"`);
    expect(await outbox.ids()).toEqual([a.id, b.id]);
    expect(await outbox.list(10)).toHaveLength(2);
    expect(report).toHaveBeenCalledTimes(1);
    outbox.close?.();
  });
});

describe('deferred delivery at start', () => {
  const start = async (stored: unknown) => {
    const storage = memoryStorage();
    await storage.set('outbox:events', stored);
    const openDelivery = vi.fn(() => ({ ready: Promise.resolve(), dispose: () => undefined }));
    const delivery = deferDelivery({ outbox: { keyValue: storage }, report: () => undefined } as never, 'granted', async () => ({ openDelivery }) as never, () => undefined);
    await delivery.ready;
    delivery.dispose();
    return openDelivery;
  };

  it('loads the pipeline for events an earlier page left, not for junk', async () => {
    expect(await start([record()])).toHaveBeenCalledTimes(1);
    expect(await start(junk())).not.toHaveBeenCalled();
    expect(await start('garbage')).not.toHaveBeenCalled();
  });
});
