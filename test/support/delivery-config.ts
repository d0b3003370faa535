/**
 * A complete `DeliveryConfig` for testing the parts of delivery on their own (outbox-mirror.ts,
 * send-loop.ts) without createDelivery: a memory outbox, the global (fakeable) timers, a fixed
 * jitter draw, no lock, always online; reports collected as messages. Override any field.
 */
import type { DeliveryConfig } from '../../src/track/delivery';
import type { GuidepostEvent } from '../../src/track/event';
import { noLock } from '../../src/track/lock';
import { memoryOutbox, type OutboxRecord } from '../../src/track/outbox';
import { globalScheduler } from '../../src/track/platform';
import { uuidv7 } from '../../src/track/uuid';
import { makeEvent } from '../fixtures/events';

export function deliveryConfig(overrides: Partial<DeliveryConfig> = {}): { config: DeliveryConfig; reports: string[] } {
  const reports: string[] = [];
  const config: DeliveryConfig = {
    transport: { send: async () => undefined },
    outbox: memoryOutbox(),
    report: (error) => reports.push(error.message),
    clock: () => Date.now(),
    scheduler: globalScheduler,
    random: () => 0.5,
    network: { online: () => true, onOnline: () => () => undefined },
    lock: noLock,
    pageId: 'page-1',
    consent: 'granted',
    batchDelayMs: 500,
    batchSize: 50,
    maxQueued: 100,
    retryBaseMs: 1000,
    retryMaxMs: 60_000,
    maxRetryAfterMs: 3_600_000,
    beaconMaxBytes: 60_000,
    beaconMaxChunks: 4,
    beaconBudgetBytes: 64_512,
    beaconGraceMs: 30_000,
    ...overrides,
  };
  return { config, reports };
}

const T0 = Date.parse('2026-11-22T10:00:00Z');

/** A goal event whose id sorts by `ms` (UUIDv7 starts with the time). */
export const eventAt = (ms: number, name = `e${ms}`): GuidepostEvent => {
  const id = uuidv7(T0 + ms);
  return makeEvent({ event_id: id, type: 'goal', name, item_id: undefined, item_type: undefined, rendered: undefined });
};

/** A queued outbox record for `eventAt(ms, name)`. */
export const recordAt = (ms: number, name?: string): OutboxRecord => {
  const event = eventAt(ms, name);
  return { id: event.event_id, event, state: 'queued' };
};
