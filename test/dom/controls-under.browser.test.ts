/**
 * controls-under.ts in Chromium, and the hotspot beacons it keeps off the page's controls: a
 * beacon beside a button in a row of buttons a few pixels apart goes where it covers no other
 * control, and a click on the neighbouring button reaches that button.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, PROJECT_ROOT, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(
  `import * as cu from ${JSON.stringify(`${PROJECT_ROOT}/src/dom/controls-under.ts`)}; import { createGuidepost } from ${JSON.stringify(`${PROJECT_ROOT}/src/index.ts`)}; window.cu = cu; window.Guidepost = { createGuidepost };`,
);

const ROW = `<div style="position:absolute;left:40px;top:120px;display:flex;gap:4px"><button id="one">One</button><button id="two">Two</button><button id="three">Three</button></div>
<p id="text" style="position:absolute;left:40px;top:300px;margin:0">Plain text, no control.</p>`;
const PAGE = `<!doctype html><html><head><style>body{margin:0;font:14px sans-serif}</style></head><body>${ROW}<script src="/code.js"></script></body></html>`;

type Box = { x: number; y: number; width: number; height: number };
const over = (page: Page, target: string, box: Box) =>
  page.evaluate(([id, b]) => (window as unknown as { cu: { overPageControl(d: Document, t: Element, b: Box): boolean } }).cu.overPageControl(document, document.getElementById(id as string)!, b as Box), [target, box] as const);
const boxOf = (page: Page, id: string) => page.evaluate((id) => { const r = document.getElementById(id)!.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }, id);

describe('overPageControl', () => {
  it('is true over another control, false over the target itself, over plain text and over nothing', async () => {
    const { page, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 800, height: 600 });
    const [two, three, text] = [await boxOf(page, 'two'), await boxOf(page, 'three'), await boxOf(page, 'text')];
    const beacon = (x: number, y: number) => ({ x, y, width: 24, height: 24 });
    expect(await over(page, 'two', beacon(three.x - 2, two.y + two.height / 2 - 12))).toBe(true);
    expect(await over(page, 'two', beacon(two.x + 4, two.y))).toBe(false);
    expect(await over(page, 'two', beacon(text.x + 10, text.y - 4))).toBe(false);
    expect(await over(page, 'two', beacon(600, 500))).toBe(false);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a hotspot in a row of buttons', () => {
  it('puts its beacon where it covers no other button, and a click on the next button reaches it', async () => {
    const html = `<!doctype html><html><head><style>body{margin:0;font:14px sans-serif}</style></head><body>${ROW}<script src="/code.js"></script><script>
window.clicks = 0;
document.getElementById('three').addEventListener('click', () => window.clicks++);
const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'spot', type: 'hotspot', target: '#two', placement: 'right', title: 'New', body: 'Two does more now.' }] };
window.gp = Guidepost.createGuidepost({ manifest, locale: 'en' });
window.gp.start();
</script></body></html>`;
    const { page, errors } = await openPageWithScript(session.browser, html, session.code, { width: 800, height: 600 });
    const beacon = page.locator('[data-part=hotspot][data-item=spot]');
    await expect.poll(() => beacon.getAttribute('data-placement')).not.toBeNull();
    const [spot, one, three] = [(await beacon.boundingBox())!, await boxOf(page, 'one'), await boxOf(page, 'three')];
    const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlaps(spot, three)).toBe(false);
    expect(overlaps(spot, one)).toBe(false);
    await page.mouse.click(three.x + 6, three.y + three.height / 2);
    await expect.poll(() => page.evaluate(() => (window as unknown as { clicks: number }).clicks)).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
