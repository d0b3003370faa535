/**
 * watch-position.ts in Chromium: an anchored surface is asked to place itself again when its
 * target may have moved — a scroll of the page or of a box the target is in, a resize of the
 * window or of the target, content inserted above the target — and never after it stopped.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, PROJECT_ROOT, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(`import { watchPosition } from ${JSON.stringify(`${PROJECT_ROOT}/src/ui/watch-position.ts`)}; window.watchPosition = watchPosition;`);

const PAGE = `<!doctype html><html><head><style>body{margin:0;height:3000px;overflow-anchor:none} #box{overflow:auto;height:150px;width:300px} #target{width:60px;height:30px;margin-top:100px}</style></head><body>
<div id="above"></div><div id="box"><div id="target"></div><div style="height:600px"></div></div>
<div id="floating" style="position:fixed;left:0;top:0;width:100px;height:40px"></div>
<script src="/code.js"></script>
<script>
window.calls = 0;
window.tops = [];
const target = document.getElementById('target');
window.stop = window.watchPosition(target, document.getElementById('floating'), () => { window.calls++; window.tops.push(target.getBoundingClientRect().top); });
</script></body></html>`;

const open = () => openPageWithScript(session.browser, PAGE, session.code, { width: 800, height: 600 });

const calls = (page: Page) => page.evaluate(() => (window as unknown as { calls: number }).calls);
/** The target's top as the last ask saw it, and as it is now. */
const lastTop = (page: Page) => page.evaluate(() => (window as unknown as { tops: number[] }).tops.at(-1));
const topNow = (page: Page) => page.evaluate(() => document.getElementById('target')!.getBoundingClientRect().top);

/** Waits for the watcher to settle (its first observers' answers), then returns the count. */
async function settled(page: Page): Promise<number> {
  let last = -1;
  await expect.poll(async () => {
    const now = await calls(page);
    const same = now === last;
    last = now;
    return same && now > 0;
  }).toBe(true);
  return last;
}

describe('watchPosition', () => {
  it('asks at once, then on a scroll of the page and of a box the target is in', async () => {
    const { page, errors } = await open();
    let before = await settled(page);
    await page.evaluate(() => window.scrollBy(0, 50));
    await expect.poll(() => calls(page)).toBeGreaterThan(before);
    before = await settled(page);
    await page.evaluate(() => document.getElementById('box')!.scrollBy(0, 40));
    await expect.poll(() => calls(page)).toBeGreaterThan(before);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('asks when the window, the target or the surface is resized', async () => {
    const { page } = await open();
    let before = await settled(page);
    await page.setViewportSize({ width: 700, height: 500 });
    await expect.poll(() => calls(page)).toBeGreaterThan(before);
    before = await settled(page);
    await page.evaluate(() => (document.getElementById('target')!.style.width = '90px'));
    await expect.poll(() => calls(page)).toBeGreaterThan(before);
    before = await settled(page);
    await page.evaluate(() => (document.getElementById('floating')!.style.height = '80px'));
    await expect.poll(() => calls(page)).toBeGreaterThan(before);
    await page.context().close();
  });

  it('asks when content inserted above moves the target without any scroll or resize', async () => {
    const { page } = await open();
    const before = await settled(page);
    await page.evaluate(() => (document.getElementById('above')!.style.height = '120px'));
    await expect.poll(() => calls(page)).toBeGreaterThan(before);
    await page.context().close();
  });

  it('a target moved over many frames (a transition above it): the last ask sees where it ended', async () => {
    const { page } = await open();
    await settled(page);
    await page.evaluate(() => {
      const above = document.getElementById('above')!;
      // From a length (a transition from auto would jump at once).
      above.style.height = '0px';
      void above.offsetHeight;
      above.style.transition = 'height 400ms linear';
      (window as unknown as { ended: boolean }).ended = false;
      above.addEventListener('transitionend', () => ((window as unknown as { ended: boolean }).ended = true));
      above.style.height = '200px';
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as { ended: boolean }).ended)).toBe(true);
    const final = await topNow(page);
    await expect.poll(() => lastTop(page)).toBe(final);
    await page.context().close();
  });

  it('content inserted above just after a scroll (while the layout-shift observer rests) is seen once scrolling rests', async () => {
    const { page } = await open();
    await settled(page);
    await page.evaluate(async () => {
      window.scrollBy(0, 30);
      // The scroll's own ask has run (its event comes with the next frame); then the layout moves it.
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      document.getElementById('above')!.style.height = '90px';
    });
    const final = await topNow(page);
    await expect.poll(() => lastTop(page)).toBe(final);
    await page.context().close();
  });

  it('after the window grew, content inserted above still moves it', async () => {
    const { page } = await open();
    await settled(page);
    await page.setViewportSize({ width: 800, height: 900 });
    const before = await settled(page);
    await page.evaluate(() => (document.getElementById('above')!.style.height = '50px'));
    await expect.poll(() => calls(page)).toBeGreaterThan(before);
    await page.context().close();
  });

  it('asks nothing more once stopped', async () => {
    const { page } = await open();
    await settled(page);
    await page.evaluate(() => (window as unknown as { stop(): void }).stop());
    const stopped = await calls(page);
    await page.evaluate(async () => {
      window.scrollBy(0, 80);
      document.getElementById('box')!.scrollBy(0, 40);
      document.getElementById('above')!.style.height = '60px';
      document.getElementById('target')!.style.width = '20px';
      // Two frames: any observer still connected would have answered by then.
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    });
    await page.setViewportSize({ width: 600, height: 400 });
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await calls(page)).toBe(stopped);
    await page.context().close();
  });
});
