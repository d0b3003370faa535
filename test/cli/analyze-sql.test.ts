/**
 * src/cli/analyze-sql.ts: the script `guidepost analyze --print-sql` prints. Its shape per
 * dialect (a header, then one labelled statement per block), values only inside literals or
 * JSON-quoted comments, table names validated, and a DuckDB script that runs over files whose
 * names hold quotes and spaces.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printSql } from '../../src/cli/analyze-sql';
import { SqlValueError, type DialectName, type QueryOptions } from '../../src/analysis/sql';
import { makeEvent } from '../fixtures/events';
import { runCli, useTempDir } from '../support/cli-harness';

const tempDir = useTempDir('guidepost-analyze-sql-');
const DAY = 86_400_000;
const options: QueryOptions = { goal: 'upgraded', windowMs: 28 * DAY };
const QUERY_NAMES = ['hygiene', 'arms', 'consistency', 'exposures', 'tours', 'feedback', 'goalNames', 'withoutUnit'];

/** The "-- label" line that opens each block after the header, in order. */
const labels = (sql: string) => sql.split('\n\n').slice(1).map((block) => block.split('\n')[0]);
/** The two header lines. */
const header = (sql: string) => sql.split('\n').slice(0, 2);

describe('printSql: the script per dialect', () => {
  it('duckdb: UTC, the events table from the files, the two materialized tables, then every query', () => {
    const sql = printSql('duckdb', ['events.ndjson'], 'events', options);
    expect(labels(sql)).toEqual([
      '-- Read every timestamp in UTC',
      '-- events: the NDJSON files, one row per line, missing fields NULL',
      '-- clean: each event_id once, derived columns',
      '-- per_unit: each unit once per population, with its arm and window',
      ...QUERY_NAMES.map((name) => `-- ${name}`),
    ]);
    expect(sql).toContain("SET TimeZone = 'UTC';");
    expect(sql).toContain("read_csv(['events.ndjson']");
    // Each block is one statement ending in ";".
    for (const block of sql.split('\n\n').slice(1)) expect(block.trimEnd().endsWith(';'), block.slice(0, 60)).toBe(true);
  });

  it.each(['bigquery', 'clickhouse'] as const)('%s: only the standalone queries over the table, no file reading and no session setting', (dialect) => {
    const sql = printSql(dialect, ['ignored.ndjson'], 'analytics.events', options);
    expect(labels(sql)).toEqual(QUERY_NAMES.map((name) => `-- ${name}`));
    expect(sql).not.toContain('read_csv');
    expect(sql).not.toContain('SET TimeZone');
    expect(sql).not.toContain('ignored.ndjson');
    expect(sql).toContain(dialect === 'bigquery' ? 'FROM `analytics.events`' : 'FROM `analytics`.`events`');
  });

  it('states the dialect, the goal and the window in days in its header', () => {
    expect(header(printSql('bigquery', [], 'events', { goal: 'paid', windowMs: 12 * 3_600_000 }))).toEqual([
      '-- guidepost analyze: per-unit aggregation (bigquery). Goal "paid", window "0.5" days.',
      '-- Statistics (rates, intervals, p-values, sample-ratio test) are computed from these rows: see docs/analysis.md.',
    ]);
  });

  it('puts the window in milliseconds and the experiment and goal as literals', () => {
    const sql = printSql('duckdb', ['e.ndjson'], 'events', { goal: 'paid', windowMs: 7 * DAY, experiment: 'help-links' });
    expect(sql).toContain(String(7 * DAY));
    expect(sql).toContain("name = 'paid'");
    expect(sql).toContain("experiment = 'help-links'");
  });

  it('is the same script for the same input', () => {
    expect(printSql('clickhouse', [], 'events', options)).toBe(printSql('clickhouse', [], 'events', options));
  });
});

describe('printSql: hostile values', () => {
  const HOSTILE = ["x'; DROP TABLE t; --", 'a\nDROP TABLE t; --', 'b\r\nc', 'u\u2028v\u2029w', 'x */ y /* z', 'é"\\'];

  it.each(['duckdb', 'bigquery', 'clickhouse'] as DialectName[])('%s: a goal never leaves its header comment, whatever it holds', (dialect) => {
    for (const goal of HOSTILE) {
      const [first, second] = header(printSql(dialect, ['e.ndjson'], 'events', { ...options, goal }));
      expect(first.startsWith('-- guidepost analyze:')).toBe(true);
      // JSON-quoted and ASCII-only: no character in it can end the comment line.
      expect(first).toMatch(/^[\x20-\x7e]*$/);
      expect(first).toContain(`Goal ${JSON.stringify(goal).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)},`);
      expect(second.startsWith('-- Statistics')).toBe(true);
    }
  });

  it('duckdb: doubles quotes in file names and keeps newlines inside the literal', () => {
    const sql = printSql('duckdb', ["o'brien.ndjson", 'two\nlines.ndjson'], 'events', options);
    expect(sql).toContain("read_csv(['o''brien.ndjson', 'two\nlines.ndjson']");
  });

  it('bigquery and clickhouse: backslash-escape quotes and control characters so a literal stays on one line', () => {
    for (const dialect of ['bigquery', 'clickhouse'] as const) {
      const sql = printSql(dialect, [], 'events', { ...options, goal: "it's\nhere\\" });
      expect(sql).toContain("name = 'it\\'s\\x0ahere\\\\'");
    }
  });

  it('refuses a NUL in the goal, the experiment or a file name with a SqlValueError naming the value', () => {
    const attempts: [DialectName, string[], QueryOptions][] = [
      ['duckdb', ['e.ndjson'], { ...options, goal: 'a\u0000b' }],
      ['bigquery', [], { ...options, experiment: 'e\u0000' }],
      ['duckdb', ['e\u0000.ndjson'], options],
    ];
    for (const [dialect, files, opts] of attempts) {
      expect(() => printSql(dialect, files, 'events', opts)).toThrow(SqlValueError);
      expect(() => printSql(dialect, files, 'events', opts)).toThrow(/contains a NUL character/);
    }
  });

  it.each([
    ['bigquery', 'events; DROP TABLE t'],
    ['bigquery', 'a.b.c.d'],
    ['bigquery', 'ev`ents'],
    ['clickhouse', 'db.schema.events'],
    ['clickhouse', 'events--'],
    ['clickhouse', ''],
  ] as [DialectName, string][])('%s refuses the table %j, naming it', (dialect, table) => {
    expect(() => printSql(dialect, [], table, options)).toThrow(SqlValueError);
    expect(() => printSql(dialect, [], table, options)).toThrow(JSON.stringify(table));
  });

  it('refuses a window or as-of that is not a whole number of milliseconds', () => {
    expect(() => printSql('duckdb', [], 'events', { ...options, windowMs: Number.NaN })).toThrow(/the window must be a whole number of milliseconds/);
    expect(() => printSql('duckdb', [], 'events', { ...options, asOfMs: Number.POSITIVE_INFINITY })).toThrow(/--as-of must be a whole number/);
  });
});

