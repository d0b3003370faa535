/**
 * Page hides before the delivery code has arrived (src/track/tracker.ts, beaconEvents, called by
 * deferred-delivery.ts). That window is short when the chunk loads; it is the page's whole life
 * when the chunk never comes (a CDN that fails, a request that hangs). Hidden and shown again,
 * the tab must beacon each waiting event once, as the pipeline does (beacons.ts: a record is
 * beaconed at most once per page), not the same oldest events on every hide: that sent duplicates
 * without end, and left the events after the first beacon's budget never beaconed at all.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PipelineModule } from '../../src/track/deferred-delivery';
import { createTracker } from '../../src/track/tracker';
import { context, fakeTransport, goal } from '../support/delivery-helpers';

afterEach(() => vi.restoreAllMocks());

/** A delivery code that never arrives (`hang`) or fails to load (`fail`), given as the tracker's loader. */
const loader = (kind: 'hang' | 'fail') =>
  (() => (kind === 'hang' ? new Promise<PipelineModule>(() => undefined) : Promise.reject(new TypeError('Failed to fetch dynamically imported module')))) as unknown as PipelineModule;

describe.each(['hang', 'fail'] as const)('hidden and shown again while the delivery code is missing (%s)', (kind) => {
  it('each waiting event is beaconed once; a later hide carries only what came since', async () => {
    const fake = fakeTransport();
    fake.respondWith(async () => ({ acknowledged: false }));
    const reports: string[] = [];
    const t = createTracker(context(), { transport: fake.transport, pipeline: loader(kind), report: (e) => reports.push(e.message) });
    const [a, b] = [t.emit(goal('a')).event_id, t.emit(goal('b')).event_id];
    await t.flush({ beacon: true }); // hidden
    const c = t.emit(goal('c')).event_id; // visible again
    await t.flush({ beacon: true }); // hidden again
    await t.flush({ beacon: true }); // and again, nothing new
    expect(fake.calls.map((call) => [call.ids, call.options])).toEqual([
      [[a, b], { beacon: true }],
      [[c], { beacon: true }],
    ]);
    expect(t.pending()).toBe(3); // still waiting for the delivery code, to be sent with an acknowledgement
    t.dispose();
  });

  it('a beacon the transport refused (rejected) is tried again on the next hide', async () => {
    const fake = fakeTransport();
    let refuse = true;
    fake.respondWith(async () => {
      if (refuse) throw new Error('quota');
      return { acknowledged: false };
    });
    const t = createTracker(context(), { transport: fake.transport, pipeline: loader(kind), report: () => undefined });
    const a = t.emit(goal('a')).event_id;
    await t.flush({ beacon: true });
    await vi.waitFor(() => expect(fake.calls).toHaveLength(1));
    await new Promise<void>((resolve) => queueMicrotask(resolve)); // the rejection is handled
    refuse = false;
    await t.flush({ beacon: true });
    expect(fake.calls.map((call) => call.ids)).toEqual([[a], [a]]);
    t.dispose();
  });

  it('with an endpoint: sendBeacon refusing (false) leaves the events for the next hide; once queued, they are not beaconed again', async () => {
    const accepted: string[][] = [];
    let accept = false;
    vi.spyOn(navigator, 'sendBeacon').mockImplementation((_url, data) => {
      if (accept) void (data as Blob).text().then((text) => accepted.push((JSON.parse(text) as { events: { name: string }[] }).events.map((e) => e.name)));
      return accept;
    });
    const t = createTracker(context(), { endpoint: 'https://collector.test/events', pipeline: loader(kind), report: () => undefined });
    t.emit(goal('a'));
    await t.flush({ beacon: true }); // refused: over the browser's quota
    accept = true;
    await t.flush({ beacon: true });
    await t.flush({ beacon: true });
    await vi.waitFor(() => expect(accepted).toEqual([['a']]));
    expect(vi.mocked(navigator.sendBeacon)).toHaveBeenCalledTimes(2);
    t.dispose();
  });
});
