/**
 * The documented ClickHouse table and its loading statement (src/analysis/clickhouse-schema.ts).
 * chdb runs them in test/analysis/clickhouse.test.ts when installed; these tests hold without
 * it: the table has exactly the columns the queries read, the INSERT fills them by position in
 * the same order, and every name and path passes through the dialect's quoting.
 */
import { describe, expect, it } from 'vitest';
import { clickhouseEventsDdl, clickhouseIngestSql } from '../../src/analysis/clickhouse-schema';
import { SqlValueError } from '../../src/analysis/sql-dialect';
import { EVENT_COLUMNS, ZONED_TIMESTAMP } from '../../src/analysis/sql-events';

/** [name, type] of each column of the CREATE TABLE, in order. */
function ddlColumns(ddl: string): [string, string][] {
  const body = /\(\n([\s\S]*?)\n\)\nENGINE/.exec(ddl)?.[1] ?? '';
  return body.split(',\n').map((line) => {
    const [, name, type] = /^\s*(\w+) (.+)$/.exec(line) ?? [];
    return [name, type];
  });
}

/** The expressions of the INSERT's SELECT list, in order. */
function selectList(sql: string): string[] {
  const list = /\nSELECT ([\s\S]*?)\nFROM file\(/.exec(sql)?.[1] ?? '';
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of list) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out;
}

/** [name, type] of the JSONEachRow structure string. */
function fileStructure(sql: string): [string, string][] {
  const structure = /'JSONEachRow',\s*'([^']*)'\)/.exec(sql)?.[1] ?? '';
  return structure.split(', ').map((f) => {
    const [name, ...type] = f.split(' ');
    return [name, type.join(' ')];
  });
}

const HOSTILE_TABLES = ['events; DROP TABLE users', 'a.b.c', '`events`', 'my events', '', 'db.', '.events', '1events', "ev'ents", 'ev--ents', 'ev/*x*/', 'évents', 'events\n'];

describe('clickhouseEventsDdl', () => {
  const ddl = clickhouseEventsDdl('guidepost_events');

  it('creates the table once, by a quoted name, optionally in a database', () => {
    expect(ddl.startsWith('CREATE TABLE IF NOT EXISTS `guidepost_events` (\n')).toBe(true);
    expect(clickhouseEventsDdl('analytics.events').startsWith('CREATE TABLE IF NOT EXISTS `analytics`.`events` (\n')).toBe(true);
    expect(clickhouseEventsDdl('_a1.B_2').startsWith('CREATE TABLE IF NOT EXISTS `_a1`.`B_2` (')).toBe(true);
  });

  it.each(HOSTILE_TABLES)('refuses the table name %j with a SqlValueError that names it', (name) => {
    expect(() => clickhouseEventsDdl(name)).toThrow(SqlValueError);
    expect(() => clickhouseEventsDdl(name)).toThrow(`ClickHouse table name ${JSON.stringify(name)} is not allowed`);
  });

  it('has exactly the columns the queries read, in EVENT_COLUMNS order', () => {
    expect(ddlColumns(ddl).map(([name]) => name)).toEqual(Object.keys(EVENT_COLUMNS));
  });

  it('gives each column the ClickHouse type of its SQL type; only event_id, type and ts are required', () => {
    const base = (type: string) => type.replace(/^LowCardinality\((.*)\)$/, '$1').replace(/^Nullable\((.*)\)$/, '$1');
    const expected: Record<string, string> = { VARCHAR: 'String', BIGINT: 'Int64', BOOLEAN: 'Bool', JSON: 'String' };
    for (const [name, type] of ddlColumns(ddl)) {
      if (name === 'ts') {
        expect(type).toBe("DateTime64(3, 'UTC')");
        continue;
      }
      expect(base(type), name).toBe(expected[EVENT_COLUMNS[name]]);
      expect(type.includes('Nullable('), name).toBe(!['event_id', 'type'].includes(name));
    }
  });

  it('keeps ts an instant in UTC, drops re-delivered events by event_id, and partitions by month', () => {
    expect(ddl).toContain("ts DateTime64(3, 'UTC')");
    expect(ddl).toMatch(/\nENGINE = ReplacingMergeTree\nPARTITION BY toYYYYMM\(ts\)\nORDER BY \(event_id\)$/);
  });

  it('is one statement: no semicolon, no comment', () => {
    expect(ddl).not.toContain(';');
    expect(ddl).not.toContain('--');
    expect(ddl).not.toContain('/*');
  });
});

