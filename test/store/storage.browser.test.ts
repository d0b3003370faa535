/**
 * Progress in a real browser: kept from a first visit (whose start() does not wait for the
 * database to be created) to the next, shared across tabs through IndexedDB and
 * BroadcastChannel, and help still shows when IndexedDB is missing or failing.
 */
import { describe, expect, it } from 'vitest';
import { storedValue, useChromiumAndServer, watchPageErrors } from '../support/browser-harness';

const session = useChromiumAndServer();

const storedAnonymousId = async (page: import('playwright-core').Page) => (await storedValue<{ anonymousId?: string }>(page, 'identity'))?.anonymousId;

describe('a first visit, then the next', () => {
  it('the first visit stores its device id and what the person did; the next visit reads both', async () => {
    // A fresh context: the "guidepost" database does not exist when start() begins.
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto(session.server.url);
    const banner = page.locator('[data-part=banner][data-item=trial-banner]');
    await banner.waitFor();
    await expect.poll(() => storedAnonymousId(page), { timeout: 3000 }).toMatch(/^[0-9a-f-]{36}$/);
    const id = await storedAnonymousId(page);
    await banner.locator('[data-part=close]').click();
    type Stored = { state: { items: Record<string, { status: string }> } };
    // The demo signs its person in: their progress is kept under their user id.
    const user = await page.evaluate(() => localStorage.getItem('tasklane.user'));
    await expect.poll(async () => (await storedValue<Stored>(page, `progress:${user}`))?.state.items['trial-banner']?.status, { timeout: 3000 }).toBe('dismissed');
    await page.reload();
    await page.locator('[data-part=tooltip]').waitFor();
    expect(await banner.count()).toBe(0);
    expect(await storedAnonymousId(page)).toBe(id);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('progress across tabs', () => {
  it('a banner dismissed in one tab disappears from the other', async () => {
    const context = await session.browser.newContext();
    const first = await context.newPage();
    const second = await context.newPage();
    await first.goto(session.server.url);
    await second.goto(session.server.url);
    const bannerIn = (page: typeof first) => page.locator('[data-part=banner][data-item=trial-banner]');
    await bannerIn(first).waitFor();
    await bannerIn(second).waitFor();
    await bannerIn(first).locator('[data-part=close]').click();
    await expect.poll(() => bannerIn(second).count(), { timeout: 3000 }).toBe(0);
    // ...and the other tab's stored progress agrees after its reload.
    await second.reload();
    await second.locator('[data-part=tooltip]').waitFor();
    expect(await bannerIn(second).count()).toBe(0);
    await context.close();
  });
});

/**
 * Two tabs of the demo: the first runs the welcome tour; the second asked for it too and was
 * refused while the first runs it (a manual trigger: the engine says "tour-running").
 */
async function tourInFirstOfTwoTabs() {
  const context = await session.browser.newContext();
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(session.server.url);
  await second.goto(session.server.url);
  await first.locator('[data-part=banner]').waitFor();
  await second.locator('[data-part=banner]').waitFor();
  await first.evaluate(() => (window as any).tasklane.gp.startTour('welcome-tour'));
  await first.locator('[data-part=tour-step][data-item=welcome-tour]').waitFor();
  await second.evaluate(() => (window as any).tasklane.gp.startTour('welcome-tour'));
  await expect
    .poll(() => second.evaluate(() => (window as any).tasklane.gp.explain('welcome-tour').reason))
    .toEqual({ code: 'tour-running', tour: 'welcome-tour' });
  expect(await second.locator('[data-part=tour-step]').count()).toBe(0);
  return { context, first, second };
}

describe('one tour at a time across tabs', () => {
  it('a tour running in one tab does not start in a second; a waiting request is dropped once it was seen there', async () => {
    const { context, first, second } = await tourInFirstOfTwoTabs();
    // The first tab closes its tour: the lock is released everywhere.
    await first.keyboard.press('Escape');
    await expect.poll(() => first.locator('[data-part=tour-step]').count()).toBe(0);
    // Dismissed in the first tab: the second tab's waiting request is answered, not replayed.
    // The first tab says how its run ended before it releases the tour (src/runtime/tour-runs.ts);
    // the second drops its request on that news, and explain() then reads "dismissed": a request
    // still waiting would read "tour-running", then show the tour once the tour is released.
    await expect
      .poll(() => second.evaluate(() => (window as any).tasklane.gp.explain('welcome-tour')))
      .toMatchObject({ shown: false, reason: { code: 'dismissed' } });
    expect(await second.locator('[data-part=tour-step]').count()).toBe(0);
    // ...and a new request starts it there.
    await second.evaluate(() => (window as any).tasklane.gp.startTour('welcome-tour'));
    await second.locator('[data-part=tour-step][data-item=welcome-tour]').waitFor();
    await context.close();
  });

  it('a tab closed in the middle of its tour releases it: the other tab shows the tour it asked for', async () => {
    const { context, first, second } = await tourInFirstOfTwoTabs();
    // pagehide tells the other tabs at once that this tab runs no tour.
    await first.close();
    await second.locator('[data-part=tour-step][data-item=welcome-tour]').waitFor();
    await context.close();
  });
});

describe('without IndexedDB', () => {
  const scenarios: [string, () => void][] = [
    ['missing', () => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true })],
    ['throwing on open', () => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
    }],
    ['failing with a quota error', () => {
      const open = IDBFactory.prototype.open;
      IDBFactory.prototype.open = function (this: IDBFactory, ...args: [string, number?]) {
        const request = open.apply(this, args);
        request.addEventListener('success', () => {
          const db = request.result;
          db.transaction = () => {
            throw new DOMException('Quota exceeded', 'QuotaExceededError');
          };
        });
        return request;
      };
    }],
  ];

  it.each(scenarios)('IndexedDB %s: help still shows, the problem is reported once, the page keeps working', async (_name, breakIndexedDb) => {
    const context = await session.browser.newContext();
    await context.addInitScript(breakIndexedDb);
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning' && m.text().includes('storage')) warnings.push(m.text());
    });
    await page.goto(session.server.url);
    await page.locator('[data-part=banner][data-item=trial-banner]').waitFor();
    await page.locator('[data-part=tooltip][data-item=new-project-tip]').waitFor();
    // Dismissing still works for the rest of the page's life (memory fallback).
    await page.locator('[data-part=banner] [data-part=close]').click();
    await expect.poll(() => page.locator('[data-part=banner]').count()).toBe(0);
    await page.click('#new-project');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('keeping progress in memory');
    expect(errors).toEqual([]);
    await context.close();
  });
});
