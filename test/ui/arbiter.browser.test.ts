/**
 * The layout arbiter in real Chromium, on the lab's arena page (every surface but a tour at once,
 * placed to compete for space) at 1280x800, 390x844 and 360x640: no two visible surfaces
 * overlap, none is cut off, every button is at least 24x24 and is what a tap reaches; opening a
 * popover closes the one open before (focus moves into the new one: light-dismiss.ts); a tour step
 * started from the checklist takes the stage and everything comes back after it; on phones a card
 * that fits nowhere beside its target is a sheet with its target ringed above it and the launcher
 * lifted over it; axe-core finds nothing.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { contextFor, expectCleanLayout, tap, VIEWPORTS } from '../support/layout-check';
import { attrNow, useLab } from '../support/surfaces-lab';

const require = createRequire(import.meta.url);
const lab = useLab();

/** The layer's shadow root, queried in the page. */
const inLayer = (page: Page, selector: string) =>
  page.evaluate((sel) => document.querySelector('[data-guidepost-host=layer]')!.shadowRoot!.querySelectorAll(sel).length, selector);

const launcher = '[data-part=checklist][data-item=ar-checklist] [data-part=checklist-launcher]';

/**
 * A click on a layer control that leaves focus where it is, as Safari's click on a button does (a
 * tap in Chromium moves focus there, which closes an open help popover: light-dismiss.ts).
 */
const clickKeepingFocus = (page: Page, selector: string) =>
  page.evaluate((sel) => document.querySelector('[data-guidepost-host=layer]')!.shadowRoot!.querySelector<HTMLElement>(sel)!.click(), selector);

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

