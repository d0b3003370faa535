/**
 * A compiled manifest's content checks (src/runtime/content-checks.ts) load with the decision
 * chunk: a page where every item is for other pages never requests them, and a page where some
 * item may show reports what they find once, before it shows, in the ESM build and in the
 * two-file IIFE (whose UI file carries them).
 */
import { describe, expect, it } from 'vitest';
import { stampManifest } from '../../src/manifest/compiled';
import type { Manifest } from '../../src/manifest/schema';
import { SDK_VERSION } from '../../src/version';
import { useChromiumAndServer } from '../support/browser-harness';
import { manifestOf, openLazyPage, requestsReported, type Build } from '../support/lazy-pages';

const session = useChromiumAndServer();

/** A manifest `guidepost build` would never write (its URL is unsafe), stamped as if it had. */
const forged = (items: unknown[]) => JSON.parse(JSON.stringify(stampManifest(manifestOf(items) as unknown as Manifest, SDK_VERSION)));
const tooltip = {
  id: 'save-tip',
  type: 'tooltip',
  target: '#save',
  body: 'Saves your work. [Read more](javascript:evil)',
  when: { 'page.path': '/reports' },
};
const unsafeLinks = (errors: { code: string; message: string }[]) => errors.filter((e) => e.code === 'manifest' && e.message.includes('items[0].body'));

describe.each<[Build, RegExp]>([
  ['esm', /\/content-checks\.js$/],
  ['guidepost.core.iife.js', /\/guidepost\.ui\.iife\.js$/],
])('a compiled manifest\'s content checks (%s)', (build, checksFile) => {
  it('are not downloaded where nothing can show, and report once, before the item shows, where it may', async () => {
    const lazy = await openLazyPage(session, { build, manifest: forged([tooltip]), locale: 'en' });
    await lazy.page.evaluate(() => (window as any).gp.start());
    await requestsReported(lazy.page);
    expect(lazy.requests.filter((path) => checksFile.test(path))).toEqual([]);
    expect(await lazy.errors()).toEqual([]);

    await lazy.page.evaluate(() => history.pushState({}, '', '/reports'));
    const shown = lazy.page.locator('[data-part=tooltip][data-item=save-tip]');
    await shown.waitFor();
    // The link is left out (its label shows as text) and said once, though the decision chunk and the UI both ran the checks.
    expect(await shown.locator('a').count()).toBe(0);
    expect(await shown.textContent()).toContain('Read more');
    expect(unsafeLinks(await lazy.errors())).toEqual([expect.objectContaining({ message: expect.stringContaining('javascript:evil') })]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });
});
