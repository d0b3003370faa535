/**
 * The `events` table over NDJSON files (src/analysis/sql-events.ts): the SQL text for DuckDB
 * and chdb, and, run in real DuckDB, how each line becomes a row: typed columns, timestamps
 * only with a zone (read as the same instant whatever the session's zone), torn lines as rows
 * of NULLs that are counted, never a reason to lose a neighbouring event.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateEvents, zonedMs, type RawEvent } from '../../src/analysis/aggregate';
import { aggregateWithDuckDb } from '../../src/analysis/duckdb';
import { SqlValueError } from '../../src/analysis/sql-dialect';
import { clickhouseEventsTable, duckdbEventsTable, EVENT_COLUMNS, MAX_LINE_BYTES, ZONED_TIMESTAMP, ZONELESS_TIMESTAMP } from '../../src/analysis/sql-events';
import { ZONED_TIMESTAMP as COLLECTOR_ZONED_TIMESTAMP, timestampProblem } from '../../src/track/event';

let dir: string;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let fileNo = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-sql-events-'));
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(async () => {
  connection?.closeSync();
  instance?.closeSync();
  await rm(dir, { recursive: true, force: true });
});

async function ndjson(lines: string[], name = `f${fileNo++}.ndjson`): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

const plain = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

/** The events table over `files`, with epoch ms of ts, as plain objects in file order. */
async function table(files: string[], columns = 'event_id, epoch_ms(ts) AS ms, ts_zoneless'): Promise<Record<string, unknown>[]> {
  await connection.run(duckdbEventsTable(files));
  const rows = (await connection.runAndReadAll(`SELECT ${columns} FROM events`)).getRowObjects();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])));
}

const iso = '2026-01-05T09:30:00Z';
const MS = Date.parse(iso);

describe('EVENT_COLUMNS', () => {
  it('are the schema v1 fields the analysis reads, with their SQL types', () => {
    expect(EVENT_COLUMNS).toEqual({
      event_id: 'VARCHAR', type: 'VARCHAR', ts: 'VARCHAR', anonymous_id: 'VARCHAR', user_id: 'VARCHAR', account_id: 'VARCHAR',
      session_id: 'VARCHAR', item_id: 'VARCHAR', item_type: 'VARCHAR', item_version: 'BIGINT', name: 'VARCHAR', experiment: 'VARCHAR',
      variation: 'VARCHAR', bucket_version: 'BIGINT', unit: 'VARCHAR', unit_id: 'VARCHAR', counterfactual: 'BOOLEAN', forced: 'BOOLEAN',
      step: 'BIGINT', origin: 'VARCHAR', properties: 'JSON',
    });
  });
});

describe('the timestamp patterns', () => {
  it('ZONED_TIMESTAMP is the collector\'s own pattern', () => {
    expect(ZONED_TIMESTAMP).toBe(COLLECTOR_ZONED_TIMESTAMP);
  });

  it.each(['2026-01-05', '2026-01-05T09:30', '2026-01-05 09:30:00', '2026-01-05t09:30:00.123', '2026-01-05T09:30:00,5'])('ZONELESS_TIMESTAMP matches %s', (ts) => {
    expect(new RegExp(ZONELESS_TIMESTAMP).test(ts)).toBe(true);
    expect(new RegExp(ZONED_TIMESTAMP).test(ts)).toBe(false);
  });

  it.each(['2026-01-05T09:30:00Z', '2026-01-05T09:30:00+01:00', '2026-1-5', 'yesterday', '', '2026-01-05T9:30', ' 2026-01-05', '2026-01-05T09:30:00Z\n'])('ZONELESS_TIMESTAMP does not match %j', (ts) => {
    expect(new RegExp(ZONELESS_TIMESTAMP).test(ts)).toBe(false);
  });
});

