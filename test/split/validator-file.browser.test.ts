/**
 * The two-file IIFE's validator in a real browser: dist/guidepost.core.iife.js adds
 * dist/guidepost.validator.iife.js only when a manifest that `guidepost build` did not compile
 * must be validated (and not the UI file, unless something must show); once per page; from
 * `data-validator-src` when set; under a nonce-based CSP; with Subresource Integrity; and when
 * it cannot be loaded, or is another version's, the manifest is refused with a clear error and
 * the host page keeps working. Pages: test/pages/lazy/ (test/support/split-pages.ts).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/browser-harness';
import { requestsReported, splitPage, tooltip, uiGlobal, useSplitPages, validatorGlobal } from '../support/split-pages';

const { open, url } = useSplitPages();

describe('the validator\'s file is loaded only when needed', () => {
  it('source manifest with nothing eligible: the validator\'s file, not the UI file', async () => {
    const { page, uiRequests, validatorRequests, errors, reported } = await open('/?case=idle-source');
    const verdict = await page.evaluate(() => (window as any).lazyPage.instances[0].explain('elsewhere-tip'));
    expect(verdict).toMatchObject({ itemId: 'elsewhere-tip', shown: false, reason: { code: 'condition', path: 'page.path' } });
    await requestsReported(page);
    expect(validatorRequests).toEqual([url('/dist/guidepost.validator.iife.js')]);
    expect(await validatorGlobal(page)).toBe('object');
    expect(uiRequests).toEqual([]);
    expect(await uiGlobal(page)).toBe('undefined');
    expect(await page.locator('guidepost-root').count()).toBe(0);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('two instances with source manifests share one load of the validator\'s file', async () => {
    const { page, validatorRequests, errors, reported } = await open('/?case=twice-source');
    await tooltip(page, 'save-tip').waitFor();
    await tooltip(page, 'open-tip').waitFor();
    expect(validatorRequests).toHaveLength(1);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('one that cannot be loaded (data-validator-src): the manifest is refused with a clear error; the host page keeps working', async () => {
    const { page, validatorRequests, uiRequests, errors, reported } = await open(`${await splitPage('validator-missing', { core: { 'data-validator-src': '/missing/guidepost.validator.iife.js' } })}?case=invalid`);
    const missing = url('/missing/guidepost.validator.iife.js');
    expect(validatorRequests).toEqual([missing]);
    const manifestErrors = (await reported()).filter((e) => e.code === 'manifest');
    expect(manifestErrors).toHaveLength(1);
    expect(manifestErrors[0].message).toMatch(/validator could not be loaded/);
    expect(manifestErrors[0].message).toContain(missing);
    expect(manifestErrors[0].message).toContain('guidepost build');
    // Nothing is shown from a manifest nobody checked, and the UI file is not fetched for it
    // (every request the page made up to now has been reported).
    await requestsReported(page);
    expect(uiRequests).toEqual([]);
    expect(await tooltip(page, 'save-tip').count()).toBe(0);
    await page.click('#save');
    expect(await page.evaluate(() => (window as any).lazyPage.clicks)).toBe(1);
    expect(errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    await page.context().close();
  });
});

/** A page whose core script tag gives Subresource Integrity hashes for the files it adds. */
const integrityPage = (name: string, hashes: { ui: string; validator: string }) =>
  splitPage(name, { core: { 'data-ui-integrity': hashes.ui, 'data-validator-integrity': hashes.validator } });

const sha384 = async (file: string) => `sha384-${createHash('sha384').update(await readFile(join(PROJECT_ROOT, 'dist', file))).digest('base64')}`;
const WRONG_HASH = `sha384-${createHash('sha384').update('not the file').digest('base64')}`;


