/**
 * Sends the transport answers `{ acknowledged: false }` (src/track/send-loop.ts): the batch left
 * without an answer, like a beacon. The send loop lists its batches from the shared outbox, so
 * a batch may hold events this page never knew (another tab wrote them after this page loaded
 * the outbox). Those must be marked beaconed by this page like its own, or the loop lists them
 * again at once, sends them again, and again, in one pass that never ends.
 */
import { describe, expect, it, vi } from 'vitest';
import type { OutboxRecord } from '../../src/track/outbox';
import { createOutboxMirror } from '../../src/track/outbox-mirror';
import { createSendLoop } from '../../src/track/send-loop';
import { DeliveryError } from '../../src/track/transport';
import { deliveryConfig, recordAt } from '../support/delivery-config';
import { fakeTransport, useSendLoopClock } from '../support/delivery-helpers';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const stops = useSendLoopClock(NOW);

/**
 * A ready loop over an empty outbox, then `others` written by another tab. The transport answers
 * unacknowledged, but fails from the 6th send on: without that, a loop that never ends would
 * hang the test instead of failing it.
 */
async function setup(others: OutboxRecord[]) {
  const fake = fakeTransport();
  fake.respondWith(async () => {
    if (fake.calls.length > 5) throw new DeliveryError('the test stops a loop that would not end');
    return { acknowledged: false };
  });
  const { config } = deliveryConfig({ transport: fake.transport, beaconGraceMs: 30_000 });
  const mirror = createOutboxMirror(config, () => 'granted');
  const [ready, run, , , , , stats, stop] = createSendLoop(config, mirror, () => 'granted', () => false);
  stops.push(stop);
  await ready;
  await config.outbox.put(others);
  return { fake, config, run, stats };
}

describe('a batch answered { acknowledged: false } that holds events this page never knew', () => {
  it('is sent once, and its events are kept, beaconed by this page, until the grace period ends', async () => {
    const others = [recordAt(1, 'a'), recordAt(2, 'b')];
    const loop = await setup(others);
    await loop.run({ explicit: true });
    expect(loop.fake.calls.map((c) => c.events.map((e) => e.name))).toEqual([['a', 'b']]);
    expect(await loop.config.outbox.list(10)).toEqual(others.map((r) => ({ ...r, state: 'beaconed', beaconedAt: NOW, page: 'page-1' })));
    await loop.run({ explicit: true });
    expect(loop.fake.calls).toHaveLength(1);
    expect(loop.stats().failures).toBe(0);
  });

  it('after the grace period they are sent again by fetch, and forgotten once acknowledged', async () => {
    const others = [recordAt(1, 'a')];
    const loop = await setup(others);
    await loop.run({ explicit: true });
    loop.fake.respondWith(async () => ({ acknowledged: true }));
    await vi.advanceTimersByTimeAsync(30_000);
    await loop.run({ explicit: true });
    expect(loop.fake.calls.map((c) => c.events.map((e) => e.name))).toEqual([['a'], ['a']]);
    expect(await loop.config.outbox.count()).toBe(0);
  });
});

describe('a transport that never acknowledges (every send answered { acknowledged: false })', () => {
  /** A ready loop with `count` events of this page, and a transport that acknowledges nothing. */
  async function neverAcknowledged(count: number) {
    const fake = fakeTransport();
    fake.respondWith(async () => ({ acknowledged: false }));
    const { config } = deliveryConfig({ transport: fake.transport, beaconGraceMs: 30_000 });
    const mirror = createOutboxMirror(config, () => 'granted');
    const [ready, run, , , , , stats, stop] = createSendLoop(config, mirror, () => 'granted', () => false);
    stops.push(stop);
    await ready;
    const records = Array.from({ length: count }, (_, i) => recordAt(i + 1));
    for (const record of records) {
      mirror[0].set(record.id, { record, persisted: false });
      mirror[3](record);
    }
    return { fake, config, run, stats, records };
  }

  it('sends each event at most twice: left twice without an answer, it leaves the outbox instead of going again every grace period', async () => {
    const loop = await neverAcknowledged(2);
    await loop.run({ explicit: true });
    await vi.advanceTimersByTimeAsync(3_600_000);
    const sends = new Map<string, number>();
    for (const id of loop.fake.sentIds()) sends.set(id, (sends.get(id) ?? 0) + 1);
    expect([...sends.values()]).toEqual([2, 2]);
    expect([loop.stats().pending, await loop.config.outbox.count(), vi.getTimerCount()]).toEqual([0, 0, 0]);
  });

  it('an event a page-hide beacon carried (beaconed) goes once more, then leaves the outbox', async () => {
    const fake = fakeTransport();
    fake.respondWith(async () => ({ acknowledged: false }));
    const { config } = deliveryConfig({ transport: fake.transport });
    const beaconed: OutboxRecord = { ...recordAt(1), state: 'beaconed', beaconedAt: NOW - 60_000, page: 'an-earlier-page' };
    await config.outbox.put([beaconed]);
    const mirror = createOutboxMirror(config, () => 'granted');
    const [ready, run, , , , , stats, stop] = createSendLoop(config, mirror, () => 'granted', () => false);
    stops.push(stop);
    await ready;
    await run({ explicit: true });
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(fake.sentIds()).toEqual([beaconed.id]);
    expect([stats().pending, await config.outbox.count()]).toEqual([0, 0]);
  });
});
