/**
 * The send loop's keepalive requests in flight (src/track/send-loop.ts, keepalive-in-flight.ts),
 * in Node over a real outbox mirror on a memory outbox, under fake timers: a `flushSoon` send
 * (keepalive) counts its body bytes and event ids until it is answered, acknowledged or failed;
 * an ordinary send (no keepalive: aborted with the page, outside the browser's keepalive quota)
 * never counts. The page-hide beacons read these (test/track/beacons-in-flight.test.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { bodyBytes } from '../../src/track/keepalive-in-flight';
import type { OutboxRecord } from '../../src/track/outbox';
import { createOutboxMirror } from '../../src/track/outbox-mirror';
import { createSendLoop } from '../../src/track/send-loop';
import { DeliveryError } from '../../src/track/transport';
import { deliveryConfig, eventAt } from '../support/delivery-config';
import { fakeTransport, until, useSendLoopClock } from '../support/delivery-helpers';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const stops = useSendLoopClock(NOW);

/** A ready loop whose sends wait for `answer(ok)`, with `events` emitted by this page. */
async function setup(count: number) {
  const fake = fakeTransport();
  const answers: Array<(ok: boolean) => void> = [];
  fake.respondWith(() => new Promise<void>((resolve, reject) => answers.push((ok) => (ok ? resolve() : reject(new DeliveryError('collector down', 503))))));
  const { config } = deliveryConfig({ transport: fake.transport });
  const mirror = createOutboxMirror(config, () => 'granted');
  const [ready, run, , , , flushSoon, , stop, [inFlightBytes, carries]] = createSendLoop(config, mirror, () => 'granted', () => false);
  stops.push(stop);
  await ready;
  const events = Array.from({ length: count }, (_, i) => eventAt(i + 1));
  for (const event of events) {
    const record: OutboxRecord = { id: event.event_id, event, state: 'queued' };
    mirror[0].set(record.id, { record, persisted: false });
    mirror[3](record);
  }
  return { fake, events, run, flushSoon, inFlightBytes, carries, answer: (ok: boolean) => answers.shift()!(ok) };
}

describe('keepalive requests in flight', () => {
  it('a flushSoon send counts its body bytes and event ids until it is acknowledged', async () => {
    const loop = await setup(2);
    const soon = loop.flushSoon(10_000);
    await until(() => loop.fake.calls.length === 1);
    expect(loop.fake.calls[0].options).toEqual({ keepalive: true });
    expect(loop.inFlightBytes()).toBe(bodyBytes(loop.events));
    expect(loop.events.every((e) => loop.carries(e.event_id))).toBe(true);
    loop.answer(true);
    await expect(soon).resolves.toBe(true);
    expect([loop.inFlightBytes(), loop.carries(loop.events[0].event_id)]).toEqual([0, false]);
  });

  it('a flushSoon send that fails stops counting too', async () => {
    const loop = await setup(1);
    const soon = loop.flushSoon(10_000);
    await until(() => loop.fake.calls.length === 1);
    expect(loop.inFlightBytes()).toBeGreaterThan(0);
    loop.answer(false);
    await expect(soon).resolves.toBe(false);
    expect([loop.inFlightBytes(), loop.carries(loop.events[0].event_id)]).toEqual([0, false]);
  });

  it('an ordinary send is never counted', async () => {
    const loop = await setup(2);
    const pass = loop.run({ explicit: true });
    await until(() => loop.fake.calls.length === 1);
    expect(loop.fake.calls[0].options).toEqual({ keepalive: undefined });
    expect([loop.inFlightBytes(), loop.carries(loop.events[0].event_id)]).toEqual([0, false]);
    loop.answer(true);
    await pass;
  });
});
