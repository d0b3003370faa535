/**
 * For the tests of src/split/*-entry.ts: what an entry publishes when its file runs, and which
 * key of that global the build's plugin (scripts/rollup-plugins.mjs) turns the SDK's own
 * `import('…')` into, so a test can hold the two together.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import * as plugins from '../../scripts/rollup-plugins.mjs';

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
