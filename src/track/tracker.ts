/**
 * The one event pipeline: every event the SDK emits passes through `emit`, which stamps
 * the shared fields, notifies subscribers, forwards it to the sinks (once consent allows)
 * and hands it to delivery (outbox -> collector, see delivery.ts).
 */
import { GuidepostError } from '../errors';
import { SDK_VERSION } from '../version';
import type { Consent, Delivery, DeliveryStats } from './delivery';
import { EVENT_SCHEMA_VERSION, type GuidepostEvent } from './event';
import { deferDelivery, type PipelineModule } from './deferred-delivery';
import type { DeliveryKnobs } from './delivery-options';
import { uuidv7Sequence } from './uuid';
import { stringifyJson } from './json-text';

export type { Consent, DeliveryStats } from './delivery';
export type { NetworkMonitor, Scheduler } from './platform';
export type { OutboxPlace } from './delivery-options';

/** Body bytes a page-hide beacon may carry (browsers cap keepalive data in flight at 64 KiB). */
const BEACON_BYTES = 63 * 1024;

/**
 * Hands events that are still waiting for the delivery pipeline to a beacon (the page is being
 * hidden in the moment before the pipeline loaded): the oldest that fit in one beacon, of those
 * no earlier hide of this page handed over (`beaconed`, kept by the caller). When the pipeline
 * never comes (a chunk that fails or hangs) that moment is the page's life: a tab hidden and
 * shown again sent the same oldest events on every hide, and never the ones after them.
 */
function beaconEvents(options: DeliveryKnobs, events: GuidepostEvent[], beaconed: WeakSet<GuidepostEvent>): void {
  const encoder = new TextEncoder();
  const fit: string[] = [];
  const sent: GuidepostEvent[] = [];
  let bytes = 13; // {"events":[]}
  for (const event of events) {
    if (beaconed.has(event)) continue;
    const json = stringifyJson(event);
    const size = encoder.encode(json).length + 1;
    // One that alone is too large is left to the outbox; the others still go.
    if (bytes + size > BEACON_BYTES) continue;
    bytes += size;
    fit.push(json);
    sent.push(event);
  }
  if (!fit.length) return;
  // The host's transport may throw rather than reject, and sendBeacon throws for a URL it cannot
  // parse or a scheme other than http(s): these events then wait in the outbox (deferred-delivery.ts
  // stores what waits, after this), and the page going away (or destroy()) goes on.
  try {
    if (options.transport) {
      // A refusal (rejected) leaves them for the next hide, as the pipeline's beacons do.
      void Promise.resolve(options.transport.send(sent, { beacon: true })).catch(() => sent.forEach((event) => beaconed.delete(event)));
    } else if (typeof navigator === 'undefined' || !navigator.sendBeacon || !navigator.sendBeacon(options.endpoint!, new Blob([`{"events":[${fit.join(',')}]}`], { type: 'text/plain' }))) {
      return; // not queued by the browser (no sendBeacon, or over its quota): for the next hide
    }
    sent.forEach((event) => beaconed.add(event));
  } catch {
    // Left to the outbox.
  }
}

export interface TrackerContext {
  anonymousId: string;
  sessionId: string;
  userId: string | null;
  accountId: string | null;
  revision: string | null;
  url: () => string | null;
  now: () => number;
}

export type EventFields = Omit<GuidepostEvent, 'event_id' | 'ts' | 'schema_version' | 'sdk_version' | 'anonymous_id' | 'user_id' | 'account_id' | 'session_id' | 'revision' | 'url'>;

/** Receives events for an analytics tool (see sinks.ts); gated by consent. */
export type EventSink = (event: GuidepostEvent) => void;

export interface Tracker {
  /** Stamps and reports an event; `at`: when it happened, when that was before now (a call kept while start() ran). */
  emit(fields: EventFields, at?: number): GuidepostEvent;
  /** Subscribe to every event (in-page listeners; not gated by consent); returns the disposer. */
  subscribe(listener: (event: GuidepostEvent) => void): () => void;
  /**
   * Sends what is queued now. With `beacon` (page hide), hands it to `sendBeacon`
   * synchronously; beaconed events stay in the outbox until a later fetch is acknowledged.
   */
  flush(options?: { beacon?: boolean }): Promise<void>;
  /**
   * For a link that navigates away: sends what is queued now (keepalive) and resolves true
   * once the collector acknowledged it, or false after `timeoutMs` or on failure.
   * @default timeoutMs 1000
   */
  flushSoon(timeoutMs?: number): Promise<boolean>;
  /** Number of events not yet acknowledged by the collector. */
  pending(): number;
  /** Oldest events dropped because the outbox reached `maxQueued`. */
  dropped(): number;
  /** Delivery counters and state, for diagnostics. */
  stats(): DeliveryStats;
  /**
   * Grants or revokes consent. Granting sends what waited; revoking deletes every queued
   * event from the outbox and stops queueing and forwarding to sinks until granted again.
   */
  setConsent(granted: boolean): Promise<void>;
  consent(): Consent;
  /** Resolves once the outbox left by earlier pages is loaded. */
  readonly ready: Promise<void>;
  setContext(update: Partial<TrackerContext>): void;
  dispose(): void;
}

