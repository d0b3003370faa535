/**
 * `guidepost serve`: serves the demo (or any folder) and the built SDK on 127.0.0.1, and
 * hosts the event collector at POST /collect and the results page at GET /results. Plain
 * node:http, no framework.
 *
 * Static files: `/dist/…` and `/schema/…` come from those folders of the package, everything
 * else from the served root. The path is decoded once, then refused (400) when it holds `.` or
 * `..` segments, empty segments, backslashes or control characters; dotfiles (`.git`, `.env`)
 * and the data folder (collected events) are never served (404), and a file is served only
 * when its real path (symlinks followed) is still inside its mount.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { realpath, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector, MAX_BODY_BYTES, type Collector } from './collector';
import { readBody, utf8 } from './request-body';
import { createResultsHandler, type ResultsHandler } from './results';
import { sendFile } from './serve-file';
import { AUTHOR_PATH, createAuthorHandler, type AuthorHandler } from '../authoring/save-endpoint';

export interface ServeOptions {
  port: number;
  host: string;
  /** Folder served at / (single-page fallback to its index.html). */
  root: string;
  /** Folder where events.ndjson is written (created on first event). */
  dataDir: string;
  /**
   * The manifest file the authoring panel's "Save to file" writes (`--author`): answered at
   * AUTHOR_PATH, on 127.0.0.1 only. Undefined: that endpoint does not exist.
   */
  author?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  collector: Collector;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

/** The package root (dist/ and schema/ are served from it), found from this file's location. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin', 'guidepost.js'))) return dir;
    if (dirname(dir) === dir) return resolve(start, '..');
  }
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  // The file-writing endpoint is for the writer's own machine: never on an interface others can reach.
  if (options.author !== undefined && options.host !== '127.0.0.1') throw new Error(`--author writes files: it is only served on 127.0.0.1, not on ${options.host}`);
  const collector = await createCollector(options.dataDir);
  const results = createResultsHandler(collector.file);
  const site: Site = { root: resolve(options.root), dataDir: resolve(options.dataDir), author: options.author === undefined ? undefined : createAuthorHandler(resolve(options.author)) };
  const server = createServer((req, res) => {
    handle(req, res, site, collector, results).catch((error) => {
      if (res.headersSent) return void res.destroy();
      send(res, 500, TEXT, `internal error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://${urlHost(options.host)}:${port}/`,
    collector,
    close: async () => {
      // server.close() only stops accepting: it then waits for every open connection, and a
      // stalled upload (or a slow-loris) would hold Ctrl+C until Node's requestTimeout (5 min).
      // Idle keep-alive connections go now; requests in flight get a short grace to be answered.
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(force);
      await collector.close();
    },
  };
}

/** How long close() lets requests in flight finish before it drops their connections. */
const CLOSE_GRACE_MS = 1000;

/** A host as a URL writes it: an IPv6 address in brackets, its zone's "%" escaped (RFC 6874). */
function urlHost(host: string): string {
  return host.includes(':') ? `[${host.replace(/%/g, '%25')}]` : host;
}

interface Site {
  root: string;
  dataDir: string;
  author?: AuthorHandler;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json';
/** Only the collector is called from other origins (an app on another port posting events). */
const CORS = { 'access-control-allow-origin': '*' };

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) {
  res.writeHead(status, responseHeaders(status, type, headers));
  res.end(body);
}

/** The headers of every answer, sent or streamed: its type, never cached, and not sniffed when it is not an error. */
function responseHeaders(status: number, type: string, headers: Record<string, string> = {}): Record<string, string> {
  // nosniff on what is served; an error's short text body cannot be mistaken for anything, and
  // with nosniff a missing script would add a second, misleading "MIME type" console error.
  const sniffing: Record<string, string> = status < 400 ? { 'x-content-type-options': 'nosniff' } : {};
  return { 'content-type': type, 'cache-control': 'no-store', ...sniffing, ...headers };
}

async function handle(req: IncomingMessage, res: ServerResponse, site: Site, collector: Collector, results: ResultsHandler) {
  const target = parseTarget(req.url ?? '/');
  if ('error' in target) return send(res, 400, TEXT, target.error);
  // Experiment results over the collected events (GET /results, /results.json).
  const url = new URL('http://localhost/');
  url.pathname = target.path;
  url.search = target.search;
  if (await results.handle(req, res, url)) return;
  if (target.path === '/collect') return handleCollect(req, res, collector);
  if (target.path === AUTHOR_PATH && site.author) return site.author.handle(req, res);
  return serveStatic(req, res, target, site);
}

async function handleCollect(req: IncomingMessage, res: ServerResponse, collector: Collector) {
  const reply = (status: number, body: object, headers: Record<string, string> = {}) => send(res, status, JSON_TYPE, JSON.stringify(body), { ...CORS, ...headers });
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...CORS, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' });
    return void res.end();
  }
  if (req.method !== 'POST') return reply(405, { error: 'use POST' }, { allow: 'POST, OPTIONS' });
  const typeProblem = contentTypeProblem(req.headers['content-type']);
  if (typeProblem) return reply(415, { error: typeProblem });
  const tooLarge = { error: `body larger than ${MAX_BODY_BYTES} bytes` };
  if (Number(req.headers['content-length']) > MAX_BODY_BYTES) return reply(413, tooLarge);
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === undefined) return reply(413, tooLarge);
  const text = utf8(body);
  // Lossy decoding would store U+FFFD in place of the bytes sent, and answer 200 for it.
  if (text === undefined) return reply(400, { error: 'body is not valid JSON: it is not UTF-8 (RFC 8259 requires UTF-8 between systems)' });
  const result = await collector.collect(text);
  return reply(result.status, result.body);
}

