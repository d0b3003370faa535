/**
 * Delivery code loaded on demand (src/track/deferred-delivery.ts): `deferDelivery` loads the
 * pipeline chunk on the first event, when an earlier page left events in the outbox, or when
 * consent is revoked; until then events wait in memory (bounded by `maxQueued`), a page hide
 * hands them to `beaconWaiting`, and a load that fails is reported once and retried.
 *
 * Tested directly (with a `load` that counts its calls, or that is released by the test) and
 * through `createTracker` without the `pipeline` option (the real dynamic import).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Consent, Delivery, DeliveryStats } from '../../src/track/delivery';
import type { DeliveryOptions, OutboxPlace } from '../../src/track/delivery-options';
import { deferDelivery, type PipelineModule } from '../../src/track/deferred-delivery';
import type { GuidepostEvent } from '../../src/track/event';
import { indexedDbOutbox, keyValueOutbox, memoryOutbox, type OutboxRecord, type OutboxStore } from '../../src/track/outbox';
import * as pipeline from '../../src/track/pipeline';
import { memoryStorage } from '../../src/store/storage';
import { createTracker, type TrackerOptions } from '../../src/track/tracker';
import { DeliveryError } from '../../src/track/transport';
import { uuidv7 } from '../../src/track/uuid';
import { context, fakeNetwork, fakeTransport, freshDbName, goal, io, sharedLock, tracker, until } from '../support/delivery-helpers';

const START = Date.parse('2026-11-22T10:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date(START) });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** Event ids are UUIDv7 and the outbox sorts by id: a strictly increasing time keeps emit order. */
let tick = START;

function makeEvent(name: string, properties?: Record<string, unknown>): GuidepostEvent {
  const now = ++tick;
  return {
    event_id: uuidv7(now),
    type: 'goal',
    name,
    ts: new Date(now).toISOString(),
    schema_version: 1,
    sdk_version: 'test',
    anonymous_id: 'anon-1',
    user_id: 'u1',
    account_id: 'acme',
    session_id: 'session-1',
    revision: 'r1',
    url: 'https://app.test/board',
    ...(properties ? { properties } : {}),
  };
}

const events = (count: number, prefix = 'e') => Array.from({ length: count }, (_, i) => makeEvent(`${prefix}${i}`));
const ids = (list: GuidepostEvent[]) => list.map((e) => e.event_id);
const record = (event: GuidepostEvent): OutboxRecord => ({ id: event.event_id, event, state: 'queued' });

/** Delivery options for `deferDelivery`: no batch delay, a fake network and lock, reports collected. */
function deliveryOptions(overrides: Partial<DeliveryOptions> = {}) {
  const reports: string[] = [];
  const options: DeliveryOptions = {
    report: (error) => reports.push(error.message),
    clock: () => Date.now(),
    random: () => 0.5,
    lock: sharedLock(),
    network: fakeNetwork().network,
    batchDelayMs: 0,
    ...overrides,
  };
  return { options, reports };
}

/** A `load` that imports the real pipeline chunk and counts its calls. */
function countingLoad() {
  const state = { loads: 0 };
  const load = () => {
    state.loads++;
    return import('../../src/track/pipeline');
  };
  return { load, state };
}

/**
 * A `load` that waits for the test: `release()` resolves every load in flight with `module`,
 * `fail()` rejects them. Counts its calls and the deliveries the module opened.
 */
function gatedLoad(module: PipelineModule = pipeline) {
  let loads = 0;
  const inFlight: Array<{ resolve: (m: PipelineModule) => void; reject: (e: Error) => void }> = [];
  const opened: Consent[] = [];
  const spied: PipelineModule = {
    openDelivery(options, consent) {
      opened.push(consent);
      return module.openDelivery(options, consent);
    },
  };
  return {
    load: () => {
      loads++;
      return new Promise<PipelineModule>((resolve, reject) => inFlight.push({ resolve, reject }));
    },
    loads: () => loads,
    inFlight: () => inFlight.length,
    opened,
    release: () => inFlight.splice(0).forEach((p) => p.resolve(spied)),
    fail: (error: Error) => inFlight.splice(0).forEach((p) => p.reject(error)),
  };
}

/** A pipeline whose delivery only records what it is given (in order). */
function recordingPipeline() {
  const enqueued: string[] = [];
  const opened: Consent[] = [];
  const stats = (): DeliveryStats => ({ pending: 0, dropped: 0, rejected: 0, failures: 0, consent: 'granted', online: true });
  const delivery: Delivery = {
    ready: Promise.resolve(),
    enqueue: (event) => void enqueued.push(event.event_id),
    flush: () => Promise.resolve(),
    beacon: () => Promise.resolve(),
    flushSoon: () => Promise.resolve(true),
    setConsent: () => Promise.resolve(),
    pending: () => 0,
    stats,
    dispose: () => undefined,
  };
  const module: PipelineModule = {
    openDelivery(_options, consent) {
      opened.push(consent);
      return delivery;
    },
  };
  return { module, enqueued, opened };
}

/** A memory outbox that tells, synchronously, whether it was cleared. */
function watchedOutbox(inner: OutboxStore = memoryOutbox()) {
  const state = { clears: 0, puts: 0 };
  const store: OutboxStore = {
    ...inner,
    put: (records) => {
      state.puts += records.length;
      return inner.put(records);
    },
    clear: async () => {
      await inner.clear();
      state.clears++;
    },
  };
  return { store, state };
}

/** Waits (real I/O turns, due fake timers) until an asynchronous check holds. */
async function untilAsync(check: () => Promise<boolean>, turns = 200): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await check()) return;
    await io(2);
    await vi.advanceTimersByTimeAsync(0);
  }
  throw new Error('condition not reached');
}

