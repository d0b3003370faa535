/**
 * `guidepost serve` static files: each mount serves only its own folder, the data folder and
 * dotfiles never, whatever the encoding of the request target. The corpus is written raw on a
 * socket, because fetch (WHATWG URL) would resolve `..`, `%2e%2e` and `\` before sending.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, parseTarget, startServer, type RunningServer } from '../../src/cli/serve';
import { makeEvent } from '../fixtures/events';
import { useTempDir } from '../support/cli-harness';
import { parseRawTextResponse } from '../support/raw-http';

const tempDir = useTempDir('guidepost-serve-security-');

const CANARY = {
  data: 'CANARY-collected-event-7f3a',
  git: 'CANARY-git-config-91bd',
  env: 'CANARY-dotenv-4c20',
  outside: 'CANARY-outside-root-e811',
};

let server: RunningServer;
let port = 0;

type RawResponse = ReturnType<typeof parseRawTextResponse>;

/** Writes `target` unaltered into a request line and reads the whole response. */
function rawRequest(target: string, method = 'GET'): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', fail);
    socket.on('end', () => ok(parseRawTextResponse(Buffer.concat(chunks))));
    socket.write(Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 'latin1'));
  });
}


/** Files of the real package that must never come out of /dist/ or /schema/. */
const packageSecrets = ['package.json', 'src/cli/serve.ts', 'tsconfig.json', '.git/config', 'data/events.ndjson']
  .map((path) => join(PACKAGE_ROOT, path))
  .filter((path) => existsSync(path))
  .map((path) => readFileSync(path, 'utf8'));

beforeAll(async () => {
  const root = join(tempDir(), 'site');
  const dataDir = join(root, 'data'); // under the served root on purpose: it must still stay private
  const outside = join(tempDir(), 'outside');
  await mkdir(join(root, '.git'), { recursive: true });
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app shell</title>');
  await writeFile(join(root, 'app.js'), 'console.log("app");');
  await writeFile(join(root, 'sub', 'page.html'), '<p>sub page</p>');
  await writeFile(join(root, '.git', 'config'), `[core]\n\tsecret = ${CANARY.git}\n`);
  await writeFile(join(root, '.env'), `TOKEN=${CANARY.env}\n`);
  await writeFile(join(outside, 'secret.txt'), CANARY.outside);
  await symlink(join(outside, 'secret.txt'), join(root, 'leak.txt'));
  await symlink(outside, join(root, 'linked'));
  await symlink(join(dataDir, 'events.ndjson'), join(root, 'events-link.ndjson'));
  await symlink(join(root, '.git', 'config'), join(root, 'git-config.txt'));
  await symlink(join(root, 'app.js'), join(root, 'app-link.js'));
  server = await startServer({ port: 0, host: '127.0.0.1', root, dataDir });
  port = Number(new URL(server.url).port);
  // One collected event, carrying a canary, as after `npm start` and a first page view.
  const stored = await server.collector.collect(JSON.stringify({ events: [makeEvent({ properties: { secret: CANARY.data } })] }));
  expect(stored.status).toBe(200);
  expect(await readFile(server.collector.file, 'utf8')).toContain(CANARY.data);
});

afterAll(async () => {
  await server?.close();
});

const TRAVERSALS = [
  // Out of a mount into the package (the reported exploits).
  '/dist/..%2fdata%2fevents.ndjson',
  '/dist/..%2f.git%2fconfig',
  '/dist/%2e%2e%2fpackage.json',
  '/dist/%2E%2E%2Fpackage.json',
  '/dist/%2e%2e/package.json',
  '/dist/..%2fpackage.json',
  '/schema/..%2fsrc%2fcli%2fserve.ts',
  '/schema/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
  '/dist/../package.json',
  '/schema/./../tsconfig.json',
  // Double encoding is decoded once: a literal "%2e%2e" name, never a parent.
  '/dist/..%252fpackage.json',
  '/dist/%252e%252e%252fpackage.json',
  '/%252e%252e/%252e%252e/package.json',
  // Backslashes, raw and encoded.
  '/dist/..\\package.json',
  '/dist/..%5cpackage.json',
  '/..%5c..%5cetc%5cpasswd',
  '/data\\events.ndjson',
  // NUL and other control characters.
  '/data/events.ndjson%00.html',
  '/index.html%00/../data/events.ndjson',
  '/%00',
  '/app.js%0a',
  // Plain parents.
  '/../package.json',
  '/../../../../etc/passwd',
  '/..%2f..%2f..%2fetc%2fpasswd',
  '/sub/../.git/config',
  '/sub/%2e%2e/data/events.ndjson',
  // The data folder, however it is spelled.
  '/data/events.ndjson',
  '/data/',
  '/data',
  '/%64ata/events.ndjson',
  '/./data/events.ndjson',
  '/dist/../data/events.ndjson',
  // Dotfiles and dot folders.
  '/.git/config',
  '/.git/',
  '/.git',
  '/%2egit/config',
  '/.env',
  '/sub/.env',
  // Empty segments (and what `new URL()` would take for a host).
  '//etc/passwd',
  '//data/events.ndjson',
  '/sub//../../data/events.ndjson',
  // Absolute-form request targets.
  'http://evil/../../package.json',
  'http://evil/dist/..%2fpackage.json',
  'http://127.0.0.1/data/events.ndjson',
  'http://127.0.0.1/.git/config',
  'http://evil/..%2f..%2fetc%2fpasswd',
  // Symlinks that lead out of the root, into the data folder or onto a dotfile.
  '/leak.txt',
  '/linked/secret.txt',
  '/events-link.ndjson',
  '/git-config.txt',
  // Malformed percent-encoding (incl. overlong UTF-8 for "..").
  '/%E0%A4%A',
  '/dist/%c0%ae%c0%ae/package.json',
  '/dist/%',
];

