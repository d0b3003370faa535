/**
 * The two-file IIFE's test pages (test/pages/lazy/, `?case=` picks the manifests: see lazy.js;
 * they come from manifests.json): a Chromium and a server for them, each manifest written as
 * written and as `guidepost build` compiles it, and a page opener that records the requests for
 * the UI file, the validator's, the debug tools', the experiments' and the `$regex` guard's files. Used by the tests in test/split/.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { stampManifest } from '../../src/manifest/compiled';
import { validateManifest } from '../../src/manifest/validate';
import { SDK_VERSION } from '../../src/version';
import { PROJECT_ROOT, useChromiumAndServer, watchPageErrors } from './browser-harness';

export const SPLIT_PAGES = join(PROJECT_ROOT, 'test/pages/lazy');

export interface OpenedSplitPage {
  page: Page;
  /** Every request for the UI file, as full URLs. */
  uiRequests: string[];
  /** Every request for the validator's file, as full URLs. */
  validatorRequests: string[];
  /** Every request for the debug tools' file, as full URLs. */
  debugRequests: string[];
  /** Every request for the experiments' file, as full URLs. */
  experimentsRequests: string[];
  /** Every request for the `$regex` guard's file, as full URLs. */
  regexRequests: string[];
  /** Every request for the file of validated manifests kept from earlier page views, as full URLs. */
  checkedRequests: string[];
  /** Page errors and console errors (see browser-harness.ts). */
  errors: string[];
  /** What the page's onError received. */
  reported: () => Promise<{ code: string; message: string }[]>;
}

/** Call at a test file's top level: registers the browser, the server and the manifests. */
export function useSplitPages() {
  const session = useChromiumAndServer(SPLIT_PAGES);

  // The page fetches each manifest as written and as `guidepost build` compiles it (validated, stamped).
  beforeAll(async () => {
    const manifests = JSON.parse(await readFile(join(SPLIT_PAGES, 'manifests.json'), 'utf8')) as Record<string, unknown>;
    for (const kind of ['source', 'compiled']) await mkdir(join(SPLIT_PAGES, 'generated', kind), { recursive: true });
    for (const [name, manifest] of Object.entries(manifests)) {
      await writeFile(join(SPLIT_PAGES, 'generated/source', `${name}.json`), JSON.stringify(manifest));
      const { manifest: valid } = validateManifest(manifest);
      if (valid) await writeFile(join(SPLIT_PAGES, 'generated/compiled', `${name}.json`), JSON.stringify(stampManifest(valid, SDK_VERSION)));
    }
  });

  /**
   * Opens `path` in a fresh context (or in `context`: another page view of the same browser
   * profile) and waits until every instance's start() resolved.
   */
  async function open(path: string, { context = undefined as BrowserContext | undefined } = {}): Promise<OpenedSplitPage> {
    context ??= await session.browser.newContext();
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const uiRequests: string[] = [];
    const validatorRequests: string[] = [];
    const debugRequests: string[] = [];
    const experimentsRequests: string[] = [];
    const regexRequests: string[] = [];
    const checkedRequests: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.endsWith('guidepost.ui.iife.js')) uiRequests.push(request.url());
      if (pathname.endsWith('guidepost.validator.iife.js')) validatorRequests.push(request.url());
      if (pathname.endsWith('guidepost.debug.iife.js')) debugRequests.push(request.url());
      if (pathname.endsWith('guidepost.experiments.iife.js')) experimentsRequests.push(request.url());
      if (pathname.endsWith('guidepost.regex.iife.js')) regexRequests.push(request.url());
      if (pathname.endsWith('guidepost.checked.iife.js')) checkedRequests.push(request.url());
    });
    await page.goto(new URL(path, session.server.url).href);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    return { page, uiRequests, validatorRequests, debugRequests, experimentsRequests, regexRequests, checkedRequests, errors, reported: () => page.evaluate(() => (window as any).lazyPage.errors) };
  }

  /** A URL on the pages' server. */
  const url = (path: string) => new URL(path, session.server.url).href;

  return { open, url };
}

/**
 * Resolves once Playwright has reported a request the page makes now. Requests are reported in
 * the order the page makes them, so every earlier request (a file the page asked for) has been
 * reported too. The marker fetches the page itself (a 404 would be a console error).
 */
export async function requestsReported(page: Page): Promise<void> {
  const marker = `/?requests-reported=${Math.random().toString(36).slice(2)}`;
  const seen = page.waitForRequest((request) => request.url().endsWith(marker));
  await page.evaluate((marker) => void fetch(marker).catch(() => undefined), marker);
  await seen;
}

/** What sets a test page apart from the plain one (index.html): the core script tag's attributes, a nonce-based policy, more tags. */
export interface SplitPageOptions {
  /** Attributes of the core file's script tag: `data-ui-src`, `data-validator-integrity`, ... */
  core?: Record<string, string>;
  /** A nonce-based Content-Security-Policy: only scripts that carry it run. */
  nonce?: string;
  /** Trusted Types enforced for scripts, with these policy names allowed (`trusted-types …`). */
  trustedTypes?: string;
  /** Script files the page loads itself, after the core file (the UI file's own tag). */
  scripts?: string[];
  /** Script files the page loads itself before the core file (a tag in the wrong order). */
  scriptsBefore?: string[];
}

/**
 * Writes a variant of the plain test page (index.html: the demo's strict policy, the core file,
 * lazy.js) under generated/ and returns its path, for `open(path + '?case=...')`.
 */
export async function splitPage(name: string, options: SplitPageOptions = {}): Promise<string> {
  const nonce = options.nonce ? ` nonce="${options.nonce}"` : '';
  const scriptSrc = options.nonce ? `'nonce-${options.nonce}'` : "'self'";
  const core = Object.entries(options.core ?? {}).map(([name, value]) => ` ${name}="${value}"`).join('');
  const trusted = options.trustedTypes ? `; require-trusted-types-for 'script'; trusted-types ${options.trustedTypes}` : '';
  const tag = (src: string) => `<script src="${src}"${nonce} defer></script>`;
  const tags = [...(options.scriptsBefore ?? []).map(tag), `<script src="/dist/guidepost.core.iife.js"${core}${nonce} defer></script>`, ...(options.scripts ?? []).map(tag), tag('/lazy.js')];
  const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src ${scriptSrc}; style-src 'self'; img-src 'self' data:; connect-src 'self'${trusted}">
  <title>Guidepost lazy-loading test page: ${name}</title>
  ${tags.join('\n  ')}
</head>
<body>
  <h1>Lazy loading</h1>
  <button id="save" type="button">Save</button>
  <button id="open" type="button">Open</button>
</body>
</html>
`;
  await mkdir(join(SPLIT_PAGES, 'generated'), { recursive: true });
  await writeFile(join(SPLIT_PAGES, 'generated', `${name}.html`), page);
  return `/generated/${name}.html`;
}

export const tooltip = (page: Page, id: string) => page.locator(`[data-part=tooltip][data-item=${id}]`);
export const uiGlobal = (page: Page) => page.evaluate(() => typeof (window as any).GuidepostUI);
export const validatorGlobal = (page: Page) => page.evaluate(() => typeof (window as any).GuidepostValidator);
export const debugGlobal = (page: Page) => page.evaluate(() => typeof (window as any).GuidepostDebug);
export const experimentsGlobal = (page: Page) => page.evaluate(() => typeof (window as any).GuidepostExperiments);
export const regexGlobal = (page: Page) => page.evaluate(() => typeof (window as any).GuidepostRegex);
