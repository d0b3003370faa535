/**
 * The two-file IIFE in a real browser: dist/guidepost.core.iife.js adds
 * dist/guidepost.ui.iife.js to the page only when something must render or the debug panel
 * opens; once per page whatever the number of instances; from `data-ui-src` when set; under a
 * nonce-based CSP; not at all when the page has its own tag for it; and when it cannot be
 * loaded, Guidepost reports it and the host page keeps working. The validator's file:
 * validator-file.browser.test.ts. Pages: test/pages/lazy/ (test/support/split-pages.ts).
 */
import { describe, expect, it } from 'vitest';
import { requestsReported, splitPage, tooltip, uiGlobal, useSplitPages, validatorGlobal } from '../support/split-pages';

const { open, url } = useSplitPages();

describe('the UI file is loaded only when needed', () => {
  it('compiled manifest with nothing eligible: neither the UI file nor the validator is requested', async () => {
    const { page, uiRequests, validatorRequests, errors, reported } = await open('/?case=idle');
    // The decision is made (start() resolved, and explain says why the one item is not shown)...
    const verdict = await page.evaluate(() => (window as any).lazyPage.instances[0].explain('elsewhere-tip'));
    expect(verdict).toMatchObject({ itemId: 'elsewhere-tip', shown: false, reason: { code: 'condition', path: 'page.path' } });
    // ...and every request the page made up to now has been reported: none was for the UI file.
    await requestsReported(page);
    expect(uiRequests).toEqual([]);
    expect(validatorRequests).toEqual([]);
    expect(await uiGlobal(page)).toBe('undefined');
    expect(await validatorGlobal(page)).toBe('undefined');
    expect(await page.locator('guidepost-root').count()).toBe(0);
    expect(await page.locator('[data-part]').count()).toBe(0);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('source manifest with an invalid item: the validator\'s file reports it, the UI file shows the valid one', async () => {
    const { page, uiRequests, validatorRequests, errors, reported } = await open('/?case=invalid');
    await tooltip(page, 'save-tip').waitFor();
    expect(await tooltip(page, 'bad-tip').count()).toBe(0);
    expect(validatorRequests).toEqual([url('/dist/guidepost.validator.iife.js')]);
    expect(uiRequests).toEqual([url('/dist/guidepost.ui.iife.js')]);
    const manifestErrors = (await reported()).filter((e) => e.code === 'manifest');
    expect(manifestErrors.length).toBeGreaterThan(0);
    expect(manifestErrors.some((e) => e.message.includes('bad-tip'))).toBe(true);
    expect((await reported()).filter((e) => e.code !== 'manifest')).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('two instances on one page share one load of the UI file', async () => {
    const { page, uiRequests, errors, reported } = await open('/?case=twice');
    await tooltip(page, 'save-tip').waitFor();
    await tooltip(page, 'open-tip').waitFor();
    expect(uiRequests).toHaveLength(1);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('gp.debug(true) loads the UI file and opens the panel', async () => {
    const { page, uiRequests, errors, reported } = await open('/?case=idle');
    expect(uiRequests).toEqual([]);
    await page.evaluate(() => (window as any).lazyPage.instances[0].debug(true));
    await page.locator('[data-part=debug-panel]').waitFor();
    expect(uiRequests).toHaveLength(1);
    expect(await uiGlobal(page)).toBe('object');
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});


describe('where the UI file comes from', () => {
  it('data-ui-src on the core script tag names the URL', async () => {
    const { page, uiRequests, errors } = await open(`${await splitPage('ui-src', { core: { 'data-ui-src': '/dist/guidepost.ui.iife.js?via=data-ui-src' } })}?case=eligible`);
    await tooltip(page, 'save-tip').waitFor();
    expect(uiRequests).toEqual([url('/dist/guidepost.ui.iife.js?via=data-ui-src')]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a nonce-based CSP: the UI file gets the core script\'s nonce and runs', async () => {
    const { page, uiRequests, errors, reported } = await open(`${await splitPage('nonce', { nonce: 'bGF6eS1wYWdl' })}?case=eligible`);
    await tooltip(page, 'save-tip').waitFor();
    expect(uiRequests).toHaveLength(1);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]); // a CSP refusal would be a console error
    await page.context().close();
  });

  it('a UI file that cannot be loaded is reported; the host page keeps working', async () => {
    const { page, uiRequests, errors, reported } = await open(`${await splitPage('ui-missing', { core: { 'data-ui-src': '/missing/guidepost.ui.iife.js' } })}?case=eligible`);
    const missing = url('/missing/guidepost.ui.iife.js');
    expect(uiRequests).toEqual([missing]);
    const internal = (await reported()).filter((e) => e.code === 'internal');
    expect(internal).toHaveLength(1);
    // The decision beyond the screen comes from the UI file: the first thing that needs it reports it.
    expect(internal[0].message).toMatch(/decision code could not be loaded/);
    expect(internal[0].message).toContain(missing);
    expect(await tooltip(page, 'save-tip').count()).toBe(0);
    // explain() says so, rather than a reason it could not have decided.
    expect(await page.evaluate(() => (window as any).lazyPage.instances[0].explain('save-tip').reason)).toEqual({ code: 'deciding', failed: true });
    await page.click('#save');
    expect(await page.evaluate(() => (window as any).lazyPage.clicks)).toBe(1);
    // Later activity in the same page view neither asks again nor reports again, and leaves no script tags behind.
    await page.evaluate(() => {
      for (let i = 0; i < 5; i++) (window as any).lazyPage.instances[0].track(`clicked-${i}`);
    });
    // track() decides at once; a new load would be a request made before this marker's.
    await requestsReported(page);
    expect(uiRequests).toEqual([missing]);
    expect((await reported()).filter((e) => e.code === 'internal')).toHaveLength(1);
    expect(await page.locator('script[src*="guidepost.ui.iife.js"]').count()).toBe(0);
    // Only the browser's own note about the 404; nothing thrown into the page.
    expect(errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    await page.context().close();
  });
});


describe("the UI file's own tag on the page", () => {
  it('the core file uses it: no second request, no tag added, the surface shows', async () => {
    const { page, uiRequests, errors, reported } = await open(`${await splitPage('ui-tag', { scripts: ['/dist/guidepost.ui.iife.js'] })}?case=eligible`);
    await tooltip(page, 'save-tip').waitFor();
    await requestsReported(page);
    // The one request is the page's own tag.
    expect(uiRequests).toHaveLength(1);
    expect(await page.locator('script[src*="guidepost.ui.iife.js"]').count()).toBe(1);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the UI file borrows from the core file: both define what the other reads, for this version only', async () => {
    const { page, errors } = await open(`${await splitPage('ui-tag', { scripts: ['/dist/guidepost.ui.iife.js'] })}?case=eligible`);
    await tooltip(page, 'save-tip').waitFor();
    const lent = await page.evaluate(() => {
      const shared = (window as any).GuidepostShared as Record<string, unknown[]>;
      return { keys: Object.keys(shared), uiVersion: (window as any).GuidepostUI.version, defined: Object.values(shared).every((array) => array.every((value) => value !== undefined && value !== null)) };
    });
    // Three arrays (the core file's for the UI file, the UI file's for the debug tools' file and
    // for the widgets' file), each under this version and its build's list (no file waiting: no "?" key).
    const lentKey = expect.stringMatching(new RegExp(`^${lent.uiVersion.replace(/\./g, '\\.')}\\+[0-9a-z]+$`));
    expect(lent.keys).toEqual([lentKey, lentKey, lentKey]);
    expect(new Set(lent.keys).size).toBe(3);
    expect(lent.defined).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a UI tag before the core file's waits for it: no error, no second request, the surface shows", async () => {
    const { page, uiRequests, errors, reported } = await open(`${await splitPage('ui-tag-first', { scriptsBefore: ['/dist/guidepost.ui.iife.js'] })}?case=eligible`);
    await tooltip(page, 'save-tip').waitFor();
    await requestsReported(page);
    expect(uiRequests).toHaveLength(1);
    expect(await page.locator('script[src*="guidepost.ui.iife.js"]').count()).toBe(1);
    expect(errors).toEqual([]);
    expect(await reported()).toEqual([]);
    await page.context().close();
  });
});
