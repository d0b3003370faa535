/**
 * Delivery in real Chromium against `guidepost serve`: IndexedDB outbox, Web Locks,
 * sendBeacon on pagehide, offline emulation. The page (test/pages/delivery) runs the
 * tracker from src/track, bundled here, because the SDK's wiring of the outbox lives in
 * src/guidepost.ts; the last test goes through the demo and the built SDK.
 *
 * Every test checks the collector's NDJSON file: each event there exactly once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium, PROJECT_ROOT, serveForTest, watchPageErrors } from '../support/browser-harness';

let browser: Browser;
let server: Awaited<ReturnType<typeof serveForTest>>;
let pageRoot: string;

const PAGES = join(PROJECT_ROOT, 'test/pages/delivery');

beforeAll(async () => {
  pageRoot = await mkdtemp(join(tmpdir(), 'guidepost-delivery-page-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    root: PROJECT_ROOT,
    build: {
      outDir: pageRoot,
      emptyOutDir: false,
      minify: false,
      write: true,
      lib: { entry: join(PAGES, 'entry.ts'), formats: ['iife'], name: 'GuidepostDeliveryPage', fileName: () => 'delivery.js' },
    },
  });
  await copyFile(join(PAGES, 'index.html'), join(pageRoot, 'index.html'));
  server = await serveForTest(pageRoot);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await server?.collector.close();
  if (pageRoot) await rm(pageRoot, { recursive: true, force: true });
});

interface Handle {
  emit(count: number, tag?: string): string[];
  stored(): Promise<string[]>;
  pending(): number;
  ready(): Promise<boolean>;
  degraded(): boolean;
  reports: string[];
  tracker: { flush(): Promise<void> };
}
declare const delivery: Handle;

async function collected(): Promise<Record<string, unknown>[]> {
  try {
    return (await readFile(server.collector.file, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

/** How many times each of `ids` is in the collector's file. */
async function countsOf(ids: string[]): Promise<number[]> {
  const counts = new Map<string, number>();
  for (const event of await collected()) counts.set(event.event_id as string, (counts.get(event.event_id as string) ?? 0) + 1);
  return ids.map((id) => counts.get(id) ?? 0);
}

