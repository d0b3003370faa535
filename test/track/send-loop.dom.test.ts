/**
 * The send loop (src/track/send-loop.ts) on its own, over a real outbox mirror on a memory
 * outbox, with a fake transport, network and counting lock, under fake timers: batches oldest
 * first; one pass at a time (runs asked meanwhile coalesce); each failure class of
 * retry-policy.ts (transient: backoffDelay; Retry-After: to the letter, capped, shared; malformed:
 * halved, culprit dropped; endpoint refused: stop, keep all); unacknowledged sends re-sent after
 * the grace period; the bound; other tabs' deliveries; gating; stop() leaves no timer behind.
 * Also: a stored event that cannot be written is dropped alone (malformed), and a clock set back
 * voids the waits set before it (send-waits.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import type { Consent, DeliveryConfig } from '../../src/track/delivery';
import { noLock, type LockRunner } from '../../src/track/lock';
import type { OutboxRecord } from '../../src/track/outbox';
import { createOutboxMirror } from '../../src/track/outbox-mirror';
import { backoffDelay } from '../../src/track/retry-policy';
import { createSendLoop, SEND_GIVE_UP_MS, type RunOptions } from '../../src/track/send-loop';
import { stringifyJson } from '../../src/track/json-text';
import { DeliveryError, httpTransport } from '../../src/track/transport';
import { deliveryConfig, recordAt } from '../support/delivery-config';
import { fakeTransport, until, useSendLoopClock } from '../support/delivery-helpers';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const cleanups = useSendLoopClock(NOW);

const ids = (records: OutboxRecord[]) => records.map((r) => r.id);
const fail = (message: string, status?: number, retryAfterMs?: number) => async () => {
  throw new DeliveryError(message, status, retryAfterMs);
};

/** A loop whose outbox already holds `stored` (left by an earlier page), ready. */
async function setup(stored: OutboxRecord[], overrides: Partial<DeliveryConfig> = {}, initial: Consent = 'granted') {
  const fake = fakeTransport();
  let online = true;
  const listeners = new Set<() => void>();
  let passes = 0;
  const lock: LockRunner = (task) => (passes++, noLock(task));
  const network = { online: () => online, onOnline: (l: () => void) => (listeners.add(l), () => void listeners.delete(l)) };
  const { config, reports } = deliveryConfig({ transport: fake.transport, lock, network, random: () => 0.25, batchSize: 3, ...overrides });
  await config.outbox.put(stored);
  const state = { consent: initial, disposed: false };
  const mirror = createOutboxMirror(config, () => state.consent);
  const [ready, run, schedule, canSend, , flushSoon, stats, stop] = createSendLoop(config, mirror, () => state.consent, () => state.disposed);
  cleanups.push(stop);
  await ready;
  const parts = { fake, config, reports, state, local: mirror[0], schedule, canSend, flushSoon, stats, stop, listeners };
  return {
    ...parts,
    run: (options: RunOptions = {}) => run(options),
    /** What Delivery.enqueue does with a new event: the page knows it, and writes it. */
    enqueue: (record: OutboxRecord) => (mirror[0].set(record.id, { record, persisted: false }), mirror[3](record)),
    goOnline: () => ((online = true), listeners.forEach((l) => l())),
    setOffline: () => (online = false),
    passes: () => passes,
  };
}

