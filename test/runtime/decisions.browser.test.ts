/**
 * The decision beyond the screen is a chunk of its own (ESM: chunks/decide-chunk.js with the
 * engine's chunks/decide.js; the two-file IIFE: the UI file): a page on which every item is for
 * other pages never requests it, and the first page on which something may show requests it
 * once, with the UI alongside, and shows it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromiumAndServer } from '../support/browser-harness';
import { manifestOf, openLazyPage, requestsReported, TOUR } from '../support/lazy-pages';

const session = useChromiumAndServer();

const DECIDER = ['/dist/chunks/decide-chunk.js', '/dist/chunks/decide.js'];
const tooltip = { id: 'save-tip', type: 'tooltip', target: '#save', body: 'Saves your work', when: { 'page.path': '/reports' } };
const elsewhere = { ...TOUR, when: { 'page.path': '/onboarding' } };
const deciderRequests = (requests: string[]) => requests.filter((path) => DECIDER.includes(path));

describe('the decision chunk (ESM)', () => {
  it('is not requested where every item is for other pages, and is once some item may show', async () => {
    const lazy = await openLazyPage(session, { build: 'esm', manifest: manifestOf([tooltip, elsewhere]), locale: 'en' });
    await lazy.page.evaluate(() => (window as any).gp.start());
    await requestsReported(lazy.page);
    expect(deciderRequests(lazy.requests)).toEqual([]);
    // Nor the UI or the tour code: nothing here needed them.
    expect(lazy.requests.filter((path) => /\/(view-chunk|tour-runs)\.js$/.test(path))).toEqual([]);
    const reasons = await lazy.page.evaluate(() => (window as any).gp.explain().map((e: { reason: { code: string; path?: string } }) => `${e.reason.code}:${e.reason.path}`));
    expect(reasons).toEqual(['condition:page.path', 'condition:page.path']);

    await lazy.page.evaluate(() => history.pushState({}, '', '/reports'));
    await lazy.page.locator('[data-part=tooltip][data-item=save-tip]').waitFor();
    await requestsReported(lazy.page);
    expect(deciderRequests(lazy.requests).sort()).toEqual([...DECIDER].sort());
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it.each([
    ['a tour that may start as the page loads', { ...TOUR }, false],
    ['a manual tour asked for by startTour()', { ...TOUR, trigger: 'manual' }, true],
  ])('%s brings the tour code and the UI alongside the decision chunk', async (_name, tour, manual) => {
    // The decision chunk is held until the tour code has been asked for: requested after the
    // chunk arrived (not alongside), it never would be, and the wait below gives up.
    let alongside: boolean | undefined;
    const holdDecider = (page: Page) => {
      let tourCodeAsked = false;
      page.on('request', (request) => void (tourCodeAsked ||= request.url().endsWith('/tour-runs.js')));
      return page.route('**/dist/chunks/decide-chunk.js', async (route) => {
        alongside = tourCodeAsked || (await page.waitForRequest(/\/tour-runs\.js$/, { timeout: 5_000 }).then(() => true, () => false));
        await route.continue();
      });
    };
    const lazy = await openLazyPage(session, { build: 'esm', manifest: manifestOf([tour]), locale: 'en', beforeLoad: holdDecider });
    if (manual) {
      await lazy.page.evaluate(() => (window as any).gp.start());
      await requestsReported(lazy.page);
      expect(deciderRequests(lazy.requests)).toEqual([]);
      await lazy.page.evaluate(() => (window as any).gp.startTour('welcome-tour'));
    }
    await lazy.page.locator('[data-part=tour-step][data-item=welcome-tour]').waitFor();
    await requestsReported(lazy.page);
    const order = lazy.requests.filter((path) => /\/(decide-chunk|view-chunk|tour-runs)\.js$/.test(path));
    expect(alongside).toBe(true);
    expect(order.slice(0, 3).sort()).toEqual(['/dist/chunks/decide-chunk.js', '/dist/chunks/tour-runs.js', '/dist/chunks/view-chunk.js']);
    expect(await lazy.errors()).toEqual([]);
    await lazy.context.close();
  });
});

describe('the decision chunk (single-file IIFE)', () => {
  const onEvent = { id: 'news', type: 'banner', body: 'Exported', trigger: { event: 'exported' } };

  it('is part of the file and decides in the same call: track() shows an event-triggered banner at once', async () => {
    const lazy = await openLazyPage(session, { build: 'guidepost.iife.js', manifest: manifestOf([onEvent, tooltip]), locale: 'en' });
    await lazy.page.evaluate(() => (window as any).gp.start());
    const verdicts = await lazy.page.evaluate(() => {
      const gp = (window as any).gp;
      const before = gp.explain('news').reason.code;
      gp.track('exported');
      return [before, gp.explain('news').shown];
    });
    expect(verdicts).toEqual(['trigger', true]);
    await lazy.page.locator('[data-part=banner][data-item=news]').waitFor();
    expect(await lazy.errors()).toEqual([]);
    await lazy.context.close();
  });

  it('with the ESM build the same banner waits for the chunk, and explain() says so meanwhile', async () => {
    const lazy = await openLazyPage(session, { build: 'esm', manifest: manifestOf([onEvent, tooltip]), locale: 'en' });
    await lazy.page.evaluate(() => (window as any).gp.start());
    const right = await lazy.page.evaluate(() => {
      const gp = (window as any).gp;
      gp.track('exported');
      return gp.explain('news').reason.code;
    });
    expect(right).toBe('deciding');
    await lazy.page.locator('[data-part=banner][data-item=news]').waitFor();
    expect(await lazy.page.evaluate(() => (window as any).gp.explain('news').shown)).toBe(true);
    expect(await lazy.errors()).toEqual([]);
    await lazy.context.close();
  });
});

describe('the decision chunk (two-file IIFE)', () => {
  it('the core file decides a page where every item is for other pages without the UI file', async () => {
    const lazy = await openLazyPage(session, { build: 'guidepost.core.iife.js', manifest: manifestOf([tooltip, elsewhere]), locale: 'en' });
    await lazy.page.evaluate(() => (window as any).gp.start());
    await requestsReported(lazy.page);
    expect(lazy.requests.filter((path) => path.endsWith('guidepost.ui.iife.js'))).toEqual([]);
    await lazy.page.evaluate(() => history.pushState({}, '', '/reports'));
    await lazy.page.locator('[data-part=tooltip][data-item=save-tip]').waitFor();
    expect(lazy.requests.filter((path) => path.endsWith('guidepost.ui.iife.js'))).toEqual(['/dist/guidepost.ui.iife.js']);
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });
});
