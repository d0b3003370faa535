/**
 * src/ui/Banner.tsx under real pages, in Chromium with the SDK bundled from source: the scroll
 * padding banners give <html> is the page's own again once the last of them goes, whichever
 * instance drew them and in whatever order they go (two instances with top banners; one with a
 * top and a bottom banner; the page's own padding kept); and a push banner's spacer keeps its
 * height under host CSS that unsets or hides bare elements.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const s = useChromiumWithBundle(SDK_FROM_SOURCE);

type Lab = { start(name: string, items: unknown[]): Promise<void>; destroy(name: string): void };
async function open(head: string): Promise<Page> {
  const { page } = await openPageWithScript(s.browser, `<!doctype html><html><head><script src="/code.js"></script>${head}</head><body><main><p>Page</p></main></body></html>`, s.code, { width: 800, height: 600 });
  await page.evaluate(() => {
    const w = window as unknown as { Guidepost: { createGuidepost(o: unknown): { start(): Promise<void>; destroy(): void } }; lab: Lab };
    const instances: Record<string, { destroy(): void }> = {};
    w.lab = {
      start(name, items) {
        const gp = w.Guidepost.createGuidepost({ manifest: { schemaVersion: 1, revision: name, items }, locale: 'en' });
        instances[name] = gp;
        return gp.start();
      },
      destroy: (name) => instances[name].destroy(),
    };
  });
  return page;
}
// Not interruptive: two banners of one instance show together, past the pacing caps.
const banner = (id: string, slot: 'top' | 'bottom', push = false) => ({ id, type: 'banner', slot, push, interruptive: false, body: `Banner ${id} with a line of text.` });
const start = (page: Page, name: string, items: unknown[]) => page.evaluate(([name, items]) => (window as unknown as { lab: Lab }).lab.start(name as string, items as unknown[]), [name, items] as const);
const destroy = (page: Page, name: string) => page.evaluate((name) => (window as unknown as { lab: Lab }).lab.destroy(name), name);
const rootStyle = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('style'));
// Preact runs an unmounted component's cleanups after the next frame: what destroy() undoes is waited for.
const shown = (page: Page, id: string) => page.locator(`[data-guidepost-host=layer] >> [data-part=banner][data-item=${id}]`).waitFor();

describe('scroll padding on <html>', () => {
  it('two instances with top banners: none left when both are destroyed, in either order', async () => {
    for (const order of [['a', 'b'], ['b', 'a']]) {
      const page = await open('');
      await start(page, 'a', [banner('one', 'top')]);
      await shown(page, 'one');
      await start(page, 'b', [banner('two', 'top')]);
      await shown(page, 'two');
      expect(await rootStyle(page)).toMatch(/scroll-padding-top: \d+px !important/);
      await destroy(page, order[0]);
      await destroy(page, order[1]);
      await expect.poll(() => rootStyle(page)).toBeNull();
      await page.context().close();
    }
  });

  it('one instance with a top and a bottom banner leaves no style="" behind', async () => {
    const page = await open('');
    await start(page, 'a', [banner('one', 'top'), banner('two', 'bottom')]);
    await shown(page, 'one');
    await shown(page, 'two');
    expect(await rootStyle(page)).toMatch(/scroll-padding-top: \d+px !important; scroll-padding-bottom: \d+px !important/);
    await destroy(page, 'a');
    await expect.poll(() => rootStyle(page)).toBeNull();
    await page.context().close();
  });

  it("the page's own inline padding is put back as it was", async () => {
    const page = await open('');
    await page.evaluate(() => document.documentElement.style.setProperty('scroll-padding-top', '5px'));
    await start(page, 'a', [banner('one', 'top')]);
    await shown(page, 'one');
    await start(page, 'b', [banner('two', 'top')]);
    await shown(page, 'two');
    await destroy(page, 'a');
    await destroy(page, 'b');
    await expect.poll(() => rootStyle(page)).toBe('scroll-padding-top: 5px;');
    await page.context().close();
  });
});

describe("a push banner's spacer", () => {
  it.each([
    ['* { all: unset }', '* { all: unset } main { display: block }'],
    ['div:empty { display: none }', 'div:empty, :empty { display: none }'],
  ])('under `%s` is a block as tall as the banner: the page starts below it', async (_, css) => {
    const page = await open(`<style>${css}</style>`);
    await start(page, 'a', [banner('one', 'top', true)]);
    await shown(page, 'one');
    const height = await page.locator('[data-guidepost-host=layer] >> [data-part=banner]').evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(20);
    await expect.poll(() => page.locator('main').evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBeGreaterThanOrEqual(Math.floor(height));
    await page.context().close();
  });
});
