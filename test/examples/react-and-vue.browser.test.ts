/**
 * The React and Vue examples (examples/react, examples/vue) as a user gets them: built with
 * Vite's JS API against dist/ (the package as published), served on 127.0.0.1 and driven in
 * Chromium. Each shows help links that follow a route change and a tour that can be completed;
 * the React one runs in StrictMode, built for development (where StrictMode mounts twice).
 * 100 unmount/mount cycles of the provider (React) or the app (Vue) leave no surface, no
 * listener, no open IndexedDB connection and no history wrapper, and each item is exposed
 * once per session. The examples' src/test-hooks.ts exposes `window.example` for this.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import type { GuidepostEvent } from '../../src/index';
import { launchChromium, PROJECT_ROOT, serveForTest, watchPageErrors } from '../support/browser-harness';

interface Example {
  name: 'react' | 'vue';
  /** React's StrictMode double mount only happens in its development build. */
  mode: 'development' | 'production';
  dir?: string;
  server?: Awaited<ReturnType<typeof serveForTest>>;
}
const EXAMPLES: Example[] = [
  { name: 'react', mode: 'development' },
  { name: 'vue', mode: 'production' },
];
let browser: Browser;

beforeAll(async () => {
  // One after the other: the machine has two cores.
  for (const example of EXAMPLES) {
    example.dir = await mkdtemp(join(tmpdir(), `guidepost-example-${example.name}-`));
    await build({
      root: join(PROJECT_ROOT, 'examples', example.name),
      mode: example.mode,
      logLevel: 'warn',
      // Under vitest NODE_ENV is "test": say which build of React / Vue the example gets.
      define: { 'process.env.NODE_ENV': JSON.stringify(example.mode) },
      // React's development build is large; that warning is not news here.
      build: { outDir: example.dir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
    });
    example.server = await serveForTest(example.dir);
  }
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const example of EXAMPLES) {
    await example.server?.close();
    if (example.dir) await rm(example.dir, { recursive: true, force: true });
  }
});

/** Runs in the page before its scripts: counts IndexedDB connections opened and closed. */
function countConnections() {
  const counts = { opened: 0, closed: 0 };
  (window as any).__idb = counts;
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (this: IDBFactory, ...args: [string, number?]) {
    const request = open.apply(this, args);
    request.addEventListener('success', () => {
      counts.opened++;
      const db = request.result;
      const close = db.close;
      db.close = function (this: IDBDatabase) {
        counts.closed++;
        db.close = close;
        return close.call(this);
      };
    });
    return request;
  };
}

async function openExample(example: Example): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  await context.addInitScript(countConnections);
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(example.server!.url);
  return { context, page, errors };
}

// Playwright's CSS selectors pierce open shadow roots: these find surfaces inside Guidepost's hosts.
const helpLink = (page: Page, item: string) => page.locator(`[data-part=help-link][data-item=${item}]`);
const tourStep = (page: Page) => page.locator('[data-part=tour-step][data-item=welcome-tour]');
const events = (page: Page): Promise<GuidepostEvent[]> => page.evaluate(() => (window as any).example.events);

/** Exposures per session and item: each must be 1. */
async function exposureCounts(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const e of await events(page)) if (e.type === 'exposure') counts[`${e.session_id}|${e.item_id}`] = (counts[`${e.session_id}|${e.item_id}`] ?? 0) + 1;
  return counts;
}

/** Live JS event listeners after two forced garbage collections (Chromium's own counter). */
async function listenersNow(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSEventListeners')!.value;
}

/**
 * The page's JS event listeners once the count holds still between two idle periods: right after
 * the last cycle, work still in flight (an IndexedDB request holds three handlers until it
 * answers) would be counted as if it stayed.
 */
async function listeners(cdp: CDPSession, page: Page): Promise<number> {
  let last = await listenersNow(cdp);
  for (let i = 0; i < 20; i++) {
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 200 })));
    const now = await listenersNow(cdp);
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** Polls until the value matches: a positive signal, with room for a busy machine. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

/** Waits until every IndexedDB connection opened so far is closed: writes in flight finish first. */
async function connectionsClosed(page: Page) {
  await poll(() => page.evaluate(() => (window as any).__idb.opened - (window as any).__idb.closed)).toBe(0);
}

