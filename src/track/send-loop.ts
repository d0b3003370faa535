/**
 * The send loop: one pass at a time (`run` coalesces the calls made meanwhile into one more
 * pass), each under the outbox lock, reading batches from the shared store and delivering
 * them until the store is drained, a send fails, or sending is not allowed any more. The
 * retry decisions themselves are pure (retry-policy.ts); this applies them. Its parts: when it
 * may send (send-waits.ts), when it wakes (wake-timer.ts), what other tabs did to the shared
 * store (outbox-tabs.ts), how long one send may take (send-deadline.ts), and the keepalive
 * requests in flight that the page-hide beacons must leave room for (keepalive-in-flight.ts).
 */
import type { Consent, DeliveryConfig, DeliveryStats } from './delivery';
import type { OutboxMirror, Waiter } from './outbox-mirror';
import type { OutboxRecord } from './outbox';
import type { DeliveryError, SendResult } from './transport';
import { backoffDelay, capRetryAfter, isEndpointRefusal, isPermanentStatus } from './retry-policy';
import { sendDeadline, type SendDeadline } from './send-deadline';
import { createSendWaits } from './send-waits';
import { jsonTextOrNothing } from './json-text';
import { createWakeTimer, later } from './wake-timer';
import { createOutboxTabs } from './outbox-tabs';
import { bodyBytes, createKeepaliveInFlight, type KeepaliveInFlight } from './keepalive-in-flight';

export { SEND_GIVE_UP_MS } from './send-deadline';

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
  /** This page's keepalive requests in flight: the page-hide beacons get what is left of the quota (keepalive-in-flight.ts). */
  keepalive: KeepaliveInFlight,
];

/** `consent` and `disposed` read the caller's current state. */
export function createSendLoop(config: DeliveryConfig, mirror: OutboxMirror, consent: () => Consent, disposed: () => boolean): SendLoop {
  const { outbox, scheduler } = config;
  const [local, waiters, op, , forget, , , markBeaconed, , settled, , load, dropped] = mirror;
  // What the other tabs did to the shared store (outbox-tabs.ts).
  const [reconcile, enforceBound] = createOutboxTabs(config, mirror);
  let running: Promise<void> | undefined;
  let rerun: RunOptions | undefined;
  let rejected = 0;
  let failures = 0;
  // Every reading of the clock goes through `clock` (send-waits.ts): a clock set back voids the waits.
  const [clock, blockedUntil, hold, wentBack, sane] = createSendWaits(config.clock, config.maxRetryAfterMs);
  /** Set when the endpoint refuses every request (404, 401...): nothing more is sent by this page. */
  let refused: string | undefined;
  const keepalive = createKeepaliveInFlight();
  const [, , trackKeepalive] = keepalive;

  // A beaconedAt ahead of the clock: the clock went back since, and the grace counts as over.
  const eligible = (record: OutboxRecord) => {
    const since = clock() - (record.beaconedAt ?? 0);
    return record.state === 'queued' || record.page !== config.pageId || since < 0 || since >= config.beaconGraceMs;
  };

  const canSend = (explicit?: boolean) =>
    !disposed() && refused === undefined && consent() === 'granted' && config.network.online() && clock() >= blockedUntil(explicit);

  // The deadline of the send in flight (send-deadline.ts), lifted by stop() too.
  let deadline: SendDeadline | undefined;

  // One timer, the earliest asked for (wake-timer.ts); it runs a pass when it fires.
  const [wakeAt, clearTimer] = createWakeTimer(scheduler, clock, () => void run({}));

  /** Sends in `delay` ms at the earliest, never before a backoff or Retry-After ends. */
  const schedule = (delay: number) => {
    if (disposed() || consent() !== 'granted' || !config.network.online()) return;
    wakeAt(Math.max(clock() + delay, blockedUntil()));
  };

  /** Sends one batch. False when sending should stop for now (a transient failure). */
  const deliver = async (records: OutboxRecord[], options: RunOptions): Promise<boolean> => {
    let result: void | SendResult;
    // Its own: the halves sent below set `deadline` to theirs (lifting `deadline` left this one running).
    const limit = (deadline = sendDeadline());
    try {
      const events = records.map((r) => r.event);
      const answer = Promise.race([config.transport.send(events, { keepalive: options.keepalive }), limit.expired]);
      // Until answered (or given up), a keepalive request draws on the page's quota that the page-hide beacons share.
      if (options.keepalive) trackKeepalive(records.map((r) => r.id), bodyBytes(events), answer);
      result = await answer;
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
      // Left without an answer, as a beacon does: kept, marked, re-sent after the grace period. What
      // had left so once before (a beacon, or a send like this one) leaves the outbox: with a
      // transport that never acknowledges it would go again every grace period for good, and a
      // third unanswered copy tells no more than the second.
      const again = records.filter((r) => r.state === 'beaconed');
      if (again.length) await forget(again.map((r) => r.id), true);
      markBeaconed(records.filter((r) => r.state !== 'beaconed'), true);
      // Marked in the store before the next batch is listed, or it would be listed (and sent) again.
      await settled();
      return true;
    }
    await forget(ids, true);
    return true;
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
      await enforceBound(); // and adopts the drop count of the other tabs
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
      handle = later(scheduler, () => waiter.finish(false), timeoutMs);
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

  return [ready, run, schedule, canSend, clearTimer, flushSoon, stats, stop, keepalive];
}
