/**
 * src/cli/serve.ts over HTTP on 127.0.0.1 (port 0): static files (types, HEAD, directories,
 * the app shell), methods each route refuses, POST /collect against hostile bodies (bad JSON,
 * wrong types, oversized by header and by stream, aborted uploads), the results page with
 * hostile names in the collected events and the query, and a server that closes cleanly.
 * Path traversal has its own corpus in test/cli/serve-security.test.ts; the collector's
 * validation in test/cli/collector.test.ts.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer as createNetServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/cli/collector';
import { contentTypeProblem, parseTarget, startServer, type RunningServer } from '../../src/cli/serve';
import { RESULTS_CSP } from '../../src/cli/results';
import { AUTHOR_PATH } from '../../src/authoring/save-endpoint';
import { uuidv7 } from '../../src/track/uuid';
import { makeEvent } from '../fixtures/events';
import { useTempDir } from '../support/cli-harness';
import { parseRawTextResponse } from '../support/raw-http';

const tempDir = useTempDir('guidepost-serve-');
let dirCounter = 0;

/** A fresh site folder with a few files, and a data folder beside it. */
async function site(): Promise<{ root: string; dataDir: string }> {
  const base = join(tempDir(), `site-${++dirCounter}`);
  const root = join(base, 'root');
  await mkdir(join(root, 'sub'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>shell</title>');
  await writeFile(join(root, 'app.js'), 'console.log(1);');
  await writeFile(join(root, 'style.css'), 'body{}');
  await writeFile(join(root, 'data.json'), '{"a":1}');
  await writeFile(join(root, 'blob.bin'), Buffer.from([0, 1, 2, 255]));
  await writeFile(join(root, 'sub', 'index.html'), '<p>sub index</p>');
  return { root, dataDir: join(base, 'data') };
}

type RawResponse = ReturnType<typeof parseRawTextResponse>;

interface RawRequest {
  method?: string;
  target?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
}


/** One request written as is on a fresh connection (Connection: close); resolves with the whole response. */
function raw(port: number, { method = 'GET', target = '/', headers = {}, body }: RawRequest): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', fail);
    socket.on('end', () => ok(parseRawTextResponse(Buffer.concat(chunks))));
    const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body === undefined ? Buffer.alloc(0) : Buffer.from(body)]));
  });
}

const portOf = (server: RunningServer) => Number(new URL(server.url).port);
const storedLines = async (server: RunningServer) => (existsSync(server.collector.file) ? (await readFile(server.collector.file, 'utf8')).split('\n').filter(Boolean) : []);

describe('contentTypeProblem', () => {
  it('accepts JSON and text/plain, any case and spacing, with or without a UTF-8 charset', () => {
    for (const type of ['application/json', 'TEXT/PLAIN', ' application/json ; charset=UTF-8', 'application/json; charset="utf8"', 'text/plain;charset=utf-8', 'text/plain; format=flowed']) {
      expect(contentTypeProblem(type), type).toBeUndefined();
    }
  });

  it('asks for a Content-Type when there is none', () => {
    expect(contentTypeProblem(undefined)).toBe('missing Content-Type: send application/json or text/plain');
    expect(contentTypeProblem('')).toBe('missing Content-Type: send application/json or text/plain');
  });

  it('names the refused type, quoted and cut to 100 characters', () => {
    expect(contentTypeProblem('application/xml')).toBe('Content-Type "application/xml" is not accepted: send application/json or text/plain');
    const long = contentTypeProblem(`x/${'y'.repeat(10_000)}`)!;
    expect(long).toBe(`Content-Type "x/${'y'.repeat(98)}" is not accepted: send application/json or text/plain`);
    // Control characters stay escaped inside the quotes: the message is one line.
    expect(contentTypeProblem('text/\nhtml')).toBe('Content-Type "text/\\nhtml" is not accepted: send application/json or text/plain');
  });

  it('refuses another charset, an empty one, and a second charset that contradicts the first', () => {
    expect(contentTypeProblem('text/plain; charset=ISO-8859-1')).toBe('charset "iso-8859-1" is not accepted: send UTF-8');
    expect(contentTypeProblem('application/json; charset')).toBe('charset "" is not accepted: send UTF-8');
    expect(contentTypeProblem('application/json; charset=utf-8; charset=utf-16')).toBe('charset "utf-16" is not accepted: send UTF-8');
  });
});

