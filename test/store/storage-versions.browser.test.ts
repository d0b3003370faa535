/**
 * Storage left by something else, in real Chromium: a "guidepost" database without its "kv"
 * store and a "guidepost-outbox" database without "meta" (repaired by an upgrade, nothing
 * reported, progress and events stored again), an upgrade blocked by a connection another tab
 * keeps open (start() goes on in memory, reported once, saying why), and a progress record of
 * a newer schema (read, never written over, reported once). Every wait is for a signal.
 * Page: test/pages/lifecycle/ (see lifecycle.js).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT, storedValue, useChromiumAndServer, watchPageErrors } from '../support/browser-harness';

const session = useChromiumAndServer(join(PROJECT_ROOT, 'test/pages/lifecycle'));

interface Reported {
  code: string;
  message: string;
}

/** Makes database `name` at `version` with `stores` in the page; `put` values go to its first store. Kept open when `keepOpen`. */
const makeDb = (page: Page, name: string, version: number, stores: string[], put: Record<string, unknown> = {}, keepOpen = false) =>
  page.evaluate(
    ({ name, version, stores, put, keepOpen }) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, version);
        request.onupgradeneeded = () => {
          stores.forEach((store) => request.result.createObjectStore(store));
          for (const [key, value] of Object.entries(put)) request.transaction!.objectStore(stores[0]).put(value, key);
        };
        request.onsuccess = () => {
          if (keepOpen) (window as any).__held = request.result;
          else request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
    { name, version, stores, put, keepOpen },
  );

/** The version and store names of database `name` (and the value "mine" of its store "other", if any). */
const dbShape = (page: Page, name: string) =>
  page.evaluate(
    (name) =>
      new Promise<{ version: number; stores: string[]; mine?: unknown }>((resolve) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => {
          const db = request.result;
          const shape = { version: db.version, stores: Array.from(db.objectStoreNames).sort() };
          if (!db.objectStoreNames.contains('other')) return db.close(), resolve(shape);
          const get = db.transaction('other').objectStore('other').get('mine');
          get.onsuccess = () => (db.close(), resolve({ ...shape, mine: get.result }));
        };
      }),
    name,
  );

/** Opens the page, lets `prepare` shape its storage, then creates an instance and waits for start(). */
async function startAfter(context: BrowserContext, query: string, prepare: (page: Page) => Promise<void>) {
  const page = await context.newPage();
  const pageErrors = watchPageErrors(page);
  await page.goto(new URL(query, session.server.url).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await prepare(page);
  await page.evaluate(() => (window as any).lifecycle.create().start());
  return { page, pageErrors, reported: (): Promise<Reported[]> => page.evaluate(() => (window as any).lifecycle.errors) };
}

const banner = (page: Page) => page.locator('[data-part=banner][data-item=hello-banner]');
type Stored = { schema?: number; state?: { items?: Record<string, { status?: string }> } };
const storedStatus = async (page: Page) => (await storedValue<Stored>(page, 'progress:u_lifecycle'))?.state?.items?.['hello-banner']?.status;

describe('databases without the stores this version needs', () => {
  it('"guidepost" without "kv" and "guidepost-outbox" without "meta" are upgraded: progress and events are stored again, the other stores kept, nothing reported', async () => {
    const context = await session.browser.newContext();
    const first = await startAfter(context, '', async (page) => {
      await makeDb(page, 'guidepost', 1, ['other'], { mine: 'kept' });
      await makeDb(page, 'guidepost-outbox', 1, ['events']);
    });
    await banner(first.page).locator('[data-part=close]').click();
    await expect.poll(() => storedStatus(first.page)).toBe('dismissed');
    await first.page.evaluate(() => (window as any).lifecycle.gp.track('checked'));
    expect(await first.page.evaluate(() => (window as any).lifecycle.gp.flushBeforeNavigation(30_000))).toBe(true);
    expect(await dbShape(first.page, 'guidepost')).toEqual({ version: 2, stores: ['kv', 'other'], mine: 'kept' });
    expect(await dbShape(first.page, 'guidepost-outbox')).toEqual({ version: 2, stores: ['events', 'meta'] });
    expect(await first.reported()).toEqual([]);
    await first.page.close();

    const next = await startAfter(context, '', async () => undefined);
    expect(await next.page.evaluate(() => (window as any).lifecycle.gp.explain('hello-banner'))).toMatchObject({ shown: false, reason: { code: 'dismissed' } });
    expect(await next.reported()).toEqual([]);
    expect([...first.pageErrors, ...next.pageErrors]).toEqual([]);
    await context.close();
  });

  it('an upgrade another tab blocks (its connection does not close): start() goes on in memory, help shows, reported once, saying why', async () => {
    const context = await session.browser.newContext();
    const holder = await context.newPage();
    await holder.goto(session.server.url);
    await makeDb(holder, 'guidepost', 1, ['other'], {}, true);
    const { page, pageErrors, reported } = await startAfter(context, '?endpoint=0&timeout=500', async () => undefined);
    await banner(page).waitFor();
    await expect.poll(async () => (await reported()).length).toBe(1);
    expect((await reported())[0]).toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/keeping progress in memory.*TimeoutError.*"guidepost" did not answer within 500 ms: its upgrade waits for another tab to close it/),
    });
    await banner(page).locator('[data-part=close]').click();
    await expect.poll(() => banner(page).count()).toBe(0);
    expect(await reported()).toHaveLength(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('a progress record of a newer schema', () => {
  it('is read for what this version understands, never written over, and reported once', async () => {
    const context = await session.browser.newContext();
    const record = { schema: 2, state: { items: { 'hello-banner': { version: 1, status: 'dismissed', timesSeen: 1, dismissedAt: 1 } }, added: { keep: 'me' } } };
    const { page, pageErrors, reported } = await startAfter(context, '?endpoint=0', (page) => makeDb(page, 'guidepost', 1, ['kv'], { 'progress:u_lifecycle': record }));
    expect(await page.evaluate(() => (window as any).lifecycle.gp.explain('hello-banner'))).toMatchObject({ shown: false, reason: { code: 'dismissed' } });
    // A change on this page (a tour step seen) is kept in memory; the newer record stays as it was.
    await page.evaluate(() => (window as any).lifecycle.gp.startTour('cycle-tour'));
    await page.locator('[data-part=tour-step][data-item=cycle-tour]').waitFor();
    await expect.poll(async () => (await reported()).length).toBe(1);
    expect((await reported())[0]).toEqual({
      code: 'storage',
      message: 'Guidepost keeps a progress record of a newer version (schema 2) untouched: changes on this page stay in memory',
    });
    await page.evaluate(() => (window as any).lifecycle.gp.destroy());
    expect(await storedValue(page, 'progress:u_lifecycle')).toEqual(record);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
