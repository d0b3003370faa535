/**
 * When the validator cannot be loaded (the two-file IIFE's guidepost.validator.iife.js missing,
 * a chunk the network lost), a manifest as written is refused with a message that says how to do
 * without it, and a cached copy that would need it too is not tried (no second request); a
 * cached copy compiled by `guidepost build` needs no validator and is used.
 */
import { describe, expect, it, vi } from 'vitest';
import { loadManifest } from '../../src/manifest/load';
import { stampManifest } from '../../src/manifest/compiled';
import type { Manifest } from '../../src/manifest/schema';
import { memoryStorage } from '../../src/store/storage';
import { SDK_VERSION } from '../../src/version';

const validatorModule = vi.hoisted(() => ({ attempts: 0 }));
vi.mock('../../src/manifest/validate', () => {
  validatorModule.attempts++;
  throw new Error('validator file missing');
});

const source = { schemaVersion: 1, revision: 'r2', items: [{ id: 'b', type: 'banner', body: 'Hi' }] };
const served = (body: unknown) => (async () => new Response(JSON.stringify(body))) as typeof fetch;

describe('a validator that cannot be loaded', () => {
  it('refuses a manifest as written, saying how to do without it, and does not try a cached copy as written', async () => {
    const storage = memoryStorage();
    await storage.set('manifest:/m.json', { ...source, revision: 'r1' });
    const before = validatorModule.attempts;
    const result = await loadManifest('/m.json', storage, { fetch: served(source) });
    expect(result.manifest).toBeNull();
    expect(result.problems).toEqual([expect.objectContaining({ code: 'refused', severity: 'error', message: expect.stringMatching(/^the manifest validator could not be loaded \(.*\); compile the manifest with "guidepost build" to do without it$/) })]);
    expect(result.loadError).toMatch(/^manifest \/m\.json could not be loaded: the manifest validator could not be loaded/);
    expect(validatorModule.attempts - before).toBe(1);
  });

  it('uses a cached copy compiled by guidepost build, which needs no validator', async () => {
    const storage = memoryStorage();
    await storage.set('manifest:/m.json', stampManifest({ ...source, revision: 'r1' } as unknown as Manifest, SDK_VERSION));
    const result = await loadManifest('/m.json', storage, { fetch: served(source) });
    expect(result).toMatchObject({ fromCache: true, manifest: { revision: 'r1' } });
    expect(result.loadError).toMatch(/could not be used \(the manifest validator could not be loaded/);
  });
});
