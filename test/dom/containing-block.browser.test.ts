/**
 * containing-block.ts in Chromium: where a positioned surface's containing block starts in the
 * viewport and how much it scales, for the viewport itself, a translated box and a scaled one.
 */
import { describe, expect, it } from 'vitest';
import { openPageWithScript, PROJECT_ROOT, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(`import * as block from ${JSON.stringify(`${PROJECT_ROOT}/src/dom/containing-block.ts`)}; window.block = block;`);

const PAGE = `<!doctype html><html><head><style>body{margin:0} .surface{position:fixed;left:30px;top:20px;width:120px;height:60px}</style></head><body>
<div class="surface" id="in-viewport"></div>
<div style="position:absolute;left:200px;top:100px;transform:translate(10px,5px)"><div class="surface" id="translated"></div></div>
<div style="position:absolute;left:400px;top:300px;transform:scale(0.5,0.75);transform-origin:0 0"><div class="surface" id="scaled"></div></div>
<script src="/code.js"></script></body></html>`;

type Block = { x: number; y: number; sx: number; sy: number };
const blockOf = (page: import('playwright-core').Page, id: string) =>
  page.evaluate((id) => (window as unknown as { block: { containingBlock(el: Element): Block } }).block.containingBlock(document.getElementById(id)!), id);

describe('containingBlock', () => {
  it('is the viewport, unscaled, for a fixed surface with no transformed ancestor', async () => {
    const { page, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1000, height: 700 });
    expect(await blockOf(page, 'in-viewport')).toEqual({ x: 0, y: 0, sx: 1, sy: 1 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("is a transformed ancestor's box: translated, it starts where the translation puts it", async () => {
    const { page } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1000, height: 700 });
    expect(await blockOf(page, 'translated')).toEqual({ x: 210, y: 105, sx: 1, sy: 1 });
    await page.context().close();
  });

  it('scaled, it scales along each axis, and the origin is where its corner is on screen', async () => {
    const { page } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1000, height: 700 });
    const block = await blockOf(page, 'scaled');
    expect(block.sx).toBeCloseTo(0.5, 5);
    expect(block.sy).toBeCloseTo(0.75, 5);
    expect(block.x).toBeCloseTo(400, 3);
    expect(block.y).toBeCloseTo(300, 3);
    await page.context().close();
  });
});
