/**
 * src/split/ui-entry.ts, the entry of guidepost.ui.iife.js: running it publishes
 * `window.GuidepostUI` = { version, decide, view, pipeline, tours }, each the very module the
 * SDK's own import names (runtime/decisions.ts, runtime/view.ts, track/tracker.ts) under the key
 * the build rewrites that import into; the core file's loader hands each out without adding a
 * script. The first UI file of this version to run stays (a second copy changes nothing: the
 * debug tools and widgets borrow its Preact); one of another version is replaced.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { keyForImport, runEntry } from '../support/split-entries';
import { collectAddedScripts } from '../support/sibling-script';

const GLOBAL = 'GuidepostUI';
const entry = () => import('../../src/split/ui-entry');
/** Each module of the file, and where the SDK imports it. */
const MODULES = {
  decide: { load: () => import('../../src/runtime/decide-chunk'), importer: 'runtime/decisions.ts', specifier: './decide-chunk' },
  view: { load: () => import('../../src/runtime/view-chunk'), importer: 'runtime/view.ts', specifier: './view-chunk' },
  pipeline: { load: () => import('../../src/track/pipeline'), importer: 'track/tracker.ts', specifier: './pipeline' },
  tours: { load: () => import('../../src/runtime/tour-runs'), importer: 'runtime/decisions.ts', specifier: './tour-runs' },
};
const NAMES = Object.keys(MODULES) as (keyof typeof MODULES)[];

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[GLOBAL];
  vi.restoreAllMocks();
});

describe('ui-entry', () => {
  it('publishes its version and the four modules, nothing else', async () => {
    const published = await runEntry(GLOBAL, entry);
    expect(Object.keys(published).sort()).toEqual(['decide', 'pipeline', 'tours', 'version', 'view']);
    expect(published.version).toBe(SDK_VERSION);
    for (const name of NAMES) expect([name, published[name] === (await MODULES[name].load())]).toEqual([name, true]);
  });

  it.each(NAMES)("publishes %s under the key the build gives the SDK's import of it", async (name) => {
    const { importer, specifier, load } = MODULES[name];
    const key = keyForImport('splitUiFile', importer, specifier);
    expect(key).toBe(name);
    const published = await runEntry(GLOBAL, entry);
    expect(published[key]).toBe(await load());
  });

  it("is what the core file's loader hands out, without adding a script", async () => {
    const { added } = collectAddedScripts();
    const published = await runEntry(GLOBAL, entry);
    const { loadUiModule, UI_GLOBAL } = await import('../../src/split/ui-file');
    expect(UI_GLOBAL).toBe(GLOBAL);
    for (const name of NAMES) await expect(loadUiModule(name)).resolves.toBe(published[name]);
    expect(added).toEqual([]);
  });

  it('a UI file of this version that ran first stays: a second copy changes nothing', async () => {
    const first = { version: SDK_VERSION, decide: {}, view: {}, pipeline: {}, tours: {} };
    const published = await runEntry(GLOBAL, entry, first);
    expect(published).toBe(first);
    expect(published.view).toBe(first.view);
  });

  it.each([['another version', { version: '0.0.0-old', view: {} }], ['no version', { view: {} }]])('a UI file of %s is replaced', async (_case, before) => {
    const published = await runEntry(GLOBAL, entry, before);
    expect(published).not.toBe(before);
    expect(published.version).toBe(SDK_VERSION);
    expect(published.view).toBe(await MODULES.view.load());
  });
});
