/**
 * src/controller/tours.ts `dispose()`, as `destroy()` runs it (an app's unmount, a logout), in
 * Chromium with real keys: a step that holds focus gives it back to what started the tour, not
 * to <body> (to where focus came into the layer from, when a checklist's task started it: the
 * layer goes too); focus the person had moved to the page stays where it is.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { deepFocus, openOwnPage, tourStep, useLab } from '../support/surfaces-lab';

const lab = useLab();

const manifest = {
  schemaVersion: 1,
  revision: 'destroy',
  items: [{ id: 'intro', type: 'tour', trigger: 'manual', steps: [{ target: '#list', title: 'Your projects', body: 'Here.' }, { target: '#search', title: 'Search', body: 'There.' }] }],
};

/** The same tour, started from a checklist's task (in the layer that destroy() removes). */
const withChecklist = {
  ...manifest,
  items: [...manifest.items, { id: 'start', type: 'checklist', title: 'Get started', tasks: [{ id: 'take', title: 'Take the tour', tour: 'intro' }, { id: 'other', title: 'Invite someone', completeOn: 'invited' }] }],
};

const open = () =>
  openOwnPage(lab, '/destroy', {
    manifest,
    body: '<main><button id="tour-button">Take the tour</button><ul id="list"><li>First</li></ul><input id="search" aria-label="Search"></main>',
    script: `document.getElementById('tour-button').addEventListener('click', () => window.gp.startTour('intro'));`,
  });

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

  it("started from a checklist's task: focus goes back to where it came into the layer from, not to <body>", async () => {
    const { page, context, errors } = await openOwnPage(lab, '/destroy-checklist', {
      manifest: withChecklist,
      body: '<main><ul id="list"><li>First</li></ul><input id="search" aria-label="Search"></main>',
    });
    await page.locator('[data-part=checklist][data-item=start] [data-part=task-button]').waitFor();
    // From the page's last control into the layer, on to the task that starts the tour.
    await page.focus('#search');
    for (let i = 0; i < 10 && (await deepFocus(page)).part !== 'task-button'; i++) await page.keyboard.press('Tab');
    expect((await deepFocus(page)).part).toBe('task-button');
    await page.keyboard.press('Enter');
    await tourStep(page, 'intro').waitFor();
    await expect.poll(() => deepFocus(page).then((f) => f.part)).toBe('tour-step');
    await destroy(page);
    await layerGone(page);
    expect((await deepFocus(page)).id).toBe('search');
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
