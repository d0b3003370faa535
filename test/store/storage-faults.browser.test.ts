/**
 * Storage and tab sync faults in real Chromium: a quota error on every write after a good
 * visit (saved progress is still read), an IndexedDB that never answers (start() resolves, help
 * shows, and the stuck requests keep nothing alive after destroy()), and a BroadcastChannel
 * that throws (one tab, help still shows). Each problem is reported once; nothing sleeps: every
 * wait is for a signal (an onError call, a rendered `[data-part]`, a stored record).
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

/** Opens the page (optionally with `query`), creates an instance and waits for start() to resolve. */
async function startOn(context: BrowserContext, query = '') {
  const page = await context.newPage();
  const pageErrors = watchPageErrors(page);
  await page.goto(new URL(query, session.server.url).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.evaluate(() => (window as any).lifecycle.create().start());
  return { page, pageErrors, reported: (): Promise<Reported[]> => page.evaluate(() => (window as any).lifecycle.errors) };
}

const banner = (page: Page) => page.locator('[data-part=banner][data-item=hello-banner]');
const explain = (page: Page, id: string) => page.evaluate((item) => (window as any).lifecycle.gp.explain(item), id);

/** The stored status of the banner in the page's user's progress, read straight from IndexedDB. */
const storedStatus = async (page: Page) =>
  (await storedValue<{ state?: { items?: Record<string, { status?: string }> } }>(page, 'progress:u_lifecycle'))?.state?.items?.['hello-banner']?.status;

describe('quota errors after a good visit', () => {
  it('a banner dismissed on the first visit stays dismissed: reads still come from IndexedDB; reported once', async () => {
    const context = await session.browser.newContext();
    const first = await startOn(context, '?endpoint=0');
    await banner(first.page).locator('[data-part=close]').click();
    await expect.poll(() => storedStatus(first.page)).toBe('dismissed');
    await first.page.close();

    // From the second visit on, every write fails with a quota error.
    await context.addInitScript(() => {
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    const second = await startOn(context, '?endpoint=0');
    expect(await explain(second.page, 'hello-banner')).toMatchObject({ shown: false, reason: { code: 'dismissed' } });
    expect(await banner(second.page).count()).toBe(0);
    // Help still works in memory: a tour starts and its steps advance.
    await second.page.evaluate(() => (window as any).lifecycle.gp.startTour('cycle-tour'));
    await second.page.locator('[data-part=tour-step][data-item=cycle-tour]').waitFor();
    const reported = await second.reported();
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ code: 'storage', message: expect.stringMatching(/keeping progress in memory.*QuotaExceededError/) });
    expect(second.pageErrors).toEqual([]);
    await context.close();
  });
});

describe('an IndexedDB that never answers', () => {
  /** Every open returns a request that never fires; the page keeps them, as a browser would. */
  const silentIndexedDb = () => {
    (window as any).__pending = [];
    IDBFactory.prototype.open = function () {
      const request = new EventTarget() as unknown as Record<string, unknown>;
      Object.assign(request, { result: undefined, error: null, onsuccess: null, onerror: null, onupgradeneeded: null, onblocked: null });
      (window as any).__pending.push(request);
      return request as unknown as IDBOpenDBRequest;
    };
  };

  it('start() resolves within the bound, help shows, each store reports once, delivery goes on, and destroy() lets go', async () => {
    const context = await session.browser.newContext();
    await context.addInitScript(silentIndexedDb);
    const { page, pageErrors, reported } = await startOn(context, '?timeout=500');
    await banner(page).waitFor();
    expect(await explain(page, 'hello-banner')).toMatchObject({ shown: true });
    // The outbox is first read once the tracker exists, after start(): its report follows.
    await expect.poll(async () => (await reported()).length).toBe(2);
    const errors = await reported();
    expect(errors.map((e) => e.code)).toEqual(['storage', 'storage']);
    expect(errors.map((e) => e.message).sort()).toEqual([
      expect.stringMatching(/^Guidepost outbox \(indexeddb\) failed, keeping undelivered events in memory.*TimeoutError.*"guidepost-outbox" did not answer within 500 ms/),
      expect.stringMatching(/^Guidepost storage \(indexeddb\) failed, keeping progress in memory.*TimeoutError.*"guidepost" did not answer within 500 ms/),
    ]);
    // The outbox did not hang delivery: a new event reaches the collector.
    await page.evaluate(() => (window as any).lifecycle.gp.track('checked'));
    expect(await page.evaluate(() => (window as any).lifecycle.gp.flushBeforeNavigation(30_000))).toBe(true);
    // Dismissing works in memory, and nothing more is reported.
    await banner(page).locator('[data-part=close]').click();
    await expect.poll(() => banner(page).count()).toBe(0);
    expect(await reported()).toHaveLength(2);

    // After destroy(), the requests that never answered hold nothing of the instance.
    const pending = await page.evaluate(() => {
      const w = window as any;
      w.__instance = new WeakRef(w.lifecycle.gp);
      w.lifecycle.gp.destroy();
      w.lifecycle.gp = null;
      return w.__pending.map((r: Record<string, unknown>) => r.onerror === null && r.onupgradeneeded === null && typeof r.onsuccess === 'function');
    });
    expect(pending.length).toBeGreaterThanOrEqual(2);
    expect(pending.every(Boolean)).toBe(true);
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return page.evaluate(() => (window as any).__instance.deref() === undefined);
      })
      .toBe(true);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});

describe('a BroadcastChannel that throws', () => {
  it('the constructor throws (opaque origin): start() shows help in one tab; reported once', async () => {
    const context = await session.browser.newContext();
    await context.addInitScript(() => {
      window.BroadcastChannel = function () {
        throw new DOMException('Can not create BroadcastChannel in an opaque origin', 'SecurityError');
      } as unknown as typeof BroadcastChannel;
    });
    const { page, pageErrors, reported } = await startOn(context, '?endpoint=0');
    await banner(page).waitFor();
    await banner(page).locator('[data-part=close]').click();
    await expect.poll(() => banner(page).count()).toBe(0);
    const errors = await reported();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'storage', message: expect.stringMatching(/BroadcastChannel\) failed, this tab works alone: SecurityError/) });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('postMessage throws: help shows, changes still apply here; reported once', async () => {
    const context = await session.browser.newContext();
    await context.addInitScript(() => {
      BroadcastChannel.prototype.postMessage = () => {
        throw new DOMException('The channel refused the message.', 'DataCloneError');
      };
    });
    const { page, pageErrors, reported } = await startOn(context, '?endpoint=0');
    await banner(page).waitFor();
    await banner(page).locator('[data-part=close]').click();
    await expect.poll(() => banner(page).count()).toBe(0);
    await page.evaluate(() => (window as any).lifecycle.gp.startTour('cycle-tour'));
    await page.locator('[data-part=tour-step][data-item=cycle-tour]').waitFor();
    const errors = await reported();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'storage', message: expect.stringMatching(/BroadcastChannel\.postMessage\) failed.*DataCloneError/) });
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