describe('duckdbEventsTable: the SQL', () => {
  it('reads every file line by line, each path one literal with its quotes doubled, and parses every column by its type rule', () => {
    const sql = duckdbEventsTable(['/data/a.ndjson', "/data/it's.ndjson"]);
    expect(sql).toContain('CREATE OR REPLACE TEMP TABLE events AS');
    expect(sql).toContain("read_csv(['/data/a.ndjson', '/data/it''s.ndjson'], columns = {'line': 'VARCHAR'}, delim = chr(0), quote = ''");
    // Lines that cannot be read as text are set aside, then counted as rows.
    expect(sql).toContain("store_rejects = true, rejects_table = 'guidepost_line_errors'");
    expect(sql).toContain('INSERT INTO events (ts_zoneless) SELECT 0 FROM (SELECT DISTINCT file_id, line FROM guidepost_line_errors);');
    expect(sql).toMatch(/DELETE FROM guidepost_line_errors$/);
    const rule: Record<string, (name: string) => string> = {
      VARCHAR: (name) => `CASE WHEN ${name}_type = 'VARCHAR' THEN ${name} ELSE CAST(`,
      BIGINT: (name) => `THEN CAST(${name}_number AS BIGINT) END AS ${name}`,
      BOOLEAN: (name) => `CASE WHEN ${name}_type IN ('BOOLEAN', 'VARCHAR') THEN CASE lower(${name}) WHEN 'true' THEN true WHEN 'false' THEN false END END AS ${name}`,
      JSON: (name) => `CASE WHEN ${name}_type = 'OBJECT' THEN CAST(${name} AS JSON) END AS ${name}`,
    };
    for (const [name, type] of Object.entries(EVENT_COLUMNS)) expect(sql).toContain(rule[type](name));
    expect(sql).toContain('AS TIMESTAMPTZ) END AS ts,');
  });

  it('refuses a path with a NUL character, naming it', () => {
    expect(() => duckdbEventsTable(['/data/a\u0000b.ndjson'])).toThrow(SqlValueError);
    expect(() => duckdbEventsTable(['/data/a\u0000b.ndjson'])).toThrow('"/data/a\\u0000b.ndjson" contains a NUL character');
  });
});

describe('clickhouseEventsTable: the SQL', () => {
  const sql = clickhouseEventsTable(['/data/a.ndjson', "/data/it's\\\n.ndjson"]);

  it('reads each file line by line, one SELECT per file, with backslash escapes and no raw newline in a literal', () => {
    expect(sql).toMatch(/^CREATE TABLE events ENGINE = Memory AS/);
    expect(sql).toContain("SELECT line FROM file('/data/a.ndjson', 'LineAsString')");
    expect(sql).toContain("SELECT line FROM file('/data/it\\'s\\\\\\x0a.ndjson', 'LineAsString')");
    expect(sql.match(/UNION ALL/g)).toHaveLength(1);
  });

  it('splits each line once into raw values, types every column by the rules DuckDB uses, skips blank lines and drops a leading byte-order mark', () => {
    expect(sql).toContain("JSONExtractKeysAndValuesRaw(replaceRegexpOne(line, '^\\xEF\\xBB\\xBF', '')) AS kvs");
    for (const name of Object.keys(EVENT_COLUMNS)) expect(sql).toContain(`arrayFirst(kv -> kv.1 = '${name}', kvs).2 AS r_${name}`);
    // Text: a JSON string, or a whole number; an integer: a whole number or a string of digits; true/false.
    expect(sql).toContain('coalesce(s_event_id, toString(if(n_event_id = trunc(n_event_id) AND abs(n_event_id) <= 9007199254740991, toInt64(n_event_id), NULL))) AS event_id');
    expect(sql).toContain("toFloat64OrNull(extract(s_step, '^-?[0-9]+$'))");
    expect(sql).toContain("multiIf(lower(coalesce(s_forced, r_forced)) = 'true', true, lower(coalesce(s_forced, r_forced)) = 'false', false, NULL) AS forced");
    expect(sql).toContain("if(startsWith(r_properties, '{'), r_properties, NULL) AS properties");
    expect(sql).toContain("WHERE match(line, '[^ \\t\\r]')");
  });

  it('reads ts only with a zone, in UTC, and flags zone-less text', () => {
    expect(sql).toContain("parseDateTime64BestEffortOrNull(replaceOne(ts_text, ',', '.'), 3, 'UTC')");
    expect(sql).toContain(`match(ts_text, '${ZONED_TIMESTAMP}')`);
    expect(sql).toContain(`match(coalesce(ts_text, ''), '${ZONELESS_TIMESTAMP}')`);
  });

  it('refuses a NUL in a path', () => {
    expect(() => clickhouseEventsTable(['a\u0000'])).toThrow(SqlValueError);
  });
});

