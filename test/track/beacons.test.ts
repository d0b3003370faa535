/**
 * Page-hide beacons (src/track/beacons.ts) in Node, over a real outbox mirror on a memory
 * outbox that logs its puts, with a scriptable transport. What must hold when a page goes away:
 * - the beacon leaves synchronously, inside the handler (no await before `transport.send`);
 * - only queued records go, the unsaved ones first; a record is beaconed at most once per page
 *   (a second hide sends nothing again), and one another page beaconed is not sent;
 * - beaconed records stay in the store, marked (at-least-once: a beacon is never acknowledged),
 *   and the same ids go again by fetch after the grace period (the collector drops duplicates);
 * - a refused or throwing beacon loses nothing: the records are plain queued ones again;
 * - not allowed (consent, offline, Retry-After, disposed): nothing sent, the write starts at once.
 * createDelivery-level behaviour (which gate applies) is at the end, under fake timers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { beacon } from '../../src/track/beacons';
import { createDelivery, type Consent, type DeliveryConfig } from '../../src/track/delivery';
import { memoryOutbox, type OutboxRecord, type OutboxStore } from '../../src/track/outbox';
import { createOutboxMirror, type Waiter } from '../../src/track/outbox-mirror';
import { DeliveryError, utf8Length, BODY_OVERHEAD } from '../../src/track/transport';
import { deliveryConfig, eventAt, recordAt } from '../support/delivery-config';
import { fakeTransport } from '../support/delivery-helpers';

const NOW = Date.parse('2026-11-22T10:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

/** A memory outbox that logs each put (ids and states, as they were at the call). */
function loggedOutbox() {
  const inner = memoryOutbox();
  const puts: Array<Array<[string, string]>> = [];
  const store: OutboxStore = { ...inner, put: (records) => (puts.push(records.map((r) => [r.event.name ?? r.id, r.state])), inner.put(records)) };
  return { store, puts };
}

function setup(overrides: Partial<DeliveryConfig> = {}, consent: Consent = 'granted') {
  const fake = fakeTransport();
  const outbox = loggedOutbox();
  const { config, reports } = deliveryConfig({ transport: fake.transport, outbox: outbox.store, clock: () => NOW, ...overrides });
  const mirror = createOutboxMirror(config, () => consent);
  const [local, waiters, , write, , , , , , settled] = mirror;
  const schedule = vi.fn<(delay: number) => void>();
  /** A record this page emitted now (not written yet). */
  const emit = (record: OutboxRecord) => (local.set(record.id, { record, persisted: false }), write(record));
  /** A record already in the store (written earlier, or left by an earlier page). */
  const stored = async (record: OutboxRecord) => {
    await outbox.store.put([record]);
    local.set(record.id, { record, persisted: true });
  };
  const waitFor = (ids: string[]) => {
    const outcome: boolean[] = [];
    const waiter: Waiter = { ids: new Set(ids), failed: false, finish: (delivered) => (waiters.delete(waiter), outcome.push(delivered)) };
    waiters.add(waiter);
    return outcome;
  };
  return {
    fake,
    outbox,
    config,
    reports,
    mirror,
    local,
    settled,
    schedule,
    emit,
    stored,
    waitFor,
    hide: (allowed = true) => beacon(config, mirror, allowed, schedule),
    names: (records: Iterable<{ record: OutboxRecord }>) => [...records].map((e) => e.record.event.name),
  };
}

const named = (ms: number) => recordAt(ms, `n${ms}`);
const stateOf = (records: OutboxRecord[]) => records.map((r) => [r.event.name, r.state, r.page ?? null, r.beaconedAt ?? null]);
/** A record nested `depth` levels deep in its properties, as a broken or hostile writer of the stored outbox could leave. */
const deepRecord = (ms: number, depth = 1500): OutboxRecord => {
  const record = named(ms);
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { v: value };
  record.event.properties = value;
  return record;
};

