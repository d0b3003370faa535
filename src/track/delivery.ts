/**
 * Delivery: moves events from the outbox to the collector, and only forgets an event once
 * the collector acknowledged it (2xx). At-least-once by construction; the collector's
 * de-duplication by `event_id` makes it exactly-once in its file.
 *
 * - Every event is written to the outbox (coalesced per task) before anything is sent.
 * - Batches by size (`batchSize`) and time (`batchDelayMs`).
 * - Transient failures (network, 408, 429, 5xx) retry with exponential backoff and full
 *   jitter; `Retry-After` on 429/503 is honoured, and shared with the other tabs.
 * - A 4xx other than 408/429 means the batch is malformed: it is split in halves until the
 *   offending event is alone, which is then dropped and reported. Never retried forever.
 *   Except answers about the endpoint itself (401, 403, 404, 405, 410): this page stops
 *   sending and the events wait in the outbox for a later page load (see ENDPOINT_REFUSALS).
 * - Paused while the browser says it is offline; resumed by the `online` event.
 * - One tab sends at a time (see lock.ts); the sending tab reads the shared outbox, so it
 *   never re-sends what another tab already delivered.
 * - On page hide, `beacon()` hands what is left to `sendBeacon` synchronously (no lock, no
 *   IndexedDB read: the page may be gone a moment later). Beaconed events stay in the outbox,
 *   marked, because a beacon is never acknowledged; a later page load (or this page, after
 *   `beaconGraceMs`) sends them again with fetch and the collector drops the duplicates.
 */
import type { GuidepostEvent } from './event';
import type { LockRunner } from './lock';
import type { NetworkMonitor, Scheduler } from './platform';
import type { OutboxRecord, OutboxStore } from './outbox';
import { isPermanentStatus, type DeliveryError, type SendResult, type Transport } from './transport';
import { packBeacons } from './beacon-chunks';

export type Consent = 'granted' | 'pending' | 'denied';

export interface DeliveryConfig {
  transport: Transport;
  outbox: OutboxStore;
  report: (error: Error) => void;
  clock: () => number;
  scheduler: Scheduler;
  random: () => number;
  network: NetworkMonitor;
  lock: LockRunner;
  /** Identifies this page instance (beaconed records remember who beaconed them). */
  pageId: string;
  consent: Consent;
  batchDelayMs: number;
  batchSize: number;
  maxQueued: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxRetryAfterMs: number;
  beaconMaxBytes: number;
  beaconMaxChunks: number;
  /** Body bytes all the beacons of one page hide may carry together (browsers cap keepalive data in flight). */
  beaconBudgetBytes: number;
  beaconGraceMs: number;
}

export interface DeliveryStats {
  /** Events this tab knows are not acknowledged yet (queued or beaconed). */
  pending: number;
  /** Oldest events discarded because the outbox was full (shared by the tabs, kept across reloads). */
  dropped: number;
  /** Events the collector refused as malformed (4xx), dropped by this page. */
  rejected: number;
  /** Failed attempts in a row. */
  failures: number;
  consent: Consent;
  online: boolean;
  /** Clock time before which nothing is sent (backoff or Retry-After), if any. */
  blockedUntil?: number;
  /** Why this page stopped sending (the endpoint answered 401, 403, 404, 405 or 410), if it did. */
  refused?: string;
}

export interface Delivery {
  readonly ready: Promise<void>;
  enqueue(event: GuidepostEvent): void;
  /** Sends what is queued now (ignoring the batch delay and client backoff, not `Retry-After`). */
  flush(): Promise<void>;
  /** Page is going away: beacon what is left, synchronously. */
  beacon(): Promise<void>;
  /** Sends now with keepalive; true once every event known now is acknowledged, false after `timeoutMs`. */
  flushSoon(timeoutMs: number): Promise<boolean>;
  setConsent(granted: boolean): Promise<void>;
  pending(): number;
  stats(): DeliveryStats;
  dispose(): void;
}

interface Entry {
  record: OutboxRecord;
  /** True once the record is known to be in the outbox store. */
  persisted: boolean;
}

interface Waiter {
  ids: Set<string>;
  failed: boolean;
  finish(delivered: boolean): void;
}

