/**
 * src/analysis/sql-clean.ts, `cleanSelect`: the relation every analysis query reads, run on real
 * DuckDB over an NDJSON file loaded as `guidepost analyze` loads it (duckdbEventsTable). Each
 * event_id once (the earliest copy), rows without an id or a usable time or stamped after the
 * latest usable time left out, a blank unit id NULL, and the derived columns the queries share.
 * (Which copy of an id is kept when copies tie in time: sql-dedupe.test.ts.)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanSelect } from '../../src/analysis/sql-clean';
import { DIALECTS, type DialectName } from '../../src/analysis/sql-dialect';
import { duckdbEventsTable } from '../../src/analysis/sql-events';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

let dir: string;
let instance: DuckDBInstance;
let db: DuckDBConnection;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-sql-clean-'));
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run("SET TimeZone = 'UTC'");
});
afterAll(async () => {
  db.closeSync();
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
/** The rows of the clean select over `events`, with `latest` (epoch ms) the latest usable time. */
async function clean(events: object[], latest = T0 + 86_400_000): Promise<Record<string, unknown>[]> {
  const file = join(dir, `events${++files}.ndjson`);
  await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  await db.run(duckdbEventsTable([file]));
  const reader = await db.runAndReadAll(`SELECT * FROM (${cleanSelect(DIALECTS.duckdb, 'events', String(latest))}) c ORDER BY event_id`);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

describe('cleanSelect on DuckDB', () => {
  it('each event_id once: the earliest copy', async () => {
    const rows = await clean([
      { event_id: 'a', type: 'goal', name: 'later', ts: at(2000), user_id: 'u' },
      { event_id: 'a', type: 'goal', name: 'first', ts: at(1000), user_id: 'u' },
      { event_id: 'b', type: 'goal', name: 'once', ts: at(0), user_id: 'u' },
    ]);
    expect(rows.map((r) => [r.event_id, r.name, Number(r.ms)])).toEqual([['a', 'first', T0 + 1000], ['b', 'once', T0]]);
  });

  it('leaves out rows without an id, without a usable time, or stamped after the latest usable time', async () => {
    const rows = await clean(
      [
        { type: 'goal', name: 'no-id', ts: at(0) },
        { event_id: 'no-ts', type: 'goal', name: 'x' },
        { event_id: 'bad-ts', type: 'goal', name: 'x', ts: 'yesterday' },
        { event_id: 'future', type: 'goal', name: 'x', ts: at(10_000) },
        { event_id: 'kept', type: 'goal', name: 'x', ts: at(5_000) },
      ],
      T0 + 5_000,
    );
    expect(rows.map((r) => r.event_id)).toEqual(['kept']);
  });

  it('a blank unit id is NULL (missing), never one id shared by every such unit; derived columns', async () => {
    const base = { type: 'exposure', ts: at(0), experiment: 'e', variation: 'a', unit: 'user' };
    const rows = await clean([
      { ...base, event_id: 'blank', unit_id: ' \t' },
      { ...base, event_id: 'named', unit_id: 'u1', counterfactual: true, forced: true, item_version: 3, bucket_version: 2 },
      { ...base, event_id: 'plain', unit_id: 'u2' },
      { event_id: 'yes', type: 'feedback', ts: at(0), item_id: 'tip', properties: { helpful: true } },
      { event_id: 'word', type: 'feedback', ts: at(0), item_id: 'tip', properties: { helpful: 'false' } },
      { event_id: 'number', type: 'feedback', ts: at(0), item_id: 'tip', properties: { helpful: 1 } },
    ]);
    const byId = Object.fromEntries(rows.map((r) => [r.event_id, r]));
    expect(byId.blank.unit_id).toBeNull();
    expect(byId.named).toMatchObject({ unit_id: 'u1', is_cf: 1, is_forced: 1, item_ver: '3', bucket: '2' });
    expect(byId.plain).toMatchObject({ unit_id: 'u2', is_cf: 0, is_forced: 0, item_ver: '1', bucket: '0' });
    expect([byId.yes.helpful, byId.word.helpful, byId.number.helpful]).toEqual(['true', 'false', null]);
  });
});

describe('cleanSelect in every dialect', () => {
  it.each(Object.keys(DIALECTS) as DialectName[])('%s: orders only the copies of repeated ids, and reads the table named', (name) => {
    const d = DIALECTS[name];
    const sql = cleanSelect(d, 'my_events', '123');
    expect(sql).toContain('FROM my_events');
    expect(sql).toContain(`${d.ms} <= 123`);
    expect(sql.match(/ROW_NUMBER\(\) OVER/g)).toHaveLength(1);
    expect(sql).toContain('HAVING count(*) > 1');
    expect(sql).toContain(`${d.helpful} AS helpful`);
  });
});