/**
 * Why POST /collect refuses this Content-Type, if it does: JSON, or text/plain because
 * `sendBeacon` sends that (any other type would need a CORS preflight beacons cannot do).
 * The body is read as UTF-8, so another declared charset is refused rather than misread.
 */
export function contentTypeProblem(header: string | undefined): string | undefined {
  if (!header) return 'missing Content-Type: send application/json or text/plain';
  const [type, ...params] = header.split(';');
  const mime = type.trim().toLowerCase();
  if (mime !== 'application/json' && mime !== 'text/plain') return `Content-Type ${JSON.stringify(mime.slice(0, 100))} is not accepted: send application/json or text/plain`;
  for (const param of params) {
    const [name, value = ''] = param.split('=');
    const charset = value.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (name.trim().toLowerCase() === 'charset' && charset !== 'utf-8' && charset !== 'utf8') return `charset ${JSON.stringify(charset.slice(0, 100))} is not accepted: send UTF-8`;
  }
  return undefined;
}

interface Target {
  /** The decoded path: starts with "/", no "." or ".." segment, no backslash or control character. */
  path: string;
  /** Its segments after the leading "/" (the last is "" for a trailing slash). */
  segments: string[];
  /** The query string, with its "?", still encoded. */
  search: string;
}

/**
 * Reads a request target without WHATWG URL: `new URL()` would take `//etc/passwd` for a host
 * and silently resolve `%2e%2e`, so what gets checked would differ from what was asked for.
 * Absolute-form targets (`GET http://host/x`, which HTTP/1.1 servers must accept) keep only
 * their path, which then passes the same checks.
 */
export function parseTarget(raw: string): Target | { error: string } {
  let rest = raw;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (absolute) {
    rest = rest.slice(absolute[0].length);
    if (!rest.startsWith('/')) rest = `/${rest}`;
  }
  if (!rest.startsWith('/')) return { error: 'the request target must be a path' };
  const end = rest.search(/[?#]/);
  const rawPath = end === -1 ? rest : rest.slice(0, end);
  const search = end === -1 ? '' : rest.slice(end).replace(/#.*$/s, '');
  let path: string;
  try {
    path = decodeURIComponent(rawPath); // once: "%252e" stays the literal name "%2e"
  } catch {
    return { error: 'malformed percent-encoding in the path' };
  }
  // A backslash is a separator on Windows (and browsers turn a typed one into "/"); NUL cuts paths short.
  if (/[\x00-\x1f\x7f\\]/.test(path)) return { error: 'control characters and backslashes are not allowed in the path' };
  const segments = path.split('/').slice(1);
  for (const [index, segment] of segments.entries()) {
    if (segment === '.' || segment === '..') return { error: 'dot segments are not allowed in the path' };
    if (segment === '' && index < segments.length - 1) return { error: 'empty segments are not allowed in the path' };
  }
  return { path, segments, search };
}

/** The built SDK and its schema come from the package; each mount serves only its own folder. */
const MOUNTS: Record<string, string> = { dist: join(PACKAGE_ROOT, 'dist'), schema: join(PACKAGE_ROOT, 'schema') };

async function serveStatic(req: IncomingMessage, res: ServerResponse, target: Target, site: Site) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, TEXT, 'method not allowed', { allow: 'GET, HEAD' });
  const [first, ...others] = target.segments;
  const mounted = Object.hasOwn(MOUNTS, first) && others.length > 0;
  const base = mounted ? MOUNTS[first] : site.root;
  const segments = mounted ? others : target.segments;
  // Dotfiles and dot folders (.git, .env, .npmrc) are never public, wherever they are.
  if (segments.some((segment) => segment.startsWith('.'))) return send(res, 404, TEXT, 'not found');
  const found = await findFile(base, segments, site.dataDir);
  if (found === REFUSED) return send(res, 404, TEXT, 'not found');
  // Streamed, not read whole; a file gone since it was found is answered as missing.
  if (found && (await sendFile(req, res, found, responseHeaders(200, TYPES[extname(found)] ?? 'application/octet-stream')))) return;
  if (!mounted && !extname(target.path)) {
    // Single-page app: routes without a file extension get the app shell.
    const index = await findFile(site.root, ['index.html'], site.dataDir);
    if (index && index !== REFUSED && (await sendFile(req, res, index, responseHeaders(200, TYPES['.html'])))) return;
  }
  return send(res, 404, TEXT, 'not found');
}

/** A path that exists but may not be served: answered 404 like a missing one, with no app-shell fallback. */
const REFUSED = Symbol('refused');

/** The real path of the file to serve, undefined when there is none, REFUSED when it may not be served. */
async function findFile(base: string, segments: string[], dataDir: string): Promise<string | typeof REFUSED | undefined> {
  const candidate = resolve(base, ...segments);
  if (!inside(base, candidate) || inside(dataDir, candidate)) return REFUSED;
  const realBase = await realpath(base).catch(() => undefined);
  if (!realBase) return undefined;
  const realData = await realpath(dataDir).catch(() => dataDir);
  for (const path of [candidate, join(candidate, 'index.html')]) {
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      continue; // not there; try the next
    }
    // Checked again on the real path: a symlink must not lead out of the mount, into the
    // data folder or onto a dotfile.
    if (!inside(realBase, real) || inside(realData, real)) return REFUSED;
    if (relative(realBase, real).split(sep).some((segment) => segment.startsWith('.'))) return REFUSED;
    try {
      if ((await stat(real)).isFile()) return real;
    } catch {
      // Gone meanwhile; try the next.
    }
  }
  return undefined;
}

/** Whether `child` is `parent` or below it (by path, not string prefix: /srv/app is not under /srv/ap). */
function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
