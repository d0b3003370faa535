/**
 * The in-page mirror of the outbox: what this page knows is not acknowledged yet (`local`,
 * oldest first), which of it is known to be in the store (`persisted`), the writes that wait
 * for the end of the task (`unwritten`), and the `flushSoon` waiters settled as events are
 * acknowledged or dropped. Every store operation goes through `op`, in call order.
 */
import type { Consent, DeliveryConfig } from './delivery';
import type { OutboxRecord } from './outbox';

export interface Entry {
  record: OutboxRecord;
  /** True once the record is known to be in the outbox store. */
  persisted: boolean;
}

export interface Waiter {
  ids: Set<string>;
  failed: boolean;
  finish(delivered: boolean): void;
}

/**
 * What the other parts use, as a tuple rather than an object: the minifier renames destructured
 * tuple elements but never property names, and every byte counts against the size budget
 * (scripts/size.mjs). Destructure it by position, in this order.
 */
export type OutboxMirror = readonly [
  local: Map<string, Entry>,
  waiters: Set<Waiter>,
  op: <T>(task: () => Promise<T>) => Promise<T | undefined>,
  write: (record: OutboxRecord) => void,
  forget: (ids: string[], delivered: boolean) => Promise<unknown>,
  settle: (ids: string[], delivered: boolean) => void,
  countDropped: (count: number) => void,
  markBeaconed: (records: OutboxRecord[], listed?: boolean) => void,
  writeNow: () => void,
  settled: () => Promise<unknown>,
  clear: () => void,
  load: () => Promise<boolean | undefined>,
  dropped: () => number,
  adoptDropped: (shared: unknown) => void,
];

/** Records per outbox transaction: small enough to commit quickly when a page closes mid-burst. */
const WRITE_CHUNK = 25;

/** A drop count read from the shared store (any script may have written there): only a finite, non-negative number counts. */
const count = (stored: unknown) => (typeof stored === 'number' && stored >= 0 && stored < Infinity ? stored : 0);

const compareIds = ([a]: [string, Entry], [b]: [string, Entry]) => (a < b ? -1 : a > b ? 1 : 0);

