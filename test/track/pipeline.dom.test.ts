/**
 * The lazily loaded delivery pipeline (src/track/pipeline.ts: `openDelivery`) in happy-dom with
 * fake-indexeddb and fake timers. It turns the tracker's `DeliveryOptions`
 * (src/track/delivery-options.ts, types only) into a running delivery, so this file also checks
 * that every `@default` documented there is the one applied:
 * batchDelayMs 500, batchSize 50, maxQueued 10000, retry { baseMs 1000, maxMs 60000,
 * maxRetryAfterMs 3600000 }, beacon { maxBytes 60000, maxChunks 4, budgetBytes 64512, graceMs 30000 },
 * the Web Lock `guidepost-outbox` only when an outbox is given, a fresh page id per delivery.
 * Then each outbox place (none, an OutboxStore, `browser`, `keyValue`), the endpoint's HTTP
 * transport, and `dispose()` (no timer, no listener, the database connection released).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Consent, Delivery } from '../../src/track/delivery';
import type { DeliveryOptions } from '../../src/track/delivery-options';
import type { LockManagerLike } from '../../src/track/lock';
import { indexedDbOutbox, memoryOutbox, resilientOutbox, type OutboxRecord, type OutboxStore } from '../../src/track/outbox';
import { keyValueOutbox } from '../../src/track/outbox-key-value';
import { openDelivery } from '../../src/track/pipeline';
import { DeliveryError, KEEPALIVE_LIMIT, utf8Length } from '../../src/track/transport';
import { memoryStorage, type KeyValueStorage } from '../../src/store/storage';
import { eventAt } from '../support/delivery-config';
import { fakeNetwork, fakeTransport, freshDbName, io, until } from '../support/delivery-helpers';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const opened: Delivery[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: NOW });
});
afterEach(() => {
  opened.splice(0).forEach((d) => d.dispose());
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** openDelivery with a fake transport (unless an endpoint is the point), a fixed jitter and reports collected. */
function open(options: Partial<DeliveryOptions> = {}, consent: Consent = 'granted') {
  const fake = fakeTransport();
  const reports: string[] = [];
  const delivery = openDelivery({ transport: fake.transport, report: (e) => reports.push(e.message), clock: () => Date.now(), random: () => 0.5, ...options }, consent);
  opened.push(delivery);
  return { delivery, fake, reports };
}

const names = (calls: Array<{ events: Array<{ name?: string }> }>) => calls.map((c) => c.events.map((e) => e.name));
const bodyBytes = (events: unknown[]) => utf8Length(JSON.stringify({ events }));

/** A fake navigator.locks that logs requests and grants every one. */
function stubLocks() {
  const requested: string[] = [];
  const locks: LockManagerLike = {
    async request(name, _options, callback) {
      requested.push(name);
      return callback({ name });
    },
  };
  vi.stubGlobal('navigator', { locks, onLine: true });
  return requested;
}

