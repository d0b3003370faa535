/**
 * Page-hide beacons (src/track/beacons.ts) while a keepalive request of this page is still in
 * flight. Browsers give a page one quota for the bodies of keepalive fetches and beacons in
 * flight together (Fetch standard, "inflight keepalive bytes": 64 KiB; Chromium's sendBeacon
 * draws on the same quota). A `flushSoon` (a help link that navigates away) sends with
 * keepalive; when the page is hidden before it was answered, the beacons must fit in what is
 * left of the quota, or the browser refuses them, and must not carry again the events that are
 * already on their way in a request that outlives the page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDelivery, type DeliveryConfig } from '../../src/track/delivery';
import type { OutboxRecord } from '../../src/track/outbox';
import { KEEPALIVE_LIMIT, utf8Length, type SendResult } from '../../src/track/transport';
import { deliveryConfig, eventAt } from '../support/delivery-config';
import { fakeTransport, until } from '../support/delivery-helpers';

const NOW = Date.parse('2026-11-22T10:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

const bodyBytes = (events: unknown[]) => utf8Length(JSON.stringify({ events }));
/** A goal event of about 600 bytes of JSON, whose id sorts by `ms`. */
const padded = (ms: number) => ({ ...eventAt(ms, `g${ms}`), properties: { padding: 'p'.repeat(300) } });

/**
 * A delivery whose keepalive sends wait for `release()`, and whose beacons leave unacknowledged,
 * as sendBeacon's do.
 */
function setup(overrides: Partial<DeliveryConfig> = {}) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
  const fake = fakeTransport();
  const releases: Array<() => void> = [];
  fake.respondWith((_events, options) => {
    if (options?.beacon) return Promise.resolve({ acknowledged: false });
    if (options?.keepalive) return new Promise<void | SendResult>((resolve) => releases.push(() => resolve({ acknowledged: true })));
    return Promise.resolve();
  });
  const { config } = deliveryConfig({ transport: fake.transport, batchDelayMs: 60_000, batchSize: 500, maxQueued: 1_000, ...overrides });
  const d = createDelivery(config);
  return { d, fake, config, release: () => releases.splice(0).forEach((r) => r()) };
}

describe('a hide while a keepalive flush is in flight', () => {
  it('the beacons carry at most what is left of the keepalive budget, and none of the events already on their way', async () => {
    const { d, fake, config, release } = setup();
    await d.ready;
    let ms = 0;
    // About 40 KB in the keepalive request: well under the 64 KiB a keepalive body may be.
    const first: ReturnType<typeof padded>[] = [];
    while (bodyBytes(first) < 40_000) first.push(padded(++ms));
    first.forEach((e) => d.enqueue(e));
    const soon = d.flushSoon(10_000);
    await until(() => fake.calls.length === 1);
    const [keepalive] = fake.calls;
    expect(keepalive.options).toEqual({ keepalive: true });
    const inFlight = bodyBytes(keepalive.events);
    expect(inFlight).toBeLessThanOrEqual(KEEPALIVE_LIMIT);

    // More events, then the page is hidden before the keepalive request was answered.
    for (let i = 0; i < 60; i++) d.enqueue(padded(++ms));
    await d.beacon();
    const beacons = fake.calls.filter((c) => c.options?.beacon);
    const beaconed = beacons.flatMap((c) => c.ids);
    expect(beaconed.length).toBeGreaterThan(0); // what is left of the budget is used
    expect(inFlight + beacons.reduce((sum, c) => sum + bodyBytes(c.events), 0)).toBeLessThanOrEqual(config.beaconBudgetBytes);
    expect(beaconed.filter((id) => keepalive.ids.includes(id))).toEqual([]);

    // The keepalive request is answered: its events are delivered, the beaconed ones kept (marked), the rest queued.
    release();
    await expect(soon).resolves.toBe(true);
    const left = await config.outbox.list(1_000);
    expect(left.filter((r: OutboxRecord) => keepalive.ids.includes(r.id))).toEqual([]);
    expect(left.filter((r) => r.state === 'beaconed').map((r) => r.id)).toEqual(beaconed);
    d.dispose();
  });

  it('once the keepalive request was answered, the next hide has the whole budget again', async () => {
    const { d, fake, config, release } = setup();
    await d.ready;
    let ms = 0;
    const first: ReturnType<typeof padded>[] = [];
    while (bodyBytes(first) < 40_000) first.push(padded(++ms));
    first.forEach((e) => d.enqueue(e));
    const soon = d.flushSoon(10_000);
    await until(() => fake.calls.length === 1);
    release();
    await expect(soon).resolves.toBe(true);
    for (let i = 0; i < 150; i++) d.enqueue(padded(++ms));
    await d.beacon();
    const total = fake.calls.filter((c) => c.options?.beacon).reduce((sum, c) => sum + bodyBytes(c.events), 0);
    expect(total).toBeLessThanOrEqual(config.beaconBudgetBytes);
    expect(total).toBeGreaterThan(config.beaconBudgetBytes - 2_000); // not held back by a request that is over
    d.dispose();
  });

  it('a beacon still in flight (its fallback keepalive fetch unanswered) leaves a second hide only the rest of the budget', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
    const fake = fakeTransport();
    const answers: Array<() => void> = [];
    // Refused by sendBeacon, the HTTP transport falls back to a keepalive fetch: pending until answered.
    fake.respondWith(() => new Promise<void | SendResult>((resolve) => answers.push(() => resolve({ acknowledged: true }))));
    const { config } = deliveryConfig({ transport: fake.transport, batchDelayMs: 60_000, maxQueued: 1_000 });
    const d = createDelivery(config);
    await d.ready;
    let ms = 0;
    const first: ReturnType<typeof padded>[] = [];
    while (bodyBytes(first) < 40_000) first.push(padded(++ms));
    first.forEach((e) => d.enqueue(e));
    void d.beacon(); // hidden
    const firstBytes = fake.calls.reduce((sum, c) => sum + bodyBytes(c.events), 0);
    const before = fake.calls.length;
    for (let i = 0; i < 60; i++) d.enqueue(padded(++ms)); // visible again
    void d.beacon(); // hidden again before the first answer came
    const second = fake.calls.slice(before);
    expect(second.length).toBeGreaterThan(0);
    expect(firstBytes + second.reduce((sum, c) => sum + bodyBytes(c.events), 0)).toBeLessThanOrEqual(config.beaconBudgetBytes);
    answers.splice(0).forEach((answer) => answer());
    d.dispose();
  });
});
