/**
 * "Exposure events are never lost", through the BUILT SDK (dist/guidepost.iife.js) as a
 * customer embeds it: the Tasklane demo (demo/) and, for consent, a small strict-CSP page
 * (test/pages/consent/). test/track/delivery.browser.test.ts proves the same pipeline on a page
 * that bundles src/track directly; this file proves the wiring in src/guidepost.ts (IndexedDB
 * outbox, pagehide beacons, Web Locks, consent, flushBeforeNavigation) ships in the bundle.
 *
 * Every test reads the collector's NDJSON file and checks each event is there exactly once
 * (by `event_id`, and for goals also by their `n` property), and that the IndexedDB outbox
 * `guidepost-outbox` empties. Waits poll with a deadline for a positive signal; where a scenario
 * is about time itself (nothing leaves without consent, a flush that gives up on a collector that
 * never answers) the page runs on Playwright's clock and the test moves it: no sleeping, and
 * no duration asserted (bench/flush-navigation.js prints how long flushes take).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request, Route } from 'playwright-core';
import type { Guidepost } from '../../src/options';
import { launchChromium, PROJECT_ROOT, serveForTest, watchPageErrors } from '../support/browser-harness';

type Server = Awaited<ReturnType<typeof serveForTest>>;
type Event = Record<string, unknown> & { event_id: string; type: string; properties?: Record<string, unknown> };
/** Where a page keeps its SDK instance: the demo's `window.tasklane`, the consent page's `window.consentPage`. */
type Handle = 'tasklane' | 'consentPage';

let browser: Browser;
let demo: Server;
let consentServer: Server;

beforeAll(async () => {
  [demo, consentServer] = await Promise.all([serveForTest(), serveForTest(join(PROJECT_ROOT, 'test/pages/consent'))]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of [demo, consentServer]) {
    await server?.close();
    await server?.collector.close();
  }
});

/** The demo runs the help-link holdout experiment; pin an arm so every run behaves the same. */
const force = (arm: 'help' | 'holdout') => `guidepost_force=help-links-holdout:${arm}`;

// --- the collector's file -------------------------------------------------------------------