/** A tracker without the `pipeline` option: delivery loads with the real dynamic import. */
function lazyTracker(options: Omit<TrackerOptions, 'report'>, now?: () => number) {
  const reports: string[] = [];
  let clock = START;
  const instance = createTracker(
    // A strictly increasing context clock gives increasing event ids (emit order = outbox order).
    context({ now: now ?? (() => Math.max(++clock, Date.now())) }),
    {
      random: () => 0.5,
      lock: sharedLock(),
      network: fakeNetwork().network,
      clock: () => Date.now(),
      batchDelayMs: 0,
      report: (e) => reports.push(e.message),
      ...options,
    },
  );
  return { tracker: instance, reports };
}

/** Writes `count` events into the IndexedDB outbox `dbName` with a first tracker on the real pipeline; returns their ids. */
async function earlierPage(dbName: string, count: number): Promise<string[]> {
  const fake = fakeTransport();
  fake.respondWith(async () => {
    throw new DeliveryError('collector unreachable');
  });
  // requireConsent: the first page stores and never sends.
  const first = tracker({ transport: fake.transport, outbox: { browser: { dbName } }, requireConsent: true });
  const written: string[] = [];
  for (let i = 0; i < count; i++) {
    vi.setSystemTime(Date.now() + 1); // increasing ids: the outbox order is the emit order
    written.push(first.tracker.emit(goal(`earlier-${i}`)).event_id);
  }
  const check = indexedDbOutbox(dbName);
  await untilAsync(async () => (await check.count()) === count);
  check.close?.();
  first.tracker.dispose();
  expect(fake.calls).toHaveLength(0);
  return written;
}

// ---------------------------------------------------------------------------------------------
// 1. Nothing to deliver: nothing loaded
// ---------------------------------------------------------------------------------------------

