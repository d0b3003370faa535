/**
 * Consent and page-hide beacons. With `requireConsent`, events wait in the outbox and
 * nothing leaves (collector or sinks) until consent; revoking deletes what was queued.
 * Beacons carry no acknowledgement, so beaconed events stay in the outbox, marked, and are
 * sent again by the next page load (or by this page after the grace period).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuidepostEvent } from '../../src/track/event';
import { indexedDbOutbox } from '../../src/track/outbox';
import { utf8Length } from '../../src/track/transport';
import { advance, fakeTransport, freshDbName, goal, io, tracker, until } from '../support/delivery-helpers';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date('2026-11-22T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

const exposure = (experiment = 'welcome-test', variation = 'treatment'): Parameters<ReturnType<typeof tracker>['tracker']['emit']>[0] => ({
  type: 'exposure',
  item_id: 'welcome',
  item_type: 'banner',
  experiment,
  variation,
  rendered: true,
});

describe('consent', () => {
  it('queues in the outbox but sends nothing (collector, beacons, sinks) until consent is granted', async () => {
    const outbox = indexedDbOutbox(freshDbName());
    const fake = fakeTransport();
    const forwarded: GuidepostEvent[] = [];
    const { tracker: t } = tracker({ transport: fake.transport, outbox, requireConsent: true, sinks: [(e) => forwarded.push(e)] });
    const seen: GuidepostEvent[] = [];
    t.subscribe((e) => seen.push(e)); // in-page listeners are not "leaving the device"
    const id = t.emit(exposure()).event_id;
    await t.flush();
    await t.flush({ beacon: true });
    await advance(60_000);
    expect(t.consent()).toBe('pending');
    expect(fake.calls).toHaveLength(0);
    expect(forwarded).toHaveLength(0);
    expect(seen).toHaveLength(1);
    expect(await outbox.ids()).toEqual([id]);
    await t.setConsent(true);
    await until(() => t.pending() === 0);
    expect(fake.sentIds()).toEqual([id]);
    expect(forwarded.map((e) => e.event_id)).toEqual([id]); // the sink backlog is replayed on consent
    t.emit(goal('after'));
    expect(forwarded).toHaveLength(2);
    t.dispose();
  });

  it('survives a reload while pending: the next page sends only once it has consent too', async () => {
    const dbName = freshDbName();
    const fake = fakeTransport();
    const first = tracker({ transport: fake.transport, outbox: indexedDbOutbox(dbName), requireConsent: true });
    const id = first.tracker.emit(goal('a')).event_id;
    await io();
    first.tracker.dispose();
    const second = tracker({ transport: fake.transport, outbox: indexedDbOutbox(dbName), requireConsent: true });
    await second.tracker.ready;
    await advance(1000);
    expect(fake.calls).toHaveLength(0);
    await second.tracker.setConsent(true);
    await until(() => second.tracker.pending() === 0);
    expect(fake.sentIds()).toEqual([id]);
    second.tracker.dispose();
  });

  it('revoking consent deletes the queued events and stops queueing and forwarding', async () => {
    const outbox = indexedDbOutbox(freshDbName());
    const fake = fakeTransport();
    const forwarded: GuidepostEvent[] = [];
    const { tracker: t } = tracker({ transport: fake.transport, outbox, requireConsent: true, sinks: [(e) => forwarded.push(e)] });
    t.emit(goal('a'));
    t.emit(goal('b'));
    await io();
    expect(await outbox.count()).toBe(2);
    await t.setConsent(false);
    expect(await outbox.count()).toBe(0);
    expect(t.pending()).toBe(0);
    t.emit(goal('c'));
    await advance(60_000);
    expect(await outbox.count()).toBe(0);
    expect(fake.calls).toHaveLength(0);
    expect(forwarded).toHaveLength(0);
    // Granting again starts afresh: only events from then on.
    await t.setConsent(true);
    const id = t.emit(goal('d')).event_id;
    await t.flush();
    expect(fake.sentIds()).toEqual([id]);
    t.dispose();
  });

  it('without requireConsent, setConsent(false) still revokes', async () => {
    const fake = fakeTransport();
    fake.respondWith(() => new Promise(() => undefined));
    const { tracker: t } = tracker({ transport: fake.transport });
    expect(t.consent()).toBe('granted');
    t.emit(goal('a'));
    await t.setConsent(false);
    expect(t.pending()).toBe(0);
    t.dispose();
  });
});

describe('page hide (beacons)', () => {
  it('beacons synchronously, keeps the events marked "beaconed", and the next page re-sends them once', async () => {
    const dbName = freshDbName();
    const outbox = indexedDbOutbox(dbName);
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    const first = tracker({ transport: fake.transport, outbox, batchDelayMs: 10_000 });
    const ids = [first.tracker.emit(goal('a')).event_id, first.tracker.emit(goal('b')).event_id];
    void first.tracker.flush({ beacon: true });
    // No await between the pagehide handler and the beacon: the page may be gone.
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].options).toEqual({ beacon: true });
    await io();
    const stored = await outbox.list(10);
    expect(stored.map((r) => r.state)).toEqual(['beaconed', 'beaconed']);
    expect(first.tracker.pending()).toBe(2);
    // A second hide (pagehide after visibilitychange) does not beacon the same events again.
    void first.tracker.flush({ beacon: true });
    expect(fake.calls).toHaveLength(1);
    first.tracker.dispose();

    const second = tracker({ transport: fake.transport, outbox: indexedDbOutbox(dbName) });
    await second.tracker.ready;
    await until(() => second.tracker.pending() === 0);
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1].options?.beacon).toBeFalsy();
    expect(fake.calls[1].ids.sort()).toEqual([...ids].sort());
    expect(await outbox.count()).toBe(0);
    second.tracker.dispose();
  });

  it('a page that lives on re-sends its beaconed events after the grace period', async () => {
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    const { tracker: t } = tracker({ transport: fake.transport, beacon: { graceMs: 30_000 } });
    t.emit(goal('a'));
    await t.flush({ beacon: true }); // hidden...
    await t.flush(); // ...visible again: nothing eligible yet
    expect(fake.calls).toHaveLength(1);
    await advance(29_999);
    expect(fake.calls).toHaveLength(1);
    await advance(1);
    await until(() => t.pending() === 0);
    expect(fake.calls).toHaveLength(2);
    t.dispose();
  });

  it('a refused beacon leaves the events queued for the normal path', async () => {
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => {
      if (options?.beacon) throw new Error('keepalive quota exceeded');
    });
    const { tracker: t } = tracker({ transport: fake.transport, batchDelayMs: 10_000 });
    t.emit(goal('a'));
    await t.flush({ beacon: true });
    await t.flush();
    expect(fake.calls.map((c) => Boolean(c.options?.beacon))).toEqual([true, false]);
    expect(t.pending()).toBe(0);
    t.dispose();
  });

  it('a transport that got an answer to its keepalive fallback lets the events go', async () => {
    const fake = fakeTransport();
    const { tracker: t } = tracker({ transport: fake.transport, batchDelayMs: 10_000 });
    t.emit(goal('a'));
    await t.flush({ beacon: true });
    expect(t.pending()).toBe(0);
    t.dispose();
  });

  it('splits beacons under 60 KB of body each, at most maxChunks, leaving the rest queued', async () => {
    const fake = fakeTransport();
    fake.respondWith(async (_events, options) => (options?.beacon ? { acknowledged: false } : undefined));
    const { tracker: t } = tracker({ transport: fake.transport, batchDelayMs: 60_000, maxQueued: 1000, batchSize: 1000, beacon: { maxChunks: 3, budgetBytes: 1_000_000 } });
    const padding = 'x'.repeat(5000);
    for (let i = 0; i < 60; i++) t.emit(goal(`g${i}`, { padding, i }));
    // One event too large for any beacon: it waits for a normal send.
    t.emit(goal('huge', { padding: 'y'.repeat(70_000) }));
    await t.flush({ beacon: true });
    expect(fake.calls).toHaveLength(3);
    for (const call of fake.calls) expect(utf8Length(JSON.stringify({ events: call.events }))).toBeLessThanOrEqual(60_000);
    const beaconed = fake.calls.flatMap((c) => c.events.map((e) => e.name));
    expect(beaconed).not.toContain('huge');
    expect(beaconed).toEqual(beaconed.slice().sort((a, b) => Number(a!.slice(1)) - Number(b!.slice(1)))); // oldest first
    expect(t.stats().pending).toBe(61);
    t.dispose();
  });
});
