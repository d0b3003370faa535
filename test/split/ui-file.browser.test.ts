/**
 * The two-file IIFE in a real browser: dist/guidepost.core.iife.js adds
 * dist/guidepost.ui.iife.js to the page only when something must render or the debug panel
 * opens, and dist/guidepost.validator.iife.js only when a source (uncompiled) manifest must be
 * validated; once per page whatever the number of instances; from `data-ui-src` /
 * `data-validator-src` when set; under a nonce-based CSP; and when one cannot be loaded,
 * Guidepost reports it and the host page keeps working.
 * Pages: test/pages/lazy/ (`?case=` picks the manifests, see lazy.js; they come from manifests.json).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { stampManifest } from '../../src/manifest/compiled';
import { validateManifest } from '../../src/manifest/validate';
import { SDK_VERSION } from '../../src/version';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { PROJECT_ROOT, useChromiumAndServer, watchPageErrors } from '../support/browser-harness';

const PAGES = join(PROJECT_ROOT, 'test/pages/lazy');
const session = useChromiumAndServer(PAGES);

// The page fetches each manifest as written and as `guidepost build` compiles it (validated, stamped).
beforeAll(async () => {
  const manifests = JSON.parse(await readFile(join(PAGES, 'manifests.json'), 'utf8')) as Record<string, unknown>;
  for (const kind of ['source', 'compiled']) await mkdir(join(PAGES, 'generated', kind), { recursive: true });
  for (const [name, manifest] of Object.entries(manifests)) {
    await writeFile(join(PAGES, 'generated/source', `${name}.json`), JSON.stringify(manifest));
    const { manifest: valid } = validateManifest(manifest);
    if (valid) await writeFile(join(PAGES, 'generated/compiled', `${name}.json`), JSON.stringify(stampManifest(valid, SDK_VERSION)));
  }
});

interface Opened {
  page: Page;
  /** Every request for the UI file, as full URLs. */
  uiRequests: string[];
  /** Every request for the validator's file, as full URLs. */
  validatorRequests: string[];
  /** Page errors and console errors (see support/browser-harness.ts). */
  errors: string[];
  /** What the page's onError received. */
  reported: () => Promise<{ code: string; message: string }[]>;
}

/** Opens `path` in a fresh context and waits until every instance's start() resolved. */
async function open(path: string): Promise<Opened> {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const uiRequests: string[] = [];
  const validatorRequests: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.endsWith('guidepost.ui.iife.js')) uiRequests.push(request.url());
    if (pathname.endsWith('guidepost.validator.iife.js')) validatorRequests.push(request.url());
  });
  await page.goto(new URL(path, session.server.url).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return { page, uiRequests, validatorRequests, errors, reported: () => page.evaluate(() => (window as any).lazyPage.errors) };
}

/**
 * Resolves once Playwright has reported a request the page makes now. Requests are reported in
 * the order the page makes them, so every earlier request (a UI file the page asked for) has
 * been reported too. The marker fetches the page itself (a 404 would be a console error).
 */
async function requestsReported(page: Page): Promise<void> {
  const marker = `/?requests-reported=${Math.random().toString(36).slice(2)}`;
  const seen = page.waitForRequest((request) => request.url().endsWith(marker));
  await page.evaluate((marker) => void fetch(marker).catch(() => undefined), marker);
  await seen;
}

