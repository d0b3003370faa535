/**
 * The SQL (run by embedded DuckDB over NDJSON) against its TypeScript twin, row for row, on
 * simulated logs and on a hand-made log of edge cases whose right answers are worked out in
 * the comments; and the warehouse dialects' SQL, for the differences that matter.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateEvents, type RawEvent } from '../../src/analysis/aggregate';
import { aggregateWithDuckDb } from '../../src/analysis/duckdb';
import { buildReport } from '../../src/analysis/report';
import { simulate } from '../../src/analysis/simulate';
import { buildQueries, DIALECTS, type AggregateRows } from '../../src/analysis/sql';

const DAY = 86_400_000;
const WINDOW = 28 * DAY;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-sql-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sorted = <T>(rows: T[]) => [...rows].map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort();
function expectSameRows(a: AggregateRows, b: AggregateRows) {
  expect(a.hygiene).toEqual(b.hygiene);
  expect(sorted(a.arms)).toEqual(sorted(b.arms));
  expect(sorted(a.exposures)).toEqual(sorted(b.exposures));
  expect(sorted(a.tours)).toEqual(sorted(b.tours));
  expect(sorted(a.feedback)).toEqual(sorted(b.feedback));
  expect(sorted(a.consistency)).toEqual(sorted(b.consistency));
  expect(sorted(a.goal_names ?? [])).toEqual(sorted(b.goal_names ?? []));
  expect(sorted(a.without_unit ?? [])).toEqual(sorted(b.without_unit ?? []));
}

async function writeLog(name: string, lines: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

describe('DuckDB SQL equals the TypeScript aggregation', () => {
  it.each(['user', 'account'] as const)('on a simulated log (%s unit)', async (unit) => {
    const { events } = simulate({ units: 1500, lift: 0.09, seed: 21, unit });
    const file = await writeLog(`sim-${unit}.ndjson`, events.map((e) => JSON.stringify(e)));
    const options = { goal: 'upgraded', windowMs: WINDOW };
    const { rows } = await aggregateWithDuckDb([file], options);
    expectSameRows(rows, aggregateEvents(events as unknown as RawEvent[], options));
  }, 60_000);
});

describe('units with a forced exposure, exposures without a unit, goal names: the same in SQL and TypeScript', () => {
  const T0 = Date.parse('2026-01-01T00:00:00Z');
  let id = 0;
  const ev = (type: string, ms: number, fields: Record<string, unknown>) => ({ event_id: `f${id++}`, type, ts: new Date(ms).toISOString(), session_id: 's', anonymous_id: 'd', ...fields });
  const expo = (ms: number, unitId: string, variation: string, fields: Record<string, unknown> = {}) =>
    ev('exposure', ms, { user_id: unitId, experiment: 'exp', variation, unit: 'user', unit_id: unitId, counterfactual: variation === 'holdout', ...fields });
  const goal = (ms: number, userId: string, name = 'upgraded') => ev('goal', ms, { user_id: userId, name });
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < 10; i++) events.push(expo(T0, `c${i}`, 'holdout'), expo(T0, `t${i}`, 'help'));
  // The QA user: forced into help on day 0 (converts on day 1), then an unforced holdout exposure
  // on day 2 and a goal on day 3. Every event of that unit is out of the experiment, not just the forced one.
  events.push(expo(T0, 'qa', 'help', { forced: true, counterfactual: false }), goal(T0 + DAY, 'qa'), expo(T0 + 2 * DAY, 'qa', 'holdout'), goal(T0 + 3 * DAY, 'qa'));
  // Six help exposures without unit_id and four without unit: counted, per arm.
  for (let i = 0; i < 6; i++) events.push(expo(T0, `q${i}`, 'help', { unit_id: undefined }));
  for (let i = 0; i < 4; i++) events.push(expo(T0, `r${i}`, 'help', { unit: undefined }));
  events.push(goal(T0 + DAY, 't0', 'signup'), ev('shown', T0 + 60 * DAY, { item_id: 'x' }));

  it('leaves the forced unit out of both arms, counts the unit-less exposures per arm, lists the goal names', async () => {
    const file = await writeLog('forced.ndjson', events.map((e) => JSON.stringify(e)));
    const options = { goal: 'upgraded', windowMs: WINDOW };
    const { rows } = await aggregateWithDuckDb([file], options, true);
    const twin = aggregateEvents(events as RawEvent[], options, true);
    expectSameRows(rows, twin);
    expect(sorted(rows.units ?? [])).toEqual(sorted(twin.units ?? []));
    expect(rows.units?.some((u) => u.unit_id === 'qa')).toBe(false);
    const exposed = rows.arms.filter((r) => r.population === 'exposed').map((r) => [r.arm, r.units, r.converted]).sort();
    expect(exposed).toEqual([['help', 10, 0], ['holdout', 10, 0]]);
    expect(rows.goal_names?.map((g) => [g.goal_name, g.events]).sort()).toEqual([['signup', 1], ['upgraded', 2]]);
    expect(sorted(rows.without_unit ?? [])).toEqual(sorted([
      { experiment: 'exp', bucket: 0, unit_kind: 'user', arm: 'help', no_unit: 0, no_unit_id: 6 },
      { experiment: 'exp', bucket: 0, unit_kind: '', arm: 'help', no_unit: 4, no_unit_id: 0 },
    ]));
    const e = buildReport(rows, { ...options }).experiments[0];
    expect(e.exposed.arms.map((a) => [a.variation, a.units])).toEqual([['holdout', 10], ['help', 10]]);
    expect(e.hygiene).toMatchObject({ forcedEvents: 1, forcedUnits: 1, exposureEvents: 20 + 2 + 6 + 4, exposuresWithoutUnit: 10 });
    expect(e.checks.find((c) => c.id === 'exposures-without-unit')?.message).toContain('help 10 (4 without unit, 6 without unit_id)');
  }, 60_000);
});

describe('a blank unit_id is a missing one, not one shared unit: the same in SQL and TypeScript', () => {
  const T0 = Date.parse('2026-01-01T00:00:00Z');
  let id = 0;
  const ev = (type: string, fields: Record<string, unknown>) => ({ event_id: `b${id++}`, type, ts: new Date(T0).toISOString(), session_id: 's', anonymous_id: 'd', experiment: 'exp', unit: 'user', ...fields });
  const events: Record<string, unknown>[] = [];
  for (const variation of ['a', 'b']) {
    for (let i = 0; i < 5; i++) events.push(ev('assignment', { variation, unit_id: `${variation}${i}` }), ev('exposure', { variation, unit_id: `${variation}${i}` }));
    // Per arm: assignments and exposures with an empty and a whitespace-only unit_id.
    for (const blank of ['', ' \t', '', '\r\n']) events.push(ev('assignment', { variation, unit_id: blank }), ev('exposure', { variation, unit_id: blank }));
  }
  events.push(ev('goal', { name: 'upgraded', user_id: '', type: 'goal' }));

  it('leaves those events out of every population and counts the exposures as without unit_id', async () => {
    const file = await writeLog('blank-unit-id.ndjson', events.map((e) => JSON.stringify(e)));
    const options = { goal: 'upgraded', windowMs: WINDOW };
    const { rows } = await aggregateWithDuckDb([file], options, true);
    const twin = aggregateEvents(events as RawEvent[], options, true);
    expectSameRows(rows, twin);
    expect(sorted(rows.units ?? [])).toEqual(sorted(twin.units ?? []));
    expect(rows.units?.every((u) => u.unit_id.trim() !== '')).toBe(true);
    expect(rows.arms.filter((r) => r.mixed === 1)).toEqual([]);
    expect(rows.arms.map((r) => [r.population, r.arm, r.units]).sort()).toEqual([['assigned', 'a', 5], ['assigned', 'b', 5], ['exposed', 'a', 5], ['exposed', 'b', 5]]);
    const e = buildReport(rows, options).experiments[0];
    expect(e.hygiene).toMatchObject({ multiVariationUnits: 0, exposuresWithoutUnit: 8 });
    expect(e.checks.find((c) => c.id === 'exposures-without-unit')?.message).toContain('a 4 (4 without unit_id); b 4 (4 without unit_id)');
    expect(e.checks.find((c) => c.id === 'multi-variation-units')).toBeUndefined();
  }, 60_000);

  it('each dialect tests the same blank characters', () => {
    expect(DIALECTS.duckdb.blank('unit_id')).toBe("regexp_full_match(unit_id, '[ \\t\\r\\n]*')");
    expect(DIALECTS.bigquery.blank('unit_id')).toBe("REGEXP_CONTAINS(unit_id, r'^[ \\t\\r\\n]*$')");
    expect(DIALECTS.clickhouse.blank('unit_id')).toBe("match(unit_id, '^[ \\\\t\\\\r\\\\n]*$')");
    for (const d of Object.values(DIALECTS)) expect(buildQueries(d, { goal: 'g', windowMs: WINDOW }).queries.arms).toContain('unit_key AS unit_id');
  });
});

describe('edge cases', () => {
  const t0 = Date.parse('2026-02-01T12:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  let n = 0;
  const ev = (fields: Record<string, unknown>) =>
    ({ event_id: `e${n++}`, schema_version: 1, sdk_version: '0.1.0', session_id: 's', anonymous_id: 'd0', user_id: null, account_id: null, ...fields }) as RawEvent;
  const exposure = (unitId: string, variation: string, ms: number, extra: Record<string, unknown> = {}) =>
    ev({ type: 'exposure', ts: iso(ms), item_id: 'help', item_type: 'helpLink', experiment: 'acct-exp', unit: 'account', unit_id: unitId, variation, bucket_version: 0, counterfactual: variation === 'off', rendered: variation !== 'off', ...extra });
  const goal = (ms: number, ids: Record<string, unknown>, name = 'upgraded') => ev({ type: 'goal', name, ts: iso(ms), ...ids });

  const duplicate = exposure('A', 'off', t0, { user_id: 'a1', account_id: 'A' });
  const events: RawEvent[] = [
    duplicate,
    { ...duplicate }, // the same event delivered twice: dropped
    exposure('A', 'off', t0 + DAY, { user_id: 'a2', account_id: 'A' }), // A's second user; A's first exposure stays t0
    goal(t0 + 2 * DAY, { user_id: 'a2', account_id: 'A' }), // another user of account A converts: A converted
    exposure('B', 'on', t0, { account_id: 'B' }),
    goal(t0 + WINDOW, { user_id: 'b1', account_id: 'B' }), // exactly at the window's end: outside
    exposure('C', 'on', t0, { account_id: 'C' }),
    goal(t0 - 1, { user_id: 'c1', account_id: 'C' }), // before the first exposure: outside
    goal(t0 + WINDOW - 1, { user_id: 'c1', account_id: 'C' }), // last millisecond inside
    goal(t0 + DAY, { user_id: 'c1', account_id: 'C' }, 'project_created'), // another goal
    exposure('D', 'on', t0, { account_id: 'D' }),
    exposure('D', 'off', t0 + DAY, { account_id: 'D' }), // D in both arms: excluded
    goal(t0 + 2 * DAY, { account_id: 'D' }),
    exposure('E', 'on', t0, { account_id: 'E', forced: true }), // QA override: excluded
    goal(t0 + DAY, { account_id: 'E' }),
    // Intent-to-treat: assignment events (not emitted by the SDK today) for A, B and F.
    ev({ type: 'assignment', ts: iso(t0 - DAY), experiment: 'acct-exp', unit: 'account', unit_id: 'A', variation: 'off', account_id: 'A' }),
    ev({ type: 'assignment', ts: iso(t0 - DAY), experiment: 'acct-exp', unit: 'account', unit_id: 'B', variation: 'on', account_id: 'B' }),
    ev({ type: 'assignment', ts: iso(t0 - DAY), experiment: 'acct-exp', unit: 'account', unit_id: 'F', variation: 'on', account_id: 'F' }),
    goal(t0, { account_id: 'F' }), // F converts after assignment, never exposed
    // A user experiment whose unit is a device (no user id): its goal matches by anonymous id.
    ev({ type: 'exposure', ts: iso(t0), item_id: 'tip', item_type: 'tooltip', experiment: 'anon-exp', unit: 'user', unit_id: 'dev9', anonymous_id: 'dev9', variation: 'control' }),
    ev({ type: 'goal', name: 'upgraded', ts: iso(t0 + 5000), anonymous_id: 'dev9' }),
    // Tours: p1 views 0, 1 and completes; p2 views 0 and leaves with escape; p3 views 0, 1 twice.
    ...[
      ['p1', 'step_viewed', 0], ['p1', 'step_viewed', 1], ['p1', 'completed', undefined],
      ['p2', 'step_viewed', 0], ['p2', 'dismissed', 0, 'escape'],
      ['p3', 'step_viewed', 0], ['p3', 'step_viewed', 1], ['p3', 'step_viewed', 1], ['p3', 'dismissed', 1, 'close'],
    ].map(([user, type, step, origin], i) => ev({ type, ts: iso(t0 + i * 1000), user_id: user, item_id: 'tour1', item_type: 'tour', item_version: 2, step, origin })),
    // Feedback: q1 says no then yes (latest counts), q2 yes, q3 no.
    ev({ type: 'feedback', ts: iso(t0), user_id: 'q1', item_id: 'help', item_type: 'helpLink', properties: { helpful: false } }),
    ev({ type: 'feedback', ts: iso(t0 + 1000), user_id: 'q1', item_id: 'help', item_type: 'helpLink', properties: { helpful: true, comment: 'ok now' } }),
    ev({ type: 'feedback', ts: iso(t0), user_id: 'q2', item_id: 'help', item_type: 'helpLink', properties: { helpful: true } }),
    ev({ type: 'feedback', ts: iso(t0), user_id: 'q3', item_id: 'help', item_type: 'helpLink', properties: { helpful: false } }),
    ev({ type: 'goal', name: 'upgraded', ts: 'not a time', account_id: 'B' }), // unusable
  ];

  it('gives the worked-out answers, identically in SQL and TypeScript', async () => {
    const file = await writeLog('edge.ndjson', [...events.map((e) => JSON.stringify(e)), '{"event_id": "torn", "type": "go']);
    const options = { goal: 'upgraded', windowMs: WINDOW };
    const { rows } = await aggregateWithDuckDb([file], options);
    const ts = aggregateEvents(events, options);
    // The torn line is a row for DuckDB (all NULL) but not an event for TypeScript.
    expect(rows.hygiene).toMatchObject({ rows_read: events.length + 1, usable: events.length - 1, distinct_usable: events.length - 2, zoneless: 0 });
    expectSameRows({ ...rows, hygiene: ts.hygiene }, ts);

    const report = buildReport(rows, { goal: 'upgraded', windowMs: WINDOW });
    expect(report.hygiene).toMatchObject({ duplicateRowsDropped: 1, unusableRows: 2 });
    const acct = report.experiments.find((e) => e.experiment === 'acct-exp')!;
    expect(acct.control).toBe('off');
    expect(acct.controlRule).toBe('counterfactual');
    // Exposed: off = {A: converted}; on = {B: no, C: yes}; D mixed; E forced.
    expect(acct.exposed.arms.map((a) => [a.variation, a.units, a.converted])).toEqual([['off', 1, 1], ['on', 2, 1]]);
    expect(acct.hygiene).toMatchObject({ exposureEvents: 7, forcedEvents: 1, forcedUnits: 1, multiVariationUnits: 1 });
    // Intent-to-treat from assignments: off = {A: converted}, on = {B: no, F: yes}.
    expect(acct.intentToTreat.available).toBe(true);
    expect(acct.intentToTreat.arms.map((a) => [a.variation, a.units, a.converted])).toEqual([['off', 1, 1], ['on', 2, 1]]);
    const anon = report.experiments.find((e) => e.experiment === 'anon-exp')!;
    // One arm seen: an experiment has at least two, so the silent one fails the split check.
    expect(anon.exposed.arms.map((a) => [a.variation, a.units, a.converted])).toEqual([['control', 1, 1], ['(another arm, never logged)', 0, 0]]);
    expect(anon.exposed.srm?.status).toBe('fail');
    expect(anon.controlRule).toBe('sorted');

    expect(report.tours).toEqual([
      {
        tour: 'tour1', version: 2, started: 3, completed: 1, completionRate: 1 / 3,
        steps: [{ step: 0, units: 3, dropOff: 1, dropOffRate: 1 / 3 }, { step: 1, units: 2, dropOff: 1, dropOffRate: 0.5 }],
        dismissals: [{ origin: 'close', units: 1, events: 1 }, { origin: 'escape', units: 1, events: 1 }],
      },
    ]);
    expect(report.feedback.map((f) => [f.item, f.answers, f.yes])).toEqual([['help', 3, 2]]);
  }, 60_000);
});

describe('tours: where people left, after Back', () => {
  // The SDK's tour dismissals name no step (the step is on step_viewed); hand-made or other
  // logs may name one. Either way, drop-off is the step people were on when they left.
  const t0 = Date.parse('2026-02-01T12:00:00.000Z');
  let n = 0;
  const tourEvent = (user: string, at: number, type: string, step?: number, extra: Record<string, unknown> = {}): RawEvent => ({
    event_id: `t${String(n++).padStart(3, '0')}`, schema_version: 1, sdk_version: '0.1.0', session_id: 's', anonymous_id: `d-${user}`, user_id: user,
    ts: new Date(t0 + at * 1000).toISOString(), item_id: 'welcome', item_type: 'tour', item_version: 1, type, ...(step !== undefined && { step }), ...extra,
  });
  const viewed = (user: string, steps: number[]) => steps.map((step, i) => tourEvent(user, i, 'step_viewed', step));
  const events: RawEvent[] = [
    // a: steps 1, 2, 3, Back to 2, closes (the SDK's dismissal, no step): left on step 2.
    ...viewed('a', [0, 1, 2, 1]), tourEvent('a', 10, 'step_back', 2), tourEvent('a', 11, 'dismissed', undefined, { origin: 'close' }),
    // b: the same, with a dismissal that names step 2 (index 1): left on step 2.
    ...viewed('b', [0, 1, 2, 1]), tourEvent('b', 11, 'dismissed', 1, { origin: 'escape' }),
    // c: closes on step 3, the furthest: left on step 3.
    ...viewed('c', [0, 1, 2]), tourEvent('c', 11, 'dismissed', 2, { origin: 'close' }),
    // d: Back, then on to the end and completes: left nowhere.
    ...viewed('d', [0, 1, 2, 1, 2]), tourEvent('d', 11, 'completed'),
    // e: goes Back from step 2 to step 1 and leaves the page (no dismissal): left on step 1.
    ...viewed('e', [0, 1, 0]),
    // f: a dismissal naming step 1 at the same moment as the last step_viewed: the dismissal wins.
    ...viewed('f', [0, 1]), tourEvent('f', 1, 'dismissed', 0, { origin: 'skip' }),
    // A step_viewed without a step is no position: g left on step 1.
    ...viewed('g', [0]), tourEvent('g', 5, 'step_viewed'),
  ];

  it('counts reached steps as before and drop-off on the step left from, in SQL and TypeScript alike', async () => {
    const file = await writeLog('tour-back.ndjson', events.map((e) => JSON.stringify(e)));
    const options = { goal: 'upgraded', windowMs: WINDOW };
    const { rows } = await aggregateWithDuckDb([file], options);
    const ts = aggregateEvents(events, options);
    expectSameRows(rows, ts);
    const left = rows.tours.filter((r) => r.kind === 'left').map((r) => [r.out_step, r.units]).sort();
    expect(left).toEqual([[0, 3], [1, 2], [2, 1]]);
    const [tour] = buildReport(rows, { goal: 'upgraded', windowMs: WINDOW }).tours;
    expect(tour).toMatchObject({ started: 7, completed: 1 });
    // Reached: everyone viewed step 1; a, b, c, d, e, f step 2; a, b, c, d step 3.
    expect(tour.steps.map((s) => [s.step + 1, s.units, s.dropOff])).toEqual([[1, 7, 3], [2, 6, 2], [3, 4, 1]]);
  }, 60_000);
});

describe('warehouse dialects', () => {
  const options = { goal: "it's", windowMs: WINDOW, experiment: 'help-links-holdout' };

  it('use each warehouse\'s time and JSON functions and escape literals its way', () => {
    const bq = buildQueries(DIALECTS.bigquery, options, { table: 'proj-1.analytics.events' }).queries;
    expect(bq.arms).toContain('UNIX_MILLIS(ts)');
    expect(bq.feedback).toContain("JSON_VALUE(properties, '$.helpful')");
    expect(bq.arms).toContain("name = 'it\\'s'");
    expect(bq.arms).toContain('FROM `proj-1.analytics.events`');
    const ch = buildQueries(DIALECTS.clickhouse, options).queries;
    expect(ch.arms).toContain('toUnixTimestamp64Milli(ts)');
    expect(ch.feedback).toContain("JSONExtractRaw(properties, 'helpful')");
    const duck = buildQueries(DIALECTS.duckdb, options).queries;
    expect(duck.arms).toContain("name = 'it''s'");
  });

  it('avoid what one of them lacks: QUALIFY, inequality joins, a NULL literal in a UNION', () => {
    for (const dialect of Object.values(DIALECTS)) {
      for (const sql of Object.values(buildQueries(dialect, options).queries)) {
        expect(sql).not.toMatch(/\bQUALIFY\b/i);
        expect(sql).not.toMatch(/\bNULL AS\b/i);
        for (const on of sql.match(/\bON\b[\s\S]*?(?=\bWHERE\b|\bGROUP\b|\)\s*$|$)/g) ?? []) expect(on).not.toMatch(/[<>]/);
      }
    }
  });

  it('stand alone for a warehouse (clean as a CTE) and read a materialized clean table in DuckDB', () => {
    const standalone = buildQueries(DIALECTS.bigquery, options, { table: 'events', materialized: false });
    expect(standalone.setup).toEqual([]);
    for (const sql of Object.values(standalone.queries).slice(1)) expect(sql).toMatch(/^WITH (clean|units_in|goal_events) AS \(|^WITH clean AS \(/);
    const materialized = buildQueries(DIALECTS.duckdb, options, { materialized: true });
    expect(materialized.setup[0]).toMatch(/^CREATE OR REPLACE TEMP TABLE clean AS/);
    expect(materialized.setup[1]).toMatch(/^CREATE OR REPLACE TEMP TABLE per_unit AS/);
    expect(materialized.queries.arms).not.toContain('ROW_NUMBER() OVER (PARTITION BY event_id');
  });
});
