/**
 * src/split/experiments-entry.ts, the entry of guidepost.experiments.iife.js: running it publishes `window.GuidepostExperiments` =
 * { version, experiments }, where the experiments controller, `experiments`, is the very module the SDK's
 * `import('./experiment-arms')` in controller/experiments.ts names, under the key the build rewrites that import into; the core
 * file's loader (experiments-file.ts) then hands it out without adding a script; a file
 * of another version published earlier is replaced. (The file in a real page: experiments-file.browser.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { keyForImport, runEntry } from '../support/split-entries';
import { collectAddedScripts } from '../support/sibling-script';

const GLOBAL = 'GuidepostExperiments';
const entry = () => import('../../src/split/experiments-entry');
const own = () => import('../../src/controller/experiment-arms');

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[GLOBAL];
  vi.restoreAllMocks();
});

describe('experiments-entry', () => {
  it('publishes its version and the module, nothing else', async () => {
    const published = await runEntry(GLOBAL, entry);
    expect(Object.keys(published).sort()).toEqual(['experiments', 'version']);
    expect(published.version).toBe(SDK_VERSION);
    expect(published.experiments).toBe(await own());
    expect(typeof (published.experiments as { openArms?: unknown }).openArms).toBe('function');
  });

  it("publishes it under the key the build gives src/controller/experiments.ts's import('./experiment-arms')", async () => {
    const key = keyForImport('splitExperimentsFile', 'controller/experiments.ts', './experiment-arms');
    expect(key).toBe('experiments');
    const published = await runEntry(GLOBAL, entry);
    expect(published[key]).toBe(await own());
  });

  it("is what the core file's loader hands out, without adding a script", async () => {
    const { added } = collectAddedScripts();
    const published = await runEntry(GLOBAL, entry);
    const { loadExperimentsModule } = await import('../../src/split/experiments-file');
    await expect(loadExperimentsModule('experiments')).resolves.toBe(published.experiments);
    expect(added).toEqual([]);
  });

  it('replaces a file of another version published earlier', async () => {
    const published = await runEntry(GLOBAL, entry, { version: '0.0.0-old', experiments: {} });
    expect(published.version).toBe(SDK_VERSION);
    expect(published.experiments).toBe(await own());
  });
});
