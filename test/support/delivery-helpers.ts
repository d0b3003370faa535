/**
 * Fakes for the delivery tests: a scriptable transport, a network switch, an in-memory
 * "Web Lock" shared by trackers that play different tabs, and a way to let fake-indexeddb
 * (which runs on the real setImmediate) make progress while timers are fake.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { GuidepostEvent } from '../../src/track/event';
import type { LockRunner } from '../../src/track/lock';
import type { NetworkMonitor, TrackerContext, TrackerOptions } from '../../src/track/tracker';
import { createTracker } from '../../src/track/tracker';
import * as pipeline from '../../src/track/pipeline';
import type { SendOptions, SendResult, Transport } from '../../src/track/transport';
import { memoryOutbox, type OutboxStore } from '../../src/track/outbox';

export interface Call {
  ids: string[];
  events: GuidepostEvent[];
  options?: SendOptions;
  at: number;
}

export function fakeTransport() {
  const calls: Call[] = [];
  let respond: (events: GuidepostEvent[], options?: SendOptions) => Promise<void | SendResult> = async () => undefined;
  const transport: Transport = {
    send(events, options) {
      calls.push({ ids: events.map((e) => e.event_id), events, options, at: Date.now() });
      return respond(events, options);
    },
  };
  return {
    transport,
    calls,
    /** Every id sent so far, in order (with repeats). */
    sentIds: () => calls.flatMap((c) => c.ids),
    respondWith(next: typeof respond) {
      respond = next;
    },
  };
}

export function fakeNetwork(initiallyOnline = true) {
  let online = initiallyOnline;
  const listeners = new Set<() => void>();
  const network: NetworkMonitor = {
    online: () => online,
    onOnline(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    network,
    set(value: boolean) {
      online = value;
      if (value) listeners.forEach((l) => l());
    },
  };
}

/** One lock shared by several trackers, with the Web Locks `ifAvailable` semantics. */
export function sharedLock(): LockRunner & { held: () => boolean } {
  let held = false;
  const runner = (async <T>(task: () => Promise<T>) => {
    if (held) return { acquired: false as const };
    held = true;
    try {
      return { acquired: true as const, value: await task() };
    } finally {
      held = false;
    }
  }) as LockRunner & { held: () => boolean };
  runner.held = () => held;
  return runner;
}

export const context = (overrides: Partial<TrackerContext> = {}): TrackerContext => ({
  anonymousId: 'anon-1',
  sessionId: 'session-1',
  userId: 'u1',
  accountId: 'acme',
  revision: 'r1',
  url: () => 'https://app.test/board',
  now: () => Date.now(),
  ...overrides,
});

export function tracker(options: Omit<TrackerOptions, 'report'> & { report?: TrackerOptions['report'] }) {
  const reports: string[] = [];
  const instance = createTracker(context(), {
    random: () => 0.5,
    lock: sharedLock(),
    // Bundled eagerly: these tests are about the pipeline; test/track/deferred-delivery.dom.test.ts covers loading it on demand.
    pipeline,
    report: (e) => reports.push(e.message),
    ...options,
  });
  return { tracker: instance, reports };
}

/** Lets real I/O (fake-indexeddb's setImmediate turns, promise chains) run without moving fake time. */
export async function io(turns = 30): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Runs fake timers by `ms`, letting I/O settle before and after. */
export async function advance(ms: number): Promise<void> {
  await io();
  await vi.advanceTimersByTimeAsync(ms);
  await io();
}

/** Waits until `predicate` holds: real I/O turns, and fake timers already due (never moving fake time). */
export async function until(predicate: () => boolean, turns = 400): Promise<void> {
  for (let i = 0; i < turns && !predicate(); i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(0);
  }
  if (!predicate()) throw new Error('condition not reached');
}

let dbCounter = 0;
/** A fresh IndexedDB database name per test (fake-indexeddb persists for the whole file). */
export const freshDbName = () => `guidepost-outbox-test-${++dbCounter}-${Math.random().toString(36).slice(2)}`;

export const goal = (name: string, properties?: Record<string, unknown>) => ({ type: 'goal' as const, name, ...(properties ? { properties } : {}) });

/** A store (over `inner`) whose operations work until `fail()`, then reject as a timed-out IndexedDB; counts closes. */
export function breakable(inner: OutboxStore = memoryOutbox()) {
  let broken = false;
  let closes = 0;
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) =>
      broken ? Promise.reject(new DOMException('The operation timed out', 'TimeoutError')) : fn(...args);
  const store: OutboxStore = {
    kind: 'indexeddb',
    put: guard(inner.put),
    list: guard(inner.list),
    ids: guard(inner.ids),
    count: guard(inner.count),
    delete: guard(inner.delete),
    clear: guard(inner.clear),
    getMeta: guard(inner.getMeta) as OutboxStore['getMeta'],
    updateMeta: guard(inner.updateMeta) as OutboxStore['updateMeta'],
    close: () => void closes++,
  };
  return { store, fail: (): void => void (broken = true), closes: () => closes };
}

/**
 * Fake `setTimeout`, `clearTimeout` and `Date` from `now` around each test of the file, and the
 * list of stops (send loops, mirrors) run after each test, before the real timers come back.
 */
export function useSendLoopClock(now: number): Array<() => void> {
  const stops: Array<() => void> = [];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now });
  });
  afterEach(() => {
    stops.splice(0).forEach((stop) => stop());
    vi.useRealTimers();
  });
  return stops;
}
