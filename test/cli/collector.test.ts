/**
 * The collector (`guidepost serve`, POST /collect): validates every event, answers 4xx with
 * the reason and stores nothing of a malformed request (never 500: clients retry those),
 * bounds the depth and size of free-form fields, accepts JSON and text/plain (beacons) only,
 * de-duplicates by event_id (case-insensitively) — also under concurrent requests — and
 * appends durably.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createCollector, MAX_BODY_BYTES, type Collector } from '../../src/cli/collector';
import { startServer, type RunningServer } from '../../src/cli/serve';
import { eventProblem, MAX_PROPERTIES_BYTES, MAX_PROPERTIES_DEPTH, type GuidepostEvent } from '../../src/track/event';
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
      // No time zone: the moment depends on the reader's zone (issue 15), so it is refused.
      [JSON.stringify({ events: [good, { ...event(), ts: '2026-01-05T09:30:00' }] }), 'events[1]: "ts" must be an ISO 8601 time with a time zone'],
      [JSON.stringify({ events: [{ ...event(), ts: '2026-01-05T09:30:00.123' }] }), 'like 2026-01-05T09:30:00.000Z'],
      [JSON.stringify({ events: [{ ...event(), ts: '2026-01-05' }] }), 'whose moment depends on the reader\'s zone'],
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

  it('accepts timestamps with Z or an offset, and a body starting with a byte-order mark', async () => {
    const c = await collector();
    const zoned = ['2026-01-05T09:30:00.000Z', '2026-01-05T10:30:00+01:00', '2026-01-05T10:30:00+0100', '2026-01-05T09:30:00z'].map((ts) => event({ ts }));
    expect(await c.collect('\ufeff' + JSON.stringify({ events: zoned }))).toEqual({ status: 200, body: { accepted: 4, duplicates: 0 } });
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

/** `{"a": {"a": … 1 … }}`, `levels` objects deep, built as text so no recursion builds or prints it. */
const nestedText = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
/** A request body whose one event carries `fieldText` (raw JSON) as `field`. */
const bodyWith = (field: string, fieldText: string) => JSON.stringify({ events: [event()] }).replace(/}]}$/, `,${JSON.stringify(field)}:${fieldText}}]}`);

/** Depth of a small JSON value, recursively (only for generated test values). */
const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

