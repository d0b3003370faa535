/**
 * src/controller/tours.ts `dispose()` as `destroy()` runs it, where focus cannot go back to what
 * started the tour, in Chromium with the SDK bundled from src/: the tour was started by a call
 * (focus came from <body>), or the launcher left the page before destroy() (a framework binding
 * unmounting with the route it was on). Focus the step holds lands on the page's main landmark,
 * never on <body> nor on a node that left the page; the launcher, when it is still there, gets it
 * back (tours-destroy.browser.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';
import { deepFocus, tourStep } from '../support/surfaces-lab';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  items: [{ id: 'intro', type: 'tour', trigger: 'manual', steps: [{ target: '#list', title: 'Your projects', body: 'Here.' }, { title: 'Two' }] }],
};

const PAGE = `<!doctype html><html lang="en"><body><nav><a href="#">Home</a></nav><main id="app"><h1>Projects</h1>
<button id="launch">Take the tour</button><ul id="list"><li>First</li></ul><a id="first" href="#">Settings</a></main>
<script src="/code.js"></script><script>
document.getElementById('launch').addEventListener('click', () => window.gp.startTour('intro'));
// The app's route change: the page's content is drawn anew (the launcher goes), and the binding
// that held the instance unmounts with the old route: destroy() a microtask later (src/react/provider.ts).
window.changeRoute = () => {
  history.pushState({}, '', '/settings');
  document.getElementById('app').innerHTML = '<h1>Settings</h1><a id="first" href="#">First</a>';
  queueMicrotask(() => window.gp.destroy());
};
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en' });
window.started = window.gp.start();
</script></body></html>`;

async function open(): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
  await opened.page.evaluate(() => (window as unknown as { started: Promise<void> }).started);
  return opened;
}

const destroy = (page: Page) => page.evaluate(() => (window as unknown as { gp: { destroy(): void } }).gp.destroy());
const layerGone = (page: Page) => page.waitForFunction(() => !document.querySelector('guidepost-root'));

describe('destroy() while a step holds focus, with nothing to give it back to', () => {
  it('a tour started by a call (focus came from <body>): focus lands on the main landmark, and Tab goes on from there', async () => {
    const { page, errors } = await open();
    await page.evaluate(() => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour('intro'));
    await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'tour-step', item: 'intro' });
    await destroy(page);
    await layerGone(page);
    await expect.poll(() => deepFocus(page)).toMatchObject({ tag: 'main', id: 'app' });
    await page.keyboard.press('Tab');
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'launch' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the launcher left with a route change before destroy(): focus lands on the new page, not on <body>', async () => {
    const { page, errors } = await open();
    await page.focus('#launch');
    await page.keyboard.press('Enter');
    await tourStep(page, 'intro').waitFor();
    await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'tour-step', item: 'intro' });
    await page.evaluate(() => (window as unknown as { changeRoute(): void }).changeRoute());
    await layerGone(page);
    await expect.poll(() => deepFocus(page)).toMatchObject({ tag: 'main', id: 'app' });
    expect(await page.evaluate(() => { const a = document.activeElement; return !!a && a.isConnected; })).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'first' });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
