/**
 * visible-area.ts in Chromium: what of an element can be seen — the viewport less the boxes
 * that clip it, where a fixed element escapes every ancestor but a transformed one and an
 * absolute one the static ancestors between it and its containing block; through shadow roots.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, PROJECT_ROOT, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(`import * as area from ${JSON.stringify(`${PROJECT_ROOT}/src/dom/visible-area.ts`)}; window.area = area;`);

const PAGE = `<!doctype html><html><head><style>body{margin:0} .clip{overflow:hidden;width:200px;height:100px;margin:50px;position:static} .item{width:50px;height:50px}</style></head><body>
<div class="clip" id="plain"><div class="item" id="inside"></div><div style="height:200px"></div><div class="item" id="below"></div></div>
<div class="clip" id="static-clip"><div class="item" id="fixed" style="position:fixed;left:600px;top:10px"></div><div class="item" id="absolute" style="position:absolute;left:600px;top:300px"></div></div>
<div class="clip" id="positioned" style="position:relative"><div class="item" id="absolute-in" style="position:absolute;left:300px;top:0"></div></div>
<div class="clip" id="transformed" style="transform:translateX(0)"><div class="item" id="fixed-in" style="position:fixed;left:300px;top:0"></div></div>
<div class="clip" id="shadow-host"></div>
<div class="clip" style="transform:translateZ(0)"><dialog id="dialog"><div id="in-dialog" class="item"></div></dialog></div>
<script src="/code.js"></script>
<script>
const host = document.getElementById('shadow-host');
const root = host.attachShadow({ mode: 'open' });
root.innerHTML = '<div style="overflow:hidden;width:80px;height:40px"><div id="deep" style="width:300px;height:300px"></div></div>';
</script></body></html>`;

const open = () => openPageWithScript(session.browser, PAGE, session.code, { width: 1000, height: 700 });

type Area = { x: number; y: number; width: number; height: number };
const areaOf = (page: Page, id: string) =>
  page.evaluate((id) => {
    const el = document.getElementById(id) ?? document.getElementById('shadow-host')!.shadowRoot!.getElementById(id)!;
    return (window as unknown as { area: { visibleArea(el: Element): Area } }).area.visibleArea(el);
  }, id);
const boxOf = (page: Page, id: string) =>
  page.evaluate((id) => {
    const r = document.getElementById(id)!.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }, id);

describe('visibleArea', () => {
  it('is the viewport less an overflow ancestor that clips the element', async () => {
    const { page, errors } = await open();
    expect(await areaOf(page, 'inside')).toEqual(await boxOf(page, 'plain'));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a fixed or absolute element escapes a static clipping box; a positioned or transformed one contains it', async () => {
    const { page } = await open();
    const viewport = { x: 0, y: 0, width: 1000, height: 700 };
    expect(await areaOf(page, 'fixed')).toEqual(viewport);
    expect(await areaOf(page, 'absolute')).toEqual(viewport);
    expect(await areaOf(page, 'absolute-in')).toEqual(await boxOf(page, 'positioned'));
    expect(await areaOf(page, 'fixed-in')).toEqual(await boxOf(page, 'transformed'));
    await page.context().close();
  });

  it('follows the element out of a shadow root to the boxes that clip it there and outside', async () => {
    const { page } = await open();
    const area = await areaOf(page, 'deep');
    const host = await boxOf(page, 'shadow-host');
    expect(area).toEqual({ x: host.x, y: host.y, width: 80, height: 40 });
    await page.context().close();
  });

  it('a modal dialog and what is in it escape every box around the dialog (the top layer)', async () => {
    const { page } = await open();
    await page.evaluate(() => (document.getElementById('dialog') as HTMLDialogElement).showModal());
    const viewport = { x: 0, y: 0, width: 1000, height: 700 };
    expect(await areaOf(page, 'dialog')).toEqual(viewport);
    expect(await areaOf(page, 'in-dialog')).toEqual(viewport);
    await page.context().close();
  });

  it('is empty when the clipping box is outside the viewport', async () => {
    const { page } = await open();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize({ width: 1000, height: 40 });
    const area = await areaOf(page, 'inside');
    expect(area.height).toBe(0);
    await page.context().close();
  });
});
