/**
 * src/split/author-entry.ts, the entry of guidepost.author.iife.js: running it publishes `window.GuidepostAuthoring` =
 * { version, panel }, where the authoring panel, `panel`, is the very module the SDK's
 * `import('../../authoring/author-panel')` in runtime/authoring/enable.ts names, under the key the build rewrites that import into; the core
 * file's loader (author-file.ts) then hands it out without adding a script; a file
 * of another version published earlier is replaced. (The file in a real page: test/authoring/author-panel.browser.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { keyForImport, runEntry } from '../support/split-entries';
import { collectAddedScripts } from '../support/sibling-script';

const GLOBAL = 'GuidepostAuthoring';
const entry = () => import('../../src/split/author-entry');
const own = () => import('../../src/authoring/author-panel');

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[GLOBAL];
  vi.restoreAllMocks();
});

describe('author-entry', () => {
  it('publishes its version and the module, nothing else', async () => {
    const published = await runEntry(GLOBAL, entry);
    expect(Object.keys(published).sort()).toEqual(['panel', 'version']);
    expect(published.version).toBe(SDK_VERSION);
    expect(published.panel).toBe(await own());
    expect(typeof (published.panel as { mountAuthoring?: unknown }).mountAuthoring).toBe('function');
  });

  it("publishes it under the key the build gives src/runtime/authoring/enable.ts's import('../../authoring/author-panel')", async () => {
    const key = keyForImport('splitAuthorFile', 'runtime/authoring/enable.ts', '../../authoring/author-panel');
    expect(key).toBe('panel');
    const published = await runEntry(GLOBAL, entry);
    expect(published[key]).toBe(await own());
  });

  it("is what the core file's loader hands out, without adding a script", async () => {
    const { added } = collectAddedScripts();
    const published = await runEntry(GLOBAL, entry);
    const { loadAuthorModule } = await import('../../src/split/author-file');
    await expect(loadAuthorModule('panel')).resolves.toBe(published.panel);
    expect(added).toEqual([]);
  });

  it('replaces a file of another version published earlier', async () => {
    const published = await runEntry(GLOBAL, entry, { version: '0.0.0-old', panel: {} });
    expect(published.version).toBe(SDK_VERSION);
    expect(published.panel).toBe(await own());
  });
});