describe('the events table in DuckDB', () => {
  it('reads timestamps with any zone designator as the same instant, and nothing without a zone', async () => {
    const cases: [string, number | null, 0 | 1][] = [
      ['2026-01-05T09:30:00Z', MS, 0],
      ['2026-01-05T09:30:00z', MS, 0],
      ['2026-01-05t09:30:00Z', MS, 0],
      ['2026-01-05 09:30:00Z', MS, 0],
      ['2026-01-05T09:30:00.123Z', MS + 123, 0],
      ['2026-01-05T09:30:00+05:30', MS - 5.5 * 3_600_000, 0],
      ['2026-01-05T09:30:00+0530', MS - 5.5 * 3_600_000, 0],
      ['2026-01-05T09:30:00+05', MS - 5 * 3_600_000, 0],
      ['2026-01-05T09:30:00-08:00', MS + 8 * 3_600_000, 0],
      ['2026-01-05T09:30:00', null, 1],
      ['2026-01-05', null, 1],
      ['2026-02-30T00:00:00Z', null, 0],
      ['2026-13-01T00:00:00Z', null, 0],
      ['yesterday', null, 0],
      ['', null, 0],
    ];
    const file = await ndjson(cases.map(([ts], i) => JSON.stringify({ event_id: `e${i}`, ts })));
    expect(await table([file])).toEqual(cases.map(([, ms, zoneless], i) => ({ event_id: `e${i}`, ms, ts_zoneless: zoneless })));
  });

  it('gives the same instants when the session runs in another zone (a zone in the text decides)', async () => {
    const file = await ndjson([JSON.stringify({ event_id: 'a', ts: '2026-03-29T01:30:00+01:00' }), JSON.stringify({ event_id: 'b', ts: iso })]);
    try {
      await connection.run("SET TimeZone = 'Asia/Tokyo'");
      expect(await table([file], 'event_id, epoch_ms(ts) AS ms')).toEqual([
        { event_id: 'a', ms: Date.parse('2026-03-29T00:30:00Z') },
        { event_id: 'b', ms: MS },
      ]);
    } finally {
      await connection.run("SET TimeZone = 'UTC'");
    }
  });

  it('a timestamp that is not a string (epoch ms, a boolean, an object) is no time and not zone-less', async () => {
    const file = await ndjson([
      JSON.stringify({ event_id: 'n', ts: MS }),
      JSON.stringify({ event_id: 'b', ts: true }),
      JSON.stringify({ event_id: 'o', ts: { iso } }),
      JSON.stringify({ event_id: 'missing' }),
    ]);
    expect(await table([file])).toEqual([
      { event_id: 'n', ms: null, ts_zoneless: 0 },
      { event_id: 'b', ms: null, ts_zoneless: 0 },
      { event_id: 'o', ms: null, ts_zoneless: 0 },
      { event_id: 'missing', ms: null, ts_zoneless: 0 },
    ]);
  });

  it('ignores unknown fields, leaves missing ones NULL, casts numbers, and keeps properties as JSON text', async () => {
    const file = await ndjson([
      JSON.stringify({ event_id: 'x', ts: iso, zzz: 1, schema_version: 1, properties: { helpful: true, nested: { a: [1, 2] } }, step: '3', item_version: 2, forced: true }),
    ]);
    const [row] = await table([file], 'event_id, type, step, item_version, forced, counterfactual, properties, user_id');
    expect(row).toEqual({ event_id: 'x', type: null, step: 3, item_version: 2, forced: true, counterfactual: null, properties: '{"helpful":true,"nested":{"a":[1,2]}}', user_id: null });
  });

  it('keeps SQL-like text, quotes, newlines and non-Latin text in values exactly', async () => {
    const hostile = { event_id: "x'); DROP TABLE events; --", ts: iso, experiment: "exp' OR '1'='1", variation: 'a\nb\t"c"\\', name: '名前 🎉' };
    const file = await ndjson([JSON.stringify(hostile)]);
    const [row] = await table([file], 'event_id, experiment, variation, name');
    expect(row).toEqual({ event_id: hostile.event_id, experiment: hostile.experiment, variation: hostile.variation, name: hostile.name });
    expect(await table([file], 'count(*) AS n')).toEqual([{ n: 1 }]);
  });

  it('turns each line that is not a JSON object into a row of NULLs, skips blank lines, and reads CRLF endings', async () => {
    const good = (id: string) => JSON.stringify({ event_id: id, ts: iso });
    const file = join(dir, 'crlf.ndjson');
    await writeFile(file, [good('a'), '[1,2]', '"text"', '42', 'null', '', '   ', '{"event_id": "torn", "ty', good('b')].join('\r\n') + '\r\n');
    const rows = await table([file], 'event_id, epoch_ms(ts) AS ms');
    expect(rows).toEqual([
      { event_id: 'a', ms: MS }, { event_id: null, ms: null }, { event_id: null, ms: null }, { event_id: null, ms: null },
      { event_id: null, ms: null }, { event_id: null, ms: null }, { event_id: 'b', ms: MS },
    ]);
  });

  it('reads a line of several megabytes and a deeply nested property without losing the event', async () => {
    const big = JSON.stringify({ event_id: 'big', ts: iso, properties: { pad: 'x'.repeat(20_000_000) } });
    const deep = `{"event_id": "deep", "ts": "${iso}", "properties": {"a": ${'['.repeat(3000)}${']'.repeat(3000)}}}`;
    const file = await ndjson([big, deep, JSON.stringify({ event_id: 'after', ts: iso })]);
    expect(await table([file], 'event_id, epoch_ms(ts) AS ms')).toEqual([
      { event_id: 'big', ms: MS }, { event_id: 'deep', ms: MS }, { event_id: 'after', ms: MS },
    ]);
  }, 60_000);

  it('reads several files in order, and a path with a quote in it', async () => {
    const a = await ndjson([JSON.stringify({ event_id: 'a', ts: iso })], "it's a.ndjson");
    const b = await ndjson([JSON.stringify({ event_id: 'b', ts: iso })], 'b; DROP TABLE events.ndjson');
    expect((await table([a, b], 'event_id')).map((r) => r.event_id).sort()).toEqual(['a', 'b']);
  });

  it('a pretty-printed (multi-line) file is refused with an error that names it, not read as an empty log', async () => {
    const file = await ndjson([JSON.stringify({ event_id: 'p', ts: iso }, null, 2)]);
    await expect(table([file], 'event_id')).rejects.toThrow(file);
  });
});