describe('parseTarget', () => {
  it('splits the query from the path and drops the fragment', () => {
    expect(parseTarget('/a?b=1#c')).toEqual({ path: '/a', segments: ['a'], search: '?b=1' });
    expect(parseTarget('/a#b?c')).toEqual({ path: '/a', segments: ['a'], search: '' });
    expect(parseTarget('/?')).toEqual({ path: '/', segments: [''], search: '?' });
  });

  it('keeps a trailing slash as an empty last segment and decodes UTF-8', () => {
    expect(parseTarget('/sub/')).toEqual({ path: '/sub/', segments: ['sub', ''], search: '' });
    expect(parseTarget('/caf%C3%A9/%F0%9F%92%A1')).toMatchObject({ path: '/café/💡', segments: ['café', '💡'] });
  });

  it('reads absolute-form targets of any scheme case, with credentials, as their path', () => {
    expect(parseTarget('HTTP://Example.com/x?y')).toEqual({ path: '/x', segments: ['x'], search: '?y' });
    expect(parseTarget('http://user:pass@host:1/a/b')).toMatchObject({ path: '/a/b' });
  });

  it('refuses an empty or relative target, an encoded slash that makes an empty segment, and an encoded NUL', () => {
    for (const target of ['', 'relative/path', '/%2F', '/a/%2F/b', '/a%00', '/a%7Fb']) expect(parseTarget(target), target).toHaveProperty('error');
  });

  it('handles a very long path', () => {
    const long = `/${'a/'.repeat(50_000)}x`;
    expect(parseTarget(long)).toMatchObject({ path: long });
    expect(parseTarget(`/${'%'.repeat(50_000)}`)).toEqual({ error: 'malformed percent-encoding in the path' });
  });
});

