/**
 * The send loop: one pass at a time (`run` coalesces the calls made meanwhile into one more
 * pass), each under the outbox lock, reading batches from the shared store and delivering
 * them until the store is drained, a send fails, or sending is not allowed any more. The
 * retry decisions themselves are pure (retry-policy.ts); this applies them.
 */
import type { Consent, DeliveryConfig, DeliveryStats } from './delivery';
import type { OutboxMirror, Waiter } from './outbox-mirror';
import type { OutboxRecord } from './outbox';
import type { DeliveryError, SendResult } from './transport';
import { backoffDelay, capRetryAfter, isEndpointRefusal, isPermanentStatus } from './retry-policy';
import { sendDeadline, type SendDeadline } from './send-deadline';
import { createSendWaits } from './send-waits';
import { jsonTextOrNothing } from './json-text';

export { SEND_GIVE_UP_MS } from './send-deadline';

/** The longest delay timers hold (a signed 32-bit int): browsers fire a longer one after 1 ms, which would make a busy loop. */
const MAX_DELAY = 2 ** 31 - 1;

export interface RunOptions {
  explicit?: boolean;
  keepalive?: boolean;
}

/** A tuple, like the mirror, for the same reason (see OutboxMirror): destructure it by position. */
export type SendLoop = readonly [
  ready: Promise<void>,
  run: (options: RunOptions) => Promise<void>,
  /** Sends in `delay` ms at the earliest, never before a backoff or Retry-After ends. */
  schedule: (delay: number) => void,
  canSend: (explicit?: boolean) => boolean,
  clearTimer: () => void,
  flushSoon: (timeoutMs: number) => Promise<boolean>,
  stats: () => DeliveryStats,
  /** Stops for good: timer, `online` listener, waiters. */
  stop: () => void,
];

