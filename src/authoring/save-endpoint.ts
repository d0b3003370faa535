/**
 * `guidepost serve --author manifest.json`: the endpoint behind the authoring panel's "Save to
 * file". GET says which file it writes, with the version of its content (ETag, version.ts);
 * PUT (or POST) with the edited manifest and `If-Match: <the version the edit started from>`
 * writes only when the file still has that version: otherwise 409 Conflict with the file's
 * content now, and nothing is written (the panel re-applies its edits onto it, merge.ts). It
 * checks the edit as `guidepost validate` does (the validator and the writers' checks,
 * writer-checks.ts; the CLI's messages) and refuses errors (422), keeps the previous file as `<file>.bak`, and
 * writes the new one atomically (a temporary file renamed over it), changing only the lines
 * the edit touches (file-edit.ts). Node only.
 *
 * Who may write: the server listens on 127.0.0.1 only when --author is given (serve.ts), and
 * this handler also refuses requests whose Host is not a loopback name (DNS rebinding: a
 * page of another site resolving its own name to 127.0.0.1) and browser requests from another
 * origin (Origin, Sec-Fetch-Site). The body must be JSON (`application/json`), which a page of
 * another origin cannot send without a CORS preflight this server never grants. Bodies are
 * bounded (MAX_MANIFEST_BYTES) and writes run one at a time.
 */
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateManifest } from '../manifest/validate';
import { checkSelectorSyntax } from '../cli/selector';
import { editJsonText } from './file-edit';
import { isObject, type Json } from './json-patch';
import { manifestVersion } from './version';
import { writerProblems } from './writer-checks';

/** Where the panel finds the endpoint (same origin as the page). */
export const AUTHOR_PATH = '/__guidepost/manifest';

/** The largest manifest accepted. */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

export interface AuthorHandler {
  /** The file it writes (absolute). */
  readonly file: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(JSON.stringify(body));
}

/** Why a request may not use the endpoint, if it may not. */
function refusal(req: IncomingMessage): string | undefined {
  const host = req.headers.host ?? '';
  if (!LOOPBACK_HOST.test(host)) return `the Host ${JSON.stringify(host.slice(0, 100))} is not this machine's loopback address`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return `requests from ${JSON.stringify(origin.slice(0, 100))} are not accepted: only pages served by this server may save`;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'only pages served by this server may save';
  return undefined;
}

/** The body as text, or undefined once it passes `limit` bytes (the rest is drained, not kept). */
function readBounded(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => ok(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/** Writes `text` to `file` atomically, the previous content kept in `file.bak`. */
async function writeWithBackup(file: string, text: string): Promise<boolean> {
  const backedUp = await copyFile(file, `${file}.bak`).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false; // a new file: nothing to keep
      throw error;
    },
  );
  // In the same folder, so the rename is atomic: readers see the old file or the new one, never half.
  const temporary = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return backedUp;
}

/** The file's content as JSON (undefined when it is not JSON) and its version ("" for none). */
function contentOf(text: string | undefined): { json?: Json; version: string } {
  if (text === undefined) return { version: '' };
  try {
    const json = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
    return { json, version: manifestVersion(json) };
  } catch {
    return { version: '' };
  }
}

export function createAuthorHandler(file: string): AuthorHandler {
  const name = basename(file);
  // One write at a time: two saves in flight must not interleave their backup and rename.
  let queue: Promise<unknown> = Promise.resolve();

  const read = () =>
    readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });

  type Answer = { status: number; body: object; headers?: Record<string, string> };

  const save = async (json: Json, base: string | undefined): Promise<Answer> => {
    const previous = await read();
    if (previous !== undefined) {
      // Never over what someone else wrote since the panel loaded the file: the writer merges first.
      if (base === undefined) return { status: 428, body: { error: `${name} was not written: say which version of it the edit starts from (If-Match with the ETag of GET ${AUTHOR_PATH})` } };
      const current = contentOf(previous);
      if (current.version !== base) {
        return {
          status: 409,
          body: { error: `${name} was not written: it changed on disk since the panel loaded it${current.json === undefined ? ' (and is not valid JSON now)' : ''}`, changed: true, ...(current.json !== undefined && { current: current.json, etag: current.version }) },
        };
      }
    }
    const { manifest, problems } = validateManifest(json, { checkSelector: checkSelectorSyntax });
    // As `guidepost validate` checks it (validate.ts): the validator, then the writers' checks.
    const errors = [...problems, ...writerProblems(json)].filter((p) => p.severity === 'error');
    if (!manifest || errors.length) return { status: 422, body: { error: `${name} was not written: the manifest has ${errors.length} error${errors.length === 1 ? '' : 's'}`, problems: errors.map((p) => p.message) } };
    const text = previous === undefined ? `${JSON.stringify(json, null, 2)}\n` : editJsonText(previous, json);
    const etag = manifestVersion(JSON.parse(text) as Json);
    if (text === previous) return { status: 200, body: { saved: name, unchanged: true, etag }, headers: { etag } };
    const backedUp = await writeWithBackup(file, text);
    return { status: 200, body: { saved: name, ...(backedUp && { backup: `${name}.bak` }), etag }, headers: { etag } };
  };

  return {
    file,
    async handle(req, res) {
      const refused = refusal(req);
      if (refused) return reply(res, 403, { error: refused });
      if (req.method === 'GET' || req.method === 'HEAD') {
        const current = contentOf(await read().catch(() => undefined));
        return reply(res, 200, { author: true, file: name }, current.json === undefined ? {} : { etag: current.version });
      }
      if (req.method !== 'PUT' && req.method !== 'POST') return reply(res, 405, { error: 'use GET, PUT or POST' }, { allow: 'GET, HEAD, PUT, POST' });
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/json') return reply(res, 415, { error: 'send the manifest as application/json' });
      const tooLarge = { error: `the manifest is larger than ${MAX_MANIFEST_BYTES} bytes` };
      if (Number(req.headers['content-length']) > MAX_MANIFEST_BYTES) return reply(res, 413, tooLarge);
      const body = await readBounded(req, MAX_MANIFEST_BYTES);
      if (body === undefined) return reply(res, 413, tooLarge);
      let json: Json;
      try {
        json = JSON.parse(body) as Json;
      } catch (error) {
        return reply(res, 400, { error: `not valid JSON: ${(error as Error).message}` });
      }
      if (!isObject(json)) return reply(res, 422, { error: `${name} was not written: a manifest is a JSON object`, problems: [] });
      const ifMatch = req.headers['if-match'];
      const result = queue.then(() => save(json, typeof ifMatch === 'string' ? ifMatch.trim() : undefined));
      queue = result.catch(() => undefined);
      try {
        const { status, body: answer, headers } = await result;
        reply(res, status, answer, headers);
      } catch (error) {
        reply(res, 500, { error: `${name} could not be written: ${(error as Error).message}` });
      }
    },
  };
}