describe('guidepost serve over HTTP', () => {
  let server: RunningServer;
  let port = 0;
  let root = '';

  beforeAll(async () => {
    const folders = await site();
    root = folders.root;
    server = await startServer({ port: 0, host: '127.0.0.1', ...folders });
    port = portOf(server);
  });

  afterAll(async () => {
    await server?.close();
  });

  describe('static files', () => {
    it.each([
      ['/app.js', 'text/javascript; charset=utf-8', 'console.log(1);'],
      ['/style.css', 'text/css; charset=utf-8', 'body{}'],
      ['/data.json', 'application/json; charset=utf-8', '{"a":1}'],
      ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>shell</title>'],
    ])('serves %s as %s, not cached, not sniffed', async (target, type, body) => {
      const response = await raw(port, { target });
      expect(response).toMatchObject({ status: 200, body });
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('serves an unknown extension as application/octet-stream, byte for byte', async () => {
      const response = await fetch(new URL('/blob.bin', server.url));
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
    });

    it('serves a folder\'s index.html, with or without the trailing slash', async () => {
      expect(await raw(port, { target: '/sub/' })).toMatchObject({ status: 200, body: '<p>sub index</p>' });
      expect(await raw(port, { target: '/sub' })).toMatchObject({ status: 200, body: '<p>sub index</p>' });
    });

    it('answers HEAD with the headers and no body', async () => {
      const response = await raw(port, { method: 'HEAD', target: '/app.js' });
      expect(response).toMatchObject({ status: 200, body: '' });
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    });

    it('gives routes without an extension the app shell, and a missing file 404 without nosniff', async () => {
      expect(await raw(port, { target: '/projects/42/settings?tab=1' })).toMatchObject({ status: 200, body: '<!doctype html><title>shell</title>' });
      const missing = await raw(port, { target: '/missing.js' });
      expect(missing).toMatchObject({ status: 404, body: 'not found' });
      expect(missing.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(missing.headers['x-content-type-options']).toBeUndefined();
    });

    it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('refuses %s with 405 and the methods it allows', async (method) => {
      const response = await raw(port, { method, target: '/app.js', headers: { 'content-type': 'text/plain', 'content-length': 2 }, body: 'hi' });
      expect(response).toMatchObject({ status: 405, body: 'method not allowed' });
      expect(response.headers.allow).toBe('GET, HEAD');
      expect(await readFile(join(root, 'app.js'), 'utf8')).toBe('console.log(1);');
    });

    it('has no authoring endpoint without --author: a PUT there writes nothing', async () => {
      const manifest = JSON.stringify({ schemaVersion: 1, revision: 'evil', items: [] });
      const put = await raw(port, { method: 'PUT', target: AUTHOR_PATH, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(manifest) }, body: manifest });
      expect(put.status).toBe(405);
      const get = await raw(port, { target: AUTHOR_PATH });
      expect(get.body).toBe('<!doctype html><title>shell</title>');
      expect(existsSync(join(root, '__guidepost'))).toBe(false);
    });

    it('answers a request without a Host header (HTTP/1.0)', async () => {
      const response = await new Promise<RawResponse>((ok, fail) => {
        const socket = connect(port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (c) => chunks.push(c));
        socket.on('error', fail);
        socket.on('end', () => ok(parseRawTextResponse(Buffer.concat(chunks))));
        socket.write('GET /app.js HTTP/1.0\r\n\r\n');
      });
      expect(response).toMatchObject({ status: 200, body: 'console.log(1);' });
    });
  });

  describe('POST /collect', () => {
    const post = (body: string | Buffer, headers: Record<string, string | number> = {}) =>
      raw(port, { method: 'POST', target: '/collect', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }, body });

    it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('refuses %s with 405, JSON, the allowed methods and CORS', async (method) => {
      const response = await raw(port, { method, target: '/collect' });
      expect(response.status).toBe(405);
      expect(JSON.parse(response.body)).toEqual({ error: 'use POST' });
      expect(response.headers.allow).toBe('POST, OPTIONS');
      expect(response.headers['access-control-allow-origin']).toBe('*');
    });

    it('answers HEAD with 405 and no body', async () => {
      expect(await raw(port, { method: 'HEAD', target: '/collect' })).toMatchObject({ status: 405, body: '' });
    });

    it('answers the CORS preflight', async () => {
      const response = await raw(port, { method: 'OPTIONS', target: '/collect', headers: { origin: 'http://other.example', 'access-control-request-method': 'POST' } });
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-methods']).toBe('POST');
      expect(response.headers['access-control-allow-headers']).toBe('content-type');
    });

    it('answers bad JSON and wrong shapes with 400 and the reason, and stores nothing', async () => {
      const before = await storedLines(server);
      for (const [body, reason] of [
        ['{"events": [', 'body is not valid JSON'],
        ['', 'body is not valid JSON'],
        ['"just a string"', 'expected {"events": [...]}'],
        ['{"events": [{"__proto__": {"polluted": true}}]}', 'events[0]: '],
        [Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'body is not valid JSON'],
      ] as [string | Buffer, string][]) {
        const response = await post(body);
        expect(response.status, String(body)).toBe(400);
        expect(JSON.parse(response.body).error).toContain(reason);
        expect(response.headers['access-control-allow-origin']).toBe('*');
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await storedLines(server)).toEqual(before);
    });

    it('answers 415 to a form post before reading it', async () => {
      const response = await post('a=1', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(response.status).toBe(415);
      expect(JSON.parse(response.body).error).toContain('"application/x-www-form-urlencoded" is not accepted');
    });

    it('answers 413 from the declared Content-Length alone, without waiting for the body', async () => {
      // Only the headers are sent: the answer must not wait for a megabyte that never comes.
      const response = await raw(port, { method: 'POST', target: '/collect', headers: { 'content-type': 'application/json', 'content-length': MAX_BODY_BYTES + 1 } });
      expect(response.status).toBe(413);
      expect(JSON.parse(response.body)).toEqual({ error: `body larger than ${MAX_BODY_BYTES} bytes` });
    });

    it('reads a body of exactly the limit, and refuses one byte more sent in chunks without a length', async () => {
      const atLimit = await post(' '.repeat(MAX_BODY_BYTES - 2) + '[]');
      expect(atLimit.status).toBe(200);
      expect(JSON.parse(atLimit.body)).toEqual({ accepted: 0, duplicates: 0 });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const count = Math.ceil((MAX_BODY_BYTES + 1) / chunk.length);
      const body = Buffer.concat(Array.from({ length: count }, () => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])).concat(Buffer.from('0\r\n\r\n')));
      const over = await raw(port, { method: 'POST', target: '/collect', headers: { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, body });
      expect(over.status).toBe(413);
      // Still serving, and nothing stored by either.
      const ok = await post(JSON.stringify({ events: [makeEvent({ event_id: uuidv7() })] }));
      expect(JSON.parse(ok.body)).toEqual({ accepted: 1, duplicates: 0 });
    });

    it('answers 413 as soon as a chunked body passes the limit, while the client is still sending it', async () => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined); // the server may drop the rest of an endless upload
      await new Promise((ok) => socket.once('connect', ok));
      let answer = '';
      socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
      socket.write('POST /collect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
      // One byte over the limit, and no terminating chunk: a body that has not ended.
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += chunk.length) {
        await new Promise((ok) => socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]), ok));
      }
      await expect.poll(() => answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(answer).toContain(`body larger than ${MAX_BODY_BYTES} bytes`);
      socket.destroy();
    });

    it('answers 400 to a body that is not UTF-8 inside a string, instead of storing U+FFFD in its place', async () => {
      const before = await storedLines(server);
      const body = Buffer.from(JSON.stringify({ events: [makeEvent({ event_id: uuidv7(), item_id: 'XX' })] }));
      body.set([0xff, 0xfe], body.indexOf('XX'));
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error).toContain('not UTF-8');
      expect(await storedLines(server)).toEqual(before);
      // Well-formed UTF-8 beyond ASCII is stored as sent.
      const event = makeEvent({ event_id: uuidv7(), item_id: 'aide-é-帮助-🧭' });
      expect((await post(Buffer.from(JSON.stringify([event])))).status).toBe(200);
      expect((await storedLines(server)).some((line) => line.includes('aide-é-帮助-🧭'))).toBe(true);
    });

    it('survives a client that disconnects in the middle of its body', async () => {
      const socket = connect(port, '127.0.0.1');
      await new Promise((ok) => socket.once('connect', ok));
      socket.write('POST /collect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"events": [');
      await new Promise<void>((ok) => socket.end(() => ok()));
      socket.destroy();
      const event = makeEvent({ event_id: uuidv7() });
      const after = await post(JSON.stringify({ events: [event] }));
      expect(after.status).toBe(200);
      expect((await storedLines(server)).some((line) => line.includes(event.event_id))).toBe(true);
    });

    it('stores a valid event once, even posted twice', async () => {
      const event = makeEvent({ event_id: uuidv7() });
      expect(JSON.parse((await post(JSON.stringify([event]))).body)).toEqual({ accepted: 1, duplicates: 0 });
      expect(JSON.parse((await post(JSON.stringify([event]))).body)).toEqual({ accepted: 0, duplicates: 1 });
      expect((await storedLines(server)).filter((line) => line.includes(event.event_id))).toHaveLength(1);
    });
  });

  describe('/results', () => {
    it.each(['POST', 'PUT', 'DELETE'])('refuses %s with 405', async (method) => {
      for (const target of ['/results', '/results.json', '/results.js', '/results.css']) {
        const response = await raw(port, { method, target, headers: { 'content-length': 0 } });
        expect(response.status, `${method} ${target}`).toBe(405);
        expect(response.headers.allow).toBe('GET, HEAD');
      }
    });

    it('serves its script and stylesheet with their types', async () => {
      expect((await raw(port, { target: '/results.js' })).headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect((await raw(port, { target: '/results.css' })).headers['content-type']).toBe('text/css; charset=utf-8');
    });

    it('escapes a hostile query in the page, under the strict CSP', async () => {
      const goal = '"><script>alert(1)</script>';
      const response = await raw(port, { target: `/results?goal=${encodeURIComponent(goal)}&experiment=%3Cimg%20src%3Dx%3E` });
      expect(response.status).toBe(200);
      expect(response.headers['content-security-policy']).toBe(RESULTS_CSP);
      expect(response.body.match(/<script/g)).toHaveLength(1);
      expect(response.body).not.toContain('<img');
      expect(response.body).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  });
});

describe('the results page over hostile collected events', () => {
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
  });

  it('shows experiment, variation, item and tour names with markup, quotes and control characters as text', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', ...(await site()) });
    const port = portOf(server);
    const name = (tag: string) => `<script>alert('${tag}')</script>"\u0007&${tag}`;
    const events = [];
    for (let i = 0; i < 40; i++) {
      const variation = name(i % 2 ? 'treatment' : 'control');
      const user = `u${i}`;
      const at = `2026-01-05T10:${String(i).padStart(2, '0')}:00.000Z`;
      events.push(makeEvent({ event_id: uuidv7(), user_id: user, anonymous_id: user, ts: at, item_id: name('item'), experiment: name('experiment'), variation, unit: 'user', unit_id: user, bucket_version: 0 }));
      if (i % 3 === 0) events.push(makeEvent({ event_id: uuidv7(), type: 'goal', name: 'upgraded', item_id: undefined, user_id: user, anonymous_id: user, ts: `2026-01-06T10:${String(i).padStart(2, '0')}:00.000Z` }));
    }
    events.push(makeEvent({ event_id: uuidv7(), type: 'step_viewed', item_id: name('tour'), item_type: 'tour', step: 0, ts: '2026-01-05T11:00:00.000Z' }));
    events.push(makeEvent({ event_id: uuidv7(), type: 'feedback', item_id: name('feedback'), item_type: name('type'), properties: { helpful: true }, ts: '2026-01-05T11:00:00.000Z' }));
    const body = JSON.stringify({ events });
    const stored = await raw(port, { method: 'POST', target: '/collect', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body });
    expect(JSON.parse(stored.body)).toEqual({ accepted: events.length, duplicates: 0 });

    const json = JSON.parse((await raw(port, { target: '/results.json' })).body);
    expect(json.status, json.message).toBe('ok');
    expect(json.report.experiments.map((e: { experiment: string }) => e.experiment)).toEqual([name('experiment')]);

    const page = await raw(port, { target: '/results' });
    expect(page.status).toBe(200);
    expect(page.body.match(/<script/g)).toHaveLength(1);
    for (const tag of ['experiment', 'control', 'treatment', 'tour', 'feedback', 'type']) {
      expect(page.body, tag).not.toContain(`alert('${tag}')</script>`);
      expect(page.body, tag).toContain(`&lt;script&gt;alert(&#39;${tag}&#39;)&lt;/script&gt;&quot;\u0007&amp;${tag}`);
    }
  }, 60_000);
});

