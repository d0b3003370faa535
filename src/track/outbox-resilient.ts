/**
 * An outbox that falls back to memory (outbox.ts re-exports it): the first failure of the
 * primary store (IndexedDB missing, private mode, quota, a blocked open) switches it to memory for
 * the page's lifetime, reported once, never rejecting into the tracker. What this page knows to
 * be in the primary is carried over, so nothing it knows about is lost by the switch.
 *
 * What it knows is bounded. Events leave the shared store behind this page's back (another tab
 * delivers them, or drops them past the bound): remembered for good, they made this record grow
 * with every event a long-lived page emitted, and a later failure carried them into memory, where
 * this page sent them again. So every `ids()` (the send loop reads it to learn what other tabs
 * delivered) lets go of what is no longer there, and at most `limit` records are remembered, the
 * newest: the outbox holds no more (the bound drops the oldest).
 */
import { errorText } from '../store/idb';
import type { OutboxRecord, OutboxStore } from './outbox';
import { memoryOutbox } from './outbox-memory';

/** A record this page put or listed, and when (a turn number): see `ids` below. */
interface Known {
  record: OutboxRecord;
  turn: number;
}

/**
 * Wraps `primary` so that its first failure switches to memory for good, reported once to
 * `report`. At most `limit` records known to be in the primary are remembered for the switch.
 * @default limit 10000 (the outbox's default bound, `maxQueued`)
 */
export function resilientOutbox(primary: OutboxStore, report: (error: Error) => void, limit = 10_000): OutboxStore & { readonly degraded: boolean } {
  const fallback = memoryOutbox();
  const known = new Map<string, Known>();
  const knownMeta = new Map<string, unknown>();
  /** Puts to the primary not settled yet, per id: an `ids()` read meanwhile cannot tell whether they are in. */
  const putting = new Map<string, number>();
  let turn = 0;
  let active = primary;

  const degrade = async (error: unknown) => {
    if (active === fallback) return;
    active = fallback;
    // Never used again by this page: let its connection go.
    primary.close?.();
    const carried = [...known.values()].map((k) => k.record);
    // Memory is the only store from now on: nothing more to remember for a switch.
    known.clear();
    await fallback.put(carried);
    for (const [key, value] of knownMeta) await fallback.updateMeta(key, () => value);
    report(new Error(`Guidepost outbox (${primary.kind}) failed, keeping undelivered events in memory for this page: ${errorText(error)}`));
  };

  const guarded = async <T>(operation: (store: OutboxStore) => Promise<T>): Promise<T> => {
    if (active !== fallback) {
      try {
        return await operation(active);
      } catch (error) {
        await degrade(error);
      }
    }
    return operation(fallback);
  };

  const remember = (records: OutboxRecord[]) => {
    if (active === fallback) return;
    for (const record of records) known.set(record.id, { record, turn: ++turn });
    if (known.size > limit) {
      // Ids are UUID v7: in key order, the oldest first.
      for (const id of [...known.keys()].sort().slice(0, known.size - limit)) known.delete(id);
    }
  };

  const count = (ids: string[], step: number) => {
    for (const id of ids) {
      const left = (putting.get(id) ?? 0) + step;
      if (left > 0) putting.set(id, left);
      else putting.delete(id);
    }
  };

  return {
    get kind() {
      return active.kind;
    },
    get degraded() {
      return active === fallback;
    },
    put: (records) => {
      remember(records);
      const ids = records.map((r) => r.id);
      count(ids, 1);
      return guarded((s) => s.put(records)).finally(() => count(ids, -1));
    },
    list: async (limit, accept) => {
      const records = await guarded((s) => s.list(limit, accept));
      remember(records);
      return records;
    },
    ids: async () => {
      // Only what was remembered before the read, and whose put had settled by then, can be told
      // gone by it: a put still under way may commit just after the read.
      const before = turn;
      const unsure = new Set(putting.keys());
      const ids = await guarded((s) => s.ids());
      if (active !== fallback) {
        const stored = new Set(ids);
        for (const [id, entry] of known) {
          if (entry.turn <= before && !unsure.has(id) && !stored.has(id)) known.delete(id);
        }
      }
      return ids;
    },
    count: () => guarded((s) => s.count()),
    delete: (ids) => {
      ids.forEach((id) => known.delete(id));
      return guarded((s) => s.delete(ids));
    },
    clear: () => {
      known.clear();
      return guarded((s) => s.clear());
    },
    getMeta: (key) => guarded((s) => s.getMeta(key)),
    updateMeta: async <T>(key: string, update: (old: T | undefined) => T) => {
      const value = await guarded((s) => s.updateMeta(key, update));
      knownMeta.set(key, value);
      return value;
    },
    close: () => primary.close?.(),
  };
}