for (const example of EXAMPLES) describe(`examples/${example.name}`, () => {
  it('shows help links that follow a route change and a tour that can be completed', async () => {
    const { context, page, errors } = await openExample(example);
    await helpLink(page, 'projects-help').waitFor();
    if (example.name === 'react') {
      // StrictMode ran the mount effects twice, and the provider still handed out one instance.
      expect(await page.evaluate(() => (window as any).example.effectRuns)).toBe(2);
      expect(await page.evaluate(() => (window as any).example.instances)).toBe(1);
    }
    expect(await page.locator('guidepost-help, [data-guidepost-host=inline]').count()).toBe(1);
    expect(await helpLink(page, 'projects-help').getAttribute('aria-label')).toBe('Help: projects');
    expect(await helpLink(page, 'projects-help').getAttribute('href')).toBe('https://example.com/help/projects');

    // The tour: started from useTour().start(), its state follows explain().
    await poll(() => page.textContent('#tour-state')).toBe('waiting');
    await page.click('#take-tour');
    await tourStep(page).waitFor();
    await poll(() => page.textContent('#tour-state')).toBe('showing');
    await page.click('[data-part=tour-step] [data-action=next]');
    await page.locator('[data-part=tour-step][data-step="1"]').waitFor();
    await page.click('[data-part=tour-step] [data-action=done]');
    await poll(() => page.textContent('#tour-state')).toBe('done');
    expect(await tourStep(page).count()).toBe(0);
    expect((await events(page)).filter((e) => e.item_id === 'welcome-tour').map((e) => e.type)).toEqual(expect.arrayContaining(['exposure', 'completed']));

    // A route change (history.pushState): the reports page's help replaces the projects page's.
    await page.click('#nav-reports');
    await helpLink(page, 'reports-help').waitFor();
    expect(new URL(page.url()).pathname).toBe('/reports');
    expect(await helpLink(page, 'reports-help').getAttribute('aria-label')).toBe('Help: reading reports');
    await helpLink(page, 'projects-help').waitFor({ state: 'detached' });
    await page.click('#nav-projects');
    await helpLink(page, 'projects-help').waitFor();
    await helpLink(page, 'reports-help').waitFor({ state: 'detached' });

    const counts = await exposureCounts(page);
    expect(Object.keys(counts).map((key) => key.split('|')[1]).sort()).toEqual(['projects-help', 'reports-help', 'welcome-tour']);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('100 unmount/mount cycles leave no surface, listener, connection or history wrapper; one exposure per item', async () => {
    const { context, page, errors } = await openExample(example);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await helpLink(page, 'projects-help').waitFor();
    const cycles = (count: number) => page.evaluate((n) => (window as any).example.cycles(n), count);

    // Warm-up: compiled code, caches and the database's creation are paid once.
    await cycles(10);
    const warm = await listeners(cdp, page);
    await cycles(90);
    const after = await listeners(cdp, page);
    console.info(`examples/${example.name}: JS event listeners ${warm} after 10 cycles, ${after} after 100`);
    // The same listeners as after warm-up (±2 for the browser's own bookkeeping).
    expect(Math.abs(after - warm)).toBeLessThanOrEqual(2);

    await page.evaluate(() => (window as any).example.setMounted(false));
    await page.waitForFunction(() => !document.querySelector('[data-guidepost-host], guidepost-root, guidepost-help'));
    await connectionsClosed(page);
    expect(await page.evaluate(() => history.pushState === History.prototype.pushState && history.replaceState === History.prototype.replaceState)).toBe(true);
    // Nobody holds the progress database open: deleting it succeeds instead of being blocked.
    const deleted = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.deleteDatabase('guidepost');
          request.onsuccess = () => resolve('success');
          request.onerror = () => resolve('error');
          request.onblocked = () => resolve('blocked');
        }),
    );
    expect(deleted).toBe('success');
    // 101 instances in one session: the help link was exposed once.
    expect((await events(page)).filter((e) => e.type === 'exposure').map((e) => e.item_id)).toEqual(['projects-help']);
    expect(errors).toEqual([]);
    await context.close();
  });
});
