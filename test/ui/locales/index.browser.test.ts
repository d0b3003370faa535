/**
 * The SDK's own words (Next, Back, Close, "n of N") in languages other than English are chunks of
 * their own (src/ui/locales), loaded with the UI and before the first render: a page in English
 * never requests one; a page in German or Arabic paints its first tour step in that language (no
 * English first: the Next button's label is recorded from the moment the shadow root exists); a
 * chunk that cannot be loaded leaves the words in English and is reported once. The single-file
 * IIFE carries every table; the two-file IIFE adds one small file for the page's language
 * (guidepost.locale-<tag>.iife.js) with its UI file.
 */
import { describe, expect, it } from 'vitest';
import { useChromiumAndServer } from '../../support/browser-harness';
import { LOCALE_CHUNK, manifestOf, openLazyPage, requestsReported, TOUR, WIDGETS_CHUNK, type Build } from '../../support/lazy-pages';

const session = useChromiumAndServer();
const step = '[data-part=tour-step][data-item=welcome-tour]';

describe('the locale chunks of the ESM build', () => {
  it('a page in English never requests one', async () => {
    const lazy = await openLazyPage(session, { build: 'esm', manifest: manifestOf([TOUR]), locale: 'en-GB' });
    await lazy.page.locator(`${step} [data-action=next]`).waitFor();
    await requestsReported(lazy.page);
    expect(lazy.requests).toContain('/dist/chunks/view-chunk.js');
    expect(lazy.requests.filter((path) => LOCALE_CHUNK.test(path))).toEqual([]);
    expect(await lazy.nextLabels()).toEqual(['Next']);
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it.each([
    ['de-AT', 'de', 'Weiter', 'Schließen'],
    ['ar', 'ar', 'التالي', 'إغلاق'],
    ['zh', 'zh-CN', '下一步', '关闭'],
    ['zh-TW', 'zh-TW', '下一步', '關閉'],
  ])('a page in %s paints its first step in that language: one request, for %s.js', async (locale, chunk, next, close) => {
    const lazy = await openLazyPage(session, { build: 'esm', manifest: manifestOf([TOUR]), locale });
    const button = lazy.page.locator(`${step} [data-action=next]`);
    await button.waitFor();
    expect(await lazy.nextLabels()).toEqual([next]);
    expect(await lazy.page.locator(`${step} [data-part=close]`).getAttribute('aria-label')).toBe(close);
    // The next step is drawn with the same words, from the same table.
    await button.click();
    await lazy.page.locator(`${step}[data-step="1"]`).waitFor();
    expect(await lazy.nextLabels()).toEqual([next]);
    await requestsReported(lazy.page);
    expect(lazy.requests.filter((path) => LOCALE_CHUNK.test(path))).toEqual([`/dist/chunks/${chunk}.js`]);
    expect(lazy.requests).not.toContain(WIDGETS_CHUNK);
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it('a locale chunk that cannot be loaded: English, reported once, even after a new page view', async () => {
    const banner = { id: 'elsewhere', type: 'banner', body: 'On another page', when: { 'page.path': '/elsewhere' } };
    const lazy = await openLazyPage(session, {
      build: 'esm',
      manifest: manifestOf([TOUR, banner]),
      locale: 'de',
      beforeLoad: (page) => page.route('**/dist/chunks/de.js', (route) => route.abort()),
    });
    await lazy.page.locator(`${step} [data-action=next]`).waitFor();
    expect(await lazy.nextLabels()).toEqual(['Next']);
    const reported = async () => (await lazy.errors()).filter((e) => e.message.includes('"de"'));
    expect(await reported()).toEqual([{ code: 'internal', message: expect.stringMatching(/^the UI words in "de" could not be loaded \(English is shown\): /) }]);
    // A new page view (which lets a failed UI load retry) does not fetch the words again.
    await lazy.page.evaluate(() => history.pushState({}, '', '/elsewhere'));
    await lazy.page.locator('[data-part=banner][data-item=elsewhere]').waitFor();
    expect(await lazy.page.locator('[data-part=banner] [data-part=close]').getAttribute('aria-label')).toBe('Close');
    await requestsReported(lazy.page);
    expect(lazy.requests.filter((path) => path === '/dist/chunks/de.js')).toHaveLength(1);
    expect(await reported()).toHaveLength(1);
    expect((await lazy.errors()).filter((e) => !e.message.includes('"de"'))).toEqual([]);
    await lazy.context.close();
  });
});

describe('the IIFE builds', () => {
  it.each([['guidepost.iife.js'], ['guidepost.core.iife.js']])('%s paints a German tour and banner in German (the single file carries every table; the two-file IIFE adds the German file alone)', async (build) => {
    // Not interruptive: pacing lets it show beside the tour.
    const banner = { id: 'news', type: 'banner', slot: 'bottom', body: 'News', interruptive: false };
    const lazy = await openLazyPage(session, { build: build as 'guidepost.iife.js', manifest: manifestOf([TOUR, banner]), locale: 'de' });
    await lazy.page.locator(`${step} [data-action=next]`).waitFor();
    await lazy.page.locator('[data-part=banner][data-item=news]').waitFor();
    expect(await lazy.nextLabels()).toEqual(['Weiter']);
    expect(await lazy.page.locator('[data-part=banner] [data-part=close]').getAttribute('aria-label')).toBe('Schließen');
    await requestsReported(lazy.page);
    if (build === 'guidepost.iife.js') expect(lazy.requests).toEqual(['/dist/guidepost.iife.js']);
    else expect([...lazy.requests].sort()).toEqual(['/dist/guidepost.core.iife.js', '/dist/guidepost.locale-de.iife.js', '/dist/guidepost.ui.iife.js', '/dist/guidepost.validator.iife.js', '/dist/guidepost.widgets.iife.js']);
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it.each<[Build, string, string]>([
    ['esm', '**/dist/chunks/decide-chunk.js', '/dist/chunks/fr.js'],
    ['guidepost.core.iife.js', '**/dist/guidepost.ui.iife.js', '/dist/guidepost.locale-fr.iife.js'],
  ])('%s asks for the words with the decision code, not after it: no round trip of their own before the first step', async (build, decisionCode, words) => {
    // The decision code is held until the words are asked for (or 10 s have passed, which fails
    // the test: asked only after deciding, they would never come while it is held).
    let askedWhileHeld: boolean | undefined;
    const lazy = await openLazyPage(session, {
      build,
      manifest: manifestOf([TOUR]),
      locale: 'fr',
      beforeLoad: async (page) => {
        const asked = page.waitForRequest((request) => new URL(request.url()).pathname === words, { timeout: 10_000 }).then(
          () => true,
          () => false,
        );
        await page.route(decisionCode, async (route) => {
          askedWhileHeld = await asked;
          await route.continue();
        });
      },
    });
    await lazy.page.locator(`${step} [data-action=next]`).waitFor();
    expect(askedWhileHeld).toBe(true);
    expect(await lazy.nextLabels()).toEqual(['Suivant']);
    expect(lazy.requests.filter((path) => path === words)).toHaveLength(1);
    expect(await lazy.errors()).toEqual([]);
    await lazy.context.close();
  });

  it('the two-file IIFE on a page in English requests no language file', async () => {
    const lazy = await openLazyPage(session, { build: 'guidepost.core.iife.js', manifest: manifestOf([TOUR]), locale: 'en-US' });
    await lazy.page.locator(`${step} [data-action=next]`).waitFor();
    expect(await lazy.nextLabels()).toEqual(['Next']);
    await requestsReported(lazy.page);
    expect(lazy.requests.filter((path) => path.includes('guidepost.locale-'))).toEqual([]);
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it("the two-file IIFE when a language's file cannot be loaded: the first step in English, reported once", async () => {
    const lazy = await openLazyPage(session, {
      build: 'guidepost.core.iife.js',
      manifest: manifestOf([TOUR]),
      locale: 'fr',
      beforeLoad: (page) => page.route('**/dist/guidepost.locale-fr.iife.js', (route) => route.fulfill({ status: 404, body: '' })),
    });
    await lazy.page.locator(`${step} [data-action=next]`).waitFor();
    expect(await lazy.nextLabels()).toEqual(['Next']);
    expect(await lazy.errors()).toEqual([{ code: 'internal', message: expect.stringMatching(/^the UI words in "fr" could not be loaded \(English is shown\): .*guidepost\.locale-fr\.iife\.js/) }]);
    expect(lazy.pageErrors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    await lazy.context.close();
  });
});