describe.each(VIEWPORTS)('the arena at $width x $height', (viewport) => {
  it('keeps every surface clear of the others, on screen and tappable, as popovers open', async () => {
    const { page, errors, context } = await lab.open('/?scenario=arena', contextFor(viewport));
    await expectCleanLayout(page, ['banner:ar-banner', 'tooltip:ar-tooltip', 'hotspot:ar-hotspot', 'help-link:ar-help', 'banner:ar-inline-banner', 'checklist-launcher:ar-checklist']);
    // The person opens the hotspot, then the help link: the newest popover keeps its place, the
    // others make room; focus moved into the help link's popover, which closed the hotspot's.
    await tap(page, '[data-part=hotspot][data-item=ar-hotspot]');
    await expectCleanLayout(page, ['popover:ar-hotspot']);
    await tap(page, '[data-part=help-link][data-item=ar-help]');
    await expectCleanLayout(page, ['popover:ar-help']);
    expect(await inLayer(page, '[data-part=popover][data-item=ar-hotspot]')).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a tour started from the checklist takes the stage: the checklist folds, tips wait, and all come back after', async () => {
    const { page, errors, context } = await lab.open('/?scenario=arena', contextFor(viewport));
    await expectCleanLayout(page, ['tooltip:ar-tooltip', 'checklist-launcher:ar-checklist']);
    await tap(page, '[data-part=help-link][data-item=ar-help]');
    await expectCleanLayout(page, ['popover:ar-help']);
    // Folded aside for a tip, or closed: the person opens it, and it opens. (Clicks that leave
    // focus in the help popover, which stays open: a tap would close it.)
    if ((await attrNow(page.locator(launcher), 'aria-expanded')) !== 'true') await clickKeepingFocus(page, launcher);
    await expectCleanLayout(page, ['checklist-panel:ar-checklist']);
    await clickKeepingFocus(page, '[data-part=checklist-task][data-task=tour] [data-part=task-button]');
    const step = page.locator('[data-part=tour-step][data-item=ar-tour]');
    await step.waitFor();
    await expectCleanLayout(page, ['tour-step:ar-tour']);
    // The stage: the checklist is its launcher, inert beneath the overlay; tips, beacons and popovers wait.
    expect(await attrNow(page.locator(launcher), 'aria-expanded')).toBe('false');
    expect(await inLayer(page, '[data-part=dock][inert]')).toBe(1);
    expect(await inLayer(page, '[data-part=checklist-panel],[data-part=tooltip],[data-part=hotspot],[data-part=popover]')).toBe(0);
    expect(await page.locator('[data-part=popover][data-item=ar-help]').count()).toBe(0);
    await tap(page, '[data-part=tour-step] [data-action=next]');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await expectCleanLayout(page, ['tour-step:ar-tour']);
    await tap(page, '[data-part=tour-step] [data-action=done]');
    await expect.poll(() => step.count()).toBe(0);
    // After the stage: the checklist the person opened, the beacon and the open help popover are
    // back. On a phone the help card is a sheet, which keeps waiting for the checklist the person
    // opened after it: coming back from the stage does not make it the newest.
    const phone = viewport.width <= 480;
    await expectCleanLayout(page, ['checklist-panel:ar-checklist', 'hotspot:ar-hotspot', ...(phone ? [] : ['popover:ar-help'])]);
    if (phone) expect(await page.locator('[data-part=popover][data-item=ar-help][data-wait][data-sheet]').count()).toBe(1);
    expect(await inLayer(page, '[data-part=dock][inert]')).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('phones', () => {
  const phone = contextFor({ width: 360, height: 640 });

  it('a card that fits nowhere beside its target is a sheet: the target scrolled above it and ringed, the launcher lifted over it', async () => {
    const { page, errors, context } = await lab.open('/?scenario=sheet', phone);
    const sheet = page.locator('[data-part=tooltip][data-item=sh-tip][data-sheet]');
    await sheet.waitFor();
    await expectCleanLayout(page, ['tooltip:sh-tip', 'checklist-launcher:sh-checklist']);
    // The target started where the sheet is: it was scrolled into view above it.
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    const geometry = await page.evaluate(() => {
      const root = document.querySelector('[data-guidepost-host=layer]')!.shadowRoot!;
      const rect = (el: Element | null) => el!.getBoundingClientRect().toJSON() as DOMRect;
      return {
        card: rect(root.querySelector('[data-part=tooltip]')),
        ring: rect(root.querySelector('[data-part=tooltip] > [data-part=arrow]')),
        target: rect(document.getElementById('sh-target')),
        launcher: rect(root.querySelector('[data-part=checklist-launcher]')),
        panel: root.querySelectorAll('[data-part=checklist-panel]').length,
      };
    });
    // A sheet: full width, on the bottom edge.
    expect(geometry.card.width).toBeCloseTo(360, 0);
    expect(geometry.card.bottom).toBeCloseTo(640, 0);
    // Its target is on screen above it, inside the ring.
    expect(geometry.target.top).toBeGreaterThanOrEqual(0);
    expect(geometry.target.bottom).toBeLessThanOrEqual(geometry.card.top);
    expect(geometry.ring.left).toBeLessThanOrEqual(geometry.target.left);
    expect(geometry.ring.top).toBeLessThanOrEqual(geometry.target.top);
    expect(geometry.ring.right).toBeGreaterThanOrEqual(geometry.target.right);
    expect(geometry.ring.bottom).toBeGreaterThanOrEqual(geometry.target.bottom);
    // The checklist folded for the sheet; its launcher moved up out of the sheet's way.
    expect(geometry.panel).toBe(0);
    expect(geometry.launcher.bottom).toBeLessThanOrEqual(geometry.card.top);
    // The person opens the checklist: it opens, and the sheet waits (their last choice wins).
    await tap(page, '[data-part=checklist-launcher]');
    await expectCleanLayout(page, ['checklist-panel:sh-checklist']);
    expect(await attrNow(sheet, 'data-wait')).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a tooltip that fits beside its target stays anchored there, pointing at it', async () => {
    const { page, errors, context } = await lab.open('/?scenario=geometry&surface=tooltip&placement=bottom', phone);
    const tooltip = page.locator('[data-part=tooltip][data-item=geo-tip]');
    await expect.poll(() => attrNow(tooltip, 'data-placement')).toBe('bottom');
    expect(await attrNow(tooltip, 'data-sheet')).toBe(null);
    const [card, target] = [(await tooltip.boundingBox())!, (await page.locator('#geo-target').boundingBox())!];
    expect(card.y).toBeGreaterThanOrEqual(target.y + target.height);
    expect(card.y - (target.y + target.height)).toBeLessThanOrEqual(12);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('checklist', () => {
  it('the open panel shows its count beside the progress bar', async () => {
    const { page, errors, context } = await lab.open('/?scenario=checklist');
    const count = page.locator('[data-part=checklist-panel] [data-part=progress] [data-part=progress-text]');
    await expect.poll(() => count.textContent()).toBe('0 of 3');
    await page.evaluate(() => window.lab.gp.track('profile_done'));
    await expect.poll(() => count.textContent()).toBe('1 of 3');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('accessibility', () => {
  it('is axe-clean on a phone with the arena open, then with the tour on stage', async () => {
    const { page, errors, context } = await lab.open('/?scenario=arena', contextFor({ width: 390, height: 844 }));
    await expectCleanLayout(page, ['tooltip:ar-tooltip', 'help-link:ar-help']);
    await tap(page, '[data-part=help-link][data-item=ar-help]');
    await expectCleanLayout(page, ['popover:ar-help']);
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => window.lab.gp.startTour('ar-tour'));
    await expectCleanLayout(page, ['tour-step:ar-tour']);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe.each(['transformed', 'transformedPage', 'scaled'])('a popover inside a transformed box (?scenario=%s)', (scenario) => {
  it('is weighed where it is on screen: it takes the side asked for, a tooltip far from it neither waits nor moves, and a scroll keeps it by its heading', async () => {
    const { page, errors, context } = await lab.open(`/?scenario=${scenario}`);
    const frames = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const tooltip = page.locator('[data-part=tooltip][data-item=tf-tooltip]');
    await tooltip.waitFor();
    await expect.poll(() => attrNow(tooltip, 'data-placement')).toBe('bottom');
    await page.locator('[data-part=help-link][data-item=tf-help]').click();
    const popover = page.locator('[data-part=popover][data-item=tf-help]');
    // Its side, as asked: nothing on screen is in its way.
    await expect.poll(() => attrNow(popover, 'data-placement')).toMatch(/^right/);
    // Two frames for the arena's passes and any later settling.
    await frames();
    const [tip, pop, title] = await Promise.all([tooltip, popover, page.locator('#tf-title')].map((l) => l.boundingBox()));
    // On screen they are far apart: the popover sits right of its heading, in the middle of the page.
    expect(pop!.x).toBeGreaterThanOrEqual(title!.x + title!.width);
    // Beside it, not beyond: the gap (10 px, less in a scaled box), and level with its middle (its help link's, a little off the heading's), or its top for right-start.
    expect(pop!.x - (title!.x + title!.width)).toBeLessThanOrEqual(11);
    const level = (await attrNow(popover, 'data-placement')) === 'right' ? pop!.y + pop!.height / 2 - (title!.y + title!.height / 2) : pop!.y - title!.y;
    expect(Math.abs(level)).toBeLessThan(4);
    expect(tip!.x + tip!.width < pop!.x || tip!.y + tip!.height < pop!.y).toBe(true);
    expect(await attrNow(tooltip, 'data-wait')).toBeNull();
    expect(await attrNow(tooltip, 'data-placement')).toBe('bottom');
    // A scroll of the page moves the box, the heading and the popover together: after the
    // frames in which the popover follows the scroll, it is where it was beside its heading.
    await page.evaluate(() => window.scrollBy(0, 60));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(60);
    await frames();
    await frames();
    const [popAfter, titleAfter] = await Promise.all([popover.boundingBox(), page.locator('#tf-title').boundingBox()]);
    expect(titleAfter!.y).toBeCloseTo(title!.y - 60, 0);
    expect(popAfter!.y - titleAfter!.y).toBeCloseTo(pop!.y - title!.y, 0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