export interface TrackerOptions extends DeliveryKnobs {
  report: (error: Error) => void;
  /** Queue events but send nothing (and forward nothing to sinks) until `setConsent(true)`. @default false */
  requireConsent?: boolean;
  /** A decision made before the tracker existed (the host's consent() before start()): it starts granted or denied, whatever `requireConsent` says. */
  consent?: boolean;
  /** Analytics forwarders (see sinks.ts), called for every event once consent allows. @default [] */
  sinks?: EventSink[];
  /** Clock for delivery (backoff, Retry-After, beacons). @default the context's `now` */
  clock?: () => number;
  /** The delivery code, when bundled eagerly (tests). @default loaded on demand (see deferred-delivery.ts) */
  pipeline?: PipelineModule;
}

/**
 * Longest JSON text of one event queued: a collector takes bodies of at most 1,000,000 bytes
 * (`guidepost serve`), so a longer event can never be delivered. Queued, a `track()` given
 * megabytes was stored (its quota failure switched the whole outbox to memory), kept in memory
 * and sent again in every batch it led, halved, before it was dropped.
 */
export const MAX_EVENT_CHARS = 1_000_000;

export function createTracker(initial: TrackerContext, options: TrackerOptions): Tracker {
  let context = initial;
  const listeners = new Set<(event: GuidepostEvent) => void>();
  const sinks = options.sinks ?? [];
  const maxQueued = options.maxQueued ?? 10_000;
  let consent: Consent = options.consent !== undefined ? (options.consent ? 'granted' : 'denied') : options.requireConsent ? 'pending' : 'granted';
  /** Events waiting for consent before reaching the sinks (in memory: sinks are page-scoped). */
  let sinkBacklog: GuidepostEvent[] = [];
  const clock = options.clock ?? (() => context.now());
  // Ids in emit order, also within one millisecond: the outbox and the send loop order events by id.
  const nextEventId = uuidv7Sequence();

  /**
   * The host's own callback threw: reported with its message (code `delivery`, the event's way
   * out), and what it threw as the cause, so its stack reaches onError.
   */
  const hostFailed = (error: unknown) => options.report(new GuidepostError('delivery', (error as Error)?.message ?? String(error), undefined, error));

  const forward = (event: GuidepostEvent) => {
    for (const sink of sinks) {
      try {
        sink(event);
      } catch (error) {
        hostFailed(error);
      }
    }
  };

  // Waiting events a page hide handed to a beacon (beaconEvents): weak, they stay the waiting list's.
  const beaconedWaiting = new WeakSet<GuidepostEvent>();
  // The pipeline loads on demand (deferred-delivery.ts): a page with nothing to report never downloads it.
  const delivery: Delivery | undefined =
    options.transport || options.endpoint
      ? deferDelivery({ ...options, clock }, consent, options.pipeline ?? (() => import('./pipeline')), (events) => beaconEvents(options, events, beaconedWaiting))
      : undefined;

  const noStats = (): DeliveryStats => ({ pending: 0, dropped: 0, rejected: 0, failures: 0, consent, online: true });

  return {
    emit(fields, at) {
      const now = at ?? context.now();
      const event: GuidepostEvent = {
        event_id: nextEventId(now),
        ts: new Date(now).toISOString(),
        schema_version: EVENT_SCHEMA_VERSION,
        sdk_version: SDK_VERSION,
        anonymous_id: context.anonymousId,
        user_id: context.userId,
        account_id: context.accountId,
        session_id: context.sessionId,
        revision: context.revision,
        url: context.url(),
        ...fields,
      };
      listeners.forEach((listener) => {
        try {
          listener(event);
        } catch (error) {
          hostFailed(error);
        }
      });
      if (sinks.length && consent === 'granted') forward(event);
      else if (sinks.length && consent === 'pending') {
        sinkBacklog.push(event);
        if (sinkBacklog.length > maxQueued) sinkBacklog.shift();
      }
      if (delivery && consent !== 'denied') {
        // The outbox keeps JSON only (no functions, Dates become strings), so IndexedDB can always store it.
        let text: string | undefined;
        try {
          text = stringifyJson(event);
        } catch (error) {
          options.report(new Error(`Guidepost could not queue a ${event.type} event: its properties are not JSON (${(error as Error).message})`));
        }
        if (text && text.length > MAX_EVENT_CHARS) options.report(new Error(`Guidepost could not queue a ${event.type} event: its JSON is ${text.length} characters, over ${MAX_EVENT_CHARS}`));
        else if (text) delivery.enqueue(JSON.parse(text) as GuidepostEvent);
      }
      return event;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush(flushOptions) {
      if (!delivery) return Promise.resolve();
      return flushOptions?.beacon ? delivery.beacon() : delivery.flush();
    },
    flushSoon(timeoutMs = 1000) {
      return delivery ? delivery.flushSoon(timeoutMs) : Promise.resolve(true);
    },
    pending: () => delivery?.pending() ?? 0,
    dropped: () => delivery?.stats().dropped ?? 0,
    stats: () => delivery?.stats() ?? noStats(),
    setConsent(granted) {
      consent = granted ? 'granted' : 'denied';
      const backlog = sinkBacklog;
      sinkBacklog = [];
      if (granted) backlog.forEach(forward);
      return delivery ? delivery.setConsent(granted) : Promise.resolve();
    },
    consent: () => consent,
    ready: delivery?.ready ?? Promise.resolve(),
    setContext(update) {
      context = { ...context, ...update };
    },
    dispose() {
      delivery?.dispose();
      listeners.clear();
      sinkBacklog = [];
    },
  };
}
