/**
 * src/analysis/simulate.ts: the simulated log and its truth. The events are analysed here by a
 * small independent counter (first non-forced exposure per unit, goals in [first, first + 28 d),
 * units in two arms apart), not by src/analysis/aggregate.ts, and must give exactly the
 * simulator's truth; the rates and the lift must then recover the configured ones within four
 * standard errors of a binomial at the sample size (so a seed fails about 1 time in 16,000).
 * Also: no effect, rates clamped at 0 and 1, the sample-ratio bias asked for (while
 * assignments stay 50/50), account units with 1–6 users, the bookkeeping of duplicates and QA
 * exposures, and the same bytes under any process TZ with `start` honoured.
 */
import { describe, expect, it } from 'vitest';
import { simulate, SIM_GOAL, SIM_WINDOW_DAYS, type SimulateOptions } from '../../src/analysis/simulate';
import type { GuidepostEvent } from '../../src/track/event';

const DAY = 86_400_000;
const WINDOW = SIM_WINDOW_DAYS * DAY;

/** Per arm: single-arm exposed units, converted units, units with a goal before exposure; and units seen in two arms. */
function count(events: GuidepostEvent[], unit: 'user' | 'account') {
  const unique = [...new Map(events.map((e) => [e.event_id, e])).values()];
  const units = new Map<string, { first: number; arms: Set<string> }>();
  for (const e of unique) {
    if (e.type !== 'exposure' || e.forced) continue;
    const u = units.get(e.unit_id!) ?? { first: Infinity, arms: new Set<string>() };
    u.first = Math.min(u.first, Date.parse(e.ts));
    u.arms.add(e.variation!);
    units.set(e.unit_id!, u);
  }
  const goals = new Map<string, number[]>();
  for (const e of unique) {
    if (e.type !== 'goal' || e.name !== SIM_GOAL) continue;
    const key = (unit === 'account' ? e.account_id : e.user_id)!;
    goals.set(key, [...(goals.get(key) ?? []), Date.parse(e.ts)]);
  }
  const out = { exposed: { holdout: 0, help: 0 } as Record<string, number>, converted: { holdout: 0, help: 0 } as Record<string, number>, early: 0, late: 0, mixed: 0 };
  for (const [id, { first, arms }] of units) {
    if (arms.size > 1) {
      out.mixed++;
      continue;
    }
    const arm = [...arms][0];
    const times = goals.get(id) ?? [];
    out.exposed[arm]++;
    if (times.some((t) => t >= first && t < first + WINDOW)) out.converted[arm]++;
    if (times.some((t) => t < first)) out.early++;
    if (times.some((t) => t >= first + WINDOW)) out.late++;
  }
  return out;
}
const within4se = (x: number, n: number, p: number) => expect(Math.abs(x / n - p), `${x}/${n} vs ${p}`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));

