/**
 * Sessions (src/runtime/session.ts): activity (a track(), a route change) keeps the session
 * going; after thirty idle minutes the next activity starts a new one, which events carry from
 * then on and which starts with fresh pacing and de-duplication; `rememberForSession` says
 * whether a key is new this session, stores it, and forgets the oldest past the bound;
 * `reportAssignments` reports each unit's arm once per session; an identity that cannot be
 * stored is reported. The module's functions are called on a bare runtime where the public
 * API cannot reach a case (the thirty-minute boundary, the bound, a failing storage).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostError, type GuidepostEvent, type KeyValueStorage } from '../../src/index';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { keepSessionAlive, rememberForSession, reportAssignments } from '../../src/runtime/session';
import { MAX_SESSION_KEYS, type IdentityRecord } from '../../src/store/identity';
import type { Tracker } from '../../src/track/tracker';
import type { Experiments } from '../../src/controller/experiments';

const MINUTE = 60_000;
const T0 = Date.parse('2026-03-02T09:00:00Z');
let clock = T0;
const live: Guidepost[] = [];
const storedIdentity = (storage: KeyValueStorage) => storage.get<IdentityRecord>('identity');
/** Resolves after the next decision (onChange fires once per burst of decisions). */
const decided = (gp: Guidepost) => new Promise<void>((resolve) => { const off = gp.onChange(() => { off(); resolve(); }); });

async function started(manifest: Record<string, unknown>) {
  document.body.innerHTML = '<button id="save">Save</button>';
  const events: GuidepostEvent[] = [];
  const storage = memoryStorage();
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', ...manifest }, user: { id: 'u1' }, storage, locale: 'en', now: () => clock, onEvent: (e) => events.push(e) });
  live.push(gp);
  await gp.start();
  return { gp, events, storage };
}

/** A runtime with only what session.ts reads: identity, storage, clock, and a recording tracker. */
function bareRuntime(storage: KeyValueStorage = memoryStorage()) {
  const errors: GuidepostError[] = [];
  const rt: Runtime = createRuntime({ manifest: {}, now: () => clock, onError: (e) => errors.push(e) });
  rt.storage = storage;
  rt.identity = { anonymousId: 'anon', session: { id: 's1', startedAt: T0, lastActiveAt: T0, interruptiveShown: 2, lastInterruptiveAt: T0, exposures: ['old'] } };
  const emitted: Record<string, unknown>[] = [];
  const setContext = vi.fn();
  rt.tracker = { emit: (fields: Record<string, unknown>) => emitted.push(fields), setContext } as unknown as Tracker;
  return { rt, errors, emitted, setContext, storage };
}

afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
  clock = T0;
});

describe('the session of an instance', () => {
  it('activity keeps it going past thirty minutes; thirty idle minutes later the next event is in a new session', async () => {
    const { gp, events, storage } = await started({ items: [] });
    for (const name of ['a', 'b', 'c']) {
      clock += 20 * MINUTE;
      gp.track(name);
    }
    const goals = () => events.filter((e) => e.type === 'goal');
    expect(goals().map((e) => e.name)).toEqual(['a', 'b', 'c']);
    const first = goals()[0].session_id;
    expect(new Set(goals().map((e) => e.session_id))).toEqual(new Set([first]));
    await vi.waitFor(async () => expect((await storedIdentity(storage))?.session).toMatchObject({ id: first, startedAt: T0, lastActiveAt: T0 + 60 * MINUTE }));
    clock += 31 * MINUTE;
    gp.track('d');
    const renewed = goals()[3].session_id;
    expect(renewed).not.toBe(first);
    await vi.waitFor(async () => expect((await storedIdentity(storage))?.session).toMatchObject({ id: renewed, startedAt: clock, lastActiveAt: clock, interruptiveShown: 0 }));
  });

  it('a new session begun by a route change exposes again and paces afresh', async () => {
    const { gp, events, storage } = await started({ items: [{ id: 'welcome', type: 'banner', body: 'Hello' }] });
    const exposures = () => events.filter((e) => e.type === 'exposure');
    expect(exposures()).toHaveLength(1);
    await vi.waitFor(async () => expect((await storedIdentity(storage))?.session.interruptiveShown).toBe(1));
    // A route change within the session: shown again, not exposed again, and no second slot of
    // the session spent (the session counts the banner once, however many pages it follows).
    clock += 5 * MINUTE;
    let routed = decided(gp);
    history.pushState({}, '', '/a');
    await routed;
    expect(gp.explain('welcome')?.shown).toBe(true);
    // Written with this page view's activity: by then a second count would have been written too.
    await vi.waitFor(async () => expect((await storedIdentity(storage))?.session).toMatchObject({ lastActiveAt: clock, interruptiveShown: 1 }));
    expect(exposures()).toHaveLength(1);
    // After thirty-one idle minutes: a new session, a new exposure carrying it, counters from zero.
    clock += 31 * MINUTE;
    routed = decided(gp);
    history.pushState({}, '', '/b');
    await routed;
    expect(exposures()).toHaveLength(2);
    expect(exposures()[1].session_id).not.toBe(exposures()[0].session_id);
    await vi.waitFor(async () => expect((await storedIdentity(storage))?.session).toMatchObject({ id: exposures()[1].session_id, interruptiveShown: 1 }));
  });

  it('reports the assignment once per session, not again when identify() re-assigns', async () => {
    const { gp, events } = await started({
      experiments: [{ key: 'help-test', variations: [{ key: 'control' }, { key: 'help' }], scope: { types: ['banner'] } }],
      items: [{ id: 'welcome', type: 'banner', body: 'Hello' }],
    });
    const assignments = () => events.filter((e) => e.type === 'assignment');
    expect(assignments()).toEqual([expect.objectContaining({ experiment: 'help-test', unit: 'user', unit_id: 'u1', bucket_version: 0 })]);
    gp.identify({ traits: { plan: 'pro' } });
    gp.identify({ traits: { plan: 'team' } });
    expect(assignments()).toHaveLength(1);
  });
});

