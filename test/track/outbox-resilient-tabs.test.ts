/**
 * The resilient outbox (src/track/outbox-resilient.ts) under two deliveries that play two tabs
 * on one shared store, under fake timers: tab A delivers the events tab B wrote (B finds the lock
 * taken, and learns from the store that they left); then B's IndexedDB fails and B switches to
 * memory. B must not carry the events A delivered into memory and send them a second time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDelivery } from '../../src/track/delivery';
import { noLock, type LockRunner } from '../../src/track/lock';
import { memoryOutbox, resilientOutbox } from '../../src/track/outbox';
import { deliveryConfig, eventAt } from '../support/delivery-config';
import { breakable, fakeTransport, io, until } from '../support/delivery-helpers';

afterEach(() => {
  vi.useRealTimers();
});

describe('events another tab delivered, then this tab switches to memory', () => {
  it('are not sent again by this tab', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.parse('2026-11-22T10:00:00Z') });
    const shared = memoryOutbox();
    const primary = breakable(shared);
    let otherTabSending = true;
    const lockB: LockRunner = (task) => (otherTabSending ? Promise.resolve({ acquired: false }) : noLock(task));
    const b = { fake: fakeTransport(), reports: [] as string[] };
    const tabB = createDelivery(
      deliveryConfig({ transport: b.fake.transport, outbox: resilientOutbox(primary.store, (e) => b.reports.push(e.message)), lock: lockB, batchDelayMs: 100, pageId: 'page-B' }).config,
    );
    await tabB.ready;
    const theirs = [eventAt(1, 'a'), eventAt(2, 'b'), eventAt(3, 'c')];
    theirs.forEach((e) => tabB.enqueue(e));
    await io(); // B's write reaches the store
    expect(await shared.count()).toBe(3);

    // Tab A loads the shared outbox and delivers B's events while B finds the lock taken.
    const a = fakeTransport();
    const tabA = createDelivery(deliveryConfig({ transport: a.transport, outbox: shared, pageId: 'page-A' }).config);
    await tabA.ready;
    await until(() => a.calls.length === 1);
    await io(); // A's delete of what it delivered
    expect(await shared.count()).toBe(0);
    // B tries again, finds them gone from the store, and forgets them as delivered.
    await vi.advanceTimersByTimeAsync(100);
    await until(() => tabB.pending() === 0);

    // Later B's IndexedDB fails (memory from now on), and B sends a new event of its own.
    otherTabSending = false;
    primary.fail();
    const mine = eventAt(4, 'd');
    tabB.enqueue(mine);
    await tabB.flush();
    expect(b.reports.some((m) => m.includes('keeping undelivered events in memory'))).toBe(true);
    expect(b.fake.sentIds()).toEqual([mine.event_id]);
    expect(a.sentIds()).toEqual(theirs.map((e) => e.event_id));
    tabA.dispose();
    tabB.dispose();
  });
});
