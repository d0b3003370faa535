/**
 * `guidepost build` end to end through `main()`: the compiled file it writes, items with
 * errors left out with file:line:column reports, refusals and exit codes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import { isCompiledManifest } from '../../src/manifest/compiled';
import { SDK_VERSION } from '../../src/version';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-build-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out, err };
}

const manifestText = (items: unknown[]) => JSON.stringify({ $schema: '../schema/manifest.schema.json', schemaVersion: 1, revision: 'r7', items }, null, 2);
const tip = { id: 'save-tip', type: 'tooltip', target: '#save', title: 'Save', body: 'Saves your work.' };

describe('guidepost build', () => {
  it('writes the validated manifest with its stamp and exits 0', async () => {
    const input = join(dir, 'help.json');
    const output = join(dir, 'public/help.compiled.json');
    await writeFile(input, manifestText([tip]));
    const { code, out } = await run('build', input, '--out', output);
    expect(code).toBe(0);
    const compiled = JSON.parse(await readFile(output, 'utf8'));
    expect(isCompiledManifest(compiled)).toBe(true);
    expect(compiled).toEqual({ schemaVersion: 1, revision: 'r7', defaultLocale: 'en', settings: {}, experiments: [], items: [tip], compiled: { by: 'guidepost', version: SDK_VERSION, schemaVersion: 1 } });
    expect(out).toEqual([`${input}: valid`, `${output}: 1 item compiled`]);
  });

  it('leaves out an item with errors, reports where it is, writes the rest and exits 1', async () => {
    const input = join(dir, 'broken-item.json');
    const output = join(dir, 'broken-item.compiled.json');
    await writeFile(input, manifestText([tip, { id: 'bad-tip', type: 'tooltip', target: '#x', placement: 'up', body: 'x' }]));
    const { code, out } = await run('build', input, '--out', output);
    expect(code).toBe(1);
    expect(out[0]).toMatch(new RegExp(`^${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: .*bad-tip`));
    expect(out.at(-1)).toBe(`${output}: 1 item compiled, 1 with errors left out`);
    expect(JSON.parse(await readFile(output, 'utf8')).items.map((i: { id: string }) => i.id)).toEqual(['save-tip']);
  });

  it('counts an item left out for having no usable id', async () => {
    const input = join(dir, 'no-id.json');
    const output = join(dir, 'no-id.compiled.json');
    await writeFile(input, manifestText([tip, { type: 'tooltip', target: '#x', body: 'x' }]));
    const { code, out } = await run('build', input, '--out', output);
    expect(code).toBe(1);
    expect(out.at(-1)).toBe(`${output}: 1 item compiled, 1 with errors left out`);
  });

  it('writes nothing for a manifest refused whole (exit 1)', async () => {
    const input = join(dir, 'syntax.json');
    const output = join(dir, 'syntax.compiled.json');
    await writeFile(input, '{ "schemaVersion": 1, "revision": "r", "items": [], }');
    const { code, out } = await run('build', input, '--out', output);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('trailing comma');
    expect(out.at(-1)).toBe(`${input}: refused, ${output} not written`);
    expect(existsSync(output)).toBe(false);
  });

  it('a compiled manifest builds again to the same file', async () => {
    const input = join(dir, 'again.json');
    const once = join(dir, 'again.1.json');
    const twice = join(dir, 'again.2.json');
    await writeFile(input, manifestText([tip]));
    expect((await run('build', input, '--out', once)).code).toBe(0);
    expect((await run('build', once, '--out', twice)).code).toBe(0);
    expect(await readFile(twice, 'utf8')).toBe(await readFile(once, 'utf8'));
  });

  it.each([
    [['build'], 'build needs exactly one manifest file'],
    [['build', 'a.json', 'b.json', '--out', 'x.json'], 'build needs exactly one manifest file'],
    [['build', 'a.json'], 'build needs --out <file>'],
  ])('usage errors exit 2: %j', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(message);
    expect(err.join('\n')).toContain('usage: guidepost build');
  });
});
