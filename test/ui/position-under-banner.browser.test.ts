/**
 * On a phone, a tooltip whose target sits under an overlay top banner at the top of a page that
 * cannot scroll it out (src/ui/position.ts, a sheet's reveal): the sheet would ring the banner,
 * not its target, so the tooltip waits, hidden, and shows once the banner is gone. In Chromium
 * with the SDK bundled from src/.
 */
import { describe, expect, it } from 'vitest';
import { openPageWithScript, SDK_FROM_SOURCE, useChromiumWithBundle } from '../support/browser-harness';

const session = useChromiumWithBundle(SDK_FROM_SOURCE);

const manifest = {
  schemaVersion: 1,
  revision: 'r',
  settings: { caps: { perPageView: 5 } },
  items: [
    { id: 'trial', type: 'banner', slot: 'top', title: 'Trial ends soon', body: 'Pick a plan to keep your projects.', priority: 10 },
    { id: 'save-tip', type: 'tooltip', target: '#save', title: 'Save often', body: 'Everything you change is kept when you press Save, and shared with your team right away.' },
  ],
};

const PAGE = `<!doctype html><html><head><meta name="viewport" content="width=device-width"><style>body{margin:0;font:16px sans-serif} header{display:flex;gap:8px;padding:8px}</style></head><body>
<header><strong>App</strong><button id="save">Save</button></header><main><p>Short page: nothing to scroll.</p></main>
<script src="/code.js"></script><script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en' });
window.gp.start();
</script></body></html>`;

describe('a phone, a top banner over the target', () => {
  it('the tooltip waits hidden instead of ringing the banner, and shows once the banner is closed', async () => {
    const { page, errors } = await openPageWithScript(session.browser, PAGE, session.code, { width: 390, height: 844 });
    const layer = page.locator('guidepost-root');
    const banner = layer.locator('[data-part=banner][data-item=trial]');
    const tooltip = layer.locator('[data-part=tooltip][data-item=save-tip]');
    await banner.waitFor();
    await tooltip.waitFor({ state: 'attached' });
    // The banner covers the button: the tooltip stays hidden (no sheet ringing the banner).
    const [bannerBox, save] = [(await banner.boundingBox())!, await page.locator('#save').boundingBox()];
    expect(save!.y).toBeLessThan(bannerBox.y + bannerBox.height);
    await expect.poll(() => tooltip.evaluate((n: HTMLElement) => n.style.visibility)).toBe('hidden');
    await banner.locator('[data-part=close]').click();
    await expect.poll(() => banner.count()).toBe(0);
    await expect.poll(() => tooltip.evaluate((n: HTMLElement) => n.style.visibility)).toBe('visible');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
