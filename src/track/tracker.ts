/**
 * The one event pipeline: every event the SDK emits passes through `emit`, which stamps
 * the shared fields, notifies `onEvent` and subscribers, and queues it for the transport.
 */
import { SDK_VERSION } from '../version';
import { EVENT_SCHEMA_VERSION, type GuidepostEvent } from './event';
import type { Transport } from './transport';
import { uuidv7 } from './uuid';

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

export interface Tracker {
  emit(fields: EventFields): GuidepostEvent;
  /** Subscribe to every event; returns the disposer. */
  subscribe(listener: (event: GuidepostEvent) => void): () => void;
  /** Sends what is queued (with `sendBeacon` when `beacon`). */
  flush(options?: { beacon?: boolean }): Promise<void>;
  /** Number of events not yet delivered. */
  pending(): number;
  setContext(update: Partial<TrackerContext>): void;
  dispose(): void;
}

export interface TrackerOptions {
  transport?: Transport;
  report: (error: Error) => void;
  /** Milliseconds events wait to be batched. @default 500 */
  batchDelayMs?: number;
  /** Events per request. @default 50 */
  batchSize?: number;
}

export function createTracker(initial: TrackerContext, options: TrackerOptions): Tracker {
  let context = initial;
  const listeners = new Set<(event: GuidepostEvent) => void>();
  let queue: GuidepostEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> = Promise.resolve();
  let failures = 0;
  const delay = options.batchDelayMs ?? 500;
  const size = options.batchSize ?? 50;

  const schedule = (ms: number) => {
    if (timer !== undefined || !options.transport) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, ms);
  };

  const flush = (flushOptions?: { beacon?: boolean }): Promise<void> => {
    const transport = options.transport;
    if (!transport || queue.length === 0) return sending;
    const batch = queue.slice(0, size);
    queue = queue.slice(size);
    sending = sending
      .then(() => transport.send(batch, flushOptions))
      .then(() => {
        failures = 0;
        if (queue.length) schedule(0);
      })
      .catch((error: Error) => {
        // Keep the events and retry with exponential backoff (capped at a minute).
        queue = [...batch, ...queue];
        failures++;
        options.report(new Error(`Guidepost could not deliver ${batch.length} events: ${error.message}`));
        schedule(Math.min(60_000, 1000 * 2 ** failures));
      });
    return sending;
  };

  return {
    emit(fields) {
      const now = context.now();
      const event: GuidepostEvent = {
        event_id: uuidv7(now),
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
          options.report(error as Error);
        }
      });
      if (options.transport) {
        queue.push(event);
        if (queue.length >= size) void flush();
        else schedule(delay);
      }
      return event;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush,
    pending: () => queue.length,
    setContext(update) {
      context = { ...context, ...update };
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}