describe('a torn line is one row of NULLs and never takes the next line with it', () => {
  // DuckDB's newline-delimited JSON reader keeps parsing past the newline when a line stops
  // inside an open value (after a ":" or inside an array): each line is read as text first and
  // parsed on its own, as chdb reads it.
  it.each([
    '{"event_id": "torn", "ts":',
    '{"event_id": "torn", "properties": {"list": [1,',
    '[',
  ])('after %j the next event is still read', async (torn) => {
    const good = (id: string) => JSON.stringify({ event_id: id, ts: iso });
    const file = await ndjson([good('e1'), torn, good('e2'), good('e3')]);
    const ids = (await table([file], 'event_id')).map((r) => r.event_id);
    expect(ids).toEqual(['e1', null, 'e2', 'e3']);
  });

  it('a line that is not UTF-8, or holds a raw NUL, is one counted row of NULLs too', async () => {
    const good = (id: string) => Buffer.from(JSON.stringify({ event_id: id, ts: iso }) + '\n');
    const file = join(dir, 'bytes.ndjson');
    await writeFile(file, Buffer.concat([good('e1'), Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]), good('e2'), Buffer.from('{"event_id": "n\u0000ul"}\n'), good('e3')]));
    const ids = (await table([file], 'event_id')).map((r) => r.event_id);
    expect(ids.filter((id) => id !== null)).toEqual(['e1', 'e2', 'e3']);
    expect(ids).toHaveLength(5);
  });

  it('a line longer than MAX_LINE_BYTES is one counted row of NULLs, and the lines around it are read', async () => {
    const good = (id: string) => JSON.stringify({ event_id: id, ts: iso });
    const huge = JSON.stringify({ event_id: 'huge', ts: iso, properties: { pad: 'x'.repeat(MAX_LINE_BYTES) } });
    const file = await ndjson([good('e1'), huge, good('e2')]);
    const ids = (await table([file], 'event_id')).map((r) => r.event_id);
    expect(ids.filter((id) => id !== null)).toEqual(['e1', 'e2']);
    expect(ids).toHaveLength(3);
  }, 60_000);
});

