/**
 * The engine-neutral runner (src/analysis/engine.ts): one sequence of statements for every SQL
 * engine, and one conversion of what the engines hand back (bigint, quoted 64-bit integers,
 * booleans) into plain numbers, text columns left as text. A fake runner records the calls.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAggregation, type SqlRunner } from '../../src/analysis/engine';
import { buildQueries, DIALECTS, type BuildOptions, type Dialect, type QueryOptions } from '../../src/analysis/sql';

const OPTIONS: QueryOptions = { goal: 'upgraded', windowMs: 28 * 86_400_000 };

interface Call { kind: 'exec' | 'rows'; sql: string }

/** A runner that answers each query by its position among the `rows` calls. */
function fakeRunner(dialect: Dialect, answers: Record<string, unknown>[][] = []): SqlRunner & { calls: Call[] } {
  const calls: Call[] = [];
  let query = 0;
  return {
    dialect,
    calls,
    exec: async (sql) => {
      calls.push({ kind: 'exec', sql });
    },
    rows: async (sql) => {
      calls.push({ kind: 'rows', sql });
      return answers[query++] ?? [];
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the statements', () => {
  it.each([
    ['duckdb', { materialized: true, localFiles: true }],
    ['clickhouse', { materialized: true, localFiles: true }],
    ['clickhouse', { table: 'analytics.events' }],
  ] as const)('%s %j: setup first, then hygiene, arms, consistency, exposures, tours, feedback, goal names, exposures without a unit', async (name, build: BuildOptions) => {
    const dialect = DIALECTS[name];
    const runner = fakeRunner(dialect);
    await runAggregation(runner, OPTIONS, build, false);
    const { setup, queries } = buildQueries(dialect, OPTIONS, build);
    expect(runner.calls).toEqual([
      ...setup.map((sql) => ({ kind: 'exec', sql })),
      ...[queries.hygiene, queries.arms, queries.consistency, queries.exposures, queries.tours, queries.feedback, queries.goalNames, queries.withoutUnit].map((sql) => ({ kind: 'rows', sql })),
    ]);
  });

  it('runs the units query only when the audit needs it, and last', async () => {
    const without = fakeRunner(DIALECTS.duckdb);
    const rowsWithout = (await runAggregation(without, OPTIONS, { materialized: true }, false)).rows;
    expect(rowsWithout).not.toHaveProperty('units');
    const withUnits = fakeRunner(DIALECTS.duckdb);
    const rowsWith = (await runAggregation(withUnits, OPTIONS, { materialized: true }, true)).rows;
    expect(withUnits.calls.at(-1)).toEqual({ kind: 'rows', sql: buildQueries(DIALECTS.duckdb, OPTIONS, { materialized: true }).units });
    expect(withUnits.calls).toHaveLength(without.calls.length + 1);
    expect(rowsWith.units).toEqual([]);
  });

  it('passes the query options through: the goal as an escaped literal, --experiment and --as-of', async () => {
    const runner = fakeRunner(DIALECTS.duckdb);
    await runAggregation(runner, { goal: "it's'; DROP TABLE events; --", windowMs: 1000, experiment: 'exp\'x', asOfMs: 1_767_225_600_000 }, {}, false);
    const arms = runner.calls[1].sql;
    expect(arms).toContain("name = 'it''s''; DROP TABLE events; --'");
    expect(arms).toContain("experiment = 'exp''x'");
    expect(arms).toContain('ms <= 1767225600000');
  });

  it('stops at the first failing statement and passes its error on unchanged', async () => {
    const failure = new Error('Binder Error: no such table');
    const runner = fakeRunner(DIALECTS.duckdb);
    runner.exec = vi.fn(async (sql: string) => {
      runner.calls.push({ kind: 'exec', sql });
      throw failure;
    });
    await expect(runAggregation(runner, OPTIONS, { materialized: true }, false)).rejects.toBe(failure);
    expect(runner.calls).toHaveLength(1);
  });

  it('a failing query is passed on too, and no later query runs', async () => {
    const failure = new Error('Out of Memory Error');
    const runner = fakeRunner(DIALECTS.duckdb);
    let n = 0;
    runner.rows = async (sql) => {
      runner.calls.push({ kind: 'rows', sql });
      if (++n === 2) throw failure;
      return [];
    };
    await expect(runAggregation(runner, OPTIONS, {}, false)).rejects.toBe(failure);
    expect(runner.calls.filter((c) => c.kind === 'rows')).toHaveLength(2);
  });
});

describe('the rows', () => {
  const hygiene = { rows_read: 10n, usable: '9', distinct_usable: 8, zoneless: 0n, end_ms: 1_767_225_600_000n };
  const arm = {
    population: 'exposed', experiment: '42', bucket: 0n, unit: 'user', mixed: 0n, in_progress: false, arm: '007',
    units: 5n, cf_units: '0', converted: '2', goal_count: 3n, early_units: 0, skew_units: true,
  };

  it('become plain numbers (bigint, quoted integers, booleans) while text columns keep their text', async () => {
    const runner = fakeRunner(DIALECTS.duckdb, [[hygiene], [arm], [], [], [], []]);
    const { rows } = await runAggregation(runner, OPTIONS, {}, false);
    expect(rows.hygiene).toEqual({ rows_read: 10, usable: 9, distinct_usable: 8, zoneless: 0, end_ms: 1_767_225_600_000 });
    expect(rows.arms).toEqual([{
      population: 'exposed', experiment: '42', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm: '007',
      units: 5, cf_units: 0, converted: 2, goal_count: 3, early_units: 0, skew_units: 1,
    }]);
    expect(rows.consistency).toEqual([]);
  });

  it('keep number-like text in every text column (an experiment called "1", a unit id "0042", a tour "7")', async () => {
    const runner = fakeRunner(DIALECTS.clickhouse, [
      [hygiene], [], [], [],
      [{ tour: '7', item_ver: '2', kind: 'step', out_step: '-1', out_origin: '0', units: '3', events: '4' }],
      [{ item_id: '12', item_kind: '3', answers: '5', yes: '2' }],
      [{ goal_name: '2026', events: '9' }],
      [{ experiment: '1', bucket: '3', unit_kind: '', arm: '10', no_unit: '4', no_unit_id: '0' }],
      [{ population: 'assigned', experiment: '1', bucket: '3', unit: 'account', unit_id: '0042', arm: '1.5' }],
    ]);
    const { rows } = await runAggregation(runner, OPTIONS, {}, true);
    expect(rows.goal_names).toEqual([{ goal_name: '2026', events: 9 }]);
    expect(rows.without_unit).toEqual([{ experiment: '1', bucket: 3, unit_kind: '', arm: '10', no_unit: 4, no_unit_id: 0 }]);
    expect(rows.tours).toEqual([{ tour: '7', item_ver: 2, kind: 'step', out_step: -1, out_origin: '0', units: 3, events: 4 }]);
    expect(rows.feedback).toEqual([{ item_id: '12', item_kind: '3', answers: 5, yes: 2 }]);
    expect(rows.units).toEqual([{ population: 'assigned', experiment: '1', bucket: 3, unit: 'account', unit_id: '0042', arm: '1.5' }]);
  });

  it('a missing hygiene row reads as an empty log, end_ms null', async () => {
    const runner = fakeRunner(DIALECTS.duckdb, [[]]);
    const { rows } = await runAggregation(runner, OPTIONS, {}, false);
    expect(rows.hygiene).toEqual({ rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: null });
  });

  it.each([
    ['null', null, null],
    ['undefined', undefined, null],
    ['a quoted 64-bit integer', '1767225600000', 1_767_225_600_000],
    ['a bigint', 1_767_225_600_123n, 1_767_225_600_123],
    ['a number', 5, 5],
  ])('end_ms as %s becomes %s', async (_label, endMs, expected) => {
    const runner = fakeRunner(DIALECTS.clickhouse, [[{ ...hygiene, end_ms: endMs }]]);
    const { rows } = await runAggregation(runner, OPTIONS, {}, false);
    expect(rows.hygiene.end_ms).toBe(expected);
  });
});

describe('timings', () => {
  it('loadMs runs from `started` to the end of setup, queryMs from there to the end', async () => {
    const clock = [150, 400];
    vi.spyOn(performance, 'now').mockImplementation(() => clock.shift() ?? 999);
    const { timings } = await runAggregation(fakeRunner(DIALECTS.duckdb), OPTIONS, { materialized: true }, false, 100);
    expect(timings).toEqual({ loadMs: 50, queryMs: 250 });
  });
});