describe('printSql: DuckDB runs the script', () => {
  it('over files whose names hold quotes and spaces, reading every line of them', async () => {
    const files = [join(tempDir(), "o'brien events.ndjson"), join(tempDir(), 'second "file".ndjson')];
    const ids = ['0193f0c2-7a00-7000-8000-00000000000a', '0193f0c2-7a00-7000-8000-00000000000b', '0193f0c2-7a00-7000-8000-00000000000c'];
    await writeFile(files[0], `${JSON.stringify(makeEvent({ event_id: ids[0] }))}\n${JSON.stringify(makeEvent({ event_id: ids[1], type: 'goal', name: 'upgraded' }))}\n`);
    await writeFile(files[1], `${JSON.stringify(makeEvent({ event_id: ids[2] }))}\n`);
    const sql = printSql('duckdb', files, 'events', options);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const statements = sql.split(/;\n/).map((s) => s.trim()).filter((s) => s && !/^(--[^\n]*\n?)*$/.test(s));
      // SET, the events block (the table, the lines the reader set aside added, its reject table emptied), clean, per_unit, eight queries.
      expect(statements).toHaveLength(14);
      for (const statement of statements) await connection.run(statement);
      const rows = (await connection.runAndReadAll('SELECT event_id FROM events ORDER BY event_id')).getRowObjects();
      expect(rows.map((r) => r.event_id)).toEqual(ids);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 60_000);
});

describe('printSql: file names DuckDB would read as patterns', () => {
  // `guidepost analyze "events-?.ndjson"` reads that one file (./files.ts gives it a plain-named
  // stand-in); DuckDB reads every path as a glob. The printed script must read the same file.
  const names = { 'ev-1.ndjson': 1, 'ev-?.ndjson': 2, 'ev-[1].ndjson': 3, 'ev-*.ndjson': 4, "ev-'q' [x].ndjson": 5, 'ev-x.ndjson': 6 };
  const id = (i: number) => `0193f0c2-7a00-7000-8000-${String(i).padStart(12, '0')}`;

  async function runScript(sql: string): Promise<string[]> {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(sql);
      return (await connection.runAndReadAll('SELECT event_id FROM events ORDER BY event_id')).getRowObjects().map((r) => String(r.event_id));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  it('reads exactly the file named, as the real run does, for names holding * ? [ ] and quotes', async () => {
    let next = 0;
    const expected: Record<string, string[]> = {};
    for (const [name, count] of Object.entries(names)) {
      expected[name] = Array.from({ length: count }, () => id(next++));
      await writeFile(join(tempDir(), name), expected[name].map((event_id) => JSON.stringify(makeEvent({ event_id }))).join('\n') + '\n');
    }
    for (const name of ['ev-?.ndjson', 'ev-[1].ndjson', 'ev-*.ndjson', "ev-'q' [x].ndjson"]) {
      const file = join(tempDir(), name);
      const printed = await runCli('analyze', file, '--print-sql');
      expect(printed.code, printed.err.join('\n')).toBe(0);
      expect(await runScript(printed.out.join('\n')), name).toEqual(expected[name]);
      const real = await runCli('analyze', file, '--json');
      expect(real.code, real.err.join('\n')).toBe(0);
      expect(JSON.parse(real.out.join('\n')).hygiene.rowsRead, name).toBe(expected[name].length);
    }
  }, 120_000);

  it('escapes pattern characters as one-character classes, quotes the literal, and keeps a leading "~" from meaning home', () => {
    const sql = printSql('duckdb', ["it's-[1]-*?.ndjson", '~events.ndjson', 'plain.ndjson'], 'events', options);
    expect(sql).toContain("read_csv(['it''s-[[]1]-[*][?].ndjson', './~events.ndjson', 'plain.ndjson']");
    // The first-line check reads the same paths, and names the file as given in its message.
    expect(sql).toContain("SELECT 'it''s-[1]-*?.ndjson' AS file, (SELECT trim(line, chr(32) || chr(9) || chr(13)) FROM read_csv('it''s-[[]1]-[*][?].ndjson'");
    expect(sql).toContain("read_csv('./~events.ndjson'");
  });

  it('refuses "-" (standard input): the printed script reads files', async () => {
    const result = await runCli('analyze', '-', '--print-sql');
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toMatch(/--print-sql prints a script that reads files/);
  });
});

