/**
 * src/analysis/simulate-extras.ts: the parts of the simulated log around the experiment,
 * called directly with a seeded Random and an `emit` that records. Covers `uuidv7` (the
 * millisecond in the first 48 bits, version 7, RFC 9562 variant, time order, determinism,
 * clamping below 0); `simulateTour` (every tour starts at step 0, runs forward in time in one
 * session, ends completed, dismissed with an allowed origin, or abandoned; version 1 for the
 * first week, 2 after; completion, first-step drop-off and feedback rates equal to the products
 * of the configured probabilities within 4 SE over 20,000 seeded tours); `simulateNoise`.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/analysis/random';
import { DAY, simulateNoise, simulateTour, uuidv7, type SimContext, type SimUser } from '../../src/analysis/simulate-extras';
import type { GuidepostEvent } from '../../src/track/event';

const START = Date.UTC(2026, 0, 5);
type Recorded = Partial<GuidepostEvent> & { type: GuidepostEvent['type']; ms: number; session: string; user: string };
function recorder(seed: number) {
  const events: Recorded[] = [];
  let sessions = 0;
  const context: SimContext = {
    random: createRandom(seed),
    start: START,
    emit: (user, session, ms, fields) => {
      events.push({ ...fields, ms, session, user: user.id });
      return fields as GuidepostEvent;
    },
    newSession: () => `s${sessions++}`,
  };
  return { context, events };
}
const user = (i: number): SimUser => ({ id: `u${i}`, accountId: 'a', anonymousId: `d${i}` });
const within4se = (x: number, n: number, p: number) => expect(Math.abs(x / n - p), `${x}/${n} vs ${p}`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));

describe('uuidv7', () => {
  it('puts the millisecond in the first 48 bits, version 7 and the RFC 9562 variant', () => {
    const random = createRandom(1);
    for (const ms of [0, 1, START, START + 0.9, 2 ** 48 - 1]) {
      const id = uuidv7(ms, random);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(Math.floor(ms));
    }
    expect(uuidv7(-5, random).slice(0, 13)).toBe('00000000-0000');
  });

  it('is deterministic for a seed, unique over 50,000 ids, and sorts as its time does', () => {
    const make = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 50_000 }, (_, i) => uuidv7(START + i * 7, random));
    };
    const ids = make(2);
    expect(make(2)).toEqual(ids);
    expect(make(3)[0]).not.toBe(ids[0]);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('simulateTour', () => {
  function tours(version: 1 | 2, n: number, seed: number) {
    const { context, events } = recorder(seed);
    const offset = version === 1 ? 6 * DAY : 7 * DAY; // the first week is version 1
    const runs: Recorded[][] = [];
    for (let i = 0; i < n; i++) {
      const from = events.length;
      simulateTour(context, user(i), START + offset);
      runs.push(events.slice(from));
    }
    return runs;
  }

  it.each([1, 2] as const)('version %d: every tour is well formed', (version) => {
    for (const run of tours(version, 2000, 10 + version)) {
      expect(run[0]).toMatchObject({ type: 'step_viewed', step: 0, item_id: 'welcome-tour', item_type: 'tour', item_version: version });
      expect(new Set(run.map((e) => e.session)).size).toBe(1);
      expect(run.every((e, i) => i === 0 || e.ms >= run[i - 1].ms)).toBe(true);
      expect(run.every((e) => (e.step ?? 0) >= 0 && (e.step ?? 0) <= 3)).toBe(true);
      const end = run.filter((e) => e.type === 'completed' || e.type === 'dismissed');
      expect(end.length).toBeLessThanOrEqual(1);
      if (end[0]?.type === 'completed') expect(run.filter((e) => e.type === 'step_viewed' && e.step === 3).length).toBeGreaterThan(0);
      if (end[0]?.type === 'dismissed') expect(end[0].step === 3 ? ['close', 'escape'] : ['close', 'escape', 'overlay', 'skip']).toContain(end[0].origin);
      expect(run.filter((e) => e.type === 'feedback').every((e) => typeof e.properties?.helpful === 'boolean')).toBe(true);
    }
  });

  it.each([
    [1, [0.78, 0.68, 0.8], 0.82],
    [2, [0.84, 0.8, 0.83], 0.88],
  ] as const)('version %d: completion, drop-off at step 1 and feedback follow the configured probabilities (20,000 tours)', (version, carryOn, completes) => {
    const runs = tours(version, 20_000, 20 + version);
    const completed = runs.filter((r) => r.some((e) => e.type === 'completed'));
    within4se(completed.length, runs.length, carryOn[0] * carryOn[1] * carryOn[2] * completes);
    const leftAtFirst = runs.filter((r) => !r.some((e) => e.type === 'step_viewed' && e.step === 1));
    within4se(leftAtFirst.length, runs.length, 1 - carryOn[0]);
    within4se(leftAtFirst.filter((r) => r.some((e) => e.type === 'dismissed')).length, leftAtFirst.length, 0.85);
    const answered = completed.filter((r) => r.some((e) => e.type === 'feedback'));
    within4se(answered.length, completed.length, 0.4);
    within4se(answered.filter((r) => r.find((e) => e.type === 'feedback')!.properties!.helpful === true).length, answered.length, 0.81);
    // A comment re-sends the same answer.
    for (const r of answered) expect(new Set(r.filter((e) => e.type === 'feedback').map((e) => e.properties!.helpful)).size).toBe(1);
  });
});

describe('simulateNoise', () => {
  it('one project_created per session within 30 days, and report_viewed a minute later about 30% of the time', () => {
    const { context, events } = recorder(30);
    for (let i = 0; i < 5000; i++) simulateNoise(context, user(i), START, 4);
    const created = events.filter((e) => e.name === 'project_created');
    expect(created).toHaveLength(20_000);
    expect(created.every((e) => e.type === 'goal' && e.ms >= START && e.ms < START + 30 * DAY)).toBe(true);
    expect(new Set(created.map((e) => e.properties?.template))).toEqual(new Set(['blank', 'kanban', 'roadmap']));
    const viewed = events.filter((e) => e.name === 'report_viewed');
    within4se(viewed.length, created.length, 0.3);
    const bySession = new Map(created.map((e) => [e.session, e.ms]));
    expect(viewed.every((e) => e.ms === bySession.get(e.session)! + 60_000)).toBe(true);
    expect(new Set(events.map((e) => e.session)).size).toBe(20_000);
  });
});
