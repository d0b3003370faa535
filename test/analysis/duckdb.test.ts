/**
 * `guidepost analyze` on embedded DuckDB (src/analysis/duckdb.ts), end to end on small files
 * whose right answers are worked out by hand: the report a product manager reads must give
 * the hand-computed numbers (checked against the textbook formulas in
 * test/support/reference-stats.ts), and junk in the files (torn and non-JSON lines, duplicate
 * ids, zone-less times, QA overrides, units in two arms, SQL-looking names) must be counted
 * and left out, never folded into a confident wrong answer.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateWithDuckDb, DUCKDB_MISSING_MESSAGE, DuckDbMissingError, loadDuckDb } from '../../src/analysis/duckdb';
import { formatReport } from '../../src/analysis/format';
import { buildReport, type AnalysisReport, type ExperimentResult } from '../../src/analysis/report';
import type { QueryOptions } from '../../src/analysis/sql';
import { fleissN, twoProportions, wilson } from '../support/reference-stats';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WINDOW = 28 * DAY;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

let dir: string;
let fileNo = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-duckdb-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeLines(lines: string[], name = `f${fileNo++}.ndjson`, prefix = ''): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, prefix + lines.join('\n') + '\n');
  return file;
}

let idNo = 0;
const event = (fields: Record<string, unknown>) => ({ event_id: `id-${idNo++}`, schema_version: 1, sdk_version: '0.1.0', session_id: 's', anonymous_id: 'dev', user_id: null, account_id: null, ...fields });
const exposure = (unitId: string, variation: string, ms: number, extra: Record<string, unknown> = {}) =>
  event({ type: 'exposure', ts: iso(ms), item_id: 'help', item_type: 'helpLink', experiment: 'exp', unit: 'user', unit_id: unitId, user_id: unitId, variation, bucket_version: 0, counterfactual: variation === 'off', ...extra });
const goal = (userId: string, ms: number, name = 'upgraded') => event({ type: 'goal', name, ts: iso(ms), user_id: userId });

async function analyze(files: string[], options: Partial<QueryOptions> = {}, withUnits = false): Promise<AnalysisReport> {
  const query: QueryOptions = { goal: 'upgraded', windowMs: WINDOW, ...options };
  const { rows } = await aggregateWithDuckDb(files, query, withUnits);
  return buildReport(rows, { ...query, inputs: files });
}

describe('loadDuckDb', () => {
  it('loads the installed @duckdb/node-api', async () => {
    const api = await loadDuckDb();
    expect(typeof api.DuckDBInstance.create).toBe('function');
  });

  it('DuckDbMissingError says what to install and keeps its cause', () => {
    const cause = new Error("Cannot find package '@duckdb/node-api'");
    const error = new DuckDbMissingError(cause);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DuckDbMissingError');
    expect(error.message).toBe(DUCKDB_MISSING_MESSAGE);
    expect(error.message).toContain('npm install --save-dev @duckdb/node-api');
    expect((error as { cause?: unknown }).cause).toBe(cause);
    expect(new DuckDbMissingError()).not.toHaveProperty('cause');
  });
});

describe('a hand-made log with known answers, and junk in it', () => {
  // 40 units in the holdout "off" (counterfactual), 40 in "on", exposed an hour apart from T0.
  //   off: c0..c9 convert a day after exposure                      -> 10 of 40
  //   on:  n0..n17 convert two days after exposure (n0 twice)       -> 18 of 40, 19 goal events
  //        n18 converts 1 ms after its window closes                -> not a conversion
  //        n19 converts 30 minutes before its exposure              -> not a conversion; early and skew
  //   c10 fires another goal ("noise"), which is not the goal.
  // Junk: c0's exposure delivered twice (1 duplicate), a forced (QA) exposure of f1, m1 exposed
  // in both arms, a zone-less exposure, a non-JSON line and a torn last line. One noise event
  // at T0 + 60 days ends the data, so every window has closed.
  const lines: string[] = [];
  const add = (e: object) => lines.push(JSON.stringify(e));
  const expOf = (i: number) => T0 + i * HOUR;
  for (let i = 0; i < 40; i++) {
    const c = exposure(`c${i}`, 'off', expOf(i));
    add(c);
    if (i === 0) add(c); // re-delivered: the same event_id
    add(exposure(`n${i}`, 'on', expOf(i)));
  }
  for (let i = 0; i < 10; i++) add(goal(`c${i}`, expOf(i) + DAY));
  for (let i = 0; i < 18; i++) add(goal(`n${i}`, expOf(i) + 2 * DAY));
  add(goal('n0', expOf(0) + 3 * DAY));
  add(goal('n18', expOf(18) + WINDOW));
  add(goal('n19', expOf(19) - 30 * 60_000));
  add(goal('c10', expOf(10) + DAY, 'noise'));
  add(exposure('f1', 'on', T0, { forced: true }));
  add(goal('f1', T0 + DAY));
  add(exposure('m1', 'on', T0));
  add(exposure('m1', 'off', T0 + HOUR));
  add({ ...exposure('z1', 'on', T0), ts: '2026-01-02T00:00:00' });
  lines.push('this line is not JSON');
  add(event({ type: 'goal', name: 'noise', ts: iso(T0 + 60 * DAY), user_id: 'someone' }));
  lines.push('{"event_id": "torn-last", "type": "goa');

  let report: AnalysisReport;
  let exp: ExperimentResult;
  beforeAll(async () => {
    report = await analyze([await writeLines(lines, 'known.ndjson')]);
    exp = report.experiments[0];
  }, 60_000);

  it('counts every line, and says what was left out and why', () => {
    // 80 exposures + 1 duplicate + 1 forced + 2 of m1 + 1 zone-less = 85 exposure lines;
    // 10 + 18 + n0's second + n18 + n19 + c10's noise + f1's = 33 goal lines; the end event;
    // two junk lines: 121 rows. Unusable: the zone-less line and the two junk lines.
    expect(lines).toHaveLength(121);
    expect(report.hygiene).toEqual({ rowsRead: 121, unusableRows: 3, zonelessRows: 1, duplicateRowsDropped: 1, events: 117 });
    expect(report.asOf).toBe('2026-03-02T00:00:00.000Z');
    expect(report.inputs).toEqual([join(dir, 'known.ndjson')]);
    expect(report.windowDays).toBe(28);
  });

  it('has one experiment, the holdout as control', () => {
    expect(report.experiments).toHaveLength(1);
    expect(exp).toMatchObject({ experiment: 'exp', bucketVersion: 0, unit: 'user', control: 'off', controlRule: 'counterfactual' });
    expect(exp.hygiene).toEqual({
      exposureEvents: 83, forcedEvents: 1, forcedUnits: 1, multiVariationUnits: 1,
      assignmentExposureDisagreements: 0, exposedWithoutAssignment: 0, goalsBeforeExposureUnits: 1, clockSkewUnits: 1, exposuresWithoutUnit: 0,
    });
  });

  it('gives each arm the hand-counted units, conversions, goal events and Wilson interval', () => {
    expect(exp.exposed.arms.map((a) => [a.variation, a.control, a.counterfactual, a.units, a.converted, a.goalEvents])).toEqual([
      ['off', true, true, 40, 10, 10],
      ['on', false, false, 40, 18, 19],
    ]);
    const [off, on] = exp.exposed.arms;
    expect(off.rate).toBe(0.25);
    expect(on.rate).toBe(0.45);
    for (const [arm, x] of [[off, 10], [on, 18]] as const) {
      const [lo, hi] = wilson(x, 40);
      expect(arm.rateCi[0]).toBeCloseTo(lo, 10);
      expect(arm.rateCi[1]).toBeCloseTo(hi, 10);
    }
    expect(off.expectedShare).toBe(0.5);
    expect(on.observedShare).toBe(0.5);
    expect(exp.exposed.inProgressUnits).toBe(0);
  });

  it('compares the arms as the textbook does (difference, interval, pooled z-test, log-ratio interval, sample size)', () => {
    const ref = twoProportions(40, 10, 40, 18);
    const [c] = exp.exposed.comparisons;
    expect(c.variation).toBe('on');
    expect(c.control).toBe('off');
    expect(c.absoluteLift).toBeCloseTo(0.2, 12);
    expect(c.absoluteCi[0]).toBeCloseTo(ref.ci[0], 10);
    expect(c.absoluteCi[1]).toBeCloseTo(ref.ci[1], 10);
    expect(c.z).toBeCloseTo(ref.z, 10);
    expect(c.pValue).toBeCloseTo(ref.p, 6);
    expect(c.relativeLift).toBeCloseTo(0.8, 12);
    expect(c.relativeCi[0]).toBeCloseTo(ref.relativeCi[0], 10);
    expect(c.relativeCi[1]).toBeCloseTo(ref.relativeCi[1], 10);
    expect(c.significant).toBe(ref.p < 0.05);
    expect(c.neededPerArm).toBe(Math.ceil(fleissN(0.25, 0.02)));
    expect(c.enoughData).toBe(false);
  });

  it('passes the split check (40/40 against 50/50) and recommends the exposed population', () => {
    expect(exp.exposed.srm).toMatchObject({ status: 'pass', weightsFrom: 'equal', emptyArms: [], chiSquare: 0, pValue: 1 });
    expect(exp.recommendation.population).toBe('exposed');
    expect(exp.recommendation.comparison?.variation).toBe('on');
    expect(exp.intentToTreat.available).toBe(false);
  });

  it('raises the checks the junk calls for, with their counts', () => {
    const byId = Object.fromEntries(exp.checks.map((c) => [c.id, c]));
    expect(byId['goals-before-exposure']).toMatchObject({ status: 'warn', count: 1 });
    expect(byId['multi-variation-units']).toMatchObject({ status: 'warn', count: 1 });
    expect(byId['in-progress-units']).toMatchObject({ status: 'pass', count: 0 });
    expect(byId['assignment-audit'].status).toBe('skipped');
    expect(byId['split-exposed']).toMatchObject({ status: 'pass', count: 0 });
  });
});

describe('inputs', () => {
  it('several files are one log: a duplicate across files is dropped once, a byte-order mark costs no event', async () => {
    const a = exposure('u1', 'off', T0);
    const b = exposure('u2', 'on', T0);
    const end = event({ type: 'goal', name: 'noise', ts: iso(T0 + 40 * DAY) });
    const first = await writeLines([JSON.stringify(a), JSON.stringify(b)]);
    const second = await writeLines([JSON.stringify(a), JSON.stringify(end)], 'second.ndjson', '\ufeff');
    const report = await analyze([first, second]);
    expect(report.hygiene).toEqual({ rowsRead: 4, unusableRows: 0, zonelessRows: 0, duplicateRowsDropped: 1, events: 3 });
    expect(report.experiments[0].exposed.arms.map((x) => [x.variation, x.units])).toEqual([['off', 1], ['on', 1]]);
  }, 60_000);

  it('an empty file is an empty report: no events, no experiments, no time', async () => {
    const report = await analyze([await writeLines([])]);
    expect(report.hygiene).toEqual({ rowsRead: 0, unusableRows: 0, zonelessRows: 0, duplicateRowsDropped: 0, events: 0 });
    expect(report.asOf).toBeNull();
    expect(report.experiments).toEqual([]);
    expect(report.tours).toEqual([]);
    expect(report.feedback).toEqual([]);
  }, 60_000);

  it('a file of nothing but junk is all unusable rows, not zero rows', async () => {
    const report = await analyze([await writeLines(['not json', '[1, 2]', '42', '{"event_id": "no-ts"}', '{"ts": "2026-01-01T00:00:00Z"}'])]);
    expect(report.hygiene).toEqual({ rowsRead: 5, unusableRows: 5, zonelessRows: 0, duplicateRowsDropped: 0, events: 0 });
    expect(report.experiments).toEqual([]);
  }, 60_000);

  it('a missing file is refused with an error that names it', async () => {
    const missing = join(dir, 'no-such-file.ndjson');
    await expect(aggregateWithDuckDb([missing], { goal: 'upgraded', windowMs: WINDOW })).rejects.toThrow(missing);
  }, 60_000);

  it('each call is a fresh database: nothing from one run appears in the next', async () => {
    const one = await writeLines([JSON.stringify(exposure('u1', 'off', T0))]);
    const two = await writeLines([JSON.stringify(exposure('u2', 'on', T0))]);
    // One exposure and nothing after it: its window is open, so the unit is in progress.
    const first = await analyze([one]);
    expect(first.experiments[0].exposed.arms.map((a) => a.variation)).toEqual(['off', '(another arm, never logged)']);
    const second = await analyze([two]);
    expect(second.hygiene.rowsRead).toBe(1);
    expect(second.experiments[0].exposed.arms.map((a) => a.variation)).toEqual(['on', '(another arm, never logged)']);
    expect(second.experiments[0].exposed.inProgressUnits).toBe(1);
    expect(second.experiments[0].hygiene.exposureEvents).toBe(1);
  }, 60_000);

  it('two runs at once on different files do not mix (each has its own in-memory database)', async () => {
    const one = await writeLines(Array.from({ length: 30 }, (_, i) => JSON.stringify(exposure(`a${i}`, 'off', T0))));
    const two = await writeLines(Array.from({ length: 7 }, (_, i) => JSON.stringify(exposure(`b${i}`, 'on', T0))));
    const [r1, r2] = await Promise.all([analyze([one]), analyze([two])]);
    expect(r1.hygiene.events).toBe(30);
    expect(r2.hygiene.events).toBe(7);
  }, 60_000);
});

describe('hostile names in the data and the options', () => {
  it('experiment, variation and goal names that look like SQL are data: counted exactly, and the run completes', async () => {
    const expKey = "exp'); DROP TABLE events; --";
    const on = "on' OR '1'='1";
    const off = 'off"; DELETE FROM clean; /*';
    const goalName = "up'graded\n--";
    const lines = [
      JSON.stringify(exposure('u1', off, T0, { experiment: expKey, counterfactual: true })),
      JSON.stringify(exposure('u2', on, T0, { experiment: expKey, counterfactual: false })),
      JSON.stringify(event({ type: 'goal', name: goalName, ts: iso(T0 + DAY), user_id: 'u2' })),
      JSON.stringify(event({ type: 'goal', name: 'upgraded', ts: iso(T0 + DAY), user_id: 'u1' })),
      JSON.stringify(event({ type: 'goal', name: 'noise', ts: iso(T0 + 40 * DAY) })),
    ];
    const file = await writeLines(lines, "it's; DROP TABLE events.ndjson");
    const report = await analyze([file], { goal: goalName, experiment: expKey });
    expect(report.experiments.map((e) => e.experiment)).toEqual([expKey]);
    expect(report.experiments[0].control).toBe(off);
    expect(report.experiments[0].exposed.arms.map((a) => [a.variation, a.units, a.converted])).toEqual([[off, 1, 0], [on, 1, 1]]);
    expect(report.goal).toBe(goalName);
  }, 60_000);

  it('--experiment keeps only that experiment, matched exactly (no LIKE, no case folding)', async () => {
    const lines = ['exp', 'EXP', 'exp%', 'exp_'].flatMap((key, k) => [
      JSON.stringify(exposure(`a${k}`, 'off', T0, { experiment: key })),
      JSON.stringify(exposure(`b${k}`, 'on', T0, { experiment: key })),
    ]);
    const report = await analyze([await writeLines(lines)], { experiment: 'exp%' });
    expect(report.experiments.map((e) => e.experiment)).toEqual(['exp%']);
  }, 60_000);

  it('number-like experiment and variation keys stay text', async () => {
    const lines = [
      JSON.stringify(exposure('u1', '1', T0, { experiment: '42', counterfactual: false })),
      JSON.stringify(exposure('u2', '007', T0, { experiment: '42', counterfactual: false })),
    ];
    const report = await analyze([await writeLines(lines)]);
    expect(report.experiments[0].experiment).toBe('42');
    expect(report.experiments[0].exposed.arms.map((a) => a.variation)).toEqual(['007', '1']);
  }, 60_000);
});

describe('time', () => {
  it('--as-of: later events are ignored and a window still open leaves its unit out, counted', async () => {
    const lines = [
      JSON.stringify(exposure('early', 'off', T0)),
      JSON.stringify(exposure('late', 'on', T0 + 20 * DAY)),
      JSON.stringify(exposure('after', 'on', T0 + 31 * DAY)),
      JSON.stringify(goal('early', T0 + DAY)),
    ];
    const report = await analyze([await writeLines(lines)], { asOfMs: T0 + 30 * DAY });
    const exp = report.experiments[0];
    expect(exp.exposed.arms.map((a) => [a.variation, a.units, a.converted])).toEqual([['off', 1, 1], ['on', 0, 0]]);
    expect(exp.exposed.inProgressUnits).toBe(1);
    expect(exp.checks.find((c) => c.id === 'in-progress-units')).toMatchObject({ status: 'warn', count: 1 });
  }, 60_000);

  it('the same instant in different zones is one instant: a goal 1 ms before the window ends counts, at the end it does not', async () => {
    // Exposure at 00:00Z written as 01:00+01:00; goals written in -05:00.
    const lines = [
      JSON.stringify({ ...exposure('a', 'off', T0), ts: '2026-01-01T01:00:00.000+01:00' }),
      JSON.stringify({ ...exposure('b', 'on', T0), ts: '2025-12-31T19:00:00.000-05:00' }),
      JSON.stringify({ ...goal('a', 0), ts: '2026-01-28T18:59:59.999-05:00' }),
      JSON.stringify({ ...goal('b', 0), ts: '2026-01-28T19:00:00.000-05:00' }),
      JSON.stringify(event({ type: 'goal', name: 'noise', ts: iso(T0 + 40 * DAY) })),
    ];
    const report = await analyze([await writeLines(lines)]);
    expect(report.experiments[0].exposed.arms.map((a) => [a.variation, a.converted])).toEqual([['off', 1], ['on', 0]]);
  }, 60_000);

  it('the audit units come back only when asked for', async () => {
    const file = await writeLines([JSON.stringify(exposure('u1', 'off', T0)), JSON.stringify(exposure('u2', 'on', T0))]);
    expect((await aggregateWithDuckDb([file], { goal: 'upgraded', windowMs: WINDOW }, false)).rows.units).toBeUndefined();
    const { rows } = await aggregateWithDuckDb([file], { goal: 'upgraded', windowMs: WINDOW }, true);
    expect(rows.units?.map((u) => [u.unit_id, u.arm]).sort()).toEqual([['u1', 'off'], ['u2', 'on']]);
  }, 60_000);
});

describe('glob characters in a file name', () => {
  // DuckDB's readers take each path as a glob pattern: analysing the one file "events-?.ndjson"
  // would also read every "events-X.ndjson" beside it. Such a file is read through a stand-in.
  it.each(['events-?.ndjson', 'events-*.ndjson', 'events-[1].ndjson'])('analysing only %s reads only that file', async (name) => {
    const folder = join(dir, `glob-${fileNo++}`);
    await mkdir(folder);
    await writeFile(join(folder, 'events-1.ndjson'), JSON.stringify(exposure('other', 'on', T0)) + '\n');
    await writeFile(join(folder, name), JSON.stringify(exposure('mine', 'off', T0)) + '\n');
    const report = await analyze([join(folder, name)]);
    expect(report.hygiene.rowsRead).toBe(1);
    expect(report.experiments[0].exposed.arms.map((a) => a.variation)).toEqual(['off', '(another arm, never logged)']);
  }, 60_000);

  it('an error about such a file names it as given, not its stand-in', async () => {
    const folder = join(dir, `glob-${fileNo++}`);
    await mkdir(folder);
    const file = join(folder, 'pretty-*.json');
    await writeFile(file, JSON.stringify(exposure('u1', 'off', T0), null, 2) + '\n');
    await expect(analyze([file])).rejects.toThrow(`${file} is not newline-delimited JSON`);
  }, 60_000);
});

describe('events stamped after the time of the analysis', () => {
  // One event from a device whose clock is years ahead (or a hand-edited line) must not become
  // the end of the data: every unit's window would count as closed, and units exposed
  // yesterday as non-converters with the whole window behind them. Such events are counted,
  // left out and reported.
  it('units exposed a day before the rest of the data ends are still in progress', async () => {
    const lines = [
      JSON.stringify(exposure('u1', 'off', T0)),
      JSON.stringify(exposure('u2', 'on', T0)),
      JSON.stringify(goal('u2', T0 + HOUR)),
      JSON.stringify(event({ type: 'shown', item_id: 'tip', ts: iso(T0 + DAY) })),
      JSON.stringify(event({ type: 'goal', name: 'noise', ts: '9999-01-01T00:00:00Z' })),
    ];
    const report = await analyze([await writeLines(lines)]);
    const check = report.experiments[0].checks.find((c) => c.id === 'in-progress-units');
    expect(check?.status).not.toBe('pass');
    expect(report.experiments[0].exposed.inProgressUnits).toBe(2);
    expect(report.asOf).toBe(iso(T0 + DAY));
    expect(report.hygiene).toEqual({ rowsRead: 5, unusableRows: 1, zonelessRows: 0, duplicateRowsDropped: 0, events: 4, futureRows: 1 });
    expect(report.experiments[0].checks.find((c) => c.id === 'future-events')).toMatchObject({ status: 'warn', count: 1 });
    const text = formatReport(report);
    expect(text).toContain('0 unusable rows (no event_id or timestamp) skipped');
    expect(text).toContain('1 row is stamped more than an hour after the time of this analysis');
  }, 60_000);

  it('the analysis time can be given: an event more than an hour after it is left out, one within the hour counts', async () => {
    const now = T0 + 10 * DAY;
    const lines = [
      JSON.stringify(exposure('u1', 'off', T0)),
      JSON.stringify(exposure('u2', 'on', T0)),
      JSON.stringify(goal('u1', now + HOUR - 1)),
      JSON.stringify(goal('u2', now + HOUR + 1)),
    ];
    const { rows } = await aggregateWithDuckDb([await writeLines(lines)], { goal: 'upgraded', windowMs: WINDOW, nowMs: now });
    expect(rows.hygiene).toMatchObject({ rows_read: 4, usable: 3, future: 1, end_ms: now + HOUR - 1 });
    expect(rows.arms.map((r) => [r.arm, r.converted]).sort()).toEqual([['off', 1], ['on', 0]]);
  }, 60_000);
});
