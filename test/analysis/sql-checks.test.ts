/**
 * src/analysis/sql-checks.ts: the two checks' selects, run by embedded DuckDB over a `clean`
 * table of hand-made events, give the rows worked out in test/support/clean-events.ts, the same
 * as their TypeScript twin (aggregate-checks.ts), ordered as their ORDER BY says; the experiment
 * and --as-of conditions sql.ts pastes in narrow them. plainRows turns engine values into plain
 * numbers except in text columns. (Both inside a whole analysis: sql.test.ts.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clean } from '../../src/analysis/aggregate';
import { goalNameRows, withoutUnitRows } from '../../src/analysis/aggregate-checks';
import { GOAL_NAMES_SELECT, plainRows, TEXT_COLUMNS, withoutUnitSelect } from '../../src/analysis/sql-checks';
import type { GoalNameRow, WithoutUnitRow } from '../../src/analysis/sql';
import { byKey, CHECK_EVENTS, WITHOUT_UNIT } from '../support/clean-events';

const HAS_DUCKDB = existsSync(join(__dirname, '../../node_modules/@duckdb/node-api'));

const sqlText = (value: string | null) => (value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`);
const COLUMNS = ['type', 'name', 'ms', 'experiment', 'variation', 'bucket', 'unit', 'unit_id', 'is_forced'] as const;
const valuesOf = (e: Clean) => `(${sqlText(e.type)}, ${sqlText(e.name)}, ${e.ms}, ${sqlText(e.experiment)}, ${sqlText(e.variation)}, ${e.bucket}, ${sqlText(e.unit)}, ${sqlText(e.unit_id)}, ${e.is_forced})`;

describe.skipIf(!HAS_DUCKDB)('the checks in DuckDB', () => {
  let run: <T>(sql: string) => Promise<T[]>;
  let close: () => void;

  beforeAll(async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE clean (type VARCHAR, name VARCHAR, ms BIGINT, experiment VARCHAR, variation VARCHAR, bucket INTEGER, unit VARCHAR, unit_id VARCHAR, is_forced INTEGER)`);
    await connection.run(`INSERT INTO clean (${COLUMNS.join(', ')}) VALUES ${CHECK_EVENTS.map(valuesOf).join(',\n')}`);
    run = async <T>(sql: string) => plainRows<T>((await connection.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[], TEXT_COLUMNS);
    close = () => {
      connection.closeSync();
      instance.closeSync();
    };
  });
  afterAll(() => close?.());

  it('GOAL_NAMES_SELECT: goal events per name, in name order, as plain numbers', async () => {
    const rows = await run<GoalNameRow>(GOAL_NAMES_SELECT);
    expect(rows).toEqual([
      { goal_name: 'signup', events: 1 },
      { goal_name: 'upgraded', events: 3 },
    ]);
    expect(byKey(rows)).toEqual(byKey(goalNameRows(CHECK_EVENTS)));
  });

  it('withoutUnitSelect: the worked-out rows, ordered by experiment, bucket, unit kind and arm', async () => {
    const rows = await run<WithoutUnitRow>(withoutUnitSelect('', ''));
    expect(rows).toEqual(byKey(WITHOUT_UNIT).sort((a, b) => a.experiment.localeCompare(b.experiment) || a.bucket - b.bucket || a.unit_kind.localeCompare(b.unit_kind) || a.arm.localeCompare(b.arm)));
    expect(byKey(rows)).toEqual(byKey(withoutUnitRows(CHECK_EVENTS, {}, () => true)));
  });

  it('withoutUnitSelect with the experiment condition sql.ts pastes in: that experiment alone', async () => {
    const rows = await run<WithoutUnitRow>(withoutUnitSelect("\n    AND experiment = 'y'", ''));
    expect(rows).toEqual([WITHOUT_UNIT[4]]);
    expect(rows).toEqual(withoutUnitRows(CHECK_EVENTS, { experiment: 'y' }, () => true));
  });

  it('withoutUnitSelect with the --as-of condition: events up to that instant', async () => {
    const rows = await run<WithoutUnitRow>(withoutUnitSelect('', ' AND ms <= 1000'));
    expect(byKey(rows)).toEqual(byKey(WITHOUT_UNIT.filter((row) => row.experiment === 'x')));
    expect(byKey(rows)).toEqual(byKey(withoutUnitRows(CHECK_EVENTS, {}, (e) => e.ms <= 1000)));
  });
});

describe('the selects as text', () => {
  it('read from `clean` only, so sql.ts can put them after its CTEs', () => {
    for (const sql of [GOAL_NAMES_SELECT, withoutUnitSelect('', '')]) {
      expect(sql).toMatch(/^SELECT /);
      expect([...sql.matchAll(/\bFROM\s+(\w+)/g)].map((m) => m[1])).toEqual(['clean']);
      expect(sql).not.toContain(';');
    }
  });

  it('withoutUnitSelect puts both conditions inside its WHERE, before GROUP BY', () => {
    const sql = withoutUnitSelect(' AND experiment = ONLY', ' AND ms <= ASOF');
    const where = sql.indexOf('WHERE');
    const group = sql.indexOf('GROUP BY');
    for (const condition of ['AND experiment = ONLY', 'AND ms <= ASOF']) {
      expect(sql.indexOf(condition)).toBeGreaterThan(where);
      expect(sql.indexOf(condition)).toBeLessThan(group);
    }
  });
});

describe('plainRows', () => {
  it('numbers from bigint, quoted integers and decimals, and booleans; text columns, other text and nulls as they are', () => {
    const rows = plainRows<Record<string, unknown>>(
      [{ events: 3n, no_unit: '12', rate: '-0.25', flag: true, off: false, goal_name: '2026', unit_kind: '10', note: '1e3', label: 'abc', missing: null }],
      TEXT_COLUMNS,
    );
    expect(rows).toEqual([{ events: 3, no_unit: 12, rate: -0.25, flag: 1, off: 0, goal_name: '2026', unit_kind: '10', note: '1e3', label: 'abc', missing: null }]);
  });

  it('the text columns are what the caller names: any other list changes what stays text', () => {
    expect(plainRows<Record<string, unknown>>([{ goal_name: '7', other: '7' }], ['other'])).toEqual([{ goal_name: 7, other: '7' }]);
  });

  it('makes new rows: the engine rows are left unchanged', () => {
    const input = [{ events: 2n }];
    const [row] = plainRows<{ events: number }>(input, TEXT_COLUMNS);
    expect(row.events).toBe(2);
    expect(input[0].events).toBe(2n);
  });
});
