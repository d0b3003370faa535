/**
 * The tour's cutout (src/ui/Spotlight.tsx) is what is seen of its target, in Chromium with the
 * SDK bundled from src/: a target scrolled under a sticky header, or out of the scrolling list
 * that holds it, gets no hole (cut around its raw box, the hole lit the header's links or the
 * heading above the list, and a click there went to them); a row half scrolled out of its list
 * is cut out only inside the list's box.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';
import { shaded, tourStep } from '../support/surfaces-lab';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  items: [
    { id: 'header-tour', type: 'tour', trigger: 'manual', steps: [{ target: '#new-project', title: 'New project', body: 'Create one here.' }, { title: 'Done' }] },
    { id: 'list-tour', type: 'tour', trigger: 'manual', steps: [{ target: '#row-30', title: 'Row 30', body: 'Open it.', advanceOn: { click: true } }, { title: 'Done' }] },
  ],
};

const PAGE = `<!doctype html><html lang="en"><head><style>
body{margin:0;font:16px sans-serif} header{position:sticky;top:0;z-index:10;background:#234;padding:12px;display:flex;gap:12px} header a{color:#fff}
main{padding:16px} #list{height:200px;overflow:auto;border:1px solid #999;margin-top:16px} #list button{display:block;width:100%;height:30px}
</style></head><body><header><a href="#">Home</a><a href="#">Board</a></header>
<main><h1>Projects</h1><button id="new-project">New project</button><div id="list"></div><div style="height:1500px"></div></main>
<script>for (let i = 1; i <= 60; i++) document.getElementById('list').append(Object.assign(document.createElement('button'), { id: 'row-' + i, textContent: 'Row ' + i }));</script>
<script src="/code.js"></script><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en' });
window.started = window.gp.start();
</script></body></html>`;

/** The page with `tour` started and its step shown. */
async function started(tour: string): Promise<Page> {
  const { page } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
  await page.evaluate(() => (window as unknown as { started: Promise<void> }).started);
  await page.evaluate((id) => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour(id), tour);
  await tourStep(page, tour).waitFor();
  return page;
}

/** Whether the shade has a hole (a second subpath after the viewport's). */
const hasHole = (page: Page) =>
  page.evaluate(() => /Z.+/.test(document.querySelector('guidepost-root')!.shadowRoot!.querySelector('[data-part=overlay-shade]')!.getAttribute('d') ?? ''));

/** The middle of the element `selector` in the viewport. */
const middle = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const b = document.querySelector(s)!.getBoundingClientRect();
    return [b.x + b.width / 2, b.y + b.height / 2] as [number, number];
  }, selector);

describe('the cutout is what is seen of the target', () => {
  it('a target scrolled under a sticky header: no hole, the header stays shaded (a click there is the shade\'s)', async () => {
    const page = await started('header-tour');
    await expect.poll(() => hasHole(page)).toBe(true);
    await page.evaluate(() => {
      const target = document.getElementById('new-project')!.getBoundingClientRect();
      const header = document.querySelector('header')!.getBoundingClientRect();
      window.scrollBy(0, target.top + target.height / 2 - header.height / 2);
    });
    await expect.poll(() => hasHole(page)).toBe(false);
    expect(await shaded(page, [await middle(page, 'header a')])).toEqual([true]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => hasHole(page)).toBe(true);
    await page.context().close();
  });

  it('a row scrolled out of its list: no hole; half out of it: cut out inside the list\'s box only', async () => {
    const page = await started('list-tour');
    await expect.poll(() => hasHole(page)).toBe(true);
    const list = await page.locator('#list').boundingBox();
    // Row 30 wholly above the list's box.
    await page.evaluate(() => (document.getElementById('list')!.scrollTop = 30 * 30 + 100));
    await expect.poll(() => hasHole(page)).toBe(false);
    expect(await shaded(page, [await middle(page, 'h1'), [list!.x + 40, list!.y - 4]])).toEqual([true, true]);
    // Half of it above the list's top edge.
    await page.evaluate(() => {
      const list = document.getElementById('list')!;
      list.scrollTop += document.getElementById('row-30')!.getBoundingClientRect().top + 15 - list.getBoundingClientRect().top - list.clientTop;
    });
    await expect.poll(() => hasHole(page)).toBe(true);
    const inside = list!.y + 8;
    expect(await shaded(page, [[list!.x + 40, inside], [list!.x + 40, list!.y - 4]])).toEqual([false, true]);
    await page.context().close();
  });
});
