/**
 * Focus given back when a tour ends (src/ui/focus.ts focusReturn, src/ui/stand-in.ts), in
 * Chromium with the SDK bundled from src/ and real keys: the launcher the person started the tour
 * from was re-rendered by the app during the tour (same markup, a new node, no id). Focus goes to
 * the new launcher, found by its stable attribute or by its name and place under the nearest
 * ancestor with an id, never to <body>; nor to a look-alike that is hidden.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';
import { deepFocus, tourStep } from '../support/surfaces-lab';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'tour', type: 'tour', trigger: 'manual', steps: [{ title: 'Alpha', body: 'This is Alpha', target: { anchor: 'a' } }] }] };

/**
 * A toolbar whose launcher starts the tour and is drawn again by the app while the tour runs
 * (`rerender()`: a framework re-rendering on a change of state), from `redrawn` (by default the
 * same markup).
 */
const launcherPage = (toolbar: string, redrawn = toolbar) => `<!doctype html><html lang="en"><body>
<div id="bar">${toolbar}</div><button data-help="a">Alpha</button>
<script src="/code.js"></script><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en' });
window.started = window.gp.start();
const bar = document.getElementById('bar');
bar.addEventListener('click', (e) => { if (e.target.closest('.launch')) window.gp.startTour('tour'); });
window.rerender = () => { bar.innerHTML = ${JSON.stringify(redrawn)}; };
</script></body></html>`;

async function tourFromLauncher(html: string, launcher: string): Promise<Page> {
  const { page, errors } = await openPageWithScript(session.browser, html, session.code, { width: 1280, height: 800 });
  await page.evaluate(() => (window as unknown as { started: Promise<void> }).started);
  await page.focus(launcher);
  await page.keyboard.press('Enter');
  const step = tourStep(page, 'tour');
  await step.waitFor();
  // The app draws its toolbar again: the launcher focused at the start is no longer in the page.
  expect(await page.evaluate((s) => { const old = document.querySelector(s); (window as unknown as { rerender(): void }).rerender(); return !!old && !old.isConnected; }, launcher)).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => step.count()).toBe(0);
  expect(errors).toEqual([]);
  return page;
}

/** Whether focus is on the element `selector` finds now (the new node: the old one left the page). */
const isNewLauncher = (page: Page, selector: string) => page.evaluate((s) => document.activeElement === document.querySelector(s) && document.activeElement!.isConnected, selector);

describe('a launcher re-rendered during the tour', () => {
  it('a button with a class, under #bar: focus goes to the new launcher, not <body>', async () => {
    const page = await tourFromLauncher(launcherPage('<button class="launch">Take the tour</button>'), '.launch');
    await expect.poll(() => deepFocus(page).then((f) => f.tag)).toBe('button');
    expect(await isNewLauncher(page, '#bar .launch')).toBe(true);
    await page.context().close();
  });

  it('among buttons of the same name: the one at the same place', async () => {
    const toolbar = '<button class="launch">Tour</button><span><button class="launch">Tour</button></span><button class="launch">Tour</button>';
    const page = await tourFromLauncher(launcherPage(toolbar), '#bar > span > .launch');
    await expect.poll(() => deepFocus(page).then((f) => f.tag)).toBe('button');
    expect(await isNewLauncher(page, '#bar > span > .launch')).toBe(true);
    await page.context().close();
  });

  it('with a data-testid: the element that carries it now', async () => {
    const toolbar = '<button class="launch" data-testid="start-tour">Take the tour</button><button class="launch" aria-label="Other">?</button>';
    const page = await tourFromLauncher(launcherPage(toolbar), '[data-testid=start-tour]');
    await expect.poll(() => deepFocus(page).then((f) => f.tag)).toBe('button');
    expect(await isNewLauncher(page, '[data-testid=start-tour]')).toBe(true);
    await page.context().close();
  });

  it('redrawn hidden (display:none): no stand-in, focus is not put on it', async () => {
    const page = await tourFromLauncher(launcherPage('<button class="launch">Take the tour</button>', '<button class="launch" style="display:none">Take the tour</button>'), '.launch');
    // The tour is gone (waited for above): focus went nowhere of the SDK's choosing.
    expect(await page.evaluate(() => document.activeElement === document.querySelector('#bar .launch'))).toBe(false);
    await page.context().close();
  });

  // The tester's page re-renders the launcher in a microtask right after startTour(): the tour
  // controller takes what has focus only once its code has loaded and it decides (a later task),
  // when focus is already on <body>. Taking the launcher's description at the startTour() call
  // (src/guidepost.ts or src/controller/tours.ts, outside src/ui) is needed for that case.
  it.todo('re-rendered in the same task as startTour(): focus goes to the new launcher');
});
