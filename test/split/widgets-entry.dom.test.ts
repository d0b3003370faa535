/**
 * src/split/widgets-entry.ts, the entry of guidepost.widgets.iife.js: running it publishes `window.GuidepostWidgets` =
 * { version, widgets }, where the widgets, `widgets`, are the very module the UI's `import('../ui/widgets')` in
 * runtime/view-chunk.ts names, under the key the build rewrites that import into; the core
 * file's loader (widgets-file.ts) then hands it out without adding a script (its lender, the UI file, is
 * not asked for when this file is already there); a file
 * of another version published earlier is replaced. (The file in a real page: widgets-file.browser.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { keyForImport, runEntry } from '../support/split-entries';
import { collectAddedScripts } from '../support/sibling-script';

const GLOBAL = 'GuidepostWidgets';
const entry = () => import('../../src/split/widgets-entry');
const own = () => import('../../src/ui/widgets');

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[GLOBAL];
  vi.restoreAllMocks();
});

describe('widgets-entry', () => {
  it('publishes its version and the module, nothing else', async () => {
    const published = await runEntry(GLOBAL, entry);
    expect(Object.keys(published).sort()).toEqual(['version', 'widgets']);
    expect(published.version).toBe(SDK_VERSION);
    expect(published.widgets).toBe(await own());
    expect(typeof (published.widgets as { WidgetView?: unknown }).WidgetView).toBe('function');
  });

  it("publishes it under the key the build gives src/runtime/view-chunk.ts's import('../ui/widgets')", async () => {
    const key = keyForImport('splitWidgetsFile', 'runtime/view-chunk.ts', '../ui/widgets');
    expect(key).toBe('widgets');
    const published = await runEntry(GLOBAL, entry);
    expect(published[key]).toBe(await own());
  });

  it("is what the core file's loader hands out, without adding a script", async () => {
    const { added } = collectAddedScripts();
    const published = await runEntry(GLOBAL, entry);
    const { loadWidgetsModule } = await import('../../src/split/widgets-file');
    await expect(loadWidgetsModule('widgets')).resolves.toBe(published.widgets);
    expect(added).toEqual([]);
  });

  it('replaces a file of another version published earlier', async () => {
    const published = await runEntry(GLOBAL, entry, { version: '0.0.0-old', widgets: {} });
    expect(published.version).toBe(SDK_VERSION);
    expect(published.widgets).toBe(await own());
  });
});
