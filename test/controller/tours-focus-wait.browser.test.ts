/**
 * Focus while a tour's step waits, and when a tour ends away from its launcher (src/controller/tours.ts,
 * src/ui/focus.ts parkFocus / landing, src/ui/TourStep.tsx), in Chromium with the SDK bundled
 * from src/ and real keys. The step that held focus goes to wait for its target (the app
 * re-rendered it for longer than 0.4 s, or Next onto a step whose target loads later): focus goes
 * back to the launcher, not to <body> (where the next Tab went into the page); the step takes it
 * again when it shows, unless the person moved it meanwhile. A tour that ends on another route of
 * the app, where the launcher is not, leaves focus on the page's main landmark, not on <body>.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';
import { deepFocus, tourStep } from '../support/surfaces-lab';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  items: [
    { id: 'filters', type: 'tour', trigger: 'manual', steps: [{ target: '#filters', title: 'Filters', waitMs: 20000 }, { title: 'Two' }] },
    { id: 'late', type: 'tour', trigger: 'manual', steps: [{ title: 'One' }, { target: '#results', title: 'Results', waitMs: 20000 }] },
    { id: 'away', type: 'tour', trigger: 'manual', steps: [{ title: 'Here' }, { title: 'There', route: '/other' }] },
  ],
};

const PAGE = `<!doctype html><html lang="en"><body><nav><a id="home" href="#">Home</a></nav><main id="app"><h1>Tasks</h1>
<button id="toggle">Filters</button><section id="filters"><select id="status"><option>Open</option></select></section><button id="save">Save view</button></main>
<script src="/code.js"></script><script>
const app = document.getElementById('app');
window.removeFilters = () => { window.held = document.getElementById('filters'); window.held.remove(); };
window.restoreFilters = () => document.getElementById('toggle').after(window.held);
window.addResults = () => app.append(Object.assign(document.createElement('section'), { id: 'results', textContent: 'Results' }));
// The app's router: another page, without the launcher.
const navigate = (path) => { history.pushState({}, '', path); app.innerHTML = '<h1>Other</h1><a id="first" href="#">First</a>'; };
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en', navigate });
window.started = window.gp.start();
</script></body></html>`;

/** The page, with `tour` started from #toggle (focused: the launcher) and its step holding focus. */
async function fromLauncher(tour: string): Promise<Page> {
  const { page } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
  await page.evaluate(() => (window as unknown as { started: Promise<void> }).started);
  await page.focus('#toggle');
  await page.evaluate((id) => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour(id), tour);
  await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'tour-step', item: tour });
  return page;
}

const call = (page: Page, name: string) => page.evaluate((n) => (window as unknown as Record<string, () => void>)[n](), name);

describe('a step that goes to wait while it holds focus', () => {
  it('its target re-rendered for long: focus goes to the launcher, and back into the step when it shows', async () => {
    const page = await fromLauncher('filters');
    await call(page, 'removeFilters');
    await expect.poll(() => tourStep(page).count()).toBe(0);
    await expect.poll(() => deepFocus(page)).toMatchObject({ tag: 'button', id: 'toggle' });
    await call(page, 'restoreFilters');
    await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'tour-step', item: 'filters' });
    await page.context().close();
  });

  it('the person moves focus meanwhile: the step shows again without taking it', async () => {
    const page = await fromLauncher('filters');
    await call(page, 'removeFilters');
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'toggle' });
    await page.keyboard.press('Tab');
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'save' });
    await call(page, 'restoreFilters');
    await tourStep(page, 'filters').waitFor();
    expect(await deepFocus(page)).toMatchObject({ id: 'save' });
    await page.context().close();
  });

  it('Next onto a step whose target loads later: focus on the launcher meanwhile, then in the step', async () => {
    const page = await fromLauncher('late');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tourStep(page).count()).toBe(0);
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'toggle' });
    await call(page, 'addResults');
    await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'tour-step', item: 'late' });
    await page.context().close();
  });
});

describe('a tour that ends on another route of the app', () => {
  it('where its launcher is not: focus lands on the main landmark, and the next Tab starts there', async () => {
    const page = await fromLauncher('away');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe('/other');
    await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'tour-step', item: 'away' });
    await page.keyboard.press('Escape');
    await expect.poll(() => tourStep(page).count()).toBe(0);
    await expect.poll(() => deepFocus(page)).toMatchObject({ tag: 'main', id: 'app' });
    await page.keyboard.press('Tab');
    await expect.poll(() => deepFocus(page)).toMatchObject({ id: 'first' });
    // Focusable only while it held focus.
    expect(await page.evaluate(() => document.getElementById('app')!.hasAttribute('tabindex'))).toBe(false);
    await page.context().close();
  });
});
