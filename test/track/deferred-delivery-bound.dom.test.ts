/**
 * The bound of deferred-delivery.ts across the load of the pipeline: events written to the
 * outbox while offline and dropped (past maxQueued) while the chunk loads once back online.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryOptions } from '../../src/track/delivery-options';
import { deferDelivery, type PipelineModule } from '../../src/track/deferred-delivery';
import { memoryOutbox } from '../../src/track/outbox';
import * as pipeline from '../../src/track/pipeline';
import { uuidv7 } from '../../src/track/uuid';
import { makeEvent } from '../fixtures/events';
import { fakeNetwork, fakeTransport, io, sharedLock, until } from '../support/delivery-helpers';

afterEach(() => vi.restoreAllMocks());

const START = Date.parse('2026-11-22T10:00:00Z');
const events = (count: number) => Array.from({ length: count }, (_, i) => makeEvent({ event_id: uuidv7(START + i), type: 'goal', name: `e${i}`, item_id: undefined, item_type: undefined, rendered: undefined }));

describe('written offline, dropped while the pipeline loads once back online', () => {
  it('leave the outbox before the pipeline reads it: never counted, nor reported, a second time', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const fake = fakeTransport();
    const outbox = memoryOutbox();
    const reports: string[] = [];
    const options: DeliveryOptions = { transport: fake.transport, outbox, maxQueued: 3, batchDelayMs: 0, report: (e) => reports.push(e.message), clock: () => Date.now(), random: () => 0.5, lock: sharedLock(), network: fakeNetwork().network };
    let release: (module: PipelineModule) => void = () => undefined;
    const delivery = deferDelivery(options, 'granted', () => new Promise<PipelineModule>((resolve) => (release = resolve)), () => undefined);
    await delivery.ready;
    const sent = events(5);
    sent.slice(0, 3).forEach((event) => delivery.enqueue(event));
    while ((await outbox.count()) < 3) await io(1);

    onLine.mockReturnValue(true);
    sent.slice(3).forEach((event) => delivery.enqueue(event)); // loads; the two oldest (written) are dropped
    expect(delivery.stats()).toMatchObject({ pending: 3, dropped: 2 });
    release(pipeline);
    await until(() => fake.sentIds().length >= 3 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual(sent.slice(2).map((e) => e.event_id));
    expect(delivery.stats().dropped).toBe(2);
    expect(reports).toEqual(['more than 3 events waited for the delivery code: the oldest are dropped']);
    expect(await outbox.count()).toBe(0);
    delivery.dispose();
  });
});

describe('destroyed while the pipeline loads', () => {
  it('keeps at most maxQueued in the outbox for the next page: what was dropped meanwhile is deleted', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const outbox = memoryOutbox();
    const options: DeliveryOptions = { transport: fakeTransport().transport, outbox, maxQueued: 3, report: () => undefined, clock: () => Date.now() };
    const delivery = deferDelivery(options, 'granted', () => new Promise<PipelineModule>(() => undefined), () => undefined);
    await delivery.ready;
    const sent = events(5);
    sent.slice(0, 3).forEach((event) => delivery.enqueue(event));
    while ((await outbox.count()) < 3) await io(1);
    onLine.mockReturnValue(true);
    sent.slice(3).forEach((event) => delivery.enqueue(event));
    delivery.dispose();
    const expected = sent.slice(2).map((e) => e.event_id);
    while (!(await outbox.ids()).includes(expected[2])) await io(1);
    expect(await outbox.ids()).toEqual(expected);
  });
});

describe('dropped while the pipeline is opening (the outbox deleting what was dropped before)', () => {
  it('leaves the outbox too: counted once, never sent', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const fake = fakeTransport();
    const outbox = memoryOutbox();
    // The first delete after the pipeline loads waits until released: an event is dropped meanwhile.
    const deleteIds = outbox.delete.bind(outbox);
    let gate: Promise<void> | undefined;
    let openGate = () => undefined as void;
    let deleting = false;
    outbox.delete = async (ids) => {
      if (gate && ids.length) {
        deleting = true;
        await gate;
      }
      return deleteIds(ids);
    };
    const options: DeliveryOptions = { transport: fake.transport, outbox, maxQueued: 3, batchDelayMs: 0, report: () => undefined, clock: () => Date.now(), random: () => 0.5, lock: sharedLock(), network: fakeNetwork().network };
    let release: (module: PipelineModule) => void = () => undefined;
    const delivery = deferDelivery(options, 'granted', () => new Promise<PipelineModule>((resolve) => (release = resolve)), () => undefined);
    await delivery.ready;
    const sent = events(6);
    sent.slice(0, 3).forEach((event) => delivery.enqueue(event));
    while ((await outbox.count()) < 3) await io(1);

    onLine.mockReturnValue(true);
    gate = new Promise<void>((resolve) => (openGate = resolve));
    sent.slice(3, 5).forEach((event) => delivery.enqueue(event)); // the two oldest (written offline) are dropped
    release(pipeline);
    await until(() => deleting);
    delivery.enqueue(sent[5]); // drops the third written one while the first two are being deleted
    expect(delivery.stats()).toMatchObject({ pending: 3, dropped: 3 });
    openGate();
    await until(() => fake.sentIds().length >= 3 && delivery.pending() === 0);
    expect(fake.sentIds()).toEqual(sent.slice(3).map((e) => e.event_id));
    expect(delivery.stats().dropped).toBe(3);
    expect(await outbox.count()).toBe(0);
    delivery.dispose();
  });
});
