/**
 * Which copy of an event_id the analysis keeps (cleanSelect in src/analysis/sql-clean.ts, and its
 * twin in src/analysis/aggregate.ts). `ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY ts)`
 * left the choice between copies stamped in the same millisecond to the engine: two rows with
 * one event_id and one ts that differ (a re-delivery rewritten by a buggy relay, two SDK copies
 * minting one id) could count in one arm in one run and the other in the next, or differ
 * between DuckDB, ClickHouse and the TypeScript twin. Now the order is total: the earliest
 * copy, then the smallest by every column the analysis reads (NULL last), so the same events in
 * any order, in any engine, give the same rows.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateEvents, type RawEvent } from '../../src/analysis/aggregate';
import { aggregateWithDuckDb } from '../../src/analysis/duckdb';
import { buildQueries, cleanSelect, DIALECTS, type AggregateRows, type DialectName } from '../../src/analysis/sql';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const OPTIONS = { goal: 'upgraded', windowMs: 28 * DAY };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-dedupe-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
async function log(events: RawEvent[]): Promise<string> {
  const file = join(dir, `log${++files}.ndjson`);
  await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return file;
}
const sorted = <T>(rows: T[] | undefined) => [...(rows ?? [])].map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort();
const comparable = (rows: AggregateRows) => ({
  hygiene: rows.hygiene, arms: sorted(rows.arms), exposures: sorted(rows.exposures), tours: sorted(rows.tours), feedback: sorted(rows.feedback),
  consistency: sorted(rows.consistency), goal_names: sorted(rows.goal_names), without_unit: sorted(rows.without_unit), units: sorted(rows.units),
});

const exposure = (id: string, user: string, variation: string | undefined, extra: RawEvent = {}): RawEvent => ({
  event_id: id, type: 'exposure', ts: new Date(T0).toISOString(), user_id: user, anonymous_id: `d-${user}`,
  experiment: 'exp', variation, unit: 'user', unit_id: user, bucket_version: 0, ...extra,
});
/** Plenty of units per arm, so the pair below is one unit among many. */
const background = (): RawEvent[] => Array.from({ length: 40 }, (_, i) => exposure(`bg${i}`, `u${i}`, i % 2 ? 'b' : 'a'));
const endOfData: RawEvent = { event_id: 'end', type: 'goal', name: 'other', ts: new Date(T0 + 60 * DAY).toISOString(), user_id: 'zz' };

describe('two copies of one event_id stamped in the same millisecond', () => {
  // The same exposure, once in arm "b" and once in arm "a": the "a" copy is kept (smaller variation).
  const first = exposure('dup', 'x', 'b');
  const second = exposure('dup', 'x', 'a');

  it('the TypeScript twin keeps the same copy whichever comes first in the file', () => {
    const one = aggregateEvents([...background(), first, second, endOfData], OPTIONS, true);
    const other = aggregateEvents([...background(), second, first, endOfData], OPTIONS, true);
    expect(comparable(one)).toEqual(comparable(other));
    expect(one.units?.find((u) => u.unit_id === 'x')?.arm).toBe('a');
  });

  it('DuckDB keeps that copy too, in either order, and in either order of two files', async () => {
    const ab = await aggregateWithDuckDb([await log([...background(), first, second, endOfData])], OPTIONS, true);
    const ba = await aggregateWithDuckDb([await log([...background(), second, first, endOfData])], OPTIONS, true);
    const twin = aggregateEvents([...background(), first, second, endOfData], OPTIONS, true);
    expect(comparable(ab.rows)).toEqual(comparable(twin));
    expect(comparable(ba.rows)).toEqual(comparable(twin));
    const [f1, f2] = [await log([...background(), first]), await log([second, endOfData])];
    expect(comparable((await aggregateWithDuckDb([f1, f2], OPTIONS, true)).rows)).toEqual(comparable(twin));
    expect(comparable((await aggregateWithDuckDb([f2, f1], OPTIONS, true)).rows)).toEqual(comparable(twin));
  }, 60_000);

  it('a NULL sorts after every value: the copy with a variation is kept over the one without', async () => {
    const named = exposure('dup', 'x', 'z');
    const unnamed = exposure('dup', 'x', undefined);
    for (const events of [[...background(), unnamed, named, endOfData], [...background(), named, unnamed, endOfData]]) {
      const twin = aggregateEvents(events, OPTIONS, true);
      expect(twin.units?.find((u) => u.unit_id === 'x')?.arm).toBe('z');
      expect(comparable((await aggregateWithDuckDb([await log(events)], OPTIONS, true)).rows)).toEqual(comparable(twin));
    }
  }, 60_000);
});

