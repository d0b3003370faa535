/**
 * A tour step that lets the page through to its target (`allowClicksThrough`), in Chromium with
 * real keys: it asks the person to act on the page ("Create a project", advancing on an event),
 * so a keyboard user must reach the target as a mouse user clicks it. The step is not modal
 * there; Tab goes from its last control into the target and from the target's last control back
 * into the step (Shift+Tab the other way); acting on the target by keyboard moves the tour on.
 * A step that does not let the page through still keeps Tab inside (a modal dialog).
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { watchPageErrors } from '../support/browser-harness';
import { attrNow, deepFocus, tourStep, useLab } from '../support/surfaces-lab';

const lab = useLab();

const manifest = {
  schemaVersion: 1,
  revision: 'through',
  items: [
    {
      id: 'create',
      type: 'tour',
      trigger: 'manual',
      steps: [
        { target: '#new-project', title: 'Name your project', body: 'Type a name and press Create.', advanceOn: { event: 'project_created' }, allowClicksThrough: true },
        { target: '#list', title: 'Your projects', body: 'It is here.' },
      ],
    },
    { id: 'closed', type: 'tour', trigger: 'manual', steps: [{ target: '#new-project', title: 'Look', body: 'Only look.' }, { target: '#list', title: 'Two', body: 'Two.' }] },
  ],
};

async function open(): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await lab.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/through', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>Projects</title><script src="/dist/guidepost.iife.js"></script></head>
<body><header><a id="home" href="#">Home</a></header>
<main><form id="new-project"><label>Name <input id="name"></label> <button id="create-button" type="submit">Create</button></form>
<ul id="list"><li>First project</li></ul><button id="after">After</button></main><script>
document.getElementById('new-project').addEventListener('submit', (event) => { event.preventDefault(); window.gp.track('project_created'); });
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en', onError: (e) => console.error(e.message) });
window.gp.start().then(() => { window.started = true; });
</script></body></html>`,
    }),
  );
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(lab.url('/through'));
  await page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
  return { page, context, errors };
}

const startTour = (page: Page, id: string) => page.evaluate((tour) => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour(tour), id);

/** Presses Tab (or Shift+Tab) until focus is on `id` in the page, at most `max` times; the presses it took. */
async function tabTo(page: Page, id: string, shift = false, max = 8): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    if ((await deepFocus(page)).id === id) return presses;
  }
  throw new Error(`focus never reached #${id}: it is on ${JSON.stringify(await deepFocus(page))}`);
}

describe('a step that lets the page through to its target', () => {
  it('is not modal, and Tab cycles from the step into the target and back', async () => {
    const { page, context, errors } = await open();
    await startTour(page, 'create');
    const step = tourStep(page, 'create');
    await step.waitFor();
    await expect.poll(() => deepFocus(page).then((f) => f.part)).toBe('tour-step');
    expect(await attrNow(step, 'aria-modal')).toBeNull();
    // From the step, forward: its controls, then the target's field and button.
    await tabTo(page, 'name');
    await page.keyboard.press('Tab');
    expect((await deepFocus(page)).id).toBe('create-button');
    // Past the target's last control: back into the step (not on to the page after it).
    await page.keyboard.press('Tab');
    expect(await deepFocus(page)).toMatchObject({ within: 'tour-step', part: 'close' });
    // Shift+Tab from the step's first control: the target's last.
    await page.keyboard.press('Shift+Tab');
    expect((await deepFocus(page)).id).toBe('create-button');
    await page.keyboard.press('Shift+Tab');
    expect((await deepFocus(page)).id).toBe('name');
    // Shift+Tab from the target's first control: the step's last.
    await page.keyboard.press('Shift+Tab');
    expect((await deepFocus(page)).within).toBe('tour-step');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('what the step asks for, done with the keyboard, moves the tour on and focus into the next step', async () => {
    const { page, context, errors } = await open();
    await startTour(page, 'create');
    const step = tourStep(page, 'create');
    await step.waitFor();
    await tabTo(page, 'name');
    await page.keyboard.type('Roadmap');
    await page.keyboard.press('Enter');
    await expect.poll(() => attrNow(step, 'data-step')).toBe('1');
    await expect.poll(() => deepFocus(page).then((f) => f.part)).toBe('tour-step');
    // The next step does not let the page through: modal again.
    expect(await attrNow(step, 'aria-modal')).toBe('true');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a step that keeps the page out stays modal: Tab never leaves it', async () => {
    const { page, context } = await open();
    await startTour(page, 'closed');
    const step = tourStep(page, 'closed');
    await step.waitFor();
    expect(await attrNow(step, 'aria-modal')).toBe('true');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect((await deepFocus(page)).within).toBe('tour-step');
    }
    await context.close();
  });
});