describe('nothing to deliver', () => {
  const places: Array<[string, () => OutboxPlace | undefined]> = [
    ['no outbox', () => undefined],
    ['an empty OutboxStore', () => memoryOutbox()],
    ['an empty keyValue storage', () => ({ keyValue: memoryStorage() })],
    ['an empty IndexedDB outbox', () => ({ browser: { dbName: freshDbName() } })],
  ];
  it.each(places)('loads nothing with %s: ready, flush, flushSoon, beacon and setConsent(true) leave the chunk alone', async (_name, place) => {
    const fake = fakeTransport();
    const { load, state } = countingLoad();
    const beaconed: GuidepostEvent[][] = [];
    const { options, reports } = deliveryOptions({ transport: fake.transport, outbox: place() });
    const delivery = deferDelivery(options, 'granted', load, (list) => beaconed.push(list));
    await delivery.ready;
    expect(state.loads).toBe(0);
    await delivery.flush();
    await delivery.beacon();
    expect(await delivery.flushSoon(1000)).toBe(true);
    await delivery.setConsent(true);
    await io();
    expect(state.loads).toBe(0);
    expect(delivery.pending()).toBe(0);
    expect(delivery.stats()).toMatchObject({ pending: 0, dropped: 0, consent: 'granted' });
    expect(beaconed).toHaveLength(0);
    expect(fake.calls).toHaveLength(0);
    expect(reports).toEqual([]);
    delivery.dispose();
  });

  it('a tracker that emits nothing resolves ready and flushes without sending (lazy pipeline, empty IndexedDB outbox)', async () => {
    const fake = fakeTransport();
    const { tracker: t, reports } = lazyTracker({ transport: fake.transport, outbox: { browser: { dbName: freshDbName() } } });
    await t.ready;
    await t.flush();
    await t.flush({ beacon: true });
    expect(t.pending()).toBe(0);
    expect(fake.calls).toHaveLength(0);
    expect(reports).toEqual([]);
    t.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The first event loads the pipeline once; waiting events arrive in order, once each
// ---------------------------------------------------------------------------------------------

describe('the first event', () => {
  it('loads the pipeline exactly once for many events, and hands them over in order, once each', async () => {
    const fake = recordingPipeline();
    let loads = 0;
    const { options } = deliveryOptions({ transport: fakeTransport().transport });
    const delivery = deferDelivery(options, 'granted', () => (loads++, Promise.resolve(fake.module)), () => undefined);
    const list = events(200);
    for (const event of list) delivery.enqueue(event);
    expect(loads).toBe(1);
    expect(delivery.pending()).toBe(200);
    await until(() => fake.enqueued.length === 200);
    expect(fake.enqueued).toEqual(ids(list));
    expect(fake.opened).toEqual(['granted']);
    // Once loaded, events go straight to the delivery.
    const late = makeEvent('late');
    delivery.enqueue(late);
    expect(fake.enqueued).toEqual([...ids(list), late.event_id]);
    await delivery.flush();
    expect(loads).toBe(1);
    delivery.dispose();
  });

  it('with the real pipeline: every waiting event is sent, in order, none lost, none duplicated', async () => {
    const fake = fakeTransport();
    const { load, state } = countingLoad();
    const { options, reports } = deliveryOptions({ transport: fake.transport, batchSize: 20 });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    await delivery.ready;
    expect(state.loads).toBe(0);
    const list = events(75);
    for (const event of list) delivery.enqueue(event);
    expect(state.loads).toBe(1);
    await until(() => fake.sentIds().length >= 75 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual(ids(list));
    // More events and flushes after the load do not load again.
    const more = events(5, 'more');
    for (const event of more) delivery.enqueue(event);
    await delivery.flush();
    await until(() => delivery.pending() === 0);
    expect(fake.sentIds()).toEqual([...ids(list), ...ids(more)]);
    expect(state.loads).toBe(1);
    expect(reports).toEqual([]);
    delivery.dispose();
  });

  it('through createTracker (no pipeline option): the emitted events reach the collector in order, once each', async () => {
    const fake = fakeTransport();
    const { tracker: t, reports } = lazyTracker({ transport: fake.transport, batchSize: 10 });
    await t.ready;
    const emitted = Array.from({ length: 40 }, (_, i) => t.emit(goal(`g${i}`)).event_id);
    // Nothing has loaded yet (the import is asynchronous): the events wait in memory.
    expect(t.pending()).toBe(40);
    expect(fake.calls).toHaveLength(0);
    await until(() => fake.sentIds().length >= 40 && t.pending() === 0);
    expect(fake.sentIds()).toEqual(emitted);
    expect(reports).toEqual([]);
    t.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Events stored by an earlier page load the pipeline at `ready`
// ---------------------------------------------------------------------------------------------

describe('events left by an earlier page', () => {
  it('an OutboxStore holding records makes ready load the pipeline, and they are sent', async () => {
    const outbox = memoryOutbox();
    const stored = events(3, 'stored');
    await outbox.put(stored.map(record));
    const fake = fakeTransport();
    const { load, state } = countingLoad();
    const { options } = deliveryOptions({ transport: fake.transport, outbox });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    await delivery.ready;
    expect(state.loads).toBe(1);
    await until(() => fake.sentIds().length >= 3 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual(ids(stored));
    expect(await outbox.count()).toBe(0);
    expect(state.loads).toBe(1);
    delivery.dispose();
  });

  it("a keyValue storage holding 'outbox:events' makes ready load the pipeline, and they are sent", async () => {
    const storage = memoryStorage();
    const stored = events(2, 'kv');
    await keyValueOutbox(storage).put(stored.map(record));
    expect(((await storage.get<unknown[]>('outbox:events')) ?? []).length).toBe(2);
    const fake = fakeTransport();
    const { load, state } = countingLoad();
    const { options } = deliveryOptions({ transport: fake.transport, outbox: { keyValue: storage } });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    await delivery.ready;
    expect(state.loads).toBe(1);
    await until(() => fake.sentIds().length >= 2 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual(ids(stored));
    delivery.dispose();
  });

  it('an IndexedDB outbox written by a first tracker (real pipeline) makes the next ready load it once, and the events are sent', async () => {
    const dbName = freshDbName();
    const written = await earlierPage(dbName, 4);
    const fake = fakeTransport();
    const { load, state } = countingLoad();
    const { options } = deliveryOptions({ transport: fake.transport, outbox: { browser: { dbName } } });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    await delivery.ready;
    expect(state.loads).toBe(1);
    await until(() => fake.sentIds().length >= 4 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual(written);
    const check = indexedDbOutbox(dbName);
    await untilAsync(async () => (await check.count()) === 0);
    check.close?.();
    expect(state.loads).toBe(1);
    delivery.dispose();
  });

  it('through createTracker with outbox: { browser: { dbName } }: ready loads the pipeline and the earlier events are sent', async () => {
    const dbName = freshDbName();
    const written = await earlierPage(dbName, 3);
    const fake = fakeTransport();
    const { tracker: t, reports } = lazyTracker({ transport: fake.transport, outbox: { browser: { dbName } } });
    await t.ready;
    // The pipeline is there: pending() is the real delivery's count of inherited events (or 0 once sent).
    await until(() => fake.sentIds().length >= 3 && t.pending() === 0);
    expect(fake.sentIds()).toEqual(written);
    expect(reports).toEqual([]);
    t.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Consent
// ---------------------------------------------------------------------------------------------

describe('consent', () => {
  it('pending: events wait (before and after the load), a page hide beacons nothing, nothing is sent until granted', async () => {
    const fake = fakeTransport();
    const gate = gatedLoad();
    const beaconed: GuidepostEvent[][] = [];
    const { store } = watchedOutbox();
    const { options } = deliveryOptions({ transport: fake.transport, outbox: store });
    const delivery = deferDelivery(options, 'pending', gate.load, (list) => beaconed.push(list));
    const list = events(3);
    for (const event of list) delivery.enqueue(event);
    expect(delivery.pending()).toBe(3);
    await delivery.beacon();
    expect(beaconed).toHaveLength(0);
    gate.release();
    await delivery.flush(); // resolves once the pipeline loaded and flushed
    expect(gate.opened).toEqual(['pending']);
    await delivery.beacon();
    await io();
    expect(fake.calls).toHaveLength(0);
    expect(delivery.pending()).toBe(3);
    expect(await store.count()).toBe(3);
    await delivery.setConsent(true);
    await until(() => fake.sentIds().length >= 3 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual(ids(list));
    expect(gate.loads()).toBe(1);
    delivery.dispose();
  });

  it('through createTracker with requireConsent: nothing leaves (flush, page hide) until setConsent(true)', async () => {
    const fake = fakeTransport();
    const { tracker: t } = lazyTracker({ transport: fake.transport, requireConsent: true });
    const emitted = [t.emit(goal('a')).event_id, t.emit(goal('b')).event_id];
    void t.flush({ beacon: true }); // before the load
    await t.flush(); // loads the pipeline
    await t.flush({ beacon: true }); // after the load
    await io();
    expect(fake.calls).toHaveLength(0);
    expect(t.pending()).toBe(2);
    await t.setConsent(true);
    await until(() => t.pending() === 0);
    expect(fake.sentIds()).toEqual(emitted);
    t.dispose();
  });

  it('setConsent(false) before the load drops the waiting events and loads the pipeline to clear the stored ones', async () => {
    const { store, state } = watchedOutbox();
    const earlier = events(2, 'earlier');
    await store.put(earlier.map(record));
    const fake = fakeTransport();
    const gate = gatedLoad();
    const beaconed: GuidepostEvent[][] = [];
    const { options } = deliveryOptions({ transport: fake.transport, outbox: store });
    const delivery = deferDelivery(options, 'pending', gate.load, (list) => beaconed.push(list));
    await until(() => gate.loads() === 1); // ready found the stored events
    for (const event of events(3, 'waiting')) delivery.enqueue(event);
    expect(delivery.pending()).toBe(3);
    const revoked = delivery.setConsent(false);
    expect(delivery.pending()).toBe(0);
    expect(delivery.stats().consent).toBe('denied');
    delivery.enqueue(makeEvent('while-denied'));
    expect(delivery.pending()).toBe(0);
    await delivery.beacon();
    expect(beaconed).toHaveLength(0);
    gate.release();
    await revoked;
    await until(() => state.clears > 0);
    expect(await store.count()).toBe(0);
    expect(gate.opened).toEqual(['denied']);
    expect(gate.loads()).toBe(1);
    await delivery.flush();
    await io();
    expect(fake.calls).toHaveLength(0);
    // Granting again (after the load) starts afresh: only events from then on.
    await delivery.setConsent(true);
    const fresh = makeEvent('fresh');
    delivery.enqueue(fresh);
    await until(() => fake.sentIds().length >= 1 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual([fresh.event_id]);
    delivery.dispose();
  });

  it('setConsent(false) with nothing waiting and no outbox still loads the pipeline (to clear), once', async () => {
    const { load, state } = countingLoad();
    const fake = fakeTransport();
    const { options } = deliveryOptions({ transport: fake.transport });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    await delivery.ready;
    expect(state.loads).toBe(0);
    await delivery.setConsent(false);
    expect(state.loads).toBe(1);
    await delivery.setConsent(true);
    const event = makeEvent('after');
    delivery.enqueue(event);
    await until(() => fake.sentIds().length >= 1 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual([event.event_id]);
    expect(state.loads).toBe(1);
    delivery.dispose();
  });

  // BUG (see report): the promise setConsent(false) returns before the load resolves once the
  // pipeline opened, not once the stored events are deleted (open() fires delivery.setConsent(false)
  // without awaiting it). The eager pipeline's setConsent(false) resolves after outbox.clear().
  it('await setConsent(false) before the load: the stored events are already deleted when it resolves', async () => {
    const outbox = memoryOutbox();
    await outbox.put(events(2, 'earlier').map(record));
    const gate = gatedLoad();
    const { options } = deliveryOptions({ transport: fakeTransport().transport, outbox });
    const delivery = deferDelivery(options, 'granted', gate.load, () => undefined);
    await until(() => gate.inFlight() === 1);
    const revoked = delivery.setConsent(false);
    gate.release();
    await revoked;
    expect(await outbox.count()).toBe(0);
    delivery.dispose();
  });

  it.each([
    ['an OutboxStore', () => ({ place: memoryOutbox() as OutboxPlace, count: (place: OutboxPlace) => (place as OutboxStore).count() })],
    ['a key-value storage', () => {
      const storage = memoryStorage();
      return { place: { keyValue: storage } as OutboxPlace, count: () => keyValueOutbox(storage).count() };
    }],
    ['the browser outbox (IndexedDB)', () => {
      const dbName = freshDbName();
      return { place: { browser: { dbName } } as OutboxPlace, count: () => indexedDbOutbox(dbName).count() };
    }],
  ])('setConsent(false) whose pipeline cannot be loaded still deletes what %s holds before it resolves', async (_name, make) => {
    const { place, count } = make();
    const writer = 'clear' in place ? (place as OutboxStore) : 'keyValue' in place ? keyValueOutbox(place.keyValue) : indexedDbOutbox((place as { browser: { dbName: string } }).browser.dbName);
    await writer.put(events(2, 'earlier').map(record));
    const gate = gatedLoad();
    const { options, reports } = deliveryOptions({ transport: fakeTransport().transport, outbox: place });
    const delivery = deferDelivery(options, 'granted', gate.load, () => undefined);
    await until(() => gate.inFlight() === 1); // ready found the stored events
    gate.fail(new Error('offline'));
    await delivery.ready;
    const revoked = delivery.setConsent(false);
    await until(() => gate.inFlight() === 1);
    gate.fail(new Error('offline'));
    await revoked;
    expect(await count(place)).toBe(0);
    expect(reports.filter((message) => message.includes('could not be deleted'))).toEqual([]);
    delivery.dispose();
  });

  it('through createTracker: an earlier page left events in IndexedDB; setConsent(false) deletes them, setConsent(true) then sends only new events', async () => {
    const dbName = freshDbName();
    const written = await earlierPage(dbName, 3);
    const fake = fakeTransport();
    const { tracker: t, reports } = lazyTracker({ transport: fake.transport, outbox: { browser: { dbName } }, requireConsent: true });
    await t.setConsent(false);
    const check = indexedDbOutbox(dbName);
    await untilAsync(async () => (await check.count()) === 0);
    expect(t.pending()).toBe(0);
    await t.setConsent(true);
    const fresh = t.emit(goal('fresh')).event_id;
    await until(() => fake.sentIds().length >= 1 && t.pending() === 0);
    expect(fake.sentIds()).toEqual([fresh]);
    for (const id of written) expect(fake.sentIds()).not.toContain(id);
    check.close?.();
    expect(reports).toEqual([]);
    t.dispose();
  });

  // BUG (see report): revoked then granted again before the pipeline loaded, events emitted
  // meanwhile are lost. open() runs delivery.setConsent(false) (outbox.clear() queued behind the
  // outbox load), delivery.setConsent(true), then enqueues the waiting events, whose write is
  // not queued behind that clear: the clear deletes them from the store and the send loop's
  // reconcile then forgets them as "delivered by another tab". Nothing is sent.
  it('revoked then granted again before the load: events emitted after the grant are delivered', async () => {
    const fake = fakeTransport();
    const gate = gatedLoad();
    const { options } = deliveryOptions({ transport: fake.transport, outbox: memoryOutbox() });
    const delivery = deferDelivery(options, 'granted', gate.load, () => undefined);
    await delivery.ready;
    void delivery.setConsent(false);
    void delivery.setConsent(true);
    const list = events(2, 'after-grant');
    for (const event of list) delivery.enqueue(event);
    expect(delivery.pending()).toBe(2);
    gate.release();
    await delivery.flush();
    await until(() => fake.sentIds().length >= 2, 100);
    expect(fake.sentIds()).toEqual(ids(list));
    delivery.dispose();
  });

  // Same BUG, later window: an event emitted right after the pipeline opened (before the clear
  // queued behind the outbox load has run) is deleted by that clear as well. Emitted here in the
  // microtask right after open(), which makes the interleaving deterministic.
  it('revoked then granted again before the load: an event emitted right after it opened is delivered', async () => {
    const fake = fakeTransport();
    let resolveLoad!: (module: PipelineModule) => void;
    let loaded!: Promise<PipelineModule>;
    const load = () => (loaded = new Promise<PipelineModule>((resolve) => (resolveLoad = resolve)));
    const { options, reports } = deliveryOptions({ transport: fake.transport, outbox: memoryOutbox() });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    await delivery.ready;
    void delivery.setConsent(false); // starts the load (deferDelivery chains open() on it first)
    void delivery.setConsent(true);
    const event = makeEvent('right-after-open');
    const emitted = loaded.then(() => delivery.enqueue(event));
    resolveLoad(pipeline);
    await emitted;
    expect(delivery.pending()).toBe(1);
    await until(() => fake.sentIds().length >= 1 || delivery.pending() === 0);
    expect(reports).toEqual([]);
    expect(fake.sentIds()).toEqual([event.event_id]);
    delivery.dispose();
  });

  it('revoked then granted again before the load: once the stored outbox is cleared, new events are delivered', async () => {
    const fake = fakeTransport();
    const gate = gatedLoad();
    const { store, state } = watchedOutbox();
    const earlier = events(2, 'earlier');
    await store.put(earlier.map(record));
    const { options } = deliveryOptions({ transport: fake.transport, outbox: store });
    const delivery = deferDelivery(options, 'pending', gate.load, () => undefined);
    await until(() => gate.inFlight() === 1);
    void delivery.setConsent(false);
    void delivery.setConsent(true);
    expect(delivery.stats().consent).toBe('granted');
    gate.release();
    await until(() => state.clears === 1);
    expect(gate.opened).toEqual(['denied']);
    const event = makeEvent('after-clear');
    delivery.enqueue(event);
    await until(() => fake.sentIds().length >= 1 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual([event.event_id]);
    expect(await store.count()).toBe(0);
    expect(gate.loads()).toBe(1);
    delivery.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// 5, 6. Page hide before the pipeline loaded
// ---------------------------------------------------------------------------------------------

describe('page hide before the pipeline loaded', () => {
  it('deferDelivery: beacon() hands the waiting events to beaconWaiting (a copy), and they still reach the pipeline when it loads', async () => {
    const fake = fakeTransport();
    const gate = gatedLoad();
    const beaconed: GuidepostEvent[][] = [];
    const { options } = deliveryOptions({ transport: fake.transport });
    const delivery = deferDelivery(options, 'granted', gate.load, (list) => beaconed.push(list));
    const list = events(4);
    for (const event of list) delivery.enqueue(event);
    await delivery.beacon();
    expect(beaconed).toHaveLength(1);
    expect(ids(beaconed[0])).toEqual(ids(list));
    expect(delivery.pending()).toBe(4); // still waiting for the pipeline
    const later = makeEvent('later');
    delivery.enqueue(later);
    expect(beaconed[0]).toHaveLength(4); // a copy: not the live waiting list
    gate.release();
    await until(() => delivery.pending() === 0 && fake.sentIds().length >= 5);
    expect(fake.sentIds()).toEqual([...ids(list), later.event_id]);
    expect(fake.calls.every((c) => !c.options?.beacon)).toBe(true);
    delivery.dispose();
  });

  it('createTracker: flush({ beacon: true }) calls the transport with { beacon: true } carrying the waiting events, which are sent again once the pipeline loads', async () => {
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    const { tracker: t, reports } = lazyTracker({ transport: fake.transport });
    const emitted = [t.emit(goal('a')).event_id, t.emit(goal('b')).event_id, t.emit(goal('c')).event_id];
    // Synchronously, as in a pagehide handler: the import has not resolved yet.
    void t.flush({ beacon: true });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].options).toEqual({ beacon: true });
    expect(fake.calls[0].ids).toEqual(emitted);
    // The page lives on: the same events reach the pipeline and go out with an acknowledged send.
    await until(() => t.pending() === 0 && fake.calls.length >= 2);
    const fetched = fake.calls.filter((c) => !c.options?.beacon).flatMap((c) => c.ids);
    expect(fetched).toEqual(emitted);
    expect(reports).toEqual([]);
    t.dispose();
  });

  it('createTracker with an endpoint: navigator.sendBeacon gets a text/plain {"events":[...]} body of at most 63 KiB, oldest events first', async () => {
    const beacons: Array<{ url: string; data: Blob }> = [];
    vi.spyOn(navigator, 'sendBeacon').mockImplementation((url, data) => {
      beacons.push({ url: String(url), data: data as Blob });
      return true;
    });
    const fetches: unknown[] = [];
    vi.stubGlobal('fetch', async (...args: unknown[]) => (fetches.push(args), new Response(null, { status: 200 })));
    const { tracker: t } = lazyTracker({ endpoint: 'https://collector.test/events' });
    const emitted = Array.from({ length: 300 }, (_, i) => t.emit(goal(`big-${i}`, { padding: 'x'.repeat(1000) })));
    void t.flush({ beacon: true });
    expect(beacons).toHaveLength(1);
    const [{ url, data }] = beacons;
    expect(url).toBe('https://collector.test/events');
    expect(data.type).toBe('text/plain');
    expect(data.size).toBeLessThanOrEqual(63 * 1024);
    const body = JSON.parse(await data.text()) as { events: GuidepostEvent[] };
    expect(Object.keys(body)).toEqual(['events']);
    expect(body.events.length).toBeGreaterThan(10);
    expect(body.events.length).toBeLessThan(300);
    expect(body.events).toEqual(emitted.slice(0, body.events.length).map((e) => JSON.parse(JSON.stringify(e))));
    // The budget is used: one more event would not have fitted.
    const next = new TextEncoder().encode(JSON.stringify(emitted[body.events.length])).length;
    expect(data.size + next + 1).toBeGreaterThan(63 * 1024);
    t.dispose();
    await t.flush(); // resolves once the load settled: the disposed tracker opened nothing
    expect(fetches).toHaveLength(0);
  });

  it('createTracker with an endpoint: multi-byte characters are counted in bytes (the body stays within 63 KiB)', async () => {
    const beacons: Blob[] = [];
    vi.spyOn(navigator, 'sendBeacon').mockImplementation((_url, data) => (beacons.push(data as Blob), true));
    vi.stubGlobal('fetch', async () => new Response(null, { status: 200 }));
    const { tracker: t } = lazyTracker({ endpoint: 'https://collector.test/events' });
    for (let i = 0; i < 200; i++) t.emit(goal(`wide-${i}`, { text: '€😀'.repeat(150) }));
    void t.flush({ beacon: true });
    expect(beacons).toHaveLength(1);
    expect(beacons[0].size).toBeLessThanOrEqual(63 * 1024);
    expect(beacons[0].size).toBeGreaterThan(60_000);
    const body = JSON.parse(await beacons[0].text()) as { events: GuidepostEvent[] };
    expect(body.events[0].name).toBe('wide-0');
    t.dispose();
    await t.flush();
  });

  it('once the pipeline has loaded, a hide goes through the pipeline\'s own beacon, not beaconWaiting', async () => {
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    const gate = gatedLoad();
    const beaconed: GuidepostEvent[][] = [];
    const { options } = deliveryOptions({ transport: fake.transport, batchDelayMs: 60_000 });
    const delivery = deferDelivery(options, 'granted', gate.load, (list) => beaconed.push(list));
    const list = events(2);
    for (const event of list) delivery.enqueue(event);
    await delivery.beacon();
    expect(beaconed).toHaveLength(1);
    gate.release();
    await until(() => gate.opened.length === 1);
    await delivery.beacon();
    expect(beaconed).toHaveLength(1);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].options).toEqual({ beacon: true });
    expect(fake.calls[0].ids).toEqual(ids(list));
    delivery.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// 7. A load that fails
// ---------------------------------------------------------------------------------------------

describe('a load that fails', () => {
  it('is reported once (naming the delivery code), the events wait, and the next event retries until it loads', async () => {
    const fake = fakeTransport();
    const gate = gatedLoad();
    const { options, reports } = deliveryOptions({ transport: fake.transport });
    const delivery = deferDelivery(options, 'granted', gate.load, () => undefined);
    const first = makeEvent('first');
    delivery.enqueue(first);
    expect(gate.loads()).toBe(1);
    gate.fail(new TypeError('Failed to fetch dynamically imported module: https://cdn.test/pipeline.js'));
    await until(() => reports.length === 1);
    expect(reports[0]).toMatch(/delivery code/);
    expect(reports[0]).toContain('Failed to fetch dynamically imported module');
    expect(delivery.pending()).toBe(1);

    // The next event retries; a second failure is not reported again.
    const second = makeEvent('second');
    delivery.enqueue(second);
    expect(gate.loads()).toBe(2);
    const flushed = delivery.flush(); // joins the load in flight
    gate.fail(new TypeError('still offline'));
    await flushed;
    expect(reports).toHaveLength(1);
    expect(delivery.pending()).toBe(2);
    expect(fake.calls).toHaveLength(0);

    // The third try loads: everything that waited is delivered, in order.
    const third = makeEvent('third');
    delivery.enqueue(third);
    expect(gate.loads()).toBe(3);
    gate.release();
    await until(() => delivery.pending() === 0 && fake.sentIds().length >= 3);
    expect(fake.sentIds()).toEqual([first.event_id, second.event_id, third.event_id]);
    expect(reports).toHaveLength(1);
    delivery.dispose();
  });

  it('flush() retries a failed load too', async () => {
    const fake = fakeTransport();
    let loads = 0;
    const load = () => (++loads === 1 ? Promise.reject(new Error('chunk 404')) : import('../../src/track/pipeline'));
    const { options, reports } = deliveryOptions({ transport: fake.transport });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    const event = makeEvent('one');
    delivery.enqueue(event);
    await until(() => reports.length === 1);
    expect(reports[0]).toMatch(/the Guidepost delivery code could not be loaded \(chunk 404\)/);
    await delivery.flush();
    expect(loads).toBe(2);
    await until(() => delivery.pending() === 0 && fake.sentIds().length >= 1);
    expect(fake.sentIds()).toEqual([event.event_id]);
    expect(reports).toHaveLength(1);
    delivery.dispose();
  });

  it('a load started by ready (stored events) that fails: ready still resolves, the failure is reported once', async () => {
    const fake = fakeTransport();
    const outbox = memoryOutbox();
    await outbox.put(events(1, 'stored').map(record));
    let loads = 0;
    const load = () => (loads++, Promise.reject(new Error('offline')));
    const { options, reports } = deliveryOptions({ transport: fake.transport, outbox });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    await delivery.ready; // resolves (does not reject) although the load failed
    expect(loads).toBe(1);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/delivery code/);
    delivery.dispose();
  });

  // Robustness gap (see report): a module that loads but whose openDelivery throws (e.g. a chunk of
  // another version) leaves `loading` a rejected promise forever: never reported, never retried,
  // and flush() rejects.
  it('a pipeline whose openDelivery throws is reported and retried like a failed load', async () => {
    let loads = 0;
    const broken: PipelineModule = {
      openDelivery() {
        throw new TypeError('openDelivery is not a function');
      },
    };
    const load = () => (++loads === 1 ? Promise.resolve(broken) : import('../../src/track/pipeline'));
    const fake = fakeTransport();
    const { options, reports } = deliveryOptions({ transport: fake.transport });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    delivery.enqueue(makeEvent('one'));
    const flushed = delivery.flush().then(
      () => 'resolved',
      () => 'rejected',
    );
    expect(await flushed).toBe('resolved');
    expect(reports).toHaveLength(1);
    delivery.enqueue(makeEvent('two'));
    expect(loads).toBe(2);
    await until(() => fake.sentIds().length >= 2, 100);
    delivery.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// 8. Bounded
// ---------------------------------------------------------------------------------------------

describe('bounded', () => {
  it('past maxQueued the oldest waiting events are dropped and counted; the newest are delivered when it loads', async () => {
    const fake = fakeTransport();
    const gate = gatedLoad();
    const { options } = deliveryOptions({ transport: fake.transport, maxQueued: 5 });
    const delivery = deferDelivery(options, 'granted', gate.load, () => undefined);
    const list = events(8);
    for (const event of list) delivery.enqueue(event);
    expect(delivery.pending()).toBe(5);
    expect(delivery.stats()).toMatchObject({ pending: 5, dropped: 3 });
    expect(gate.loads()).toBe(1);
    gate.release();
    await until(() => delivery.pending() === 0 && fake.sentIds().length >= 5);
    expect(fake.sentIds()).toEqual(ids(list.slice(3)));
    delivery.dispose();
  });

  it('through createTracker: pending() and dropped() before the pipeline loads', async () => {
    const fake = fakeTransport();
    const { tracker: t } = lazyTracker({ transport: fake.transport, maxQueued: 10 });
    const emitted = Array.from({ length: 14 }, (_, i) => t.emit(goal(`g${i}`)).event_id);
    expect(t.pending()).toBe(10);
    expect(t.dropped()).toBe(4);
    expect(t.stats()).toMatchObject({ pending: 10, dropped: 4 });
    await until(() => t.pending() === 0 && fake.sentIds().length >= 10);
    expect(fake.sentIds()).toEqual(emitted.slice(4));
    t.dispose();
  });

  // BUG (see report): the drops counted while waiting are forgotten once the pipeline loads
  // (stats() then comes from the real delivery only), so dropped() goes from 3 back to 0; the
  // drops are also never reported through `report`, unlike the outbox's own overflow.
  it('the drops counted before the load are still counted after it', async () => {
    const fake = fakeTransport();
    const gate = gatedLoad();
    const { options } = deliveryOptions({ transport: fake.transport, maxQueued: 5 });
    const delivery = deferDelivery(options, 'granted', gate.load, () => undefined);
    for (const event of events(8)) delivery.enqueue(event);
    expect(delivery.stats().dropped).toBe(3);
    gate.release();
    await until(() => delivery.pending() === 0 && fake.sentIds().length >= 5);
    expect(delivery.stats().dropped).toBeGreaterThanOrEqual(3);
    delivery.dispose();
  });
});

// ---------------------------------------------------------------------------------------------
// 9. Dispose before the load completes
// ---------------------------------------------------------------------------------------------

describe('dispose before the pipeline loaded', () => {
  it('the delivery the late load would open is not used: what waited is kept for a later page, nothing is sent', async () => {
    const fake = fakeTransport();
    const gate = gatedLoad();
    const { store, state } = watchedOutbox();
    const { options } = deliveryOptions({ transport: fake.transport, outbox: store });
    const delivery = deferDelivery(options, 'granted', gate.load, () => undefined);
    for (const event of events(3)) delivery.enqueue(event);
    delivery.dispose();
    delivery.enqueue(makeEvent('after-dispose'));
    gate.release();
    await delivery.flush(); // resolves once the late load settled
    await delivery.flushSoon(1000);
    await io();
    expect(gate.opened).toEqual([]);
    // The three events emitted before dispose() are written for the next page; none after it.
    expect(state.puts).toBe(3);
    expect((await store.ids()).length).toBe(3);
    expect(fake.calls).toHaveLength(0);
    expect(gate.loads()).toBe(1);
    delivery.dispose();
  });

  it('dispose while ready is loading for stored events: the stored events are neither sent nor deleted', async () => {
    const outbox = memoryOutbox();
    const stored = events(2, 'stored');
    await outbox.put(stored.map(record));
    const fake = fakeTransport();
    const gate = gatedLoad();
    const { options } = deliveryOptions({ transport: fake.transport, outbox });
    const delivery = deferDelivery(options, 'granted', gate.load, () => undefined);
    await until(() => gate.inFlight() === 1);
    delivery.dispose();
    gate.release();
    await delivery.ready;
    await io();
    expect(gate.opened).toEqual([]);
    expect(fake.calls).toHaveLength(0);
    expect(await outbox.ids()).toEqual(ids(stored));
  });

  it('createTracker: dispose right after emitting (the import still in flight) sends nothing', async () => {
    const fake = fakeTransport();
    const { tracker: t } = lazyTracker({ transport: fake.transport });
    t.emit(goal('a'));
    t.emit(goal('b'));
    t.dispose();
    await t.flush(); // resolves once the import settled
    await io();
    expect(fake.calls).toHaveLength(0);
  });

  // Inconsistency (see report): after dispose(), beacon() still hands the waiting events to
  // beaconWaiting (no `disposed` check), whereas the loaded pipeline's beacon() sends nothing once
  // disposed.
  it('a page hide after dispose sends nothing', async () => {
    const gate = gatedLoad();
    const beaconed: GuidepostEvent[][] = [];
    const { options } = deliveryOptions({ transport: fakeTransport().transport });
    const delivery = deferDelivery(options, 'granted', gate.load, (list) => beaconed.push(list));
    delivery.enqueue(makeEvent('a'));
    delivery.dispose();
    await delivery.beacon();
    expect(beaconed).toHaveLength(0);
  });
});

describe('offline', () => {
  it('keeps the events on the device without fetching the chunk, and loads it once back online', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const fake = fakeTransport();
    const { load, state } = countingLoad();
    const loads = () => state.loads;
    const outbox = memoryOutbox();
    const { options } = deliveryOptions({ transport: fake.transport, outbox });
    const delivery = deferDelivery(options, 'granted', load, () => undefined);
    await delivery.ready;
    const sent = events(4);
    for (const event of sent) delivery.enqueue(event);
    await delivery.flush();
    expect(await delivery.flushSoon(1000)).toBe(false);
    await until(() => loads() === 0);
    await io();
    // Written in the pipeline's record format: a later page load finds and sends them.
    expect(await outbox.ids()).toEqual(ids(sent));
    expect(loads()).toBe(0);

    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await until(() => loads() === 1);
    await delivery.flush();
    await until(() => fake.sentIds().length >= 4);
    expect([...new Set(fake.sentIds())]).toEqual(ids(sent));
    delivery.dispose();
  });
});

describe('offline, past maxQueued (before the pipeline loaded)', () => {
  const places: Array<[string, () => { outbox: OutboxPlace; ids: () => Promise<string[]> }]> = [
    ['an outbox object', () => ((outbox) => ({ outbox, ids: () => outbox.ids() }))(memoryOutbox())],
    ['IndexedDB ({ browser })', () => ((dbName) => ({ outbox: { browser: { dbName } }, ids: () => indexedDbOutbox(dbName).ids() }))(freshDbName())],
    ['a key-value storage', () => ((storage) => ({ outbox: { keyValue: storage }, ids: () => keyValueOutbox(storage).ids() }))(memoryStorage())],
    ['an outbox object that answers late, in call order (as IndexedDB does)', () => {
      const inner = memoryOutbox();
      let queue: Promise<unknown> = Promise.resolve();
      const late = (op: () => Promise<void>) => (queue = queue.then(() => io(3)).then(op)) as Promise<void>;
      const outbox: OutboxStore = { ...inner, put: (records) => late(() => inner.put(records)), delete: (list) => late(() => inner.delete(list)) };
      return { outbox, ids: () => inner.ids() };
    }],
  ];
  it.each(places)('%s holds at most maxQueued (the written events dropped since are deleted); the drop is counted once and reported once', async (_name, place) => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const fake = fakeTransport();
    const { outbox, ids: stored } = place();
    /** What the outbox holds once `check` accepts it (real I/O turns, no fake time). */
    const storedOnce = async (check: (list: string[]) => boolean) => {
      let list = await stored();
      for (let turn = 0; turn < 400 && !check(list); turn++) (await io(1), (list = await stored()));
      return list;
    };
    const { options, reports } = deliveryOptions({ transport: fake.transport, outbox, maxQueued: 5 });
    const delivery = deferDelivery(options, 'granted', countingLoad().load, () => undefined);
    await delivery.ready;
    const sent = events(15);
    // Three tasks: each one's events are being written when the next task drops them.
    for (let task = 0; task < 3; task++) {
      for (const event of sent.slice(task * 5, task * 5 + 5)) delivery.enqueue(event);
      await io(1);
    }
    // The last write is in: so is every write and delete before it.
    expect(await storedOnce((list) => list.includes(sent[14].event_id))).toEqual(ids(sent.slice(10)));
    expect(delivery.stats()).toMatchObject({ pending: 5, dropped: 10 });

    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await until(() => fake.sentIds().length >= 5 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual(ids(sent.slice(10)));
    expect(delivery.stats().dropped).toBe(10);
    expect(reports).toEqual(['more than 5 events waited for the delivery code: the oldest are dropped']);
    delivery.dispose();
  });
});
