/**
 * For the tests of src/split/*-entry.ts: what an entry publishes when its file runs, and which
 * key of that global the build's plugin (scripts/rollup-plugins.mjs) turns the SDK's own
 * `import('…')` into, so a test can hold the two together.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import * as plugins from '../../scripts/rollup-plugins.mjs';
import { SDK_VERSION } from '../../src/version';
import { collectAddedScripts } from './sibling-script';

type Transform = (code: string, id: string) => { code: string } | null;
type PluginFactory = (loaderPath: string) => { transform: Transform };

const ROOT = join(__dirname, '../..');

/** Runs the entry (a fresh module registry) with `global` unset, or set to `before`; returns what it published there. */
export async function runEntry(global: string, load: () => Promise<unknown>, before?: unknown): Promise<Record<string, unknown>> {
  vi.resetModules();
  if (before === undefined) delete (globalThis as Record<string, unknown>)[global];
  else (globalThis as Record<string, unknown>)[global] = before;
  await load();
  return (globalThis as Record<string, unknown>)[global] as Record<string, unknown>;
}

/**
 * The module key the build's `plugin` (an export of scripts/rollup-plugins.mjs, e.g.
 * "splitValidatorFile") gives `import(specifier)` in `importer` (a path under src/), after
 * checking that the SDK's source there still has that import.
 */
export function keyForImport(plugin: string, importer: string, specifier: string): string {
  const source = readFileSync(join(ROOT, 'src', importer), 'utf8');
  if (!source.includes(`import('${specifier}')`)) throw new Error(`src/${importer} no longer has import('${specifier}')`);
  const factory = (plugins as Record<string, PluginFactory>)[plugin];
  const out = factory('/loader.ts').transform(`export const m = () => import('${specifier}');`, join(ROOT, 'src', importer));
  const key = out?.code.match(/__guidepost_\w+\("([^"]+)"\)/)?.[1];
  if (!key) throw new Error(`${plugin} does not rewrite import('${specifier}') in src/${importer}`);
  return key;
}

/** One file of the two-file IIFE (or authoring's): its entry, the module it publishes, and the core file's loader for it. */
export interface SplitEntryCase {
  /** The describe block's name: the entry's file name, `regex-entry`. */
  name: string;
  /** The global the entry publishes on: `GuidepostRegex`. */
  global: string;
  /** Imports src/split/<name>.ts, which publishes it. */
  entry: () => Promise<unknown>;
  /** The key of the module in the global, which the build's plugin gives the SDK's import: `regex`. */
  key: string;
  /** Imports the module itself (the SDK's lazy import's target). */
  own: () => Promise<unknown>;
  /** A function the module exports, as a sign it is the right one: `guardPattern`. */
  exported: string;
  /** The build plugin, the importer (under src/) and its import: 'splitRegexFile', 'manifest/load.ts', './safe-regex'. */
  plugin: string;
  importer: string;
  specifier: string;
  /** Imports the core file's loader module, and the loader's export name: `loadRegexModule`. */
  loader: () => Promise<Record<string, unknown>>;
  loaderName: string;
}

/**
 * The cases every entry of src/split/ meets: it publishes its version and the module, nothing
 * else, under the key the build gives the SDK's import; the core file's loader hands that out
 * without adding a script; a file of another version published earlier is replaced.
 */
export function describeSplitEntry(c: SplitEntryCase): void {
  afterEach(() => {
    delete (globalThis as Record<string, unknown>)[c.global];
    vi.restoreAllMocks();
  });

  describe(c.name, () => {
    it('publishes its version and the module, nothing else', async () => {
      const published = await runEntry(c.global, c.entry);
      expect(Object.keys(published).sort()).toEqual([c.key, 'version'].sort());
      expect(published.version).toBe(SDK_VERSION);
      expect(published[c.key]).toBe(await c.own());
      expect(typeof (published[c.key] as Record<string, unknown>)[c.exported]).toBe('function');
    });

    it(`publishes it under the key the build gives src/${c.importer}'s import('${c.specifier}')`, async () => {
      const key = keyForImport(c.plugin, c.importer, c.specifier);
      expect(key).toBe(c.key);
      const published = await runEntry(c.global, c.entry);
      expect(published[key]).toBe(await c.own());
    });

    it("is what the core file's loader hands out, without adding a script", async () => {
      const { added } = collectAddedScripts();
      const published = await runEntry(c.global, c.entry);
      const load = (await c.loader())[c.loaderName] as (name: string) => Promise<unknown>;
      await expect(load(c.key)).resolves.toBe(published[c.key]);
      expect(added).toEqual([]);
    });

    it('replaces a file of another version published earlier', async () => {
      const published = await runEntry(c.global, c.entry, { version: '0.0.0-old', [c.key]: {} });
      expect(published.version).toBe(SDK_VERSION);
      expect(published[c.key]).toBe(await c.own());
    });
  });
}