describe('simulate', () => {
  it('writes exactly the truth it reports, and recovers the configured rates and lift (20,000 users, +9 points)', () => {
    const { events, truth } = simulate({ units: 20_000, lift: 0.09, seed: 5, extras: false });
    const c = count(events, 'user');
    expect([c.exposed, c.converted, c.mixed]).toEqual([truth.exposedUnits, truth.convertedUnits, truth.multiVariationUnits]);
    expect(truth.lift).toBeCloseTo(0.09, 12);
    const [nc, nt] = [c.exposed.holdout, c.exposed.help];
    within4se(c.converted.holdout, nc, 0.2);
    within4se(c.converted.help, nt, 0.29);
    const lift = c.converted.help / nt - c.converted.holdout / nc;
    expect(Math.abs(lift - 0.09)).toBeLessThan(4 * Math.sqrt((0.2 * 0.8) / nc + (0.29 * 0.71) / nt));
    // About 82% of units reach a help link: 16,400 ± 4·54 exposed.
    within4se(nc + nt + c.mixed, 20_000, 0.82);
    // Goals before exposure (about 2% of units) and after the window were written, and none counted.
    expect(c.early).toBeGreaterThan(200);
    expect(c.late).toBeGreaterThan(100);
  });

  it('with no effect, the estimated lift is within 4 SE of zero', () => {
    const c = count(simulate({ units: 20_000, lift: 0, seed: 6, extras: false }).events, 'user');
    const [nc, nt] = [c.exposed.holdout, c.exposed.help];
    expect(Math.abs(c.converted.help / nt - c.converted.holdout / nc)).toBeLessThan(4 * Math.sqrt(0.16 * (1 / nc + 1 / nt)));
  });

  it('clamps the help arm\'s rate to [0, 1] and reports the lift it could give', () => {
    const high = simulate({ units: 2000, lift: 0.09, seed: 7, baseline: 0.95, extras: false }).truth;
    expect(high.lift).toBeCloseTo(0.05, 12);
    expect(high.convertedUnits.help).toBe(high.exposedUnits.help);
    const low = simulate({ units: 2000, lift: -0.5, seed: 7, baseline: 0.1, extras: false });
    expect(low.truth.lift).toBeCloseTo(-0.1, 12);
    expect(low.truth.convertedUnits.help).toBe(0);
    expect(count(low.events, 'user').converted.help).toBe(0);
  });

  it.each([0.6, 0.45])('injects the split asked for (help share %d of exposed units) while assignments stay 50/50', (srm) => {
    const { events } = simulate({ units: 10_000, lift: 0.09, seed: 8, srm, extras: false });
    const c = count(events, 'user');
    within4se(c.exposed.help, c.exposed.help + c.exposed.holdout, srm);
    const assigned = [...new Map(events.filter((e) => e.type === 'assignment').map((e) => [e.event_id, e])).values()];
    expect(assigned).toHaveLength(10_000);
    within4se(assigned.filter((e) => e.variation === 'help').length, 10_000, 0.5);
  });

  it('accounts: 1 + min(5, Geometric(0.45)) users, one arm per account, goals by any member convert', () => {
    const { events, truth } = simulate({ units: 3000, lift: 0.09, seed: 9, unit: 'account' });
    const c = count(events, 'account');
    expect([c.exposed, c.converted, c.mixed]).toEqual([truth.exposedUnits, truth.convertedUnits, truth.multiVariationUnits]);
    for (const e of events) if (e.type === 'exposure' && e.revision === '2026-01-05.1') expect(e.unit_id).toBe(e.account_id);
    const users = new Map<string, Set<string>>();
    for (const e of events) if (e.account_id !== 'acct_internal') users.set(e.account_id!, (users.get(e.account_id!) ?? new Set()).add(e.user_id!));
    expect(users.size).toBe(3000);
    // P(size = 1 + k) = 0.45·0.55^k for k < 5, and 0.55^5 for k = 5.
    const pk = [0, 1, 2, 3, 4, 5].map((k) => (k < 5 ? 0.45 * 0.55 ** k : 0.55 ** 5));
    const mu = pk.reduce((s, p, k) => s + p * (k + 1), 0);
    const sd = Math.sqrt(pk.reduce((s, p, k) => s + p * (k + 1 - mu) ** 2, 0));
    const sizes = [...users.values()].map((s) => s.size);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
    within4se(sizes.filter((s) => s === 1).length, 3000, 0.45);
    expect(Math.abs(sizes.reduce((a, b) => a + b, 0) / 3000 - mu)).toBeLessThan((4 * sd) / Math.sqrt(3000));
  });

  it('keeps the books: duplicate deliveries, QA exposures and the event count', () => {
    const { events, truth } = simulate({ units: 3000, lift: 0.05, seed: 10, extras: false });
    expect(truth.events).toBe(events.length);
    expect(events.length - new Set(events.map((e) => e.event_id)).size).toBe(truth.duplicateRows);
    // About 0.3% of rows arrive twice: within 4 SE of 0.003 of the originals.
    within4se(truth.duplicateRows, events.length - truth.duplicateRows, 0.003);
    const forced = [...new Map(events.filter((e) => e.forced).map((e) => [e.event_id, e])).values()];
    expect(forced.length).toBe(truth.forcedEvents);
    expect(new Set(forced.map((e) => e.unit_id))).toEqual(new Set(Array.from({ length: 8 }, (_, i) => `qa_${i}`)));
    expect(truth.forcedUnits).toBe(8);
    expect(events.some((e) => e.type === 'step_viewed' || e.type === 'feedback' || e.name === 'project_created')).toBe(false);
  });

  it('gives the same bytes under any process TZ, and starts on the UTC day it is given', () => {
    const options: SimulateOptions = { units: 300, lift: 0.09, seed: 11, start: '2026-06-01' };
    const before = process.env.TZ;
    const under = (tz: string) => {
      process.env.TZ = tz;
      return JSON.stringify(simulate(options));
    };
    let utc: string;
    let kiritimati: string;
    try {
      utc = under('UTC');
      kiritimati = under('Pacific/Kiritimati');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    expect(kiritimati).toBe(utc);
    const { events } = JSON.parse(utc) as { events: GuidepostEvent[] };
    const start = Date.UTC(2026, 5, 1);
    const arrivals = events.filter((e) => e.type === 'assignment').map((e) => Date.parse(e.ts));
    expect(Math.min(...arrivals)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...arrivals)).toBeLessThan(start + 14 * DAY);
    expect(events.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(e.ts))).toBe(true);
  });
});
