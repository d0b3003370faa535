/**
 * `guidepost serve --author manifest.json`: "Save to file" validates the edited manifest, keeps
 * the previous file as .bak, writes atomically and rewrites only the lines that changed; the
 * endpoint exists only with --author, only on 127.0.0.1, only for same-origin requests, and
 * refuses bodies that are too large, not JSON or invalid (the validator and the writers' checks,
 * as `guidepost validate`), and any write over a file that changed since the edit's base (409).
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/cli/serve';
import { editJsonText } from '../../src/authoring/file-edit';
import { MAX_MANIFEST_BYTES } from '../../src/authoring/save-endpoint';
import type { Json } from '../../src/authoring/json-patch';
import { manifestVersion } from '../../src/authoring/version';
import { runCli, useTempDir } from '../support/cli-harness';

const tempDir = useTempDir('guidepost-serve-author-');

/** As people write manifests: some objects on one line, four-space indentation, keys the SDK ignores (declare). */
const SOURCE = `{
    "schemaVersion": 1,
    "revision": "r1",
    "declare": { "events": { "saved": {}, "exported": {} } },
    "items": [
        { "id": "save-tip", "type": "tooltip", "target": "#save", "body": { "en": "Saves" } },
        {
            "id": "welcome",
            "type": "banner",
            "title": "Welcome"
        }
    ]
}
`;

let server: RunningServer;
let manifest = '';
let origin = '';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** A request with exactly these headers (fetch would add or forbid some). */
function send(method: string, body: string | undefined, headers: Record<string, string> = {}, path = '/__guidepost/manifest'): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: new URL(server.url).port, method, path, headers: { host: new URL(origin).host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        ok({ status: res.statusCode ?? 0, body: text.startsWith('{') ? JSON.parse(text) : { text } });
      });
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** The version of the file as it is now: what a panel that loaded it sends as If-Match. */
const onDisk = async () => manifestVersion(JSON.parse(await readFile(manifest, 'utf8')) as Json);

/** A PUT from a panel that loaded the file as it is now (unless `headers` say otherwise). */
const put = async (json: unknown, headers: Record<string, string> = {}) =>
  send('PUT', JSON.stringify(json), { 'content-type': 'application/json', origin, 'if-match': await onDisk(), ...headers });

beforeAll(async () => {
  manifest = join(tempDir(), 'manifest.json');
  await writeFile(manifest, SOURCE);
  server = await startServer({ port: 0, host: '127.0.0.1', root: tempDir(), dataDir: join(tempDir(), 'data'), author: manifest });
  origin = server.url.replace(/\/$/, '');
});

afterAll(async () => {
  await server?.close();
});

