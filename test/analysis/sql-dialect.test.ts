/**
 * src/analysis/sql-dialect.ts: how a user's value becomes SQL. Covers `text` in all three
 * dialects (each literal is one token that decodes back to exactly the value: quotes,
 * backslashes, every control character, unicode, comment markers, 100,000 characters; NUL
 * refused), run for real in DuckDB when it is installed; `table` (plain, qualified, reserved
 * and very long names quoted; anything else refused, per dialect); `commentText` (one line of
 * printable ASCII that JSON-decodes to the value); `sqlInteger` (whole milliseconds only), and
 * that a negative integer cannot open a `--` comment where the queries paste it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildQueries } from '../../src/analysis/sql';
import { commentText, DIALECTS, SqlValueError, sqlInteger } from '../../src/analysis/sql-dialect';

const HAS_DUCKDB = existsSync(join(__dirname, '../../node_modules/@duckdb/node-api'));
const CONTROLS = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('') + '\u007f';
const PAYLOADS = [
  "it's", "x'; DROP TABLE t; --", "x\\'; DROP TABLE t; --", "\\", "\\\\'", "''", "$$ DROP $$", 'a */ DROP /*', "up\nDROP TABLE t; --",
  "x\r\n; DROP", CONTROLS, 'é\u2028\u2029\u0085😀 中文', '"quoted" `ticks`', "'".repeat(1000),
  Array.from({ length: 10_000 }, (_, i) => (i % 10 === 0 ? "'" : i % 10 === 5 ? '\\' : 'a')).join(''),
  'x'.repeat(100_000),
];

/** DuckDB: standard SQL, quotes doubled, nothing else special. */
function decodeDoubled(literal: string): string {
  expect(literal).toMatch(/^'(?:[^']|'')*'$/);
  return literal.slice(1, -1).replace(/''/g, "'");
}
/** BigQuery and ClickHouse: only \\, \' and \xHH escapes, no raw control character, so one line. */
function decodeBackslashed(literal: string): string {
  expect(literal).toMatch(/^'(?:[^'\\\x00-\x1f\x7f]|\\\\|\\'|\\x[0-9a-f]{2})*'$/);
  return literal.slice(1, -1).replace(/\\(\\|'|x[0-9a-f]{2})/g, (_m, e: string) => (e.length === 1 ? e : String.fromCharCode(parseInt(e.slice(1), 16))));
}

describe('text (string literals)', () => {
  it('DuckDB: doubles quotes and keeps everything else, so each literal is one token that decodes to the value', () => {
    for (const value of PAYLOADS) expect(decodeDoubled(DIALECTS.duckdb.text(value))).toBe(value);
    expect(DIALECTS.duckdb.text("it's")).toBe("'it''s'");
  });

  it.each(['bigquery', 'clickhouse'] as const)('%s: escapes backslash, quote and every control character as \\xHH; one line per literal', (name) => {
    const d = DIALECTS[name];
    for (const value of PAYLOADS) expect(decodeBackslashed(d.text(value))).toBe(value);
    expect(d.text("it's a\\b\nc\u007f")).toBe("'it\\'s a\\\\b\\x0ac\\x7f'");
    expect(d.text('é😀')).toBe("'é😀'");
  });

  it.each(['duckdb', 'bigquery', 'clickhouse'] as const)('%s: refuses a NUL, which no engine stores alike', (name) => {
    expect(() => DIALECTS[name].text('a\u0000b')).toThrow(SqlValueError);
    expect(() => DIALECTS[name].text('a\u0000b')).toThrow(/NUL/);
  });

  it.skipIf(!HAS_DUCKDB)('DuckDB reads every literal back as exactly the value, and quoted reserved names as tables', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      for (const value of PAYLOADS) {
        const rows = (await connection.runAndReadAll(`SELECT ${DIALECTS.duckdb.text(value)} AS v`)).getRowObjects();
        expect(rows).toHaveLength(1);
        expect(rows[0].v).toBe(value);
      }
      await connection.run('CREATE SCHEMA "select"; CREATE TABLE "select"."from" AS SELECT 42 AS v');
      const rows = (await connection.runAndReadAll(`SELECT v FROM ${DIALECTS.duckdb.table('select.from')}`)).getRowObjects();
      expect(rows.map((r) => Number(r.v))).toEqual([42]);
    } finally {
      connection.closeSync();
    }
  }, 60_000);
});

