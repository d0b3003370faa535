/**
 * src/ui/announcer.tsx in real Chromium: the layer's one live region is in the accessibility tree
 * as a polite status (visually hidden, not display:none), and says the automatic tooltip's title
 * when it appears, and a checklist task done by an event on the page ("Complete your profile:
 * done, 1 of 3"), also the last one, which completes the checklist; nothing on the checklist's
 * first render.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { box, useLab } from '../support/surfaces-lab';

const lab = useLab();

/** The live regions Chromium's accessibility tree has (role status), with their politeness and text. */
async function liveRegions(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { nodeId: string; ignored: boolean; role?: { value: string }; name?: { value: string }; properties?: { name: string; value: { value: unknown } }[]; childIds?: string[] }[] };
  await cdp.detach();
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const text = (id: string): string => {
    const n = byId.get(id);
    if (!n) return '';
    return n.role?.value === 'StaticText' ? String(n.name?.value ?? '') : (n.childIds ?? []).map(text).join('');
  };
  return nodes
    .filter((n) => !n.ignored && n.role?.value === 'status')
    .map((n) => ({ live: n.properties?.find((p) => p.name === 'live')?.value.value, text: text(n.nodeId) }));
}

const region = (page: Page) => page.locator('[data-part=announcer]');

describe('the live region', () => {
  it('says the tooltip that appears by itself, and is a polite status in the accessibility tree', async () => {
    const { page, errors, context } = await lab.open('/?scenario=geometry&placement=bottom');
    await page.locator('[data-part=tooltip][data-item=geo-tip]').waitFor();
    await expect.poll(() => region(page).textContent()).toBe('A tooltip');
    expect(await liveRegions(page)).toEqual([{ live: 'polite', text: 'A tooltip' }]);
    // Visually hidden: a 1px clipped box, nothing the page shows.
    const b = await region(page).boundingBox();
    expect(b && b.width <= 1 && b.height <= 1).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says a checklist task done by an event, with the count now; not what the checklist opened with', async () => {
    const { page, errors, context } = await lab.open('/?scenario=checklist');
    await box(page.locator('[data-part=checklist-launcher]'));
    expect(await region(page).textContent()).toBe('');
    await page.evaluate(() => window.lab.gp.track('profile_done'));
    await expect.poll(() => region(page).textContent()).toBe('Complete your profile: done, 1 of 3');
    expect(await liveRegions(page)).toEqual([{ live: 'polite', text: 'Complete your profile: done, 1 of 3' }]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says the last task too, though the checklist it completes goes away', async () => {
    const { page, errors, context } = await lab.open('/?scenario=checklist');
    await box(page.locator('[data-part=checklist-launcher]'));
    await page.evaluate(() => {
      window.lab.gp.track('profile_done');
      window.lab.gp.track('invited');
    });
    await expect.poll(() => region(page).textContent()).toBe('Invite a teammate: done, 2 of 3');
    // The tour task, last: the tour's end completes the checklist.
    await page.evaluate(() => window.lab.gp.startTour('cl-tour'));
    await page.locator('[data-part=tour-step] [data-action=next]').click();
    await page.locator('[data-part=tour-step] [data-action=done]').click();
    await expect.poll(() => region(page).textContent()).toBe('Take the tour: done, 3 of 3');
    expect(await page.locator('[data-part=checklist]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
