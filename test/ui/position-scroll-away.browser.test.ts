/**
 * A surface whose target the person scrolls out of view (src/ui/position.ts), in Chromium with
 * the SDK bundled from src/. A tour's step stays on screen, pinned to the viewport's edge nearest
 * its target without its arrow, and keeps focus where it was (WCAG 2.4.3): hidden, as it was
 * once, it dropped focus to <body> and left the shade over a page with no card, while a modal
 * step still said aria-modal. A tooltip still hides; when it shows again, focus that was in it
 * goes back there (focus.ts, focusKeeper).
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';
import { deepFocus, tourStep } from '../support/surfaces-lab';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);
const VIEWPORT = { width: 1280, height: 800 };

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  items: [
    { id: 'tour', type: 'tour', trigger: 'manual', steps: [{ title: 'Alpha', body: 'This is Alpha', target: { anchor: 'a' } }, { title: 'Two', body: 'Step two' }] },
    // On a phone: no room on its right, a bottom sheet.
    { id: 'phone', type: 'tour', trigger: 'manual', steps: [{ title: 'Alpha', body: 'This is Alpha', target: { anchor: 'a' }, placement: 'right' }, { title: 'Two', body: 'Step two' }] },
    { id: 'boxed', type: 'tour', trigger: 'manual', steps: [{ title: 'In a box', body: 'Inside the list', target: '#in-box' }, { title: 'Two', body: 'Step two' }] },
  ],
};
const tipManifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'tip', type: 'tooltip', target: '#tip', title: 'Save often', body: 'Saved for your team.' }] };

const page = (items: object, body: string) => `<!doctype html><html lang="en"><head><style>body{margin:0;font:16px sans-serif}</style></head><body>
${body}<div style="height:3000px"></div>
<script src="/code.js"></script><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(items)}, locale: 'en' });
window.started = window.gp.start();
</script></body></html>`;

const TOUR_PAGE = page(
  manifest,
  `<button id="launch">Take the tour</button><p><button data-help="a">Alpha</button></p>
<div id="list" style="height:150px;overflow:auto;margin-top:200px"><div style="height:60px"></div><button id="in-box">In box</button><div style="height:900px"></div></div>`,
);
const TIP_PAGE = page(tipManifest, '<p style="margin-top:100px"><button id="tip">Save</button></p>');

async function open(html: string, viewport = VIEWPORT): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPageWithScript(session.browser, html, session.code, viewport);
  await opened.page.evaluate(() => (window as unknown as { started: Promise<void> }).started);
  return opened;
}

/** The step of `tour`, started, shown and placed, with focus on its ×. */
async function startWithFocusOnClose(page: Page, tour: string): Promise<Locator> {
  await page.evaluate((id) => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour(id), tour);
  const step = tourStep(page, tour);
  await expect.poll(() => step.evaluate((n: HTMLElement) => n.style.visibility).catch(() => '')).toBe('visible');
  await step.locator('[data-part=close]').focus();
  await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'close', within: 'tour-step' });
  return step;
}

/** What matters once the step was placed with its target out of view: shown, on screen, modal, focus kept. */
const stepNow = (step: Locator) =>
  step.evaluate((n: HTMLElement) => {
    const b = n.getBoundingClientRect();
    return {
      visibility: getComputedStyle(n).visibility,
      onScreen: b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight && b.right <= innerWidth,
      modal: n.getAttribute('aria-modal'),
    };
  });

/** The arrow's inline visibility: 'hidden' once the step was placed adrift (its target out of view), '' when it points again. */
const arrowVisibility = (step: Locator) => step.locator('[data-part=arrow]').evaluate((n: HTMLElement) => n.style.visibility);

const targetOutOfView = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const t = document.querySelector(s)!.getBoundingClientRect();
    const list = document.getElementById('list')!.getBoundingClientRect();
    const clip = s === '#in-box' ? list : { top: 0, bottom: innerHeight };
    return t.bottom <= clip.top || t.top >= clip.bottom;
  }, selector);