describe('free-form fields are bounded', () => {
  it(`refuses "properties" nested deeper than ${MAX_PROPERTIES_DEPTH} levels with 400 naming the field and the limit`, async () => {
    const c = await collector();
    const accepted = await c.collect(bodyWith('properties', nestedText(MAX_PROPERTIES_DEPTH)));
    expect(accepted).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
    for (const levels of [MAX_PROPERTIES_DEPTH + 1, 5_000, 100_000]) {
      const result = await c.collect(bodyWith('properties', nestedText(levels)));
      expect(result).toEqual({ status: 400, body: { error: `events[0]: "properties" is nested deeper than ${MAX_PROPERTIES_DEPTH} levels` } });
    }
    // Arrays count as levels too.
    const arrays = await c.collect(bodyWith('properties', `{"list":${'['.repeat(5_000)}${']'.repeat(5_000)}}`));
    expect(arrays.status).toBe(400);
    expect(arrays.body.error).toContain('"properties" is nested deeper than');
    expect(await stored(c)).toHaveLength(1);
  });

  it('bounds unknown extra fields the same way, and a 100,000-deep body is a 400, never a throw', async () => {
    const c = await collector();
    expect(await c.collect(bodyWith('context', nestedText(5_000)))).toEqual({ status: 400, body: { error: `events[0]: "context" is nested deeper than ${MAX_PROPERTIES_DEPTH} levels` } });
    expect(await c.collect(bodyWith('context', JSON.stringify({ note: 'x'.repeat(MAX_PROPERTIES_BYTES) })))).toEqual({ status: 400, body: { error: `events[0]: "context" is larger than ${MAX_PROPERTIES_BYTES} bytes as JSON` } });
    const deepArray = await c.collect('['.repeat(100_000) + ']'.repeat(100_000));
    expect(deepArray.status).toBe(400);
    const deepEvents = await c.collect(`{"events":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(deepEvents.status).toBe(400);
    expect(await stored(c)).toEqual([]);
  });

  it(`refuses "properties" larger than ${MAX_PROPERTIES_BYTES} bytes of UTF-8 JSON, to the byte`, async () => {
    const c = await collector();
    const sized = (bytes: number, char = 'x') => ({ text: char.repeat((bytes - '{"text":""}'.length) / Buffer.byteLength(char)) });
    expect(Buffer.byteLength(JSON.stringify(sized(MAX_PROPERTIES_BYTES)))).toBe(MAX_PROPERTIES_BYTES);
    expect((await c.collect(JSON.stringify({ events: [event({ properties: sized(MAX_PROPERTIES_BYTES) })] }))).status).toBe(200);
    const over = await c.collect(JSON.stringify({ events: [event({ properties: sized(MAX_PROPERTIES_BYTES + 1) })] }));
    expect(over).toEqual({ status: 400, body: { error: `events[0]: "properties" is larger than ${MAX_PROPERTIES_BYTES} bytes as JSON` } });
    // Multi-byte characters count as their UTF-8 bytes, not as UTF-16 units.
    expect(Buffer.byteLength(JSON.stringify(sized(MAX_PROPERTIES_BYTES + 1, 'é')))).toBe(MAX_PROPERTIES_BYTES + 1);
    const wide = await c.collect(JSON.stringify({ events: [event({ properties: sized(MAX_PROPERTIES_BYTES + 1, 'é') })] }));
    expect(wide.status).toBe(400);
    expect(await stored(c)).toHaveLength(1);
  });

  it('measures depth and size exactly as JSON.stringify and Buffer.byteLength would, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ depthSize: 'medium' }), fc.boolean(), (value, overByOne) => {
        if (depthOf(value) + 1 > MAX_PROPERTIES_DEPTH) {
          expect(eventProblem(event({ properties: { value } }))).toContain('nested deeper than');
          return;
        }
        // Pad the properties to the limit exactly (or one byte past it).
        const base = Buffer.byteLength(JSON.stringify({ value, pad: '' }));
        if (base > MAX_PROPERTIES_BYTES) return;
        const properties = { value, pad: 'x'.repeat(MAX_PROPERTIES_BYTES - base + (overByOne ? 1 : 0)) };
        expect(eventProblem(event({ properties })), JSON.stringify(properties).slice(0, 200)).toBe(overByOne ? `"properties" is larger than ${MAX_PROPERTIES_BYTES} bytes as JSON` : undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('stops on cyclic and widely shared in-memory values instead of walking forever', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(eventProblem(event({ properties: cyclic }))).toBe(`"properties" is nested deeper than ${MAX_PROPERTIES_DEPTH} levels`);
    // 100 keys per level all pointing at the next level: 100^10 paths if walked naively.
    let shared: Record<string, unknown> = { leaf: 1 };
    for (let level = 0; level < 10; level++) shared = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, shared]));
    expect(eventProblem(event({ properties: shared }))).toBe(`"properties" is larger than ${MAX_PROPERTIES_BYTES} bytes as JSON`);
  });
});

describe('event ids are normalised before de-duplication', () => {
  it('stores ids differing only in case once, in lower case, within and across requests', async () => {
    const c = await collector();
    const id = uuidv7();
    const upper = event({ event_id: id.toUpperCase() });
    const lower = event({ event_id: id });
    expect((await c.collect(JSON.stringify({ events: [upper, lower] }))).body).toEqual({ accepted: 1, duplicates: 1 });
    expect((await c.collect(JSON.stringify({ events: [{ ...lower, event_id: id.replace(/[a-f]/, (ch) => ch.toUpperCase()) }] }))).body).toEqual({ accepted: 0, duplicates: 1 });
    expect((await stored(c)).map((e) => e.event_id)).toEqual([id]);
  });

  it('normalises the ids it reads back from the file on start', async () => {
    const dir = await tempDir();
    const id = uuidv7();
    // Written by an older collector that stored ids as it received them.
    await writeFile(join(dir, 'events.ndjson'), `${JSON.stringify(event({ event_id: id.toUpperCase() }))}\n`);
    const c = await collector(dir);
    expect((await c.collect(JSON.stringify({ events: [event({ event_id: id })] }))).body).toEqual({ accepted: 0, duplicates: 1 });
    expect(await stored(c)).toHaveLength(1);
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

describe('POST /collect over HTTP: every malformed request is a 4xx', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', root: await tempDir(), dataDir: await tempDir() });
    return new URL('/collect', server.url).href;
  };
  const post = (url: string, body: string | Uint8Array<ArrayBuffer>, type?: string) => fetch(url, { method: 'POST', headers: type ? { 'content-type': type } : {}, body });

  it('accepts application/json and text/plain with an optional UTF-8 charset, and answers 415 to anything else', async () => {
    const url = await start();
    const body = () => JSON.stringify({ events: [event()] });
    for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'text/plain;charset=UTF-8', 'text/plain', 'application/json; charset="utf-8"']) {
      const response = await post(url, body(), type);
      expect(response.status, type).toBe(200);
    }
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'text/html', 'text/plain; charset=iso-8859-1', undefined]) {
      const response = await post(url, new TextEncoder().encode(body()), type);
      expect(response.status, String(type)).toBe(415);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect((await response.json()).error).toMatch(/Content-Type|charset/);
    }
    expect((await readFile(server!.collector.file, 'utf8')).trim().split('\n')).toHaveLength(5);
  });

  it('answers 400 to a 5,000- and a 100,000-deep body, invalid JSON and a malformed path; 413 to an oversized body', async () => {
    const url = await start();
    const deep = await post(url, bodyWith('properties', nestedText(5_000)), 'application/json');
    expect(deep.status).toBe(400);
    expect((await deep.json()).error).toBe(`events[0]: "properties" is nested deeper than ${MAX_PROPERTIES_DEPTH} levels`);
    expect((await post(url, bodyWith('properties', nestedText(100_000)), 'application/json')).status).toBe(400);
    expect((await post(url, '['.repeat(100_000) + ']'.repeat(100_000), 'application/json')).status).toBe(400);
    expect((await post(url, '{"events": [', 'application/json')).status).toBe(400);
    const malformed = await post(new URL('/%E0%A4%A', url).href, JSON.stringify({ events: [event()] }), 'application/json');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('malformed percent-encoding');
    expect((await post(url, 'x'.repeat(MAX_BODY_BYTES + 1), 'text/plain')).status).toBe(413);
    // The server is still healthy, and nothing was stored.
    expect((await post(url, JSON.stringify({ events: [event()] }), 'application/json')).status).toBe(200);
    expect((await readFile(server!.collector.file, 'utf8')).trim().split('\n')).toHaveLength(1);
  });
});
