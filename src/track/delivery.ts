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
 *
 * The parts, composed here: retry-policy.ts (pure: what a failed send means, backoff, Retry-After),
 * outbox-mirror.ts (what this page knows is unacknowledged, writes, waiters), send-loop.ts
 * (passes under the lock, batches, halving; its wake-up in wake-timer.ts, the other tabs'
 * bookkeeping in outbox-tabs.ts), beacons.ts (page hide) with beacon-chunks.ts, and
 * keepalive-in-flight.ts (the keepalive quota the send loop's flushSoon and the beacons share).
 */
import type { GuidepostEvent } from './event';
import type { LockRunner } from './lock';
import type { NetworkMonitor, Scheduler } from './platform';
import type { OutboxRecord, OutboxStore } from './outbox';
import type { Transport } from './transport';
import { createOutboxMirror } from './outbox-mirror';
import { createSendLoop } from './send-loop';
import { beacon } from './beacons';

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

export function createDelivery(config: DeliveryConfig): Delivery {
  let consent = config.consent;
  let disposed = false;
  const mirror = createOutboxMirror(config, () => consent);
  const [local, , op, write, forget, , countDropped, , , , clear] = mirror;
  const [ready, run, schedule, canSend, clearTimer, flushSoon, stats, stop, keepalive] = createSendLoop(config, mirror, () => consent, () => disposed);

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
    beacon: () => beacon(config, mirror, canSend(true), schedule, keepalive),
    flushSoon,
    setConsent(granted) {
      if (granted) {
        consent = 'granted';
        if (local.size) schedule(0);
        return ready;
      }
      consent = 'denied';
      clearTimer();
      clear();
      return op(() => config.outbox.clear()).then(() => undefined);
    },
    pending: () => local.size,
    stats,
    dispose() {
      disposed = true;
      stop();
    },
  };
}