async function collected(server: Server): Promise<Event[]> {
  try {
    return (await readFile(server.collector.file, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as Event);
  } catch {
    return [];
  }
}

/** How many times each of `ids` is in the collector's file. */
async function countsOf(server: Server, ids: string[]): Promise<number[]> {
  const counts = new Map<string, number>();
  for (const event of await collected(server)) counts.set(event.event_id, (counts.get(event.event_id) ?? 0) + 1);
  return ids.map((id) => counts.get(id) ?? 0);
}

/** The `n` of every `x` goal of `scenario` in the file, sorted (duplicates stay visible). */
async function goalNs(server: Server, scenario: string): Promise<number[]> {
  return (await collected(server))
    .filter((e) => e.type === 'goal' && e.name === 'x' && e.properties?.scenario === scenario)
    .map((e) => e.properties!.n as number)
    .sort((a, b) => a - b);
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Polls the file until each of `ids` is there exactly once (a duplicate fails at once on the next read). */
async function exactlyOnce(server: Server, ids: string[], timeout = 10_000) {
  expect(ids.length).toBeGreaterThan(0);
  await expect.poll(() => countsOf(server, ids), { timeout }).toEqual(ids.map(() => 1));
}

// --- pages ----------------------------------------------------------------------------------

/**
 * Opens `url` and checks the built SDK loaded. dist/ comes from the build step before the
 * browser tests (npm test; by hand, under the dist lock, see support/browser-harness.ts), not rebuilt meanwhile.
 */
async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  if (!(await page.evaluate(() => typeof (window as unknown as { Guidepost?: unknown }).Guidepost === 'object'))) {
    throw new Error(`${url}: /dist/guidepost.iife.js did not load (run "npm run build" before the browser tests, and do not rebuild while they run)`);
  }
}

/**
 * Resolves once Playwright has reported a request `page` makes now. Requests are reported in the
 * order the page makes them, so every request the page made before has been reported too.
 */
async function requestsReported(page: Page): Promise<void> {
  const marker = `/?requests-reported=${Math.random().toString(36).slice(2)}`;
  const seen = page.waitForRequest((request) => request.url().endsWith(marker));
  await page.evaluate((marker) => void fetch(marker).catch(() => undefined), marker);
  await seen;
}

/** Opens a demo screen and waits until Guidepost has started (the trial banner renders after the tracker exists). */
async function openDemo(context: BrowserContext, path: string, arm: 'help' | 'holdout' = 'help'): Promise<Page> {
  const page = await context.newPage();
  await openPage(page, new URL(`${path}?${force(arm)}`, demo.url).href);
  await page.locator('[data-part=banner][data-item=trial-banner]').waitFor();
  return page;
}

async function openConsentPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await openPage(page, consentServer.url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return page;
}

/**
 * `gp.track('x', { n, scenario })` for each `n`, in one task; returns the events' ids
 * (read from a synchronous `gp.on('goal')` listener, since `track` returns nothing).
 */
function trackGoals(page: Page, scenario: string, ns: number[], handle: Handle = 'tasklane'): Promise<string[]> {
  return page.evaluate(
    ({ scenario, ns, handle }) => {
      const gp = (window as unknown as Record<string, { gp: Guidepost }>)[handle].gp;
      const ids: string[] = [];
      const off = gp.on('goal', (event) => {
        if (event.properties?.scenario === scenario) ids.push(event.event_id);
      });
      for (const n of ns) gp.track('x', { n, scenario });
      off();
      return ids;
    },
    { scenario, ns, handle },
  );
}

/** Client-side navigation in the demo (History API), as a user clicking the top bar. */
async function navigate(page: Page, path: string) {
  await page.locator(`nav a[href="${path}"]`).click();
  await page.waitForURL((url) => url.pathname === path);
}

interface OutboxEntry {
  id: string;
  state: string;
  type: string;
  n?: number;
  scenario?: string;
}

/**
 * The records of the IndexedDB database `guidepost-outbox`, read with the plain IndexedDB
 * API. Never creates the database (a version-1 database without stores would break the SDK's
 * own open), and closes its connection at once.
 */
function outbox(page: Page): Promise<OutboxEntry[]> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((db) => db.name === 'guidepost-outbox')) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('guidepost-outbox');
      request.onupgradeneeded = () => request.transaction!.abort();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('events')) return [];
      const records = await new Promise<{ id: string; state: string; event: { type: string; properties?: { n?: number; scenario?: string } } }[]>((resolve, reject) => {
        const request = db.transaction('events', 'readonly').objectStore('events').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return records.map((r) => ({ id: r.id, state: r.state, type: r.event.type, n: r.event.properties?.n, scenario: r.event.properties?.scenario }));
    } finally {
      db.close();
    }
  });
}

