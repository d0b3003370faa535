/**
 * Nothing a user passes can end a statement (issue 15): every option that reaches SQL (--goal,
 * --experiment, --table, file names, --window, --as-of) is tried with newlines, quotes,
 * semicolons and comment markers. The printed scripts are split into statements by a lexer
 * that knows each dialect's strings, identifiers and comments: the count never changes and no
 * DROP appears outside a literal. DuckDB also runs the script with the payload goal and keeps
 * its tables; the analysis finds the goal by its exact (hostile) name.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../src/analysis/report';
import { runCliText as run, useTempDir } from '../support/cli-harness';

const PAYLOADS = ["up\nDROP TABLE t; --", "x'; DROP TABLE t; --", "x\\'; DROP TABLE t; --", 'a */ DROP TABLE t; /*', "x\r\n; DROP TABLE t", "é\u2028DROP TABLE t; --'"];

const dir = useTempDir('guidepost-sql-safety-');

/**
 * Code outside literals, identifiers and comments, for a dialect: '...' strings (doubled quotes;
 * backslash escapes too for BigQuery and ClickHouse), "..." and `...` identifiers, -- and /* *\/ comments.
 */
function codeOnly(sql: string, backslash: boolean): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      i++;
      while (i < sql.length) {
        if (backslash && sql[i] === '\\') i += 2;
        else if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i] === c) break;
        else i++;
      }
      i++;
      out += ' L ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const statements = (sql: string, dialect: string) => codeOnly(sql, dialect !== 'duckdb').split(';').filter((s) => s.trim()).length;

describe('injection through every option that reaches SQL', () => {
  it.each(['duckdb', 'bigquery', 'clickhouse'])('%s: --goal, --experiment and file names stay inside their literals and comments', async (dialect) => {
    const baseline = await run('analyze', '--print-sql', '--dialect', dialect);
    const count = statements(baseline.out, dialect);
    for (const payload of PAYLOADS) {
      for (const argv of [['--goal', payload], ['--experiment', payload], [`${payload}.ndjson`]]) {
        const result = await run('analyze', '--print-sql', '--dialect', dialect, ...argv);
        expect(result.code, result.err).toBe(0);
        const code = codeOnly(result.out, dialect !== 'duckdb');
        expect(statements(result.out, dialect), JSON.stringify(argv)).toBe(count);
        expect(code).not.toMatch(/DROP/i);
      }
    }
  });

  it.each(['bigquery', 'clickhouse'])('%s: a --table that is not a plain name is refused', async (dialect) => {
    for (const table of [...PAYLOADS, 'a b', 'x`; DROP TABLE t', 'a.b.c.d']) {
      const result = await run('analyze', '--print-sql', '--dialect', dialect, '--table', table);
      expect(result.code, table).toBe(2);
      expect(result.err).toMatch(/table name [\s\S]* is not allowed/);
    }
    expect((await run('analyze', '--print-sql', '--dialect', dialect, '--table', 'analytics.guidepost_events')).code).toBe(0);
  });

  it('refuses hostile --table with --clickhouse-url before connecting, and a NUL in a value', async () => {
    const result = await run('analyze', '--engine', 'clickhouse', '--clickhouse-url', 'http://127.0.0.1:1', '--table', 'x; DROP TABLE t');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/not allowed/);
    const nul = await run('analyze', '--print-sql', '--goal', 'a\u0000b');
    expect(nul.code).toBe(2);
    expect(nul.err).toContain('NUL');
  });

  it('numbers reach SQL only as whole milliseconds: --window and --as-of are parsed, never pasted', async () => {
    expect((await run('analyze', '--print-sql', '--window', '1d; DROP TABLE t')).code).toBe(2);
    expect((await run('analyze', '--print-sql', '--as-of', '2026-01-01T00:00:00Z; DROP TABLE t')).code).toBe(2);
    const ok = await run('analyze', '--print-sql', '--as-of', '2026-01-01T00:00:00Z');
    expect(ok.out).toContain(String(Date.parse('2026-01-01T00:00:00Z')));
  });

  it('DuckDB runs the printed script with a hostile goal, keeps its tables, and matches the goal by its exact name', async () => {
    const goal = PAYLOADS[0];
    const file = join(dir(), "it's\nhere.ndjson");
    const ev = (id: string, fields: Record<string, unknown>) => JSON.stringify({ event_id: id, ts: '2026-02-01T00:00:00Z', anonymous_id: 'd', session_id: 's', ...fields });
    await writeFile(file, [ev('e1', { type: 'exposure', experiment: 'x', variation: 'a', unit: 'user', unit_id: 'u1', user_id: 'u1' }), ev('g1', { type: 'goal', name: goal, user_id: 'u1', ts: '2026-02-01T01:00:00Z' }), ev('late', { type: 'goal', name: 'z', user_id: 'u1', ts: '2026-06-01T00:00:00Z' })].join('\n'));
    const script = (await run('analyze', '--print-sql', '--goal', goal, file)).out;
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run('CREATE TABLE t AS SELECT 1 AS one');
    await connection.run(script);
    expect((await connection.runAndReadAll('SELECT count(*) AS n FROM t')).getRowObjects()[0].n).toBe(1n);
    connection.closeSync();
    const report = JSON.parse((await run('analyze', file, '--json', '--goal', goal)).out) as AnalysisReport;
    expect(report.goal).toBe(goal);
    expect(report.experiments[0].exposed.arms[0]).toMatchObject({ units: 1, converted: 1 });
  }, 60_000);
});
