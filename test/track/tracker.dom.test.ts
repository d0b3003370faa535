/**
 * The tracker (src/track/tracker.ts) on its own: createTracker with a recording pipeline module
 * (a Delivery that only logs what it is asked), or with no delivery at all. Covers the event
 * envelope (every context field, read at emit time; ts; schema and SDK versions; event_id a
 * UUIDv7 carrying the emit time), subscribers, consent gating of the sinks (a pending backlog
 * bounded by maxQueued, replayed on grant, dropped on revoke) and of delivery (JSON copies, none
 * while denied), the options handed to the pipeline (its clock), the calls passed through, and
 * the defaults without a transport. What the pipeline then does is delivery's tests' business.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Consent, Delivery, DeliveryStats } from '../../src/track/delivery';
import type { DeliveryOptions } from '../../src/track/delivery-options';
import type { PipelineModule } from '../../src/track/deferred-delivery';
import type { GuidepostEvent } from '../../src/track/event';
import { createTracker, type Tracker, type TrackerContext, type TrackerOptions } from '../../src/track/tracker';
import { UUID_PATTERN } from '../../src/track/uuid';
import { SDK_VERSION } from '../../src/version';
import { context, goal } from '../support/delivery-helpers';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const trackers: Tracker[] = [];
afterEach(() => trackers.splice(0).forEach((t) => t.dispose()));

/** A pipeline whose delivery logs every call it gets. */
function recordingPipeline() {
  const log: string[] = [];
  const enqueued: GuidepostEvent[] = [];
  const opened: Array<{ options: DeliveryOptions; consent: Consent }> = [];
  const stats: DeliveryStats = { pending: 7, dropped: 2, rejected: 1, failures: 0, consent: 'granted', online: true };
  const delivery: Delivery = {
    ready: Promise.resolve(),
    enqueue: (event) => void enqueued.push(event),
    flush: async () => void log.push('flush'),
    beacon: async () => void log.push('beacon'),
    flushSoon: async (ms) => (log.push(`flushSoon ${ms}`), true),
    setConsent: async (granted) => void log.push(`setConsent ${granted}`),
    pending: () => 7,
    stats: () => stats,
    dispose: () => void log.push('dispose'),
  };
  const module: PipelineModule = { openDelivery: (options, consent) => (opened.push({ options, consent }), delivery) };
  return { module, log, enqueued, opened };
}

function make(options: Partial<TrackerOptions> = {}, ctx: Partial<TrackerContext> = {}) {
  const reports: string[] = [];
  let now = T0;
  const tracker = createTracker(context({ now: () => now, ...ctx }), { report: (e) => reports.push(e.message), ...options });
  trackers.push(tracker);
  return { tracker, reports, tick: (ms = 1) => (now += ms) };
}

