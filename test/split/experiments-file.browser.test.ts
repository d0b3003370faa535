/**
 * The two-file IIFE's experiments file and `$regex` guard file in a real browser:
 * dist/guidepost.core.iife.js adds dist/guidepost.experiments.iife.js only for a manifest with
 * experiments and dist/guidepost.regex.iife.js only for one that uses `$regex`, each before the
 * first decision and once per page; from `data-experiments-src` / `data-regex-src` when set; and
 * when one cannot be loaded, Guidepost says so, leaves out only what depends on it and the host
 * page keeps working. Pages: test/pages/lazy/ (test/support/split-pages.ts).
 */
import { describe, expect, it } from 'vitest';
import { experimentsGlobal, regexGlobal, requestsReported, splitPage, tooltip, useSplitPages } from '../support/split-pages';

const { open, url } = useSplitPages();

describe('the experiments\' and the $regex guard\'s files are loaded only when needed', () => {
  it('a manifest without experiments or $regex requests neither file', async () => {
    const { page, experimentsRequests, regexRequests, errors, reported } = await open('/?case=eligible');
    await tooltip(page, 'save-tip').waitFor();
    await requestsReported(page);
    expect(experimentsRequests).toEqual([]);
    expect(regexRequests).toEqual([]);
    expect(await experimentsGlobal(page)).toBe('undefined');
    expect(await regexGlobal(page)).toBe('undefined');
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a manifest with an experiment: the experiments\' file, once, and the forced arm\'s wording shows', async () => {
    const { page, experimentsRequests, regexRequests, errors, reported } = await open('/?case=experiment&guidepost_force=tip-wording:long');
    await tooltip(page, 'save-tip').waitFor();
    // Both show; the second waits for room beside the first (the layout arbiter), so it is attached, not yet visible.
    await tooltip(page, 'open-tip').waitFor({ state: 'attached' });
    await expect.poll(() => tooltip(page, 'save-tip').textContent()).toContain('at length');
    await requestsReported(page);
    expect(experimentsRequests).toEqual([url('/dist/guidepost.experiments.iife.js')]);
    expect(regexRequests).toEqual([]);
    expect(await experimentsGlobal(page)).toBe('object');
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('an experiments\' file that cannot be loaded: its items are left out with a clear error, the rest shows, the page keeps working', async () => {
    const path = await splitPage('experiments-missing', { core: { 'data-experiments-src': '/missing/guidepost.experiments.iife.js' } });
    const { page, experimentsRequests, errors, reported } = await open(`${path}?case=experiment`);
    const missing = url('/missing/guidepost.experiments.iife.js');
    await tooltip(page, 'open-tip').waitFor();
    expect(experimentsRequests).toEqual([missing]);
    const verdict = await page.evaluate(() => (window as any).lazyPage.instances[0].explain('save-tip'));
    // Left out of the manifest for this page view: no arm can be told apart.
    expect(verdict).toBeUndefined();
    expect(await tooltip(page, 'save-tip').count()).toBe(0);
    const messages = (await reported()).map((e) => e.message);
    expect(messages).toEqual([expect.stringMatching(/experiments code could not be loaded.*items of experiments are not shown/)]);
    expect(messages[0]).toContain(missing);
    await page.click('#save');
    expect(await page.evaluate(() => (window as any).lazyPage.clicks)).toBe(1);
    expect(errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('a manifest with $regex: the guard\'s file, once, and the condition holds', async () => {
    const { page, experimentsRequests, regexRequests, errors, reported } = await open('/?case=regex');
    await tooltip(page, 'save-tip').waitFor();
    // Both show; the second waits for room beside the first (the layout arbiter), so it is attached, not yet visible.
    await tooltip(page, 'open-tip').waitFor({ state: 'attached' });
    await requestsReported(page);
    expect(regexRequests).toEqual([url('/dist/guidepost.regex.iife.js')]);
    expect(experimentsRequests).toEqual([]);
    expect(await regexGlobal(page)).toBe('object');
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a guard\'s file that cannot be loaded: conditions with $regex do not hold, with a clear error; the rest shows', async () => {
    const path = await splitPage('regex-missing', { core: { 'data-regex-src': '/missing/guidepost.regex.iife.js' } });
    const { page, regexRequests, errors, reported } = await open(`${path}?case=regex`);
    const missing = url('/missing/guidepost.regex.iife.js');
    await tooltip(page, 'open-tip').waitFor();
    expect(regexRequests).toEqual([missing]);
    const verdict = await page.evaluate(() => (window as any).lazyPage.instances[0].explain('save-tip'));
    expect(verdict).toMatchObject({ itemId: 'save-tip', shown: false, reason: { code: 'condition', path: 'page.path' } });
    expect(await tooltip(page, 'save-tip').count()).toBe(0);
    const messages = (await reported()).map((e) => e.message);
    expect(messages).toEqual([expect.stringMatching(/\$regex guard could not be loaded/)]);
    expect(messages[0]).toContain(missing);
    expect(errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('two instances with experiments share one load of the experiments\' file', async () => {
    const { page, experimentsRequests, errors } = await open('/?case=experiment-twice');
    await tooltip(page, 'save-tip').first().waitFor();
    expect(experimentsRequests).toEqual([url('/dist/guidepost.experiments.iife.js')]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
