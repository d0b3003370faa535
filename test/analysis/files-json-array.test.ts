/**
 * src/analysis/files.ts: a file that is one JSON array of events (`[{...},{...}]` on one line,
 * or pretty-printed) is not NDJSON. Read as lines it was "1 unusable rows ... skipped" and an
 * empty report with exit 0; now it is refused, naming the file, and `guidepost analyze` exits 1.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonArrayInputError, withoutByteOrderMarks } from '../../src/analysis/files';
import { main } from '../../src/cli/index';

const HAS_DUCKDB = existsSync(join(__dirname, '../../node_modules/@duckdb/node-api'));
const event = (i: number) => ({ event_id: `e${i}`, type: 'exposure', ts: '2026-01-01T00:00:00Z', experiment: 'exp', variation: 'help', unit: 'user', unit_id: `u${i}` });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-array-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a JSON array instead of NDJSON', () => {
  it('is refused with an error that names the file and says what the input should be (one line, after a BOM and blanks, or pretty-printed)', async () => {
    const oneLine = join(dir, 'array.json');
    await writeFile(oneLine, JSON.stringify([event(1), event(2)]) + '\n');
    await expect(withoutByteOrderMarks([oneLine])).rejects.toThrow(JsonArrayInputError);
    await expect(withoutByteOrderMarks([oneLine])).rejects.toThrow(`${oneLine} is a JSON array, not NDJSON (one event per line)`);
    const padded = join(dir, 'padded.json');
    await writeFile(padded, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`\n  \r\n\t${JSON.stringify([event(1)], null, 2)}`)]));
    await expect(withoutByteOrderMarks([padded])).rejects.toThrow(/padded\.json is a JSON array/);
  });

  it('an NDJSON file whose first line is an object is read as before', async () => {
    const good = join(dir, 'good.ndjson');
    await writeFile(good, `${JSON.stringify(event(1))}\n[1,2,3]\n`);
    const inputs = await withoutByteOrderMarks([good]);
    expect(inputs.files).toEqual([good]);
    await inputs.cleanup();
  });

  it.skipIf(!HAS_DUCKDB)('guidepost analyze exits 1 with that error, instead of an empty report and exit 0', async () => {
    const file = join(dir, 'events.json');
    await writeFile(file, JSON.stringify([event(1), event(2), event(3)]));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['analyze', file], (l) => out.push(l), (l) => err.push(l));
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`${file} is a JSON array, not NDJSON (one event per line)`);
    expect(out).toEqual([]);
  });
});
