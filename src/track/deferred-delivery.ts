/**
 * Delivery that loads its code on demand. The pipeline (outbox, send loop, beacons, HTTP
 * transport: pipeline.ts) is a third of the core's bytes, and a page where nothing is shown
 * and nothing is tracked has nothing to deliver. It loads when:
 * - the first event is queued (an exposure, a goal, ...), in every arm of an experiment alike:
 *   both arms emit their exposure at the same point, so loading never shifts one arm's timing;
 * - the outbox holds events an earlier page left (counted without the pipeline);
 * - consent is revoked (the stored events must be deleted).
 *
 * Until it has loaded, events wait here, in order and bounded like the outbox. A page hidden
 * in that short window hands them to a beacon directly (`beaconWaiting`) and still passes them
 * to the pipeline once it is there, so at worst the collector sees a duplicate it drops.
 * While the browser is offline (no chunk can be fetched) or when the load failed, the waiting
 * events are written to the outbox from here, in the pipeline's record format: the next page
 * load, or this page once back online, sends them.
 */
import type { Consent, Delivery, DeliveryStats } from './delivery';
import type { DeliveryOptions } from './delivery-options';
import type { GuidepostEvent } from './event';
import { promisifyRequest } from 'idb-keyval';
import { idbConnection } from '../store/idb';
import type { OutboxRecord } from './outbox';
import { byId, storedRecords } from './outbox-records';
import { serialOn } from './storage-turns';

/** Where keyValueOutbox keeps its records (outbox.ts, default prefix). */
const KEY_VALUE_EVENTS = 'outbox:events';

/** What the pipeline chunk exports (see pipeline.ts). */
export interface PipelineModule {
  openDelivery(options: DeliveryOptions, consent: Consent): Delivery;
}

/**
 * Runs one request on the browser outbox's `events` store (the pipeline's database), or several
 * (`request` then returns their transaction, done once it committed), and closes the connection.
 * Without IndexedDB, nothing (the pipeline's outbox reports that it is missing).
 */
async function onOutboxStore<T>(place: { dbName?: string; timeoutMs?: number }, mode: IDBTransactionMode, request: (store: IDBObjectStore) => IDBRequest<T> | IDBTransaction): Promise<T | undefined> {
  if (typeof indexedDB === 'undefined' || !indexedDB) return;
  const db = idbConnection({ name: place.dbName ?? 'guidepost-outbox', stores: ['events', 'meta'], version: 1, timeoutMs: place.timeoutMs });
  try {
    return await db.run((open) => promisifyRequest(request(open.transaction('events', mode).objectStore('events'))));
  } finally {
    db.close();
  }
}

/** Counts the events earlier pages left in the outbox, without loading the pipeline. */
async function storedEvents(options: DeliveryOptions): Promise<number> {
  const place = options.outbox;
  if (!place) return 0;
  if ('count' in place) return place.count();
  if ('keyValue' in place) return storedRecords(await place.keyValue.get<unknown>(KEY_VALUE_EVENTS)).records.length;
  return (await onOutboxStore(place.browser, 'readonly', (store) => store.count())) ?? 0;
}

/**
 * Writes events to the outbox as the pipeline would (queued records keyed by event id), and
 * deletes `gone`: events written earlier and dropped since (the bound), in the same write.
 */
async function storeEvents(options: DeliveryOptions, events: GuidepostEvent[], gone: string[] = []): Promise<unknown> {
  const place = options.outbox;
  const records: OutboxRecord[] = events.map((event) => ({ id: event.event_id, event, state: 'queued' }));
  if (!place || !(records.length + gone.length)) return;
  // Both asked at once, in order: awaiting the delete would let a later call's delete pass this put.
  if ('put' in place) return Promise.all([place.delete(gone), place.put(records)]);
  if ('keyValue' in place) {
    const storage = place.keyValue;
    // In turn with the keyValueOutbox of any pipeline on the same storage object: a
    // read-modify-write of its own would drop what that one wrote meanwhile.
    return serialOn(storage, async () => {
      const stored = storedRecords(await storage.get<unknown>(KEY_VALUE_EVENTS)).records.filter((record) => !gone.includes(record.id));
      const ids = new Set(stored.map((record) => record.id));
      const all = [...stored, ...records.filter((record) => !ids.has(record.id))].sort(byId);
      return storage.set(KEY_VALUE_EVENTS, all);
    });
  }
  return onOutboxStore(place.browser, 'readwrite', (store) => {
    for (const id of gone) store.delete(id);
    for (const record of records) store.put(record, record.id);
    return store.transaction;
  });
}