describe('sending', () => {
  it('ready loads what an earlier page left and sends it at once, with no timer left after', async () => {
    const stored = [recordAt(2), recordAt(1)];
    const loop = await setup(stored);
    expect([loop.local.size, vi.getTimerCount(), loop.fake.calls.length]).toEqual([2, 1, 0]);
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.fake.calls.map((c) => c.ids)).toEqual([ids([stored[1], stored[0]])]);
    expect([loop.local.size, await loop.config.outbox.count(), vi.getTimerCount()]).toEqual([0, 0, 0]);
  });

  it('sends batches of batchSize, oldest first, in one pass until the store is drained', async () => {
    const stored = Array.from({ length: 7 }, (_, i) => recordAt(i));
    const loop = await setup(stored);
    await loop.run();
    expect(loop.fake.calls.map((c) => c.ids)).toEqual([ids(stored.slice(0, 3)), ids(stored.slice(3, 6)), ids(stored.slice(6))]);
    expect(loop.passes()).toBe(1);
    expect(loop.stats()).toMatchObject({ pending: 0, failures: 0, rejected: 0 });
  });

  it('has one send in flight at a time: runs asked meanwhile join it and coalesce into one more pass', async () => {
    const loop = await setup([recordAt(1)]);
    let inFlight = 0;
    let most = 0;
    let release!: () => void;
    loop.fake.respondWith(() => ((most = Math.max(most, ++inFlight)), new Promise<void>((r) => (release = () => (inFlight--, r())))));
    const first = loop.run();
    await until(() => loop.fake.calls.length === 1);
    const second = loop.run();
    const third = loop.run({ explicit: true });
    expect(second).toBe(first);
    expect(third).toBe(first);
    await loop.config.outbox.put([recordAt(2)]); // written meanwhile
    release();
    await until(() => loop.fake.calls.length === 2);
    release();
    await first;
    expect(loop.fake.calls.map((c) => c.ids.length)).toEqual([1, 1]);
    expect([most, loop.passes()]).toEqual([1, 2]);
  });
});

