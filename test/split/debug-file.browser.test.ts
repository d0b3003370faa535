/**
 * The two-file IIFE's debug tools' file in a real browser: dist/guidepost.debug.iife.js (the
 * debug panel and the element picker) is never downloaded by a page that shows help; the core
 * file adds it when the panel opens, with the UI file it borrows Preact from; once per page;
 * from `data-debug-src` when set; under a nonce-based CSP; and when it cannot be loaded,
 * Guidepost reports it, the help on screen stays and the host page keeps working.
 * Pages: test/pages/lazy/ (test/support/split-pages.ts).
 */
import { describe, expect, it } from 'vitest';
import { debugGlobal, requestsReported, splitPage, tooltip, useSplitPages } from '../support/split-pages';

const { open, url } = useSplitPages();

const instance = 'window.lazyPage.instances[0]';

describe("the debug tools' file", () => {
  it('is not downloaded by a page that shows help', async () => {
    const { page, uiRequests, debugRequests, errors, reported } = await open('/?case=eligible');
    await tooltip(page, 'save-tip').waitFor();
    await requestsReported(page);
    expect(uiRequests).toHaveLength(1);
    expect(debugRequests).toEqual([]);
    expect(await debugGlobal(page)).toBe('undefined');
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('comes with the UI file when the panel opens, once; the panel and its picker work', async () => {
    const { page, uiRequests, debugRequests, errors, reported } = await open('/?case=idle');
    await page.evaluate(`${instance}.debug(true)`);
    const panel = page.locator('[data-part=debug-panel]');
    await panel.waitFor();
    expect(uiRequests).toEqual([url('/dist/guidepost.ui.iife.js')]);
    expect(debugRequests).toEqual([url('/dist/guidepost.debug.iife.js')]);
    // The panel explains the page's one item, drawn by the UI file's Preact in the layer.
    expect(await panel.locator('[data-part=debug-items]').textContent()).toContain('elsewhere-tip');
    // The picker (a lazy part of the panel, inside the same file) recommends a selector.
    await panel.locator('[data-action=pick]').click();
    await page.locator('[data-part=picker]').waitFor();
    const box = (await page.locator('#save').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect(await page.locator('[data-part=picker-selector]').textContent()).toBe('#save');
    await page.locator('[data-part=picker-result] button', { hasText: 'Done' }).click();
    // Closed and opened again: nothing is downloaded twice.
    await page.evaluate(`${instance}.debug(false)`);
    await panel.waitFor({ state: 'detached' });
    await page.evaluate(`${instance}.debug(true)`);
    await panel.waitFor();
    await requestsReported(page);
    expect(uiRequests).toHaveLength(1);
    expect(debugRequests).toHaveLength(1);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a second copy of the UI file run later (the page\'s own tag) changes nothing: the panel uses the Preact the core file draws with', async () => {
    const { page, debugRequests, errors, reported } = await open('/?case=eligible');
    await tooltip(page, 'save-tip').waitFor();
    await page.evaluate(() => ((window as any).firstUi = (window as any).GuidepostUI));
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const script = document.createElement('script');
          script.src = '/dist/guidepost.ui.iife.js?second-copy';
          script.onload = () => resolve();
          script.onerror = () => reject(new Error('not loaded'));
          document.head.append(script);
        }),
    );
    expect(await page.evaluate(() => (window as any).GuidepostUI === (window as any).firstUi)).toBe(true);
    await page.evaluate(`${instance}.debug(true)`);
    const panel = page.locator('[data-part=debug-panel]');
    await panel.waitFor();
    // Hooks from another Preact would throw on the panel's first render, and again on this input.
    await panel.locator('[data-part=debug-filter]').fill('save');
    await expect.poll(() => panel.locator('[data-part=debug-items] tbody tr').count()).toBe(1);
    expect(debugRequests).toHaveLength(1);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('under a nonce-based CSP it gets the core script\'s nonce and runs', async () => {
    const { page, debugRequests, errors, reported } = await open(`${await splitPage('debug-nonce', { nonce: 'ZGVidWctbm9uY2U' })}?case=idle`);
    await page.evaluate(`${instance}.debug(true)`);
    await page.locator('[data-part=debug-panel]').waitFor();
    expect(debugRequests).toHaveLength(1);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]); // a CSP refusal would be a console error
    await page.context().close();
  });

  it('one that cannot be loaded (data-debug-src) is reported; the help on screen stays and the host page keeps working', async () => {
    const missing = '/missing/guidepost.debug.iife.js';
    const { page, debugRequests, errors, reported } = await open(`${await splitPage('debug-missing', { core: { 'data-debug-src': missing } })}?case=eligible`);
    await tooltip(page, 'save-tip').waitFor();
    await page.evaluate(`${instance}.debug(true)`);
    await expect.poll(async () => (await reported()).filter((e) => e.code === 'internal').map((e) => e.message)).toEqual([expect.stringMatching(/debug panel could not be loaded/)]);
    expect((await reported())[0]!.message).toContain(url(missing));
    expect(debugRequests).toEqual([url(missing)]);
    expect(await tooltip(page, 'save-tip').isVisible()).toBe(true);
    expect(await page.locator('[data-part=debug-panel]').count()).toBe(0);
    await page.click('#save');
    expect(await page.evaluate(() => (window as any).lazyPage.clicks)).toBe(1);
    expect(await page.locator('script[src*="guidepost.debug.iife.js"]').count()).toBe(0);
    expect(errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    await page.context().close();
  });
});
