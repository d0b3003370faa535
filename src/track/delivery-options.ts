/**
 * What the tracker needs to know to deliver events: where to (a transport or an endpoint),
 * where they wait (the outbox) and the knobs of the send loop. Types only: the code that
 * reads them is the lazily loaded pipeline (pipeline.ts).
 */
import type { KeyValueStorage } from '../store/storage';
import type { LockRunner } from './lock';
import type { OutboxStore } from './outbox';
import type { NetworkMonitor, Scheduler } from './platform';
import type { Transport } from './transport';

/**
 * Where undelivered events wait: an outbox object (tests, custom stores), IndexedDB in its
 * own database (`browser`: shared by tabs, survives reloads, memory after any failure), or a
 * key-value storage (`keyValue`, when the host gave one).
 */
export type OutboxPlace =
  | OutboxStore
  /** `report` hears the database's failures (else the tracker's reporter does). */
  | { browser: { dbName?: string; timeoutMs?: number; report?: (error: Error) => void } }
  | { keyValue: KeyValueStorage };

export interface DeliveryKnobs {
  /** Where events go; without one (and no `endpoint`), events stay in the page (subscribers and sinks still get them). */
  transport?: Transport;
  /** HTTP collector URL: events are POSTed there as JSON (sendBeacon on page hide). Ignored when `transport` is set. */
  endpoint?: string;
  /** Milliseconds events wait to be batched. @default 500 */
  batchDelayMs?: number;
  /** Events per request. @default 50 */
  batchSize?: number;
  /** Where undelivered events wait (wrapped so any failure falls back to memory). @default memory (lost on reload) */
  outbox?: OutboxPlace;
  /** Bound of the outbox; past it the oldest events are dropped and counted. @default 10000 */
  maxQueued?: number;
  /** Timers. @default the global setTimeout/clearTimeout */
  scheduler?: Scheduler;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /** Online state. @default navigator.onLine and the window's `online` event */
  network?: NetworkMonitor;
  /** Cross-tab exclusion. @default the Web Lock `guidepost-outbox` when an `outbox` is given, none otherwise */
  lock?: LockRunner;
  /** First backoff step and cap, in ms; Retry-After values above `maxRetryAfterMs` are capped. @default { baseMs: 1000, maxMs: 60000, maxRetryAfterMs: 3600000 } */
  retry?: { baseMs?: number; maxMs?: number; maxRetryAfterMs?: number };
  /**
   * Page-hide beacons: body size per beacon, beacons per hide, body bytes per hide in all
   * (browsers cap keepalive data in flight at 64 KiB per page), and how long this page waits
   * before re-sending what it beaconed (a later page re-sends at once).
   * @default { maxBytes: 60000, maxChunks: 4, budgetBytes: 64512, graceMs: 30000 }
   */
  beacon?: { maxBytes?: number; maxChunks?: number; budgetBytes?: number; graceMs?: number };
}

/** The knobs with the tracker's clock and error reporter. */
export interface DeliveryOptions extends DeliveryKnobs {
  report: (error: Error) => void;
  clock: () => number;
}