interface RunOptions {
  explicit?: boolean;
  keepalive?: boolean;
}

/**
 * Answers about the endpoint, not the batch: dropping batch after batch would empty the
 * outbox for a typo in the URL or an expired key. The events wait for a later page load.
 */
const ENDPOINT_REFUSALS = new Set([401, 403, 404, 405, 410]);

/** Records per outbox transaction: small enough to commit quickly when a page closes mid-burst. */
const WRITE_CHUNK = 25;

const compareIds = ([a]: [string, Entry], [b]: [string, Entry]) => (a < b ? -1 : a > b ? 1 : 0);

export function createDelivery(config: DeliveryConfig): Delivery {
  const { outbox, scheduler, clock } = config;
  let local = new Map<string, Entry>();
  const unwritten = new Map<string, OutboxRecord>();
  let ops: Promise<unknown> = Promise.resolve();
  let consent = config.consent;
  let dropped = 0;
  let rejected = 0;
  let failures = 0;
  let backoffUntil = 0;
  let retryAfterUntil = 0;
  let timer: unknown;
  let timerDue = Infinity;
  let running: Promise<void> | undefined;
  let rerun: RunOptions | undefined;
  let disposed = false;
  let dropReport = 0;
  /** Set when the endpoint refuses every request (404, 401...): nothing more is sent by this page. */
  let refused: string | undefined;
  const waiters = new Set<Waiter>();
  /** Ids this page forgot while the outbox left by earlier pages was being read (until `ready`). */
  let forgottenWhileLoading: Set<string> | undefined = new Set();

  /** Store operations run one after the other, in call order, and never reject. */
  const op = <T>(task: () => Promise<T>): Promise<T | undefined> => {
    const next = ops.then(task).catch((error: unknown) => {
      config.report(new Error(`Guidepost outbox (${outbox.kind}) failed: ${(error as Error)?.message ?? String(error)}`));
      return undefined;
    });
    ops = next;
    return next;
  };

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
  const joinOps = (putting: Promise<void>) => {
    const previous = ops;
    ops = Promise.all([previous, putting]).catch((error: unknown) => {
      config.report(new Error(`Guidepost outbox (${outbox.kind}) failed: ${(error as Error)?.message ?? String(error)}`));
    });
  };

  /**
   * Writes every record written since the last write (those still known to this page), in
   * transactions of WRITE_CHUNK records, events no beacon carries first: when the page closes
   * mid-write, each transaction that committed is kept, and the events at risk come first.
   */
  const writeUnwritten = async () => {
    const batch = [...unwritten.values()].filter((r) => local.has(r.id));
    unwritten.clear();
    if (!batch.length) return;
    batch.sort((a, b) => Number(a.state === 'beaconed') - Number(b.state === 'beaconed'));
    const chunks: OutboxRecord[][] = [];
    for (let i = 0; i < batch.length; i += WRITE_CHUNK) chunks.push(batch.slice(i, i + WRITE_CHUNK));
    await Promise.all(
      chunks.map(async (chunk) => {
        await outbox.put(chunk);
        for (const written of chunk) {
          const entry = local.get(written.id);
          if (entry) entry.persisted = true;
        }
      }),
    );
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
    }
    settle(ids, delivered);
    return op(() => outbox.delete(ids));
  };

  const countDropped = (count: number) => {
    dropped += count;
    void op(() => outbox.updateMeta<number>('dropped', (old) => (old ?? 0) + count));
    // One report per task, however many events overflowed in it.
    if (dropReport === 0) {
      void Promise.resolve().then(() => {
        config.report(new Error(`Guidepost outbox is full (${config.maxQueued} events): dropped the ${dropReport} oldest undelivered event(s); ${dropped} dropped in all`));
        dropReport = 0;
      });
    }
    dropReport += count;
  };

  const eligible = (record: OutboxRecord) =>
    record.state === 'queued' || record.page !== config.pageId || clock() - (record.beaconedAt ?? 0) >= config.beaconGraceMs;

  const blockedUntil = (explicit?: boolean) => Math.max(retryAfterUntil, explicit ? 0 : backoffUntil);
  const canSend = (explicit?: boolean) => !disposed && refused === undefined && consent === 'granted' && config.network.online() && clock() >= blockedUntil(explicit);

  const clearTimer = () => {
    if (timer !== undefined) scheduler.clearTimeout(timer);
    timer = undefined;
    timerDue = Infinity;
  };

  /** Sends in `delay` ms at the earliest, never before a backoff or Retry-After ends. */
  const schedule = (delay: number) => {
    if (disposed || consent !== 'granted' || !config.network.online()) return;
    const due = Math.max(clock() + delay, backoffUntil, retryAfterUntil);
    if (timer !== undefined && timerDue <= due) return;
    clearTimer();
    timerDue = due;
    timer = scheduler.setTimeout(() => {
      timer = undefined;
      timerDue = Infinity;
      void run({});
    }, Math.max(0, due - clock()));
  };

  const backoff = () => config.random() * Math.min(config.retryMaxMs, config.retryBaseMs * 2 ** (failures - 1));

  /** Sends one batch. False when sending should stop for now (a transient failure). */
  const deliver = async (records: OutboxRecord[], options: RunOptions): Promise<boolean> => {
    let result: void | SendResult;
    try {
      result = await config.transport.send(
        records.map((r) => r.event),
        { keepalive: options.keepalive },
      );
    } catch (caught) {
      const error = caught as Partial<DeliveryError> & Error;
      if (error.status !== undefined && ENDPOINT_REFUSALS.has(error.status)) {
        // The endpoint itself refuses (wrong URL, auth): every batch would fail the same way.
        // Keep the events for a later page load instead of dropping them all; stop for this page.
        refused = error.message;
        config.report(new Error(`Guidepost stopped sending events for this page: ${error.message}; ${local.size} event(s) stay in the outbox`));
        return false;
      }
      if (isPermanentStatus(error.status)) {
        // Malformed: halve until the culprit is alone, so one bad event never costs its batch.
        if (records.length > 1) {
          const half = Math.ceil(records.length / 2);
          return (await deliver(records.slice(0, half), options)) && deliver(records.slice(half), options);
        }
        rejected++;
        await forget([records[0].id], false);
        config.report(new Error(`Guidepost dropped a ${records[0].event.type} event (${records[0].id}) the collector refused: ${error.message}`));
        return true;
      }
      failures++;
      const now = clock();
      const retryAfter = typeof error.retryAfterMs === 'number' ? Math.min(error.retryAfterMs, config.maxRetryAfterMs) : undefined;
      if (retryAfter !== undefined) {
        // Honour it to the letter, then spread the tabs and devices that were told the same.
        retryAfterUntil = now + retryAfter;
        backoffUntil = retryAfterUntil + config.random() * config.retryBaseMs;
        const until = retryAfterUntil;
        await op(() => outbox.updateMeta<number>('retryAt', (old) => Math.max(old ?? 0, until)));
      } else {
        backoffUntil = now + backoff();
      }
      if (failures === 1) config.report(new Error(`Guidepost could not deliver ${records.length} event(s), will retry: ${error.message}`));
      return false;
    }
    failures = 0;
    backoffUntil = 0;
    const ids = records.map((r) => r.id);
    if (result && result.acknowledged === false) {
      markBeaconed(records);
      return true;
    }
    await forget(ids, true);
    return true;
  };

  const markBeaconed = (records: OutboxRecord[]) => {
    const now = clock();
    for (const record of records) {
      const entry = local.get(record.id);
      if (!entry) continue; // already acknowledged or dropped: do not bring it back
      entry.record.state = 'beaconed';
      entry.record.beaconedAt = now;
      entry.record.page = config.pageId;
      write(entry.record);
    }
  };

  /** Forgets events another tab delivered (they left the shared store). */
  const reconcile = async () => {
    const candidates = [...local.values()].filter((e) => e.persisted).map((e) => e.record.id);
    if (!candidates.length) return;
    const inStore = new Set(await outbox.ids());
    const gone = candidates.filter((id) => !inStore.has(id) && local.has(id));
    for (const id of gone) local.delete(id);
    if (gone.length) settle(gone, true);
  };

  /** Tabs share the store, so together they can exceed the bound: drop the oldest. */
  const enforceBound = async () => {
    const count = await outbox.count();
    if (count <= config.maxQueued) return;
    const victims = (await outbox.ids()).slice(0, count - config.maxQueued);
    await forget(victims, false);
    countDropped(victims.length);
  };

  /** When this page's own recent beacons become eligible again. */
  const nextGraceEnd = () => {
    let soonest = Infinity;
    for (const { record } of local.values()) {
      if (record.state === 'beaconed' && record.page === config.pageId) soonest = Math.min(soonest, (record.beaconedAt ?? 0) + config.beaconGraceMs);
    }
    return soonest;
  };

  const pass = async (options: RunOptions) => {
    await ready;
    if (!canSend(options.explicit)) {
      if (blockedUntil(options.explicit) > clock()) schedule(0);
      return;
    }
    const outcome = await config.lock(async () => {
      await ops; // this tab's writes are in the store before anything is sent
      await enforceBound();
      // Other tabs count their drops in the same place.
      dropped = Math.max(dropped, (await outbox.getMeta<number>('dropped')) ?? 0);
      const sharedRetryAt = (await outbox.getMeta<number>('retryAt')) ?? 0;
      if (sharedRetryAt > clock()) {
        retryAfterUntil = Math.max(retryAfterUntil, sharedRetryAt);
        return 'blocked' as const;
      }
      while (canSend(options.explicit)) {
        const batch = await outbox.list(config.batchSize, eligible);
        if (batch.length === 0) {
          await reconcile();
          return 'drained' as const;
        }
        if (!(await deliver(batch, options))) return 'failed' as const;
      }
      return 'stopped' as const;
    });
    if (!outcome.acquired) {
      // Another tab is sending (maybe our events too). Learn what it delivered, then try again later.
      await reconcile();
      if (local.size) schedule(waiters.size ? 100 : config.batchDelayMs);
      return;
    }
    if (outcome.value === 'blocked' || outcome.value === 'failed') schedule(0);
    if (outcome.value === 'drained') {
      const graceEnd = nextGraceEnd();
      if (graceEnd < Infinity) schedule(graceEnd - clock());
    }
  };

  const run = (options: RunOptions): Promise<void> => {
    if (running) {
      rerun = { explicit: rerun?.explicit || options.explicit, keepalive: rerun?.keepalive || options.keepalive };
      return running;
    }
    running = (async () => {
      let current: RunOptions | undefined = options;
      while (current && !disposed) {
        rerun = undefined;
        await pass(current);
        current = rerun;
      }
    })()
      .catch((error: unknown) => config.report(new Error(`Guidepost delivery failed: ${(error as Error)?.message ?? String(error)}`)))
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  /** Loads what earlier pages (or other tabs) left, and sends it without waiting for a batch delay. */
  const ready: Promise<void> = op(async () => {
    const records = await outbox.list(config.maxQueued);
    dropped += (await outbox.getMeta<number>('dropped')) ?? 0;
    const forgotten = forgottenWhileLoading!;
    forgottenWhileLoading = undefined;
    if (consent === 'denied') return false;
    let inherited = false;
    for (const record of records) {
      // Acknowledged (or dropped) by this page while the list was read: not to be brought back.
      if (local.has(record.id) || forgotten.has(record.id)) continue;
      local.set(record.id, { record, persisted: true });
      inherited = true;
    }
    local = new Map([...local].sort(compareIds));
    return inherited;
  }).then((inherited) => {
    if (inherited) schedule(0);
  });

  const offOnline = config.network.onOnline(() => {
    failures = 0;
    backoffUntil = 0;
    void run({ explicit: true });
  });

  /**
   * What goes into the page-hide beacons, most at risk first. The browser lets about 64 KB of
   * keepalive data leave per page hide, so the budget goes first to events not yet written to
   * the outbox (their IndexedDB write may never commit once the page is gone), then to stored
   * ones. Records already beaconed (by this page or by the page that left them) are skipped:
   * they are stored, and a later page re-sends them with an acknowledged fetch.
   */
  const beaconChunks = (): OutboxRecord[][] => {
    const unsaved: OutboxRecord[] = [];
    const saved: OutboxRecord[] = [];
    for (const { record, persisted } of local.values()) {
      if (record.state !== 'queued') continue;
      (persisted ? saved : unsaved).push(record);
    }
    return packBeacons([...unsaved, ...saved], config.beaconMaxBytes, config.beaconMaxChunks, config.beaconBudgetBytes);
  };

  /** Starts writing what waits for the end of the task now: the page may not live that long. */
  const writeNow = () => {
    if (unwritten.size) joinOps(writeUnwritten());
  };

  return {
    ready,
    enqueue(event) {
      // Not validated here (it would ship the validator to every page): the SDK builds valid
      // events, and one the collector refuses costs a few split requests, then is dropped and reported.
      if (disposed || consent === 'denied') return;
      const record: OutboxRecord = { id: event.event_id, event, state: 'queued' };
      local.delete(record.id);
      local.set(record.id, { record, persisted: false });
      write(record);
      if (local.size > config.maxQueued) {
        const victims = [...local.keys()].slice(0, local.size - config.maxQueued);
        void forget(victims, false);
        countDropped(victims.length);
      }
      schedule(local.size >= config.batchSize ? 0 : config.batchDelayMs);
    },
    flush: () => run({ explicit: true }),
    beacon() {
      if (disposed || refused !== undefined || consent !== 'granted' || !config.network.online() || clock() < retryAfterUntil) {
        writeNow();
        return Promise.resolve();
      }
      const chunks = beaconChunks();
      const sends = chunks.map((chunk) => {
        markBeaconed(chunk);
        let sending: Promise<void | SendResult>;
        try {
          // Called synchronously, inside the pagehide handler: an await before it could be too late.
          sending = config.transport.send(
            chunk.map((r) => r.event),
            { beacon: true },
          );
        } catch (error) {
          sending = Promise.reject(error);
        }
        return sending.then(
          (result) => {
            if (!result || result.acknowledged !== false) return forget(chunk.map((r) => r.id), true);
            return undefined;
          },
          () => {
            // The browser refused (quota) or the fallback fetch failed: plain queued events again.
            for (const record of chunk) {
              if (!local.has(record.id)) continue;
              record.state = 'queued';
              delete record.beaconedAt;
              delete record.page;
              write(record);
            }
          },
        );
      });
      // What did not fit is saved by the outbox write, started now rather than at the end of the task.
      writeNow();
      // If this page lives on (hidden, then visible again), it re-sends what it beaconed after the grace period.
      if (sends.length) schedule(config.beaconGraceMs);
      return Promise.all(sends).then(() => undefined);
    },
    flushSoon(timeoutMs) {
      // This page's own recent beacons are not waited for: they left already, unacknowledged.
      const ids = [...local.values()].filter((e) => eligible(e.record)).map((e) => e.record.id);
      if (ids.length === 0) return Promise.resolve(true);
      if (!canSend(true)) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        let handle: unknown;
        const waiter: Waiter = {
          ids: new Set(ids),
          failed: false,
          finish(delivered) {
            if (!waiters.delete(waiter)) return;
            scheduler.clearTimeout(handle);
            resolve(delivered);
          },
        };
        waiters.add(waiter);
        handle = scheduler.setTimeout(() => waiter.finish(false), timeoutMs);
        void run({ explicit: true, keepalive: true }).then(() => {
          // It failed and waits for a retry: do not hold the navigation for nothing.
          if (failures > 0 || !canSend(true)) waiter.finish(false);
        });
      });
    },
    setConsent(granted) {
      if (granted) {
        consent = 'granted';
        if (local.size) schedule(0);
        return ready;
      }
      consent = 'denied';
      clearTimer();
      const ids = [...local.keys()];
      local.clear();
      unwritten.clear();
      settle(ids, false);
      return op(() => outbox.clear()).then(() => undefined);
    },
    pending: () => local.size,
    stats() {
      const until = Math.max(backoffUntil, retryAfterUntil);
      return {
        pending: local.size,
        dropped,
        rejected,
        failures,
        consent,
        online: config.network.online(),
        ...(until > clock() ? { blockedUntil: until } : {}),
        ...(refused !== undefined ? { refused } : {}),
      };
    },
    dispose() {
      disposed = true;
      clearTimer();
      offOnline();
      for (const waiter of [...waiters]) waiter.finish(false);
    },
  };
}