describe('the event envelope', () => {
  it('stamps every shared field from the context, the time, and the schema and SDK versions', () => {
    const { tracker } = make();
    const event = tracker.emit(goal('project_created', { template: 'blank' }));
    expect(event).toEqual({
      event_id: expect.stringMatching(UUID_PATTERN),
      type: 'goal',
      name: 'project_created',
      properties: { template: 'blank' },
      ts: '2026-11-22T10:00:00.000Z',
      schema_version: 1,
      sdk_version: SDK_VERSION,
      anonymous_id: 'anon-1',
      user_id: 'u1',
      account_id: 'acme',
      session_id: 'session-1',
      revision: 'r1',
      url: 'https://app.test/board',
    });
    // UUIDv7: version 7, and the first 48 bits are the emit time in ms.
    expect(event.event_id[14]).toBe('7');
    expect(parseInt(event.event_id.replace(/-/g, '').slice(0, 12), 16)).toBe(T0);
  });

  it('reads the url and the time at each emit; setContext changes later events, never earlier ones', () => {
    let url: string | null = 'https://app.test/a';
    const { tracker, tick } = make({}, { url: () => url });
    const first = tracker.emit(goal('one'));
    url = null;
    tick(1500);
    tracker.setContext({ userId: null, accountId: null, sessionId: 'session-2', revision: null, anonymousId: 'anon-2' });
    const second = tracker.emit(goal('two'));
    expect(first).toMatchObject({ url: 'https://app.test/a', user_id: 'u1', account_id: 'acme', session_id: 'session-1', revision: 'r1', anonymous_id: 'anon-1' });
    expect(second).toMatchObject({ url: null, user_id: null, account_id: null, session_id: 'session-2', revision: null, anonymous_id: 'anon-2' });
    expect(second.ts).toBe('2026-11-22T10:00:01.500Z');
  });

  it('gives each event its own id, sorting in emit order as time moves on', () => {
    const { tracker, tick } = make();
    const ids = Array.from({ length: 20 }, (_, i) => (tick(), tracker.emit(goal(`g${i}`)).event_id));
    expect(new Set(ids).size).toBe(20);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('subscribers', () => {
  it('get every event (consent pending too); a throwing one is reported and does not stop the others', () => {
    const { tracker, reports } = make({ requireConsent: true });
    const seen: string[] = [];
    tracker.subscribe(() => {
      throw new Error('listener broke');
    });
    const off = tracker.subscribe((e) => seen.push(e.name!));
    tracker.emit(goal('a'));
    off();
    tracker.emit(goal('b'));
    expect(seen).toEqual(['a']);
    expect(reports).toEqual(['listener broke', 'listener broke']);
  });
});

describe('sinks and consent', () => {
  it('forward at once when consent is not required, in sink order; a throwing sink is reported, the next still runs', () => {
    const got: string[] = [];
    const { tracker, reports } = make({
      sinks: [
        () => {
          throw new Error('vendor not loaded');
        },
        (e) => got.push(`second:${e.name}`),
      ],
    });
    tracker.emit(goal('a'));
    expect(got).toEqual(['second:a']);
    expect(reports).toEqual(['vendor not loaded']);
  });

  it('while pending keep at most maxQueued events (the newest), forwarded in order on grant', async () => {
    const got: string[] = [];
    const { tracker } = make({ requireConsent: true, maxQueued: 3, sinks: [(e) => got.push(e.name!)] });
    for (const name of ['a', 'b', 'c', 'd', 'e']) tracker.emit(goal(name));
    expect(got).toEqual([]);
    await tracker.setConsent(true);
    expect(got).toEqual(['c', 'd', 'e']);
    tracker.emit(goal('f'));
    expect(got).toEqual(['c', 'd', 'e', 'f']);
    expect(tracker.consent()).toBe('granted');
  });

  it('revoking drops the backlog: nothing forwarded then, nor after a later grant, until new events', async () => {
    const got: string[] = [];
    const { tracker } = make({ requireConsent: true, sinks: [(e) => got.push(e.name!)] });
    tracker.emit(goal('before'));
    await tracker.setConsent(false);
    tracker.emit(goal('while-denied'));
    await tracker.setConsent(true);
    expect(got).toEqual([]);
    tracker.emit(goal('after'));
    expect(got).toEqual(['after']);
  });
});

describe('handing events to delivery', () => {
  it('opens the pipeline in the starting consent and hands it a JSON copy of each event, none while denied', async () => {
    const pipeline = recordingPipeline();
    const { tracker } = make({ transport: { send: async () => undefined }, pipeline: pipeline.module, requireConsent: true });
    expect(pipeline.opened.map((o) => o.consent)).toEqual(['pending']);
    const emitted = tracker.emit(goal('a', { when: new Date(0), fn: () => 1 }));
    expect(pipeline.enqueued).toHaveLength(1); // pending: delivery holds it until consent
    expect(pipeline.enqueued[0]).not.toBe(emitted);
    expect(pipeline.enqueued[0]).toEqual({ ...emitted, properties: { when: '1970-01-01T00:00:00.000Z' } });
    await tracker.setConsent(false);
    tracker.emit(goal('denied'));
    await tracker.setConsent(true);
    tracker.emit(goal('granted'));
    expect(pipeline.enqueued.map((e) => e.name)).toEqual(['a', 'granted']);
    expect(pipeline.log).toEqual(['setConsent false', 'setConsent true']);
  });

  it('gives the pipeline a clock that reads the context’s now at call time, unless a clock is given', () => {
    const pipeline = recordingPipeline();
    const { tracker } = make({ endpoint: 'https://collect.test/e', pipeline: pipeline.module });
    const { clock } = pipeline.opened[0].options;
    expect(clock()).toBe(T0);
    tracker.setContext({ now: () => 42 });
    expect(clock()).toBe(42);
    const other = recordingPipeline();
    make({ endpoint: 'https://collect.test/e', pipeline: other.module, clock: () => 7 });
    expect(other.opened[0].options.clock()).toBe(7);
  });

  it('passes flush, beacon, flushSoon (1000 ms by default), pending, stats and dispose through', async () => {
    const pipeline = recordingPipeline();
    const { tracker } = make({ transport: { send: async () => undefined }, pipeline: pipeline.module });
    await tracker.flush();
    await tracker.flush({ beacon: true });
    await expect(tracker.flushSoon()).resolves.toBe(true);
    await tracker.flushSoon(250);
    expect([tracker.pending(), tracker.dropped(), tracker.stats().rejected]).toEqual([7, 2, 1]);
    const seen: string[] = [];
    tracker.subscribe((e) => seen.push(e.name!));
    tracker.dispose();
    tracker.emit(goal('after-dispose'));
    expect(seen).toEqual([]);
    expect(pipeline.log).toEqual(['flush', 'beacon', 'flushSoon 1000', 'flushSoon 250', 'dispose']);
  });

  it('without a transport or an endpoint there is no delivery: nothing pending, defaults in stats', async () => {
    const { tracker } = make({ requireConsent: true });
    tracker.emit(goal('a'));
    await expect(tracker.ready).resolves.toBeUndefined();
    await expect(tracker.flushSoon()).resolves.toBe(true);
    await tracker.flush();
    expect(tracker.stats()).toEqual({ pending: 0, dropped: 0, rejected: 0, failures: 0, consent: 'pending', online: true });
    await tracker.setConsent(true);
    expect([tracker.pending(), tracker.dropped(), tracker.stats().consent]).toEqual([0, 0, 'granted']);
  });
});

/**
 * outbox.ts orders events by id (UUID v7), as do the mirror's load and the send loop: ids made in
 * one millisecond must still sort in emit order (uuidv7Sequence counts within the millisecond).
 */
describe('event ids within one millisecond', () => {
  it('sort in emit order', () => {
    const { tracker } = make(); // the context clock does not move: one millisecond
    const ids = Array.from({ length: 30 }, (_, i) => tracker.emit(goal(`g${i}`)).event_id);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('the host\'s own callbacks that throw', () => {
  it('are reported with what they threw as the cause (its stack reaches onError)', () => {
    const errors: Error[] = [];
    const thrown = new Error('HOST onEvent bug');
    const tracker = createTracker(context(), { report: (e) => errors.push(e), sinks: [() => { throw thrown; }] });
    trackers.push(tracker);
    tracker.subscribe(() => { throw thrown; });
    tracker.emit(goal('a'));
    expect(errors.map((e) => [e.name, (e as { code?: string }).code, e.cause])).toEqual([
      ['GuidepostError', 'delivery', thrown],
      ['GuidepostError', 'delivery', thrown],
    ]);
  });
});
