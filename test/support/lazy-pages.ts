/**
 * Pages for the lazy-chunk tests (test/ui/locales/index.browser.test.ts,
 * test/ui/widgets-lazy.browser.test.ts): a host page that loads Guidepost as an app without a
 * bundler would (the ESM build, dependencies from an import map served from node_modules) or as
 * one of the IIFE builds, with a manifest, locale and URL of the test's choice.
 * The page records what the tests assert on, from before Guidepost runs:
 *   - every label a tour step's Next button ever showed (`page.nextLabels`): a MutationObserver on
 *     every shadow root, attached when the root is created, reads it after each batch of changes,
 *     so an English first paint replaced by another language later would show as two labels;
 *   - the SDK's events (`type:item_id`) and errors (`code` and `message`).
 * Not a test file itself.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT, watchPageErrors, type DemoSession } from './browser-harness';

/** Where the ESM build's dependencies are in node_modules. */
const ESM_DEPENDENCIES: Record<string, string> = {
  preact: 'preact/dist/preact.mjs',
  'preact/hooks': 'preact/hooks/dist/hooks.mjs',
  'preact/jsx-runtime': 'preact/jsx-runtime/dist/jsxRuntime.mjs',
  '@floating-ui/dom': '@floating-ui/dom/dist/floating-ui.dom.mjs',
  '@floating-ui/core': '@floating-ui/core/dist/floating-ui.core.mjs',
  '@floating-ui/utils': '@floating-ui/utils/dist/floating-ui.utils.mjs',
  '@floating-ui/utils/dom': '@floating-ui/utils/dist/floating-ui.utils.dom.mjs',
  'idb-keyval': 'idb-keyval/dist/index.js',
  valibot: 'valibot/dist/index.mjs',
  '@growthbook/growthbook': '@growthbook/growthbook/dist/esm/index.mjs',
  'dom-mutator': 'dom-mutator/dist/dom-mutator.esm.js',
};

/** Runs before Guidepost: watches every shadow root from its creation for the Next button's label. */
const RECORDER = `
window.lazyPage = { nextLabels: [], events: [], errors: [] };
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attachShadow.call(this, init);
  new MutationObserver(() => {
    const next = root.querySelector('[data-action=next]');
    const labels = window.lazyPage.nextLabels;
    if (next && labels[labels.length - 1] !== next.textContent) labels.push(next.textContent);
  }).observe(root, { subtree: true, childList: true, characterData: true });
  return root;
};`;

const CREATE = (manifest: unknown, locale: string, create: string) => `
window.gp = ${create}({
  manifest: ${JSON.stringify(manifest)},
  storage: memoryStorage(),
  locale: ${JSON.stringify(locale)},
  onEvent: (e) => window.lazyPage.events.push(e.type + ':' + e.item_id + (e.counterfactual ? ':counterfactual' : '')),
  onError: (e) => window.lazyPage.errors.push({ code: e.code, message: e.message }),
});
window.gp.start();`;

/**
 * Serves the ESM build's dependencies to `page` from node_modules under /esm-deps/, as an app
 * without a bundler would host them; returns the import map's `imports` for them.
 */
export async function serveEsmDependencies(page: Page): Promise<Record<string, string>> {
  const modules = join(PROJECT_ROOT, 'node_modules');
  await page.route('**/esm-deps/**', async (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname.replace('/esm-deps/', ''));
    await route.fulfill({ contentType: 'text/javascript', body: await readFile(join(modules, path), 'utf8') });
  });
  return Object.fromEntries(Object.entries(ESM_DEPENDENCIES).map(([name, path]) => [name, `/esm-deps/${path}`]));
}

export type Build = 'esm' | 'guidepost.iife.js' | 'guidepost.core.iife.js';

export interface LazyPage {
  page: Page;
  context: BrowserContext;
  /** Paths under /dist/ the page requested, in order. */
  requests: string[];
  /** Page errors and console errors. */
  pageErrors: string[];
  nextLabels(): Promise<string[]>;
  events(): Promise<string[]>;
  errors(): Promise<{ code: string; message: string }[]>;
}

/**
 * Opens a page that runs Guidepost from `build` with `manifest` and `locale` at `/app.html<search>`.
 * `beforeLoad` may add routes (hold or fail a chunk) before the page loads.
 */
export async function openLazyPage(
  session: DemoSession,
  options: { build: Build; manifest: unknown; locale: string; search?: string; beforeLoad?: (page: Page) => Promise<unknown> },
): Promise<LazyPage> {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const pageErrors = watchPageErrors(page);
  const requests: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/dist/')) requests.push(path);
  });
  const imports = await serveEsmDependencies(page);
  const sdk =
    options.build === 'esm'
      ? `<script type="importmap">${JSON.stringify({ imports })}</script>
<script type="module">import { createGuidepost, memoryStorage } from '/dist/guidepost.js';${CREATE(options.manifest, options.locale, 'createGuidepost')}</script>`
      : `<script src="/dist/${options.build}"></script>
<script>const { memoryStorage } = Guidepost;${CREATE(options.manifest, options.locale, 'Guidepost.createGuidepost')}</script>`;
  await page.route('**/app.html*', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>Lazy chunks</title><script>${RECORDER}</script></head>
<body><main><h1 id="title">Projects</h1><button id="save">Save</button></main>${sdk}</body></html>`,
    }),
  );
  await options.beforeLoad?.(page);
  await page.goto(new URL(`/app.html${options.search ?? ''}`, session.server.url).href);
  const read = <T>(key: 'nextLabels' | 'events' | 'errors') => page.evaluate((k) => (window as any).lazyPage[k], key) as Promise<T>;
  return { page, context, requests, pageErrors, nextLabels: () => read('nextLabels'), events: () => read('events'), errors: () => read('errors') };
}

/**
 * Resolves once Playwright has reported a request the page makes now. Requests are reported in
 * the order the page makes them, so every earlier one (a chunk the page asked for) has been too.
 */
export async function requestsReported(page: Page): Promise<void> {
  const marker = `/?requests-reported=${Math.random().toString(36).slice(2)}`;
  const seen = page.waitForRequest((request) => request.url().endsWith(marker));
  await page.evaluate((marker) => void fetch(marker).catch(() => undefined), marker);
  await seen;
}

/** A three-step tour, centered (no targets), that starts on page view. */
export const TOUR = {
  id: 'welcome-tour',
  type: 'tour',
  steps: [
    { title: 'Welcome', body: 'First.' },
    { title: 'Projects', body: 'Second.' },
    { title: 'Done', body: 'Last.' },
  ],
};

/** A manifest of `items`. */
export const manifestOf = (items: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'lazy', items, ...extra });

/** The locale chunks of the ESM build. */
export const LOCALE_CHUNK = /^\/dist\/chunks\/(es|zh-CN|zh-TW|sk|ru|de|fr|ar|he)\.js$/;
export const WIDGETS_CHUNK = '/dist/chunks/widgets.js';
