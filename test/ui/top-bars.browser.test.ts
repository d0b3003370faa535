/**
 * src/ui/top-bars.ts in Chromium with the SDK bundled from source: a top banner goes below the
 * page's own header fixed to the top (whose links stay clickable), below a sticky header once it
 * sticks and back up when it no longer does; a fixed side bar or a small fixed widget does not
 * move it; the page's scroll padding follows how deep it reaches.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const s = useChromiumWithBundle(SDK_FROM_SOURCE);

const items = (push: boolean) => [{ id: 'news', type: 'banner', slot: 'top', push, body: 'Invoices are now in Billing.' }];

async function open(body: string, push = false): Promise<Page> {
  const html = `<!doctype html><html lang="en"><head><style>body{margin:0;font:16px sans-serif} p{height:400px;margin:0}</style></head><body>${body}
<script src="/code.js"></script><script>
window.gp = Guidepost.createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: ${JSON.stringify(items(push))} }, locale: 'en' });
window.started = window.gp.start();
</script></body></html>`;
  const { page, errors } = await openPageWithScript(s.browser, html, s.code, { width: 900, height: 600 });
  await page.evaluate(() => (window as unknown as { started: Promise<void> }).started);
  expect(errors).toEqual([]);
  return page;
}

const bannerTop = (page: Page) => page.locator('[data-guidepost-host=layer] >> [data-part=banner]').evaluate((el) => Math.round(el.getBoundingClientRect().top));
/** What a click at the centre of `selector` reaches (the page's element, not the banner's host). */
const clickReaches = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel)!;
    const r = el.getBoundingClientRect();
    return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
  }, selector);

const FIXED_HEADER = `<header style="position:fixed;top:0;left:0;right:0;height:56px;background:#eee;z-index:10"><a href="#a" id="nav">Projects</a></header><main style="padding-top:56px"><p>One</p><p>Two</p><p>Three</p></main>`;

describe('a top banner and the page\'s bar at the top', () => {
  it('goes below a fixed header, whose links stay clickable; the scroll padding reaches below the banner', async () => {
    for (const push of [false, true]) {
      const page = await open(FIXED_HEADER, push);
      await expect.poll(() => bannerTop(page)).toBe(56);
      expect(await clickReaches(page, '#nav')).toBe(true);
      const padding = await page.evaluate(() => parseFloat(document.documentElement.style.getPropertyValue('scroll-padding-top')));
      const bottom = await page.locator('[data-guidepost-host=layer] >> [data-part=banner]').evaluate((el) => el.getBoundingClientRect().bottom);
      expect(padding).toBeGreaterThanOrEqual(Math.floor(bottom));
      await page.context().close();
    }
  });

  it('goes below a sticky header once it sticks, and back to the top when it no longer does', async () => {
    const page = await open(`<div style="height:120px">Intro</div><header id="bar" style="position:sticky;top:0;height:48px;background:#eee;z-index:10"><a href="#a" id="nav">Projects</a></header><main><p>One</p><p>Two</p><p>Three</p><p>Four</p></main>`, true);
    await expect.poll(() => bannerTop(page)).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 600));
    await expect.poll(() => bannerTop(page)).toBe(48);
    expect(await clickReaches(page, '#nav')).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => bannerTop(page)).toBe(0);
    await page.context().close();
  });

  it('stays at the top over a fixed side bar, a small fixed widget, or a page without a bar', async () => {
    for (const body of [
      `<nav style="position:fixed;top:0;left:0;bottom:0;width:200px;background:#eee">Side</nav><main><p>One</p></main>`,
      `<button style="position:fixed;top:0;right:0;width:120px;height:40px">Chat</button><main><p>One</p></main>`,
      `<main><p>One</p><p>Two</p></main>`,
    ]) {
      const page = await open(body);
      await page.locator('[data-guidepost-host=layer] >> [data-part=banner]').waitFor();
      // Measured once the banner is drawn: a frame for the measure that follows it.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      expect(await bannerTop(page)).toBe(0);
      await page.context().close();
    }
  });

  it('destroy() leaves no listener that moves anything, and the page as it was', async () => {
    const page = await open(FIXED_HEADER);
    await expect.poll(() => bannerTop(page)).toBe(56);
    await page.evaluate(() => (window as unknown as { gp: { destroy(): void } }).gp.destroy());
    await expect.poll(() => page.evaluate(() => document.documentElement.getAttribute('style'))).toBeNull();
    await page.evaluate(() => window.scrollTo(0, 300));
    expect(await page.locator('[data-guidepost-host]').count()).toBe(0);
    await page.context().close();
  });
});
