/**
 * Targets inside same-origin iframes (`"target": { "frame": "#editor", "anchor": "bold" }`):
 * surfaces are drawn in the top document beside the element inside the frame, follow the
 * frame's scrolling and the page's, and are axe-clean; a frame of another origin is a clear
 * error, not a silent miss. Page: test/pages/frames/.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT, useChromiumAndServer, watchPageErrors } from '../support/browser-harness';
import { expectBeside } from '../support/surfaces-lab';

const require = createRequire(import.meta.url);
const session = useChromiumAndServer(join(PROJECT_ROOT, 'test/pages/frames'));

type Box = { x: number; y: number; width: number; height: number };

async function open(query = '') {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(new URL(query, session.server.url).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return { context, page, errors };
}

/** The target's box in the top page's coordinates (frame position, border and padding added). */
const targetBox = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const frame = document.getElementById('editor') as HTMLIFrameElement;
    const r = frame.contentDocument!.querySelector(sel)!.getBoundingClientRect();
    const f = frame.getBoundingClientRect();
    const style = getComputedStyle(frame);
    return { x: r.x + f.x + frame.clientLeft + parseFloat(style.paddingLeft), y: r.y + f.y + frame.clientTop + parseFloat(style.paddingTop), width: r.width, height: r.height };
  }, selector);

const surfaceBox = (page: Page, part: string, item: string) =>
  page.locator(`[data-part=${part}][data-item=${item}]`).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });

async function expectTooltipBeside(page: Page) {
  await expect
    .poll(async () => {
      try {
        expectBeside(await surfaceBox(page, 'tooltip', 'bold-tip'), await targetBox(page, '#bold'), 'bottom');
        return true;
      } catch {
        return false;
      }
    })
    .toBe(true);
}

describe('targets in a same-origin iframe', () => {
  it('a tooltip shows beside its target inside the frame, and stays there while the frame and the page scroll', async () => {
    const { context, page, errors } = await open();
    await page.locator('[data-part=tooltip][data-item=bold-tip]').waitFor();
    await expectTooltipBeside(page);
    // The frame's own document scrolls: the target moves up inside the frame.
    await page.evaluate(() => (document.getElementById('editor') as HTMLIFrameElement).contentWindow!.scrollBy(0, 20));
    await expectTooltipBeside(page);
    // The page scrolls: the frame and its target move together.
    await page.evaluate(() => window.scrollBy(0, 120));
    await expectTooltipBeside(page);
    const tip: Box = await surfaceBox(page, 'tooltip', 'bold-tip');
    expect(tip.y).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as any).frames_.gp.explain('bold-tip').shown)).toBe(true);
    expect(await page.evaluate(() => (window as any).frames_.errors)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a hotspot on an element inside the frame shows on it', async () => {
    const { context, page } = await open();
    const beacon = page.locator('[data-item=italic-spot] [data-part=beacon]');
    await beacon.waitFor();
    const target = await targetBox(page, '#italic');
    const b = await beacon.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    // The beacon sits on (or at the edge of) its target, in the page's coordinates.
    expect(Math.abs(b.x + b.width / 2 - (target.x + target.width))).toBeLessThan(40);
    expect(Math.abs(b.y + b.height / 2 - target.y)).toBeLessThan(40);
    await context.close();
  });

  it('a tour step and its spotlight are drawn around a target inside the frame', async () => {
    const { context, page } = await open();
    await page.locator('[data-part=tooltip][data-item=bold-tip]').waitFor();
    await page.evaluate(() => (window as any).frames_.gp.startTour('frame-tour'));
    const step = page.locator('[data-part=tour-step][data-item=frame-tour]');
    await step.waitFor();
    const target = await targetBox(page, '#bold');
    await expect
      .poll(async () => {
        try {
          expectBeside(await surfaceBox(page, 'tour-step', 'frame-tour'), await targetBox(page, '#bold'), 'bottom', 24);
          return true;
        } catch {
          return false;
        }
      })
      .toBe(true);
    // The overlay's cutout (the second subpath of the shade) starts at the target's page coordinates, padding aside.
    const shade = await page.locator('[data-part=overlay][data-item=frame-tour] [data-part=overlay-shade]').getAttribute('d');
    const [, cx, cy] = /ZM(-?[\d.]+),(-?[\d.]+)/.exec(shade ?? '') ?? [];
    expect(Math.abs(Number(cx) - target.x)).toBeLessThan(20);
    expect(Math.abs(Number(cy) - target.y)).toBeLessThan(20);
    await context.close();
  });

  it('is axe-clean with the frame targets shown', async () => {
    const { context, page } = await open();
    await page.locator('[data-part=tooltip][data-item=bold-tip]').waitFor();
    await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('a target in a frame of another origin is reported as such (code "target"), and the rest still shows', async () => {
    const { context, page } = await open('?cross=1');
    await page.locator('[data-part=tooltip][data-item=bold-tip]').waitFor();
    await expect.poll(() => page.evaluate(() => (window as any).frames_.errors.map((e: { code: string; message: string }) => `${e.code}: ${e.message}`))).toContainEqual(expect.stringContaining('item "far-tip": the iframe #far is from another origin'));
    expect(await page.evaluate(() => (window as any).frames_.gp.explain('far-tip').reason.code)).toBe('target-missing');
    await context.close();
  });
});
