/**
 * Properties of the decision, checked with fast-check over random manifests and random
 * histories: determinism, and the pacing and frequency promises over whole sessions
 * simulated with the engine's pure functions the way src/guidepost.ts drives them
 * (decide -> show -> record exposure -> spend pacing), with the clock jumping forwards and
 * backwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAttributes } from '../../src/engine/attributes';
import { decide, prepareManifest, type DecideInput, type Decision } from '../../src/engine/decide';
import { isInterruptive } from '../../src/engine/pacing';
import {
  emptyProgress, recordCompleted, recordDismissed, recordEvent, recordSeen, recordVisit, SESSION_GAP_MS, type ProgressState,
} from '../../src/engine/progress';
import type { Caps, Frequency, Item, Manifest } from '../../src/manifest/schema';
import { DAY, HOUR, item, T0, type ItemSpec } from '../support/engine-helpers';
import { createRandom } from '../../src/analysis/random';

// ---------------------------------------------------------------------------------------
// Arbitraries

const EVENTS = ['e1', 'e2', 'goal'] as const;
const PATHS = ['/', '/a', '/pricing'] as const;
const iso = (ms: number) => new Date(ms).toISOString();

const frequencyArb: fc.Arbitrary<Frequency | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<Frequency>('once', 'untilCompleted', 'always'),
  fc.record({ everyDays: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), maxTimes: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) }, { requiredKeys: [] }),
);

const whenArb = fc.constantFrom<Record<string, unknown> | undefined>(
  undefined,
  undefined,
  { 'events.e1.count': { $gte: 1 } },
  { 'page.path': '/a' },
  { 'visits.count': { $gte: 2 } },
  { 'pages./pricing.last7Days': { $lt: 3 } },
  { $or: [{ 'device.phone': true }, { daysSinceFirstSeen: { $gte: 1 } }] },
);

function itemArb(index: number, count: number): fc.Arbitrary<ItemSpec> {
  return fc.record({
    type: fc.constantFrom<Item['type']>('banner', 'tour', 'hotspot', 'helpLink', 'tooltip', 'checklist'),
    priority: fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined }),
    frequency: frequencyArb,
    when: whenArb,
    interruptive: fc.option(fc.boolean(), { nil: undefined }),
    trigger: fc.constantFrom<Item['trigger']>(undefined, undefined, 'pageView', { event: 'e2' }, { elementAppears: '#x' }),
    goal: fc.constantFrom(undefined, undefined, 'goal'),
    // Another item of this manifest (a one-item manifest has none to require).
    requires: count < 2
      ? fc.constant(undefined)
      : fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: count - 1 }).map((offset) => [`i${(index + offset) % count}`]) }),
    schedule: fc.constantFrom(undefined, undefined, undefined, { start: iso(T0 + DAY) }, { end: iso(T0 + 3 * DAY) }),
    reshowOnNewVersion: fc.option(fc.boolean(), { nil: undefined }),
  }).map((spec) => ({ id: `i${index}`, ...stripUndefined(spec) }) as ItemSpec);
}

const capsArb: fc.Arbitrary<Caps> = fc.record({
  perPageView: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  perSession: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }) }),
  minGapSeconds: fc.constantFrom(0, 0, 30, 600),
  includePassive: fc.boolean(),
});

const manifestArb: fc.Arbitrary<Manifest> = fc.integer({ min: 1, max: 8 }).chain((count) =>
  fc.tuple(fc.tuple(...Array.from({ length: count }, (_, i) => itemArb(i, count))), capsArb).map(([specs, caps]) => ({
    schemaVersion: 1, revision: 'prop', settings: { caps }, items: specs.map(item),
  })),
);

type Action =
  | { kind: 'pageView'; path: string }
  | { kind: 'track'; name: string }
  | { kind: 'dismiss'; pick: number }
  | { kind: 'complete'; pick: number }
  | { kind: 'clock'; ms: number }
  | { kind: 'bump'; pick: number };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PATHS).map((path) => ({ kind: 'pageView' as const, path })) },
  { weight: 3, arbitrary: fc.constantFrom(...EVENTS).map((name) => ({ kind: 'track' as const, name })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'dismiss' as const, pick })) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'complete' as const, pick })) },
  {
    weight: 4,
    arbitrary: fc.oneof(
      fc.integer({ min: -2 * HOUR, max: -1 }), // backwards
      fc.integer({ min: 0, max: 10 * 60_000 }), // a few minutes
      fc.integer({ min: SESSION_GAP_MS, max: 3 * DAY }), // a new session, new days
    ).map((ms) => ({ kind: 'clock' as const, ms })),
  },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'bump' as const, pick })) },
);

// ---------------------------------------------------------------------------------------
// A session simulated the way src/guidepost.ts drives the engine

interface Shown {
  id: string;
  at: number;
  pageView: number;
  session: number;
  interruptive: boolean;
}

class Simulation {
  now = T0;
  progress: ProgressState = emptyProgress();
  showing = new Set<string>();
  pageView = { index: 0, shown: 0, startedAt: T0, recentEvents: [] as string[], exposed: new Set<string>(), path: '/' };
  session = { index: 0, shown: 0, lastInterruptiveAt: undefined as number | undefined, lastActiveAt: T0 };
  log: Shown[] = [];
  /** Per item id, versions it was completed or dismissed at while `once`/`untilCompleted`. */
  closed = new Map<string, number>();
  /** Per item id and version, how many times it newly appeared. */
  appearances = new Map<string, number>();
  violations: string[] = [];
  /** How often a cap held an item back, and items shown again after a version bump (to check the simulation is not trivial). */
  capped = 0;
  reshownAfterBump = 0;

  constructor(public manifest: Manifest) {
    this.newPageView('/');
    this.evaluate();
  }

  apply(action: Action): void {
    switch (action.kind) {
      case 'pageView': this.newPageView(action.path); break;
      case 'track': this.track(action.name); break;
      case 'dismiss': this.close(action.pick, false); break;
      case 'complete': this.close(action.pick, true); break;
      case 'clock': this.now += action.ms; break;
      case 'bump': this.bump(action.pick); break;
    }
    this.evaluate();
  }

  input(): DecideInput {
    return {
      manifest: this.manifest,
      progress: this.progress,
      attributes: buildAttributes({
        user: { id: 'u' }, page: { url: `https://x.test${this.pageView.path}` }, device: { width: 1200, height: 800, touch: false, language: 'en' },
        locale: 'en', progress: this.progress, now: this.now,
      }),
      now: this.now,
      pacing: { pageViewShown: this.pageView.shown, sessionShown: this.session.shown, lastInterruptiveAt: this.session.lastInterruptiveAt, pageViewStartedAt: this.pageView.startedAt },
      showing: [...this.showing],
      recentEvents: this.pageView.recentEvents,
    };
  }

  private evaluate(): void {
    const decision: Decision = decide(this.input());
    this.capped += decision.verdicts.filter((v) => v.reason.code === 'cap' || v.reason.code === 'priority').length;
    const caps = this.manifest.settings?.caps ?? {};
    for (const shown of decision.show) {
      if (this.showing.has(shown.id)) continue;
      this.checkReturn(shown);
      this.showing.add(shown.id);
      // Keyed by version too: a manifest updated mid-page-view must record the new version's exposure.
      const exposure = `${shown.id}@${shown.version ?? 1}`;
      if (!this.pageView.exposed.has(exposure)) {
        this.pageView.exposed.add(exposure);
        this.progress = recordSeen(this.progress, shown.id, shown.version ?? 1, this.now);
      }
      const interruptive = isInterruptive(shown, caps);
      if (interruptive) {
        this.pageView.shown++;
        this.session.shown++;
        this.session.lastInterruptiveAt = this.now;
      }
      this.log.push({ id: shown.id, at: this.now, pageView: this.pageView.index, session: this.session.index, interruptive });
    }
  }

  /** A completed or dismissed `once`/`untilCompleted` item, or a `once` item already shown, must not come back at the same version. */
  private checkReturn(shown: Item): void {
    const version = shown.version ?? 1;
    const key = `${shown.id}@${version}`;
    const appearances = (this.appearances.get(key) ?? 0) + 1;
    this.appearances.set(key, appearances);
    const closedAt = this.closed.get(shown.id);
    const bumped = closedAt !== undefined && version > closedAt && shown.reshowOnNewVersion !== false;
    if (bumped) this.reshownAfterBump++;
    if (closedAt !== undefined && !bumped) this.violations.push(`${key} came back after being closed at version ${closedAt}`);
    if (frequencyOf(shown) === 'once' && appearances > 1) this.violations.push(`${key} is "once" but appeared ${appearances} times`);
  }

  private newPageView(path: string): void {
    this.showing.clear();
    if (this.now - this.session.lastActiveAt > SESSION_GAP_MS) {
      // As src/store/identity.ts: a new session starts with fresh counters.
      this.session = { index: this.session.index + 1, shown: 0, lastInterruptiveAt: undefined, lastActiveAt: this.now };
    }
    this.session.lastActiveAt = this.now;
    this.progress = recordVisit(this.progress, this.now, path);
    this.pageView = { index: this.pageView.index + 1, shown: 0, startedAt: this.now, recentEvents: [], exposed: new Set(), path };
  }

  private track(name: string): void {
    this.progress = recordEvent(this.progress, name, this.now);
    // As src/guidepost.ts: a goal event completes the items that have it and were seen.
    for (const candidate of this.manifest.items) {
      if (candidate.goal === name && this.progress.items[candidate.id]) this.markClosed(candidate, true);
    }
    this.pageView.recentEvents.push(name);
  }

  private close(pick: number, completed: boolean): void {
    const ids = [...this.showing];
    if (ids.length === 0) return;
    const id = ids[pick % ids.length];
    this.markClosed(this.manifest.items.find((i) => i.id === id)!, completed);
    this.showing.delete(id);
  }

  private markClosed(target: Item, completed: boolean): void {
    const version = target.version ?? 1;
    this.progress = completed ? recordCompleted(this.progress, target.id, version, this.now) : recordDismissed(this.progress, target.id, version, this.now);
    const frequency = frequencyOf(target);
    if (frequency === 'once' || frequency === 'untilCompleted' || (completed && typeof frequency === 'object')) this.closed.set(target.id, version);
  }

  /** Bumps the version of an item, preferably one that was closed (the interesting case). */
  private bump(pick: number): void {
    const closed = [...this.closed.keys()];
    const id = closed.length ? closed[pick % closed.length] : this.manifest.items[pick % this.manifest.items.length].id;
    const items = this.manifest.items.map((it) => (it.id === id ? ({ ...it, version: (it.version ?? 1) + 1 } as Item) : it));
    this.manifest = { ...this.manifest, items };
  }
}

