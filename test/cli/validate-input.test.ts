/**
 * `guidepost validate` and `guidepost build` (both through src/cli/validate.ts) on files that
 * cannot be read as JSON text: nested deeper than the recursive parser can go, or not UTF-8;
 * and on sizes: over what the SDK reads (validate: an error; build: its output checked), or far
 * beyond any manifest (refused unread).
 * Each is one problem at file:line:column like any other, the other files' reports survive,
 * and build writes nothing. The scan and the decoder themselves: read-json-text.test.ts.
 */
import { existsSync } from 'node:fs';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, MAX_FILE_DEPTH } from '../../src/cli/read-json-text';
import { MAX_MANIFEST_BYTES } from '../../src/manifest/bounded-read';
import { MAX_DEPTH } from '../../src/manifest/depth';
import { runCli as run, useTempDir } from '../support/cli-harness';

const tempDir = useTempDir('guidepost-validate-input-');
let counter = 0;
/** Writes `content` (text as UTF-8, or raw bytes) to a fresh file; returns its path. */
async function write(content: string | Uint8Array): Promise<string> {
  const file = join(tempDir(), `m${++counter}.json`);
  await writeFile(file, content);
  return file;
}

/** 1-based line and column just after `before` (the text before some position), as editors count. */
function endOf(before: string): { line: number; column: number } {
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

const HEADER = '{"schemaVersion": 1, "revision": "r", "items": [\n  {"id": "y", "type": "banner", "body": "fine"},\n  {"id": "x", "type": "banner", "body": "b",\n   "when": ';

/**
 * A manifest whose deepest bracket is `depth` levels down: item "x" holds a `when` nested
 * `depth - 3` levels (the manifest, its items list and the item are the other 3); item "y" is
 * valid. `firstTooDeep`: where bracket number MAX_FILE_DEPTH + 1 on the way down is (or would be).
 */
function nested(depth: number): { text: string; firstTooDeep: { line: number; column: number } } {
  const levels = depth - 3;
  const text = `${HEADER}${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}\n]}\n`;
  return { text, firstTooDeep: endOf(HEADER + '{"a":'.repeat(MAX_FILE_DEPTH - 3)) };
}

const OK = '{"schemaVersion": 1, "revision": "r", "items": [{"id": "ok", "type": "banner", "body": "Hello"}]}';

describe('guidepost validate: a file nested too deep to parse', () => {
  it('is one too-deep error at its first bracket too deep, and the other file\'s report survives in --json (20,000 levels used to overflow the stack)', async () => {
    const ok = await write(OK);
    const { text, firstTooDeep } = nested(20_000);
    const deep = await write(text);
    const { code, out, err } = await run('validate', ok, deep, '--json');
    expect(err).toEqual([]);
    expect(code).toBe(1);
    expect(JSON.parse(out.join('\n'))).toEqual({
      valid: false,
      files: [
        { file: ok, valid: true, problems: [] },
        { file: deep, valid: false, problems: [{ code: 'too-deep', message: expect.stringContaining(`nested deeper than ${MAX_FILE_DEPTH} levels`), path: '', severity: 'error', ...firstTooDeep }] },
      ],
    });
  });

  it('one level deeper than MAX_FILE_DEPTH: refused whole, at file:line:column, with how to fix it', async () => {
    const { text, firstTooDeep } = nested(MAX_FILE_DEPTH + 1);
    const file = await write(text);
    const { code, out } = await run('validate', file);
    expect(code).toBe(1);
    expect(out).toEqual([
      `${file}:${firstTooDeep.line}:${firstTooDeep.column}: error: nested deeper than ${MAX_FILE_DEPTH} levels of objects and arrays here, so the file is not read at all; an item or experiment may nest at most ${MAX_DEPTH} levels (see "Limits" in docs/manifest.md): remove the runaway nesting`,
      `${file}: 1 error`,
    ]);
  });

  it('exactly MAX_FILE_DEPTH deep: parsed, the deep item reported alone (as the SDK skips it) and the rest built', async () => {
    const { text } = nested(MAX_FILE_DEPTH);
    const file = await write(text);
    const output = join(tempDir(), 'just-under.compiled.json');
    const { code, out } = await run('build', file, '--out', output);
    expect(code).toBe(1);
    expect(out[0]).toMatch(/^.*:4:\d+: error: item "x" at items\[1\]\.when\.a.*: nested deeper than 32 levels .*; it is skipped$/);
    expect(out.at(-1)).toBe(`${output}: 1 item compiled, 1 with errors left out`);
    expect(JSON.parse(await readFile(output, 'utf8')).items.map((i: { id: string }) => i.id)).toEqual(['y']);
  });

  it('build refuses it and writes nothing', async () => {
    const { text, firstTooDeep } = nested(20_000);
    const file = await write(text);
    const output = join(tempDir(), 'deep.compiled.json');
    const { code, out, err } = await run('build', file, '--out', output);
    expect(err).toEqual([]);
    expect(code).toBe(1);
    expect(out[0]).toMatch(new RegExp(`^.*:${firstTooDeep.line}:${firstTooDeep.column}: error: nested deeper than ${MAX_FILE_DEPTH} levels`));
    expect(out.at(-1)).toBe(`${file}: refused, ${output} not written`);
    expect(existsSync(output)).toBe(false);
  });
});

/** The Windows-1251 bytes of the letters of "Привет", as an editor set to that encoding saves them. */
const CP1251: Record<string, number> = { П: 0xcf, р: 0xf0, и: 0xe8, в: 0xe2, е: 0xe5, т: 0xf2 };
const legacy = (text: string) => [...text].map((c) => CP1251[c] ?? c.charCodeAt(0));
/** UTF-8 strings and raw bytes, one after the other. */
const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('guidepost validate: a file that is not UTF-8', () => {
  // "Grüße" before the bad byte: the column counts characters (ü is one), not bytes (it is two).
  const before = '{\n  "schemaVersion": 1, "revision": "r",\n  "items": [{"id": "x", "type": "banner",\n    "body": {"de": "Grüße", "ru": "';
  const after = '"}}]\n}\n';
  const windows1251 = bytes(before, legacy('Привет'), after);

  it('is an error at the line:column of the first bad byte, in the middle of a string, saying to save it as UTF-8', async () => {
    const file = await write(windows1251);
    const { line, column } = endOf(before);
    expect([line, column]).toEqual([4, 36]);
    const { code, out } = await run('validate', file, '--locales', 'ru');
    expect(code).toBe(1);
    expect(out).toEqual([
      `${file}:4:36: error: not UTF-8: the byte 0xCF here is not valid UTF-8 (the file was probably saved in a legacy encoding such as Windows-1252 or Windows-1251); save the file as UTF-8`,
      `${file}: 1 error`,
    ]);
    const json = JSON.parse((await run('validate', file, '--json')).out.join('\n'));
    expect(json.files[0].problems).toEqual([{ code: 'not-utf8', message: expect.stringContaining('save the file as UTF-8'), path: '', severity: 'error', line: 4, column: 36 }]);
  });

  it('build refuses it and writes nothing (it used to compile "������")', async () => {
    const file = await write(windows1251);
    const output = join(tempDir(), 'cp1251.compiled.json');
    const { code, out } = await run('build', file, '--out', output);
    expect(code).toBe(1);
    expect(out[0]).toContain(`${file}:4:36: error: not UTF-8`);
    expect(out.at(-1)).toBe(`${file}: refused, ${output} not written`);
    expect(existsSync(output)).toBe(false);
  });

  it('with a byte-order mark, the column is counted after it, as editors show it', async () => {
    const file = await write(bytes([0xef, 0xbb, 0xbf], '{"revision": "caf', [0xe9], '"}'));
    expect((await run('validate', file)).out[0]).toMatch(new RegExp(`:1:18: error: not UTF-8: the byte 0xE9 here`));
  });

  it('a UTF-8 file with a byte-order mark still validates, and builds its text unchanged', async () => {
    const text = '{"schemaVersion": 1, "revision": "r", "items": [{"id": "x", "type": "banner", "body": {"en": "Hello", "ru": "Привет"}}]}';
    const file = await write(bytes([0xef, 0xbb, 0xbf], text));
    expect(await run('validate', file, '--locales', 'ru')).toMatchObject({ code: 0, out: [`${file}: valid`] });
    const output = join(tempDir(), 'bom.compiled.json');
    expect((await run('build', file, '--out', output)).code).toBe(0);
    expect(JSON.parse(await readFile(output, 'utf8')).items[0].body).toEqual({ en: 'Hello', ru: 'Привет' });
  });
});

// The SDK refuses a fetched manifest over MAX_MANIFEST_BYTES (bounded-read.ts) whole: a file
// validate passed, or build wrote, over that size never showed anything.
describe('size: what the SDK reads, and what is read at all', () => {
  /** OK padded with trailing spaces (valid JSON) to exactly `size` bytes. */
  const padded = (size: number) => OK + ' '.repeat(size - OK.length);

  it('validate: a file of exactly MAX_MANIFEST_BYTES is fine; one byte more is an error, and the rest is still checked', async () => {
    expect(await run('validate', await write(padded(MAX_MANIFEST_BYTES)))).toMatchObject({ code: 0 });
    const broken = OK.replace('"body": "Hello"', '"body": "Hello", "placment": "top"');
    const file = await write(broken + ' '.repeat(MAX_MANIFEST_BYTES + 1 - broken.length));
    const { code, out } = await run('validate', file, '--json');
    expect(code).toBe(1);
    const problems = JSON.parse(out.join('\n')).files[0].problems;
    expect(problems.map((p: { code: string }) => p.code)).toEqual(['too-large', 'unknown-key']);
    expect(problems[0]).toEqual({
      code: 'too-large', path: '', severity: 'error', line: 1, column: 1,
      message: 'the file is 4,000,001 bytes, more than the 4,000,000 bytes the SDK reads, so it would refuse the whole manifest (see "Limits" in docs/manifest.md); split the help into smaller manifests, or serve the copy "guidepost build" writes (no indentation, only usable items) if it fits',
    });
  });

  it('build: an indented source over the limit builds, when its compiled copy fits', async () => {
    const output = join(tempDir(), 'indented.compiled.json');
    const { code, out } = await run('build', await write(padded(MAX_MANIFEST_BYTES + 10)), '--out', output);
    expect({ code, out: out.map((line) => line.replace(/^.*\//, '')) }).toEqual({ code: 0, out: [expect.stringMatching(/\.json: valid$/), 'indented.compiled.json: 1 item compiled'] });
  });

  it('build: a compiled copy over the limit is not written', async () => {
    const body = 'a'.repeat(MAX_MANIFEST_BYTES);
    const output = join(tempDir(), 'huge.compiled.json');
    const { code, out } = await run('build', await write(OK.replace('"Hello"', `"${body}"`)), '--out', output);
    expect(code).toBe(1);
    expect(out.at(-1)).toMatch(new RegExp(`^${output.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not written: the compiled manifest is 4,000,\\d{3} bytes, more than the 4,000,000 bytes the SDK reads, so it would refuse it whole`));
    expect(existsSync(output)).toBe(false);
  });

  it('a file over MAX_FILE_BYTES is refused unread, with its size (not as "not UTF-8")', async () => {
    expect(MAX_FILE_BYTES).toBe(16 * MAX_MANIFEST_BYTES);
    const file = join(tempDir(), 'dump.json');
    // Sparse: its size is on record, its bytes are never written (nor read).
    await writeFile(file, '');
    await truncate(file, MAX_FILE_BYTES + 1);
    const { code, out } = await run('validate', file);
    expect(code).toBe(1);
    expect(out).toEqual([
      `${file}:1:1: error: the file is 64,000,001 bytes, more than the 64,000,000 bytes read at all, so it is not read (a manifest the SDK reads is at most 4,000,000 bytes: see "Limits" in docs/manifest.md); check that this is the manifest you meant`,
      `${file}: 1 error`,
    ]);
    const output = join(tempDir(), 'dump.compiled.json');
    expect((await run('build', file, '--out', output)).out.at(-1)).toBe(`${file}: refused, ${output} not written`);
  });
});
