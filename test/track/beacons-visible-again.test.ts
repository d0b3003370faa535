/**
 * A tab hidden, then visible again (src/track/beacons.ts with the send loop, through
 * createDelivery, under fake timers). What it beaconed is sent again, by design: a beacon is
 * never acknowledged, so the events stay in the outbox, marked, and the page that lives on
 * re-sends them once with an acknowledged fetch after `beaconGraceMs` (docs/events.md, "Delivery
 * guarantees": at least once to the collector; the collector drops duplicates by `event_id`).
 * What must hold is that the duplicate is bounded: one beacon and one acknowledged fetch per
 * event, none of it before the grace period ends, however often the tab is hidden and shown.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDelivery } from '../../src/track/delivery';
import { deliveryConfig, eventAt } from '../support/delivery-config';
import { fakeTransport } from '../support/delivery-helpers';

const NOW = Date.parse('2026-11-22T10:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

describe('hidden, then visible again', () => {
  it('each beaconed event goes once more, by fetch, after the grace period, and never again however often the tab is hidden and shown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    const { config } = deliveryConfig({ transport: fake.transport, batchDelayMs: 500, beaconGraceMs: 30_000 });
    const d = createDelivery(config);
    await d.ready;
    const [a, b, c] = [eventAt(1, 'a'), eventAt(2, 'b'), eventAt(3, 'c')];
    d.enqueue(a);
    d.enqueue(b);
    await d.beacon(); // hidden
    expect(fake.calls.map((call) => [call.events.map((e) => e.name), call.options])).toEqual([[['a', 'b'], { beacon: true }]]);

    // Visible again: a new event and an explicit flush go at once, without what was beaconed.
    d.enqueue(c);
    await d.flush();
    expect(fake.calls.slice(1).map((call) => call.events.map((e) => e.name))).toEqual([['c']]);
    // Hidden and shown again within the grace period: nothing is beaconed twice.
    await d.beacon();
    await d.flush();
    await vi.advanceTimersByTimeAsync(29_000);
    expect(fake.calls).toHaveLength(2);

    // The grace period ends: one acknowledged fetch, then the outbox is empty.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.calls.slice(2).map((call) => [call.events.map((e) => e.name), call.options?.beacon])).toEqual([[['a', 'b'], undefined]]);
    expect([d.pending(), await config.outbox.count()]).toEqual([0, 0]);

    // Many more hides, shows and flushes, and an hour: nothing is sent again.
    for (let i = 0; i < 5; i++) {
      await d.beacon();
      await d.flush();
      await vi.advanceTimersByTimeAsync(600_000);
    }
    const sends = new Map<string, number>();
    for (const id of fake.sentIds()) sends.set(id, (sends.get(id) ?? 0) + 1);
    expect(Object.fromEntries(sends)).toEqual({ [a.event_id]: 2, [b.event_id]: 2, [c.event_id]: 1 });
    expect(vi.getTimerCount()).toBe(0);
    d.dispose();
  });
});
