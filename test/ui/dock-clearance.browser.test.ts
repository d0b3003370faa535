/**
 * The dock (here a checklist's launcher) over the page's own bar fixed to the viewport's bottom
 * (a form's Save and Cancel): it rises above the bar, so the page's buttons take their clicks and
 * show their focus (src/ui/dock-clearance.ts); content that merely scrolls under it does not
 * move it. In Chromium, with the SDK bundled from src/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const checklist = { id: 'onboarding', type: 'checklist', title: 'Get started', tasks: [{ id: 'a', title: 'Save your profile', completeOn: 'saved' }] };

const page = (footer: string) => `<!doctype html><html><head><style>body{margin:0;font:16px sans-serif} main{height:1500px;padding:16px}
footer{${footer};bottom:0;left:0;right:0;display:flex;justify-content:flex-end;gap:8px;padding:16px;background:#eee}</style></head><body>
<main><label>Name <input id="name"></label></main>
<footer><button id="cancel">Cancel</button><button id="save">Save</button></footer>
<script src="/code.js"></script><script>
window.saved = 0;
document.getElementById('save').onclick = () => window.saved++;
window.gp = Guidepost.createGuidepost({ user: { id: 'u1' }, locale: 'en', manifest: { schemaVersion: 1, revision: 'r', items: [${JSON.stringify(checklist)}] } });
window.gp.start();
</script></body></html>`;

const launcher = (p: Page) => p.locator('guidepost-root').locator('[data-part=checklist][data-item=onboarding]');
const overlap = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("the dock over the page's bar fixed to the bottom", () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`rises above it: the page's Save takes its click (${viewport.width}×${viewport.height})`, async () => {
      const { page: p, errors } = await openPageWithScript(session.browser, page('position:fixed'), session.code, viewport);
      await launcher(p).waitFor();
      const save = (await p.locator('#save').boundingBox())!;
      await expect.poll(async () => overlap((await launcher(p).boundingBox())!, save)).toBe(false);
      await p.mouse.click(save.x + save.width / 2, save.y + save.height / 2);
      await expect.poll(() => p.evaluate(() => (window as unknown as { saved: number }).saved)).toBe(1);
      expect(errors).toEqual([]);
      await p.context().close();
    });
  }

  it('stays at the corner over content that only scrolls under it', async () => {
    const { page: p, errors } = await openPageWithScript(session.browser, page('position:static'), session.code, { width: 1280, height: 800 });
    await launcher(p).waitFor();
    const dockBottom = () => p.evaluate(() => document.querySelector('guidepost-root')!.shadowRoot!.querySelector<HTMLElement>('[data-part=dock]')!.style.bottom);
    await p.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    // The bar at the end of the page is now under the corner: a pass runs (the launcher folds and unfolds).
    await launcher(p).locator('[data-part=checklist-launcher]').click();
    await launcher(p).locator('[data-part=checklist-launcher]').click();
    expect(await dockBottom()).toBe('');
    expect(errors).toEqual([]);
    await p.context().close();
  });
});