describe('failures (retry-policy.ts)', () => {
  it.each([
    ['a network error', undefined],
    ['408', 408],
    ['429 without Retry-After', 429],
    ['500', 500],
    ['503', 503],
  ])('%s is transient: events kept, one report, no send before backoffDelay (explicit sends excepted)', async (_label, status) => {
    const record = recordAt(1);
    const loop = await setup([record]);
    loop.fake.respondWith(fail('collector down', status));
    await loop.run();
    const wait = backoffDelay(1, 1000, 60_000, 0.25);
    expect(wait).toBe(250);
    expect(loop.stats()).toMatchObject({ pending: 1, failures: 1, blockedUntil: NOW + wait });
    expect(loop.reports).toEqual(['Guidepost could not deliver 1 event(s), will retry: collector down']);
    expect([loop.canSend(), loop.canSend(true)]).toEqual([false, true]);
    loop.fake.respondWith(async () => undefined);
    await vi.advanceTimersByTimeAsync(wait - 1);
    expect(loop.fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(loop.fake.sentIds()).toEqual([record.id, record.id]);
    expect(loop.stats()).toEqual(expect.objectContaining({ pending: 0, failures: 0 }));
    expect(loop.stats().blockedUntil).toBeUndefined();
  });

  it('a transport that never answers gives up after SEND_GIVE_UP_MS: a transient failure, retried, the next pass not blocked', async () => {
    const record = recordAt(1);
    const loop = await setup([record]);
    loop.fake.respondWith(() => new Promise(() => {}));
    const pass = loop.run();
    await vi.advanceTimersByTimeAsync(SEND_GIVE_UP_MS - 1);
    expect(loop.reports).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await pass;
    expect(loop.reports).toEqual([`Guidepost could not deliver 1 event(s), will retry: the transport did not answer within ${SEND_GIVE_UP_MS / 1000} s`]);
    expect(loop.stats()).toMatchObject({ pending: 1, failures: 1 });
    loop.fake.respondWith(async () => undefined);
    await vi.advanceTimersByTimeAsync(backoffDelay(1, 1000, 60_000, 0.25));
    expect(loop.fake.sentIds()).toEqual([record.id, record.id]);
    expect(loop.stats()).toEqual(expect.objectContaining({ pending: 0, failures: 0 }));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a send that answers in time leaves no give-up timer behind', async () => {
    const loop = await setup([recordAt(1)]);
    const before = vi.getTimerCount();
    loop.enqueue(recordAt(2));
    await loop.run();
    expect(loop.fake.sentIds()).toHaveLength(2);
    expect(loop.stats()).toMatchObject({ pending: 0 });
    expect(vi.getTimerCount()).toBe(before);
  });

  it('Retry-After: no send (not even explicit) before it ends, shared in the store, then jitter for the timer', async () => {
    const loop = await setup([recordAt(1)]);
    loop.fake.respondWith(fail('collector answered 429', 429, 10_000));
    await loop.run();
    expect(loop.stats().blockedUntil).toBe(NOW + 10_000 + 0.25 * 1000);
    expect(await loop.config.outbox.getMeta('retryAt')).toBe(NOW + 10_000);
    loop.fake.respondWith(async () => undefined);
    await vi.advanceTimersByTimeAsync(9_999);
    await loop.run({ explicit: true });
    expect(loop.fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await loop.run({ explicit: true }); // the letter of Retry-After binds explicit sends; the jitter does not
    expect([loop.fake.calls.length, loop.stats().pending]).toEqual([2, 0]);
  });

  it('Retry-After is capped at maxRetryAfterMs', async () => {
    const loop = await setup([recordAt(1)], { maxRetryAfterMs: 60_000 });
    loop.fake.respondWith(fail('collector answered 503', 503, 86_400_000));
    await loop.run();
    expect(loop.stats().blockedUntil).toBe(NOW + 60_000 + 250);
    expect(await loop.config.outbox.getMeta('retryAt')).toBe(NOW + 60_000);
  });

  it('a retryAt another tab left in the store holds this loop until then', async () => {
    const loop = await setup([recordAt(1)]);
    await loop.config.outbox.updateMeta('retryAt', () => NOW + 5_000);
    await loop.run({ explicit: true });
    expect(loop.fake.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(loop.fake.calls).toHaveLength(1);
  });

  it.each([400, 413, 422])('%i (malformed): halves the batch down to the culprit, drops, counts and reports only it', async (status) => {
    const stored = [recordAt(1, 'a'), recordAt(2, 'b'), recordAt(3, 'bad'), recordAt(4, 'c')];
    const loop = await setup(stored, { batchSize: 4 });
    loop.fake.respondWith(async (events) => {
      if (events.some((e) => e.name === 'bad')) throw new DeliveryError(`collector answered ${status}`, status);
    });
    await loop.run();
    expect(loop.fake.calls.map((c) => c.events.map((e) => e.name))).toEqual([['a', 'b', 'bad', 'c'], ['a', 'b'], ['bad', 'c'], ['bad'], ['c']]);
    expect(loop.stats()).toMatchObject({ pending: 0, rejected: 1, failures: 0 });
    expect(loop.reports).toEqual([`Guidepost dropped a goal event (${stored[2].id}) the collector refused: collector answered ${status}`]);
    expect(await loop.config.outbox.count()).toBe(0);
  });

  it.each([401, 403, 404, 405, 410])('%i (endpoint refused): stops sending for the page and keeps every event', async (status) => {
    const loop = await setup([recordAt(1), recordAt(2)], { batchSize: 1 });
    loop.fake.respondWith(fail(`collector answered ${status}`, status));
    await loop.run();
    await vi.advanceTimersByTimeAsync(600_000);
    await loop.run({ explicit: true });
    expect(loop.fake.calls).toHaveLength(1);
    expect(loop.stats()).toMatchObject({ pending: 2, rejected: 0, refused: `collector answered ${status}` });
    expect(loop.reports).toEqual([`Guidepost stopped sending events for this page: collector answered ${status}; 2 event(s) stay in the outbox`]);
    expect(await loop.config.outbox.count()).toBe(2);
  });
});

describe('an event that cannot be written (a broken or hostile writer of the stored outbox)', () => {
  /** A record nested 1500 levels deep in its properties: past json-text.ts's bound, so the HTTP transport throws writing it. */
  const deepRecord = (ms: number): OutboxRecord => {
    const record = recordAt(ms, 'deep');
    let value: Record<string, unknown> = {};
    for (let i = 0; i < 1500; i++) value = { v: value };
    record.event.properties = value;
    return record;
  };

  it('is isolated by halving and dropped alone, reported; the events after it are delivered and failures do not climb', async () => {
    const bodies: string[] = [];
    const fetchFn = (async (_url: string, init: RequestInit) => (bodies.push(init.body as string), new Response(null, { status: 204 }))) as unknown as typeof fetch;
    const deep = deepRecord(1);
    const good = [recordAt(2, 'a'), recordAt(3, 'b'), recordAt(4, 'c')];
    const loop = await setup([deep, ...good], { transport: httpTransport('/collect', { fetch: fetchFn }) });
    await loop.run();
    const delivered = bodies.flatMap((body) => (JSON.parse(body) as { events: { event_id: string }[] }).events.map((e) => e.event_id));
    expect(delivered).toEqual(ids(good));
    expect(loop.stats()).toMatchObject({ pending: 0, rejected: 1, failures: 0 });
    expect(loop.stats().blockedUntil).toBeUndefined();
    expect(loop.reports).toEqual([`Guidepost dropped a goal event (${deep.id}) that cannot be sent: nested deeper than 1000 levels (a cycle?)`]);
    expect(await loop.config.outbox.count()).toBe(0);
  });

  it("a host transport's own error on it (no status) counts the same: the batch is not retried forever behind it", async () => {
    const deep = deepRecord(1);
    const good = recordAt(2, 'a');
    const loop = await setup([deep, good]);
    loop.fake.respondWith(async (events) => void stringifyJson({ events }));
    await loop.run();
    expect(loop.fake.calls.map((c) => c.events.map((e) => e.name))).toEqual([['deep', 'a'], ['deep'], ['a']]);
    expect(loop.stats()).toMatchObject({ pending: 0, rejected: 1, failures: 0 });
  });
});

describe('the clock set back (send-waits.ts)', () => {
  it('after a Retry-After: an explicit send goes at once, the retryAt shared in the store is cleared, nothing is held an hour', async () => {
    let now = NOW;
    const loop = await setup([recordAt(1)], { clock: () => now });
    loop.fake.respondWith(fail('collector answered 429', 429, 1000));
    await loop.run();
    expect(await loop.config.outbox.getMeta('retryAt')).toBe(NOW + 1000);
    loop.fake.respondWith(async () => undefined);
    now += 2000;
    now -= 3_600_000;
    expect(loop.stats().blockedUntil).toBeUndefined();
    await loop.run({ explicit: true });
    expect([loop.fake.calls.length, loop.stats().pending]).toEqual([2, 0]);
    expect(await loop.config.outbox.getMeta('retryAt')).toBe(0);
  });

  it('during a Retry-After: a fresh one from the collector holds as usual after the early send', async () => {
    let now = NOW;
    const loop = await setup([recordAt(1)], { clock: () => now });
    loop.fake.respondWith(fail('collector answered 429', 429, 10_000));
    await loop.run();
    now -= 3_600_000; // 10 s were left: how much of it passed, the page cannot tell
    await loop.run({ explicit: true });
    expect(loop.fake.calls).toHaveLength(2);
    expect(loop.stats().blockedUntil).toBe(now + 10_000 + 250);
    await loop.run({ explicit: true });
    expect(loop.fake.calls).toHaveLength(2);
  });

  it('during a backoff: the retry timer sends when it fires, not an hour later', async () => {
    const loop = await setup([recordAt(1)]);
    loop.fake.respondWith(fail('collector down'));
    await loop.run();
    const wait = backoffDelay(1, 1000, 60_000, 0.25);
    loop.fake.respondWith(async () => undefined);
    vi.setSystemTime(NOW - 3_600_000);
    await vi.advanceTimersByTimeAsync(wait);
    expect([loop.fake.calls.length, loop.stats().pending]).toEqual([2, 0]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a step back within the clock's jitter (up to a second) voids nothing", async () => {
    let now = NOW;
    const loop = await setup([recordAt(1)], { clock: () => now });
    loop.fake.respondWith(fail('collector answered 429', 429, 10_000));
    await loop.run();
    now -= 1000;
    await loop.run({ explicit: true });
    expect(loop.fake.calls).toHaveLength(1);
    expect(loop.stats().blockedUntil).toBe(NOW + 10_000 + 250);
  });
});

describe('acknowledgement and the shared store', () => {
  it('a send answered { acknowledged: false } keeps the records, beaconed by this page, re-sent after beaconGraceMs', async () => {
    const stored = [recordAt(1), recordAt(2)];
    const loop = await setup(stored);
    loop.fake.respondWith(async () => ({ acknowledged: false }));
    await loop.run();
    expect(await loop.config.outbox.list(10)).toEqual(stored.map((r) => ({ ...r, state: 'beaconed', beaconedAt: NOW, page: 'page-1' })));
    await loop.run({ explicit: true });
    loop.fake.respondWith(async () => ({ acknowledged: true }));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(loop.fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(loop.fake.calls.map((c) => c.ids)).toEqual([ids(stored), ids(stored)]);
    expect([loop.stats().pending, await loop.config.outbox.count()]).toEqual([0, 0]);
  });

  it('past maxQueued (tabs together) the oldest in the store are dropped, counted and reported', async () => {
    const stored = Array.from({ length: 5 }, (_, i) => recordAt(i));
    const loop = await setup(stored, { maxQueued: 3 });
    await loop.run();
    expect(loop.fake.calls.map((c) => c.ids)).toEqual([ids(stored.slice(2))]);
    expect(loop.stats()).toMatchObject({ pending: 0, dropped: 2 });
    expect(loop.reports).toEqual(['Guidepost outbox is full (3 events): dropped the 2 oldest undelivered event(s); 2 dropped in all']);
  });

  it('when another tab holds the lock: learns what it delivered from the store, and a waiter is satisfied by it', async () => {
    const [a, b] = [recordAt(1), recordAt(2)];
    const loop = await setup([a, b], { lock: async () => ({ acquired: false }) });
    await loop.config.outbox.delete([a.id]); // the other tab delivered `a`
    const soon = loop.flushSoon(1_000);
    await until(() => loop.local.size === 1);
    expect([...loop.local.keys()]).toEqual([b.id]);
    await loop.config.outbox.delete([b.id]);
    await vi.advanceTimersByTimeAsync(100); // tried again soon: someone waits
    await expect(soon).resolves.toBe(true);
    expect([loop.fake.calls.length, loop.local.size, vi.getTimerCount()]).toEqual([0, 0, 0]);
  });
});

describe('gating, timers and stop', () => {
  it('without consent, offline or disposed: nothing sent, nothing scheduled; online runs at once', async () => {
    const loop = await setup([], {}, 'pending');
    await loop.config.outbox.put([recordAt(1)]);
    loop.schedule(0);
    await loop.run({ explicit: true });
    expect([loop.fake.calls.length, vi.getTimerCount()]).toEqual([0, 0]);
    loop.state.consent = 'granted';
    loop.setOffline();
    loop.schedule(0);
    await loop.run({ explicit: true });
    expect([loop.fake.calls.length, vi.getTimerCount(), loop.canSend(true)]).toEqual([0, 0, false]);
    loop.goOnline();
    await until(() => loop.fake.calls.length === 1);
    loop.state.disposed = true;
    await loop.config.outbox.put([recordAt(2)]);
    loop.schedule(0);
    await loop.run({ explicit: true });
    expect([loop.fake.calls.length, vi.getTimerCount()]).toEqual([1, 0]);
  });

  it('schedule keeps one timer, the earliest', async () => {
    const loop = await setup([]);
    loop.schedule(5_000);
    loop.schedule(100);
    loop.schedule(3_000);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(100);
    expect([loop.passes(), vi.getTimerCount()]).toEqual([1, 0]);
  });

  it('stop() clears the retry timer, the online listener and the flushSoon waiters (and their timeouts)', async () => {
    const loop = await setup([]);
    loop.enqueue(recordAt(1));
    loop.fake.respondWith(fail('collector down', 503));
    await loop.run();
    expect(vi.getTimerCount()).toBe(1); // the retry
    loop.fake.respondWith(() => new Promise(() => undefined));
    const soon = loop.flushSoon(1_000);
    await until(() => loop.fake.calls.length === 2);
    expect(loop.fake.calls[1].options).toEqual({ keepalive: true });
    // The retry, flushSoon's timeout, and the hanging send's give-up timer.
    expect([vi.getTimerCount(), loop.listeners.size]).toEqual([3, 1]);
    loop.stop();
    await expect(soon).resolves.toBe(false);
    expect([vi.getTimerCount(), loop.listeners.size]).toEqual([0, 0]);
  });

  it('flushSoon resolves true once acknowledged and leaves no timeout timer behind', async () => {
    const loop = await setup([]);
    loop.enqueue(recordAt(1));
    await expect(loop.flushSoon(1_000)).resolves.toBe(true);
    expect([loop.stats().pending, vi.getTimerCount()]).toEqual([0, 0]);
  });
});
