/**
 * src/ui/Popover.tsx (with src/ui/focus.ts `focusBackTo`) in Chromium with real keys: a tooltip
 * that holds focus and goes because the app removed its target (a re-render, a route change)
 * gives focus back to where it came into the layer from, never leaving it on <body>; closed with
 * its × while the target is there, focus goes to the target as before.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { watchPageErrors } from '../support/browser-harness';
import { deepFocus, useLab } from '../support/surfaces-lab';

const lab = useLab();

const manifest = {
  schemaVersion: 1,
  revision: 'popover-focus',
  items: [{ id: 'tip', type: 'tooltip', target: '#save', title: 'Saving', body: 'Saves the draft.' }],
};

async function open(): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await lab.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/popover-focus', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>Editor</title><script src="/dist/guidepost.iife.js"></script></head>
<body><main><input id="title" aria-label="Title"> <div id="toolbar"><button id="save">Save</button></div> <button id="last">Publish</button></main><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en', onError: (e) => console.error(e.message) });
window.gp.start().then(() => { window.started = true; });
</script></body></html>`,
    }),
  );
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(lab.url('/popover-focus'));
  await page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
  return { page, context, errors };
}

/** From the page's last control, Tab into the tooltip (the layer comes after the page). */
async function tabIntoTooltip(page: Page) {
  await page.locator('[data-part=tooltip][data-item=tip]').waitFor();
  await page.focus('#last');
  await page.keyboard.press('Tab');
  await expect.poll(() => deepFocus(page).then((f) => f.within)).toBe('tooltip');
}

describe('a tooltip holding focus', () => {
  it('goes with its target: focus goes back to where it came into the layer from', async () => {
    const { page, context, errors } = await open();
    await tabIntoTooltip(page);
    await page.evaluate(() => document.getElementById('toolbar')!.remove());
    await page.locator('[data-part=tooltip][data-item=tip]').waitFor({ state: 'detached' });
    await expect.poll(() => deepFocus(page).then((f) => f.id)).toBe('last');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('closed with its × while its target is there: focus goes to the target', async () => {
    const { page, context, errors } = await open();
    await tabIntoTooltip(page);
    expect((await deepFocus(page)).part).toBe('close');
    await page.keyboard.press('Enter');
    await page.locator('[data-part=tooltip][data-item=tip]').waitFor({ state: 'detached' });
    expect((await deepFocus(page)).id).toBe('save');
    expect(errors).toEqual([]);
    await context.close();
  });
});