describe("a tour step whose target is scrolled out of view", () => {
  it.each([
    ['PageDown', (page: Page) => page.keyboard.press('PageDown')],
    ['the mouse wheel', (page: Page) => page.mouse.wheel(0, 1500)],
  ])('scrolled with %s: stays shown on screen, modal, with focus on its ×; its arrow comes back with its target', async (_, scroll) => {
    const { page, errors } = await open(TOUR_PAGE);
    const step = await startWithFocusOnClose(page, 'tour');
    await page.mouse.move(640, 700);
    await scroll(page);
    // Placed with its target out of view: its arrow goes (it would point at nothing).
    await expect.poll(() => arrowVisibility(step)).toBe('hidden');
    expect(await targetOutOfView(page, '[data-help=a]')).toBe(true);
    expect(await stepNow(step)).toEqual({ visibility: 'visible', onScreen: true, modal: 'true' });
    expect(await deepFocus(page)).toMatchObject({ part: 'close', within: 'tour-step' });
    // Back: it points at its target again, focus still where the person left it.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => arrowVisibility(step)).toBe('');
    expect(await stepNow(step)).toEqual({ visibility: 'visible', onScreen: true, modal: 'true' });
    expect(await deepFocus(page)).toMatchObject({ part: 'close', within: 'tour-step' });
    // Still usable from there: Escape closes the tour.
    await page.keyboard.press('Escape');
    await expect.poll(() => step.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('clipped by its scrolled overflow box: stays shown with focus inside', async () => {
    const { page, errors } = await open(TOUR_PAGE);
    const step = await startWithFocusOnClose(page, 'boxed');
    await page.evaluate(() => (document.getElementById('list')!.scrollTop = 600));
    await expect.poll(() => arrowVisibility(step)).toBe('hidden');
    expect(await targetOutOfView(page, '#in-box')).toBe(true);
    expect(await stepNow(step)).toEqual({ visibility: 'visible', onScreen: true, modal: 'true' });
    expect(await deepFocus(page)).toMatchObject({ part: 'close', within: 'tour-step' });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a tour step as a bottom sheet (a phone, 360x640)', () => {
  it('stays a sheet, shown, with focus on its ×, while its target is scrolled away; its ring comes back with it', async () => {
    const { page, errors } = await open(TOUR_PAGE, { width: 360, height: 640 });
    const step = await startWithFocusOnClose(page, 'phone');
    await expect.poll(() => step.getAttribute('data-sheet')).toBe('');
    await page.evaluate(() => window.scrollTo(0, 2000));
    await expect.poll(() => arrowVisibility(step)).toBe('hidden');
    expect(await step.getAttribute('data-sheet')).toBe('');
    expect(await stepNow(step)).toEqual({ visibility: 'visible', onScreen: true, modal: 'true' });
    expect(await deepFocus(page)).toMatchObject({ part: 'close', within: 'tour-step' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => arrowVisibility(step)).toBe('');
    expect(await deepFocus(page)).toMatchObject({ part: 'close', within: 'tour-step' });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('a tooltip whose target is scrolled out of view', () => {
  it('still hides, and gives focus back to its × when it shows again', async () => {
    const { page, errors } = await open(TIP_PAGE);
    const tip = page.locator('[data-part=tooltip][data-item=tip]');
    await expect.poll(() => tip.evaluate((n: HTMLElement) => n.style.visibility).catch(() => '')).toBe('visible');
    await tip.locator('[data-part=close]').focus();
    await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'close', within: 'tooltip' });
    await page.evaluate(() => window.scrollTo(0, 2000));
    await expect.poll(() => tip.evaluate((n: HTMLElement) => n.style.visibility)).toBe('hidden');
    // Hidden, it cannot hold focus (the browser moves it to <body>).
    await expect.poll(() => deepFocus(page).then((f) => f.tag)).toBe('body');
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => tip.evaluate((n: HTMLElement) => n.style.visibility)).toBe('visible');
    await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'close', within: 'tooltip' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shown again after the person put focus elsewhere: focus stays theirs', async () => {
    const { page, errors } = await open(TIP_PAGE);
    const tip = page.locator('[data-part=tooltip][data-item=tip]');
    await expect.poll(() => tip.evaluate((n: HTMLElement) => n.style.visibility).catch(() => '')).toBe('visible');
    await tip.locator('[data-part=close]').focus();
    await page.evaluate(() => window.scrollTo(0, 2000));
    await expect.poll(() => tip.evaluate((n: HTMLElement) => n.style.visibility)).toBe('hidden');
    await expect.poll(() => deepFocus(page).then((f) => f.tag)).toBe('body');
    await page.evaluate(() => {
      const other = document.body.appendChild(document.createElement('button'));
      other.id = 'other';
      other.style.cssText = 'position:fixed;bottom:0;right:0';
      other.focus();
    });
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => tip.evaluate((n: HTMLElement) => n.style.visibility)).toBe('visible');
    expect((await deepFocus(page)).id).toBe('other');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