describe('two copies of one feedback event that differ only in their answer', () => {
  it.each([
    ['a number', 1],
    ['an object', { a: 1 }],
    ['another word', 'yes'],
  ])('%s reads as no answer in DuckDB as in the twin: the "true" copy is kept and counted', async (_, odd) => {
    const answer = (helpful: unknown): RawEvent => ({
      event_id: 'fb', type: 'feedback', ts: new Date(T0).toISOString(), user_id: 'x', item_id: 'tip', item_type: 'helpLink', properties: { helpful },
    });
    for (const events of [[...background(), answer(odd), answer(true), endOfData], [...background(), answer(true), answer(odd), endOfData]]) {
      const twin = aggregateEvents(events, OPTIONS, true);
      expect(twin.feedback).toEqual([{ item_id: 'tip', item_kind: 'helpLink', answers: 1, yes: 1 }]);
      expect(comparable((await aggregateWithDuckDb([await log(events)], OPTIONS, true)).rows)).toEqual(comparable(twin));
    }
  }, 60_000);
});

describe('many copies that differ in any column the analysis reads', () => {
  it('the same rows from DuckDB and the twin, whatever the order of the lines', async () => {
    // A seeded generator (no Math.random: a failure must be reproducible).
    let seed = 20_260_101;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const events: RawEvent[] = [...background()];
    for (let i = 0; i < 150; i++) {
      const id = `e${i}`;
      const ts = new Date(T0 + pick([0, 0, 1000])).toISOString();
      const copies = 2 + Math.floor(random() * 3);
      for (let k = 0; k < copies; k++) {
        events.push({
          event_id: id, ts,
          type: pick(['exposure', 'exposure', 'assignment', 'goal', 'step_viewed', 'feedback']),
          name: pick(['upgraded', 'other', undefined]),
          user_id: pick([`p${i}`, `q${i}`, undefined]), account_id: pick(['acc1', 'acc2', undefined]), anonymous_id: pick([`d${i}`, undefined]),
          item_id: pick(['tip', 'tour', undefined]), item_type: pick(['tour', 'helpLink', undefined]), item_version: pick([1, 2, undefined]),
          experiment: pick(['exp', 'exp2', undefined]), variation: pick(['a', 'b', 'B', undefined]), bucket_version: pick([0, 1, undefined]),
          unit: pick(['user', 'account', undefined]), unit_id: pick([`p${i}`, 'acc1', ' ', undefined]),
          counterfactual: pick([true, false, undefined]), forced: pick([false, false, true, undefined]),
          step: pick([0, 1, undefined]), origin: pick(['close', 'skip', undefined]), properties: pick([{ helpful: true }, { helpful: false }, { helpful: 'true' }, { helpful: 1 }, { helpful: { a: 1 } }, { helpful: 'yes' }, undefined]),
        });
      }
    }
    events.push(endOfData);
    const shuffled = [...events];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const twin = comparable(aggregateEvents(events, OPTIONS, true));
    expect(comparable(aggregateEvents(shuffled, OPTIONS, true))).toEqual(twin);
    expect(comparable(aggregateEvents([...events].reverse(), OPTIONS, true))).toEqual(twin);
    expect(comparable((await aggregateWithDuckDb([await log(events)], OPTIONS, true)).rows)).toEqual(twin);
    expect(comparable((await aggregateWithDuckDb([await log(shuffled)], OPTIONS, true)).rows)).toEqual(twin);
    expect(comparable((await aggregateWithDuckDb([await log([...events].reverse())], OPTIONS, true)).rows)).toEqual(twin);
  }, 120_000);
});

describe('every dialect orders the copies the same total way', () => {
  it.each(['duckdb', 'bigquery', 'clickhouse'] as DialectName[])('%s: by time, then every column the analysis reads', (name) => {
    const d = DIALECTS[name];
    const sql = cleanSelect(d, 'events', '0');
    const head = 'ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY ';
    expect(sql).toContain(head);
    const order = sql.slice(sql.indexOf(head) + head.length, sql.indexOf(') AS copy_no'));
    expect(order.startsWith(`${d.ms}, `)).toBe(true);
    for (const column of ['type', 'name', 'user_id', 'account_id', 'anonymous_id', 'item_id', 'item_type', 'item_version', 'experiment', 'variation', 'bucket_version', 'unit', 'unit_id', 'counterfactual', 'forced', 'step', 'origin', d.helpful]) {
      expect(order).toContain(column);
    }
    // The warehouse script runs it too.
    expect(buildQueries(d, OPTIONS).queries.arms).toContain(order);
  });
});
