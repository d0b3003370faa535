/**
 * src/split/debug-entry.ts, the entry of guidepost.debug.iife.js: running it publishes `window.GuidepostDebug` =
 * { version, debugTools }, where the debug tools, `debugTools`, are the very module the SDK's `import('./debug-tools')` in
 * runtime/view.ts names, under the key the build rewrites that import into; the core
 * file's loader (debug-file.ts) then hands it out without adding a script (its lender, the UI file, is
 * not asked for when this file is already there); a file
 * of another version published earlier is replaced. (The file in a real page: debug-file.browser.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { keyForImport, runEntry } from '../support/split-entries';
import { collectAddedScripts } from '../support/sibling-script';

const GLOBAL = 'GuidepostDebug';
const entry = () => import('../../src/split/debug-entry');
const own = () => import('../../src/runtime/debug-tools');

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[GLOBAL];
  vi.restoreAllMocks();
});

describe('debug-entry', () => {
  it('publishes its version and the module, nothing else', async () => {
    const published = await runEntry(GLOBAL, entry);
    expect(Object.keys(published).sort()).toEqual(['debugTools', 'version']);
    expect(published.version).toBe(SDK_VERSION);
    expect(published.debugTools).toBe(await own());
    expect(typeof (published.debugTools as { debugTools?: unknown }).debugTools).toBe('function');
  });

  it("publishes it under the key the build gives src/runtime/view.ts's import('./debug-tools')", async () => {
    const key = keyForImport('splitDebugFile', 'runtime/view.ts', './debug-tools');
    expect(key).toBe('debugTools');
    const published = await runEntry(GLOBAL, entry);
    expect(published[key]).toBe(await own());
  });

  it("is what the core file's loader hands out, without adding a script", async () => {
    const { added } = collectAddedScripts();
    const published = await runEntry(GLOBAL, entry);
    const { loadDebugModule } = await import('../../src/split/debug-file');
    await expect(loadDebugModule('debugTools')).resolves.toBe(published.debugTools);
    expect(added).toEqual([]);
  });

  it('replaces a file of another version published earlier', async () => {
    const published = await runEntry(GLOBAL, entry, { version: '0.0.0-old', debugTools: {} });
    expect(published.version).toBe(SDK_VERSION);
    expect(published.debugTools).toBe(await own());
  });
});
