/**
 * The two-file IIFE's widgets' file in a real browser: dist/guidepost.widgets.iife.js (banners,
 * checklists, hotspots, help links, "Was this helpful?") is never downloaded by a page showing a
 * tooltip or a tour; the UI file adds it, once, when the first of them is drawn, through the core
 * file's loader (so the core script tag's `data-widgets-src` applies); it draws with the UI
 * file's Preact in the same layer; and when it cannot be loaded, Guidepost reports it and the
 * rest of the page still shows. The ESM build's widgets chunk: test/ui/widgets-lazy.browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromiumAndServer } from '../support/browser-harness';
import { manifestOf, openLazyPage, requestsReported, TOUR } from '../support/lazy-pages';

const session = useChromiumAndServer();

const WIDGETS_FILE = '/dist/guidepost.widgets.iife.js';
const tooltip = { id: 'save-tip', type: 'tooltip', target: '#save', body: 'Saves your work' };
const banner = { id: 'news', type: 'banner', title: 'News', body: 'Something new', interruptive: false };
const widgetsRequests = (requests: string[]) => requests.filter((path) => path.endsWith('guidepost.widgets.iife.js'));
const widgetsGlobal = (page: Page) => page.evaluate(() => typeof (window as any).GuidepostWidgets);

describe("the two-file IIFE's widgets' file", () => {
  it('is not downloaded by a page showing a tour and a tooltip', async () => {
    const lazy = await openLazyPage(session, { build: 'guidepost.core.iife.js', manifest: manifestOf([TOUR, { ...tooltip, interruptive: false }]), locale: 'en' });
    await lazy.page.locator('[data-part=tour-step] [data-action=next]').waitFor();
    await requestsReported(lazy.page);
    expect(lazy.requests).toContain('/dist/guidepost.ui.iife.js');
    expect(widgetsRequests(lazy.requests)).toEqual([]);
    expect(await widgetsGlobal(lazy.page)).toBe('undefined');
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it('comes once, after the UI file, when a banner shows; a second banner needs nothing more', async () => {
    const late = { ...banner, id: 'late', slot: 'bottom', when: { 'events.ping.count': { $gte: 1 } } };
    const lazy = await openLazyPage(session, { build: 'guidepost.core.iife.js', manifest: manifestOf([banner, late]), locale: 'en' });
    const news = lazy.page.locator('[data-part=banner][data-item=news]');
    await news.waitFor();
    // Drawn with its styles (they came with it) by the UI file's Preact, in the layer.
    expect(await news.evaluate((element) => getComputedStyle(element).position)).not.toBe('static');
    await lazy.page.evaluate(() => (window as any).gp.track('ping'));
    await lazy.page.locator('[data-part=banner][data-item=late]').waitFor();
    // Closing one goes through the UI file's callbacks: recorded and reported.
    await news.locator('[data-part=close]').click();
    await expect.poll(() => lazy.events()).toContain('dismissed:news');
    await requestsReported(lazy.page);
    const ui = lazy.requests.indexOf('/dist/guidepost.ui.iife.js');
    expect(ui).toBeGreaterThanOrEqual(0);
    expect(widgetsRequests(lazy.requests)).toEqual([WIDGETS_FILE]);
    expect(lazy.requests.indexOf(WIDGETS_FILE)).toBeGreaterThan(ui);
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it('one that cannot be loaded is reported once; the tooltip beside it still shows', async () => {
    const lazy = await openLazyPage(session, {
      build: 'guidepost.core.iife.js',
      manifest: manifestOf([banner, { ...tooltip, interruptive: false }]),
      locale: 'en',
      beforeLoad: (page) => page.route(`**${WIDGETS_FILE}`, (route) => route.fulfill({ status: 404, body: '' })),
    });
    await lazy.page.locator('[data-part=tooltip][data-item=save-tip][data-placement]').waitFor();
    await expect.poll(() => lazy.errors()).toEqual([{ code: 'internal', message: expect.stringMatching(/^the Guidepost banners, checklists, hotspots and help links could not be loaded: .*guidepost\.widgets\.iife\.js/) }]);
    expect(await lazy.page.locator('[data-part=banner]').count()).toBe(0);
    await requestsReported(lazy.page);
    expect(widgetsRequests(lazy.requests)).toEqual([WIDGETS_FILE]);
    expect(await lazy.page.locator('script[src*="guidepost.widgets.iife.js"]').count()).toBe(0);
    expect(lazy.pageErrors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    await lazy.context.close();
  });
});
