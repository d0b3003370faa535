/**
 * Surfaces follow the page in real Chromium (follow-scroll.ts, arena.ts): on the lab's scrolling
 * page, fifteen hotspots (down a long page, in a sticky header, in an overflow:auto box, and on a
 * target the page moves by itself) stay beside their targets through page scrolls, a scroll of
 * the box, a layout shift and a smooth scroll of a few pixels per frame; those whose targets are
 * out of view, scrolled out of their box or under the sticky header, are hidden.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useLab } from '../support/surfaces-lab';

const lab = useLab();
const GAP = 4; // Hotspot.tsx's beacon gap

/** Beacons that are not where they should be: beside their target when it is in view, else hidden. */
const misplaced = (page: Page) =>
  page.evaluate((gap) => {
    const root = document.querySelector('guidepost-root')!.shadowRoot!;
    const box = document.getElementById('sc-box')!.getBoundingClientRect();
    const header = document.getElementById('sc-header')!.getBoundingClientRect();
    const wrong: string[] = [];
    for (const beacon of root.querySelectorAll('[data-part=hotspot]')) {
      const id = beacon.getAttribute('data-item')!.replace(/^spot-/, '');
      const t = document.getElementById(id)!.getBoundingClientRect();
      const b = beacon.getBoundingClientRect();
      const shown = getComputedStyle(beacon).visibility !== 'hidden' && !beacon.hasAttribute('data-wait');
      const clip = id.startsWith('sc-box') ? box : { top: 0, left: 0, bottom: innerHeight, right: innerWidth };
      const outOfView = t.bottom <= clip.top || t.top >= clip.bottom || t.right <= clip.left || t.left >= clip.right;
      if (outOfView) {
        if (shown) wrong.push(`${id}: shown while its target is out of view`);
        continue;
      }
      // Scrolled under the sticky header (its middle is): hidden, never pointing at the header.
      const middle = (t.top + t.bottom) / 2;
      if (!id.startsWith('sc-head') && middle >= header.top && middle < header.bottom) {
        if (shown) wrong.push(`${id}: shown while its target is under the sticky header`);
        continue;
      }
      if (t.top < 0 || t.bottom > innerHeight) continue; // partly in view: either is right
      if (!shown) {
        wrong.push(`${id}: hidden while its target is in view`);
        continue;
      }
      // Beside its target: `gap` away on one axis, overlapping it on the other.
      const gx = Math.max(t.left - b.right, b.left - t.right, 0);
      const gy = Math.max(t.top - b.bottom, b.top - t.bottom, 0);
      if (Math.abs(Math.max(gx, gy) - gap) > 1 || Math.min(gx, gy) > 0) wrong.push(`${id}: ${gx.toFixed(1)},${gy.toFixed(1)} px from its target`);
    }
    return wrong;
  }, GAP);

const frames = (page: Page, n: number, dy = 0) =>
  page.evaluate(
    ([count, step]) =>
      new Promise<void>((resolve) => {
        let left = count;
        const tick = () => {
          if (step) window.scrollBy(0, step);
          if (--left > 0) requestAnimationFrame(tick);
          else requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        };
        requestAnimationFrame(tick);
      }),
    [n, dy] as const,
  );

it('hotspots stay beside their targets through page scrolls, a scrolling box, a layout shift and a smooth scroll', async () => {
  const { page, errors, context } = await lab.open('/?scenario=scrolling');
  await expect.poll(() => page.evaluate(() => document.querySelector('guidepost-root')!.shadowRoot!.querySelectorAll('[data-part=hotspot][data-placement]').length)).toBe(15);
  await expect.poll(() => misplaced(page)).toEqual([]);
  for (const y of [150, 333, 700, 1400, 2100, 40, 0]) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await expect.poll(() => misplaced(page)).toEqual([]);
  }
  // The box scrolls on its own: its targets move, the page's do not.
  await page.evaluate(() => window.scrollTo(0, 500));
  for (const top of [200, 420, 0]) {
    await page.evaluate((value) => (document.getElementById('sc-box')!.scrollTop = value), top);
    await expect.poll(() => misplaced(page)).toEqual([]);
  }
  // The page moves a target by itself (no scroll): content inserted above it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.getElementById('sc-shift-slot')!.append(Object.assign(document.createElement('div'), { className: 'sc-grow' })));
  await expect.poll(() => misplaced(page)).toEqual([]);
  // A smooth scroll: 7 px a frame for 60 frames, down and back up.
  await frames(page, 60, 7);
  await expect.poll(() => misplaced(page)).toEqual([]);
  await frames(page, 60, -7);
  await expect.poll(() => misplaced(page)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
