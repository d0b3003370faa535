/**
 * src/ui/yield-to-focus.ts with the checklist, in Chromium with real keys: a checklist that
 * opened by itself (seen for the first time) folds to its launcher when focus moves to a control
 * of the page its panel covers (WCAG 2.4.11, Focus Not Obscured), so the control the keyboard user
 * reached is in sight; focus on a control it does not cover leaves it open; and once the person
 * opens it again themselves, it stays open.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { deepFocus, inSight, openOwnPage, useLab } from '../support/surfaces-lab';

const lab = useLab();

const manifest = {
  schemaVersion: 1,
  revision: 'yield',
  items: [{ id: 'onboarding', type: 'checklist', title: 'Get started', tasks: [{ id: 'a', title: 'Create a project', completeOn: 'created' }, { id: 'b', title: 'Invite a teammate', completeOn: 'invited' }, { id: 'c', title: 'Connect a calendar', completeOn: 'connected' }] }],
};

/** Rows across the page, each with a button at its right end (where the dock is), 800 px tall viewport. */
const open = () =>
  openOwnPage(lab, '/rows', {
    manifest,
    head: '<style>body{margin:0;font:16px sans-serif} .row{display:flex;justify-content:space-between;height:48px;align-items:center;padding:0 24px;border-bottom:1px solid #ddd}</style>',
    body: `<main>${Array.from({ length: 30 }, (_, i) => `<div class="row"><a id="left-${i}" href="#r${i}">Row ${i}</a><button id="edit-${i}">Edit ${i}</button></div>`).join('')}</main>`,
  });

const checklist = (page: Page) => page.locator('[data-part=checklist][data-item=onboarding]');
const state = (page: Page) => checklist(page).getAttribute('data-state');

/** The rows' buttons whose box the open panel covers. */
const covered = (page: Page) =>
  page.evaluate(() => {
    const panel = document.querySelector('guidepost-root')!.shadowRoot!.querySelector('[data-part=checklist-panel]')!.getBoundingClientRect();
    return [...document.querySelectorAll('button')]
      .filter((b) => {
        const r = b.getBoundingClientRect();
        return r.left < panel.right && panel.left < r.right && r.top < panel.bottom && panel.top < r.bottom;
      })
      .map((b) => b.id);
  });

describe('a checklist that opened by itself', () => {
  it('folds when a control it covers gets focus from the keyboard; the control is then in sight', async () => {
    const { page, context, errors } = await open();
    await checklist(page).waitFor();
    await expect.poll(() => state(page)).toBe('open');
    const under = await covered(page);
    expect(under.length).toBeGreaterThan(0);
    // Tab through the page from the top until focus reaches a button the panel covers.
    await page.focus('#left-0');
    let focused = '';
    for (let presses = 0; presses < 80 && !under.includes(focused); presses++) {
      await page.keyboard.press('Tab');
      focused = (await deepFocus(page)).id ?? '';
    }
    expect(under).toContain(focused);
    await expect.poll(() => state(page)).toBe('closed');
    expect(await inSight(page, focused)).toBe(true);
    // Focus stayed where the person put it.
    expect((await deepFocus(page)).id).toBe(focused);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('stays open while focus moves among controls it does not cover', async () => {
    const { page, context } = await open();
    await checklist(page).waitFor();
    await expect.poll(() => state(page)).toBe('open');
    const under = await covered(page);
    await page.focus('#left-0');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(under).not.toContain((await deepFocus(page)).id);
    }
    expect(await state(page)).toBe('open');
    await context.close();
  });

  it('opened again by the person, it stays open when a control beneath gets focus', async () => {
    const { page, context } = await open();
    await checklist(page).waitFor();
    const under = await covered(page);
    await page.focus(`#${under[0]}`);
    await expect.poll(() => state(page)).toBe('closed');
    await checklist(page).locator('[data-part=checklist-launcher]').click();
    await expect.poll(() => state(page)).toBe('open');
    await page.focus(`#${under[0]}`);
    // A frame later: a fold would have rendered by then (Preact renders in a microtask).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await state(page)).toBe('open');
    await context.close();
  });
});

describe('a tooltip that showed by itself', () => {
  const form = {
    schemaVersion: 1,
    revision: 'tip-focus',
    items: [{ id: 'tip', type: 'tooltip', target: '#f1', placement: 'bottom', title: 'Your name', body: 'As it should appear on invoices sent to your customers.' }],
  };
  const openForm = () =>
    openOwnPage(lab, '/tip-focus', {
      manifest: form,
      head: '<style>body{margin:0;font:16px sans-serif;padding:24px} input{display:block;margin:6px 0} #f4{margin-top:420px}</style>',
      body: '<form><input id="f1" aria-label="Name"><input id="f2" aria-label="Company"><input id="f3" aria-label="Street"><input id="f4" aria-label="Notes"></form>',
    });
  const tip = (page: Page) => page.locator('[data-part=tooltip][data-item=tip]');
  const visible = (page: Page) => tip(page).evaluate((el) => getComputedStyle(el).visibility === 'visible');
  const coversField = (page: Page, id: string) =>
    page.evaluate((field) => {
      const t = document.querySelector('guidepost-root')!.shadowRoot!.querySelector('[data-part=tooltip]')!.getBoundingClientRect();
      const f = document.getElementById(field)!.getBoundingClientRect();
      return f.left < t.right && t.left < f.right && f.top < t.bottom && t.top < f.bottom;
    }, id);

  it('steps out of sight while keyboard focus is on a field it covers, and back once focus moves on', async () => {
    const { page, context, errors } = await openForm();
    await tip(page).waitFor();
    await expect.poll(() => visible(page)).toBe(true);
    expect(await coversField(page, 'f2')).toBe(true);
    await page.focus('#f1');
    await page.keyboard.press('Tab');
    expect((await deepFocus(page)).id).toBe('f2');
    await expect.poll(() => visible(page)).toBe(false);
    // Still there (not dismissed), out of the way; on to a field it does not cover, it is back.
    expect(await tip(page).count()).toBe(1);
    await page.focus('#f4');
    await expect.poll(() => visible(page)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