/** A value of the outbox's `meta` store (`retryAt`, `dropped`), or undefined. */
function outboxMeta(page: Page, key: string): Promise<unknown> {
  return page.evaluate(async (key) => {
    if (!(await indexedDB.databases()).some((db) => db.name === 'guidepost-outbox')) return undefined;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('guidepost-outbox');
      request.onupgradeneeded = () => request.transaction!.abort();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('meta')) return undefined;
      return await new Promise<unknown>((resolve, reject) => {
        const request = db.transaction('meta', 'readonly').objectStore('meta').get(key);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }, key);
}

const outboxSize = async (page: Page) => (await outbox(page)).length;

const isCollect = (url: string) => new URL(url).pathname === '/collect';

/** Event ids in a request body to /collect (fetch or beacon). */
function idsInBody(request: Request): string[] {
  try {
    const body = JSON.parse(request.postData() ?? '{}') as { events?: { event_id: string }[] } | { event_id: string }[];
    return (Array.isArray(body) ? body : (body.events ?? [])).map((e) => e.event_id);
  } catch {
    return [];
  }
}

describe('delivery through the built SDK (demo and consent page)', () => {
  it('offline → reload while offline → online: every event exactly once, then the outbox is empty', async () => {
    const context = await browser.newContext();
    const page = await openDemo(context, '/');
    const errors = watchPageErrors(page);

    await context.setOffline(true);
    // While offline, a reload could not even fetch the page. The demo serves everything
    // `no-store`, so stand in for a service worker / HTTP cache: the test answers the page's
    // own files from the server. /collect is refused like the real offline network, and
    // counted: with navigator.onLine false the SDK must not even try.
    const collectWhileOffline: string[] = [];
    const fromCache = async (route: Route) => {
      const url = route.request().url();
      if (isCollect(url)) {
        collectWhileOffline.push(route.request().resourceType());
        return route.abort('internetdisconnected');
      }
      const response = await fetch(url);
      return route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) });
    };
    await context.route('**/*', fromCache);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    // Events while offline: goals, and the exposures of the screens visited.
    const ids = await trackGoals(page, 'offline', range(0, 4));
    await navigate(page, '/board');
    await page.locator('[data-part=help-link][data-item=board-help]').waitFor();
    ids.push(...(await trackGoals(page, 'offline', range(4, 7))));
    await navigate(page, '/reports');
    await page.locator('[data-part=help-link][data-item=reports-help]').waitFor();
    ids.push(...(await trackGoals(page, 'offline', range(7, 10))));
    expect(ids).toHaveLength(10);

    // Every goal is on the device before the reload.
    await expect.poll(async () => (await outbox(page)).filter((r) => r.scenario === 'offline').length).toBe(10);
    const beforeReload = (await outbox(page)).map((r) => r.id);
    const exposures = (await outbox(page)).filter((r) => r.type === 'exposure').length;
    expect(exposures).toBeGreaterThanOrEqual(2); // board-help and reports-help at least

    await page.reload(); // still offline (pagehide: no beacon into the void)
    await page.locator('[data-part=banner][data-item=trial-banner]').waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    // The outbox survived the reload: every record of the previous page is still there.
    const afterReload = new Set((await outbox(page)).map((r) => r.id));
    expect(beforeReload.filter((id) => !afterReload.has(id))).toEqual([]);
    expect(await countsOf(demo, beforeReload)).toEqual(beforeReload.map(() => 0));
    expect(collectWhileOffline).toEqual([]);

    await context.unroute('**/*', fromCache);
    await context.setOffline(false); // the `online` event resumes sending at once
    await exactlyOnce(demo, beforeReload);
    expect(await goalNs(demo, 'offline')).toEqual(range(0, 10));
    await expect.poll(() => outboxSize(page), { timeout: 10_000 }).toBe(0);
    // Nothing sent twice after the outbox emptied either.
    expect(await countsOf(demo, beforeReload)).toEqual(beforeReload.map(() => 1));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('closing the page right after tracking: the pagehide beacon delivers, the next load re-sends, exactly once', async () => {
    const context = await browser.newContext();
    // Closed before its batch leaves: on a busy machine the 500 ms batch delay can pass while the
    // test reads the collector's file, so the page's fetches to the collector fail until it
    // closes (beacons still leave), as if it had closed first.
    let fetchBlocked = true;
    await context.route('**/collect', (route) => (fetchBlocked && route.request().resourceType() === 'fetch' ? route.abort('connectionrefused') : route.fallback()));
    const page = await openDemo(context, '/board');
    const ids = await trackGoals(page, 'close', range(0, 8));
    expect(await countsOf(demo, ids)).toEqual(ids.map(() => 0));
    await page.close({ runBeforeUnload: true });
    fetchBlocked = false;
    // No other page of this origin is open: only the closing page's pagehide beacon can deliver.
    await exactlyOnce(demo, ids);
    expect(await goalNs(demo, 'close')).toEqual(range(0, 8));
    // A beacon is never acknowledged, so the events stay in the outbox, marked; the next page
    // load in this context sends them again with fetch, the collector drops the duplicates,
    // and the outbox empties. (Playwright does not reliably report requests of a page that
    // is closing, so the file, not the wire, is what this checks.)
    const next = await openDemo(context, '/');
    await expect.poll(() => outboxSize(next), { timeout: 10_000 }).toBe(0);
    expect(await countsOf(demo, ids)).toEqual(ids.map(() => 1));
    await context.close();
  });

  it('collector answering 503 + Retry-After, then back: every event delivered afterwards, exactly once', async () => {
    // A real outage is ~30 s with `Retry-After: 30`; this one is 503 + `Retry-After: 5`, then
    // `Retry-After: 2` (about 7-9 s) so the file stays fast. The first window is the longer one so
    // that the explicit flush below lands inside it even on a busy machine. The delivery logic
    // is the same for any length: honour Retry-After (plus up to 1 s of jitter), keep the same
    // event_ids, send once the collector answers 2xx. Long Retry-After values and backoff caps
    // are covered with fake timers in test/track/delivery*.dom.test.ts and on a fake page clock in
    // test/track/delivery.browser.test.ts.
    const context = await browser.newContext();
    const attempts: { at: number; ids: string[]; retryAfterS: number }[] = [];
    const unavailable = (route: Route) => {
      const retryAfterS = attempts.length === 0 ? 5 : 2;
      attempts.push({ at: Date.now(), ids: idsInBody(route.request()), retryAfterS });
      return route.fulfill({ status: 503, headers: { 'Retry-After': String(retryAfterS) }, body: 'maintenance' });
    };
    // Down from the first request on: the page's own exposures go through the outage too.
    await context.route('**/collect', unavailable);
    const page = await openDemo(context, '/board');
    const ids = await trackGoals(page, 'outage', range(0, 6));
    await expect.poll(() => attempts.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    // The page read the 503 and shared its Retry-After with the other tabs (outbox meta).
    await expect.poll(async () => ((await outboxMeta(page, 'retryAt')) as number | undefined) ?? 0).toBeGreaterThan(0);
    // While Retry-After runs, even an explicit flush does not send: it answers false without
    // waiting. Given a 10 s budget, a flush that waited would still be pending when the window
    // ends and then send (one more attempt), or answer after the retry below: the outcome says it.
    const attemptsBefore = attempts.length;
    const delivered = await page.evaluate(() => (window as unknown as { tasklane: { gp: Guidepost } }).tasklane.gp.flushBeforeNavigation(10_000));
    expect(delivered).toBe(false);
    expect(attempts.length).toBe(attemptsBefore);
    // The second attempt (the first retry) is refused too; then the collector comes back. The
    // bounds below are generous on purpose: in a full parallel run on a 2-core machine the page's
    // timers and IndexedDB (the send loop holds its lock across outbox writes) can lag by seconds.
    await expect.poll(() => attempts.length, { timeout: 40_000 }).toBeGreaterThanOrEqual(2);
    await context.unroute('**/collect', unavailable);
    const pending = (await outbox(page)).map((r) => r.id);
    expect(pending).toEqual(expect.arrayContaining(ids));

    await exactlyOnce(demo, [...new Set([...pending, ...ids])], 40_000);
    expect(await goalNs(demo, 'outage')).toEqual(range(0, 6));
    await expect.poll(() => outboxSize(page), { timeout: 40_000 }).toBe(0);
    // Retry-After was honoured to the letter: no retry sooner than the 503 said. A lower bound
    // (the page's clock starts after the test stamped the 503), which a busy machine only widens.
    for (let i = 1; i < attempts.length; i++) expect(attempts[i].at - attempts[i - 1].at).toBeGreaterThanOrEqual(attempts[i - 1].retryAfterS * 1_000 - 100);
    // The same event_ids on every retry: each goal was refused at least once (the first 503 may
    // have carried only the page's own exposures, when the goals came after it left), and the
    // collector then received exactly the ids tracked (exactlyOnce above), none made anew.
    expect(new Set(attempts.flatMap((a) => a.ids).filter((id) => ids.includes(id)))).toEqual(new Set(ids));
    await context.close();
  }, 150_000);

  it('two tabs generating events at once: every event in the file, none sent twice', async () => {
    const context = await browser.newContext();
    const wire: string[] = [];
    context.on('request', (request) => {
      if (isCollect(request.url()) && request.resourceType() === 'fetch') wire.push(...idsInBody(request));
    });
    const [a, b] = [await openDemo(context, '/'), await openDemo(context, '/')];
    expect(await a.evaluate(() => typeof navigator.locks?.request)).toBe('function'); // the Web Locks path
    // Both tabs record every event they emit from now on.
    for (const tab of [a, b]) {
      await tab.evaluate(() => {
        const w = window as unknown as { tasklane: { gp: Guidepost }; emitted: string[] };
        w.emitted = [];
        w.tasklane.gp.on('*', (event) => w.emitted.push(event.event_id));
      });
    }
    const burst = (tab: Page, name: string) =>
      tab.evaluate(async (name) => {
        const gp = (window as unknown as { tasklane: { gp: Guidepost } }).tasklane.gp;
        const screens = ['/board', '/reports', '/settings', '/'];
        for (let n = 0; n < 24; n++) {
          gp.track('x', { n, scenario: name });
          // Every few events, move to another screen (exposures of its help) the way the app's router does.
          if (n % 6 === 5) (document.querySelector(`nav a[href="${screens[(n - 5) / 6]}"]`) as HTMLElement).click();
          await new Promise((r) => setTimeout(r, 15 + Math.random() * 30));
        }
      }, name);
    await Promise.all([burst(a, 'tab-a'), burst(b, 'tab-b')]);
    const emitted = [...(await a.evaluate(() => (window as unknown as { emitted: string[] }).emitted)), ...(await b.evaluate(() => (window as unknown as { emitted: string[] }).emitted))];
    expect(emitted.length).toBeGreaterThanOrEqual(48);

    await exactlyOnce(demo, emitted);
    expect(await goalNs(demo, 'tab-a')).toEqual(range(0, 24));
    expect(await goalNs(demo, 'tab-b')).toEqual(range(0, 24));
    await expect.poll(async () => [await outboxSize(a), await outboxSize(b)], { timeout: 10_000 }).toEqual([0, 0]);
    // No duplicate event_id in the whole file, and none sent twice: one tab sends at a time.
    const all = (await collected(demo)).map((e) => e.event_id);
    expect(all.length).toBe(new Set(all).size);
    expect(wire.length).toBe(new Set(wire).size);
    expect(emitted.every((id) => wire.includes(id))).toBe(true);
    await context.close();
  });

  it('requireConsent: nothing reaches /collect before consent(true); consent(false) deletes what waited', async () => {
    const context = await browser.newContext();
    // The pages' timers run on a clock the test can move forward (time still flows meanwhile).
    await context.clock.install();
    const requests: string[] = [];
    context.on('request', (request) => {
      if (isCollect(request.url())) requests.push(`${request.resourceType()} ${request.method()}`);
    });
    const page = await openConsentPage(context);
    await page.locator('[data-part=banner][data-item=consent-banner]').waitFor();
    const granted = await trackGoals(page, 'consent-granted', range(0, 5), 'consentPage');
    // A second tab of the site, closed before consent: its pagehide must not beacon either.
    const other = await openConsentPage(context);
    const fromClosedTab = await trackGoals(other, 'consent-closed-tab', range(0, 3), 'consentPage');
    await expect.poll(async () => (await outbox(page)).filter((r) => r.scenario === 'consent-closed-tab').length).toBe(3);
    // With runBeforeUnload, close() does not wait for the page to go: its pagehide has run once it closed.
    const otherClosed = other.waitForEvent('close');
    await other.close({ runBeforeUnload: true });
    await otherClosed;
    // Queued on the device (the exposure and the goals)...
    await expect.poll(async () => (await outbox(page)).filter((r) => r.scenario === 'consent-granted').length).toBe(5);
    expect((await outbox(page)).some((r) => r.type === 'exposure')).toBe(true);
    // ...and nothing leaves. The scenario is about time: move the page's clock well past the
    // 500 ms batch delay (every timer due meanwhile fires now), then make sure every request the
    // page made since has been reported before looking.
    await context.clock.runFor(1_500);
    await requestsReported(page);
    expect(requests).toEqual([]);
    expect(await countsOf(consentServer, [...granted, ...fromClosedTab])).toEqual([...granted, ...fromClosedTab].map(() => 0));

    const queued = (await outbox(page)).map((r) => r.id);
    await page.evaluate(() => (window as unknown as { consentPage: { gp: Guidepost } }).consentPage.gp.consent(true));
    await exactlyOnce(consentServer, queued);
    expect(queued).toEqual(expect.arrayContaining([...granted, ...fromClosedTab]));
    expect(await goalNs(consentServer, 'consent-granted')).toEqual(range(0, 5));
    await expect.poll(() => outboxSize(page), { timeout: 10_000 }).toBe(0);
    expect(requests.length).toBeGreaterThan(0);
    await page.close();

    // Revoked: a new page load (consent is not stored, so pending again) queues, then consent(false).
    requests.length = 0;
    const revoking = await openConsentPage(context);
    const denied = await trackGoals(revoking, 'consent-denied', range(0, 5), 'consentPage');
    await expect.poll(async () => (await outbox(revoking)).filter((r) => r.scenario === 'consent-denied').length).toBe(5);
    await revoking.evaluate(() => (window as unknown as { consentPage: { gp: Guidepost } }).consentPage.gp.consent(false));
    expect(await outbox(revoking)).toEqual([]); // every queued event deleted
    expect(requests).toEqual([]);
    // Granting again later must not bring them back: a marker tracked after it arrives,
    // the revoked events never do (they would have gone in the same or an earlier batch).
    await revoking.evaluate(() => (window as unknown as { consentPage: { gp: Guidepost } }).consentPage.gp.consent(true));
    const marker = await trackGoals(revoking, 'consent-marker', [0], 'consentPage');
    await exactlyOnce(consentServer, marker);
    expect(await countsOf(consentServer, denied)).toEqual(denied.map(() => 0));
    expect(await goalNs(consentServer, 'consent-denied')).toEqual([]);
    await expect.poll(() => outboxSize(revoking), { timeout: 10_000 }).toBe(0);
    await context.close();
  });

  it('a help link that navigates away in the same tab: flushBeforeNavigation delivers link_clicked first', async () => {
    const context = await browser.newContext();
    // The help article, served by the test (the machine has no network).
    await context.route('https://example.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Help article</title><h1>Help</h1>' }));
    const page = await openDemo(context, '/reports');
    const results: boolean[] = [];
    await page.exposeFunction('reportFlush', (delivered: boolean) => void results.push(delivered));
    // The host app opens help in the same tab: it waits for Guidepost, then navigates.
    await page.evaluate(() => {
      const gp = (window as unknown as { tasklane: { gp: Guidepost } }).tasklane.gp;
      const report = (window as unknown as { reportFlush: (delivered: boolean) => Promise<void> }).reportFlush;
      document.addEventListener('click', async (event) => {
        const link = event.composedPath()[0];
        if (!(link instanceof HTMLAnchorElement) || link.dataset.part !== 'help-link') return;
        event.preventDefault(); // not the new tab the SDK's link opens by default
        const delivered = await gp.flushBeforeNavigation();
        await report(delivered);
        location.assign(link.href);
      });
    });
    const goals = await trackGoals(page, 'navigate', [0]);
    await page.locator('[data-part=help-link][data-item=reports-help]').click();
    await page.waitForURL('https://example.com/help/reports');
    // The flush answered before the navigation, and answered delivered (how long it took:
    // bench/flush-navigation.js).
    expect(results).toEqual([true]);
    // Acknowledged before the page left: already in the file, no later page load needed.
    const clicks = (await collected(demo)).filter((e) => e.type === 'link_clicked' && e.item_id === 'reports-help' && e.properties?.url === 'https://example.com/help/reports');
    expect(clicks).toHaveLength(1);
    expect(await countsOf(demo, goals)).toEqual([1]);
    await context.close();

    // A collector that never answers: the navigation is held for the flush's timeout (1 s by
    // default), not for as long as a request can hang. On the page's clock, moved by the test:
    // once 1 s of it has passed, the flush has answered, though no request was ever answered.
    const hung = await browser.newContext();
    await hung.clock.install();
    const held: Route[] = [];
    await hung.route('**/collect', (route) => void held.push(route));
    const stuck = await openDemo(hung, '/reports');
    // The page's first batch (its exposures) is held: the collector never answers.
    await expect.poll(() => held.length).toBeGreaterThan(0);
    await stuck.evaluate(() => {
      const w = window as unknown as { tasklane: { gp: Guidepost }; flushed?: boolean };
      w.tasklane.gp.track('x', { n: 0, scenario: 'navigate-hung' });
      void w.tasklane.gp.flushBeforeNavigation().then((delivered) => (w.flushed = delivered));
    });
    await hung.clock.runFor(1_000);
    expect(await stuck.evaluate(() => (window as unknown as { flushed?: boolean }).flushed)).toBe(false);
    // The event stays in the outbox for a later attempt.
    expect((await outbox(stuck)).filter((r) => r.scenario === 'navigate-hung')).toHaveLength(1);
    await hung.close();
  });

  it('counterfactual parity on /board: the holdout and the help arm each log exactly one board-help exposure', async () => {
    const run = async (arm: 'help' | 'holdout') => {
      const context = await browser.newContext();
      const page = await openDemo(context, '/board', arm);
      const account = await page.evaluate(() => localStorage.getItem('tasklane.account'));
      const mine = async () => (await collected(demo)).filter((e) => e.account_id === account);
      await expect.poll(async () => (await mine()).filter((e) => e.type === 'exposure' && e.item_id === 'board-help').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      // The same actions in both arms: add a task, leave the board and come back.
      await page.locator('#add-task').click();
      await navigate(page, '/reports');
      await navigate(page, '/board');
      await page.locator('#board-title').waitFor();
      if (arm === 'help') await page.locator('[data-part=help-link][data-item=board-help]').waitFor();
      expect(await page.locator('guidepost-help').count()).toBe(arm === 'help' ? 1 : 0);
      expect(await page.evaluate(() => (window as unknown as { tasklane: { gp: Guidepost } }).tasklane.gp.flushBeforeNavigation(5_000))).toBe(true);
      await expect.poll(() => outboxSize(page), { timeout: 10_000 }).toBe(0);
      const events = await mine();
      await context.close();
      return {
        exposures: events.filter((e) => e.type === 'exposure' && e.item_id === 'board-help'),
        tasks: events.filter((e) => e.type === 'goal' && e.name === 'task_created').length,
      };
    };
    const holdout = await run('holdout');
    const help = await run('help');
    expect(holdout.exposures).toHaveLength(1);
    expect(help.exposures).toHaveLength(1);
    expect(holdout.tasks).toBe(1);
    expect(help.tasks).toBe(1);
    const common = { type: 'exposure', item_id: 'board-help', item_type: 'helpLink', item_version: 1, experiment: 'help-links-holdout', unit: 'account', forced: true };
    expect(holdout.exposures[0]).toMatchObject({ ...common, variation: 'holdout', counterfactual: true, rendered: false });
    expect(help.exposures[0]).toMatchObject({ ...common, variation: 'help', counterfactual: false, rendered: true });
    expect(holdout.exposures[0].bucket_version).toBe(help.exposures[0].bucket_version);
    expect(holdout.exposures[0].unit_id).toBe(holdout.exposures[0].account_id);
    // Same shape in both arms: the analysis can compare them field by field.
    expect(Object.keys(holdout.exposures[0]).sort()).toEqual(Object.keys(help.exposures[0]).sort());
  });
});