describe('startServer and close', () => {
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  it('listens on the port it was given (0: any free one) and names it in its URL', async () => {
    const server = await startServer({ port: 0, host: '127.0.0.1', ...(await site()) });
    try {
      const port = portOf(server);
      expect(port).toBeGreaterThan(0);
      expect(server.url).toBe(`http://127.0.0.1:${port}/`);
      expect(server.server.listening).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('closes: stops listening, even with an idle keep-alive connection open', async () => {
    const server = await startServer({ port: 0, host: '127.0.0.1', ...(await site()) });
    const port = portOf(server);
    const response = await fetch(new URL('/app.js', server.url)); // undici keeps the connection alive
    expect(await response.text()).toBe('console.log(1);');
    await server.close();
    expect(server.server.listening).toBe(false);
    const refused = await new Promise<string>((ok) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => ok('connected'));
      socket.on('error', (error: NodeJS.ErrnoException) => ok(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });

  it('refuses --author on an interface others can reach, naming it, before listening', async () => {
    const folders = await site();
    await expect(startServer({ port: 0, host: '0.0.0.0', ...folders, author: join(folders.root, 'manifest.json') })).rejects.toThrow('not on 0.0.0.0');
    expect(existsSync(folders.dataDir)).toBe(false);
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    const blocker = createNetServer();
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startServer({ port, host: '127.0.0.1', ...(await site()) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise<void>((ok) => blocker.close(() => ok()));
    }
  });

  it('two servers in one process do not share anything', async () => {
    const [a, b] = await Promise.all([site(), site()]);
    const [first, second] = await Promise.all([startServer({ port: 0, host: '127.0.0.1', ...a }), startServer({ port: 0, host: '127.0.0.1', ...b })]);
    try {
      await writeFile(join(b.root, 'only-b.js'), 'b');
      expect((await raw(portOf(first), { target: '/only-b.js' })).status).toBe(404);
      expect((await raw(portOf(second), { target: '/only-b.js' })).body).toBe('b');
      const body = JSON.stringify([makeEvent({ event_id: uuidv7() })]);
      await raw(portOf(first), { method: 'POST', target: '/collect', headers: { 'content-type': 'application/json', 'content-length': body.length }, body });
      expect(await storedLines(first)).toHaveLength(1);
      expect(await storedLines(second)).toEqual([]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  describe('close() resolves while a client is in the middle of a request', () => {
    // server.close() alone waits for every active connection; a client that sent half a body (a
    // stalled upload, or a slow-loris) would keep `guidepost serve` from stopping on Ctrl+C until
    // Node's requestTimeout (5 minutes). close() ends the connections it waits for after a grace.
    it('resolves close() and drops the connection of a half-sent upload', async () => {
      const server = await startServer({ port: 0, host: '127.0.0.1', ...(await site()) });
      const socket = connect(portOf(server), '127.0.0.1');
      sockets.push(socket);
      await new Promise((ok) => socket.once('connect', ok));
      let dropped = false;
      socket.on('close', () => (dropped = true));
      socket.write('POST /collect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ev');
      // The server has the request once its connection counts as active.
      await expect.poll(() => new Promise((ok) => server.server.getConnections((_e, n) => ok(n)))).toBe(1);
      let closed = false;
      void server.close().then(() => (closed = true));
      await expect.poll(() => closed, { timeout: 5_000 }).toBe(true);
      // The client hears of the drop a moment after the server is done: wait for it, do not race it.
      await expect.poll(() => dropped).toBe(true);
    }, 20_000);
  });

  describe('the URL of a server on an IPv6 address is a URL', () => {
    // Without brackets, "::1" would give "http://::1:4173/", which URL parsers refuse (the banner
    // prints it, and new URL(server.url) would throw).
    it('brackets an IPv6 host in its URL', async (context) => {
      let server: RunningServer;
      try {
        server = await startServer({ port: 0, host: '::1', ...(await site()) });
      } catch (error) {
        if (['EADDRNOTAVAIL', 'EAFNOSUPPORT'].includes((error as NodeJS.ErrnoException).code ?? '')) return context.skip();
        throw error;
      }
      try {
        const port = (server.server.address() as { port: number }).port;
        expect(server.url).toBe(`http://[::1]:${port}/`);
        expect(new URL(server.url).port).toBe(String(port));
      } finally {
        await server.close();
      }
    });
  });
});
