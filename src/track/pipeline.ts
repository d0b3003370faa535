/**
 * The delivery pipeline as one lazily loaded chunk: the outbox, the send loop, beacons and
 * the HTTP transport. The core loads it when this page has an event to deliver or finds
 * events an earlier page left in the outbox (see deferred-delivery.ts): a page with nothing
 * to report never downloads it.
 */
import { createDelivery, type Consent, type Delivery } from './delivery';
import { browserNetwork, globalScheduler } from './platform';
import { noLock, webLock } from './lock';
import { browserOutbox, keyValueOutbox, memoryOutbox, resilientOutbox, type OutboxStore } from './outbox';
import { httpTransport, KEEPALIVE_LIMIT, type Transport } from './transport';
import { uuidv7 } from './uuid';
import type { DeliveryOptions } from './delivery-options';

/** The outbox `place` names, built here so its code stays in this chunk. */
function openOutbox(options: DeliveryOptions): OutboxStore {
  const place = options.outbox;
  if (!place) return memoryOutbox();
  // What the resilient outbox remembers for a switch to memory is bounded like the outbox itself.
  const { maxQueued } = options;
  if ('browser' in place) return browserOutbox(place.browser.report ?? options.report, place.browser.dbName, { timeoutMs: place.browser.timeoutMs, maxQueued });
  if ('keyValue' in place) return resilientOutbox(keyValueOutbox(place.keyValue, undefined, options.report), options.report, maxQueued);
  return 'degraded' in place ? place : resilientOutbox(place, options.report, maxQueued);
}

/** Builds the delivery for `options` (whose transport or endpoint is set), starting in `consent`. */
export function openDelivery(options: DeliveryOptions, consent: Consent): Delivery {
  const transport: Transport = options.transport ?? httpTransport(options.endpoint!);
  const outbox = openOutbox(options);
  const clock = options.clock;
  const delivery = createDelivery({
    transport,
    outbox,
    report: options.report,
    clock,
    scheduler: options.scheduler ?? globalScheduler,
    random: options.random ?? Math.random,
    network: options.network ?? browserNetwork(),
    lock: options.lock ?? (options.outbox ? webLock('guidepost-outbox') : noLock),
    pageId: uuidv7(clock()),
    consent,
    batchDelayMs: options.batchDelayMs ?? 500,
    batchSize: options.batchSize ?? 50,
    maxQueued: options.maxQueued ?? 10_000,
    retryBaseMs: options.retry?.baseMs ?? 1000,
    retryMaxMs: options.retry?.maxMs ?? 60_000,
    maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? 3_600_000,
    beaconMaxBytes: options.beacon?.maxBytes ?? 60_000,
    beaconMaxChunks: options.beacon?.maxChunks ?? 4,
    beaconBudgetBytes: options.beacon?.budgetBytes ?? KEEPALIVE_LIMIT,
    beaconGraceMs: options.beacon?.graceMs ?? 30_000,
  });
  return {
    ...delivery,
    dispose() {
      delivery.dispose();
      // Closes once what is in flight (the last beacon's bookkeeping) is done.
      outbox.close?.();
    },
  };
}