describe('when allowed', () => {
  it('sends synchronously, as a beacon, the unsaved records first, then the stored ones, oldest first in each', async () => {
    const t = setup();
    await t.stored(named(1));
    await t.stored(named(2));
    t.emit(named(3));
    t.emit(named(4));
    void t.hide();
    // No await yet: the send happened inside the call (the page may be gone a moment later).
    expect(t.fake.calls).toHaveLength(1);
    expect(t.fake.calls[0].options).toEqual({ beacon: true });
    expect(t.fake.calls[0].events.map((e) => e.name)).toEqual(['n3', 'n4', 'n1', 'n2']);
  });

  it('marks the records beaconed now, by this page, before the beacon settles, and starts their write at once', async () => {
    const t = setup();
    t.fake.respondWith(() => new Promise(() => undefined)); // never settles, like a page that is gone
    const r = named(1);
    t.emit(r);
    void t.hide();
    expect(t.local.get(r.id)?.record).toMatchObject({ state: 'beaconed', beaconedAt: NOW, page: 'page-1' });
    // The write was started in the call (writeNow), carrying the beaconed state.
    expect(t.outbox.puts).toEqual([[['n1', 'beaconed']]]);
    await t.settled();
    expect(stateOf(await t.outbox.store.list(10))).toEqual([['n1', 'beaconed', 'page-1', NOW]]);
  });

  it('schedules the re-send for after the grace period, once per hide that sent something', async () => {
    const t = setup({ beaconGraceMs: 12_345 });
    t.emit(named(1));
    await t.hide();
    expect(t.schedule.mock.calls).toEqual([[12_345]]);
  });

  it('unacknowledged ({ acknowledged: false }): the records stay, beaconed, and their waiters keep waiting', async () => {
    const t = setup();
    t.fake.respondWith(async () => ({ acknowledged: false }));
    const r = named(1);
    t.emit(r);
    const outcome = t.waitFor([r.id]);
    await t.hide();
    await t.settled();
    expect(t.local.has(r.id)).toBe(true);
    expect(stateOf(await t.outbox.store.list(10))).toEqual([['n1', 'beaconed', 'page-1', NOW]]);
    expect(outcome).toEqual([]);
  });

  it('acknowledged (a fetch fallback answered 2xx, or a transport that resolves nothing): forgotten as delivered', async () => {
    for (const answer of [undefined, { acknowledged: true }]) {
      const t = setup();
      t.fake.respondWith(async () => answer);
      const [a, b] = [named(1), named(2)];
      t.emit(a);
      await t.stored(b);
      const outcome = t.waitFor([a.id, b.id]);
      await t.hide();
      await t.settled();
      expect([answer, t.local.size, await t.outbox.store.count()]).toEqual([answer, 0, 0]);
      expect(outcome).toEqual([true]);
    }
  });

  it('the promise resolves once every beacon has settled, and never rejects', async () => {
    const t = setup({ beaconMaxBytes: BODY_OVERHEAD + utf8Length(JSON.stringify(eventAt(1, 'n1'))) + 1 });
    let calls = 0;
    t.fake.respondWith(() => (++calls === 1 ? Promise.reject(new Error('quota')) : Promise.resolve({ acknowledged: false })));
    t.emit(named(1));
    t.emit(named(2));
    await expect(t.hide()).resolves.toBeUndefined();
    expect(t.fake.calls).toHaveLength(2);
  });
});

describe('refused or failing beacons lose nothing', () => {
  it('a rejected beacon (quota, failed fallback fetch): the records are plain queued ones again, in the store too', async () => {
    const t = setup();
    t.fake.respondWith(async () => {
      throw new DeliveryError('collector unreachable: Failed to fetch');
    });
    const [a, b] = [named(1), named(2)];
    t.emit(a);
    await t.stored(b);
    const outcome = t.waitFor([a.id]);
    await t.hide();
    await t.settled();
    expect([...t.local.values()].map((e) => e.record)).toEqual([a, b].map((r) => ({ id: r.id, event: r.event, state: 'queued' })));
    expect(stateOf(await t.outbox.store.list(10))).toEqual([
      ['n1', 'queued', null, null],
      ['n2', 'queued', null, null],
    ]);
    expect(outcome).toEqual([]); // not settled: the events are still to be delivered
  });

  it('a transport that throws synchronously: no throw into the page-hide handler, records queued again', async () => {
    const t = setup();
    t.fake.respondWith(() => {
      throw new TypeError('sendBeacon: Illegal invocation');
    });
    const r = named(1);
    t.emit(r);
    let hiding: Promise<void> | undefined;
    expect(() => (hiding = t.hide())).not.toThrow();
    await expect(hiding).resolves.toBeUndefined();
    await t.settled();
    expect(t.local.get(r.id)?.record.state).toBe('queued');
    expect(stateOf(await t.outbox.store.list(10))).toEqual([['n1', 'queued', null, null]]);
  });

  it('a record acknowledged meanwhile (another send) is not brought back by a failed beacon', async () => {
    const t = setup();
    let refuse!: (error: Error) => void;
    t.fake.respondWith(() => new Promise((_resolve, reject) => (refuse = reject)));
    const [a, b] = [named(1), named(2)];
    t.emit(a);
    t.emit(b);
    const hiding = t.hide();
    const forget = t.mirror[4];
    await forget([a.id], true);
    refuse(new Error('quota'));
    await hiding;
    await t.settled();
    expect(t.names(t.local.values())).toEqual(['n2']);
    expect((await t.outbox.store.list(10)).map((r) => r.event.name)).toEqual(['n2']);
  });
});

