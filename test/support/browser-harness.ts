/**
 * Shared set-up for the real-browser tests: Debian's Chromium driven by playwright-core,
 * against the demo (or test pages) served by `guidepost serve` on 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/cli/serve';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium binary: $CHROMIUM_PATH, else Debian's. Fails loudly, never skips. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. Install it with "apt-get update && apt-get install -y chromium" ' +
        '(Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return found;
}

// Flags that keep headless Chromium quiet and offline on a CI machine with no network.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
}

export const PROJECT_ROOT = resolve(__dirname, '../..');

/** Serves `root` (default: the demo) with the built SDK and a collector writing to a fresh temp folder. */
export async function serveForTest(root = join(PROJECT_ROOT, 'demo')): Promise<RunningServer & { dataDir: string }> {
  if (!existsSync(join(PROJECT_ROOT, 'dist/guidepost.iife.js'))) throw new Error('dist/ is missing: run "npm run build" before the browser tests (npm test does)');
  const dataDir = await mkdtemp(join(tmpdir(), 'guidepost-test-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', root, dataDir });
  return { ...server, dataDir };
}

/** Collects page errors and console errors so a test can assert the page stayed healthy. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * A value of Guidepost's own storage (database "guidepost", store "kv"), read in the page with
 * IndexedDB directly; undefined when it is not there or the database cannot be read.
 */
export function storedValue<T>(page: Page, key: string): Promise<T | undefined> {
  return page.evaluate(
    (key) =>
      new Promise<unknown>((resolve) => {
        const open = indexedDB.open('guidepost');
        open.onerror = () => resolve(undefined);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('kv')) return db.close(), resolve(undefined);
          const get = db.transaction('kv', 'readonly').objectStore('kv').get(key);
          get.onsuccess = () => (db.close(), resolve(get.result));
          get.onerror = () => (db.close(), resolve(undefined));
        };
      }),
    key,
  ) as Promise<T | undefined>;
}

export interface DemoSession {
  browser: Browser;
  server: Awaited<ReturnType<typeof serveForTest>>;
}

/**
 * One Chromium and one server (the demo, or `root`) for a whole test file, closed after it.
 * Read `session.browser` and `session.server` inside tests (they are set in beforeAll).
 */
export function useChromiumAndServer(root?: string): DemoSession {
  const session = {} as DemoSession;
  beforeAll(async () => {
    session.server = await serveForTest(root);
    session.browser = await launchChromium();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

/**
 * Bundles `entry` (source importing from the project's src/) into one classic script for a test
 * page: the browser tests that need the code as it is now, not as dist/ was last built.
 */
export async function bundleForPage(entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({ stdin: { contents: entry, resolveDir: PROJECT_ROOT, loader: 'ts' }, bundle: true, format: 'iife', write: false, jsx: 'automatic', jsxImportSource: 'preact', logLevel: 'silent' });
  return result.outputFiles[0].text;
}

/** An entry for `bundleForPage` that puts the SDK as it is in src/ on `window.Guidepost`. */
export const SDK_FROM_SOURCE = `import { createGuidepost } from ${JSON.stringify(`${PROJECT_ROOT}/src/index.ts`)}; window.Guidepost = { createGuidepost };`;

/**
 * One Chromium and `entry` bundled (bundleForPage) for a whole test file, closed after it. Read
 * `session.browser` and `session.code` inside tests (they are set in beforeAll).
 */
export function useChromiumWithBundle(entry: string): { browser: Browser; code: string } {
  const session = {} as { browser: Browser; code: string };
  beforeAll(async () => {
    session.code = await bundleForPage(entry);
    session.browser = await launchChromium();
  });
  afterAll(async () => {
    await session.browser?.close();
  });
  return session;
}

/** The origin of pages that `openPageWithScript` answers itself, with no server. */
export const ROUTED_ORIGIN = 'http://guidepost.test';

/**
 * A fresh context and page at `ROUTED_ORIGIN`/ whose answer is `html`, with `script` served as
 * /code.js (a bundle from `bundleForPage`). Close it with `page.context().close()`.
 */
export async function openPageWithScript(browser: Browser, html: string, script: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  await context.route(`${ROUTED_ORIGIN}/**`, (route) =>
    new URL(route.request().url()).pathname === '/code.js' ? route.fulfill({ contentType: 'text/javascript', body: script }) : route.fulfill({ contentType: 'text/html', body: html }),
  );
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${ROUTED_ORIGIN}/`);
  return { page, errors };
}