describe('the documented defaults (delivery-options.ts) are the ones applied', () => {
  it('batchDelayMs 500: a lone event waits 500 ms, then goes', async () => {
    const { delivery, fake } = open();
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await vi.advanceTimersByTimeAsync(499);
    expect(fake.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(names(fake.calls)).toEqual([['a']]);
  });

  it('batchSize 50: the 50th event sends at once, and 120 go in batches of 50, 50, 20', async () => {
    const { delivery, fake } = open();
    await delivery.ready;
    for (let i = 0; i < 120; i++) delivery.enqueue(eventAt(i));
    await vi.advanceTimersByTimeAsync(0);
    await until(() => delivery.pending() === 0);
    expect(fake.calls.map((c) => c.events.length)).toEqual([50, 50, 20]);
  });

  it('maxQueued 10000: the 10001st event drops the oldest, counted and reported with the bound', async () => {
    const { delivery, reports } = open({ batchDelayMs: 60_000, transport: { send: () => new Promise(() => undefined) } });
    await delivery.ready;
    const first = eventAt(0, 'oldest');
    delivery.enqueue(first);
    for (let i = 1; i <= 10_000; i++) delivery.enqueue(eventAt(i));
    expect(delivery.pending()).toBe(10_000);
    await io(3);
    expect(delivery.stats().dropped).toBe(1);
    expect(reports).toContain('Guidepost outbox is full (10000 events): dropped the 1 oldest undelivered event(s); 1 dropped in all');
  });

  it('retry.baseMs 1000 and maxMs 60000: the backoff ceiling doubles from 1 s and stops at 60 s', async () => {
    const { delivery, fake } = open({ random: () => 0.999_999 });
    fake.respondWith(async () => {
      throw new DeliveryError('collector answered 503', 503);
    });
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    const ceilings: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      await delivery.flush();
      // An explicit flush ignores the client backoff: the block it sets is the one to read.
      ceilings.push(Math.round((delivery.stats().blockedUntil! - Date.now()) / 1000));
    }
    expect(ceilings).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
  });

  it('retry.maxRetryAfterMs 3600000: a Retry-After of a day holds sending for one hour', async () => {
    const { delivery, fake } = open({ random: () => 0 });
    fake.respondWith(async () => {
      throw new DeliveryError('collector answered 429', 429, 24 * 3_600_000);
    });
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    await delivery.flush();
    expect(delivery.stats().blockedUntil).toBe(NOW + 3_600_000);
  });

  it('beacon defaults: at most 4 beacons of at most 60000 bytes, 64512 bytes in all per hide', async () => {
    const { delivery, fake } = open({ batchDelayMs: 60_000, maxQueued: 5_000 });
    fake.respondWith(async () => ({ acknowledged: false }));
    await delivery.ready;
    const padding = 'p'.repeat(2_000);
    for (let i = 0; i < 200; i++) {
      const event = eventAt(i);
      event.properties = { padding };
      delivery.enqueue(event);
    }
    await delivery.beacon();
    const sizes = fake.calls.map((c) => bodyBytes(c.events));
    expect(fake.calls.every((c) => c.options?.beacon === true)).toBe(true);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(sizes.length).toBeLessThanOrEqual(4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(60_000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(KEEPALIVE_LIMIT);
    expect(KEEPALIVE_LIMIT).toBe(64_512);
  });

  it('beacon.graceMs 30000: this page re-sends what it beaconed after 30 s, not before', async () => {
    const { delivery, fake } = open({ batchDelayMs: 60_000 });
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await delivery.beacon();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(fake.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.calls.map((c) => c.options?.beacon ?? false)).toEqual([true, false]);
    expect(delivery.pending()).toBe(0);
  });

  it('every delivery is its own page: another page re-sends what this one beaconed at once, same ids', async () => {
    const outbox = memoryOutbox();
    const first = open({ outbox, batchDelayMs: 60_000, lock: async (task) => ({ acquired: true, value: await task() }) });
    first.fake.respondWith(async () => ({ acknowledged: false }));
    await first.delivery.ready;
    const event = eventAt(1, 'a');
    first.delivery.enqueue(event);
    await first.delivery.beacon();
    first.delivery.dispose();
    await io(3);
    const [stored] = await outbox.list(1);
    expect(stored).toMatchObject({ id: event.event_id, state: 'beaconed', beaconedAt: NOW });
    expect(stored.page).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    const second = open({ outbox, lock: async (task) => ({ acquired: true, value: await task() }) });
    await second.delivery.ready;
    await vi.advanceTimersByTimeAsync(0);
    expect(second.fake.calls.map((c) => c.ids)).toEqual([[event.event_id]]);
    expect(await outbox.count()).toBe(0);
  });

  it('the Web Lock "guidepost-outbox" guards a given outbox; without one (memory), no lock is asked for', async () => {
    const requested = stubLocks();
    const withOutbox = open({ outbox: memoryOutbox() });
    await withOutbox.delivery.ready;
    withOutbox.delivery.enqueue(eventAt(1));
    await withOutbox.delivery.flush();
    expect(requested).toEqual(['guidepost-outbox']);
    expect(withOutbox.fake.calls).toHaveLength(1);

    requested.length = 0;
    const inMemory = open();
    await inMemory.delivery.ready;
    inMemory.delivery.enqueue(eventAt(2));
    await inMemory.delivery.flush();
    expect(requested).toEqual([]);
    expect(inMemory.fake.calls).toHaveLength(1);
  });

  it('an injected lock wins over the default, and a taken lock sends nothing', async () => {
    const requested = stubLocks();
    const { delivery, fake } = open({ outbox: memoryOutbox(), lock: async () => ({ acquired: false }) });
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    await delivery.flush();
    expect([requested.length, fake.calls.length, delivery.pending()]).toEqual([0, 0, 1]);
  });
});

describe('injected platform', () => {
  it('network: nothing goes while offline; the online event sends what waited', async () => {
    const net = fakeNetwork(false);
    const { delivery, fake } = open({ network: net.network });
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await delivery.flush();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.calls).toHaveLength(0);
    net.set(true);
    await until(() => fake.calls.length === 1);
    expect(names(fake.calls)).toEqual([['a']]);
  });

  it('scheduler: an injected one gets every timer', async () => {
    const timers: number[] = [];
    const scheduler = { setTimeout: (cb: () => void, ms: number) => (timers.push(ms), setTimeout(cb, ms)), clearTimeout: (h: unknown) => clearTimeout(h as never) };
    const { delivery } = open({ scheduler, batchDelayMs: 1234 });
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    expect(timers).toEqual([1234]);
  });

  it('consent: opened pending, nothing goes until granted', async () => {
    const { delivery, fake } = open({}, 'pending');
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    await delivery.flush();
    expect(fake.calls).toHaveLength(0);
    await delivery.setConsent(true);
    await vi.advanceTimersByTimeAsync(0);
    await until(() => fake.calls.length === 1);
  });
});

describe('outbox places', () => {
  it('none: memory, kept for this delivery only', async () => {
    const { delivery, fake } = open({ transport: { send: async () => Promise.reject(new Error('down')) } });
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    await delivery.flush();
    delivery.dispose();
    const next = open();
    await next.delivery.ready;
    expect([next.delivery.pending(), fake.calls.length]).toEqual([0, 0]);
  });

  it('an OutboxStore: used, and one that fails switches to memory with one report naming it', async () => {
    const failing: OutboxStore = {
      ...memoryOutbox(),
      kind: 'custom',
      put: () => Promise.reject(new Error('disk full')),
    };
    const { delivery, fake, reports } = open({ outbox: failing });
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await delivery.flush();
    expect(names(fake.calls)).toEqual([['a']]);
    expect(reports).toEqual(['Guidepost outbox (custom) failed, keeping undelivered events in memory for this page: Error: disk full']);
  });

  it('an outbox that is already resilient is used as it is (not wrapped twice)', async () => {
    const inner = resilientOutbox(memoryOutbox(), () => undefined);
    const puts: OutboxRecord[][] = [];
    const spied = Object.assign(Object.create(Object.getPrototypeOf(inner)), inner, { degraded: false, put: (records: OutboxRecord[]) => (puts.push(records), inner.put(records)) }) as OutboxStore & { degraded: boolean };
    const { delivery } = open({ outbox: spied });
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    await until(() => puts.length === 1);
    // A store marked resilient is trusted to fall back itself: its failure is the mirror's report, not a second fallback.
    const failing = { ...memoryOutbox(), kind: 'marked', degraded: false, put: () => Promise.reject(new Error('nope')) };
    const second = open({ outbox: failing });
    await second.delivery.ready;
    second.delivery.enqueue(eventAt(2));
    await until(() => second.reports.length > 0);
    expect(second.reports[0]).toBe('Guidepost outbox (marked) failed: nope');
  });

  it('keyValue: events wait in the host storage under "outbox:events", and a second page sends them', async () => {
    const storage = memoryStorage();
    const down = open({ outbox: { keyValue: storage }, transport: { send: async () => Promise.reject(new DeliveryError('collector unreachable')) } });
    await down.delivery.ready;
    const event = eventAt(1, 'a');
    down.delivery.enqueue(event);
    await down.delivery.flush();
    down.delivery.dispose();
    expect(((await storage.get<OutboxRecord[]>('outbox:events')) ?? []).map((r) => r.id)).toEqual([event.event_id]);

    const up = open({ outbox: { keyValue: storage } });
    await up.delivery.ready;
    await vi.advanceTimersByTimeAsync(0);
    await until(() => up.fake.calls.length === 1 && up.delivery.pending() === 0);
    expect(up.fake.calls[0].ids).toEqual([event.event_id]);
    expect(await storage.get('outbox:events')).toEqual([]);
  });

  it('keyValue: a storage that fails falls back to memory, reported once through `report`', async () => {
    const broken: KeyValueStorage = {
      kind: 'host',
      get: () => Promise.reject(new Error('storage gone')),
      set: () => Promise.reject(new Error('storage gone')),
      delete: () => Promise.reject(new Error('storage gone')),
    };
    const { delivery, fake, reports } = open({ outbox: { keyValue: broken } });
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await delivery.flush();
    expect(names(fake.calls)).toEqual([['a']]);
    expect(reports).toEqual(['Guidepost outbox (kv:host) failed, keeping undelivered events in memory for this page: Error: storage gone']);
  });

  it('browser: IndexedDB in the named database, kept across pages', async () => {
    const dbName = freshDbName();
    const down = open({ outbox: { browser: { dbName } }, transport: { send: async () => Promise.reject(new DeliveryError('collector unreachable')) }, lock: async (t) => ({ acquired: true, value: await t() }) });
    await down.delivery.ready;
    const event = eventAt(1, 'a');
    down.delivery.enqueue(event);
    await down.delivery.flush();
    down.delivery.dispose();
    await io();
    expect((await indexedDbOutbox(dbName).ids())).toEqual([event.event_id]);

    const up = open({ outbox: { browser: { dbName } }, lock: async (t) => ({ acquired: true, value: await t() }) });
    await up.delivery.ready;
    await vi.advanceTimersByTimeAsync(0);
    await until(() => up.fake.calls.length === 1 && up.delivery.pending() === 0);
    expect(up.fake.calls[0].ids).toEqual([event.event_id]);
  });

  it("browser: the database's failures go to its own `report` when given, else to the delivery's", async () => {
    const factory = indexedDB.open;
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    try {
      const own: string[] = [];
      const withOwn = open({ outbox: { browser: { dbName: freshDbName(), report: (e) => own.push(e.message) } }, lock: async (t) => ({ acquired: true, value: await t() }) });
      await withOwn.delivery.ready;
      withOwn.delivery.enqueue(eventAt(1));
      await withOwn.delivery.flush();
      expect(own).toHaveLength(1);
      expect(own[0]).toMatch(/^Guidepost outbox \(indexeddb\) failed, keeping undelivered events in memory for this page: .*denied permission/);
      expect(withOwn.reports).toEqual([]);
      expect(withOwn.fake.calls).toHaveLength(1);

      const shared = open({ outbox: { browser: { dbName: freshDbName() } }, lock: async (t) => ({ acquired: true, value: await t() }) });
      await shared.delivery.ready;
      expect(shared.reports).toHaveLength(1);
      expect(shared.reports[0]).toMatch(/keeping undelivered events in memory/);
    } finally {
      expect(indexedDB.open).not.toBe(factory);
      vi.restoreAllMocks();
    }
  });
});

describe('endpoint', () => {
  it('without a transport, POSTs JSON batches to the endpoint', async () => {
    const requests: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => (requests.push({ url, init }), new Response(null, { status: 204 })));
    const { delivery } = open({ transport: undefined, endpoint: 'https://collector.test/e' });
    await delivery.ready;
    const event = eventAt(1, 'a');
    delivery.enqueue(event);
    await delivery.flush();
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('https://collector.test/e');
    expect(requests[0].init.method).toBe('POST');
    expect(JSON.parse(requests[0].init.body as string)).toEqual({ events: [event] });
    expect(delivery.pending()).toBe(0);
  });

  it('a transport, when given, wins over the endpoint', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const { delivery, fake } = open({ endpoint: 'https://collector.test/e' });
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    await delivery.flush();
    expect([fake.calls.length, fetchSpy.mock.calls.length]).toEqual([1, 0]);
  });
});