describe('what goes, and what does not', () => {
  it('a second hide (visibilitychange, then pagehide) sends nothing again and schedules nothing more', async () => {
    const t = setup();
    t.fake.respondWith(async () => ({ acknowledged: false }));
    t.emit(named(1));
    t.emit(named(2));
    await t.hide();
    await t.hide();
    expect(t.fake.calls).toHaveLength(1);
    expect(t.schedule).toHaveBeenCalledTimes(1);
  });

  it('records another page beaconed are not sent (that page’s beacon probably arrived; a fetch re-sends them later)', async () => {
    const t = setup();
    const earlier = { ...named(1), state: 'beaconed' as const, beaconedAt: NOW - 5, page: 'page-0' };
    await t.stored(earlier);
    t.emit(named(2));
    await t.hide();
    expect(t.fake.calls.map((c) => c.events.map((e) => e.name))).toEqual([['n2']]);
  });

  it('nothing queued: no beacon, no schedule', async () => {
    const t = setup();
    await expect(t.hide()).resolves.toBeUndefined();
    expect([t.fake.calls.length, t.schedule.mock.calls.length]).toEqual([0, 0]);
  });

  it('splits into beacons of at most beaconMaxBytes each; what does not fit in beaconMaxChunks stays queued and is written', async () => {
    const one = utf8Length(JSON.stringify(eventAt(1, 'n1'))) + 1;
    const t = setup({ beaconMaxBytes: BODY_OVERHEAD + 2 * one, beaconMaxChunks: 2 });
    t.fake.respondWith(async () => ({ acknowledged: false }));
    for (let i = 1; i <= 6; i++) t.emit(named(i));
    void t.hide();
    expect(t.fake.calls.map((c) => c.events.map((e) => e.name))).toEqual([
      ['n1', 'n2'],
      ['n3', 'n4'],
    ]);
    for (const call of t.fake.calls) expect(utf8Length(JSON.stringify({ events: call.events }))).toBeLessThanOrEqual(BODY_OVERHEAD + 2 * one);
    await t.settled();
    expect(stateOf(await t.outbox.store.list(10)).map(([name, state]) => [name, state])).toEqual([
      ['n1', 'beaconed'],
      ['n2', 'beaconed'],
      ['n3', 'beaconed'],
      ['n4', 'beaconed'],
      ['n5', 'queued'],
      ['n6', 'queued'],
    ]);
  });

  it('stays within beaconBudgetBytes in all', async () => {
    const one = utf8Length(JSON.stringify(eventAt(1, 'n1'))) + 1;
    const t = setup({ beaconMaxBytes: 10_000, beaconBudgetBytes: BODY_OVERHEAD + 3 * one });
    for (let i = 1; i <= 10; i++) t.emit(named(i));
    void t.hide();
    expect(t.fake.calls.flatMap((c) => c.events.map((e) => e.name))).toEqual(['n1', 'n2', 'n3']);
  });

  it('an event too large for any beacon is skipped and stays queued (an ordinary send carries it)', async () => {
    const t = setup({ beaconMaxBytes: 2_000 });
    const big = recordAt(1, 'big');
    big.event.properties = { blob: 'x'.repeat(5_000) };
    t.emit(big);
    t.emit(named(2));
    void t.hide();
    expect(t.fake.calls.map((c) => c.events.map((e) => e.name))).toEqual([['n2']]);
    expect(t.local.get(big.id)?.record.state).toBe('queued');
  });
});

describe('what the page hands over cannot stop the beacons', () => {
  it('a stored record nested too deep to be written is skipped, not thrown into the pagehide handler; the others leave', async () => {
    const t = setup();
    const deep = deepRecord(1);
    await t.stored(deep);
    t.emit(named(2));
    let hide: Promise<void> | undefined;
    expect(() => (hide = t.hide())).not.toThrow();
    await hide;
    expect(t.fake.calls.map((c) => c.events.map((e) => e.name))).toEqual([['n2']]);
    expect(t.local.get(deep.id)?.record.state).toBe('queued');
  });
});

describe('when not allowed', () => {
  it('sends nothing, schedules nothing, marks nothing, and starts the outbox write synchronously', async () => {
    const t = setup();
    t.emit(named(1));
    t.emit(named(2));
    const hiding = t.hide(false);
    expect(t.outbox.puts).toEqual([
      [
        ['n1', 'queued'],
        ['n2', 'queued'],
      ],
    ]);
    await expect(hiding).resolves.toBeUndefined();
    expect([t.fake.calls.length, t.schedule.mock.calls.length]).toEqual([0, 0]);
    expect([...t.local.values()].map((e) => e.record.state)).toEqual(['queued', 'queued']);
  });
});

