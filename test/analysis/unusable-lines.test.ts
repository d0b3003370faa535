/**
 * src/analysis/unusable-lines.ts: the report names the file and the first line numbers of the
 * rows it skipped as unusable (it used to give only a count: "1 unusable rows ... skipped").
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnusableLines, forEachLine, lineVerdict, unusableLine } from '../../src/analysis/unusable-lines';
import { main } from '../../src/cli/index';

const HAS_DUCKDB = existsSync(join(__dirname, '../../node_modules/@duckdb/node-api'));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-unusable-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const good = (fields: Record<string, unknown> = {}) => JSON.stringify({ event_id: `g${n++}`, type: 'exposure', ts: '2026-01-01T00:00:00Z', experiment: 'exp', variation: 'help', unit: 'user', unit_id: `u${n}`, ...fields });

describe('which lines are unusable', () => {
  it('not a JSON object, no event_id, or no readable timestamp; a zone-less timestamp is reported apart, not here', () => {
    for (const line of ['[1,2,3]', '42', 'null', '"str"', '{"event_id":"x","ts":"2026-01-05T00:00:00Z"', '{}', good({ event_id: undefined }), good({ ts: '2026-02-30T00:00:00Z' }), good({ event_id: 2.5 })]) {
      expect(unusableLine(line), line).toBe(true);
    }
    for (const line of [good(), good({ event_id: 12345 }), good({ ts: '2026-01-05T09:30:00' }), good({ ts: '2026-01-01 00:00:00+0000' })]) expect(unusableLine(line), line).toBe(false);
  });

  it('the first five over the files, with 1-based line numbers counting blank lines', async () => {
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    await writeFile(a, ['\uFEFF' + good(), '', 'oops', good(), '{"torn":', good()].join('\n') + '\n');
    await writeFile(b, ['[]', good(), 'x', 'y', 'z', 'w'].join('\r\n'));
    expect(await findUnusableLines([a, b])).toEqual([{ file: a, lines: [3, 5] }, { file: b, lines: [1, 3, 4] }]);
    expect(await findUnusableLines([a, b], 1)).toEqual([{ file: a, lines: [3] }]);
  });
});

describe('lines that are not UTF-8', () => {
  const notUtf8 = (text: string) => Buffer.concat([Buffer.from(text.slice(0, 20)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(20))]);

  it('are unusable, and named as such, even when the rest of the line is a usable event', async () => {
    // Read lossily, the bad bytes became U+FFFD inside a string: the line parsed and was never listed.
    const file = join(dir, 'latin1.ndjson');
    await writeFile(file, Buffer.concat([Buffer.from(`${good()}\n`), notUtf8(good()), Buffer.from(`\n${good()}\n`), Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from('oops\n')]));
    expect(await findUnusableLines([file])).toEqual([{ file, lines: [2, 4, 5], notUtf8: [2, 4] }]);
    expect(lineVerdict(Buffer.from([0xed, 0xa0, 0x80]))).toBe('not-utf8'); // a UTF-16 surrogate
    expect(lineVerdict(Buffer.from('{"a":"\u00e9"}'))).toBe('unusable'); // valid UTF-8, no event_id
    expect(lineVerdict(Buffer.from(good()))).toBe('usable');
    expect(lineVerdict(Buffer.from(' \t'))).toBe('blank');
    expect(lineVerdict(Buffer.from('\uFEFF' + good()), true)).toBe('usable');
    expect(lineVerdict(Buffer.from('\uFEFF' + good()), false)).toBe('unusable');
  });
});

describe('forEachLine', () => {
  async function linesOf(bytes: Buffer, maxBytes?: number) {
    const file = join(dir, `lines-${n++}.txt`);
    await writeFile(file, bytes);
    const out: (string | null)[] = [];
    await forEachLine(file, (line) => (out.push(line === null ? null : Buffer.from(line).toString()), true), maxBytes);
    return out;
  }

  it('ends a line at \\n, \\r\\n or a lone \\r, as the engines do, and counts a last line without an end', async () => {
    expect(await linesOf(Buffer.from('a\nb\r\nc\rd\r\re'))).toEqual(['a', 'b', 'c', 'd', '', 'e']);
    expect(await linesOf(Buffer.from('a\n\nb\n'))).toEqual(['a', '', 'b']);
    expect(await linesOf(Buffer.from(''))).toEqual([]);
  });

  it('reads a \\r\\n split between two read chunks as one line end', async () => {
    const first = 'x'.repeat(64 * 1024 - 1);
    expect(await linesOf(Buffer.from(`${first}\r\ny\n`))).toEqual([first, 'y']);
    expect(await linesOf(Buffer.from(`${first}\r\ry`))).toEqual([first, '', 'y']);
  });

  it('hands over a line longer than the bound as null, without keeping its bytes', async () => {
    expect(await linesOf(Buffer.from(`ab\n${'z'.repeat(100)}\ncd`), 10)).toEqual(['ab', null, 'cd']);
  });

  it('stops when told to', async () => {
    const file = join(dir, 'stop.txt');
    await writeFile(file, 'a\nb\nc\n');
    const seen: number[] = [];
    await forEachLine(file, (_line, number) => (seen.push(number), number < 2));
    expect(seen).toEqual([1, 2]);
  });
});

describe.skipIf(!HAS_DUCKDB)('guidepost analyze', () => {
  it('counts a line that is not UTF-8 as one unusable row (as DuckDB does), names its line, and says why', async () => {
    const file = join(dir, 'bad-utf8.ndjson');
    const bad = Buffer.concat([Buffer.from('{"event_id":"x","type":"goal","ts":"2026-01-01T00:00:00Z","name":"up'), Buffer.from([0xff]), Buffer.from('graded"}')]);
    await writeFile(file, Buffer.concat([Buffer.from(`${good()}\n${good()}\n`), bad, Buffer.from(`\n${good()}\n`)]));
    const out: string[] = [];
    expect(await main(['analyze', file], (l) => out.push(l), () => {})).toBe(0);
    expect(out.join('\n')).toContain('1 unusable rows (no event_id or timestamp, or not UTF-8) skipped');
    expect(out.join('\n')).toContain(`Unusable rows skipped: ${file} line 3 (line 3 not UTF-8).`);
    const json: string[] = [];
    expect(await main(['analyze', file, '--json'], (l) => json.push(l), () => {})).toBe(0);
    const { hygiene } = JSON.parse(json.join('\n'));
    expect(hygiene).toMatchObject({ rowsRead: 4, unusableRows: 1, unusableLines: [{ file, lines: [3], notUtf8: [3] }] });
  });


  it('names the file and the lines it skipped, in the text and the JSON', async () => {
    const file = join(dir, 'events.ndjson');
    await writeFile(file, [good(), 'not json', good(), '{"event_id":"t","type":"goa'].join('\n') + '\n');
    const out: string[] = [];
    expect(await main(['analyze', file], (l) => out.push(l), () => {})).toBe(0);
    expect(out.join('\n')).toContain('2 unusable rows (no event_id or timestamp) skipped');
    expect(out.join('\n')).toContain(`Unusable rows skipped: ${file} lines 2, 4.`);
    const json: string[] = [];
    expect(await main(['analyze', file, '--json'], (l) => json.push(l), () => {})).toBe(0);
    expect(JSON.parse(json.join('\n')).hygiene.unusableLines).toEqual([{ file, lines: [2, 4] }]);
  });
});
