/**
 * Banners, checklists, hotspots and help links are a chunk of their own in the ESM build
 * (chunks/widgets.js): a page that shows only a tour (or tooltips) never requests it; a page with
 * a banner or a checklist does, once, before drawing it, and so does a tour that asks "Was this
 * helpful?" on its last step. Loading it never moves an exposure: in
 * an experiment on a banner, the treatment arm records its exposure while the chunk is still on
 * its way (it is held back here until the exposure is seen), exactly as the holdout arm records
 * its counterfactual one, which never loads the chunk at all.
 */
import { describe, expect, it } from 'vitest';
import type { Route } from 'playwright-core';
import { useChromiumAndServer } from '../support/browser-harness';
import { manifestOf, openLazyPage, requestsReported, TOUR, WIDGETS_CHUNK, type Build } from '../support/lazy-pages';

const session = useChromiumAndServer();

const tooltip = { id: 'save-tip', type: 'tooltip', target: '#save', body: 'Saves your work' };
const banner = { id: 'news', type: 'banner', title: 'News', body: 'Something new' };
const checklist = { id: 'start', type: 'checklist', title: 'Get started', tasks: [{ id: 'save', title: 'Save once', completeOn: 'saved' }] };
const widgetRequests = (requests: string[]) => requests.filter((path) => path === WIDGETS_CHUNK);