describe('guidepost serve: static files', () => {
  it.each(TRAVERSALS)('refuses %s without leaking anything', async (target) => {
    const response = await rawRequest(target);
    expect([400, 403, 404]).toContain(response.status);
    for (const canary of Object.values(CANARY)) expect(response.body).not.toContain(canary);
    for (const secret of packageSecrets) expect(response.body).not.toBe(secret);
    expect(response.body).not.toContain('"name": "guidepost"');
    expect(response.body).not.toContain('export async function startServer');
    expect(response.body).not.toContain('root:');
  });

  it('answers a malformed percent-encoding with 400, on every route', async () => {
    for (const target of ['/%E0%A4%A', '/collect%E0%A4%A', '/results/%ZZ', '/dist/%E0%A4%A']) {
      const response = await rawRequest(target);
      expect(response.status, target).toBe(400);
      expect(response.body).toContain('malformed percent-encoding');
    }
  });

  it('still serves the root, its subfolders, in-root symlinks, the app shell and the package mounts', async () => {
    expect(await rawRequest('/app.js')).toMatchObject({ status: 200, body: 'console.log("app");' });
    expect(await rawRequest('/sub/page.html')).toMatchObject({ status: 200, body: '<p>sub page</p>' });
    expect(await rawRequest('/app-link.js')).toMatchObject({ status: 200, body: 'console.log("app");' });
    expect(await rawRequest('/')).toMatchObject({ status: 200, body: '<!doctype html><title>app shell</title>' });
    expect(await rawRequest('/some/route?tab=2')).toMatchObject({ status: 200, body: '<!doctype html><title>app shell</title>' });
    expect(await rawRequest('http://127.0.0.1:4173/app.js')).toMatchObject({ status: 200, body: 'console.log("app");' });
    // Decoded once: a legitimately encoded name still resolves.
    expect(await rawRequest('/%61pp.js')).toMatchObject({ status: 200, body: 'console.log("app");' });
    const schema = await rawRequest('/schema/manifest.schema.json');
    expect(schema.status).toBe(200);
    expect(schema.body).toBe(await readFile(join(PACKAGE_ROOT, 'schema', 'manifest.schema.json'), 'utf8'));
    // A mount never falls back to the app shell or to the served root.
    expect((await rawRequest('/dist/app.js')).status).toBe(404);
  });

  it('sends CORS headers only from /collect', async () => {
    const file = await rawRequest('/app.js');
    expect(file.status).toBe(200);
    expect(file.headers['access-control-allow-origin']).toBeUndefined();
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    const results = await rawRequest('/results.css');
    expect(results.status).toBe(200);
    expect(results.headers['access-control-allow-origin']).toBeUndefined();
    expect((await rawRequest('/nope.js')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await rawRequest('/..%2fx')).headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await rawRequest('/collect', 'OPTIONS');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type');
    const collect = await rawRequest('/collect');
    expect(collect.status).toBe(405);
    expect(collect.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('parseTarget', () => {
  it('decodes once and keeps the query', () => {
    expect(parseTarget('/a%20b/c?x=%2F')).toEqual({ path: '/a b/c', segments: ['a b', 'c'], search: '?x=%2F' });
    expect(parseTarget('/%252e%252e/x')).toMatchObject({ path: '/%2e%2e/x' });
    expect(parseTarget('https://host:8080')).toMatchObject({ path: '/' });
    expect(parseTarget('http://host?q=1')).toMatchObject({ path: '/', search: '?q=1' });
  });

  it('refuses what is not a path', () => {
    for (const target of ['*', 'example.com:443', 'http:/x', '/..', '/a/./b', '/a//b', '/a\\b', '/a%5cb', '/a%00b', '/%E0%A4%A']) {
      expect(parseTarget(target), target).toHaveProperty('error');
    }
  });
});
