/**
 * A step on screen whose target the app removes (a list re-rendered) while the person is on the
 * step's Next button, in Chromium with the SDK bundled from src/ and real keys (src/ui/position.ts
 * hides the card in place, src/controller/tours.ts + src/ui/focus.ts park focus and give it back).
 * The tour was started by a call (`startTour` from the app's code), so focus came from <body>:
 * there is no launcher to park focus on. While the target is gone the card hides where it was
 * (never placed by the empty box of a removed element: the page's top left) and focus is never on
 * <body>; when the step shows again focus is back on Next; when the target never comes back the
 * next step takes focus as any step does.
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
    { id: 'list', type: 'tour', trigger: 'manual', steps: [{ target: '#new-project', placement: 'bottom', title: 'Projects', body: 'Create one.', waitMs: 20000 }, { title: 'Two' }] },
    // The target never comes back: after its wait the step is passed over (onMissingTarget "skip").
    { id: 'brief', type: 'tour', trigger: 'manual', steps: [{ target: '#new-project', placement: 'bottom', title: 'Projects', waitMs: 300 }, { title: 'Two' }, { title: 'Three' }] },
  ],
};

const PAGE = `<!doctype html><html lang="en"><body><nav><a href="#">Home</a></nav><main id="app"><h1>Projects</h1>
<div class="toolbar" style="margin-top:200px;margin-left:300px"><button id="new-project">New project</button><button id="import">Import</button></div></main>
<script src="/code.js"></script><script>
window.removeTarget = () => { window.held = document.getElementById('new-project'); window.held.remove(); };
window.restoreTarget = () => document.querySelector('.toolbar').prepend(window.held);
/** Records, every frame until stopWatching(), the shade's hole, whether the card is seen, its box and where focus is. */
window.watch = () => {
  window.frames_ = [];
  let on = true;
  window.stopWatching = () => { on = false; return window.frames_; };
  const tick = () => {
    const root = document.querySelector('guidepost-root')?.shadowRoot;
    const step = root?.querySelector('[data-part=tour-step]');
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const r = step?.getBoundingClientRect();
    const hole = root?.querySelector('[data-part=overlay-cutout]')?.getBoundingClientRect();
    window.frames_.push({
      hole: hole ? [hole.x, hole.y, hole.width, hole.height].map(Math.round).join(',') : null,
      step: !!step,
      seen: !!step && step.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
      x: r && Math.round(r.x), y: r && Math.round(r.y),
      focus: active === document.body || !active ? 'body' : active.getAttribute('data-action') ?? active.getAttribute('data-part') ?? active.tagName.toLowerCase(),
    });
    if (on) requestAnimationFrame(tick);
  };
  tick();
};
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en' });
window.started = window.gp.start();
</script></body></html>`;

interface Frame {
  hole: string | null;
  step: boolean;
  seen: boolean;
  x?: number;
  y?: number;
  focus: string;
}

const call = (page: Page, name: string) => page.evaluate((n) => (window as unknown as Record<string, () => unknown>)[n](), name);

/** The page with `tour` started by a call (focus on <body>), and the person on its Next button. */
async function onNext(tour: string): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPageWithScript(session.browser, PAGE, session.code, { width: 1280, height: 800 });
  const { page } = opened;
  await page.evaluate(() => (window as unknown as { started: Promise<void> }).started);
  await page.evaluate((id) => (window as unknown as { gp: { startTour(id: string): void } }).gp.startTour(id), tour);
  await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'tour-step', item: tour });
  for (let i = 0; i < 6 && (await deepFocus(page)).action !== 'next'; i++) await page.keyboard.press('Tab');
  expect(await deepFocus(page)).toMatchObject({ action: 'next', within: 'tour-step' });
  return opened;
}

/** The step's card box, once placed and seen. */
const cardBox = (page: Page, tour: string) => tourStep(page, tour).boundingBox();

describe('a step whose target the app removes while the person is on Next', () => {
  it('the card hides in place meanwhile, focus is never on <body>, and Next has focus again when the target is back', async () => {
    const { page, errors } = await onNext('list');
    const before = (await cardBox(page, 'list'))!;
    await call(page, 'watch');
    await call(page, 'removeTarget');
    // The step went to wait for its target (past the grace a re-render gets).
    await expect.poll(() => tourStep(page).count()).toBe(0);
    const frames = (await call(page, 'stopWatching')) as Frame[];
    const shown = frames.filter((f) => f.step);
    // Every frame the card was still there: seen only where it was (never at the page's top left), and hidden by the last.
    for (const f of shown.filter((s) => s.seen)) expect({ x: f.x, y: f.y }).toEqual({ x: Math.round(before.x), y: Math.round(before.y) });
    expect(shown.at(-1)?.seen).toBe(false);
    // Nor does the shade light anything else meanwhile (its hole at the page's top left).
    for (const f of frames) expect([null, frames[0].hole]).toContain(f.hole);
    expect(frames.map((f) => f.focus)).not.toContain('body');
    // Waiting: focus on the page's main landmark (no launcher to go back to), not <body>.
    await expect.poll(() => deepFocus(page)).toMatchObject({ tag: 'main', id: 'app' });
    await call(page, 'restoreTarget');
    await expect.poll(() => deepFocus(page)).toMatchObject({ action: 'next', within: 'tour-step' });
    const after = (await cardBox(page, 'list'))!;
    expect({ x: Math.round(after.x), y: Math.round(after.y) }).toEqual({ x: Math.round(before.x), y: Math.round(before.y) });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('back while the card is hidden (a re-render in two passes): the card shows in place, Next still has focus', async () => {
    const { page, errors } = await onNext('list');
    const before = (await cardBox(page, 'list'))!;
    await call(page, 'removeTarget');
    await expect.poll(() => tourStep(page, 'list').evaluate((el) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true }))).toBe(false);
    expect(await deepFocus(page)).toMatchObject({ action: 'next', within: 'tour-step' });
    await call(page, 'restoreTarget');
    await expect.poll(() => tourStep(page, 'list').evaluate((el) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true }))).toBe(true);
    const after = (await cardBox(page, 'list'))!;
    expect({ x: Math.round(after.x), y: Math.round(after.y) }).toEqual({ x: Math.round(before.x), y: Math.round(before.y) });
    await expect.poll(() => deepFocus(page)).toMatchObject({ action: 'next', within: 'tour-step' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('never back: the tour moves on and the next step takes focus, as any step does', async () => {
    const { page, errors } = await onNext('brief');
    await call(page, 'watch');
    await call(page, 'removeTarget');
    await tourStep(page, 'brief').and(page.locator('[data-step="1"]')).waitFor();
    await expect.poll(() => deepFocus(page)).toMatchObject({ part: 'tour-step', item: 'brief' });
    const frames = (await call(page, 'stopWatching')) as Frame[];
    expect(frames.map((f) => f.focus)).not.toContain('body');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