describe('the widgets chunk', () => {
  it('a page with a tour never requests it', async () => {
    const lazy = await openLazyPage(session, { build: 'esm', manifest: manifestOf([TOUR]), locale: 'en' });
    const step = lazy.page.locator('[data-part=tour-step][data-item=welcome-tour]');
    await step.locator('[data-action=next]').click();
    await lazy.page.locator('[data-part=tour-step][data-step="1"]').waitFor();
    await requestsReported(lazy.page);
    expect(lazy.requests).toContain('/dist/chunks/tour-runs.js');
    expect(widgetRequests(lazy.requests)).toEqual([]);
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it.each<Build>(['esm', 'guidepost.iife.js', 'guidepost.core.iife.js'])('a tour that asks "Was this helpful?" gets it from there, on its last step (%s)', async (build) => {
    const lazy = await openLazyPage(session, { build, manifest: manifestOf([{ ...TOUR, feedback: true }]), locale: 'en' });
    const step = (n: number) => lazy.page.locator(`[data-part=tour-step][data-item=welcome-tour][data-step="${n}"]`);
    await step(0).locator('[data-action=next]').click();
    await step(1).locator('[data-action=next]').click();
    const feedback = step(2).locator('[data-part=feedback]');
    await feedback.waitFor();
    // Its styles came with it.
    expect(await feedback.evaluate((element) => getComputedStyle(element).display)).toBe('flex');
    await feedback.locator('[data-answer=yes]').click();
    await expect.poll(() => lazy.events()).toContain('feedback:welcome-tour');
    await requestsReported(lazy.page);
    if (build === 'esm') expect(widgetRequests(lazy.requests)).toEqual([WIDGETS_CHUNK]);
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it("no step of a tour that asks waits for the chunk: the last one shows, and asks once the chunk is there", async () => {
    const held: Route[] = [];
    const lazy = await openLazyPage(session, {
      build: 'esm',
      manifest: manifestOf([{ ...TOUR, feedback: true }]),
      locale: 'en',
      beforeLoad: (page) => page.route(`**${WIDGETS_CHUNK}`, (route) => void held.push(route)),
    });
    const step = (n: number) => lazy.page.locator(`[data-part=tour-step][data-item=welcome-tour][data-step="${n}"]`);
    await step(0).locator('[data-action=next]').click();
    await step(1).locator('[data-action=next]').click();
    await step(2).waitFor();
    // The chunk was asked for with the first step and is still held: the last step shows without the question.
    expect(held).toHaveLength(1);
    expect(await step(2).locator('[data-part=feedback]').count()).toBe(0);
    await held[0]!.continue();
    await step(2).locator('[data-part=feedback]').waitFor();
    await step(2).locator('[data-action=done]').click();
    await expect.poll(() => lazy.events()).toContain('completed:welcome-tour');
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it('a one-step tour that asks shows at once, and asks once the chunk is there', async () => {
    const held: Route[] = [];
    const lazy = await openLazyPage(session, {
      build: 'esm',
      manifest: manifestOf([{ id: 'one-step', type: 'tour', feedback: true, steps: [{ title: 'Only', body: 'One step.' }] }]),
      locale: 'en',
      beforeLoad: (page) => page.route(`**${WIDGETS_CHUNK}`, (route) => void held.push(route)),
    });
    const step = lazy.page.locator('[data-part=tour-step][data-item=one-step][data-step="0"]');
    await step.locator('[data-action=done]').waitFor();
    await expect.poll(() => held.length).toBe(1);
    expect(await step.locator('[data-part=feedback]').count()).toBe(0);
    await held[0]!.continue();
    await step.locator('[data-part=feedback]').waitFor();
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it('a page with a tooltip never requests it', async () => {
    const lazy = await openLazyPage(session, { build: 'esm', manifest: manifestOf([tooltip]), locale: 'en' });
    await lazy.page.locator('[data-part=tooltip][data-item=save-tip][data-placement]').waitFor();
    await requestsReported(lazy.page);
    expect(widgetRequests(lazy.requests)).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it.each<[string, unknown[], string]>([
    ['banner', [banner], '[data-part=banner][data-item=news]'],
    ['checklist', [checklist], '[data-part=checklist][data-item=start]'],
    ['banner and a tooltip', [banner, tooltip], '[data-part=banner][data-item=news]'],
  ])('a page with a %s requests it once and draws it', async (_name, items, selector) => {
    const lazy = await openLazyPage(session, { build: 'esm', manifest: manifestOf(items), locale: 'en' });
    await lazy.page.locator(selector).waitFor();
    await requestsReported(lazy.page);
    expect(widgetRequests(lazy.requests)).toEqual([WIDGETS_CHUNK]);
    // Its stylesheet came with it (both are flex boxes there; a <div> is a block without it).
    expect(await lazy.page.locator(selector).evaluate((element) => getComputedStyle(element).display)).toBe('flex');
    if (items.includes(tooltip)) await lazy.page.locator('[data-part=tooltip][data-item=save-tip]').waitFor({ state: 'attached' });
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it('a page that started with a tour loads it when a banner must show', async () => {
    // Not interruptive, or pacing (one interruptive item per page view) would keep it out while the tour runs.
    const late = { ...banner, interruptive: false, when: { 'events.ping.count': { $gte: 1 } } };
    const lazy = await openLazyPage(session, { build: 'esm', manifest: manifestOf([TOUR, late]), locale: 'en' });
    await lazy.page.locator('[data-part=tour-step] [data-action=next]').waitFor();
    await requestsReported(lazy.page);
    expect(widgetRequests(lazy.requests)).toEqual([]);
    await lazy.page.evaluate(() => (window as any).gp.track('ping'));
    await lazy.page.locator('[data-part=banner][data-item=news]').waitFor();
    expect(widgetRequests(lazy.requests)).toEqual([WIDGETS_CHUNK]);
    // The tour is still on the stage, the banner beneath it.
    await lazy.page.locator('[data-part=tour-step][data-step="0"]').waitFor();
    expect(await lazy.errors()).toEqual([]);
    expect(lazy.pageErrors).toEqual([]);
    await lazy.context.close();
  });

  it('a chunk that cannot be loaded is reported once; the rest of the page still shows', async () => {
    const lazy = await openLazyPage(session, {
      build: 'esm',
      manifest: manifestOf([banner, tooltip]),
      locale: 'en',
      beforeLoad: (page) => page.route(`**${WIDGETS_CHUNK}`, (route) => route.abort()),
    });
    await lazy.page.locator('[data-part=tooltip][data-item=save-tip][data-placement]').waitFor();
    await expect.poll(() => lazy.errors()).toEqual([{ code: 'internal', message: expect.stringMatching(/^the Guidepost banners, checklists, hotspots and help links could not be loaded: /) }]);
    expect(await lazy.page.locator('[data-part=banner]').count()).toBe(0);
    // Drawing again (the tooltip closed) neither asks for the chunk again nor reports again.
    await lazy.page.locator('[data-part=tooltip][data-item=save-tip] [data-part=close]').click();
    await lazy.page.locator('[data-part=tooltip]').waitFor({ state: 'detached' });
    await requestsReported(lazy.page);
    expect(widgetRequests(lazy.requests)).toEqual([WIDGETS_CHUNK]);
    expect(await lazy.errors()).toHaveLength(1);
    await lazy.context.close();
  });
});

describe('arm parity', () => {
  const experiment = { key: 'news-holdout', unit: 'user', variations: [{ key: 'holdout', enabled: false }, { key: 'news' }], scope: { types: ['banner'] } };
  const manifest = manifestOf([banner], { experiments: [experiment] });

  it('the treatment arm records its exposure before the chunk has arrived, then draws the banner', async () => {
    const routes: Route[] = [];
    const lazy = await openLazyPage(session, {
      build: 'esm',
      manifest,
      locale: 'en',
      search: '?guidepost_force=news-holdout:news',
      beforeLoad: (page) => page.route(`**${WIDGETS_CHUNK}`, (route) => void routes.push(route)),
    });
    // The chunk is requested (and held): the exposure is already recorded, nothing drawn yet.
    await expect.poll(() => routes.length).toBe(1);
    expect(await lazy.events()).toContain('exposure:news');
    expect(await lazy.page.locator('[data-part=banner]').count()).toBe(0);
    await routes[0].continue();
    await lazy.page.locator('[data-part=banner][data-item=news]').waitFor();
    expect((await lazy.events()).filter((e) => e.startsWith('exposure:'))).toEqual(['exposure:news']);
    expect(await lazy.errors()).toEqual([]);
    await lazy.context.close();
  });

  it('the holdout arm records its counterfactual exposure and never loads the chunk', async () => {
    const lazy = await openLazyPage(session, { build: 'esm', manifest, locale: 'en', search: '?guidepost_force=news-holdout:holdout' });
    await expect.poll(() => lazy.events()).toContain('exposure:news:counterfactual');
    await requestsReported(lazy.page);
    expect(widgetRequests(lazy.requests)).toEqual([]);
    expect(await lazy.page.locator('[data-part=banner]').count()).toBe(0);
    expect(await lazy.errors()).toEqual([]);
    await lazy.context.close();
  });
});
