/**
 * src/ui/Popover.tsx (with src/ui/focus.ts `focusBackTo`) in Chromium with real keys: a tooltip
 * that holds focus and goes because the app removed its target (a re-render, a route change)
 * gives focus back to where it came into the layer from, never leaving it on <body>; closed with
 * its × while the target is there, focus goes to the target as before.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { deepFocus, openOwnPage, useLab } from '../support/surfaces-lab';

const lab = useLab();

const manifest = {
  schemaVersion: 1,
  revision: 'popover-focus',
  items: [{ id: 'tip', type: 'tooltip', target: '#save', title: 'Saving', body: 'Saves the draft.' }],
};

const open = () =>
  openOwnPage(lab, '/popover-focus', {
    manifest,
    body: '<main><input id="title" aria-label="Title"> <span id="toolbar"><button id="save">Save</button></span> <button id="last">Publish</button></main>',
  });

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

  it('stays with a target the app re-rendered (a new element): focus stays in it', async () => {
    const { page, context, errors } = await open();
    await tabIntoTooltip(page);
    // The same control, rendered anew far to the right: the tooltip follows it there.
    await page.evaluate(() => {
      document.getElementById('toolbar')!.innerHTML = '<button id="save" style="margin-left:700px">Save</button>';
    });
    const spansSave = () =>
      page.evaluate(() => {
        const tip = document.querySelector('guidepost-root')!.shadowRoot!.querySelector('[data-part=tooltip][data-item=tip]')?.getBoundingClientRect();
        const save = document.getElementById('save')!.getBoundingClientRect();
        const middle = save.left + save.width / 2;
        return !!tip && tip.left <= middle && tip.right >= middle;
      });
    await expect.poll(spansSave).toBe(true);
    expect(await deepFocus(page)).toMatchObject({ within: 'tooltip' });
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