/** `consent` and `disposed` read the caller's current state. */
export function createSendLoop(config: DeliveryConfig, mirror: OutboxMirror, consent: () => Consent, disposed: () => boolean): SendLoop {
  const { outbox, scheduler } = config;
  const [local, waiters, op, , forget, settle, countDropped, markBeaconed, , settled, , load, dropped, adoptDropped] = mirror;
  let timer: unknown;
  let timerDue = Infinity;
  let running: Promise<void> | undefined;
  let rerun: RunOptions | undefined;
  let rejected = 0;
  let failures = 0;
  // Every reading of the clock goes through `clock` (send-waits.ts): a clock set back voids the waits.
  const [clock, blockedUntil, hold, wentBack, sane] = createSendWaits(config.clock, config.maxRetryAfterMs);
  /** Set when the endpoint refuses every request (404, 401...): nothing more is sent by this page. */
  let refused: string | undefined;

  // A beaconedAt ahead of the clock: the clock went back since, and the grace counts as over.
  const eligible = (record: OutboxRecord) => {
    const since = clock() - (record.beaconedAt ?? 0);
    return record.state === 'queued' || record.page !== config.pageId || since < 0 || since >= config.beaconGraceMs;
  };

  const canSend = (explicit?: boolean) =>
    !disposed() && refused === undefined && consent() === 'granted' && config.network.online() && clock() >= blockedUntil(explicit);

  /** Any delay (NaN, negative, a year) becomes one a timer holds. */
  const later = (callback: () => void, ms: number) => scheduler.setTimeout(callback, ms > 0 ? Math.min(ms, MAX_DELAY) : 0);

  // The deadline of the send in flight (send-deadline.ts), lifted by stop() too.
  let deadline: SendDeadline | undefined;

  const clearTimer = () => {
    if (timer !== undefined) scheduler.clearTimeout(timer);
    timer = undefined;
    timerDue = Infinity;
  };

  /** Sends in `delay` ms at the earliest, never before a backoff or Retry-After ends. */
  const schedule = (delay: number) => {
    if (disposed() || consent() !== 'granted' || !config.network.online()) return;
    const due = Math.max(clock() + delay, blockedUntil());
    if (timer !== undefined && timerDue <= due) return;
    clearTimer();
    timerDue = due;
    // A due beyond MAX_DELAY wakes early, finds itself blocked and sets the next timer.
    timer = later(() => {
      timer = undefined;
      timerDue = Infinity;
      void run({});
    }, due - clock());
  };

  /** Sends one batch. False when sending should stop for now (a transient failure). */
  const deliver = async (records: OutboxRecord[], options: RunOptions): Promise<boolean> => {
    let result: void | SendResult;
    // Its own: the halves sent below set `deadline` to theirs (lifting `deadline` left this one running).
    const limit = (deadline = sendDeadline());
    try {
      result = await Promise.race([config.transport.send(records.map((r) => r.event), { keepalive: options.keepalive }), limit.expired]);
    } catch (caught) {
      limit.cancel();
      // A host's transport may reject with anything (undefined, a string): read as an Error, else the loop threw and stalled.
      const error = (caught && typeof caught === 'object' ? caught : Error(String(caught))) as Partial<DeliveryError> & Error;
      if (isEndpointRefusal(error.status)) {
        // The endpoint itself refuses (wrong URL, auth): every batch would fail the same way.
        // Keep the events for a later page load instead of dropping them all; stop for this page.
        refused = error.message;
        config.report(new Error(`Guidepost stopped sending events for this page: ${error.message}; ${local.size} event(s) stay in the outbox`));
        return false;
      }
      // An event the transport cannot even write (nested past json-text.ts's bound, put in the
      // stored outbox by a broken or hostile writer) would fail every batch, as the oldest lead
      // them all, for good: malformed too, however the transport failed.
      const unwritable = error.status === undefined && records.some((r) => jsonTextOrNothing(r.event) === undefined);
      if (unwritable || isPermanentStatus(error.status)) {
        // Malformed: halve until the culprit is alone, so one bad event never costs its batch.
        if (records.length > 1) {
          const half = Math.ceil(records.length / 2);
          // Each half is a new request: none once consent is withdrawn, the page destroyed or offline.
          const send = async (part: OutboxRecord[]) => canSend(true) && deliver(part, options);
          return (await send(records.slice(0, half))) && send(records.slice(half));
        }
        rejected++;
        await forget([records[0].id], false);
        config.report(new Error(`Guidepost dropped a ${records[0].event.type} event (${records[0].id}) ${unwritable ? 'that cannot be sent' : 'the collector refused'}: ${error.message}`));
        return true;
      }
      failures++;
      const now = clock();
      const retryAfter = capRetryAfter(error.retryAfterMs, config.maxRetryAfterMs);
      const backoff = now + backoffDelay(failures, config.retryBaseMs, config.retryMaxMs, config.random());
      if (retryAfter !== undefined) {
        // Honour it to the letter, then spread the tabs and devices that were told the same; a floor
        // under the backoff, else "Retry-After: 0" (or a past date) on every answer retried each second.
        const until = now + retryAfter;
        hold(Math.max(until + config.random() * config.retryBaseMs, backoff), until);
        await op(() => outbox.updateMeta<number>('retryAt', (old) => Math.max(sane(old), until)));
      } else {
        hold(backoff);
      }
      if (failures === 1) config.report(new Error(`Guidepost could not deliver ${records.length} event(s), will retry: ${error.message}`));
      return false;
    } finally {
      limit.cancel();
    }
    failures = 0;
    hold(0);
    const ids = records.map((r) => r.id);
    if (result && result.acknowledged === false) {
      markBeaconed(records);
      // Marked in the store before the next batch is listed, or it would be listed (and sent) again.
      await settled();
      return true;
    }
    await forget(ids, true);
    return true;
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
      await settled(); // this tab's writes are in the store before anything is sent
      await enforceBound();
      // Other tabs count their drops in the same place.
      adoptDropped(await outbox.getMeta('dropped'));
      // Written before the clock went back, the shared Retry-After is as stale as this page's own.
      if (wentBack()) await op(() => outbox.updateMeta('retryAt', () => 0));
      const sharedRetryAt = sane(await outbox.getMeta('retryAt'));
      if (sharedRetryAt > clock()) {
        hold(undefined, Math.max(blockedUntil(true), sharedRetryAt));
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
      // Not sooner than 100 ms: with batchDelayMs 0, zero-delay timers polled a slow send of the other tab.
      if (local.size) schedule(waiters.size ? 100 : Math.max(100, config.batchDelayMs));
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
      while (current && !disposed()) {
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
  const ready: Promise<void> = load().then((inherited) => {
    if (inherited) schedule(0);
  });

  const offOnline = config.network.onOnline(() => {
    failures = 0;
    hold(0);
    void run({ explicit: true });
  });

  /** `Delivery.flushSoon`: sends now with keepalive and waits for what is known now to be acknowledged. */
  const flushSoon = (timeoutMs: number) => {
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
      handle = later(() => waiter.finish(false), timeoutMs);
      void run({ explicit: true, keepalive: true }).then(() => {
        // It failed and waits for a retry: do not hold the navigation for nothing.
        if (failures > 0 || !canSend(true)) waiter.finish(false);
      });
    });
  };

  const stats = (): DeliveryStats => {
    const until = blockedUntil();
    return {
      pending: local.size,
      dropped: dropped(),
      rejected,
      failures,
      consent: consent(),
      online: config.network.online(),
      ...(until > clock() ? { blockedUntil: until } : {}),
      ...(refused !== undefined ? { refused } : {}),
    };
  };

  const stop = () => {
    clearTimer();
    deadline?.cancel();
    offOnline();
    for (const waiter of [...waiters]) waiter.finish(false);
  };

  return [ready, run, schedule, canSend, clearTimer, flushSoon, stats, stop];
}
