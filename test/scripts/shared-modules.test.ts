/**
 * scripts/shared-modules.mjs: the two-file IIFE's core file lends the UI file modules both use,
 * and the UI file reads them from there instead of carrying a copy. Virtual modules, real rollup,
 * both files run in one V8 context as a page would run them, in either order.
 */
import { describe, expect, it } from 'vitest';
import { rollup, type Plugin } from 'rollup';
import { runInNewContext } from 'node:vm';
import { borrowCoreModules, lendCoreModules, sharedKey, type LentModule } from '../../scripts/shared-modules.mjs';

const files: Record<string, string> = {
  '/app/src/core.ts': "import { load } from './ui-file'; import { evaluate } from './engine'; import { label } from './words'; export const start = () => [evaluate(1), label(2), load];",
  '/app/src/ui-file.ts': 'export const load = () => globalThis.UI;',
  '/app/src/engine.ts': "let calls = 0; export const evaluate = (n) => n + ++calls; export const countCalls = () => calls; export const unused = 'x';",
  '/app/src/words.ts': "export const label = (n) => `#${n}`; export const shout = (text) => text.toUpperCase();",
  '/app/src/ui-entry.ts': "import { evaluate, countCalls } from './engine'; import { label, shout } from './words'; globalThis.UI = { evaluate, countCalls, label, shout };",
  '/app/src/ui-extra.ts': "import { evaluate, countCalls, unused } from './engine'; import { label, shout } from './words'; globalThis.UI = { evaluate, countCalls, unused, label, shout };",
};

const virtual: Plugin = {
  name: 'virtual',
  resolveId: (source, importer) => {
    const path = source.startsWith('/') ? source : `/app/src/${source.replace(/^\.\//, '')}`;
    return files[path] !== undefined ? path : files[`${path}.ts`] !== undefined ? `${path}.ts` : importer ? null : path;
  },
  load: (id) => files[id] ?? null,
};

const shared: LentModule[] = [
  { key: 'engine', module: '/app/src/engine.ts', exports: ['evaluate', 'countCalls'] },
  { key: 'words', module: '/app/src/words.ts', exports: ['shout', 'label'] },
];
const sharing = { shared, version: '9.9.9' };

async function iife(input: string, plugins: Plugin[], name?: string): Promise<string> {
  const bundle = await rollup({ input, plugins, onwarn: () => {} });
  try {
    const { output } = await bundle.generate({ format: 'iife', name });
    return output[0].code;
  } finally {
    await bundle.close();
  }
}

const coreFile = (lent = sharing) => iife('/app/src/core.ts', [virtual, lendCoreModules({ ...lent, loaderPath: '/app/src/ui-file.ts' })], 'Core');
const uiFile = (input = '/app/src/ui-entry.ts', lent = sharing) => iife(input, [borrowCoreModules(lent), virtual]);
const newPage = (): Record<string, any> => {
  const page: Record<string, any> = { setTimeout };
  page.globalThis = page;
  return page;
};

describe('lendCoreModules and borrowCoreModules', () => {
  it("gives the UI file the core's own functions, each in its place: one copy, one state", async () => {
    const [core, ui] = await Promise.all([coreFile(), uiFile()]);
    expect(ui).not.toContain('calls = 0');
    expect(ui).not.toContain('toUpperCase');
    const page = newPage();
    runInNewContext(core, page);
    runInNewContext(ui, page);
    expect(page.Core.start().slice(0, 2)).toEqual([2, '#2']);
    expect(page.UI.evaluate(10)).toBe(12);
    expect(page.UI.countCalls()).toBe(2);
    expect(page.UI.label(5)).toBe('#5');
    expect(page.UI.shout('hi')).toBe('HI');
    expect(Object.keys(page.GuidepostShared)).toEqual([sharedKey(shared, '9.9.9')]);
  });

  it("lends only the listed exports, as one array in the list's order (no export names in the core file)", async () => {
    const core = await coreFile();
    expect(core).not.toContain("unused = 'x'");
    expect(core).not.toMatch(/\b(evaluate|countCalls|shout|label)\s*:/);
    const page = newPage();
    runInNewContext(core, page);
    const lent = page.GuidepostShared[sharedKey(shared, '9.9.9')];
    expect(Array.isArray(lent)).toBe(true);
    expect(lent.map((f: () => unknown) => typeof f)).toEqual(['function', 'function', 'function', 'function']);
    expect(lent[2]('a')).toBe('A');
    expect(lent[3](1)).toBe('#1');
  });

  it('a UI file that runs first waits for its core file instead of throwing, and runs once it is there', async () => {
    const [core, ui] = await Promise.all([coreFile(), uiFile()]);
    const page = newPage();
    expect(() => runInNewContext(ui, page)).not.toThrow();
    expect(page.UI).toBeUndefined();
    runInNewContext(core, page);
    expect(page.UI.evaluate(1)).toBe(2);
    expect(Object.keys(page.GuidepostShared)).toEqual([sharedKey(shared, '9.9.9')]);
  });

  it('a UI file built with another list (or version) never reads this core file: it keeps waiting', async () => {
    const other = { ...sharing, shared: [shared[1]!, shared[0]!] };
    expect(sharedKey(other.shared, '9.9.9')).not.toBe(sharedKey(shared, '9.9.9'));
    expect(sharedKey(shared, '9.9.8')).not.toBe(sharedKey(shared, '9.9.9'));
    const [core, ui] = await Promise.all([coreFile(), uiFile('/app/src/ui-entry.ts', other)]);
    const page = newPage();
    runInNewContext(core, page);
    expect(() => runInNewContext(ui, page)).not.toThrow();
    expect(page.UI).toBeUndefined();
  });

  it('fails the build when the UI file imports an export the core does not lend', async () => {
    await expect(uiFile('/app/src/ui-extra.ts')).rejects.toThrow(/imports unused from "engine", which the core file does not lend/);
  });

  it('fails the build when a lent export is no longer used by the UI file', async () => {
    const more = { ...sharing, shared: [{ ...shared[0]!, exports: ['evaluate', 'countCalls', 'unused'] }, shared[1]!] };
    await expect(uiFile('/app/src/ui-entry.ts', more)).rejects.toThrow(/no longer imports unused from "engine"/);
  });

  it("fails the build when the UI file's loader is not in the core", async () => {
    await expect(iife('/app/src/core.ts', [virtual, lendCoreModules({ ...sharing, loaderPath: '/app/src/elsewhere.ts' })], 'Core')).rejects.toThrow(/elsewhere\.ts is not part of this build/);
  });
});
