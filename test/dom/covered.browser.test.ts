/**
 * What the page keeps over a target (src/dom/covered.ts), in real Chromium: a tooltip whose
 * target scrolled under a sticky header hides instead of pointing at the header, and shows again
 * when the target comes out; a tour whose target starts under the header brings it out first;
 * a full-screen layer of the page is no bar (position.browser.test.ts: surfaces above host
 * modals). Also a page zoomed with CSS `zoom` (src/ui/render-surfaces.tsx): surfaces beside their
 * targets, the shade over the whole viewport.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { attrNow, box, expectBeside, tourStep, useLab } from '../support/surfaces-lab';

const lab = useLab();

const visibility = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector('[data-guidepost-host=layer]')?.shadowRoot?.querySelector(sel);
    return el ? getComputedStyle(el).visibility : 'absent';
  }, selector);

describe('a target under a sticky header', () => {
  it('a tooltip hides while its target is under the header and shows again beside it when it comes out', async () => {
    const { page, errors, context } = await lab.open('/?scenario=covered&tour=manual');
    await page.evaluate(() => window.scrollTo(0, 0));
    const tooltip = page.locator('[data-part=tooltip][data-item=cv-tooltip]');
    await expect.poll(() => visibility(page, '[data-part=tooltip][data-item=cv-tooltip][data-placement]')).toBe('visible');
    expectBeside(await box(tooltip), await box(page.locator('#cv-tip')), 'bottom');
    // The target's middle under the 80 px header.
    await page.evaluate(() => {
      const target = document.getElementById('cv-tip')!;
      window.scrollBy(0, target.getBoundingClientRect().top - 30);
    });
    await expect.poll(() => visibility(page, '[data-part=tooltip][data-item=cv-tooltip]')).toBe('hidden');
    await page.evaluate(() => window.scrollBy(0, -200));
    await expect.poll(() => visibility(page, '[data-part=tooltip][data-item=cv-tooltip]')).toBe('visible');
    expectBeside(await box(tooltip), await box(page.locator('#cv-tip')), 'bottom');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a tour step whose target starts under the header brings it out from under it, and shows beside it', async () => {
    const { page, errors, context } = await lab.open('/?scenario=covered');
    const step = tourStep(page, 'cv-tour');
    await expect.poll(() => attrNow(step, 'data-placement')).not.toBeNull();
    await expect.poll(() => visibility(page, '[data-part=tour-step][data-item=cv-tour]')).toBe('visible');
    const header = await box(page.locator('#sticky-header'));
    const target = await box(page.locator('#cv-tour'));
    expect(target.y, 'the target is below the header').toBeGreaterThanOrEqual(header.y + header.height);
    expectBeside(await box(step), target, 'bottom');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a target no scroll can bring out from under a fixed bar', () => {
  it("a tour's step still shows (a shade with no card would leave nothing to go on with), and the tour goes on", async () => {
    const { page, errors, context } = await lab.open('/?scenario=coveredBar');
    const step = tourStep(page, 'cb-tour');
    await expect.poll(() => attrNow(step, 'data-placement')).not.toBeNull();
    await expect.poll(() => visibility(page, '[data-part=tour-step][data-item=cb-tour]')).toBe('visible');
    await step.locator('[data-action=next]').click();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a tour step that is a bottom sheet on a phone', () => {
  it.each([
    [320, 568],
    [375, 667],
  ])('at %d x %d: its target sits between the top banner and the sheet, not under the bottom banner or the checklist', async (width, height) => {
    const { page, errors, context } = await lab.open('/?scenario=tourSheet', { viewport: { width, height }, isMobile: true, hasTouch: true });
    await page.locator('[data-part=banner][data-item=ts-bottom]').waitFor();
    await page.evaluate(() => window.lab.gp!.startTour('ts-tour'));
    const step = tourStep(page, 'ts-tour');
    await expect.poll(() => attrNow(step, 'data-sheet')).toBe('');
    await expect.poll(async () => {
      const target = await box(page.locator('#ts-target'));
      return page.evaluate((t) => {
        const root = document.querySelector('[data-guidepost-host=layer]')!.shadowRoot!;
        const over: string[] = [];
        for (const el of root.querySelectorAll('[data-part=banner], [data-part=checklist-launcher], [data-part=checklist-panel], [data-part=tour-step]')) {
          const r = el.getBoundingClientRect();
          const seen = getComputedStyle(el).visibility !== 'hidden' && r.width > 0;
          if (seen && r.left < t.x + t.width && r.right > t.x && r.top < t.y + t.height && r.bottom > t.y) over.push(`${el.getAttribute('data-part')}:${el.getAttribute('data-item')}`);
        }
        return { over, inView: t.y >= 0 && t.y + t.height <= innerHeight };
      }, target);
    }).toEqual({ over: [], inView: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a page zoomed with CSS zoom', () => {
  it.each([
    ['html', '1.5'],
    ['html', '0.8'],
    ['body', '1.25'],
  ])('on <%s> at %s: the step and the tooltip beside their targets, the shade over the whole viewport', async (on, zoom) => {
    const { page, errors, context } = await lab.open(`/?scenario=zoomed&on=${on}&zoom=${zoom}`);
    const step = tourStep(page, 'zm-tour');
    await expect.poll(() => attrNow(step, 'data-placement')).not.toBeNull();
    expectBeside(await box(step), await box(page.locator('#zm-tour')), 'bottom');
    const shade = await page.evaluate(() => {
      const overlay = document.querySelector('[data-guidepost-host=layer]')!.shadowRoot!.querySelector('[data-part=overlay]')!;
      const r = overlay.getBoundingClientRect();
      return { width: Math.round(r.width), height: Math.round(r.height), viewport: [innerWidth, innerHeight] };
    });
    expect([shade.width, shade.height]).toEqual(shade.viewport);
    // The card keeps its own size: 360 px wide at most, whatever the page's zoom.
    expect((await box(step)).width).toBeLessThanOrEqual(361);
    await step.locator('[data-action=next]').click();
    await step.locator('[data-action=done]').click();
    const tooltip = page.locator('[data-part=tooltip][data-item=zm-tooltip]');
    await expect.poll(() => attrNow(tooltip, 'data-placement')).not.toBeNull();
    expectBeside(await box(tooltip), await box(page.locator('#zm-tip')), 'bottom');
    expect(errors).toEqual([]);
    await context.close();
  });
});
