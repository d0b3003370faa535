/**
 * What leaves when a page closes right after emitting a burst, with a backlog in the outbox.
 * Browsers let about 64 KB of keepalive data leave per page hide: that budget must go to the
 * events the outbox does not hold yet, never to records already stored (and already beaconed
 * by the page that left them).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryOutbox, type OutboxRecord, type OutboxStore } from '../../src/track/outbox';
import { utf8Length } from '../../src/track/transport';
import { fakeTransport, goal, io, tracker, until } from '../support/delivery-helpers';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-11-22T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

/** An outbox whose writes hang once `hang()` is called: the page closes before they commit. */
function stallingOutbox(inner: OutboxStore = memoryOutbox()) {
  let stalled = false;
  const store: OutboxStore = {
    ...inner,
    kind: 'stalling',
    put: (records) => (stalled ? new Promise<void>(() => undefined) : inner.put(records)),
  };
  return { store, hang: () => void (stalled = true) };
}

const bodyBytes = (events: unknown[]) => utf8Length(JSON.stringify({ events }));
const padded = (name: string) => goal(name, { padding: 'p'.repeat(300) });

describe('page hide with a backlog and a burst', () => {
  it('beacons the events not yet stored first, skips records another page beaconed, and stays within the budget', async () => {
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    const shared = memoryOutbox();
    // A page that navigated away mid-batch: 200 stored events, the first 100 beaconed by it.
    const earlier = tracker({ transport: fake.transport, outbox: shared, batchDelayMs: 60_000, beacon: { budgetBytes: 40_000 } });
    const backlog = Array.from({ length: 200 }, (_, i) => earlier.tracker.emit(padded(`backlog-${i}`)).event_id);
    await until(() => fake.calls.length === 0 && earlier.tracker.pending() === 200);
    await io();
    void earlier.tracker.flush({ beacon: true });
    const beaconedBefore = new Set(fake.calls.flatMap((c) => c.ids));
    expect(beaconedBefore.size).toBeGreaterThan(0);
    earlier.tracker.dispose();
    await io();
    fake.calls.length = 0;

    // The next page inherits the backlog, then emits a burst whose write never commits, and hides.
    const outbox = stallingOutbox(shared);
    const next = tracker({ transport: fake.transport, outbox: outbox.store, batchDelayMs: 60_000 });
    fake.respondWith(async (_events, options) => {
      if (options?.beacon) return { acknowledged: false };
      throw new Error('collector unreachable');
    });
    await next.tracker.ready;
    await until(() => next.tracker.pending() === 200);
    outbox.hang();
    const burst = Array.from({ length: 80 }, (_, i) => next.tracker.emit(padded(`burst-${i}`)).event_id);
    const before = fake.calls.length;
    void next.tracker.flush({ beacon: true });
    const beacons = fake.calls.slice(before).filter((c) => c.options?.beacon);
    const sent = beacons.flatMap((c) => c.ids);

    expect(sent.slice(0, burst.length)).toEqual(burst); // every unsaved event, oldest first, ahead of the backlog
    for (const id of beaconedBefore) expect(sent).not.toContain(id);
    expect(beacons.reduce((sum, c) => sum + bodyBytes(c.events), 0)).toBeLessThanOrEqual(64 * 1024 - 1024);
    // What is left of the budget goes to stored events the previous page never beaconed.
    expect(sent.slice(burst.length).every((id) => backlog.includes(id) && !beaconedBefore.has(id))).toBe(true);
    next.tracker.dispose();
  });

  it('all the beacons of one hide carry at most 63 KiB of body by default (the browser caps keepalive data in flight)', async () => {
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    const { tracker: t } = tracker({ transport: fake.transport, batchDelayMs: 60_000, maxQueued: 2000 });
    for (let i = 0; i < 600; i++) t.emit(padded(`g${i}`));
    await t.flush({ beacon: true });
    const total = fake.calls.reduce((sum, c) => sum + bodyBytes(c.events), 0);
    expect(total).toBeLessThanOrEqual(64 * 1024 - 1024);
    expect(total).toBeGreaterThan(50_000); // the budget is used, not wasted
    t.dispose();
  });

  it('a hide that cannot beacon (offline) still starts the outbox write at once', async () => {
    const puts: OutboxRecord[][] = [];
    const inner = memoryOutbox();
    const store: OutboxStore = { ...inner, put: (records) => (puts.push(records), inner.put(records)) };
    const fake = fakeTransport();
    const { tracker: t } = tracker({ transport: fake.transport, outbox: store, batchDelayMs: 60_000, network: { online: () => false, onOnline: () => () => undefined } });
    await t.ready;
    t.emit(goal('a'));
    void t.flush({ beacon: true });
    // Synchronously, inside the pagehide handler: not at the end of the task.
    expect(puts.flat().map((r) => r.event.name)).toEqual(['a']);
    t.dispose();
  });
});
