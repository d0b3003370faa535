/**
 * A centered tour step (no target, placement "center", or a missing target shown centered) on a
 * short viewport (360 CSS px tall: a phone held sideways, or a page zoomed in), in Chromium with
 * the SDK bundled from src/ (not the built dist/): the step stays inside the viewport and scrolls
 * within itself, so its ×, its text and its Next / Done buttons are all reached, by keyboard and by
 * pointer (WCAG 1.4.10 Reflow). position.ts places anchored steps (as a sheet when there is no room);
 * a centered step has only the stylesheet (src/ui/styles.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { SDK_FROM_SOURCE, useChromiumWithBundle, watchPageErrors } from '../support/browser-harness';
import { attrNow, deepFocus, tourStep } from '../support/surfaces-lab';

const ORIGIN = 'http://guidepost.test';
const WIDTH = 640;
const HEIGHT = 360;

const long = Array.from({ length: 14 }, (_, i) => `Paragraph ${i + 1}: what this part of the app is for, and how to use it.`).join('\n\n');

const manifest = {
  schemaVersion: 1,
  revision: 'short',
  items: [
    { id: 'long', type: 'tour', trigger: 'manual', steps: [
      { title: 'Welcome', body: long },
      { target: '#missing', waitMs: 0, onMissingTarget: 'center', title: 'Almost done', body: long },
    ] },
  ],
};

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

async function open() {
  const context = await session.browser.newContext({ viewport: { width: WIDTH, height: HEIGHT } });
  await context.route(`${ORIGIN}/**`, (route) => {
    if (new URL(route.request().url()).pathname === '/sdk.js') return route.fulfill({ contentType: 'text/javascript', body: session.code });
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>App</title><script src="/sdk.js"></script></head><body><main><button id="before">Before</button></main><script>
window.events = [];
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en', onEvent: (event) => window.events.push(event) });
window.gp.start().then(() => { window.started = true; });
</script></body></html>`,
    });
  });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
  await page.evaluate(() => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour('long'));
  return { page, context, errors };
}

/** The box of `locator`'s element, and whether it lies inside the viewport and inside `within`'s box. */
const placement = async (locator: Locator, within: Locator) =>
  locator.evaluate((element, container) => {
    const box = element.getBoundingClientRect();
    const outer = container!.getBoundingClientRect();
    const inside = (b: DOMRect, o: { top: number; left: number; bottom: number; right: number }) => b.top >= o.top - 0.5 && b.left >= o.left - 0.5 && b.bottom <= o.bottom + 0.5 && b.right <= o.right + 0.5;
    return { inViewport: inside(box, { top: 0, left: 0, bottom: innerHeight, right: innerWidth }), inStep: inside(box, outer) };
  }, await within.elementHandle());

const completed = (page: Page) => page.evaluate(() => (window as unknown as { events: { type: string }[] }).events.some((e) => e.type === 'completed'));

describe('a centered step taller than a 360px viewport', () => {
  it('stays inside the viewport and scrolls within itself, its × showing at the top', async () => {
    const { page, context, errors } = await open();
    const step = tourStep(page, 'long');
    await step.waitFor();
    expect(await attrNow(step, 'data-centered')).toBe('');
    const fits = await step.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { top: box.top >= 0, bottom: box.bottom <= innerHeight, scrolls: element.scrollHeight > element.clientHeight };
    });
    expect(fits).toEqual({ top: true, bottom: true, scrolls: true });
    expect(await placement(step.locator('[data-part=close]'), step)).toEqual({ inViewport: true, inStep: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Tab reaches Next, in view; Enter on it moves on', async () => {
    const { page, context } = await open();
    const step = tourStep(page, 'long');
    await step.waitFor();
    await expect.poll(() => deepFocus(page).then((f) => f.part)).toBe('tour-step');
    for (let i = 0; i < 6 && (await deepFocus(page)).action !== 'next'; i++) await page.keyboard.press('Tab');
    expect((await deepFocus(page)).action).toBe('next');
    expect(await placement(step.locator('[data-action=next]'), step)).toEqual({ inViewport: true, inStep: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await context.close();
  });

  it('a missing target shown centered: Done is reached by scrolling the step, and a click on it completes the tour', async () => {
    const { page, context } = await open();
    const step = tourStep(page, 'long');
    await step.waitFor();
    await step.locator('[data-action=next]').click();
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    expect(await attrNow(step, 'data-centered')).toBe('');
    const done = step.locator('[data-action=done]');
    // Below the fold of the step at first: scrolling the step (as a wheel or a swipe would) brings it into view.
    expect((await placement(done, step)).inStep).toBe(false);
    await step.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    expect(await placement(done, step)).toEqual({ inViewport: true, inStep: true });
    // A real click at its place reaches it (playwright checks the hit target).
    await done.click();
    await expect.poll(() => completed(page)).toBe(true);
    await context.close();
  });
});
