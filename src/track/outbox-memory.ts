/**
 * The in-memory outbox (outbox.ts re-exports it): the fallback of the resilient outbox
 * (outbox-resilient.ts), and what tests inject. Its own module so that the fallback does not
 * import outbox.ts, which builds the resilient outbox for browsers (no import cycle).
 */
import type { OutboxRecord, OutboxStore } from './outbox';
import { byId } from './outbox-records';

const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

/** In-memory outbox: the fallback, and what tests inject. Records are cloned like IndexedDB would. */
export function memoryOutbox(): OutboxStore {
  const records = new Map<string, OutboxRecord>();
  const meta = new Map<string, unknown>();
  const sorted = () => [...records.values()].sort(byId);
  return {
    kind: 'memory',
    put: async (list) => list.forEach((record) => records.set(record.id, clone(record))),
    async list(limit, accept) {
      const out: OutboxRecord[] = [];
      for (const record of sorted()) {
        if (out.length >= limit) break;
        // accept() sees a copy too, as it would from IndexedDB: nothing it does reaches the store.
        const copy = clone(record);
        if (!accept || accept(copy)) out.push(copy);
      }
      return out;
    },
    ids: async () => sorted().map((record) => record.id),
    count: async () => records.size,
    delete: async (ids) => ids.forEach((id) => records.delete(id)),
    clear: async () => records.clear(),
    getMeta: async <T>(key: string) => clone(meta.get(key)) as T | undefined,
    async updateMeta<T>(key: string, update: (old: T | undefined) => T) {
      const value = update(meta.get(key) as T | undefined);
      meta.set(key, clone(value));
      return value;
    },
  };
}