/** `consent` reads the caller's current consent. */
export function createOutboxMirror(config: DeliveryConfig, consent: () => Consent): OutboxMirror {
  const { outbox, clock } = config;
  /** What this page knows is not acknowledged yet, oldest first; shared with the other parts. */
  const local = new Map<string, Entry>();
  const waiters = new Set<Waiter>();
  const unwritten = new Map<string, OutboxRecord>();
  let ops: Promise<unknown> = Promise.resolve();
  /** Oldest events discarded because the outbox was full (shared by the tabs, kept across reloads). */
  let dropped = 0;
  let dropReport = 0;
  /** Ids forgotten whose delete has not started: one delete for many (see forget). */
  const deleting: string[] = [];
  /** Ids this page forgot while the outbox left by earlier pages was being read (until `load` ends). */
  let forgottenWhileLoading: Set<string> | undefined = new Set();

  /** A store operation failed: reported, and it resolves undefined. */
  const failed = (error: unknown) => void config.report(new Error(`Guidepost outbox (${outbox.kind}) failed: ${(error as Error)?.message ?? String(error)}`));

  /** Store operations run one after the other, in call order, and never reject. */
  const op = <T>(task: () => Promise<T>): Promise<T | undefined> => (ops = ops.then(task).catch(failed)) as Promise<T | undefined>;

  /**
   * Writes records at the end of the current task, in one transaction for everything written
   * in it. Not queued behind slower store operations (a put of new ids conflicts with none of
   * them), but joined to `ops`, so whatever is queued later — a send — waits for it.
   */
  const write = (record: OutboxRecord) => {
    unwritten.set(record.id, record);
    if (unwritten.size > 1) return;
    joinOps(Promise.resolve().then(writeUnwritten));
  };

  /** A write joins `ops` without queueing behind it: whatever is queued later waits for it. */
  const joinOps = (putting: Promise<unknown>) => {
    ops = Promise.all([ops, putting]).catch(failed);
  };

  /** Puts records in transactions of WRITE_CHUNK: when the page closes mid-write, each one that committed is kept. */
  const putChunks = (records: OutboxRecord[]) => {
    const chunks: OutboxRecord[][] = [];
    for (let i = 0; i < records.length; i += WRITE_CHUNK) chunks.push(records.slice(i, i + WRITE_CHUNK));
    return Promise.all(
      chunks.map(async (chunk) => {
        await outbox.put(chunk);
        for (const written of chunk) {
          const entry = local.get(written.id);
          if (entry) entry.persisted = true;
        }
      }),
    );
  };

  /**
   * Writes every record written since the last write (those still known to this page), events
   * no beacon carries first: they are the ones at risk. A record already stored may have been
   * delivered and deleted by another tab since this page read it: its new state (a beacon mark)
   * is written only if it is still there, or it would come back to be sent again. (Read, then
   * put: not atomic, but the window is that of one read.)
   */
  const writeUnwritten = () => {
    const batch = [...unwritten.values()].filter((r) => local.has(r.id));
    unwritten.clear();
    const known = batch.filter((r) => local.get(r.id)!.persisted);
    return Promise.all([
      putChunks(batch.filter((r) => !known.includes(r)).sort((a, b) => Number(a.state === 'beaconed') - Number(b.state === 'beaconed'))),
      known.length && outbox.ids().then((ids) => putChunks(known.filter((r) => ids.includes(r.id)))),
    ]);
  };

  const settle = (ids: string[], delivered: boolean) => {
    for (const waiter of [...waiters]) {
      for (const id of ids) {
        if (waiter.ids.delete(id) && !delivered) waiter.failed = true;
      }
      if (waiter.ids.size === 0) waiter.finish(!waiter.failed);
    }
  };

  const forget = (ids: string[], delivered: boolean) => {
    for (const id of ids) {
      local.delete(id);
      unwritten.delete(id);
      forgottenWhileLoading?.add(id);
      deleting.push(id);
    }
    settle(ids, delivered);
    // Joins a delete queued but not started yet: trimming thousands of events past the bound
    // (one at a time as they come) is one transaction, not one each. Done when what is queued now is.
    if (deleting.length === ids.length) op(() => outbox.delete(deleting.splice(0)));
    return ops;
  };

  const countDropped = (added: number) => {
    dropped += added;
    // One count update and one report per task, however many events overflowed in it.
    if (dropReport === 0) {
      queueMicrotask(() => {
        const task = dropReport;
        void op(() => outbox.updateMeta<number>('dropped', (old) => count(old) + task));
        config.report(new Error(`Guidepost outbox is full (${config.maxQueued} events): dropped the ${task} oldest undelivered event(s); ${dropped} dropped in all`));
        dropReport = 0;
      });
    }
    dropReport += added;
  };

  /**
   * Marks records beaconed, now, by this page, and writes the marks. Records this page does not
   * know were acknowledged or dropped by it (not to be brought back), unless `listed`: the send
   * loop read them from the store just now, and some may be another tab's, written after this
   * page loaded the outbox. Those are marked in the store itself, or the loop would list them
   * again at once and send them again, without end. Marked only if still there (read, then put,
   * as in writeUnwritten), after whatever this page queued before: a delete of its own wins.
   */
  const markBeaconed = (records: OutboxRecord[], listed?: boolean) => {
    const mark = { state: 'beaconed', beaconedAt: clock(), page: config.pageId } as const;
    const strangers: OutboxRecord[] = [];
    for (const record of records) {
      const entry = local.get(record.id);
      if (entry) write(Object.assign(entry.record, mark));
      else if (listed) strangers.push({ ...record, ...mark });
    }
    if (strangers.length) {
      void op(async () => {
        const stored = new Set(await outbox.ids());
        return outbox.put(strangers.filter((r) => stored.has(r.id)));
      });
    }
  };

  /** Starts writing what waits for the end of the task now: the page may not live that long. */
  const writeNow = () => {
    if (unwritten.size) joinOps(writeUnwritten());
  };

  /** Waits for every store operation queued so far (this tab's writes are in the store before anything is sent). */
  const settled = () => ops;

  /** This page forgets everything (consent withdrawn); the store is cleared by the caller. */
  const clear = () => {
    const ids = [...local.keys()];
    local.clear();
    unwritten.clear();
    settle(ids, false);
  };

  /** Loads what earlier pages (or other tabs) left; true when it brought any event this page did not know. */
  const load = () =>
    op(async () => {
      const records = await outbox.list(config.maxQueued);
      dropped += count(await outbox.getMeta('dropped'));
      const forgotten = forgottenWhileLoading!;
      forgottenWhileLoading = undefined;
      if (consent() === 'denied') return false;
      let inherited = false;
      for (const record of records) {
        // Acknowledged (or dropped) by this page while the list was read: not to be brought back.
        if (local.has(record.id) || forgotten.has(record.id)) continue;
        local.set(record.id, { record, persisted: true });
        inherited = true;
      }
      // Oldest first again (ids are UUIDv7: they sort by time), now that inherited and new events
      // are mixed. Re-inserted in place: the other parts hold this same map.
      for (const [id, entry] of [...local].sort(compareIds)) {
        local.delete(id);
        local.set(id, entry);
      }
      return inherited;
    });

  /** Other tabs count their drops in the same place: `shared` is the count in the store. */
  const adoptDropped = (shared: unknown) => {
    dropped = Math.max(dropped, count(shared));
  };

  return [local, waiters, op, write, forget, settle, countDropped, markBeaconed, writeNow, settled, clear, load, () => dropped, adoptDropped];
}
