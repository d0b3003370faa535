/**
 * What `guidepost validate` prints for a file with very many problems (a cap per code and per
 * file, with counts of the rest, while the exit code and --json stay complete), and for a path it
 * cannot read (in words, naming the path).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-validate-output-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['validate', ...argv], (line) => out.push(line), (line) => err.push(line));
  return { code, out, err };
}

/** 1,500 tooltips, each with a misspelt "title" and no target: 3,000 errors of two codes. */
async function manyErrors(): Promise<string> {
  const items = Array.from({ length: 1500 }, (_, i) => ({ id: `bad-${i}`, type: 'tooltip', titel: 'x', body: 'y' }));
  const file = join(dir, 'many.json');
  await writeFile(file, JSON.stringify({ schemaVersion: 1, revision: 'r', items }, null, 2));
  return file;
}

describe('a file with very many problems', () => {
  it('prints the first of each code, how many more there are of each, and a summary by code; exit 1', async () => {
    const file = await manyErrors();
    const { code, out } = await run(file);
    expect(code).toBe(1);
    const problems = out.filter((line) => line.includes(': error: '));
    expect(problems).toHaveLength(40);
    expect(problems.filter((line) => line.includes('unknown key "titel"'))).toHaveLength(20);
    expect(problems[0]).toMatch(/:\d+:\d+: error: item "bad-0" at items\[0\]/);
    expect(out.slice(problems.length)).toEqual([
      `${file}: … and 1,480 more missing-key errors`,
      `${file}: … and 1,480 more unknown-key errors`,
      `${file}: 2,960 of 3,000 problems not shown: "guidepost validate ${file} --all" lists every one (--json too, with its position)`,
      `${file}: 3,000 errors (missing-key 1,500, unknown-key 1,500)`,
    ]);
  });

  it('--all prints every problem; --json lists every one; the exit code is the same', async () => {
    const file = await manyErrors();
    const all = await run(file, '--all');
    expect(all.code).toBe(1);
    expect(all.out).toHaveLength(3001);
    expect(all.out[3000]).toBe(`${file}: 3,000 errors`);
    const json = await run(file, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out.join('\n')).files[0].problems).toHaveLength(3000);
  });
});

describe('a path that cannot be read', () => {
  it('a folder is named as one, with what to give instead', async () => {
    const folder = join(dir, 'help');
    await mkdir(folder, { recursive: true });
    const { code, out } = await run(folder);
    expect(code).toBe(1);
    expect(out[0]).toBe(`${folder}:1:1: error: cannot read ${folder}: it is a folder, not a file; name the manifest file in it, such as ${join(folder, 'manifest.json')} (EISDIR)`);
    expect(out[0]).not.toContain('illegal operation');
  });

  it('a missing file is said in words, naming the path', async () => {
    const missing = join(dir, 'nope', 'manifest.json');
    const { out } = await run(missing);
    expect(out[0]).toBe(`${missing}:1:1: error: cannot read ${missing}: there is no file at this path; check its spelling, and the folder the command runs in (ENOENT)`);
    expect(out[0]).not.toContain('stat');
  });
});