describe('Subresource Integrity for the files the core file adds', () => {
  it('with the right hashes, the validator\'s file and the UI file load and run', async () => {
    const path = await integrityPage('integrity-ok', { ui: await sha384('guidepost.ui.iife.js'), validator: await sha384('guidepost.validator.iife.js') });
    const { page, uiRequests, validatorRequests, errors, reported } = await open(`${path}?case=invalid`);
    await tooltip(page, 'save-tip').waitFor();
    expect(validatorRequests).toHaveLength(1);
    expect(uiRequests).toHaveLength(1);
    expect(await page.locator('script[integrity]').count()).toBe(2);
    expect((await reported()).filter((e) => e.code !== 'manifest')).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a validator\'s file that does not match its hash is refused: the manifest is not used, reported; the page keeps working', async () => {
    const path = await integrityPage('integrity-bad-validator', { ui: await sha384('guidepost.ui.iife.js'), validator: WRONG_HASH });
    const { page, uiRequests, errors, reported } = await open(`${path}?case=invalid`);
    const manifestErrors = (await reported()).filter((e) => e.code === 'manifest');
    expect(manifestErrors).toHaveLength(1);
    expect(manifestErrors[0].message).toMatch(/validator could not be loaded/);
    expect(await page.evaluate(() => typeof (window as any).GuidepostValidator)).toBe('undefined');
    await requestsReported(page);
    expect(uiRequests).toEqual([]);
    await page.click('#save');
    expect(await page.evaluate(() => (window as any).lazyPage.clicks)).toBe(1);
    // Only the browser's own note about the refused file.
    expect(errors.filter((e) => !/integrity/i.test(e))).toEqual([]);
    await page.context().close();
  });
});


describe("the validator's file, where it comes from and which one", () => {
  it('data-validator-src on the core script tag names the URL', async () => {
    const { page, validatorRequests, errors, reported } = await open(`${await splitPage('validator-src', { core: { 'data-validator-src': '/dist/guidepost.validator.iife.js?via=data-validator-src' } })}?case=invalid`);
    await tooltip(page, 'save-tip').waitFor();
    expect(validatorRequests).toEqual([url('/dist/guidepost.validator.iife.js?via=data-validator-src')]);
    expect((await reported()).filter((e) => e.code !== 'manifest')).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a nonce-based CSP: the validator's file gets the core script's nonce and runs", async () => {
    const { page, validatorRequests, errors, reported } = await open(`${await splitPage('nonce', { nonce: 'bGF6eS1wYWdl' })}?case=invalid`);
    await tooltip(page, 'save-tip').waitFor();
    expect(validatorRequests).toHaveLength(1);
    expect((await reported()).filter((e) => e.code !== 'manifest')).toEqual([]);
    expect(errors).toEqual([]); // a CSP refusal would be a console error
    await page.context().close();
  });

  it("Trusted Types enforced for scripts: the validator's file comes through Guidepost's own policy, and runs", async () => {
    const { page, validatorRequests, errors, reported } = await open(`${await splitPage('trusted-types', { trustedTypes: 'guidepost' })}?case=invalid`);
    await tooltip(page, 'save-tip').waitFor();
    expect(validatorRequests).toHaveLength(1);
    expect((await reported()).filter((e) => e.code !== 'manifest')).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a file that defines the validator for another Guidepost version is refused, saying so', async () => {
    const { page, errors, reported } = await open(`${await splitPage('validator-old', { core: { 'data-validator-src': '/old-validator.js' } })}?case=invalid`);
    const manifestErrors = (await reported()).filter((e) => e.code === 'manifest');
    expect(manifestErrors).toHaveLength(1);
    expect(manifestErrors[0].message).toMatch(/validator could not be loaded \(.*old-validator\.js did not define GuidepostValidator for Guidepost .*: is it guidepost\.validator\.iife\.js of the same version\?\)/);
    expect(await tooltip(page, 'save-tip').count()).toBe(0);
    // The refused file's tag is gone; the host page keeps working.
    expect(await page.locator('script[src*="old-validator.js"]').count()).toBe(0);
    await page.click('#save');
    expect(await page.evaluate(() => (window as any).lazyPage.clicks)).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
