/**
 * src/split/checked-entry.ts, the entry of guidepost.checked.iife.js: running it publishes
 * `window.GuidepostChecked` = { version, checked }, where `checked` is the very module the SDK's
 * `import('./checked-cache')` in manifest/load.ts names, under the key the build rewrites that
 * import into; the core file's loader (checked-file.ts) then hands it out without adding a
 * script; a file of another version published earlier is replaced. (The file in a real page:
 * checked-file.browser.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { keyForImport, runEntry } from '../support/split-entries';
import { collectAddedScripts } from '../support/sibling-script';

const GLOBAL = 'GuidepostChecked';
const entry = () => import('../../src/split/checked-entry');
const own = () => import('../../src/manifest/checked-cache');

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[GLOBAL];
  vi.restoreAllMocks();
});

describe('checked-entry', () => {
  it('publishes its version and the module, nothing else', async () => {
    const published = await runEntry(GLOBAL, entry);
    expect(Object.keys(published).sort()).toEqual(['checked', 'version']);
    expect(published.version).toBe(SDK_VERSION);
    expect(published.checked).toBe(await own());
    expect(typeof (published.checked as { admitChecked?: unknown }).admitChecked).toBe('function');
  });

  it("publishes it under the key the build gives src/manifest/load.ts's import('./checked-cache')", async () => {
    const key = keyForImport('splitCheckedFile', 'manifest/load.ts', './checked-cache');
    expect(key).toBe('checked');
    const published = await runEntry(GLOBAL, entry);
    expect(published[key]).toBe(await own());
  });

  it("is what the core file's loader hands out, without adding a script", async () => {
    const { added } = collectAddedScripts();
    const published = await runEntry(GLOBAL, entry);
    const { loadCheckedModule } = await import('../../src/split/checked-file');
    await expect(loadCheckedModule('checked')).resolves.toBe(published.checked);
    expect(added).toEqual([]);
  });

  it('replaces a file of another version published earlier', async () => {
    const published = await runEntry(GLOBAL, entry, { version: '0.0.0-old', checked: {} });
    expect(published.version).toBe(SDK_VERSION);
    expect(published.checked).toBe(await own());
  });
});