describe('the module on a bare runtime', () => {
  it('keepSessionAlive: thirty idle minutes keep the session; one millisecond more starts a new one and tells the tracker', async () => {
    const { rt, setContext, storage } = bareRuntime();
    clock = T0 + 30 * MINUTE;
    keepSessionAlive(rt);
    expect(rt.identity!.session).toMatchObject({ id: 's1', startedAt: T0, lastActiveAt: T0 + 30 * MINUTE, interruptiveShown: 2, exposures: ['old'] });
    expect(setContext).not.toHaveBeenCalled();
    clock += 30 * MINUTE + 1;
    keepSessionAlive(rt);
    const session = rt.identity!.session;
    expect(session.id).not.toBe('s1');
    expect(session).toMatchObject({ startedAt: clock, lastActiveAt: clock, interruptiveShown: 0 });
    expect(session.exposures).toBeUndefined();
    expect(setContext.mock.calls).toEqual([[{ sessionId: session.id }]]);
    expect(await storedIdentity(storage)).toEqual({ anonymousId: 'anon', session });
  });

  it('rememberForSession: a key is new once per session, stored, and forgotten once the bound pushes it out', async () => {
    const { rt, storage } = bareRuntime();
    expect(rememberForSession(rt, 'old')).toBe(false);
    expect(rememberForSession(rt, 'k')).toBe(true);
    expect(rememberForSession(rt, 'k')).toBe(false);
    expect((await storedIdentity(storage))?.session.exposures).toEqual(['old', 'k']);
    for (let i = 0; i < MAX_SESSION_KEYS - 1; i++) rememberForSession(rt, `n${i}`);
    // 'old' was the oldest: pushed out, it reads as new again; 'k' is still remembered.
    expect(rt.identity!.session.exposures).toHaveLength(MAX_SESSION_KEYS);
    expect(rememberForSession(rt, 'k')).toBe(false);
    expect(rememberForSession(rt, 'old')).toBe(true);
  });

  it('reportAssignments: one event per unit, experiment and arm per session; units outside it are not reported', () => {
    const { rt, emitted } = bareRuntime();
    const arm = { experiment: 'e', unit: 'user', unitId: 'u1', bucketVersion: 0, variation: 'help', inExperiment: true, forced: false, enabled: true };
    const all = [arm, { ...arm, experiment: 'out', inExperiment: false }, { ...arm, experiment: 'no-unit', unitId: null }, { ...arm, experiment: 'no-arm', variation: undefined }];
    rt.experiments = { all: () => all } as unknown as Experiments;
    reportAssignments(rt);
    reportAssignments(rt);
    expect(emitted).toEqual([{ type: 'assignment', experiment: 'e', variation: 'help', bucket_version: 0, unit: 'user', unit_id: 'u1', forced: false }]);
    // Re-randomised (a new bucketVersion) is a new arm: reported.
    all[0] = { ...arm, bucketVersion: 1 };
    reportAssignments(rt);
    expect(emitted.map((e) => e.bucket_version)).toEqual([0, 1]);
    // A new session reports again.
    clock += 31 * MINUTE;
    keepSessionAlive(rt);
    reportAssignments(rt);
    expect(emitted.map((e) => e.bucket_version)).toEqual([0, 1, 1]);
  });

  it('an identity the storage refuses is reported, and kept in memory', async () => {
    const refusing: KeyValueStorage = { ...memoryStorage(), set: () => Promise.reject(new Error('quota exceeded')) };
    const { rt, errors } = bareRuntime(refusing);
    expect(rememberForSession(rt, 'k')).toBe(true);
    await vi.waitFor(() => expect(errors.map((e) => e.message)).toEqual([expect.stringContaining('quota exceeded')]));
    expect(rememberForSession(rt, 'k')).toBe(false);
  });
});

/**
 * docs/experiments.md and docs/events.md promise an `assignment` event once per session, before
 * any exposure: an instance that rolls into a new session (keepSessionAlive) reports the
 * assignments of the new session before it exposes anything in it.
 */
describe('a session begun inside an instance', () => {
  it('the first exposure of the new session follows an assignment in that session', async () => {
    const { events } = await started({
      experiments: [{ key: 'help-test', variations: [{ key: 'control' }, { key: 'help' }], scope: { types: ['banner'] } }],
      items: [{ id: 'welcome', type: 'banner', body: 'Hello' }],
    });
    expect(events.map((e) => e.type)).toEqual(['assignment', 'exposure']);
    clock += 31 * MINUTE;
    history.pushState({}, '', '/b');
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'exposure')).toHaveLength(2));
    const session = events[events.length - 1].session_id;
    expect(events.filter((e) => e.session_id === session).map((e) => e.type)).toEqual(['assignment', 'exposure']);
  });
});
