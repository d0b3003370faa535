/**
 * `guidepost simulate` writes what the SDK would: every line a valid schema-v1 event (the
 * collector's own check), arms that the GrowthBook hash puts each unit in, several users per
 * account and several sessions per unit, UUID v7 ids, and the realistic mess the analysis
 * must survive.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import { chooseVariation, getBucketRanges, hash } from '../../src/engine/hash';
import { eventProblem } from '../../src/track/event';

let dir: string;
let events: Record<string, any>[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-simulate-'));
  const file = join(dir, 'events.ndjson');
  const err: string[] = [];
  expect(await main(['simulate', '--units', '2000', '--seed', '3', '--unit', 'account', '--out', file], () => {}, (line) => err.push(line))).toBe(0);
  expect(err.join('')).toMatch(/^guidepost simulate: [\d,]+ events to /);
  events = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('simulate', () => {
  it('writes valid schema-v1 events with UUID v7 ids, in time order up to late duplicate deliveries', () => {
    for (const e of events) expect(eventProblem(e), JSON.stringify(e)).toBeUndefined();
    const outOfOrder = events.filter((e, i) => i > 0 && e.ts < events[i - 1].ts).length;
    const duplicates = events.length - new Set(events.map((e) => e.event_id)).size;
    expect(outOfOrder).toBeLessThanOrEqual(duplicates);
    for (const e of events.slice(0, 200)) expect(e.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const types = new Set(events.map((e) => e.type));
    for (const t of ['exposure', 'goal', 'step_viewed', 'step_next', 'completed', 'dismissed', 'feedback', 'link_clicked']) expect(types).toContain(t);
  });

  it('puts each unit in the arm the GrowthBook hash gives (seed = experiment key, equal weights)', () => {
    const ranges = getBucketRanges(2, 1);
    const exposures = events.filter((e) => e.type === 'exposure' && !e.forced && e.revision === '2026-01-05.1');
    expect(exposures.length).toBeGreaterThan(1000);
    for (const e of exposures) {
      expect(e.unit).toBe('account');
      expect(e.unit_id).toBe(e.account_id);
      const expected = ['holdout', 'help'][chooseVariation(hash('help-links-holdout', e.unit_id, 2) as number, ranges)];
      expect(e.variation).toBe(expected);
      expect(e.counterfactual).toBe(expected === 'holdout');
      expect(e.rendered).toBe(expected === 'help');
    }
  });

  it('has accounts with several users and units with several sessions', () => {
    const users = new Map<string, Set<string>>();
    const sessions = new Map<string, Set<string>>();
    for (const e of events) {
      if (!users.has(e.account_id)) users.set(e.account_id, new Set());
      users.get(e.account_id)!.add(e.user_id);
      if (e.type === 'exposure') {
        if (!sessions.has(e.unit_id)) sessions.set(e.unit_id, new Set());
        sessions.get(e.unit_id)!.add(e.session_id);
      }
    }
    const sizes = [...users.values()].map((s) => s.size);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(5);
    expect(sizes.filter((s) => s > 1).length / sizes.length).toBeGreaterThan(0.3);
    const perUnit = [...sessions.values()].map((s) => s.size);
    expect(perUnit.reduce((a, b) => a + b, 0) / perUnit.length).toBeGreaterThan(2);
  });

  it('prints the truth rounded for people: no 0.09000000000000002', async () => {
    const err: string[] = [];
    expect(await main(['simulate', '--units', '40', '--lift', '0.09', '--seed', '14', '--out', join(dir, 'tiny.ndjson')], () => {}, (line) => err.push(line))).toBe(0);
    expect(err.join('')).toContain('"lift":0.09,');
    expect(err.join('')).not.toMatch(/\d\.\d{12,}/);
  });

  it('includes duplicates, forced exposures, and tours abandoned at every step', () => {
    const ids = events.map((e) => e.event_id);
    expect(ids.length - new Set(ids).size).toBeGreaterThan(0);
    expect(events.some((e) => e.forced === true)).toBe(true);
    const abandonedAt = new Set(events.filter((e) => e.type === 'dismissed' && e.item_id === 'welcome-tour').map((e) => e.step));
    expect([...abandonedAt].sort()).toEqual([0, 1, 2, 3]);
    const origins = new Set(events.filter((e) => e.type === 'dismissed').map((e) => e.origin));
    expect([...origins].sort()).toEqual(['close', 'escape', 'overlay', 'skip']);
  });
});