describe('the --author endpoint', () => {
  it('GET names the file it writes (the name only, not the path)', async () => {
    expect(await send('GET', undefined)).toEqual({ status: 200, body: { author: true, file: 'manifest.json' } });
  });

  it('PUT writes the edit: only the changed lines differ, the previous file is kept as .bak', async () => {
    const edited = JSON.parse(SOURCE);
    edited.items[0].body.es = 'Guarda';
    edited.items.push({ id: 'export-help', type: 'helpLink', target: { anchor: 'export' }, title: { en: 'Export' } });
    const answer = await put(edited);
    expect(answer).toEqual({ status: 200, body: { saved: 'manifest.json', backup: 'manifest.json.bak', etag: await onDisk() } });
    const written = await readFile(manifest, 'utf8');
    expect(JSON.parse(written)).toEqual(edited);
    expect(await readFile(`${manifest}.bak`, 'utf8')).toBe(SOURCE);
    // Untouched lines are byte for byte the same, one-line objects and four spaces included.
    const before = SOURCE.split('\n');
    const after = written.split('\n');
    expect(after).toContain('    "declare": { "events": { "saved": {}, "exported": {} } },');
    expect(after.slice(0, 4)).toEqual(before.slice(0, 4));
    expect(after.filter((line) => !before.includes(line)).join('\n')).toMatch(/"es": "Guarda"[\s\S]*"export-help"/);
    expect(after.filter((line) => line.includes('welcome'))).toEqual(['            "id": "welcome",']);
    // No temporary file left behind.
    expect((await readdir(tempDir())).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('GET gives the version of the file as an ETag; a save answers the new one', async () => {
    const res = await fetch(new URL('/__guidepost/manifest', server.url));
    expect(res.headers.get('etag')).toBe(await onDisk());
    const edited = JSON.parse(await readFile(manifest, 'utf8'));
    edited.revision = `${edited.revision}+etag`;
    const answer = await put(edited);
    expect(answer.status).toBe(200);
    expect(answer.body.etag).toBe(await onDisk());
    expect(answer.body.etag).not.toBe(res.headers.get('etag'));
  });

  it('refuses an invalid manifest with the validator\'s messages and writes nothing', async () => {
    const before = await readFile(manifest, 'utf8');
    const answer = await put({ schemaVersion: 1, revision: 'r2', items: [{ id: 'bad', type: 'tooltip', target: '#x', placment: 'top' }] });
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual(['item "bad" at items[0].placment: unknown key "placment" — did you mean "placement"?']);
    expect(await readFile(manifest, 'utf8')).toBe(before);
  });

  it('a file changed on disk since the edit\'s base: 409 naming it, with the file\'s content, and nothing written', async () => {
    const loaded = JSON.parse(await readFile(manifest, 'utf8'));
    const base = await onDisk();
    // Someone edits the file by hand after the panel loaded it.
    const byHand = (await readFile(manifest, 'utf8')).replace(/"revision": "[^"]*"/, '"revision": "by-hand"');
    await writeFile(manifest, byHand);
    const draft = { ...loaded, items: [...loaded.items, { id: 'late', type: 'tooltip', target: '#late', body: { en: 'Late' } }] };
    const answer = await put(draft, { 'if-match': base });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: 'manifest.json was not written: it changed on disk since the panel loaded it', changed: true, current: JSON.parse(byHand), etag: await onDisk() });
    expect(await readFile(manifest, 'utf8')).toBe(byHand);
    // Without a base, nothing is written either: the server cannot tell what the edit would undo.
    const blind = await send('PUT', JSON.stringify(draft), { 'content-type': 'application/json', origin });
    expect(blind.status).toBe(428);
    expect(await readFile(manifest, 'utf8')).toBe(byHand);
  });

  it('refuses what `guidepost validate` finds wrong beyond the validator: undeclared or mistyped attributes, texts without the default locale', async () => {
    const before = await readFile(manifest, 'utf8');
    const base = { schemaVersion: 1, revision: 'r3', declare: { traits: { account: { plan: ['trial', 'pro'] } } } };
    const answer = await put({
      ...base,
      items: [
        { id: 'a', type: 'tooltip', target: '#x', body: 'Hi', when: { 'account.plam': 'trial' } },
        { id: 'b', type: 'tooltip', target: '#x', body: 'Hi', when: { 'account.plan': 3 } },
        { id: 'c', type: 'tooltip', target: '#x', title: { es: 'Hola' }, body: 'Hi' },
      ],
    });
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([
      'item "a" at items[0].when["account.plam"]: condition on "account.plam": "plam" is not a account trait declared in "declare.traits.account"; declare it there or fix the name — did you mean "account.plan"?',
      'item "b" at items[1].when["account.plan"]: "account.plan" is declared as one of "trial", "pro", so 3 never matches',
      'item "c" at items[2].title: no "en" translation (the default locale: readers without a text in their language get it)',
    ]);
    expect(await readFile(manifest, 'utf8')).toBe(before);
  });

  it('refuses what is not a JSON manifest, too large, or of another type', async () => {
    expect((await send('PUT', '{"schemaVersion": 1,', { 'content-type': 'application/json', origin })).status).toBe(400);
    expect((await send('PUT', JSON.stringify({ a: 1 }), { 'content-type': 'text/plain', origin })).status).toBe(415);
    expect((await put([1, 2])).status).toBe(422);
    const huge = JSON.stringify({ schemaVersion: 1, revision: 'x'.repeat(MAX_MANIFEST_BYTES), items: [] });
    expect((await send('PUT', huge, { 'content-type': 'application/json', origin })).status).toBe(413);
    expect((await send('DELETE', undefined, { origin })).status).toBe(405);
  });

  it('refuses other origins and hosts (CSRF, DNS rebinding)', async () => {
    const edit = JSON.parse(await readFile(manifest, 'utf8'));
    const before = await readFile(manifest, 'utf8');
    expect((await put(edit, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await put(edit, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await put(edit, { host: 'evil.example:4173', origin: 'http://evil.example:4173' })).status).toBe(403);
    expect(await readFile(manifest, 'utf8')).toBe(before);
  });

  it('does not exist without --author', async () => {
    const plain = await startServer({ port: 0, host: '127.0.0.1', root: tempDir(), dataDir: join(tempDir(), 'data') });
    try {
      const res = await fetch(new URL('/__guidepost/manifest', plain.url), { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(405); // the static handler: nothing is written
      expect((await fetch(new URL('/__guidepost/manifest', plain.url))).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('is served on 127.0.0.1 only, and names an existing file', async () => {
    await expect(startServer({ port: 0, host: '0.0.0.0', root: tempDir(), dataDir: join(tempDir(), 'data'), author: manifest })).rejects.toThrow(/only served on 127\.0\.0\.1/);
    expect(await runCli('serve', '--author', manifest, '--host', '0.0.0.0')).toMatchObject({ code: 2 });
    const missing = await runCli('serve', '--author', join(tempDir(), 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toContain('does not exist');
  });
});

describe('editJsonText', () => {
  it('falls back to a formatted file when the text is not JSON, and keeps tabs and CRLF', () => {
    expect(editJsonText('not json', { a: 1 })).toBe('{\n  "a": 1\n}\n');
    const tabbed = '{\r\n\t"a": 1,\r\n\t"b": [1, 2]\r\n}\r\n';
    const out = editJsonText(tabbed, { a: 2, b: [1, 2, 3] });
    expect(JSON.parse(out)).toEqual({ a: 2, b: [1, 2, 3] });
    expect(out.startsWith('{\r\n\t"a": 2,\r\n')).toBe(true);
  });

  it('moves, removals and insertions in arrays of items give exactly the edited document', () => {
    const text = JSON.stringify({ items: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }, null, 2);
    const edited: Json = { items: [{ id: 'c' }, { id: 'a', x: 1 }, { id: 'd' }] };
    expect(JSON.parse(editJsonText(text, edited))).toEqual(edited);
  });
});
