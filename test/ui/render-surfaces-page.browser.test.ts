/**
 * src/ui/render-surfaces.tsx under real pages, in Chromium with the SDK bundled from source: a
 * help link on text inside a page's control (a button, a link, a <summary>) goes after that
 * control (after the <details> of a <summary>), and pressing its "?" opens its popover without
 * pressing the control (Export does not run, the link does not navigate, the details do not
 * toggle); a page that replaces <body> (Turbo
 * Drive) gets the layer back, with its surfaces drawn again beside the new targets.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const s = useChromiumWithBundle(SDK_FROM_SOURCE);

async function open(body: string, items: unknown[]): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPageWithScript(s.browser, `<!doctype html><script src="/code.js"></script>${body}`, s.code, { width: 800, height: 600 });
  await opened.page.evaluate((items) => {
    const w = window as unknown as { Guidepost: { createGuidepost(o: unknown): { start(): Promise<void>; explain(id: string): unknown } }; gp: unknown };
    const gp = w.Guidepost.createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, locale: 'en' });
    w.gp = gp;
    return gp.start();
  }, items);
  return opened;
}
const helpAt = (target: string) => ({ id: 'h', type: 'helpLink', target, title: 'About', body: 'Help text.' });
const presses = (page: Page) => page.evaluate(() => (window as unknown as { clicked?: number }).clicked ?? 0);
/** The "?" and, once pressed, its open popover. */
const question = (page: Page) => page.locator('[data-guidepost-host=inline] >> button[data-part=help-link]');
const popover = (page: Page) => page.locator('[data-guidepost-host=inline] >> [data-part=popover][data-item=h]');

describe('a help link on text inside a control of the page', () => {
  it.each([
    ['a button', '<button id="c" onclick="window.clicked=(window.clicked||0)+1"><span id="s">Export</span></button>'],
    ['a link', '<a id="c" href="#elsewhere" onclick="window.clicked=(window.clicked||0)+1"><span id="s">Docs</span></a>'],
    ['a role=button', '<div id="c" role="button" tabindex="0" onclick="window.clicked=(window.clicked||0)+1"><strong id="s">Run</strong></div>'],
  ])('in %s: goes after it, and its "?" opens the popover without pressing it', async (_, body) => {
    const { page, errors } = await open(body, [helpAt('#s')]);
    await question(page).click();
    await popover(page).waitFor();
    expect(await presses(page)).toBe(0);
    expect(await page.evaluate(() => location.hash)).toBe('');
    // After the control, not inside it (no button in a button).
    expect(await page.evaluate(() => document.getElementById('c')!.nextElementSibling?.getAttribute('data-guidepost-host'))).toBe('inline');
    expect(await page.evaluate(() => document.querySelector('#c [data-guidepost-host]'))).toBeNull();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('in a <summary>: after its <details>, seen while they are closed; a "?" that is a link pressed with Space does not open them', async () => {
    const { page, errors } = await open('<details id="d"><summary><strong id="s">Advanced</strong></summary><p>Hidden settings</p></details>', [{ ...helpAt('#s'), url: '#about' }]);
    // Space on a link in a <summary> toggled its details (Chromium); Enter after it follows the link.
    const link = page.locator('[data-guidepost-host=inline] >> a[data-part=help-link]');
    await link.press('Space');
    await link.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#about');
    expect(await page.evaluate(() => (document.getElementById('d') as HTMLDetailsElement).open)).toBe(false);
    expect(await page.evaluate(() => document.getElementById('d')!.nextElementSibling?.getAttribute('data-guidepost-host'))).toBe('inline');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('on text that is no control keeps the "?" inside a heading; the click goes on up the page (a router, analytics)', async () => {
    const { page } = await open('<div onclick="window.clicked=(window.clicked||0)+1"><h2 id="s">Billing</h2></div>', [helpAt('#s')]);
    expect(await page.evaluate(() => document.getElementById('s')!.lastElementChild?.getAttribute('data-guidepost-host'))).toBe('inline');
    await question(page).click();
    await popover(page).waitFor();
    expect(await presses(page)).toBe(1);
    await page.context().close();
  });
});

describe('a page that replaces <body>', () => {
  const swap = (page: Page) => page.evaluate(() => {
    const next = document.createElement('body');
    next.innerHTML = '<main><button id="a" style="margin:200px">Next page</button></main>';
    document.body.replaceWith(next);
  });
  const layerConnected = (page: Page) => page.evaluate(() => document.querySelector('[data-guidepost-host=layer]')?.isConnected === true);

  it('gets the layer back, a tooltip beside the new target and a banner drawn again', async () => {
    const { page, errors } = await open('<main><button id="a">Old page</button></main>', [
      { id: 'tip', type: 'tooltip', target: '#a', body: 'Tip text.' },
      { id: 'news', type: 'banner', slot: 'bottom', body: 'News.' },
    ]);
    const tooltip = page.locator('[data-guidepost-host=layer] >> [data-part=tooltip][data-item=tip]');
    await tooltip.waitFor();
    await page.locator('[data-guidepost-host=layer] >> [data-part=banner][data-item=news]').waitFor();
    await swap(page);
    await expect.poll(() => layerConnected(page)).toBe(true);
    await page.locator('[data-guidepost-host=layer] >> [data-part=banner][data-item=news]').waitFor();
    // Beside the new button (200px in), not where the old one was.
    await expect.poll(async () => {
      const [tip, target] = await Promise.all([tooltip.boundingBox(), page.locator('#a').boundingBox()]);
      return !!tip && !!target && Math.abs(tip.x + tip.width / 2 - (target.x + target.width / 2)) < 2 && tip.y > target.y + target.height - 1;
    }).toBe(true);
    expect(await page.evaluate(() => document.body.contains(document.querySelector('[data-guidepost-host=layer]')))).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
