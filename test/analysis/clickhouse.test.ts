/**
 * `guidepost analyze --engine clickhouse` gives the same figures as DuckDB: on chdb (embedded
 * ClickHouse) over the same NDJSON files, and through the server path (`@clickhouse/client`)
 * with a client that runs the standalone queries on chdb against the documented table. chdb
 * is an optional peer (a 540 MB native library): without it these tests skip, saying so.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateOnClickHouseServer, aggregateWithChdb, type ClickHouseClientLike } from '../../src/analysis/clickhouse';
import { clickhouseEventsDdl, clickhouseIngestSql } from '../../src/analysis/clickhouse-schema';
import { aggregateEvents } from '../../src/analysis/aggregate';
import { aggregateWithDuckDb } from '../../src/analysis/duckdb';
import type { AggregateRows } from '../../src/analysis/sql';
import { simulate } from '../../src/analysis/simulate';
import { main } from '../../src/cli/index';

const chdb = await import('chdb' as string).catch(() => undefined);
if (!chdb) console.warn('clickhouse-engine tests skipped: chdb is not installed (npm install --no-save chdb@3.4.0)');

const WINDOW = 28 * 86_400_000;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-clickhouse-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sorted = (list: object[] = []) => list.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
function expectSame(a: AggregateRows, b: AggregateRows, skipHygiene: string[] = []) {
  const hygiene = (h: AggregateRows['hygiene']) => Object.fromEntries(Object.entries(h).filter(([k]) => !skipHygiene.includes(k)));
  expect(hygiene(a.hygiene)).toEqual(hygiene(b.hygiene));
  for (const key of ['arms', 'consistency', 'exposures', 'tours', 'feedback', 'units'] as const) expect(sorted(a[key]), key).toEqual(sorted(b[key]));
}

async function logFile(name: string, lines: string[], prefix = ''): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, prefix + lines.join('\n') + '\n');
  return file;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.skipIf(!chdb)('chdb (embedded ClickHouse) against DuckDB', () => {
  it.each(['user', 'account'] as const)('the same rows on a simulated log (%s unit), with --as-of too', async (unit) => {
    const { events } = simulate({ units: 1200, lift: 0.09, seed: 31, unit });
    const file = await logFile(`sim-${unit}.ndjson`, events.map((e) => JSON.stringify(e)));
    for (const options of [{ goal: 'upgraded', windowMs: WINDOW }, { goal: 'upgraded', windowMs: WINDOW, asOfMs: Date.parse('2026-01-25T00:00:00Z'), experiment: 'help-links-holdout' }]) {
      const [duck, ch] = [await aggregateWithDuckDb([file], options, true), await aggregateWithChdb([file], options, true)];
      expectSame(duck.rows, ch.rows);
    }
  }, 120_000);

  it('the same rows on a messy log: byte-order mark, torn line, zone-less and offset timestamps, duplicates, two files', async () => {
    const { events } = simulate({ units: 300, lift: 0.05, seed: 32 });
    const lines = events.map((e) => JSON.stringify(e));
    const odd = [
      JSON.stringify({ ...events[3], event_id: 'zoneless', ts: '2026-01-06T10:00:00' }),
      JSON.stringify({ ...events[4], event_id: 'offset', ts: '2026-01-06T10:00:00+09:00' }),
      JSON.stringify({ ...events[5], event_id: 'bad-ts', ts: 'yesterday' }),
      '{"event_id": "torn", "type": "go',
    ];
    const a = await logFile('messy-a.ndjson', lines.slice(0, 2000), '\ufeff');
    const b = await logFile('messy-b.ndjson', [...lines.slice(1990), ...odd]);
    const options = { goal: 'upgraded', windowMs: WINDOW };
    const [duck, ch] = [await aggregateWithDuckDb([a, b], options, true), await aggregateWithChdb([a, b], options, true)];
    expect(duck.rows.hygiene.zoneless).toBe(1);
    expectSame(duck.rows, ch.rows);
  }, 120_000);

  it('"Was this helpful?" answers of every shape (booleans, the words as strings, numbers, objects, other words, copies of one event): the same rows as DuckDB and the twin', async () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const answer = (id: string, user: string, helpful: unknown, at = 0) => ({
      event_id: id, type: 'feedback', ts: new Date(t0 + at).toISOString(), user_id: user, item_id: 'tip', item_type: 'helpLink', properties: { helpful },
    });
    const events = [
      answer('a', 'p1', true), answer('b', 'p2', false), answer('c', 'p3', 'true'), answer('d', 'p4', 'false'),
      answer('e', 'p5', 1), answer('f', 'p6', { a: 1 }), answer('g', 'p7', 'yes'), answer('h', 'p8', 'TRUE'),
      // Copies of one event in one millisecond, differing only in the answer: the "false" one is kept everywhere.
      answer('dup', 'p9', 1), answer('dup', 'p9', 'false'), answer('dup', 'p9', { a: 1 }), answer('dup', 'p9', true),
      { event_id: 'end', type: 'goal', name: 'other', ts: new Date(t0 + 86_400_000).toISOString(), user_id: 'zz' },
    ];
    const file = await logFile('feedback-shapes.ndjson', events.map((e) => JSON.stringify(e)));
    const options = { goal: 'upgraded', windowMs: WINDOW };
    const twin = aggregateEvents(events, options, true);
    expect(twin.feedback).toEqual([{ item_id: 'tip', item_kind: 'helpLink', answers: 5, yes: 2 }]);
    const [duck, ch] = [await aggregateWithDuckDb([file], options, true), await aggregateWithChdb([file], options, true)];
    expectSame(duck.rows, twin);
    expectSame(ch.rows, twin);
  }, 120_000);

  it('tours after Back: the same "left on" rows as DuckDB, on the files and through the server path', async () => {
    // x reaches step 3, goes Back to step 2 and closes (no step on the dismissal, as the SDK sends it);
    // y closes naming step 1 at the moment step 2 was shown (the dismissal wins the tie); z completes after Back.
    const t0 = Date.parse('2026-02-01T12:00:00.000Z');
    let n = 0;
    const ev = (user: string, at: number, type: string, step?: number) =>
      JSON.stringify({ event_id: `b${n++}`, ts: new Date(t0 + at * 1000).toISOString(), anonymous_id: `d-${user}`, user_id: user, session_id: 's', item_id: 'welcome', item_type: 'tour', item_version: 1, type, ...(step !== undefined && { step }) });
    const lines = [
      ev('x', 0, 'step_viewed', 0), ev('x', 1, 'step_viewed', 1), ev('x', 2, 'step_viewed', 2), ev('x', 3, 'step_back', 2), ev('x', 4, 'step_viewed', 1), ev('x', 5, 'dismissed'),
      ev('y', 0, 'step_viewed', 0), ev('y', 1, 'step_viewed', 1), ev('y', 1, 'dismissed', 0),
      ev('z', 0, 'step_viewed', 0), ev('z', 1, 'step_viewed', 1), ev('z', 2, 'step_viewed', 0), ev('z', 3, 'step_viewed', 1), ev('z', 4, 'completed'),
    ];
    const file = await logFile('tour-back.ndjson', lines);
    const options = { goal: 'upgraded', windowMs: WINDOW };
    const [duck, ch] = [await aggregateWithDuckDb([file], options), await aggregateWithChdb([file], options)];
    expectSame(duck.rows, ch.rows);
    expect(ch.rows.tours.filter((r) => r.kind === 'left').map((r) => [r.out_step, r.units]).sort()).toEqual([[0, 1], [1, 1]]);
    const session = new chdb!.Session();
    try {
      session.query(clickhouseEventsDdl('tour_events_back'));
      session.query(clickhouseIngestSql('tour_events_back', file));
      const client: ClickHouseClientLike = {
        async query({ query, clickhouse_settings }) {
          const settings = Object.entries(clickhouse_settings ?? {}).map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v}'` : v}`).join(', ');
          const text = session.query(`${query} SETTINGS ${settings}`, 'JSONEachRow') as string;
          return { json: async <T>() => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T) };
        },
        async close() {},
      };
      const server = await aggregateOnClickHouseServer({ url: 'http://unused', table: 'tour_events_back', client }, options);
      expect(sorted(server.rows.tours)).toEqual(sorted(duck.rows.tours));
    } finally {
      session.close?.();
    }
  }, 120_000);

  it('the CLI prints the same report with --engine clickhouse (text and JSON, with --manifest)', async () => {
    const { events } = simulate({ units: 800, lift: 0.09, seed: 33 });
    const file = await logFile('cli.ndjson', events.map((e) => JSON.stringify(e)));
    const manifest = join(dir, 'manifest.json');
    await writeFile(manifest, JSON.stringify({ experiments: [{ key: 'help-links-holdout', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { types: ['helpLink'] } }] }));
    for (const flags of [['--json', '--manifest', manifest], []]) {
      const [duck, ch] = [await run('analyze', file, ...flags), await run('analyze', file, '--engine', 'clickhouse', ...flags)];
      expect(ch.code, ch.err).toBe(0);
      expect(ch.out).toBe(duck.out);
    }
  }, 120_000);

  it('the server path: standalone queries on the documented table give the same figures', async () => {
    const { events } = simulate({ units: 1000, lift: 0.09, seed: 34 });
    const file = await logFile('server.ndjson', events.map((e) => JSON.stringify(e)));
    const session = new chdb!.Session();
    try {
      session.query(clickhouseEventsDdl('guidepost_events'));
      session.query(clickhouseIngestSql('guidepost_events', file));
      const seen: string[] = [];
      const client: ClickHouseClientLike = {
        async query({ query, clickhouse_settings }) {
          seen.push(query);
          const settings = Object.entries(clickhouse_settings ?? {}).map(([k, v]) => `${k} = ${typeof v === 'string' ? `'${v}'` : v}`).join(', ');
          const text = session.query(`${query} SETTINGS ${settings}`, 'JSONEachRow') as string;
          return { json: async <T>() => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T) };
        },
        async close() {},
      };
      const options = { goal: 'upgraded', windowMs: WINDOW };
      const server = await aggregateOnClickHouseServer({ url: 'http://unused', table: 'guidepost_events', client }, options, true);
      const duck = await aggregateWithDuckDb([file], options, true);
      // ReplacingMergeTree may already have merged re-delivered events away: the rows read (and
      // so the duplicates the report counts) can be fewer; every figure after de-duplication is equal.
      expectSame(duck.rows, server.rows, ['rows_read', 'usable']);
      expect(seen.every((q) => !/\bCREATE\b/.test(q))).toBe(true);
      expect(seen.some((q) => q.includes('FROM `guidepost_events`'))).toBe(true);
    } finally {
      session.close?.();
    }
  }, 120_000);
});

describe('the server path with an injected client (no ClickHouse needed)', () => {
  it('sends standalone, read-only queries for the named table with UTC settings, and reads the rows', async () => {
    const calls: { query: string; settings?: Record<string, unknown> }[] = [];
    const client: ClickHouseClientLike = {
      async query({ query, clickhouse_settings }) {
        calls.push({ query, settings: clickhouse_settings });
        const rows = query.startsWith('SELECT count(*) AS rows_read') ? [{ rows_read: '5', usable: '5', distinct_usable: '5', zoneless: 0, end_ms: '1767571200000' }] : [];
        return { json: async <T>() => rows as T[] };
      },
      async close() {},
    };
    const run = await aggregateOnClickHouseServer({ url: 'http://unused', table: 'analytics.guidepost_events', client }, { goal: 'upgraded', windowMs: WINDOW });
    expect(run.rows.hygiene).toEqual({ rows_read: 5, usable: 5, distinct_usable: 5, zoneless: 0, end_ms: 1767571200000 });
    expect(calls).toHaveLength(8);
    for (const call of calls) {
      expect(call.query).toContain('`analytics`.`guidepost_events`');
      expect(call.query).not.toMatch(/\b(CREATE|INSERT|DROP|ALTER)\b/);
      expect(call.settings).toMatchObject({ session_timezone: 'UTC' });
    }
  });
});
