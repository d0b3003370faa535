/**
 * The outbox: events wait here, on the device, until the collector acknowledged them.
 * One record per event, keyed by `event_id` (UUID v7, so key order is creation order and
 * a retried event keeps its id). IndexedDB by default (its own database, shared by the
 * tabs of an origin, surviving reloads), memory as the fallback and for tests.
 */
import { promisifyRequest } from 'idb-keyval';
import { idbConnection } from '../store/idb';
import { resilientOutbox } from './outbox-resilient';
import type { GuidepostEvent } from './event';
import { discarded, isOutboxRecord } from './outbox-records';

export interface OutboxRecord {
  /** The event's `event_id`. */
  id: string;
  event: GuidepostEvent;
  /**
   * `queued`: not sent yet, or sent without success. `beaconed`: handed to `sendBeacon`
   * (or a keepalive fetch) while the page went away: probably delivered, never acknowledged.
   */
  state: 'queued' | 'beaconed';
  /** When it was beaconed (tracker clock, ms). */
  beaconedAt?: number;
  /** Which page instance beaconed it: that page waits before re-sending; any other re-sends at once. */
  page?: string;
}

export interface OutboxStore {
  /** A short name for reports ("indexeddb", "memory", "kv"). */
  readonly kind: string;
  /** Adds records, or replaces those with the same id. */
  put(records: OutboxRecord[]): Promise<void>;
  /** Up to `limit` records, oldest first, keeping only those `accept` takes. */
  list(limit: number, accept?: (record: OutboxRecord) => boolean): Promise<OutboxRecord[]>;
  /** Every record's id, oldest first. */
  ids(): Promise<string[]>;
  count(): Promise<number>;
  delete(ids: string[]): Promise<void>;
  /** Deletes every record (meta values stay). */
  clear(): Promise<void>;
  getMeta<T>(key: string): Promise<T | undefined>;
  /** Reads, changes and writes one meta value atomically (tabs share counters). */
  updateMeta<T>(key: string, update: (old: T | undefined) => T): Promise<T>;
  /**
   * Releases the database connection (called by `destroy()`). Operations still queued (a
   * page-hide beacon's bookkeeping) reopen it and release it again when done.
   */
  close?(): void;
}

export { memoryOutbox } from './outbox-memory';
export { keyValueOutbox } from './outbox-key-value';
export { resilientOutbox } from './outbox-resilient';

/**
 * IndexedDB outbox in its own database (`guidepost-outbox`, stores `events` and `meta`):
 * a separate database because adding a store to the progress database would need a
 * version upgrade that other open tabs would block. Opens on first use, not on import.
 */
export function indexedDbOutbox(dbName = 'guidepost-outbox', factory?: () => IDBFactory, options: { timeoutMs?: number; report?: (error: Error) => void } = {}): OutboxStore {
  // Bounded and closable (see store/idb.ts): an open that never answers must not hang delivery.
  const connection = idbConnection({ name: dbName, stores: ['events', 'meta'], version: 1, timeoutMs: options.timeoutMs, factory });
  // Let go by close(): an open that never answers keeps the closures of this store alive, and
  // with them whatever `report` holds (the instance that reports).
  let report = options.report;

  /** Runs `body` in one transaction and resolves with its result once the transaction committed. */
  const run = <T>(storeName: 'events' | 'meta', mode: IDBTransactionMode, body: (store: IDBObjectStore) => () => T): Promise<T> =>
    connection.run(async (db) => {
      const tx = db.transaction(storeName, mode);
      const result = body(tx.objectStore(storeName));
      await promisifyRequest(tx);
      return result();
    });

  return {
    kind: 'indexeddb',
    put: (records) =>
      run('events', 'readwrite', (store) => {
        for (const record of records) store.put(record, record.id);
        return () => undefined;
      }),
    list: async (limit, accept) => {
      const unreadable: IDBValidKey[] = [];
      const out = await run('events', 'readonly', (store) => {
        const found: OutboxRecord[] = [];
        if (limit <= 0) return () => found;
        const cursor = store.openCursor();
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (!at) return;
          const record: unknown = at.value;
          // Not one this version wrote: deleted below, so it is neither sent nor kept for good.
          if (!isOutboxRecord(record) || record.id !== at.key) unreadable.push(at.key);
          else if (!accept || accept(record)) found.push(record);
          if (found.length < limit) at.continue();
        };
        return () => found;
      });
      if (unreadable.length) {
        await run('events', 'readwrite', (store) => {
          for (const key of unreadable) store.delete(key);
          return () => undefined;
        });
        report?.(discarded(unreadable.length, `IndexedDB "${dbName}"`));
      }
      return out;
    },
    ids: () =>
      run('events', 'readonly', (store) => {
        const request = store.getAllKeys();
        return () => request.result as string[];
      }),
    count: () =>
      run('events', 'readonly', (store) => {
        const request = store.count();
        return () => request.result;
      }),
    delete: (ids) =>
      run('events', 'readwrite', (store) => {
        for (const id of ids) store.delete(id);
        return () => undefined;
      }),
    clear: () =>
      run('events', 'readwrite', (store) => {
        store.clear();
        return () => undefined;
      }),
    getMeta: <T>(key: string) =>
      run('meta', 'readonly', (store) => {
        const request = store.get(key);
        return () => request.result as T | undefined;
      }),
    updateMeta: <T>(key: string, update: (old: T | undefined) => T) =>
      run('meta', 'readwrite', (store) => {
        let value: T | undefined;
        const request = store.get(key);
        request.onsuccess = () => {
          value = update(request.result as T | undefined);
          store.put(value, key);
        };
        return () => value as T;
      }),
    close() {
      report = undefined;
      connection.close();
    },
  };
}

/**
 * The default for browsers: IndexedDB, and memory after any failure or timeout. A browser
 * without IndexedDB fails the first operation: memory too, reported once like any failure.
 */
export function browserOutbox(report: (error: Error) => void, dbName = 'guidepost-outbox', options: { timeoutMs?: number; maxQueued?: number } = {}): OutboxStore {
  return resilientOutbox(indexedDbOutbox(dbName, undefined, { timeoutMs: options.timeoutMs, report }), report, options.maxQueued);
}