async function open(context: BrowserContext, query = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(new URL(`/${query}`, server.url).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.evaluate(() => delivery.ready());
  return page;
}

const exactlyOnce = (ids: string[]) => expect.poll(() => countsOf(ids), { timeout: 10_000 }).toEqual(ids.map(() => 1));

describe('delivery in Chromium', () => {
  it('offline: events wait in IndexedDB across a page load and arrive exactly once when back online', async () => {
    const context = await browser.newContext();
    const page = await open(context);
    const errors = watchPageErrors(page);
    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    const ids = await page.evaluate(() => delivery.emit(20, 'offline'));
    await page.evaluate(() => delivery.tracker.flush()); // paused: nothing is attempted
    await expect.poll(() => page.evaluate(() => delivery.stored().then((s) => s.length)), { timeout: 10_000 }).toBe(20);
    expect(await page.evaluate(() => delivery.degraded())).toBe(false);
    await page.close(); // pagehide while offline: no beacon into the void
    expect(await countsOf(ids)).toEqual(ids.map(() => 0));

    await context.setOffline(false);
    const next = await open(context); // the next page load finds the outbox and sends it
    await exactlyOnce(ids);
    await expect.poll(() => next.evaluate(() => delivery.stored().then((s) => s.length)), { timeout: 10_000 }).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('closing a page mid-batch: the pagehide beacon delivers, and the next load re-sends without duplicates', async () => {
    const context = await browser.newContext();
    const page = await open(context, '?delay=60000'); // the batch would wait a minute
    const ids = await page.evaluate(() => delivery.emit(30, 'closing'));
    await expect.poll(() => page.evaluate(() => delivery.stored().then((s) => s.length)), { timeout: 10_000 }).toBe(30);
    expect(await countsOf(ids)).toEqual(ids.map(() => 0));
    await page.close({ runBeforeUnload: true });
    await exactlyOnce(ids);
    // The beaconed events were kept, marked, in the outbox: the next page sends them again
    // with an acknowledged fetch, the collector drops the duplicates, the outbox empties.
    const next = await open(context);
    await expect.poll(() => next.evaluate(() => delivery.stored().then((s) => s.length)), { timeout: 10_000 }).toBe(0);
    expect(await countsOf(ids)).toEqual(ids.map(() => 1));
    await context.close();
  });

  it('a burst emitted just before closing, on top of a backlog another page beaconed: nothing lost', async () => {
    const context = await browser.newContext();
    // The collector cannot be reached with fetch (beacons still leave): only beacons and the
    // outbox can save events, as when a page closes before its batch goes out.
    let fetchBlocked = true;
    await context.route('**/collect', (route) => (fetchBlocked && route.request().resourceType() === 'fetch' ? route.abort('connectionrefused') : route.fallback()));
    const first = await open(context, '?delay=60000');
    const backlog = await first.evaluate(() => delivery.emit(300, 'backlog'));
    await expect.poll(() => first.evaluate(() => delivery.stored().then((s) => s.length)), { timeout: 10_000 }).toBe(300);
    await first.close({ runBeforeUnload: true }); // beacons part of the backlog; all of it stays stored, marked
    const second = await open(context, '?delay=60000');
    // A burst and the page is gone at once: the burst's IndexedDB write races the close.
    const burst = await second.evaluate(() => {
      const ids = delivery.emit(150, 'burst');
      dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      return ids;
    });
    await second.close({ runBeforeUnload: true });
    fetchBlocked = false;
    const third = await open(context);
    const ids = [...backlog, ...burst];
    await exactlyOnce(ids);
    await expect.poll(() => third.evaluate(() => delivery.stored().then((s) => s.length)), { timeout: 20_000 }).toBe(0);
    await context.close();
  });

  it('a 30-second collector outage (503 + Retry-After, then refused connections) on a fake clock: delivered after', async () => {
    const context = await browser.newContext();
    let mode: 'unavailable' | 'down' | 'up' = 'unavailable';
    const attempts: number[] = [];
    await context.route('**/collect', async (route) => {
      attempts.push(Date.now());
      if (mode === 'unavailable') return route.fulfill({ status: 503, headers: { 'retry-after': '30' }, body: 'maintenance' });
      if (mode === 'down') return route.abort('connectionrefused');
      return route.fallback();
    });
    const page = await context.newPage();
    const start = Date.parse('2026-11-22T10:00:00Z');
    await page.clock.install({ time: start });
    await page.goto(server.url);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await page.evaluate(() => delivery.ready());
    await page.clock.pauseAt(start + 10_000); // from here on, page time moves only when the test says so
    const ids = await page.evaluate(() => delivery.emit(10, 'outage'));
    await page.evaluate(() => delivery.tracker.flush());
    expect(attempts).toHaveLength(1);
    // Retry-After: 30 — nothing for 29 seconds, even when asked.
    await page.clock.runFor(29_000);
    await page.evaluate(() => delivery.tracker.flush());
    expect(attempts).toHaveLength(1);
    // Then the collector is down (connection refused) for a while: backoff, no loss.
    mode = 'down';
    await page.clock.runFor(2_000);
    await expect.poll(() => attempts.length).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < 4; i++) await page.clock.runFor(5_000);
    expect(await countsOf(ids)).toEqual(ids.map(() => 0));
    expect(await page.evaluate(() => delivery.pending())).toBe(10);
    mode = 'up';
    await page.clock.runFor(61_000); // at most one capped backoff step later
    await exactlyOnce(ids);
    await expect.poll(() => page.evaluate(() => delivery.pending())).toBe(0);
    expect(await page.evaluate(() => delivery.reports.some((r) => r.includes('will retry')))).toBe(true);
    await context.close();
  });

  it('a collector that sends 503 headers and never the body: the attempt times out, the lock is let go, every tab delivers once it recovers', async () => {
    const context = await browser.newContext();
    let hang = true;
    const held: ServerResponse[] = [];
    const [handler] = server.server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.server.removeAllListeners('request');
    server.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (!hang || req.url !== '/collect' || req.method !== 'POST') return handler(req, res);
      req.resume();
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.flushHeaders(); // then nothing: a stalled proxy, an overloaded collector
      held.push(res);
    });
    try {
      // Fake clocks (running, and pushed on by the test) so the transport's 30 s timeout passes at once.
      const openWithClock = async () => {
        const page = await context.newPage();
        await page.clock.install();
        await page.goto(server.url);
        await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
        await page.evaluate(() => delivery.ready());
        return page;
      };
      const [a, b] = [await openWithClock(), await openWithClock()];
      const ids = await a.evaluate(() => delivery.emit(5, 'hung'));
      await a.evaluate(() => void delivery.tracker.flush());
      await expect.poll(() => held.length).toBe(1); // tab A holds the outbox lock, waiting for the body
      hang = false;
      ids.push(...(await a.evaluate(() => delivery.emit(3, 'a'))), ...(await b.evaluate(() => delivery.emit(3, 'b'))));
      await a.clock.runFor(30_000); // the timeout
      await expect
        .poll(async () => {
          for (const page of [a, b]) await page.clock.runFor(1_000); // backoff (at most 1 s after one failure), batch delays
          return countsOf(ids);
        }, { timeout: 15_000 })
        .toEqual(ids.map(() => 1));
      expect(await a.evaluate(() => delivery.reports.some((r) => r.includes('will retry') && r.includes('answered 503')))).toBe(true);
    } finally {
      held.forEach((res) => res.destroy());
      server.server.removeAllListeners('request');
      server.server.on('request', handler);
      await context.close();
    }
  });

  it('two tabs share the outbox but never send the same event: no duplicate on the wire or in the file', async () => {
    const context = await browser.newContext();
    const wire: string[] = [];
    await context.route('**/collect', async (route) => {
      const body = route.request().postData() ?? '{}';
      wire.push(...(JSON.parse(body).events ?? []).map((e: { event_id: string }) => e.event_id));
      await route.fallback();
    });
    const [a, b] = [await open(context, '?delay=50'), await open(context, '?delay=50')];
    expect(await a.evaluate(() => typeof navigator.locks?.request)).toBe('function'); // the Web Locks path, not the fallback
    const ids: string[] = [];
    for (let round = 0; round < 5; round++) {
      const [fromA, fromB] = await Promise.all([a.evaluate(() => delivery.emit(10, 'tab-a')), b.evaluate(() => delivery.emit(10, 'tab-b'))]);
      ids.push(...fromA, ...fromB);
    }
    await exactlyOnce(ids);
    await expect.poll(() => Promise.all([a, b].map((p) => p.evaluate(() => delivery.stored().then((s) => s.length))))).toEqual([0, 0]);
    expect(wire.length).toBe(new Set(wire).size);
    expect(new Set(wire)).toEqual(new Set(ids));
    await context.close();
  });

  it('the demo (built SDK): an exposure that could not be fetched is in the pagehide beacon when the tab closes', async () => {
    const demo = await serveForTest();
    const context = await browser.newContext();
    const kinds: string[] = [];
    // Every fetch to the collector (JSON) is refused by the server, so only the pagehide beacon
    // (text/plain) can deliver. Refused there, not in a Playwright route: a route handler for a
    // closing page's beacon may run after the page is gone, and the beacon is then lost.
    const [handler] = demo.server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    demo.server.removeAllListeners('request');
    demo.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url === '/collect' && req.method === 'POST') {
        const json = String(req.headers['content-type']).startsWith('application/json');
        kinds.push(json ? 'fetch' : 'beacon');
        if (json) {
          req.resume();
          res.writeHead(503, { 'access-control-allow-origin': '*' });
          return void res.end('{"error":"down"}');
        }
      }
      return handler(req, res);
    });
    try {
      const page = await context.newPage();
      // The demo runs a help-link holdout experiment: pin the arm that renders the link.
      await page.goto(new URL('/board?guidepost_force=help-links-holdout:help', demo.url).href);
      await page.locator('[data-part=help-link][data-item=board-help]').waitFor();
      const read = async () => (await readFile(demo.collector.file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
      // After the 500 ms batch delay the fetch is tried, and refused (the next try waits for the backoff).
      await expect.poll(() => kinds.includes('fetch')).toBe(true);
      expect(await read()).toEqual([]);
      await page.close({ runBeforeUnload: true });
      await expect.poll(async () => (await read()).filter((e) => e.type === 'exposure' && e.item_id === 'board-help').length, { timeout: 10_000 }).toBe(1);
    } finally {
      await context.close();
      await demo.close();
      await demo.collector.close();
    }
  });
});