describe('a time without seconds, which the collector accepts, is read as an instant', () => {
  // ZONED_TIMESTAMP (the collector's rule, shared with the analysis) allows one; DuckDB's cast
  // wants seconds, so they are added before it.
  it.each([
    ['2026-01-05T09:30Z', MS],
    ['2026-01-05 09:30Z', MS],
    ['2026-01-05T09:30+01:00', MS - 3_600_000],
    ['2026-01-05t09:30z', MS],
  ])('%s is read as an instant, the same one the TypeScript twin reads', async (ts, expected) => {
    expect(timestampProblem(ts)).toBeUndefined();
    expect(zonedMs(ts)).toBe(expected);
    const file = await ndjson([JSON.stringify({ event_id: 'x', ts })]);
    expect(await table([file])).toEqual([{ event_id: 'x', ms: expected, ts_zoneless: 0 }]);
  });

  it('a decimal comma (ISO 8601 allows it) is read as the point, in DuckDB as in the twin', async () => {
    const ts = '2026-01-05T09:30:00,5Z';
    expect(zonedMs(ts)).toBe(MS + 500);
    const file = await ndjson([JSON.stringify({ event_id: 'x', ts })]);
    expect(await table([file])).toEqual([{ event_id: 'x', ms: MS + 500, ts_zoneless: 0 }]);
  });
});

describe('ill-typed fields: DuckDB and the TypeScript twin read them by the same rules', () => {
  // Only a value plainly of the column's type is read: text is a JSON string or a whole number;
  // an integer a whole number (up to 2^53 - 1) or a string of digits; a boolean true/false or
  // "true"/"false". Anything else is NULL, the same in both.
  const W = 86_400_000;
  it.each([
    ['counterfactual: "yes"', { counterfactual: 'yes' }],
    ['counterfactual: 1', { counterfactual: 1 }],
    ['counterfactual: "TRUE"', { counterfactual: 'TRUE' }],
    ['variation: an object', { variation: { key: 'on' } }],
    ['variation: true', { variation: true }],
    ['variation: 2.5', { variation: 2.5 }],
    ['variation: 7', { variation: 7 }],
    ['variation: 1e20', { variation: 1e20 }],
    ['bucket_version: 2.5', { bucket_version: 2.5 }],
    ['bucket_version: 1e20', { bucket_version: 1e20 }],
    ['bucket_version: 2^53', { bucket_version: 2 ** 53 }],
    ['bucket_version: "2"', { bucket_version: '2' }],
    ['bucket_version: "2.0"', { bucket_version: '2.0' }],
    ['bucket_version: " 2"', { bucket_version: ' 2' }],
    ['bucket_version: true', { bucket_version: true }],
    ['unit_id: 42', { unit_id: 42 }],
    ['unit_id: [1]', { unit_id: [1] }],
  ])('%s', async (_label, extra) => {
    const events: RawEvent[] = [
      { event_id: 'a', type: 'exposure', ts: iso, experiment: 'x', unit: 'user', unit_id: 'u1', variation: 'on', ...extra },
      { event_id: 'b', type: 'exposure', ts: iso, experiment: 'x', unit: 'user', unit_id: 'u2', variation: 'off' },
    ];
    const file = await ndjson(events.map((e) => JSON.stringify(e)));
    const sql = (await aggregateWithDuckDb([file], { goal: 'upgraded', windowMs: W })).rows;
    const twin = aggregateEvents(events, { goal: 'upgraded', windowMs: W });
    const sorted = (rows: object[]) => rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
    expect(sorted(sql.arms)).toEqual(sorted(twin.arms));
  }, 60_000);
});
