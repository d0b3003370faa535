/**
 * `guidepost validate` on mistakes inside texts that readers would see as written: rich-text
 * markup that makes nothing (or a link to nowhere), Markdown in plain texts, a translation that
 * adds a variable. Each is told at its character, naming the item, the field and the locale.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-validate-texts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Validates `manifest`, written as a writer would (indented); each output line without the file name. */
async function run(manifest: unknown, ...flags: string[]) {
  const file = join(dir, `m-${Math.random().toString(36).slice(2)}.json`);
  const text = JSON.stringify(manifest, null, 2);
  await writeFile(file, text);
  const out: string[] = [];
  const code = await main(['validate', file, ...flags], (line) => out.push(line), () => {});
  /** `:line:column` of the first `needle` in the file. */
  const at = (needle: string) => {
    const before = text.slice(0, text.indexOf(needle));
    return `:${before.split('\n').length}:${before.length - before.lastIndexOf('\n')}`;
  };
  return { code, out: out.map((line) => line.slice(file.length)), at };
}

const banner = (fields: Record<string, unknown>) => ({ schemaVersion: 1, revision: 'r1', items: [{ id: 'trial', type: 'banner', ...fields }] });

describe('rich-text mistakes', () => {
  it('a link with an empty address is an error at the link', async () => {
    const { code, out, at } = await run(banner({ body: { en: 'See [x]()' } }));
    expect(code).toBe(1);
    expect(out[0]).toBe(`${at('[x]()')}: error: item "trial" at items[0].body.en: the link "[x]()" has no address, so it leads to the page the reader is on; write the address between the parentheses`);
  });

  it('bold never closed and a link that is not one are warnings, which fail with --strict', async () => {
    const manifest = banner({ body: { en: 'See **bold text', es: 'Ver [planes(/billing) ahora' } });
    expect((await run(manifest)).code).toBe(0);
    const { code, out, at } = await run(manifest, '--strict');
    expect(code).toBe(1);
    expect(out).toEqual([
      `${at('**bold')}: warning: item "trial" at items[0].body.en: "**" opens bold text that is never closed, so readers see it as written: "**bold text"; close it, or write \\*\\* to show the characters`,
      `${at('[planes')}: warning: item "trial" at items[0].body.es: "[planes(/billing) ahora" is not a link, so readers see the brackets: there is no "]" before "("; write [words](address)`,
      ': 2 warnings, which fail with --strict',
    ]);
  });

  it('Markdown in a title is a warning: titles are plain text', async () => {
    const { code, out, at } = await run(banner({ title: { en: 'Your **trial** ends' }, body: 'x' }), '--strict');
    expect(code).toBe(1);
    expect(out[0]).toBe(`${at('**trial')}: warning: item "trial" at items[0].title.en: "**trial**" is Markdown, which this text shows as written (titles, labels and alt texts are plain text): readers see the markers; write the words alone, and formatting in the body`);
  });
});

describe('a translation that adds a variable', () => {
  it('is a warning with --locales, naming the variable', async () => {
    const { out, at } = await run(banner({ body: { en: 'Hi {{user.traits.firstName|there}}', es: 'Hola {{user.traits.firstName|}} {{user.traits.plan}}' } }), '--locales', 'es');
    expect(out.filter((line) => line.includes('adds'))).toEqual([
      `${at('"es"')}: warning: item "trial" at items[0].body.es: the "es" text adds {{user.traits.plan}}, which the "en" text does not have: readers in "es" would see what readers of "en" do not; take it out, or add it to the "en" text too`,
    ]);
  });
});
