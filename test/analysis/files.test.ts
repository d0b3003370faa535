/**
 * Input files as the engines need them (src/analysis/files.ts): a UTF-8 byte-order mark at
 * the start of a file is removed through a temporary copy; every other file is read in place;
 * the copies are removed by the cleanup, and a file that cannot be read is named in the error.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withoutByteOrderMarks } from '../../src/analysis/files';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
let root: string;
let scratch: string;
let savedTmp: string | undefined;
let caseNo = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'guidepost-files-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
// The copies go to os.tmpdir(): point it at a directory of this test's own, so what is left
// behind can be listed without seeing other processes' files.
beforeEach(async () => {
  scratch = join(root, `tmp-${caseNo++}`);
  await mkdir(scratch);
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  expect(tmpdir()).toBe(scratch);
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(root, `${caseNo}-${name}`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return path;
}

const line = (id: string) => `${JSON.stringify({ event_id: id, type: 'goal', ts: '2026-01-01T00:00:00Z' })}\n`;

describe('files without a byte-order mark', () => {
  it('are read in place: the same paths, in order, and no temporary directory', async () => {
    const a = await file('a.ndjson', line('a'));
    const b = await file('b.ndjson', line('b'));
    const result = await withoutByteOrderMarks([a, b]);
    expect(result.files).toEqual([a, b]);
    expect(await readdir(scratch)).toEqual([]);
    await expect(result.cleanup()).resolves.toBeUndefined();
    expect(await readFile(a, 'utf8')).toBe(line('a'));
  });

  it('an empty list gives an empty list', async () => {
    const result = await withoutByteOrderMarks([]);
    expect(result.files).toEqual([]);
    await result.cleanup();
    expect(await readdir(scratch)).toEqual([]);
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a file of two bytes that begin like a mark', Buffer.from([0xef, 0xbb])],
    ['a mark that is not at the start', Buffer.concat([Buffer.from(line('a')), BOM, Buffer.from(line('b'))])],
    ['a UTF-16 little-endian mark (not UTF-8)', Buffer.from([0xff, 0xfe, 0x7b, 0x00])],
    ['a UTF-16 big-endian mark', Buffer.from([0xfe, 0xff, 0x00, 0x7b])],
    ['bytes one off a mark', Buffer.from([0xef, 0xbb, 0xbe, 0x7b, 0x7d])],
  ])('%s is read in place', async (_label, content) => {
    const path = await file('odd.ndjson', content);
    const result = await withoutByteOrderMarks([path]);
    expect(result.files).toEqual([path]);
    expect(await readdir(scratch)).toEqual([]);
  });
});

describe('a file that starts with a byte-order mark', () => {
  it('is copied without those three bytes, and the original is left alone', async () => {
    const body = line('a') + line('b');
    const path = await file('bom.ndjson', Buffer.concat([BOM, Buffer.from(body)]));
    const result = await withoutByteOrderMarks([path]);
    expect(result.files).toHaveLength(1);
    const copy = result.files[0];
    expect(copy).not.toBe(path);
    expect(copy.startsWith(scratch)).toBe(true);
    expect(basename(dirname(copy))).toMatch(/^guidepost-bom-/);
    expect(basename(copy)).toBe(`0-${basename(path)}`);
    expect(await readFile(copy, 'utf8')).toBe(body);
    expect(await readFile(path)).toEqual(Buffer.concat([BOM, Buffer.from(body)]));
    await result.cleanup();
  });

  it('only one mark is removed: a second one right after stays (it is content)', async () => {
    const path = await file('two-marks.ndjson', Buffer.concat([BOM, BOM, Buffer.from(line('a'))]));
    const result = await withoutByteOrderMarks([path]);
    expect(await readFile(result.files[0])).toEqual(Buffer.concat([BOM, Buffer.from(line('a'))]));
    await result.cleanup();
  });

  it('a file that is only a mark becomes an empty copy', async () => {
    const path = await file('only-bom.ndjson', BOM);
    const result = await withoutByteOrderMarks([path]);
    expect(result.files[0]).not.toBe(path);
    expect((await stat(result.files[0])).size).toBe(0);
    await result.cleanup();
  });

  it('a large file is copied byte for byte after the mark (streamed, several chunks)', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + 7) % 251;
    const path = await file('large.ndjson', Buffer.concat([BOM, body]));
    const result = await withoutByteOrderMarks([path]);
    expect((await readFile(result.files[0])).equals(body)).toBe(true);
    await result.cleanup();
  });

  it('two such files with the same name in different folders get two copies, in the input order', async () => {
    const first = await file('x/events.ndjson', Buffer.concat([BOM, Buffer.from(line('first'))]));
    const plain = await file('plain.ndjson', line('plain'));
    const second = await file('y/events.ndjson', Buffer.concat([BOM, Buffer.from(line('second'))]));
    const result = await withoutByteOrderMarks([first, plain, second]);
    expect(result.files[1]).toBe(plain);
    expect(result.files[0]).not.toBe(result.files[2]);
    expect(basename(result.files[0])).toBe('0-events.ndjson');
    expect(basename(result.files[2])).toBe('2-events.ndjson');
    expect(dirname(result.files[0])).toBe(dirname(result.files[2]));
    expect(await readFile(result.files[0], 'utf8')).toBe(line('first'));
    expect(await readFile(result.files[2], 'utf8')).toBe(line('second'));
    await result.cleanup();
  });

  it('the same file given twice is copied twice (each input is one source)', async () => {
    const path = await file('twice.ndjson', Buffer.concat([BOM, Buffer.from(line('a'))]));
    const result = await withoutByteOrderMarks([path, path]);
    expect(result.files[0]).not.toBe(result.files[1]);
    expect(await readFile(result.files[1], 'utf8')).toBe(line('a'));
    await result.cleanup();
  });

  it('cleanup removes the copies and their directory, and can run twice', async () => {
    const path = await file('clean.ndjson', Buffer.concat([BOM, Buffer.from(line('a'))]));
    const result = await withoutByteOrderMarks([path]);
    expect(await readdir(scratch)).toHaveLength(1);
    await result.cleanup();
    expect(await readdir(scratch)).toEqual([]);
    await expect(result.cleanup()).resolves.toBeUndefined();
    expect(await readFile(path)).toEqual(Buffer.concat([BOM, Buffer.from(line('a'))]));
  });

  it('a file name with quotes, spaces and SQL in it is copied under the same name', async () => {
    const name = "it's \"a\" name; DROP TABLE events; --.ndjson";
    const path = await file(name, Buffer.concat([BOM, Buffer.from(line('a'))]));
    const result = await withoutByteOrderMarks([path]);
    expect(basename(result.files[0])).toBe(`0-${caseNo}-${name}`);
    expect(await readFile(result.files[0], 'utf8')).toBe(line('a'));
    await result.cleanup();
  });
});

describe('a file that cannot be read', () => {
  it('a missing file rejects with an error that names it', async () => {
    const missing = join(root, 'does-not-exist.ndjson');
    await expect(withoutByteOrderMarks([missing])).rejects.toThrow(missing);
    await expect(withoutByteOrderMarks([missing])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('a failure after a copy was made removes the temporary directory', () => {
  it('a missing second file: the copy of the first is removed before the error', async () => {
    const bom = await file('bom-first.ndjson', Buffer.concat([BOM, Buffer.from(line('a'))]));
    const missing = join(root, 'missing-second.ndjson');
    await expect(withoutByteOrderMarks([bom, missing])).rejects.toThrow(missing);
    // The caller never got a cleanup to call: nothing may be left.
    expect(await readdir(scratch)).toEqual([]);
  });
});

describe('a directory given as an events file', () => {
  it('the error says which path is a directory (a read on an open handle alone would name none)', async () => {
    const folder = join(root, 'a-folder-of-events');
    await mkdir(folder, { recursive: true });
    await expect(withoutByteOrderMarks([folder])).rejects.toThrow(`${folder} is a directory`);
    await expect(withoutByteOrderMarks([folder])).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('after a copy was made, the copy is removed too', async () => {
    const bom = await file('bom-before-folder.ndjson', Buffer.concat([BOM, Buffer.from(line('a'))]));
    const folder = join(root, 'another-folder');
    await mkdir(folder, { recursive: true });
    await expect(withoutByteOrderMarks([bom, folder])).rejects.toThrow(folder);
    expect(await readdir(scratch)).toEqual([]);
  });
});

describe('a name the engines would read as a pattern', () => {
  // DuckDB's and ClickHouse's readers expand * ? [ ] { } (and DuckDB a leading ~): the file
  // gets a stand-in under a plain name, so exactly the file named is read.
  it.each(['events-?.ndjson', 'events-*.ndjson', 'events-[1].ndjson', 'events-{a,b}.ndjson'])('%s is read through a plain-named stand-in with the same bytes', async (name) => {
    const path = await file(name, line('a'));
    const result = await withoutByteOrderMarks([path]);
    expect(result.files[0]).not.toBe(path);
    expect(basename(result.files[0])).toMatch(/^0-[^*?[\]{}]+$/);
    expect(await readFile(result.files[0], 'utf8')).toBe(line('a'));
    await result.cleanup();
    expect(await readdir(scratch)).toEqual([]);
    expect(await readFile(path, 'utf8')).toBe(line('a'));
  });

  it('an error naming a stand-in is given back naming the file as the user gave it', async () => {
    const path = await file('named-?.ndjson', line('a'));
    const plain = await file('plain-named.ndjson', line('b'));
    const result = await withoutByteOrderMarks([path, plain]);
    const error = result.originalNames(new Error(`cannot read ${result.files[0]} nor ${result.files[1]}`)) as Error;
    expect(error.message).toBe(`cannot read ${path} nor ${plain}`);
    expect(result.originalNames('not an error')).toBe('not an error');
    await result.cleanup();
  });

  it('with a byte-order mark: one copy, without the mark, under a plain name', async () => {
    const path = await file('bom-*.ndjson', Buffer.concat([BOM, Buffer.from(line('a'))]));
    const result = await withoutByteOrderMarks([path]);
    expect(basename(result.files[0])).toBe(`0-${caseNo}-bom-_.ndjson`);
    expect(await readFile(result.files[0], 'utf8')).toBe(line('a'));
    await result.cleanup();
  });
});
