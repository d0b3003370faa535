/**
 * src/controller/tours.ts `dispose()`, as `destroy()` runs it (an app's unmount, a logout), in
 * Chromium with real keys: a step that holds focus gives it back to what started the tour, not
 * to <body>; focus the person had moved to the page stays where it is.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { watchPageErrors } from '../support/browser-harness';
import { deepFocus, tourStep, useLab } from '../support/surfaces-lab';

const lab = useLab();

const manifest = {
  schemaVersion: 1,
  revision: 'destroy',
  items: [{ id: 'intro', type: 'tour', trigger: 'manual', steps: [{ target: '#list', title: 'Your projects', body: 'Here.' }, { target: '#search', title: 'Search', body: 'There.' }] }],
};

async function open(): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await lab.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/destroy', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>Projects</title><script src="/dist/guidepost.iife.js"></script></head>
<body><main><button id="tour-button">Take the tour</button><ul id="list"><li>First</li></ul><input id="search" aria-label="Search"></main><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en', onError: (e) => console.error(e.message) });
document.getElementById('tour-button').addEventListener('click', () => window.gp.startTour('intro'));
window.gp.start().then(() => { window.started = true; });
</script></body></html>`,
    }),
  );
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(lab.url('/destroy'));
  await page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
  return { page, context, errors };
}

const destroy = (page: Page) => page.evaluate(() => (window as unknown as { gp: { destroy(): void } }).gp.destroy());
const layerGone = (page: Page) => page.waitForFunction(() => !document.querySelector('guidepost-root'));

describe('destroy() during a tour', () => {
  it('with focus in the step: focus goes back to the button that started the tour', async () => {
    const { page, context, errors } = await open();
    await page.focus('#tour-button');
    await page.keyboard.press('Enter');
    await tourStep(page, 'intro').waitFor();
    await expect.poll(() => deepFocus(page).then((f) => f.part)).toBe('tour-step');
    await destroy(page);
    await layerGone(page);
    expect((await deepFocus(page)).id).toBe('tour-button');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('with focus moved to the page meanwhile: it stays there', async () => {
    const { page, context, errors } = await open();
    await page.focus('#tour-button');
    await page.keyboard.press('Enter');
    await tourStep(page, 'intro').waitFor();
    await page.focus('#search');
    await destroy(page);
    await layerGone(page);
    expect((await deepFocus(page)).id).toBe('search');
    expect(errors).toEqual([]);
    await context.close();
  });
});
