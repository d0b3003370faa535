/**
 * src/ui/escape.ts in real Chromium: at 200% zoom (a 1280x800 window is a 640x400 viewport) the
 * automatic tooltip may cover the control the person focused; Esc with focus on the page closes
 * it (a "dismissed" event with origin "escape", as Esc inside it gives) and leaves focus where it
 * is. An Esc the page handles itself (preventDefault) is left to the page.
 */
import { describe, expect, it } from 'vitest';
import { deepFocus, eventsLike, useLab, waitForLabEvent } from '../support/surfaces-lab';

const lab = useLab();
const ZOOMED = { viewport: { width: 640, height: 400 } };

describe('Esc from the page', () => {
  it('closes the tooltip, reported as an Esc, and focus stays on the page', async () => {
    const { page, errors, context } = await lab.open('/?scenario=geometry&placement=bottom', ZOOMED);
    const tooltip = page.locator('[data-part=tooltip][data-item=geo-tip]');
    await tooltip.waitFor();
    await page.locator('#geo-target').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => tooltip.count()).toBe(0);
    expect((await waitForLabEvent(page, { type: 'dismissed', item_id: 'geo-tip' })).origin).toBe('escape');
    expect(await deepFocus(page)).toMatchObject({ id: 'geo-target', hosts: [] });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an Esc the page handled is the page\'s: the tooltip stays', async () => {
    const { page, errors, context } = await lab.open('/?scenario=geometry&placement=bottom', ZOOMED);
    const tooltip = page.locator('[data-part=tooltip][data-item=geo-tip]');
    await tooltip.waitFor();
    await page.evaluate(() => {
      const target = document.getElementById('geo-target')!;
      target.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          target.dataset.handled = String(Number(target.dataset.handled ?? 0) + 1);
        }
      });
      target.focus();
    });
    await page.keyboard.press('Escape');
    // The page's own handler ran (the positive signal) and the tooltip is still there after it.
    await expect.poll(() => page.evaluate(() => document.getElementById('geo-target')!.dataset.handled)).toBe('1');
    expect(await tooltip.count()).toBe(1);
    expect(await eventsLike(page, { type: 'dismissed', item_id: 'geo-tip' })).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("with a modal dialog of the page's open, Esc closes the dialog (as without Guidepost), not the tooltip", async () => {
    const { page, errors, context } = await lab.open('/?scenario=geometry&placement=bottom', ZOOMED);
    const tooltip = page.locator('[data-part=tooltip][data-item=geo-tip]');
    await tooltip.waitFor();
    await page.evaluate(() => {
      const dialog = document.body.appendChild(document.createElement('dialog'));
      dialog.id = 'host-dialog';
      dialog.innerHTML = '<button id="in-dialog">OK</button>';
      dialog.showModal();
      document.getElementById('in-dialog')!.focus();
    });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => (document.getElementById('host-dialog') as HTMLDialogElement).open)).toBe(false);
    expect(await tooltip.count()).toBe(1);
    expect(await eventsLike(page, { type: 'dismissed', item_id: 'geo-tip' })).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
