/**
 * The outbox in any `KeyValueStorage` (for hosts that pass their own storage), apart from the
 * IndexedDB and memory outboxes of outbox.ts: all records under one key.
 */
import type { KeyValueStorage } from '../store/storage';
import type { OutboxRecord, OutboxStore } from './outbox';
import { byId, discarded, storedRecords } from './outbox-records';
import { serialOn } from './storage-turns';

/**
 * An outbox kept in any `KeyValueStorage` (for hosts that pass their own storage): all
 * records under one key, rewritten on each change. Fine for memory and small queues;
 * `indexedDbOutbox` writes one record per event instead.
 */
export function keyValueOutbox(storage: KeyValueStorage, prefix = 'outbox', report?: (error: Error) => void): OutboxStore {
  const eventsKey = `${prefix}:events`;
  const serial = <T>(task: () => Promise<T>) => serialOn(storage, task);
  // Runs inside serial(): what is not a record is written out at once and reported (once).
  const read = async () => {
    const { records, dropped } = storedRecords(await storage.get<unknown>(eventsKey));
    if (dropped) {
      await storage.set(eventsKey, records);
      report?.(discarded(dropped, `storage key "${eventsKey}"`));
    }
    return records;
  };
  const modify = (change: (records: OutboxRecord[]) => OutboxRecord[]) =>
    serial(async () => {
      await storage.set(eventsKey, change(await read()).sort(byId));
    });
  return {
    kind: `kv:${storage.kind}`,
    put: (list) =>
      modify((records) => {
        // One record per id, the last given (as the other stores keep it).
        const given = new Map(list.map((r) => [r.id, r]));
        return [...records.filter((r) => !given.has(r.id)), ...given.values()];
      }),
    // slice(0, -1) would be all but one: no limit above 0, no records (as the other stores).
    list: (limit, accept) => serial(async () => (await read()).filter((r) => !accept || accept(r)).slice(0, Math.max(0, limit))),
    ids: () => serial(async () => (await read()).map((r) => r.id)),
    count: () => serial(async () => (await read()).length),
    delete: (ids) => {
      const gone = new Set(ids);
      return modify((records) => records.filter((r) => !gone.has(r.id)));
    },
    clear: () => serial(() => storage.delete(eventsKey)),
    getMeta: <T>(key: string) => serial(() => storage.get<T>(`${prefix}:meta:${key}`)),
    updateMeta: <T>(key: string, update: (old: T | undefined) => T) =>
      serial(async () => {
        const value = update(await storage.get<T>(`${prefix}:meta:${key}`));
        await storage.set(`${prefix}:meta:${key}`, value);
        return value;
      }),
  };
}