/**
 * Deletes every event the outbox holds, as the pipeline does when consent is revoked: for a
 * revocation made while the pipeline could not be loaded (offline, a file missing).
 */
async function clearStoredEvents(options: DeliveryOptions): Promise<unknown> {
  const place = options.outbox;
  if (!place) return;
  if ('clear' in place) return place.clear();
  if ('keyValue' in place) {
    const storage = place.keyValue;
    return serialOn(storage, () => storage.delete(KEY_VALUE_EVENTS));
  }
  return onOutboxStore(place.browser, 'readwrite', (store) => {
    store.clear();
    return store.transaction;
  });
}

/**
 * A `Delivery` whose pipeline is imported by `load` when first needed. `beaconWaiting` sends
 * events that are still waiting for the pipeline when the page is hidden. A pipeline given
 * as a module (bundled eagerly, as tests do) opens at once.
 */
export function deferDelivery(
  options: DeliveryOptions,
  initialConsent: Consent,
  load: PipelineModule | (() => Promise<PipelineModule>),
  beaconWaiting: (events: GuidepostEvent[]) => void,
): Delivery {
  if (typeof load !== 'function') return load.openDelivery(options, initialConsent);
  let consent = initialConsent;
  let real: Delivery | undefined;
  let loading: Promise<Delivery | undefined> | undefined;
  let waiting: GuidepostEvent[] = [];
  let dropped = 0;
  /** Consent was revoked before the pipeline loaded: the stored outbox must be cleared once it has. */
  let forgetStored = false;
  let loadFailed = false;
  let disposed = false;
  const maxQueued = options.maxQueued ?? 10_000;
  /** Waiting events already written to the outbox from here. */
  const stored = new Set<GuidepostEvent>();
  /** Of those, the ones dropped since (past `maxQueued`): deleted by the next write, so the outbox stays bounded too. */
  let gone: string[] = [];
  let storing = false;
  const scope = globalThis as Partial<Pick<Window, 'addEventListener' | 'removeEventListener' | 'navigator'>>;
  const offline = () => scope.navigator?.onLine === false;

  /** Writes the waiting events not written yet (once per task), so they survive this page. */
  const storeWaiting = () => {
    if (storing || disposed) return;
    storing = true;
    queueMicrotask(() => {
      storing = false;
      const fresh = waiting.filter((event) => !stored.has(event));
      fresh.forEach((event) => stored.add(event));
      storeEvents(options, fresh, gone.splice(0)).catch((error: Error) => options.report(new Error(`events waiting for the delivery code could not be stored: ${error.message}`)));
    });
  };
  const onOnline = () => {
    if (waiting.length) void loadPipeline();
  };
  scope.addEventListener?.('online', onOnline);

  const open = async (module: PipelineModule): Promise<Delivery | undefined> => {
    // Written here, dropped since (back online, while the chunk loaded): deleted before the
    // pipeline reads the outbox, else it finds them past its bound and drops them a second time.
    // Again until none is left: an event dropped while the deletes are written joins `gone` meanwhile.
    while (gone.length && !disposed) await storeEvents(options, [], gone.splice(0)).catch(() => undefined);
    if (disposed) return undefined;
    const delivery = module.openDelivery(options, forgetStored ? 'denied' : consent);
    if (forgetStored) {
      // Consent was revoked meanwhile: what earlier pages stored goes first, and only then
      // (if consent came back) do new events go in, so the clear cannot take them along.
      forgetStored = false;
      await delivery.setConsent(false);
      if (consent === 'granted') await delivery.setConsent(true);
      if (disposed) {
        delivery.dispose();
        return undefined;
      }
    }
    real = delivery;
    for (const event of waiting.splice(0)) delivery.enqueue(event);
    // The pipeline owns them now (its outbox found the stored copies): nothing here refers to them any more.
    stored.clear();
    return delivery;
  };

  const loadPipeline = (): Promise<Delivery | undefined> =>
    (loading ??= load()
      .then(open)
      .catch((error: unknown) => {
        // Tried again on the next event, flush or `online`; reported once. Meanwhile the events are kept on the device.
        loading = undefined;
        storeWaiting();
        if (!loadFailed) options.report(new Error(`the Guidepost delivery code could not be loaded (${(error as Error)?.message ?? String(error)}); events wait on this device`));
        loadFailed = true;
        return undefined;
      }));

  const stats = (): DeliveryStats => ({ pending: waiting.length, dropped, rejected: 0, failures: 0, consent, online: true });

  const ready = storedEvents(options).then(
    (count) => (count > 0 ? loadPipeline().then((delivery) => delivery?.ready) : undefined),
    // The pipeline's own outbox handles (and reports) a database that fails.
    () => loadPipeline().then((delivery) => delivery?.ready),
  );

  return {
    ready,
    enqueue(event) {
      if (real) return real.enqueue(event);
      if (disposed || consent === 'denied') return;
      waiting.push(event);
      if (waiting.length > maxQueued) {
        const old = waiting.shift()!;
        // Counted here only: once deleted from the outbox, the pipeline does not find it to drop it again.
        if (stored.delete(old)) gone.push(old.event_id);
        if (!dropped++) options.report(new Error(`more than ${maxQueued} events waited for the delivery code: the oldest are dropped`));
      }
      // Offline, no chunk can be fetched: keep the events on the device and load once back online.
      // (A load that fails writes them too, and deletes what was dropped meanwhile.)
      if (offline()) storeWaiting();
      else void loadPipeline();
    },
    flush: () => (real ? real.flush() : waiting.length && !offline() ? loadPipeline().then((d) => d?.flush()) : Promise.resolve()),
    beacon() {
      if (real) return real.beacon();
      if (disposed || !waiting.length || consent === 'denied') return Promise.resolve();
      if (consent === 'granted') beaconWaiting(waiting.slice());
      // The page may be going away: keep them on the device too (the collector drops a duplicate).
      storeWaiting();
      return Promise.resolve();
    },
    flushSoon: (timeoutMs) =>
      real ? real.flushSoon(timeoutMs) : !waiting.length ? Promise.resolve(true) : offline() ? Promise.resolve(false) : loadPipeline().then((d) => (d ? d.flushSoon(timeoutMs) : false)),
    setConsent(granted) {
      if (real) return real.setConsent(granted);
      consent = granted ? 'granted' : 'denied';
      if (granted) return waiting.length ? loadPipeline().then((d) => d?.ready) : Promise.resolve();
      waiting = [];
      stored.clear();
      forgetStored = true;
      // Without the pipeline (its load failed), what earlier pages stored is deleted from here:
      // a revocation never waits for a file that may not come.
      return loadPipeline().then((delivery) =>
        delivery || !forgetStored
          ? undefined
          : clearStoredEvents(options).then(
              () => void (forgetStored = false),
              (error: Error) => options.report(new Error(`stored events could not be deleted after consent was revoked: ${error.message}`)),
            ),
      );
    },
    pending: () => (real ? real.pending() : waiting.length),
    // Events dropped while waiting count with the pipeline's own.
    stats: () => (real ? { ...real.stats(), dropped: real.stats().dropped + dropped } : stats()),
    dispose() {
      // What never reached the pipeline is kept for the next page (the beacon may not arrive).
      // What waited and was dropped since goes from the outbox in the same write, as it would have.
      if (!real && waiting.length && consent !== 'denied') void storeEvents(options, waiting.filter((event) => !stored.has(event)), gone.splice(0)).catch(() => undefined);
      disposed = true;
      scope.removeEventListener?.('online', onOnline);
      real?.dispose();
    },
  };
}