describe('through createDelivery (fake timers)', () => {
  function delivery(overrides: Partial<DeliveryConfig> = {}) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    const { config, reports } = deliveryConfig({ transport: fake.transport, batchDelayMs: 60_000, ...overrides });
    const d = createDelivery(config);
    return { d, fake, config, reports };
  }

  it('re-sends exactly the beaconed ids by fetch after the grace period, then the outbox is empty', async () => {
    const { d, fake, config } = delivery({ beaconGraceMs: 30_000 });
    await d.ready;
    const events = [eventAt(1, 'a'), eventAt(2, 'b')];
    events.forEach((e) => d.enqueue(e));
    await d.beacon();
    expect(fake.calls.map((c) => [c.ids, c.options])).toEqual([[events.map((e) => e.event_id), { beacon: true }]]);
    expect(d.pending()).toBe(2);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls.map((c) => c.ids)).toEqual([events.map((e) => e.event_id), events.map((e) => e.event_id)]);
    expect(fake.calls[1].options?.beacon).toBeUndefined();
    expect([d.pending(), await config.outbox.count(), vi.getTimerCount()]).toEqual([0, 0, 0]);
    d.dispose();
  });

  it('a client backoff does not hold a beacon, a Retry-After does', async () => {
    const backoff = delivery();
    await backoff.d.ready;
    backoff.fake.respondWith(async (_events, options) => {
      if (options?.beacon) return { acknowledged: false };
      throw new DeliveryError('collector answered 503', 503);
    });
    backoff.d.enqueue(eventAt(1, 'a'));
    await backoff.d.flush();
    expect(backoff.d.stats().failures).toBe(1);
    await backoff.d.beacon();
    expect(backoff.fake.calls.map((c) => c.options?.beacon === true)).toEqual([false, true]);
    backoff.d.dispose();
    vi.useRealTimers();

    const limited = delivery();
    await limited.d.ready;
    limited.fake.respondWith(async () => {
      throw new DeliveryError('collector answered 429', 429, 60_000);
    });
    limited.d.enqueue(eventAt(1, 'a'));
    await limited.d.flush();
    await limited.d.beacon();
    expect(limited.fake.calls.map((c) => c.options?.beacon === true)).toEqual([false]);
    expect(await limited.config.outbox.count()).toBe(1);
    limited.d.dispose();
  });

  it('a host transport whose send returns no promise: every chunk leaves, nothing throws, and they count as acknowledged', async () => {
    const { d, fake, config } = delivery({ beaconMaxChunks: 4, beaconMaxBytes: 400 });
    await d.ready;
    // A plain JavaScript transport returning nothing (undefined): the types promise more than hosts keep.
    fake.respondWith((() => undefined) as unknown as Parameters<typeof fake.respondWith>[0]);
    const events = [eventAt(1, 'a'), eventAt(2, 'b'), eventAt(3, 'c')];
    events.forEach((e) => d.enqueue(e));
    let hide: Promise<void> | undefined;
    expect(() => (hide = d.beacon())).not.toThrow();
    // One event per chunk (about 270 bytes each, 400 per beacon): three sends, all made in the call.
    expect(fake.calls.map((c) => [c.ids, c.options])).toEqual(events.map((e) => [[e.event_id], { beacon: true }]));
    await hide;
    await vi.waitFor(async () => expect([d.pending(), await config.outbox.count()]).toEqual([0, 0]));
    d.dispose();
  });

  it('the clock set back after a Retry-After ended holds no beacon, and blocks nothing for the hour it went back', async () => {
    let now = NOW;
    const { d, fake } = delivery({ clock: () => now });
    await d.ready;
    fake.respondWith(async () => {
      throw new DeliveryError('collector answered 429', 429, 1000);
    });
    d.enqueue(eventAt(1, 'a'));
    await d.flush();
    expect(d.stats().blockedUntil).toBe(NOW + 1000 + 500);
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    now += 2000; // the Retry-After is over...
    now -= 3_600_000; // ...and the clock is set back an hour
    await d.beacon();
    expect(fake.calls.map((c) => c.options?.beacon === true)).toEqual([false, true]);
    expect(d.stats().blockedUntil).toBeUndefined();
    d.dispose();
  });

  it('pending consent, offline, or disposed: no beacon, the event is stored', async () => {
    for (const overrides of [{ consent: 'pending' as const }, { network: { online: () => false, onOnline: () => () => undefined } }]) {
      const { d, fake, config } = delivery(overrides);
      await d.ready;
      d.enqueue(eventAt(1, 'a'));
      await d.beacon();
      await vi.waitFor(async () => expect(await config.outbox.count()).toBe(1));
      expect(fake.calls).toEqual([]);
      d.dispose();
      vi.useRealTimers();
    }
    const { d, fake } = delivery();
    await d.ready;
    d.enqueue(eventAt(1, 'a'));
    d.dispose();
    await d.beacon();
    expect(fake.calls).toEqual([]);
  });
});
