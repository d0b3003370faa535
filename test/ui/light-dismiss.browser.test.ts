/**
 * src/ui/light-dismiss.ts in real Chromium, with its shadow roots: a help link's popover closes
 * when Tab takes focus past it to the page's next control (which it would otherwise cover), and
 * focus stays there; Esc on the "?" closes it; Esc on a hotspot's beacon closes its card, focus
 * kept on the beacon. Closing a popover this way reports nothing (as its × does not): no
 * "dismissed" event, the "?" and the beacon stay.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { attrNow, deepFocus, eventsLike, useLab, waitForLabEvent } from '../support/surfaces-lab';

const lab = useLab();

/** Opens the export help link's popover from the keyboard; focus is then in it. */
async function openHelp(page: Page) {
  const trigger = page.locator('[data-part=help-link][data-item=export-help]');
  await trigger.focus();
  await page.keyboard.press('Enter');
  const popover = page.locator('[data-part=popover][data-item=export-help]');
  await popover.waitFor();
  await expect.poll(async () => (await deepFocus(page)).within).toBe('popover');
  return { trigger, popover };
}

describe('a help link\'s popover', () => {
  it('closes when Tab takes focus on past it to the page, and focus stays there', async () => {
    const { page, errors, context } = await lab.open('/?scenario=helplink');
    const { trigger, popover } = await openHelp(page);
    // Tab through the popover (×, Yes, No) until focus reaches the page's next control: a
    // bounded walk that stops at the positive signal, focus on #after-export.
    for (let i = 0; i < 8 && (await deepFocus(page)).id !== 'after-export'; i++) await page.keyboard.press('Tab');
    expect(await deepFocus(page)).toMatchObject({ id: 'after-export', hosts: [] });
    await expect.poll(() => popover.count()).toBe(0);
    expect(await attrNow(trigger, 'aria-expanded')).toBe('false');
    expect(await deepFocus(page)).toMatchObject({ id: 'after-export' });
    // Like its ×, closing it reports nothing: the "?" stays for this page view.
    expect(await eventsLike(page, { type: 'dismissed', item_id: 'export-help' })).toEqual([]);
    expect(await trigger.count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('closes on Esc with focus on its "?"', async () => {
    const { page, errors, context } = await lab.open('/?scenario=helplink');
    const { trigger, popover } = await openHelp(page);
    await page.keyboard.press('Shift+Tab');
    expect(await deepFocus(page)).toMatchObject({ part: 'help-link', item: 'export-help' });
    expect(await popover.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => popover.count()).toBe(0);
    expect(await attrNow(trigger, 'aria-expanded')).toBe('false');
    expect(await deepFocus(page)).toMatchObject({ part: 'help-link', item: 'export-help' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a hotspot\'s card', () => {
  it('closes on Esc with focus on the beacon, which keeps focus', async () => {
    const { page, errors, context } = await lab.open('/?scenario=hotspot');
    const beacon = page.locator('[data-part=hotspot][data-item=hs]');
    await beacon.focus();
    await page.keyboard.press('Enter');
    const card = page.locator('[data-part=popover][data-item=hs]');
    await card.waitFor();
    await waitForLabEvent(page, { type: 'shown', item_id: 'hs' });
    await beacon.focus();
    expect(await card.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);
    expect(await attrNow(beacon, 'aria-expanded')).toBe('false');
    expect(await deepFocus(page)).toMatchObject({ part: 'hotspot', item: 'hs' });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('closes when focus moves on to the page, and focus stays there', async () => {
    const { page, errors, context } = await lab.open('/?scenario=hotspot');
    const beacon = page.locator('[data-part=hotspot][data-item=hs]');
    await beacon.click();
    const card = page.locator('[data-part=popover][data-item=hs]');
    await card.waitFor();
    await page.locator('#hs-before').focus();
    await expect.poll(() => card.count()).toBe(0);
    expect(await deepFocus(page)).toMatchObject({ id: 'hs-before' });
    expect(await beacon.count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
