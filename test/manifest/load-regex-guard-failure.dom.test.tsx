/**
 * When the `$regex` guard cannot be loaded (a chunk the network lost, a UI file missing next to
 * the two-file IIFE's core), the failure goes to onError and every clause with a pattern keeps
 * failing: no pattern ever runs unguarded, and the rest of the manifest works as usual.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError } from '../../src/index';
import { stampManifest } from '../../src/manifest/compiled';
import type { Manifest } from '../../src/manifest/schema';
import { SDK_VERSION } from '../../src/version';

const guardModule = vi.hoisted(() => ({ attempts: 0 }));
vi.mock('../../src/manifest/safe-regex', () => {
  guardModule.attempts++;
  throw new Error('chunk offline');
});

const manifest = stampManifest({
  schemaVersion: 1,
  revision: 'r1',
  settings: { caps: { perPageView: 10 } },
  items: [
    { id: 'acme', type: 'banner', body: 'Acme', when: { 'user.traits.email': { $regexi: '@acme\\.com$' } } },
    { id: 'not-other', type: 'banner', body: 'Not other', when: { $not: { 'user.traits.email': { $regex: '@other\\.com$' } } } },
    { id: 'plain', type: 'banner', body: 'Everyone', when: { 'user.id': 'u1' } },
  ],
} as unknown as Manifest, SDK_VERSION);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('a failed load of the $regex guard', () => {
  it('is reported, and conditions with a pattern fail closed while the others decide as usual', async () => {
    const errors: GuidepostError[] = [];
    const gp = createGuidepost({ manifest, user: { id: 'u1', traits: { email: 'ana@acme.com' } }, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e) });
    await gp.start();
    expect(guardModule.attempts).toBeGreaterThan(0);
    // (vitest wraps the factory's error in its own message, so only the SDK's words are checked.)
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['manifest', expect.stringMatching(/^the \$regex guard could not be loaded \(.+\): conditions with \$regex do not hold$/)],
    ]);
    const shown = [...document.querySelector('guidepost-root')!.shadowRoot!.querySelectorAll('[data-item]')].map((el) => el.getAttribute('data-item'));
    expect(shown).toEqual(['plain']);
    // Both would hold with the guard, the negated one too: not evaluated is never "true".
    for (const id of ['acme', 'not-other']) {
      expect(gp.explain(id)).toMatchObject({ shown: false, reason: { code: 'condition' }, message: expect.stringContaining('$regex without its guard (not loaded)') });
    }
    gp.destroy();
  });
});
