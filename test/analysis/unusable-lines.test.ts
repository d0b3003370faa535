/**
 * src/analysis/unusable-lines.ts: the report names the file and the first line numbers of the
 * rows it skipped as unusable (it used to give only a count: "1 unusable rows ... skipped").
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnusableLines, unusableLine } from '../../src/analysis/unusable-lines';
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

describe.skipIf(!HAS_DUCKDB)('guidepost analyze', () => {
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
