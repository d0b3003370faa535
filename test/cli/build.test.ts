/**
 * `guidepost build` end to end through `main()`: the compiled file it writes, items with
 * errors left out with file:line:column reports, refusals and exit codes.
 */
import { link, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCompiledManifest } from '../../src/manifest/compiled';
import { SDK_VERSION } from '../../src/version';
import { runCli as run, useTempDir } from '../support/cli-harness';

const tempDir = useTempDir('guidepost-build-');
/** A path in this file's temporary folder. */
const inTemp = (...parts: string[]) => join(tempDir(), ...parts);

const manifestText = (items: unknown[]) => JSON.stringify({ $schema: '../schema/manifest.schema.json', schemaVersion: 1, revision: 'r7', items }, null, 2);
const tip = { id: 'save-tip', type: 'tooltip', target: '#save', title: 'Save', body: 'Saves your work.' };

describe('guidepost build', () => {
  it('writes the validated manifest with its stamp and exits 0', async () => {
    const input = inTemp('help.json');
    const output = inTemp('public/help.compiled.json');
    await writeFile(input, manifestText([tip]));
    const { code, out } = await run('build', input, '--out', output);
    expect(code).toBe(0);
    const compiled = JSON.parse(await readFile(output, 'utf8'));
    expect(isCompiledManifest(compiled)).toBe(true);
    expect(compiled).toEqual({ schemaVersion: 1, revision: 'r7', defaultLocale: 'en', settings: {}, experiments: [], items: [tip], compiled: { by: 'guidepost', version: SDK_VERSION, schemaVersion: 1, hash: expect.any(String) } });
    expect(out).toEqual([`${input}: valid`, `${output}: 1 item compiled`]);
  });

  it('leaves out an item with errors, reports where it is, writes the rest and exits 1', async () => {
    const input = inTemp('broken-item.json');
    const output = inTemp('broken-item.compiled.json');
    await writeFile(input, manifestText([tip, { id: 'bad-tip', type: 'tooltip', target: '#x', placement: 'up', body: 'x' }]));
    const { code, out } = await run('build', input, '--out', output);
    expect(code).toBe(1);
    expect(out[0]).toMatch(new RegExp(`^${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: .*bad-tip`));
    expect(out.at(-1)).toBe(`${output}: 1 item compiled, 1 with errors left out`);
    expect(JSON.parse(await readFile(output, 'utf8')).items.map((i: { id: string }) => i.id)).toEqual(['save-tip']);
  });

  it('counts an item left out for having no usable id', async () => {
    const input = inTemp('no-id.json');
    const output = inTemp('no-id.compiled.json');
    await writeFile(input, manifestText([tip, { type: 'tooltip', target: '#x', body: 'x' }]));
    const { code, out } = await run('build', input, '--out', output);
    expect(code).toBe(1);
    expect(out.at(-1)).toBe(`${output}: 1 item compiled, 1 with errors left out`);
  });

  it('writes nothing for a manifest refused whole (exit 1)', async () => {
    const input = inTemp('syntax.json');
    const output = inTemp('syntax.compiled.json');
    await writeFile(input, '{ "schemaVersion": 1, "revision": "r", "items": [], }');
    const { code, out } = await run('build', input, '--out', output);
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('trailing comma');
    expect(out.at(-1)).toBe(`${input}: refused, ${output} not written`);
    expect(existsSync(output)).toBe(false);
  });

  it('a compiled manifest builds again to the same file', async () => {
    const input = inTemp('again.json');
    const once = inTemp('again.1.json');
    const twice = inTemp('again.2.json');
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

describe('guidepost build: the writers\' checks and --strict', () => {
  it('a misspelt template variable fails the build (exit 1) at its position; the SDK would still show the item, so it is kept', async () => {
    const input = inTemp('template.json');
    const output = inTemp('template.compiled.json');
    const text = manifestText([{ ...tip, body: 'Saves, {{user.trait.firstName|friend}}.' }]);
    await writeFile(input, text);
    const { code, out } = await run('build', input, '--out', output);
    expect(code).toBe(1);
    const line = text.split('\n').findIndex((l) => l.includes('{{')) + 1;
    const column = text.split('\n')[line - 1].indexOf('{{') + 1;
    expect(out[0]).toBe(`${input}:${line}:${column}: error: item "save-tip" at items[0].body: template variable {{user.trait.firstName|friend}}: "user.trait.firstName" is not an attribute — did you mean "user.traits.firstName"?`);
    expect(out.at(-1)).toBe(`${output}: 1 item compiled`);
  });

  it('--strict fails on warnings too (the file is still written)', async () => {
    const input = inTemp('warning.json');
    const output = inTemp('warning.compiled.json');
    await writeFile(input, manifestText([{ ...tip, body: 'Saves, {{user.traits.firstName|friend}}.' }]));
    expect((await run('build', input, '--out', output)).code).toBe(0);
    const strict = await run('build', input, '--out', output, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.out.slice(-2)).toEqual([`${input}: 1 warning, which fails with --strict`, `${output}: 1 item compiled`]);
    expect(existsSync(output)).toBe(true);
  });
});

describe('guidepost build: --out never overwrites the manifest it builds', () => {
  it.each([
    ['the same path', (input: string) => input],
    // Not normalized (join would): the path names the same file another way.
    ['the same file by another path', (input: string) => `${dirname(input)}/./sub/../${basename(input)}`],
  ])('refuses --out naming the input (%s): exit 2, and the source is left as it was', async (_name, outFor) => {
    const input = inTemp('source.json');
    await mkdir(inTemp('sub'), { recursive: true });
    const text = manifestText([tip]);
    await writeFile(input, text);
    const { code, err } = await run('build', input, '--out', outFor(input));
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(`guidepost: --out ${outFor(input)} is the manifest being built (${input}): writing the compiled copy there would replace its source; choose another file`);
    expect(await readFile(input, 'utf8')).toBe(text);
  });

  it.each([
    ['a symbolic link to it', symlink],
    ['a hard link to it', link],
  ])('refuses --out that is %s', async (_name, makeLink) => {
    const input = inTemp('linked.json');
    const out = inTemp(`linked-${makeLink.name}.json`);
    const text = manifestText([tip]);
    await writeFile(input, text);
    await rm(out, { force: true });
    await makeLink(input, out);
    expect((await run('build', input, '--out', out)).code).toBe(2);
    expect(await readFile(input, 'utf8')).toBe(text);
  });

  it('still writes a copy beside it, and over an older copy', async () => {
    const input = inTemp('kept.json');
    await writeFile(input, manifestText([tip]));
    expect((await run('build', input, '--out', inTemp('kept.compiled.json'))).code).toBe(0);
    expect((await run('build', input, '--out', inTemp('kept.compiled.json'))).code).toBe(0);
  });
});
