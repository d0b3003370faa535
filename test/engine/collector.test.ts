/**
 * The collector (`guidepost serve`, POST /collect): validates every event, answers 400 with
 * the reason and stores nothing of a malformed request, accepts text/plain (beacons),
 * de-duplicates by event_id — also under concurrent requests — and appends durably.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector, type Collector } from '../../src/cli/collector';
import { startServer } from '../../src/cli/serve';
import type { GuidepostEvent } from '../../src/track/event';
import { uuidv7 } from '../../src/track/uuid';
import { makeEvent } from '../fixtures/events';

const dirs: string[] = [];
const collectors: Collector[] = [];
afterEach(async () => {
  await Promise.all(collectors.splice(0).map((c) => c.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'guidepost-collector-'));
  dirs.push(dir);
  return dir;
}

async function collector(dir?: string) {
  const created = await createCollector(dir ?? (await tempDir()));
  collectors.push(created);
  return created;
}

const event = (overrides: Partial<GuidepostEvent> = {}): GuidepostEvent => makeEvent({ event_id: uuidv7(), ...overrides });

async function stored(c: Collector): Promise<GuidepostEvent[]> {
  try {
    return (await readFile(c.file, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

describe('collector', () => {
  it('accepts {"events": [...]} and a bare array, appending one NDJSON line per event', async () => {
    const c = await collector();
    const [a, b, d] = [event(), event(), event()];
    expect(await c.collect(JSON.stringify({ events: [a, b] }))).toEqual({ status: 200, body: { accepted: 2, duplicates: 0 } });
    expect(await c.collect(JSON.stringify([d]))).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
    expect((await stored(c)).map((e) => e.event_id)).toEqual([a.event_id, b.event_id, d.event_id]);
  });

  it('answers 400 with the reason for a malformed request, stores nothing of it, and never throws', async () => {
    const c = await collector();
    const good = event();
    const cases: [string, string][] = [
      ['{not json', 'body is not valid JSON'],
      ['null', 'expected {"events": [...]}'],
      ['{"events": 3}', 'expected {"events": [...]}'],
      [JSON.stringify({ events: [good, { ...event(), event_id: 'not-a-uuid' }] }), 'events[1]: "event_id" must be a UUID'],
      [JSON.stringify({ events: [good, { ...event(), type: 'clicked' }] }), 'events[1]: "type" must be one of'],
      [JSON.stringify({ events: [{ ...event(), ts: 'yesterday' }] }), '"ts" must be an ISO 8601 timestamp'],
      [JSON.stringify({ events: [{ ...event(), counterfactual: 'yes' }] }), '"counterfactual" must be true or false'],
      [JSON.stringify({ events: [{ ...event(), item_version: '2' }] }), '"item_version" must be a number'],
      [JSON.stringify({ events: [{ ...event(), counterfactual: true, rendered: true }] }), 'cannot be both'],
      [JSON.stringify({ events: [{ ...event(), properties: [1] }] }), '"properties" must be an object'],
      [JSON.stringify({ events: [{ ...event(), type: 'goal', item_id: undefined }] }), 'a goal event needs a "name"'],
      [JSON.stringify({ events: [[]] }), 'must be a JSON object'],
    ];
    for (const [body, reason] of cases) {
      const result = await c.collect(body);
      expect(result.status, body).toBe(400);
      expect(result.body.error).toContain(reason);
    }
    expect(await stored(c)).toEqual([]);
    // The good event of a refused request was not marked seen: it is accepted later.
    expect((await c.collect(JSON.stringify({ events: [good] }))).body).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('drops duplicate event_ids, within a request, across requests and across restarts', async () => {
    const dir = await tempDir();
    const c = await collector(dir);
    const a = event();
    const b = event();
    expect((await c.collect(JSON.stringify({ events: [a, a, b] }))).body).toEqual({ accepted: 2, duplicates: 1 });
    expect((await c.collect(JSON.stringify({ events: [b] }))).body).toEqual({ accepted: 0, duplicates: 1 });
    await c.close();
    const restarted = await collector(dir);
    expect((await restarted.collect(JSON.stringify({ events: [a, event()] }))).body).toEqual({ accepted: 1, duplicates: 1 });
    expect(await stored(restarted)).toHaveLength(3);
  });

  it('stores every event exactly once under concurrent, overlapping requests', async () => {
    const c = await collector();
    const events = Array.from({ length: 200 }, () => event());
    // 40 requests of 50 events, each event in ~10 of them, all in flight at once.
    const requests = Array.from({ length: 40 }, (_, r) => events.filter((_, i) => (i + r) % 4 === 0).slice(0, 50));
    const results = await Promise.all(requests.map((batch) => c.collect(JSON.stringify({ events: batch }))));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const ids = (await stored(c)).map((e) => e.event_id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set(requests.flat().map((e) => e.event_id)));
    expect(results.reduce((sum, r) => sum + (r.body.accepted ?? 0), 0)).toBe(ids.length);
  });

  it('answers 500 when it cannot write — to every request carrying those ids — and accepts them once it can', async () => {
    const parent = await tempDir();
    const dataDir = join(parent, 'data');
    await writeFile(dataDir, 'a file where the folder should be');
    const c = await collector(dataDir);
    const a = event();
    const [first, second] = await Promise.all([c.collect(JSON.stringify({ events: [a] })), c.collect(JSON.stringify({ events: [a] }))]);
    expect(first.status).toBe(500);
    expect(second.status).toBe(500); // it waited for the same write instead of claiming a duplicate
    await rm(dataDir);
    await mkdir(dataDir);
    expect((await c.collect(JSON.stringify({ events: [a] }))).body).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('repairs a torn last line on start instead of appending onto it', async () => {
    const dir = await tempDir();
    const whole = event();
    const unterminated = event();
    await writeFile(join(dir, 'events.ndjson'), `${JSON.stringify(whole)}\n${JSON.stringify(event()).slice(0, 40)}`);
    const c = await collector(dir);
    const next = event();
    await c.collect(JSON.stringify({ events: [next] }));
    expect((await stored(c)).map((e) => e.event_id)).toEqual([whole.event_id, next.event_id]);
    await c.close();
    // A whole event missing only its newline is kept (and counted as seen).
    await writeFile(join(dir, 'events.ndjson'), JSON.stringify(unterminated));
    const again = await collector(dir);
    expect((await again.collect(JSON.stringify({ events: [unterminated, next] }))).body).toEqual({ accepted: 1, duplicates: 1 });
    expect((await stored(again)).map((e) => e.event_id)).toEqual([unterminated.event_id, next.event_id]);
  });
});

describe('POST /collect over HTTP', () => {
  it('accepts text/plain bodies (sendBeacon) and application/json, and refuses other methods', async () => {
    const root = await tempDir();
    const dataDir = await tempDir();
    const server = await startServer({ port: 0, host: '127.0.0.1', root, dataDir });
    try {
      const url = new URL('/collect', server.url).href;
      const beacon = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ events: [event()] }) });
      expect(beacon.status).toBe(200);
      const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [event()] }) });
      expect(await json.json()).toEqual({ accepted: 1, duplicates: 0 });
      const bad = await fetch(url, { method: 'POST', body: '{"events":[{}]}' });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toContain('events[0]');
      expect((await fetch(url)).status).toBe(405);
      expect((await readFile(server.collector.file, 'utf8')).trim().split('\n')).toHaveLength(2);
    } finally {
      await server.close();
      await server.collector.close();
    }
  });
});
