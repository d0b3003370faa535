/**
 * src/analysis/sql-rows.ts: the row shapes every engine's aggregation hands to the report
 * (types only). What the types promise is checked at run time, on the rows DuckDB returns
 * (when installed) and on the TypeScript twin's: exactly the declared fields, numbers as JS
 * numbers (not BIGINT/HUGEINT bigints or ClickHouse's quoted integers), text as text even when
 * it looks like a number (unit id "007", variation "1", experiment "2026", item "42"), and
 * end_ms null without events. The field lists are tied to the interfaces at compile time
 * (`expectTypeOf`, checked by tsc), and TEXT_COLUMNS, which decides what stays text, must be
 * exactly the string-typed fields.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { aggregateEvents } from '../../src/analysis/aggregate';
import { aggregateWithDuckDb } from '../../src/analysis/duckdb';
import { plainRows, TEXT_COLUMNS } from '../../src/analysis/sql';
import type { AggregateRows, ArmRow, ConsistencyRow, ExposureRow, FeedbackRow, GoalNameRow, HygieneRow, TourRow, UnitRow, WithoutUnitRow } from '../../src/analysis/sql-rows';

const HAS_DUCKDB = existsSync(join(__dirname, '../../node_modules/@duckdb/node-api'));
const FIELDS = {
  hygiene: ['rows_read', 'usable', 'distinct_usable', 'zoneless', 'future', 'end_ms'],
  arms: ['population', 'experiment', 'bucket', 'unit', 'mixed', 'in_progress', 'arm', 'arm_last', 'units', 'cf_units', 'converted', 'goal_count', 'early_units', 'skew_units'],
  consistency: ['experiment', 'bucket', 'unit', 'exposed_units', 'assigned_units', 'unassigned_exposed', 'disagreeing'],
  exposures: ['population', 'experiment', 'bucket', 'unit', 'events', 'forced_events', 'forced_units'],
  tours: ['tour', 'item_ver', 'kind', 'out_step', 'out_origin', 'units', 'events'],
  feedback: ['item_id', 'item_kind', 'answers', 'yes'],
  units: ['population', 'experiment', 'bucket', 'unit', 'unit_id', 'arm'],
  goal_names: ['goal_name', 'events'],
  without_unit: ['experiment', 'bucket', 'unit_kind', 'arm', 'no_unit', 'no_unit_id'],
} as const;
// NonNullable: an optional text field (arm_last) is text too.
type StringKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends string ? K : never }[keyof T];
type Rows = HygieneRow | ArmRow | ConsistencyRow | ExposureRow | TourRow | FeedbackRow | UnitRow | GoalNameRow | WithoutUnitRow;
type AnyStringKey = Rows extends infer R ? (R extends Rows ? StringKeys<R> : never) : never;

describe('the declared shapes', () => {
  it('list every field of every row type, and TEXT_COLUMNS is exactly the string-typed ones', () => {
    expectTypeOf<(typeof FIELDS.hygiene)[number]>().toEqualTypeOf<keyof HygieneRow>();
    expectTypeOf<(typeof FIELDS.arms)[number]>().toEqualTypeOf<keyof ArmRow>();
    expectTypeOf<(typeof FIELDS.consistency)[number]>().toEqualTypeOf<keyof ConsistencyRow>();
    expectTypeOf<(typeof FIELDS.exposures)[number]>().toEqualTypeOf<keyof ExposureRow>();
    expectTypeOf<(typeof FIELDS.tours)[number]>().toEqualTypeOf<keyof TourRow>();
    expectTypeOf<(typeof FIELDS.feedback)[number]>().toEqualTypeOf<keyof FeedbackRow>();
    expectTypeOf<(typeof FIELDS.units)[number]>().toEqualTypeOf<keyof UnitRow>();
    expectTypeOf<(typeof FIELDS.goal_names)[number]>().toEqualTypeOf<keyof GoalNameRow>();
    expectTypeOf<(typeof FIELDS.without_unit)[number]>().toEqualTypeOf<keyof WithoutUnitRow>();
    expectTypeOf<(typeof TEXT_COLUMNS)[number]>().toEqualTypeOf<AnyStringKey>();
    const text = new Set(['population', 'experiment', 'unit', 'arm', 'arm_last', 'unit_id', 'tour', 'kind', 'out_origin', 'item_id', 'item_kind', 'goal_name', 'unit_kind']);
    expect(new Set(TEXT_COLUMNS)).toEqual(text);
    expect(new Set(TEXT_COLUMNS).size).toBe(TEXT_COLUMNS.length);
  });

  it('plainRows: bigints and quoted integers become numbers, booleans 0/1, text columns keep number-like text', () => {
    const rows = plainRows<Record<string, unknown>>(
      [{ units: 12n, converted: '7', bucket: '-1', end_ms: '1772409600000', mixed: true, cf_units: false, unit_id: '007', arm: '1', experiment: '2026', item_id: '42', out_origin: '0', kind: 'step', end: null }],
      TEXT_COLUMNS,
    );
    expect(rows).toEqual([{ units: 12, converted: 7, bucket: -1, end_ms: 1_772_409_600_000, mixed: 1, cf_units: 0, unit_id: '007', arm: '1', experiment: '2026', item_id: '42', out_origin: '0', kind: 'step', end: null }]);
    // HUGEINT sums arrive as bigint: exact up to 2^53, which no count reaches.
    expect(plainRows<{ n: number }>([{ n: 2n ** 53n - 1n }], TEXT_COLUMNS)[0].n).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('the rows the engines return', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'guidepost-rows-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  let n = 0;
  const ev = (fields: Record<string, unknown>) => ({ event_id: `r${n++}`, session_id: 's', anonymous_id: 'd', user_id: '007', ts: '2026-02-01T00:00:00Z', ...fields });
  const exp = { experiment: '2026', unit: 'user', bucket_version: 3 };
  const events = [
    ev({ type: 'exposure', ...exp, unit_id: '007', variation: '1', counterfactual: true }),
    ev({ type: 'exposure', ...exp, unit_id: '008', user_id: '008', variation: '2' }),
    ev({ type: 'assignment', ...exp, unit_id: '007', variation: '1' }),
    ev({ type: 'goal', name: 'upgraded', ts: '2026-02-02T00:00:00Z' }),
    ev({ type: 'step_viewed', item_id: '3', item_type: 'tour', step: 0 }),
    ev({ type: 'dismissed', item_id: '3', item_type: 'tour', step: 0, origin: '0' }),
    ev({ type: 'feedback', item_id: '42', item_type: '5', properties: { helpful: true } }),
    ev({ type: 'goal', name: 'late', ts: '2026-04-01T00:00:00Z' }),
    ev({ type: 'goal', name: '12', ts: '2026-02-02T00:00:00Z' }),
    ev({ type: 'exposure', experiment: '2026', bucket_version: 3, unit: 'user', variation: '2' }),
  ];
  const options = { goal: 'upgraded', windowMs: 28 * 86_400_000 };

  function expectShapes(rows: AggregateRows) {
    for (const [kind, fields] of Object.entries(FIELDS)) {
      const list = kind === 'hygiene' ? [rows.hygiene] : (rows[kind as keyof AggregateRows] as object[]);
      expect(list.length, kind).toBeGreaterThan(0);
      for (const row of list as Record<string, unknown>[]) {
        expect(Object.keys(row).sort(), kind).toEqual([...fields].sort());
        for (const field of fields) expect(typeof row[field], `${kind}.${field}`).toBe((TEXT_COLUMNS as readonly string[]).includes(field) ? 'string' : 'number');
      }
    }
    expect(rows.arms.map((r) => [r.experiment, r.bucket, r.arm, r.population]).sort()).toEqual([['2026', 3, '1', 'assigned'], ['2026', 3, '1', 'exposed'], ['2026', 3, '2', 'exposed']]);
    expect(rows.units?.map((u) => u.unit_id).sort()).toEqual(['007', '007', '008']);
    expect(rows.tours.find((t) => t.kind === 'dismissed')).toMatchObject({ tour: '3', out_origin: '0', out_step: -1 });
    expect(rows.feedback).toEqual([{ item_id: '42', item_kind: '5', answers: 1, yes: 1 }]);
    expect(rows.hygiene.end_ms).toBe(Date.parse('2026-04-01T00:00:00Z'));
    expect(rows.goal_names?.map((g) => [g.goal_name, g.events]).sort()).toEqual([['12', 1], ['late', 1], ['upgraded', 1]]);
    expect(rows.without_unit).toEqual([{ experiment: '2026', bucket: 3, unit_kind: 'user', arm: '2', no_unit: 0, no_unit_id: 1 }]);
  }

  it('the TypeScript twin', () => {
    expectShapes(aggregateEvents(events, options, true));
    expect(aggregateEvents([], options).hygiene.end_ms).toBeNull();
  });

  it.skipIf(!HAS_DUCKDB)('DuckDB (BIGINT and HUGEINT converted, text kept)', async () => {
    const file = join(dir, 'rows.ndjson');
    await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    expectShapes((await aggregateWithDuckDb([file], options, true)).rows);
  }, 60_000);

  describe('DuckDB\'s hygiene row for an empty log', () => {
    it.skipIf(!HAS_DUCKDB)('gives usable = zoneless = 0 (numbers, as HygieneRow declares and the twin returns), not SUM-over-no-rows NULL', async () => {
      const empty = join(dir, 'empty.ndjson');
      await writeFile(empty, '');
      const { rows } = await aggregateWithDuckDb([empty], options, true);
      expect(rows.hygiene).toEqual(aggregateEvents([], options).hygiene);
      expect(rows.hygiene).toEqual({ rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: null });
    }, 60_000);
  });
});