describe('table (names)', () => {
  it('quotes plain and qualified names in each dialect', () => {
    expect(DIALECTS.duckdb.table('select')).toBe('"select"');
    expect(DIALECTS.duckdb.table('db.main.events_2026')).toBe('"db"."main"."events_2026"');
    expect(DIALECTS.bigquery.table('proj-1.analytics.events')).toBe('`proj-1.analytics.events`');
    expect(DIALECTS.bigquery.table('`proj-1.analytics.events`')).toBe('`proj-1.analytics.events`');
    expect(DIALECTS.bigquery.table('analytics.2026_events')).toBe('`analytics.2026_events`');
    expect(DIALECTS.clickhouse.table('analytics.guidepost_events')).toBe('`analytics`.`guidepost_events`');
    const long = `t${'_'.repeat(9_999)}`;
    expect(DIALECTS.clickhouse.table(long)).toBe(`\`${long}\``);
  });

  const always = ['', ' events', 'events ', 'events\n', 'a..b', '.events', 'a-b.c', 'a b', 'a"b', 'a`b', "a'b", 'a;b', 'a--b', 'a/*b', 'évents', 'a\u0000b', 'x'.repeat(50_000) + ';'];
  it.each([
    ['duckdb', [...always, 'a.b.c.d', '1events']],
    ['bigquery', [...always, 'a.b.c.d', 'proj-1.events', '-proj.a.b', '`a`.`b`', '`a.b', 'a.b-c.d']],
    ['clickhouse', [...always, 'a.b.c', '1events']],
  ] as const)('%s: refuses anything but letters, digits and "_" in the allowed number of parts', (name, bad) => {
    for (const table of bad) expect(() => DIALECTS[name].table(table), JSON.stringify(table.slice(0, 40))).toThrow(SqlValueError);
  });
});

describe('commentText', () => {
  it('is one line of printable ASCII that JSON-decodes to the value', () => {
    for (const value of [...PAYLOADS, '\ud800 lone surrogate', '\u0000']) {
      const text = commentText(value);
      expect(text).toMatch(/^"[\x20-\x7e]*"$/);
      expect(JSON.parse(text)).toBe(value);
    }
    expect(commentText('up\nDROP é')).toBe('"up\\nDROP \\u00e9"');
  });
});

describe('sqlInteger', () => {
  it('rounds to whole milliseconds and refuses what is not a safe integer', () => {
    expect([86_400_000, 1.4, 1.5, -1.5, -0, 1e-7, Number.MAX_SAFE_INTEGER].map((v) => sqlInteger(v, 'x'))).toEqual(['86400000', '1', '2', '-1', '0', '0', '9007199254740991']);
    for (const v of [NaN, Infinity, -Infinity, 2 ** 53, 1e21, -(2 ** 53)]) expect(() => sqlInteger(v, 'the window'), String(v)).toThrow(SqlValueError);
    expect(() => sqlInteger(NaN, 'the window')).toThrow('the window must be a whole number of milliseconds; found NaN');
  });

  it('a negative value never lands after a minus sign, where "- -5" would open a comment', () => {
    for (const dialect of Object.values(DIALECTS)) {
      const { queries, setup, units } = buildQueries(dialect, { goal: 'g', windowMs: -5, asOfMs: -7 }, { materialized: true });
      const sql = [...setup, ...Object.values(queries), units].join('\n');
      expect(sql).not.toContain('--');
      expect(sql).toContain('+ -5');
      expect(sql).toContain('<= -7');
    }
  });
});
