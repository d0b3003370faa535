/**
 * src/cli/check-browser.ts's visitRoute in Chromium, against small pages served here: a page
 * whose targets are there is probed at once ("targets"), one whose target appears late is waited
 * for; one whose target never appears is probed once its reads went quiet ("network-idle"), with
 * the data-help values it has, even while it keeps sending beacons; one whose read never ends
 * runs out of time ("timeout"); an HTTP error and an unreachable server are reported, not
 * thrown; the page's uncaught errors are kept (first line, at most five).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { visitRoute } from '../../src/cli/check-browser';
import { launchChromium } from '../support/browser-harness';

const PAGES: Record<string, string> = {
  '/ready': '<button data-help="save">Save</button>',
  '/late': '<main></main><script>setTimeout(() => { const b = document.createElement("button"); b.dataset.help = "save"; b.textContent = "Save"; document.querySelector("main").append(b); }, 400);</script>',
  '/missing': '<button data-help="export">Export</button><a data-help="import" href="#">Import</a><button data-help="export">Again</button>',
  '/beacons': '<button data-help="export">Export</button><script>setInterval(() => navigator.sendBeacon("/collect", "{}"), 100);</script>',
  '/hanging-read': '<button data-help="export">Export</button><script>fetch("/hang");</script>',
  '/errors': '<script>for (let i = 0; i < 7; i++) setTimeout(() => { throw new Error("boom " + i + "\\nsecond line"); });</script><button data-help="save">Save</button>',
};
const SAVE = { targets: [{ selectors: ['[data-help="save"]'] }] };

let server: Server;
let base: string;
let browser: Browser;
const hanging: import('node:http').ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/hang') return void hanging.push(response);
    if (path === '/collect') return void response.writeHead(204).end();
    const page = PAGES[path];
    if (!page) return void response.writeHead(404, { 'content-type': 'text/html' }).end('<p>Not here</p>');
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html><body>${page}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const response of hanging) response.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

describe('visitRoute', () => {
  it('probes a page whose targets are there as soon as it has loaded', async () => {
    const visit = await visitRoute(browser, '/ready', `${base}/ready`, SAVE, 10_000);
    expect(visit).toMatchObject({ route: '/ready', url: `${base}/ready`, status: 200, settled: 'targets', pageErrors: [] });
    expect(visit.error).toBeUndefined();
    expect(visit.helpValues).toBeUndefined();
    expect(visit.results).toEqual([expect.objectContaining({ counts: [1], matched: 0, element: 'button[data-help="save"]', visible: true })]);
  });

  it('waits for a target the app adds after loading', async () => {
    const visit = await visitRoute(browser, '/late', `${base}/late`, SAVE, 10_000);
    expect(visit.settled).toBe('targets');
    expect(visit.results[0]).toMatchObject({ counts: [1], matched: 0 });
  });

  it('a target that never appears: probed once reads went quiet, with the data-help values the page has', async () => {
    const visit = await visitRoute(browser, '/missing', `${base}/missing`, SAVE, 10_000);
    expect(visit.settled).toBe('network-idle');
    expect(visit.results).toEqual([{ counts: [0], matched: -1 }]);
    expect(visit.helpValues).toEqual(['export', 'import']);
  });

  it('beacons the page keeps sending do not keep it from settling', async () => {
    const visit = await visitRoute(browser, '/beacons', `${base}/beacons`, SAVE, 10_000);
    expect(visit.settled).toBe('network-idle');
  });

  it('a read that never ends: the time budget runs out, and the page is still probed', async () => {
    const visit = await visitRoute(browser, '/hanging-read', `${base}/hanging-read`, SAVE, 4_000);
    expect(visit.settled).toBe('timeout');
    expect(visit.results).toEqual([{ counts: [0], matched: -1 }]);
    expect(visit.helpValues).toEqual(['export']);
  });

  it('an HTTP error status is reported and nothing is probed', async () => {
    const visit = await visitRoute(browser, '/nowhere', `${base}/nowhere`, SAVE, 10_000);
    expect(visit).toMatchObject({ status: 404, error: `${base}/nowhere answered HTTP 404`, results: [] });
    expect(visit.settled).toBeUndefined();
  });

  it('a server that cannot be reached is reported, not thrown', async () => {
    const visit = await visitRoute(browser, '/', 'http://127.0.0.1:1/', SAVE, 10_000);
    expect(visit.error).toMatch(/^cannot open http:\/\/127\.0\.0\.1:1\/: /);
    expect(visit.error).not.toContain('\n');
    expect(visit.results).toEqual([]);
  });

  it("keeps the page's uncaught errors, first line only, at most five", async () => {
    const visit = await visitRoute(browser, '/errors', `${base}/errors`, SAVE, 10_000);
    expect(visit.pageErrors).toEqual(['boom 0', 'boom 1', 'boom 2', 'boom 3', 'boom 4']);
  });

  it('leaves no page open behind it', async () => {
    const before = browser.contexts().length;
    await visitRoute(browser, '/ready', `${base}/ready`, SAVE, 10_000);
    await visitRoute(browser, '/nowhere', `${base}/nowhere`, SAVE, 10_000);
    expect(browser.contexts().length).toBe(before);
  });
});
