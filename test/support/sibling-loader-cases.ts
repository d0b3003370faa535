/**
 * The cases every loader of a sibling file shares (src/split/author-file.ts, regex-file.ts): the
 * file is added next to Guidepost's own script once and hands out the module it publishes for
 * this version; its address and integrity may come from data attributes; a module the file lacks,
 * a load error and a page without a script tag are errors that say what and how to fix it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { collectAddedScripts, fire, importWithOwnScript, ownScriptTag, setGlobal, type OwnScript } from './sibling-script';

export interface SiblingLoaderCase {
  /** The loader's name, e.g. "loadRegexModule". */
  loaderName: string;
  /** Imports the loader module afresh. */
  importModule: () => Promise<Record<string, unknown>>;
  /** The global the file publishes on, e.g. "GuidepostRegex". */
  global: string;
  /** The file's name, e.g. "guidepost.regex.iife.js". */
  file: string;
  /** The data attributes' infix: `data-<attribute>-src`, `data-<attribute>-integrity`. */
  attribute: string;
  /** Guidepost's own script address, next to which the file is looked for. */
  core: string;
  /** The module asked for, and a stand-in for it. */
  module: string;
  value: object;
}

export function describeSiblingLoader(c: SiblingLoaderCase): void {
  type Loader = (name: string) => Promise<unknown>;
  const importLoader = async (tag: OwnScript | null) => (await importWithOwnScript(tag && ownScriptTag(tag), c.importModule))[c.loaderName] as Loader;
  const next = `${c.core.slice(0, c.core.lastIndexOf('/') + 1)}${c.file}${c.core.includes('?') ? c.core.slice(c.core.indexOf('?')) : ''}`;
  let scripts: ReturnType<typeof collectAddedScripts>;
  beforeEach(() => {
    scripts = collectAddedScripts();
  });
  afterEach(() => {
    setGlobal(c.global, undefined);
    vi.restoreAllMocks();
  });

  describe(c.loaderName, () => {
    it(`adds ${c.file} next to Guidepost's script once, and hands out its module`, async () => {
      const load = await importLoader({ src: c.core });
      const calls = [load(c.module), load(c.module)];
      expect(scripts.added.map((s) => s.src)).toEqual([next]);
      setGlobal(c.global, { version: SDK_VERSION, [c.module]: c.value });
      fire(scripts.added[0], 'load');
      for (const call of calls) await expect(call).resolves.toBe(c.value);
    });

    it(`from data-${c.attribute}-src, with data-${c.attribute}-integrity`, async () => {
      const load = await importLoader({ src: c.core, attributes: { [`data-${c.attribute}-src`]: `https://cdn.example/${c.attribute}.js`, [`data-${c.attribute}-integrity`]: `sha384-${c.attribute}` } });
      load(c.module).catch(() => undefined);
      expect(scripts.added.map((s) => [s.src, s.integrity])).toEqual([[`https://cdn.example/${c.attribute}.js`, `sha384-${c.attribute}`]]);
    });

    it('a file without the module is an error naming the file and the module', async () => {
      const load = await importLoader({ src: c.core });
      setGlobal(c.global, { version: SDK_VERSION });
      await expect(load(c.module)).rejects.toThrow(`${c.file} has no "${c.module}" module`);
    });

    it('a load error rejects naming the URL', async () => {
      const load = await importLoader({ src: c.core });
      const loading = load(c.module);
      fire(scripts.added[0], 'error');
      await expect(loading).rejects.toThrow(`${next} could not be loaded`);
    });

    it(`without a script tag: rejects with how to fix it, naming data-${c.attribute}-src`, async () => {
      const load = await importLoader(null);
      await expect(load(c.module)).rejects.toThrow(`cannot tell where ${c.file} is: load Guidepost with a <script src> tag (or set its data-${c.attribute}-src)`);
    });
  });
}
