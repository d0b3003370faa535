/**
 * Delivery in happy-dom with fake-indexeddb and fake timers: the outbox is written before
 * anything is sent, survives a simulated reload (a new tracker on the same database), and
 * forgets an event only once the collector acknowledged it; retries back off with full
 * jitter and honour Retry-After; offline pauses; the bound drops the oldest and counts them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { eventProblem } from '../../src/track/event';
import { indexedDbOutbox, keyValueOutbox, memoryOutbox } from '../../src/track/outbox';
import { memoryStorage } from '../../src/store/storage';
import { DeliveryError } from '../../src/track/transport';
import { createDelivery } from '../../src/track/delivery';
import { deliveryConfig, eventAt } from '../support/delivery-config';
import { advance, fakeNetwork, fakeTransport, freshDbName, goal, io, sharedLock, tracker, until } from '../support/delivery-helpers';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-11-22T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('outbox', () => {
  it('holds an event in IndexedDB as soon as it is emitted, before any send', async () => {
    const outbox = indexedDbOutbox(freshDbName());
    const fake = fakeTransport();
    const { tracker: t } = tracker({ transport: fake.transport, outbox, batchDelayMs: 5000 });
    const event = t.emit(goal('project_created'));
    await io();
    expect(fake.calls).toHaveLength(0);
    const stored = await outbox.list(10);
    expect(stored.map((r) => r.id)).toEqual([event.event_id]);
    expect(stored[0]).toMatchObject({ state: 'queued', event: { type: 'goal', name: 'project_created' } });
    t.dispose();
  });

  it('survives a reload: a new tracker on the same database sends the same event ids, then empties it', async () => {
    const dbName = freshDbName();
    const down = fakeTransport();
    down.respondWith(async () => {
      throw new DeliveryError('collector unreachable');
    });
    const first = tracker({ transport: down.transport, outbox: indexedDbOutbox(dbName) });
    const emitted = [first.tracker.emit(goal('a')), first.tracker.emit(goal('b')), first.tracker.emit(goal('c'))].map((e) => e.event_id);
    await first.tracker.flush();
    expect(down.calls).toHaveLength(1);
    expect(first.tracker.pending()).toBe(3);
    first.tracker.dispose(); // the page goes away

    const up = fakeTransport();
    const outbox = indexedDbOutbox(dbName);
    const second = tracker({ transport: up.transport, outbox });
    await second.tracker.ready;
    expect(second.tracker.pending()).toBe(3);
    await advance(0);
    await until(() => up.calls.length === 1 && second.tracker.pending() === 0);
    expect(up.sentIds().sort()).toEqual([...emitted].sort());
    expect(down.sentIds().sort()).toEqual([...emitted].sort()); // same ids on every attempt
    expect(await outbox.count()).toBe(0);
    second.tracker.dispose();
  });

  it('can live in any KeyValueStorage the host passes (keyValueOutbox)', async () => {
    const storage = memoryStorage();
    const down = fakeTransport();
    down.respondWith(async () => {
      throw new DeliveryError('collector answered 503', 503);
    });
    const first = tracker({ transport: down.transport, outbox: keyValueOutbox(storage) });
    const id = first.tracker.emit(goal('a')).event_id;
    await first.tracker.flush();
    first.tracker.dispose();
    const up = fakeTransport();
    const second = tracker({ transport: up.transport, outbox: keyValueOutbox(storage) });
    await second.tracker.ready;
    await until(() => second.tracker.pending() === 0);
    expect(up.sentIds()).toEqual([id]);
    expect(await keyValueOutbox(storage).count()).toBe(0);
    second.tracker.dispose();
  });

  it('removes events only after the collector acknowledged them', async () => {
    const outbox = indexedDbOutbox(freshDbName());
    const fake = fakeTransport();
    let acknowledge!: () => void;
    fake.respondWith(() => new Promise<void>((resolve) => (acknowledge = resolve)));
    const { tracker: t } = tracker({ transport: fake.transport, outbox });
    t.emit(goal('a'));
    const flushing = t.flush();
    await until(() => fake.calls.length === 1);
    expect(await outbox.count()).toBe(1);
    acknowledge();
    await flushing;
    expect(await outbox.count()).toBe(0);
    expect(t.pending()).toBe(0);
    t.dispose();
  });

  it('batches by time and by size', async () => {
    const fake = fakeTransport();
    const { tracker: t } = tracker({ transport: fake.transport, batchDelayMs: 500, batchSize: 3 });
    t.emit(goal('a'));
    await advance(499);
    expect(fake.calls).toHaveLength(0);
    await advance(1);
    expect(fake.calls.map((c) => c.ids.length)).toEqual([1]);
    for (const name of ['b', 'c', 'd', 'e']) t.emit(goal(name));
    await advance(0); // the size bound sends without waiting for the delay
    expect(fake.calls.map((c) => c.ids.length)).toEqual([1, 3, 1]);
    t.dispose();
  });

  it('is bounded: past maxQueued the oldest are dropped, counted and reported once', async () => {
    const outbox = indexedDbOutbox(freshDbName());
    const network = fakeNetwork(false);
    const fake = fakeTransport();
    const { tracker: t, reports } = tracker({ transport: fake.transport, outbox, maxQueued: 5, network: network.network });
    const ids = Array.from({ length: 8 }, (_, i) => t.emit(goal(`g${i}`)).event_id);
    await io();
    expect(t.pending()).toBe(5);
    expect(t.dropped()).toBe(3);
    expect(reports.filter((r) => r.includes('dropped the 3 oldest'))).toHaveLength(1);
    expect((await outbox.ids()).sort()).toEqual(ids.slice(3).sort());
    network.set(true);
    await until(() => t.pending() === 0);
    expect(fake.sentIds().sort()).toEqual(ids.slice(3).sort());
    // The count is kept with the outbox: the next page load still knows.
    const next = tracker({ transport: fake.transport, outbox });
    await next.tracker.ready;
    expect(next.tracker.dropped()).toBe(3);
    t.dispose();
    next.tracker.dispose();
  });

  it('keeps working in memory when IndexedDB fails, and says so', async () => {
    const broken = indexedDbOutbox('broken', () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    const fake = fakeTransport();
    const { tracker: t, reports } = tracker({ transport: fake.transport, outbox: broken });
    t.emit(goal('a'));
    await t.flush();
    expect(fake.calls).toHaveLength(1);
    expect(t.pending()).toBe(0);
    expect(reports.some((r) => r.includes('keeping undelivered events in memory'))).toBe(true);
    t.dispose();
  });

  it('stamps every event as valid schema v1 (what the collector checks)', async () => {
    const fake = fakeTransport();
    const { tracker: t } = tracker({ transport: fake.transport });
    const events = [
      t.emit(goal('project_created', { template: 'blank' })),
      t.emit({ type: 'exposure', item_id: 'welcome', item_type: 'tour', item_version: 1, rendered: false, counterfactual: true, experiment: 'e', variation: 'control', bucket_version: 0, unit: 'user', unit_id: 'u1' }),
      t.emit({ type: 'dismissed', item_id: 'welcome', item_type: 'banner', origin: 'close' }),
      t.emit({ type: 'step_viewed', item_id: 'tour', item_type: 'tour', step: 2 }),
    ];
    await t.flush();
    for (const event of [...events, ...fake.calls.flatMap((c) => c.events)]) expect(eventProblem(event)).toBeUndefined();
    t.dispose();
  });

  it('queues JSON only: Dates become strings, functions vanish, a cyclic value is reported, not queued', async () => {
    const fake = fakeTransport();
    const { tracker: t, reports } = tracker({ transport: fake.transport });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    t.emit(goal('cyclic', cyclic));
    t.emit(goal('ok', { when: new Date(0), drop: () => 1 }));
    await t.flush();
    expect(fake.calls.flatMap((c) => c.events).map((e) => e.name)).toEqual(['ok']);
    expect(fake.calls[0].events[0].properties).toEqual({ when: '1970-01-01T00:00:00.000Z' });
    expect(reports.some((r) => r.includes('not JSON'))).toBe(true);
    t.dispose();
  });
});

describe('retries', () => {
  it('backs off exponentially with full jitter, keeping the event ids', async () => {
    const fake = fakeTransport();
    let failuresLeft = 3;
    fake.respondWith(async () => {
      if (failuresLeft-- > 0) throw new DeliveryError('collector answered 500', 500);
    });
    const { tracker: t, reports } = tracker({ transport: fake.transport, random: () => 0.5, retry: { baseMs: 1000, maxMs: 60_000 } });
    const id = t.emit(goal('a')).event_id;
    await advance(500); // batch delay -> attempt 1 fails
    expect(fake.calls).toHaveLength(1);
    // Full jitter: random() * min(cap, base * 2^(n-1)) = 0.5 * 1000, 0.5 * 2000, 0.5 * 4000.
    await advance(499);
    expect(fake.calls).toHaveLength(1);
    await advance(1);
    expect(fake.calls).toHaveLength(2);
    await advance(999);
    expect(fake.calls).toHaveLength(2);
    await advance(1);
    expect(fake.calls).toHaveLength(3);
    await advance(1999);
    expect(fake.calls).toHaveLength(3);
    await advance(1);
    expect(fake.calls).toHaveLength(4);
    expect(t.pending()).toBe(0);
    expect(new Set(fake.sentIds())).toEqual(new Set([id]));
    // One report for the failure streak, not one per attempt.
    expect(reports.filter((r) => r.includes('will retry'))).toHaveLength(1);
    t.dispose();
  });

  it('caps the backoff at retry.maxMs', async () => {
    const fake = fakeTransport();
    fake.respondWith(async () => {
      throw new DeliveryError('down', 502);
    });
    const { tracker: t } = tracker({ transport: fake.transport, random: () => 0.999, retry: { baseMs: 1000, maxMs: 5000 } });
    t.emit(goal('a'));
    await advance(500);
    for (let i = 0; i < 6; i++) await advance(5000);
    const gaps = fake.calls.slice(1).map((c, i) => c.at - fake.calls[i].at);
    // 0.999 * 1000, * 2000, * 4000, then the cap: 0.999 * 5000 every time.
    expect(gaps).toEqual([999, 1998, 3996, 4995, 4995, 4995, 4995]);
    expect(t.stats().failures).toBe(gaps.length + 1);
    t.dispose();
  });

  it('honours Retry-After on 429/503, even for an explicit flush, and shares it with other tabs', async () => {
    const dbName = freshDbName();
    const fake = fakeTransport();
    let limited = true;
    fake.respondWith(async () => {
      if (limited) throw new DeliveryError('collector answered 429', 429, 30_000);
    });
    const lock = sharedLock();
    const { tracker: t } = tracker({ transport: fake.transport, outbox: indexedDbOutbox(dbName), lock, random: () => 0 });
    t.emit(goal('a'));
    await t.flush();
    expect(fake.calls).toHaveLength(1);
    limited = false;
    await t.flush(); // explicit: still not before Retry-After
    await advance(29_000);
    expect(fake.calls).toHaveLength(1);
    // Another tab on the same outbox learns the Retry-After from it.
    const other = tracker({ transport: fake.transport, outbox: indexedDbOutbox(dbName), lock });
    other.tracker.emit(goal('b'));
    await other.tracker.flush();
    expect(fake.calls).toHaveLength(1);
    await advance(1000);
    await until(() => t.pending() === 0 && fake.calls.length >= 2);
    expect(fake.sentIds()).toContain(fake.calls[0].ids[0]);
    t.dispose();
    other.tracker.dispose();
  });

  it('the clock set back an hour after a Retry-After ended: flush() sends at once, and nothing is blocked for the hour', async () => {
    let now = Date.now();
    const start = now;
    const fake = fakeTransport();
    fake.respondWith(async () => {
      throw new DeliveryError('collector answered 429', 429, 1000);
    });
    const { config } = deliveryConfig({ transport: fake.transport, clock: () => now, outbox: indexedDbOutbox(freshDbName()) });
    const d = createDelivery(config);
    await d.ready;
    d.enqueue(eventAt(1));
    await d.flush();
    expect(d.stats()).toMatchObject({ failures: 1, blockedUntil: start + 1000 + 500 });
    fake.respondWith(async () => undefined);
    now += 2000;
    now -= 3_600_000;
    expect(d.stats().blockedUntil).toBeUndefined();
    await d.flush();
    expect([fake.calls.length, d.pending(), await config.outbox.count()]).toEqual([2, 0, 0]);
    d.dispose();
  });

  it('splits a batch the collector refuses (400) until the malformed event is alone, drops and reports only it', async () => {
    const fake = fakeTransport();
    fake.respondWith(async (events) => {
      if (events.some((e) => e.name === 'bad')) throw new DeliveryError('collector answered 400: events[2]: bad', 400);
    });
    const { tracker: t, reports } = tracker({ transport: fake.transport, batchSize: 8 });
    const names = ['a', 'b', 'bad', 'c', 'd', 'e', 'f', 'g'];
    names.forEach((n) => t.emit(goal(n)));
    await t.flush();
    const delivered = fake.calls.filter((c) => !c.events.some((e) => e.name === 'bad')).flatMap((c) => c.events.map((e) => e.name));
    expect(delivered.sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(t.pending()).toBe(0);
    expect(t.stats().rejected).toBe(1);
    expect(reports.filter((r) => r.includes('refused'))).toHaveLength(1);
    // 8 -> 4+4 -> (2+2) -> (1+1): never more than a handful of requests, never forever.
    expect(fake.calls.length).toBeLessThanOrEqual(1 + 2 + 2 + 2);
    t.dispose();
  });

  it('stops (keeping the events) when the endpoint itself refuses: 404', async () => {
    const outbox = memoryOutbox();
    const fake = fakeTransport();
    fake.respondWith(async () => {
      throw new DeliveryError('collector answered 404: not found', 404);
    });
    const { tracker: t, reports } = tracker({ transport: fake.transport, outbox });
    t.emit(goal('a'));
    t.emit(goal('b'));
    await t.flush();
    await advance(600_000);
    expect(fake.calls).toHaveLength(1);
    expect(await outbox.count()).toBe(2);
    expect(t.stats().refused).toContain('404');
    expect(reports.some((r) => r.includes('stopped sending'))).toBe(true);
    t.dispose();
  });

  it('pauses while offline and resumes on the online event', async () => {
    const network = fakeNetwork(false);
    const fake = fakeTransport();
    const { tracker: t } = tracker({ transport: fake.transport, network: network.network });
    t.emit(goal('a'));
    await t.flush();
    await advance(120_000);
    expect(fake.calls).toHaveLength(0);
    await t.flush({ beacon: true }); // no beacon into the void either
    expect(fake.calls).toHaveLength(0);
    network.set(true);
    await until(() => t.pending() === 0);
    expect(fake.calls).toHaveLength(1);
    t.dispose();
  });

  it('retries at once when the browser comes back online, without waiting out a network backoff', async () => {
    const network = fakeNetwork(true);
    const fake = fakeTransport();
    let up = false;
    fake.respondWith(async () => {
      if (!up) throw new DeliveryError('collector unreachable: Failed to fetch');
    });
    const { tracker: t } = tracker({ transport: fake.transport, network: network.network, random: () => 0.99, retry: { baseMs: 60_000 } });
    t.emit(goal('a'));
    await t.flush();
    expect(fake.calls).toHaveLength(1);
    up = true;
    network.set(false);
    network.set(true);
    await until(() => t.pending() === 0);
    expect(fake.calls).toHaveLength(2);
    t.dispose();
  });
});

describe('flushSoon (help links that navigate away)', () => {
  it('resolves true once the collector acknowledged, sending with keepalive', async () => {
    const fake = fakeTransport();
    const { tracker: t } = tracker({ transport: fake.transport, batchDelayMs: 10_000 });
    t.emit({ type: 'link_clicked', item_id: 'export-help', properties: { url: '/help' } });
    await expect(t.flushSoon(1000)).resolves.toBe(true);
    expect(fake.calls[0].options).toMatchObject({ keepalive: true });
    t.dispose();
  });

  it('resolves false after the timeout when the collector is slow, and the event stays queued', async () => {
    const fake = fakeTransport();
    fake.respondWith(() => new Promise(() => undefined));
    const { tracker: t } = tracker({ transport: fake.transport });
    t.emit({ type: 'link_clicked', item_id: 'export-help' });
    const result = t.flushSoon(1000);
    await advance(999);
    let settled = false;
    void result.then(() => (settled = true));
    await io();
    expect(settled).toBe(false);
    await advance(1);
    await expect(result).resolves.toBe(false);
    expect(t.pending()).toBe(1);
    t.dispose();
  });

  it('resolves false at once when it cannot send (failure, offline)', async () => {
    const fake = fakeTransport();
    fake.respondWith(async () => {
      throw new DeliveryError('collector answered 503', 503);
    });
    const { tracker: t } = tracker({ transport: fake.transport });
    t.emit({ type: 'link_clicked', item_id: 'x' });
    await expect(t.flushSoon(1000)).resolves.toBe(false);
    const network = fakeNetwork(false);
    const offline = tracker({ transport: fake.transport, network: network.network });
    offline.tracker.emit({ type: 'link_clicked', item_id: 'x' });
    await expect(offline.tracker.flushSoon(1000)).resolves.toBe(false);
    t.dispose();
    offline.tracker.dispose();
  });
});

describe('two tabs on one outbox', () => {
  it('never send the same event concurrently, and every event is delivered once', async () => {
    const dbName = freshDbName();
    const lock = sharedLock();
    const fake = fakeTransport();
    // A slow collector, so both tabs try while a send is in flight.
    fake.respondWith(() => new Promise<void>((resolve) => setImmediate(resolve)));
    const a = tracker({ transport: fake.transport, outbox: indexedDbOutbox(dbName), lock, batchSize: 5 });
    const b = tracker({ transport: fake.transport, outbox: indexedDbOutbox(dbName), lock, batchSize: 5 });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(a.tracker.emit(goal(`a${i}`)).event_id);
      ids.push(b.tracker.emit(goal(`b${i}`)).event_id);
    }
    await Promise.all([a.tracker.flush(), b.tracker.flush()]);
    for (let i = 0; i < 20 && (a.tracker.pending() || b.tracker.pending()); i++) {
      await advance(500);
      await Promise.all([a.tracker.flush(), b.tracker.flush()]);
    }
    const sent = fake.sentIds();
    expect(sent.length).toBe(new Set(sent).size);
    expect(new Set(sent)).toEqual(new Set(ids));
    expect(a.tracker.pending() + b.tracker.pending()).toBe(0);
    a.tracker.dispose();
    b.tracker.dispose();
  });
});