function frequencyOf(target: Item): Frequency {
  return target.frequency ?? ({ tour: 'untilCompleted', checklist: 'untilCompleted', banner: 'untilCompleted', hotspot: 'untilCompleted', helpLink: 'always', tooltip: 'always' } as const)[target.type];
}

function simulate(manifest: Manifest, actions: Action[]): Simulation {
  const sim = new Simulation(manifest);
  for (const action of actions) sim.apply(action);
  return sim;
}

// ---------------------------------------------------------------------------------------
// Properties

/** FC_RUNS=5000 npx vitest run ... for a deeper search than the default. */
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 300) };

describe('pacing over random sessions (clock forwards and backwards)', () => {
  it(`never more than perPageView / perSession interruptive items, never closer than minGapSeconds`, () => {
    fc.assert(
      fc.property(manifestArb, fc.array(actionArb, { minLength: 5, maxLength: 60 }), (manifest, actions) => {
        const { log } = simulate(manifest, actions);
        const caps = { perPageView: 1, perSession: 3, minGapSeconds: 0, ...manifest.settings?.caps };
        const interruptive = log.filter((s) => s.interruptive);
        for (const group of Object.values(groupBy(interruptive, (s) => `pv${s.pageView}`))) expect(group.length).toBeLessThanOrEqual(caps.perPageView);
        for (const group of Object.values(groupBy(interruptive, (s) => `s${s.session}`))) {
          expect(group.length).toBeLessThanOrEqual(caps.perSession);
          // With no gap required, a clock that went back may show the next item "earlier".
          if (caps.minGapSeconds === 0) continue;
          for (let i = 1; i < group.length; i++) expect(group[i].at - group[i - 1].at).toBeGreaterThanOrEqual(caps.minGapSeconds * 1000);
        }
      }),
      RUNS,
    );
  });

  it('a completed or dismissed once/untilCompleted item never returns unless its version is bumped; a "once" item shows once', () => {
    fc.assert(
      fc.property(manifestArb, fc.array(actionArb, { minLength: 5, maxLength: 60 }), (manifest, actions) => {
        expect(simulate(manifest, actions).violations).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the simulation does exercise the rules (items shown, capped, closed, back after a bump)', () => {
    // Guards against a simulation that passes trivially by never showing or closing anything.
    const samples = fc.sample(fc.tuple(manifestArb, fc.array(actionArb, { minLength: 5, maxLength: 60 })), { numRuns: 200, seed: 42 });
    const sims = samples.map(([m, a]) => simulate(m, a));
    const share = (test: (s: Simulation) => boolean) => sims.filter(test).length / sims.length;
    expect(share((s) => s.log.some((e) => e.interruptive))).toBeGreaterThan(0.3);
    expect(share((s) => s.capped > 0)).toBeGreaterThan(0.3);
    expect(share((s) => s.closed.size > 0)).toBeGreaterThan(0.2);
    expect(share((s) => s.reshownAfterBump > 0)).toBeGreaterThan(0.02);
  });
});

describe('determinism', () => {
  const scenarioArb = fc.tuple(manifestArb, fc.array(actionArb, { maxLength: 30 }), fc.integer());

  it('same input, deep-equal output, with or without a prepared manifest', () => {
    fc.assert(
      fc.property(scenarioArb, ([manifest, actions]) => {
        const input = simulate(manifest, actions).input();
        expect(decide(input)).toEqual(decide(input));
        expect(decide(structuredClone(input))).toEqual(decide(input));
        // A prepared manifest (shared clauses, one memo per decision) changes nothing but speed.
        expect(decide({ ...input, prepared: prepareManifest(input.manifest) })).toEqual(decide(input));
      }),
      RUNS,
    );
  });

  it('the order of object keys (progress records, attributes, item fields, caps) does not matter', () => {
    fc.assert(
      fc.property(scenarioArb, ([manifest, actions, seed]) => {
        const input = simulate(manifest, actions).input();
        const shuffled = shuffleKeys(input, seed);
        const a = decide(input);
        const b = decide(shuffled);
        expect(b).toEqual(a);
        expect(b.show.map((i) => i.id)).toEqual(a.show.map((i) => i.id));
      }),
      RUNS,
    );
  });

  it('does not modify its input', () => {
    fc.assert(
      fc.property(scenarioArb, ([manifest, actions]) => {
        const input = simulate(manifest, actions).input();
        const before = structuredClone(input);
        decide(input);
        expect(input).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Helpers

function groupBy<T>(values: T[], key: (value: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const value of values) (out[key(value)] ??= []).push(value);
  return out;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}


/**
 * A deep copy with object keys in a shuffled order, except where order is meaning: arrays
 * (items, steps, requires), and `when` conditions (their first failing clause is reported).
 */
function shuffleKeys<T>(value: T, seed: number): T {
  // The project's seeded PRNG, so a failing shuffle is reproducible from fast-check's seed.
  const rng = createRandom(seed);
  const next = () => rng.next();
  const visit = (node: unknown, key?: string): unknown => {
    if (Array.isArray(node)) return node.map((child) => visit(child));
    if (node === null || typeof node !== 'object' || key === 'when') return structuredClone(node);
    const entries = Object.entries(node);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, visit(v, k)]));
  };
  return visit(value) as T;
}
