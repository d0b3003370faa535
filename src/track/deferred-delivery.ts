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
 */
import type { Consent, Delivery, DeliveryStats } from './delivery';
import type { DeliveryOptions } from './delivery-options';
import type { GuidepostEvent } from './event';
import { idbConnection } from '../store/idb';

/** What the pipeline chunk exports (see pipeline.ts). */
export interface PipelineModule {
  openDelivery(options: DeliveryOptions, consent: Consent): Delivery;
}

/** Counts the events earlier pages left in the outbox, without loading the pipeline. */
async function storedEvents(options: DeliveryOptions): Promise<number> {
  const place = options.outbox;
  if (!place) return 0;
  if ('count' in place) return place.count();
  if ('keyValue' in place) return ((await place.keyValue.get<unknown[]>('outbox:events')) ?? []).length;
  if (typeof indexedDB === 'undefined' || !indexedDB) return 0;
  const db = idbConnection({ name: place.browser.dbName ?? 'guidepost-outbox', stores: ['events', 'meta'], version: 1, timeoutMs: place.browser.timeoutMs });
  try {
    return await db.run(
      (open) =>
        new Promise<number>((resolve, reject) => {
          const request = open.transaction('events').objectStore('events').count();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        }),
    );
  } finally {
    db.close();
  }
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

  const open = (module: PipelineModule): Delivery | undefined => {
    if (disposed) return undefined;
    const delivery = module.openDelivery(options, forgetStored ? 'denied' : consent);
    real = delivery;
    if (forgetStored) {
      void delivery.setConsent(false);
      if (consent === 'granted') void delivery.setConsent(true);
    }
    for (const event of waiting.splice(0)) delivery.enqueue(event);
    return delivery;
  };

  const loadPipeline = (): Promise<Delivery | undefined> =>
    (loading ??= load().then(open, (error: Error) => {
      // Tried again on the next event or flush; reported once.
      loading = undefined;
      if (!loadFailed) options.report(new Error(`the Guidepost delivery code could not be loaded (${error.message}); events wait in this page`));
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
        waiting.shift();
        dropped++;
      }
      void loadPipeline();
    },
    flush: () => (real ? real.flush() : waiting.length ? loadPipeline().then((d) => d?.flush()) : Promise.resolve()),
    beacon() {
      if (real) return real.beacon();
      if (waiting.length && consent === 'granted') beaconWaiting(waiting.slice());
      return Promise.resolve();
    },
    flushSoon: (timeoutMs) =>
      real ? real.flushSoon(timeoutMs) : waiting.length ? loadPipeline().then((d) => (d ? d.flushSoon(timeoutMs) : false)) : Promise.resolve(true),
    setConsent(granted) {
      if (real) return real.setConsent(granted);
      consent = granted ? 'granted' : 'denied';
      if (granted) return waiting.length ? loadPipeline().then((d) => d?.ready) : Promise.resolve();
      waiting = [];
      forgetStored = true;
      return loadPipeline().then(() => undefined);
    },
    pending: () => (real ? real.pending() : waiting.length),
    stats: () => (real ? real.stats() : stats()),
    dispose() {
      disposed = true;
      real?.dispose();
    },
  };
}
