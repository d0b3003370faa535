/**
 * src/split/validator-entry.ts, the entry of guidepost.validator.iife.js: running it publishes
 * `window.GuidepostValidator` = { version, validate }, where `validate` is the very module the
 * SDK's `import('./validate')` in manifest/load.ts names and the key the build rewrites that
 * import into; the core file's loader then takes it without adding a script; a file of another
 * version published earlier is replaced. (The file in a real page: validator-file.browser.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDK_VERSION } from '../../src/version';
import { keyForImport, runEntry } from '../support/split-entries';
import { collectAddedScripts } from '../support/sibling-script';

const GLOBAL = 'GuidepostValidator';
const entry = () => import('../../src/split/validator-entry');

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[GLOBAL];
  vi.restoreAllMocks();
});

describe('validator-entry', () => {
  it('publishes its version and the validator module, nothing else', async () => {
    const published = await runEntry(GLOBAL, entry);
    expect(Object.keys(published).sort()).toEqual(['validate', 'version']);
    expect(published.version).toBe(SDK_VERSION);
    expect(published.validate).toBe(await import('../../src/manifest/validate'));
    expect(typeof (published.validate as { validateManifest?: unknown }).validateManifest).toBe('function');
  });

  it("publishes it under the key the build gives manifest/load.ts's import('./validate')", async () => {
    const key = keyForImport('splitValidatorFile', 'manifest/load.ts', './validate');
    const published = await runEntry(GLOBAL, entry);
    expect(published[key]).toBe(await import('../../src/manifest/validate'));
  });

  it("is what the core file's loader hands out, without adding a script", async () => {
    const { added } = collectAddedScripts();
    const published = await runEntry(GLOBAL, entry);
    const { loadValidatorModule } = await import('../../src/split/validator-file');
    await expect(loadValidatorModule('validate')).resolves.toBe(published.validate);
    expect(added).toEqual([]);
  });

  it('replaces a file of another version published earlier', async () => {
    const published = await runEntry(GLOBAL, entry, { version: '0.0.0-old', validate: {} });
    expect(published.version).toBe(SDK_VERSION);
    expect(published.validate).toBe(await import('../../src/manifest/validate'));
  });
});
