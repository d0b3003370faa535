/**
 * The send loop (src/track/send-loop.ts) against hostile transports and stores: what a host's
 * transport rejects with need not be an Error.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Consent, DeliveryConfig } from '../../src/track/delivery';
import { createOutboxMirror } from '../../src/track/outbox-mirror';
import { backoffDelay } from '../../src/track/retry-policy';
import { createSendLoop } from '../../src/track/send-loop';
import { deliveryConfig, recordAt } from '../support/delivery-config';
import { fakeTransport, useSendLoopClock } from '../support/delivery-helpers';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const cleanups = useSendLoopClock(NOW);

async function setup(overrides: Partial<DeliveryConfig> = {}) {
  const fake = fakeTransport();
  const { config, reports } = deliveryConfig({ transport: fake.transport, random: () => 0.25, ...overrides });
  const state = { consent: 'granted' as Consent, disposed: false };
  const mirror = createOutboxMirror(config, () => state.consent);
  const [ready, run, , , , , stats, stop] = createSendLoop(config, mirror, () => state.consent, () => state.disposed);
  cleanups.push(stop);
  await ready;
  const enqueue = (record: ReturnType<typeof recordAt>) => (mirror[0].set(record.id, { record, persisted: false }), mirror[3](record));
  return { fake, config, reports, run, stats, enqueue, state };
}

describe("a host transport's rejection that is not an Error", () => {
  for (const [label, value] of [['undefined', undefined], ['null', null], ['a string', 'offline']] as const) {
    it(`${label}: a transient failure, retried with backoff, the event kept`, async () => {
      const loop = await setup();
      const record = recordAt(1);
      loop.enqueue(record);
      loop.fake.respondWith(() => Promise.reject(value));
      await loop.run({});
      expect(loop.stats()).toMatchObject({ pending: 1, failures: 1 });
      expect(loop.reports).toEqual([`Guidepost could not deliver 1 event(s), will retry: ${String(value)}`]);
      loop.fake.respondWith(async () => undefined);
      await vi.advanceTimersByTimeAsync(backoffDelay(1, 1000, 60_000, 0.25));
      expect(loop.fake.sentIds()).toEqual([record.id, record.id]);
      expect(loop.stats()).toMatchObject({ pending: 0, failures: 0 });
    });
  }
});

describe('Retry-After that ends at once (0, or an HTTP date a clock running ahead already passed)', () => {
  it('is a floor under the backoff, not a replacement: the waits still grow with each failure in a row', async () => {
    const loop = await setup();
    loop.enqueue(recordAt(1));
    loop.fake.respondWith(() => Promise.reject(Object.assign(new Error('collector answered 503'), { status: 503, retryAfterMs: 0 })));
    const waits: number[] = [];
    await loop.run({});
    for (let failures = 1; failures <= 8; failures++) {
      const wait = loop.stats().blockedUntil! - Date.now();
      waits.push(wait);
      await vi.advanceTimersByTimeAsync(wait);
      expect(loop.fake.calls).toHaveLength(failures + 1);
    }
    // Jitter 0.25: max(0.25 s after the Retry-After, the backoff of that many failures).
    expect(waits).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => Math.max(250, backoffDelay(n, 1000, 60_000, 0.25))));
  });
});

describe('halving a refused batch', () => {
  it('leaves no give-up timer of any send behind (each send lifts its own deadline)', async () => {
    const loop = await setup({ batchSize: 4 });
    const records = [recordAt(1, 'a'), recordAt(2, 'b'), recordAt(3, 'bad'), recordAt(4, 'c')];
    records.forEach((r) => loop.enqueue(r));
    loop.fake.respondWith(async (events) => {
      if (events.some((e) => e.name === 'bad')) throw Object.assign(new Error('collector answered 400'), { status: 400 });
    });
    await loop.run({ explicit: true });
    expect(loop.stats()).toMatchObject({ pending: 0, rejected: 1 });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('halving a refused batch when sending is no longer allowed', () => {
  const refuse = Object.assign(new Error('collector answered 400'), { status: 400 });
  it.each([
    ['consent withdrawn', (loop: Awaited<ReturnType<typeof setup>>) => (loop.state.consent = 'denied')],
    ['destroyed', (loop: Awaited<ReturnType<typeof setup>>) => (loop.state.disposed = true)],
  ])('%s during the send: its halves are not sent (new requests, not the one in flight)', async (_name, stopSending) => {
    const loop = await setup({ batchSize: 4 });
    [recordAt(1), recordAt(2), recordAt(3), recordAt(4)].forEach((r) => loop.enqueue(r));
    loop.fake.respondWith(async () => {
      stopSending(loop);
      throw refuse;
    });
    await loop.run({ explicit: true });
    expect(loop.fake.calls).toHaveLength(1);
    expect(loop.stats().rejected).toBe(0);
  });
});

describe('another tab holds the lock (its send is slow)', () => {
  it('with batchDelayMs 0, this tab tries again at most every 100 ms, not in a loop of zero-delay timers', async () => {
    let attempts = 0;
    const loop = await setup({ batchDelayMs: 0, lock: async () => (attempts++, { acquired: false }) });
    loop.enqueue(recordAt(1));
    await loop.run({});
    await vi.advanceTimersByTimeAsync(1000);
    expect(attempts).toBeGreaterThanOrEqual(10);
    expect(attempts).toBeLessThanOrEqual(11);
  });
});
