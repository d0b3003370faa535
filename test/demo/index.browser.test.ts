/**
 * The walking skeleton in real Chromium: the demo embeds the built IIFE bundle under a
 * strict CSP, fetches its manifest, renders into shadow roots, stores progress in
 * IndexedDB and sends exposures to the collector.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useChromiumAndServer, watchPageErrors } from '../support/browser-harness';

const require = createRequire(import.meta.url);
const session = useChromiumAndServer();

/** The demo runs the help-link holdout experiment; these tests pin the arm that shows help. */
const HELP_ARM = 'guidepost_force=help-links-holdout:help';

async function openDemo(path = '/'): Promise<{ page: Page; errors: string[] }> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(new URL(`${path}${path.includes('?') ? '&' : '?'}${HELP_ARM}`, session.server.url).href);
  return { page, errors };
}

async function readEvents(): Promise<Record<string, unknown>[]> {
  try {
    const text = await readFile(session.server.collector.file, 'utf8');
    return text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

/** Polls the collector's file until an event matches (the positive signal), and returns it. */
async function waitForEvent(predicate: (e: Record<string, unknown>) => boolean, timeout = 15_000) {
  await expect.poll(async () => (await readEvents()).some(predicate), { timeout, message: 'event did not reach the collector' }).toBe(true);
  return (await readEvents()).find(predicate)!;
}

describe('demo in Chromium', () => {
  it('the holdout arm of the demo\'s experiment shows no help link and logs a counterfactual exposure', async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.goto(new URL('/board?guidepost_force=help-links-holdout:holdout', session.server.url).href);
    await page.locator('[data-part=banner]').waitFor();
    const exposure = await waitForEvent((e) => e.type === 'exposure' && e.item_id === 'board-help' && e.variation === 'holdout');
    expect(exposure).toMatchObject({ counterfactual: true, rendered: false });
    expect(await page.locator('guidepost-help').count()).toBe(0);
    await context.close();
  });

  it('reports a surface as viewed after it was at least half visible for a second', async () => {
    const { page } = await openDemo('/');
    await page.locator('[data-part=banner]').waitFor();
    const viewed = await waitForEvent((e) => e.type === 'viewed' && e.item_id === 'trial-banner');
    expect(viewed).toMatchObject({ item_type: 'banner' });
    await page.context().close();
  });

  it('places the tooltip box next to its target, on the stated side', async () => {
    const { page, errors } = await openDemo('/');
    const tooltip = page.locator('[data-part=tooltip][data-item=new-project-tip]');
    await tooltip.waitFor({ state: 'visible' });
    await expect.poll(() => tooltip.getAttribute('data-placement')).toBe('bottom');
    const box = (await tooltip.boundingBox())!;
    const target = (await page.locator('#new-project').boundingBox())!;
    // Placement "bottom" with a 10px gap: the box starts just below the target...
    expect(box.y - (target.y + target.height)).toBeGreaterThanOrEqual(8);
    expect(box.y - (target.y + target.height)).toBeLessThanOrEqual(12);
    // ...and overlaps it horizontally, so the arrow can point at it.
    expect(box.x).toBeLessThan(target.x + target.width);
    expect(box.x + box.width).toBeGreaterThan(target.x);
    // Nothing of it is outside the viewport.
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(await tooltip.getAttribute('data-state')).toBe('open');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('renders inside an open shadow root, so host CSS cannot reach it', async () => {
    const { page } = await openDemo('/');
    await page.locator('[data-part=banner]').waitFor();
    const inShadow = await page.evaluate(() => {
      const host = document.querySelector('guidepost-root');
      return Boolean(host?.shadowRoot?.querySelector('[data-part=banner][data-item=trial-banner]')) && document.querySelector('[data-part=banner]') === null;
    });
    expect(inShadow).toBe(true);
    await page.context().close();
  });

  it('keeps a dismissed banner dismissed after a reload (IndexedDB)', async () => {
    const { page } = await openDemo('/');
    const banner = page.locator('[data-part=banner][data-item=trial-banner]');
    await banner.waitFor();
    await banner.locator('[data-part=close]').click();
    await expect.poll(() => banner.count()).toBe(0);
    await page.reload();
    // Wait until Guidepost has decided again (the tooltip shows), then check the banner stayed away.
    await page.locator('[data-part=tooltip]').waitFor();
    expect(await banner.count()).toBe(0);
    const verdict = await page.evaluate(() => (window as any).tasklane.gp.explain('trial-banner'));
    expect(verdict).toMatchObject({ shown: false, reason: { code: 'dismissed' } });
    await page.context().close();
  });

  it('sends the exposure event to the collector, which appends it to its NDJSON file', async () => {
    const { page } = await openDemo('/board');
    await page.locator('[data-part=help-link][data-item=board-help]').waitFor();
    const exposure = await waitForEvent((e) => e.type === 'exposure' && e.item_id === 'board-help' && e.variation === 'help');
    expect(exposure).toMatchObject({ schema_version: 1, item_type: 'helpLink', revision: '2026-11-22.1', rendered: true, experiment: 'help-links-holdout', variation: 'help', counterfactual: false, forced: true, unit: 'account' });
    expect(exposure.unit_id).toBe(exposure.account_id);
    expect(String(exposure.url)).toContain('/board');
    await page.context().close();
  });

  it('passes axe-core with every surface of the demo open, under the demo\'s strict CSP', async () => {
    const { page, errors } = await openDemo('/board');
    await page.locator('[data-part=banner]').waitFor();
    await page.locator('[data-part=help-link][data-item=board-help]').click();
    await page.locator('[data-part=popover][data-item=board-help]').waitFor();
    // page.evaluate runs through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const run = () => page.evaluate(async () => {
      const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
    });
    expect(await run()).toEqual([]);
    await page.goto(new URL(`/?${HELP_ARM}`, session.server.url).href);
    await page.locator('[data-part=tooltip]').waitFor();
    await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
    expect(await run()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the browser\'s Back from the tour\'s board step brings back the step that led there', async () => {
    const { page, errors } = await openDemo('/');
    await page.evaluate(() => (window as any).tasklane.gp.startTour('welcome-tour'));
    const step = page.locator('[data-part=tour-step][data-item=welcome-tour]');
    await expect.poll(() => step.getAttribute('data-step')).toBe('0');
    await step.locator('[data-primary]').click();
    await expect.poll(() => step.getAttribute('data-step')).toBe('1');
    // "Take me there": the app's router goes to /board, where step 2 lives.
    await step.locator('[data-primary]').click();
    await expect.poll(() => step.getAttribute('data-step')).toBe('2');
    expect(new URL(page.url()).pathname).toBe('/board');
    await page.goBack();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
    // Not hidden until the person returns: the step that leads to the board shows again.
    await expect.poll(() => step.getAttribute('data-step')).toBe('1');
    expect(await step.isVisible()).toBe(true);
    await step.locator('[data-primary]').click();
    await expect.poll(() => step.getAttribute('data-step')).toBe('2');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
