/**
 * `guidepost serve`: serves the demo (or any folder) and the built SDK on 127.0.0.1, and
 * hosts the event collector at POST /collect and the results page at GET /results. Plain
 * node:http, no framework.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector, MAX_BODY_BYTES, type Collector } from './collector';
import { createResultsHandler, type ResultsHandler } from './results';

export interface ServeOptions {
  port: number;
  host: string;
  /** Folder served at / (single-page fallback to its index.html). */
  root: string;
  /** Folder where events.ndjson is written (created on first event). */
  dataDir: string;
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
  const collector = await createCollector(options.dataDir);
  const results = createResultsHandler(collector.file);
  const root = resolve(options.root);
  const server = createServer((req, res) => {
    handle(req, res, root, collector, results).catch((error) => send(res, 500, 'text/plain; charset=utf-8', `internal error: ${(error as Error).message}`));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    url: `http://${options.host}:${port}/`,
    collector,
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      await collector.close();
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse, root: string, collector: Collector, results: ResultsHandler) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // Experiment results over the collected events (GET /results, /results.json).
  if (await results.handle(req, res, url)) return;
  if (url.pathname === '/collect') {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' });
      return void res.end();
    }
    if (req.method !== 'POST') return send(res, 405, 'application/json', JSON.stringify({ error: 'use POST' }));
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, 'application/json', JSON.stringify({ error: `body larger than ${MAX_BODY_BYTES} bytes` }));
    const result = await collector.collect(body);
    return send(res, result.status, 'application/json', JSON.stringify(result.body));
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
  // The built SDK and its schema come from the package; everything else from the served folder.
  const fromPackage = /^\/(dist|schema)\//.test(url.pathname);
  const base = fromPackage ? PACKAGE_ROOT : root;
  const file = await findFile(base, decodeURIComponent(url.pathname));
  if (file) return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
  if (!fromPackage && !extname(url.pathname)) {
    // Single-page app: routes without a file extension get the app shell.
    const index = await findFile(root, '/index.html');
    if (index) return send(res, 200, TYPES['.html'], await readFile(index));
  }
  return send(res, 404, 'text/plain; charset=utf-8', 'not found');
}

async function findFile(base: string, pathname: string): Promise<string | undefined> {
  const candidate = normalize(join(base, pathname));
  // Refuse anything that escapes the folder (../ tricks).
  if (candidate !== base && !candidate.startsWith(base.endsWith(sep) ? base : base + sep)) return undefined;
  for (const path of [candidate, join(candidate, 'index.html')]) {
    try {
      if ((await stat(path)).isFile()) return path;
    } catch {
      // Not there; try the next.
    }
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => ok(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}