describe('clickhouseIngestSql', () => {
  const sql = clickhouseIngestSql('guidepost_events', 'data/events.ndjson');

  it('inserts into the quoted table from the file as JSONEachRow', () => {
    expect(sql.startsWith('INSERT INTO `guidepost_events`\nSELECT ')).toBe(true);
    expect(sql).toContain("FROM file('data/events.ndjson', 'JSONEachRow',");
    expect(clickhouseIngestSql('db.t', 'f')).toContain('INSERT INTO `db`.`t`\n');
  });

  it('selects one expression per table column, in the table\'s order (the INSERT goes by position)', () => {
    const list = selectList(sql);
    const columns = ddlColumns(clickhouseEventsDdl('guidepost_events')).map(([name]) => name);
    const expressions: Record<string, string> = { event_id: 'assumeNotNull(event_id) AS id', ts: "assumeNotNull(parseDateTime64BestEffortOrNull(ts, 3, 'UTC')) AS ts_utc" };
    expect(list).toEqual(columns.map((c) => expressions[c] ?? c));
  });

  it('parses ts in UTC under another name (naming it ts would make the WHERE read the parsed value)', () => {
    expect(selectList(sql)[2]).toBe("assumeNotNull(parseDateTime64BestEffortOrNull(ts, 3, 'UTC')) AS ts_utc");
    expect(sql).not.toMatch(/ AS ts[,\s]/);
  });

  it('reads the file with a structure that names every column the table has, in the same order, ts as text', () => {
    const structure = fileStructure(sql);
    expect(structure.map(([name]) => name)).toEqual(Object.keys(EVENT_COLUMNS));
    expect(Object.fromEntries(structure)).toMatchObject({ event_id: 'Nullable(String)', ts: 'String', item_version: 'Nullable(Int64)', counterfactual: 'Nullable(Bool)', properties: 'Nullable(String)' });
  });

  it('keeps only lines with an event_id and a timestamp with a zone that names a real time, reads nested properties as JSON text and skips unknown fields', () => {
    // OrNull: one impossible date (2026-02-30) must not abort the whole load; a missing id is no event, as in DuckDB.
    expect(sql).toContain(`WHERE event_id IS NOT NULL AND match(ts, '${ZONED_TIMESTAMP}') AND parseDateTime64BestEffortOrNull(ts, 3, 'UTC') IS NOT NULL`);
    expect(sql).toMatch(/SETTINGS input_format_json_read_objects_as_strings = 1, input_format_skip_unknown_fields = 1$/);
  });

  it('escapes a hostile path: a quote, a backslash and a newline stay inside the one literal', () => {
    const hostile = clickhouseIngestSql('t', "x', 'CSV') UNION ALL SELECT 1 --\\\n.ndjson");
    expect(hostile).toContain("FROM file('x\\', \\'CSV\\') UNION ALL SELECT 1 --\\\\\\x0a.ndjson', 'JSONEachRow',");
    expect(hostile.split('\n').some((line) => line.startsWith('.ndjson'))).toBe(false);
  });

  it('refuses a NUL in the path and a hostile table name', () => {
    expect(() => clickhouseIngestSql('t', 'a\u0000b')).toThrow(SqlValueError);
    for (const name of HOSTILE_TABLES) expect(() => clickhouseIngestSql(name, 'f')).toThrow(SqlValueError);
  });
});
