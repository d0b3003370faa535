/**
 * The tracker's edges towards delivery (src/track/tracker.ts): the page-hide beacon of events
 * still waiting for the delivery code (beaconEvents, called by deferred-delivery.ts; with an
 * endpoint, navigator.sendBeacon itself), and the bound on what one event may weigh.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PipelineModule } from '../../src/track/deferred-delivery';
import { memoryStorage } from '../../src/store/storage';
import { createTracker, MAX_EVENT_CHARS } from '../../src/track/tracker';
import { context, fakeTransport, goal, tracker } from '../support/delivery-helpers';

afterEach(() => vi.restoreAllMocks());

describe('a sendBeacon that throws (a URL it cannot parse, a scheme other than http(s))', () => {
  it('throws nothing into the page-hide handler, and the waiting events are still kept in the outbox', async () => {
    vi.spyOn(navigator, 'sendBeacon').mockImplementation(() => {
      throw new TypeError("Failed to execute 'sendBeacon' on 'Navigator': Beacons are only supported over HTTP(S).");
    });
    const storage = memoryStorage();
    const reports: string[] = [];
    // The delivery code never arrives: what waits for it is kept only by the page hide.
    const pending = (() => new Promise<PipelineModule>(() => undefined)) as unknown as PipelineModule;
    const t = createTracker(context(), { endpoint: 'ftp://collector.test/events', outbox: { keyValue: storage }, pipeline: pending, report: (e) => reports.push(e.message) });
    const id = t.emit(goal('a')).event_id;
    expect(() => t.flush({ beacon: true })).not.toThrow();
    const stored = async () => ((await storage.get<{ id: string }[]>('outbox:events')) ?? []).map((r) => r.id);
    while (!(await stored()).includes(id)) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reports).toEqual([]);
    t.dispose();
  });
});

describe('an event too large for any collector to take', () => {
  it('is reported and not queued (never stored, sent or halved); the events around it are delivered', async () => {
    const fake = fakeTransport();
    const { tracker: t, reports } = tracker({ transport: fake.transport });
    t.emit(goal('before'));
    const huge = t.emit(goal('huge', { blob: 'x'.repeat(MAX_EVENT_CHARS) }));
    t.emit(goal('after'));
    await t.flush();
    expect(fake.calls.flatMap((c) => c.events).map((e) => e.name)).toEqual(['before', 'after']);
    expect(huge.name).toBe('huge'); // listeners and onEvent still get it
    expect(reports).toEqual([expect.stringMatching(/^Guidepost could not queue a goal event: its JSON is \d+ characters, over 1000000$/)]);
    expect(t.pending()).toBe(0);
    t.dispose();
  });
});