const tooltip = (page: Page, id: string) => page.locator(`[data-part=tooltip][data-item=${id}]`);
const uiGlobal = (page: Page) => page.evaluate(() => typeof (window as any).GuidepostUI);
const validatorGlobal = (page: Page) => page.evaluate(() => typeof (window as any).GuidepostValidator);

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

  it('source manifest with nothing eligible: the validator\'s file, not the UI file', async () => {
    const { page, uiRequests, validatorRequests, errors, reported } = await open('/?case=idle-source');
    const verdict = await page.evaluate(() => (window as any).lazyPage.instances[0].explain('elsewhere-tip'));
    expect(verdict).toMatchObject({ itemId: 'elsewhere-tip', shown: false, reason: { code: 'condition', path: 'page.path' } });
    await requestsReported(page);
    expect(validatorRequests).toEqual([new URL('/dist/guidepost.validator.iife.js', session.server.url).href]);
    expect(await validatorGlobal(page)).toBe('object');
    expect(uiRequests).toEqual([]);
    expect(await uiGlobal(page)).toBe('undefined');
    expect(await page.locator('guidepost-root').count()).toBe(0);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('source manifest with an invalid item: the validator\'s file reports it, the UI file shows the valid one', async () => {
    const { page, uiRequests, validatorRequests, errors, reported } = await open('/?case=invalid');
    await tooltip(page, 'save-tip').waitFor();
    expect(await tooltip(page, 'bad-tip').count()).toBe(0);
    expect(validatorRequests).toEqual([new URL('/dist/guidepost.validator.iife.js', session.server.url).href]);
    expect(uiRequests).toEqual([new URL('/dist/guidepost.ui.iife.js', session.server.url).href]);
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

  it('two instances with source manifests share one load of the validator\'s file', async () => {
    const { page, validatorRequests, errors, reported } = await open('/?case=twice-source');
    await tooltip(page, 'save-tip').waitFor();
    await tooltip(page, 'open-tip').waitFor();
    expect(validatorRequests).toHaveLength(1);
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
    const { page, uiRequests, errors } = await open('/ui-src.html?case=eligible');
    await tooltip(page, 'save-tip').waitFor();
    expect(uiRequests).toEqual([new URL('/dist/guidepost.ui.iife.js?via=data-ui-src', session.server.url).href]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a nonce-based CSP: the UI file gets the core script\'s nonce and runs', async () => {
    const { page, uiRequests, errors, reported } = await open('/nonce.html?case=eligible');
    await tooltip(page, 'save-tip').waitFor();
    expect(uiRequests).toHaveLength(1);
    expect(await reported()).toEqual([]);
    expect(errors).toEqual([]); // a CSP refusal would be a console error
    await page.context().close();
  });

  it('a UI file that cannot be loaded is reported; the host page keeps working', async () => {
    const { page, uiRequests, errors, reported } = await open('/ui-missing.html?case=eligible');
    const missing = new URL('/missing/guidepost.ui.iife.js', session.server.url).href;
    expect(uiRequests).toEqual([missing]);
    const internal = (await reported()).filter((e) => e.code === 'internal');
    expect(internal).toHaveLength(1);
    expect(internal[0].message).toMatch(/UI could not be loaded/);
    expect(internal[0].message).toContain(missing);
    expect(await tooltip(page, 'save-tip').count()).toBe(0);
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

describe('the validator\'s file', () => {
  it('one that cannot be loaded (data-validator-src): the manifest is refused with a clear error; the host page keeps working', async () => {
    const { page, validatorRequests, uiRequests, errors, reported } = await open('/validator-missing.html?case=invalid');
    const missing = new URL('/missing/guidepost.validator.iife.js', session.server.url).href;
    expect(validatorRequests).toEqual([missing]);
    const manifestErrors = (await reported()).filter((e) => e.code === 'manifest');
    expect(manifestErrors).toHaveLength(1);
    expect(manifestErrors[0].message).toMatch(/validator could not be loaded/);
    expect(manifestErrors[0].message).toContain(missing);
    expect(manifestErrors[0].message).toContain('guidepost build');
    // Nothing is shown from a manifest nobody checked, and the UI file is not fetched for it.
    expect(uiRequests).toEqual([]);
    expect(await tooltip(page, 'save-tip').count()).toBe(0);
    await page.click('#save');
    expect(await page.evaluate(() => (window as any).lazyPage.clicks)).toBe(1);
    expect(errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
    await page.context().close();
  });
});

/** A page whose core script tag gives Subresource Integrity hashes for the files it adds (written under generated/). */
async function integrityPage(name: string, hashes: { ui: string; validator: string }): Promise<string> {
  const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <title>Guidepost lazy-loading test page: ${name}</title>
  <script src="/dist/guidepost.core.iife.js" data-ui-integrity="${hashes.ui}" data-validator-integrity="${hashes.validator}" defer></script>
  <script src="/lazy.js" defer></script>
</head>
<body>
  <h1>Lazy loading</h1>
  <button id="save" type="button">Save</button>
  <button id="open" type="button">Open</button>
</body>
</html>
`;
  await writeFile(join(PAGES, 'generated', `${name}.html`), page);
  return `/generated/${name}.html`;
}

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
    expect(uiRequests).toEqual([]);
    await page.click('#save');
    expect(await page.evaluate(() => (window as any).lazyPage.clicks)).toBe(1);
    // Only the browser's own note about the refused file.
    expect(errors.filter((e) => !/integrity/i.test(e))).toEqual([]);
    await page.context().close();
  });
});