describe('dispose', () => {
  it('leaves no timer and no online listener; later events and flushes do nothing', async () => {
    const net = fakeNetwork(true);
    let listeners = 0;
    const network = { online: net.network.online, onOnline: (l: () => void) => (listeners++, ((off) => () => (listeners--, off()))(net.network.onOnline(l))) };
    const { delivery, fake } = open({ network });
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    expect([vi.getTimerCount(), listeners]).toEqual([1, 1]);
    delivery.dispose();
    expect([vi.getTimerCount(), listeners]).toEqual([0, 0]);
    delivery.enqueue(eventAt(2));
    await delivery.flush();
    net.set(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.calls).toHaveLength(0);
  });

  it('closes the outbox it opened (a given store’s close is called once)', async () => {
    const close = vi.fn();
    const { delivery } = open({ outbox: { ...memoryOutbox(), close } });
    await delivery.ready;
    delivery.dispose();
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('destroy() right after a page-hide beacon: the beaconed event is still written to IndexedDB (nothing lost)', async () => {
    const dbName = freshDbName();
    const { delivery, fake } = open({ outbox: { browser: { dbName } }, batchDelayMs: 60_000, lock: async (t) => ({ acquired: true, value: await t() }) });
    fake.respondWith(async () => ({ acknowledged: false }));
    await delivery.ready;
    const [sent, unsent] = [eventAt(1, 'beaconed'), eventAt(2, 'too-late')];
    delivery.enqueue(sent);
    void delivery.beacon();
    delivery.enqueue(unsent); // emitted during the hide, after the beacon left
    delivery.dispose(); // what destroy() does next, in the same task
    const stored = indexedDbOutbox(dbName);
    await vi.waitFor(
      async () =>
        expect((await stored.list(10)).map((r) => [r.event.name, r.state])).toEqual([
          ['beaconed', 'beaconed'],
          ['too-late', 'queued'],
        ]),
      { timeout: 10_000 },
    );
    stored.close?.();
    expect(fake.calls.map((c) => c.ids)).toEqual([[sent.event_id]]);
  });

  it('releases the IndexedDB connection: the database can then be deleted without being blocked', async () => {
    const dbName = freshDbName();
    const { delivery } = open({ outbox: { browser: { dbName } }, lock: async (t) => ({ acquired: true, value: await t() }) });
    await delivery.ready;
    delivery.enqueue(eventAt(1));
    await delivery.flush();
    delivery.dispose();
    await io();
    const outcome = await new Promise<string>((resolve) => {
      const request = indexedDB.deleteDatabase(dbName);
      request.onsuccess = () => resolve('deleted');
      request.onblocked = () => resolve('blocked');
      request.onerror = () => resolve('error');
    });
    expect(outcome).toBe('deleted');
  });
});

describe('values read back from a shared outbox are bounded', () => {
  // send-loop.ts pass(): `retryAt` (meta written by any tab, or by anything else with access to
  // the storage) blocks every page of the origin until then. A Retry-After the collector sends is
  // capped at maxRetryAfterMs, so a stored value beyond that is corrupt or hostile and ignored:
  // it must not stop delivery for good (the events would pile up, then the oldest be dropped).
  it('a stored retryAt ten years ahead holds delivery no longer than maxRetryAfterMs', async () => {
    const storage = memoryStorage();
    await storage.set('outbox:meta:retryAt', NOW + 10 * 365 * 24 * 3_600_000);
    const { delivery, fake } = open({ outbox: { keyValue: storage }, retry: { maxRetryAfterMs: 1_000 } });
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(names(fake.calls)).toEqual([['a']]);
  });

  // Honouring such a value would also ask the scheduler for a ten-year timer. Browsers (and Node,
  // and the fake timers here) cannot hold a delay above 2^31 - 1 ms: they fire it after 1 ms, so
  // the loop would wake, find itself blocked and set the timer again, about once a millisecond
  // for as long as the page lives. Every delay is clamped.
  it('never asks for a timer longer than browsers can hold (2^31 - 1 ms)', async () => {
    const storage = memoryStorage();
    await storage.set('outbox:meta:retryAt', NOW + 10 * 365 * 24 * 3_600_000);
    const delays: number[] = [];
    const scheduler = { setTimeout: (cb: () => void, ms: number) => (delays.push(ms), setTimeout(cb, Math.min(ms, 2 ** 31 - 1))), clearTimeout: (h: unknown) => clearTimeout(h as never) };
    const { delivery, fake } = open({ outbox: { keyValue: storage }, scheduler });
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    expect(delays).toEqual([500]); // the batch delay
    await vi.advanceTimersByTimeAsync(500);
    // The pass it runs finds the shared retryAt and sets the next timer (or, if it ignored it, sends).
    await until(() => delays.length >= 2 || fake.calls.length > 0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  // outbox-mirror.ts load(): only a finite, non-negative stored count is added (`+= '5'` would concatenate).
  it('a stored drop count that is not a number does not turn the counter into a string', async () => {
    const storage = memoryStorage();
    await storage.set('outbox:meta:dropped', '5');
    const { delivery } = open({ outbox: { keyValue: storage } });
    await delivery.ready;
    expect(typeof delivery.stats().dropped).toBe('number');
  });

  it('a stored retryAt that is not a time is ignored', async () => {
    for (const value of ['soon', NaN, Infinity, { at: NOW + 5_000 }]) {
      const storage = memoryStorage();
      await storage.set('outbox:meta:retryAt', value);
      const { delivery, fake } = open({ outbox: { keyValue: storage } });
      await delivery.ready;
      delivery.enqueue(eventAt(1, 'a'));
      await vi.advanceTimersByTimeAsync(1_000);
      expect([value, names(fake.calls)]).toEqual([value, [['a']]]);
    }
  });

  it('a stored retryAt within maxRetryAfterMs still holds delivery until then', async () => {
    const storage = memoryStorage();
    await storage.set('outbox:meta:retryAt', NOW + 3_000);
    const { delivery, fake } = open({ outbox: { keyValue: storage }, retry: { maxRetryAfterMs: 5_000 } });
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await vi.advanceTimersByTimeAsync(2_900);
    expect(fake.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(names(fake.calls)).toEqual([['a']]);
  });

  it('the collector’s next Retry-After replaces a stored retryAt beyond the cap', async () => {
    const storage = memoryStorage();
    await storage.set('outbox:meta:retryAt', NOW + 10 * 365 * 24 * 3_600_000);
    const { delivery, fake } = open({ outbox: { keyValue: storage } });
    fake.respondWith(async () => {
      throw new DeliveryError('collector answered 503', 503, 2_000);
    });
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await delivery.flush();
    expect(await storage.get('outbox:meta:retryAt')).toBe(NOW + 2_000);
  });

  it('a stored drop count that is negative, infinite or not a number counts as none; the next drop stores a number', async () => {
    for (const value of ['5', -3, Infinity, NaN, null, { n: 1 }]) {
      const storage = memoryStorage();
      await storage.set('outbox:meta:dropped', value);
      const { delivery } = open({ outbox: { keyValue: storage }, maxQueued: 1, network: fakeNetwork(false).network });
      await delivery.ready;
      delivery.enqueue(eventAt(1));
      delivery.enqueue(eventAt(2));
      let stored: unknown;
      for (let i = 0; i < 20 && stored !== 1; i++) {
        await vi.advanceTimersByTimeAsync(0);
        stored = await storage.get('outbox:meta:dropped');
      }
      expect([value, delivery.stats().dropped, stored]).toEqual([value, 1, 1]);
    }
  });

  it('a huge batch delay or flushSoon(Infinity) asks for timers browsers can hold', async () => {
    const delays: number[] = [];
    const scheduler = { setTimeout: (cb: () => void, ms: number) => (delays.push(ms), setTimeout(cb, ms)), clearTimeout: (h: unknown) => clearTimeout(h as never) };
    const { delivery, fake } = open({ scheduler, batchDelayMs: 1e12 });
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await expect(delivery.flushSoon(Infinity)).resolves.toBe(true);
    expect(names(fake.calls)).toEqual([['a']]);
    expect(delays).toEqual([2 ** 31 - 1, 2 ** 31 - 1]);
  });
});

describe('a transport error with a Retry-After that is not a number is retried after the backoff', () => {
  // DeliveryError is public: a host's own transport builds it, e.g. from
  // `Number(response.headers.get('retry-after')) * 1000`, which is NaN for an HTTP date.
  // retry-policy.ts capRetryAfter() treats it as no Retry-After: passed through, the send loop
  // would wait until NaN (`clock() >= NaN` is false forever) and never send again on this page.
  it('treats NaN as no Retry-After: retried after the backoff', async () => {
    const { delivery, fake } = open();
    let fail = true;
    fake.respondWith(async () => {
      if (fail) throw new DeliveryError('collector answered 503', 503, NaN);
      return undefined;
    });
    await delivery.ready;
    delivery.enqueue(eventAt(1, 'a'));
    await delivery.flush();
    fail = false;
    await vi.advanceTimersByTimeAsync(120_000);
    await delivery.flush();
    expect(fake.calls).toHaveLength(2);
    expect(delivery.pending()).toBe(0);
  });

  it('an infinite Retry-After counts as none too, and a negative one as no wait', async () => {
    for (const retryAfter of [Infinity, -Infinity, -5_000]) {
      const { delivery, fake } = open();
      let fail = true;
      fake.respondWith(async () => {
        if (fail) throw new DeliveryError('collector answered 503', 503, retryAfter);
        return undefined;
      });
      await delivery.ready;
      delivery.enqueue(eventAt(1, 'a'));
      await delivery.flush();
      expect(delivery.stats().blockedUntil ?? 0).toBeLessThanOrEqual(Date.now() + 60_000); // the backoff cap, not forever
      fail = false;
      await vi.advanceTimersByTimeAsync(120_000);
      expect([retryAfter, fake.calls.length, delivery.pending()]).toEqual([retryAfter, 2, 0]);
    }
  });
});

describe('a page-hide beacon does not bring back events another tab delivered meanwhile', () => {
  // This page loaded both events at start; another tab then delivered (and deleted) one. The
  // beacon still carries it (this page cannot know without reading the store), but marking it
  // beaconed must not write it back: a later page would send it once more.
  it('marks only the records still in the outbox', async () => {
    const storage = memoryStorage();
    const [gone, kept] = [eventAt(1, 'gone'), eventAt(2, 'kept')];
    await storage.set('outbox:events', [gone, kept].map((event) => ({ id: event.event_id, event, state: 'queued' })));
    const { delivery, fake } = open({ outbox: { keyValue: storage } });
    await delivery.ready;
    await keyValueOutbox(storage).delete([gone.event_id]); // the other tab's delivery
    fake.respondWith(async () => ({ acknowledged: false })); // a real beacon: never acknowledged
    await delivery.beacon();
    await delivery.flush(); // after this page's writes; learns what left the store
    expect(names(fake.calls)).toEqual([['gone', 'kept']]);
    const stored = (await storage.get<OutboxRecord[]>('outbox:events'))!;
    expect(stored.map((r) => [r.event.name, r.state])).toEqual([['kept', 'beaconed']]);
    expect(delivery.pending()).toBe(1);
  });
});
