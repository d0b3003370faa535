/**
 * scripts/shared-modules.mjs: the two-file IIFE's core file lends the UI file modules both use,
 * and the UI file reads them from there instead of carrying a copy. Virtual modules, real rollup,
 * both files run in one V8 context as a page would run them.
 */
import { describe, expect, it } from 'vitest';
import { rollup, type Plugin } from 'rollup';
import { runInNewContext } from 'node:vm';
import { borrowCoreModules, lendCoreModules, type LentModule } from '../scripts/shared-modules.mjs';

const files: Record<string, string> = {
  '/app/src/core.ts': "import { load } from './ui-file'; import { evaluate } from './engine'; export const start = () => [evaluate(1), load];",
  '/app/src/ui-file.ts': 'export const load = () => globalThis.UI;',
  '/app/src/engine.ts': "let calls = 0; export const evaluate = (n) => n + ++calls; export const countCalls = () => calls; export const unused = 'x';",
  '/app/src/ui-entry.ts': "import { evaluate, countCalls } from './engine'; globalThis.UI = { evaluate, countCalls };",
  '/app/src/ui-extra.ts': "import { evaluate, countCalls, unused } from './engine'; globalThis.UI = { evaluate, countCalls, unused };",
};

const virtual: Plugin = {
  name: 'virtual',
  resolveId: (source, importer) => {
    const path = source.startsWith('/') ? source : `/app/src/${source.replace(/^\.\//, '')}`;
    return files[path] !== undefined ? path : files[`${path}.ts`] !== undefined ? `${path}.ts` : importer ? null : path;
  },
  load: (id) => files[id] ?? null,
};

const shared: LentModule[] = [{ key: 'engine', module: '/app/src/engine.ts', exports: ['evaluate', 'countCalls'] }];
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

const coreFile = () => iife('/app/src/core.ts', [virtual, lendCoreModules({ ...sharing, loaderPath: '/app/src/ui-file.ts' })], 'Core');
const uiFile = (input = '/app/src/ui-entry.ts', lent = sharing) => iife(input, [borrowCoreModules(lent), virtual]);

describe('lendCoreModules and borrowCoreModules', () => {
  it("gives the UI file the core's own functions: one copy, one state", async () => {
    const [core, ui] = await Promise.all([coreFile(), uiFile()]);
    expect(ui).not.toContain('calls = 0');
    const page: Record<string, any> = {};
    page.globalThis = page;
    runInNewContext(core, page);
    runInNewContext(ui, page);
    expect(page.Core.start()[0]).toBe(2);
    expect(page.UI.evaluate(10)).toBe(12);
    expect(page.UI.countCalls()).toBe(2);
    expect(page.GuidepostShared['9.9.9']).toHaveLength(2);
  });

  it('puts only the lent exports in the core file, without their names', async () => {
    const core = await coreFile();
    expect(core).not.toMatch(/countCalls\s*:/);
    expect(core).not.toContain("unused = 'x'");
  });

  it('fails clearly when the UI file runs without the core file of its version', async () => {
    const ui = await uiFile();
    const page: Record<string, any> = {};
    page.globalThis = page;
    expect(() => runInNewContext(ui, page)).toThrow(/GuidepostShared/);
    page.GuidepostShared = { '1.0.0': [] };
    expect(() => runInNewContext(ui, page)).toThrow(/Cannot read properties of undefined/);
  });

  it('fails the build when the UI file imports an export the core does not lend', async () => {
    await expect(uiFile('/app/src/ui-extra.ts')).rejects.toThrow(/imports unused from "engine", which the core does not lend/);
  });

  it('fails the build when a lent export is no longer used by the UI file', async () => {
    const more = { ...sharing, shared: [{ ...shared[0]!, exports: ['evaluate', 'countCalls', 'unused'] }] };
    await expect(uiFile('/app/src/ui-entry.ts', more)).rejects.toThrow(/no longer imports unused from "engine"/);
  });

  it("fails the build when the UI file's loader is not in the core", async () => {
    await expect(iife('/app/src/core.ts', [virtual, lendCoreModules({ ...sharing, loaderPath: '/app/src/elsewhere.ts' })], 'Core')).rejects.toThrow(/elsewhere\.ts is not part of this build/);
  });
});
