/**
 * src/split/regex-entry.ts, the entry of guidepost.regex.iife.js: running it publishes `window.GuidepostRegex` =
 * { version, regex }, where the `$regex` guard, `regex`, is the very module the SDK's `import('./safe-regex')` in
 * manifest/load.ts names, under the key the build rewrites that import into; the core
 * file's loader (regex-file.ts) then hands it out without adding a script; a file
 * of another version published earlier is replaced. (The file in a real page: load-regex-guard.dom.test.tsx, the guard in use.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { keyForImport, runEntry } from '../support/split-entries';
import { collectAddedScripts } from '../support/sibling-script';

const GLOBAL = 'GuidepostRegex';
const entry = () => import('../../src/split/regex-entry');
const own = () => import('../../src/manifest/safe-regex');

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[GLOBAL];
  vi.restoreAllMocks();
});

describe('regex-entry', () => {
  it('publishes its version and the module, nothing else', async () => {
    const published = await runEntry(GLOBAL, entry);
    expect(Object.keys(published).sort()).toEqual(['regex', 'version']);
    expect(published.version).toBe(SDK_VERSION);
    expect(published.regex).toBe(await own());
    expect(typeof (published.regex as { guardPattern?: unknown }).guardPattern).toBe('function');
  });

  it("publishes it under the key the build gives src/manifest/load.ts's import('./safe-regex')", async () => {
    const key = keyForImport('splitRegexFile', 'manifest/load.ts', './safe-regex');
    expect(key).toBe('regex');
    const published = await runEntry(GLOBAL, entry);
    expect(published[key]).toBe(await own());
  });

  it("is what the core file's loader hands out, without adding a script", async () => {
    const { added } = collectAddedScripts();
    const published = await runEntry(GLOBAL, entry);
    const { loadRegexModule } = await import('../../src/split/regex-file');
    await expect(loadRegexModule('regex')).resolves.toBe(published.regex);
    expect(added).toEqual([]);
  });

  it('replaces a file of another version published earlier', async () => {
    const published = await runEntry(GLOBAL, entry, { version: '0.0.0-old', regex: {} });
    expect(published.version).toBe(SDK_VERSION);
    expect(published.regex).toBe(await own());
  });
});
