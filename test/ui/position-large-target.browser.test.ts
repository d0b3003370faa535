/**
 * A tour step whose target leaves no room for its card on any side, on a 1280x800 desktop (no
 * bottom sheet there: src/ui/position.ts, over-target.ts): a full-width board 640 px tall, a feed
 * taller than the viewport. The card stays inside the viewport, over its target, on the side that
 * covers the least of it. Left where placed, it ran off the top (title cut off) or wholly below
 * the viewport (focus in an invisible dialog).
 */
import { describe, expect, it } from 'vitest';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';
import { box, expectInViewport, tourStep } from '../support/surfaces-lab';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  items: [{ id: 'board-tour', type: 'tour', trigger: 'manual', steps: [
    { target: '#board', title: 'Your board', body: 'Tasks move across these columns.', placement: 'bottom' },
    { target: '#feed', title: 'Activity', body: 'Everything your team did today.', placement: 'bottom' },
  ] }],
};

const PAGE = `<!doctype html><html lang="en"><head><style>
body{margin:0;font:16px sans-serif} main{padding:16px} #board{height:640px} #feed{height:1400px;margin-top:24px}
</style></head><body><main><h1>Board</h1><div id="board">Columns</div><div id="feed">Activity feed</div></main>
<script src="/code.js"></script><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en' });
window.started = window.gp.start();
</script></body></html>`;

describe('a tour step whose target leaves no room beside it (1280x800)', () => {
  it('stays inside the viewport over its target, title and buttons on screen, on the side covering the least of it', async () => {
    const { page, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
    await page.evaluate(() => (window as unknown as { started: Promise<void> }).started);
    await page.evaluate(() => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour('board-tour'));
    const step = tourStep(page, 'board-tour');
    for (const n of ['0', '1']) {
      await expect.poll(() => step.evaluate((s: HTMLElement) => `${s.dataset.step}:${s.style.visibility}`).catch((e) => String(e).slice(0, 80))).toBe(`${n}:visible`);
      const card = await box(step);
      expectInViewport(card, 1280, 800);
      expectInViewport(await box(step.locator('[data-part=title]')), 1280, 800);
      const primary = step.locator('[data-primary]');
      expectInViewport(await box(primary), 1280, 800);
      // The side covering the least of what is seen of the target (the viewport's part of it).
      const target = await box(page.locator(n === '0' ? '#board' : '#feed'));
      const seen = { top: Math.max(0, target.y), bottom: Math.min(800, target.y + target.height) };
      const covered = Math.max(0, Math.min(card.y + card.height, seen.bottom) - Math.max(card.y, seen.top));
      const least = Math.min(...[8, 800 - 8 - card.height].map((y) => Math.max(0, Math.min(y + card.height, seen.bottom) - Math.max(y, seen.top))));
      expect(covered).toBeLessThanOrEqual(least + 1);
      if (n === '0') await primary.click();
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
