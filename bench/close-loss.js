#!/usr/bin/env node
/**
 * Events lost when a page closes right after a burst. A first page leaves a backlog in the
 * outbox (300 events it could not send, part of them beaconed as it closed); a second page
 * emits a burst and closes at once; a third page, with the collector reachable again, sends
 * whatever the outbox holds. Counts the burst's and the backlog's events that are neither in
 * the collector's file nor in the outbox (lost), and those still waiting in the outbox. The collector answers fetches with 503 while the first two pages live
 * (beacons still land), as when it is down or the page closes before its batch goes out.
 *
 *   node bench/close-loss.js [--bursts 50,150,300,1000] [--runs 3]
 *
 * Needs `npm run build` (dist/cli.js for the collector) and Chromium. Part of `npm run bench`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ARGS, chromiumPath } from './browser.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BACKLOG = 300;

/** Bundles the delivery test page (the tracker wired as the SDK wires it) into a temp folder. */
async function buildPage() {
  const { build } = await import('vite');
  const dir = await mkdtemp(join(os.tmpdir(), 'guidepost-close-loss-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      lib: { entry: join(ROOT, 'test/pages/delivery/entry.ts'), formats: ['iife'], name: 'GuidepostDeliveryPage', fileName: () => 'delivery.js' },
    },
  });
  const { copyFile } = await import('node:fs/promises');
  await copyFile(join(ROOT, 'test/pages/delivery/index.html'), join(dir, 'index.html'));
  return dir;
}

/** Polls `read` until `done` holds or `timeoutMs` passes (then goes on: the caller counts what is left). */
async function until(read, done, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (!done(await read()) && Date.now() < end) await new Promise((ok) => setTimeout(ok, 100));
}

async function oneRun(browser, url, file, burstSize, gate) {
  const context = await browser.newContext();
  gate.fetchBlocked = true;
  const open = async (query = '') => {
    const page = await context.newPage();
    await page.goto(`${url}${query}`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await page.evaluate(() => window.delivery.ready());
    return page;
  };
  try {
    const first = await open('?delay=60000');
    const backlog = await first.evaluate((n) => window.delivery.emit(n, 'backlog'), BACKLOG);
    await until(() => first.evaluate(() => window.delivery.stored().then((s) => s.length)), (n) => n >= BACKLOG, 10_000);
    await first.close();
    const second = await open('?delay=60000');
    // The burst, and the page hides in the same task: its outbox write has not committed yet.
    const burst = await second.evaluate((n) => {
      const ids = window.delivery.emit(n, 'burst');
      dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      return ids;
    }, burstSize);
    await second.close();
    gate.fetchBlocked = false;
    const third = await open();

    await until(() => third.evaluate(() => window.delivery.stored().then((s) => s.length)), (n) => n === 0, 60_000);
    const waiting = new Set(await third.evaluate(() => window.delivery.stored()));
    const stored = new Set(
      (await readFile(file, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).event_id),
    );
    const lost = (ids) => ids.filter((id) => !stored.has(id) && !waiting.has(id)).length;
    return { burstLost: lost(burst), backlogLost: lost(backlog), undelivered: waiting.size };
  } finally {
    await context.close();
  }
}

export async function closeLossSuite({ bursts = [50, 150, 300, 1000], runs = 3 } = {}) {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import(pathToFileURL(join(ROOT, 'dist/cli.js')).href);
  const pageDir = await buildPage();
  const dataDir = await mkdtemp(join(os.tmpdir(), 'guidepost-close-loss-data-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', root: pageDir, dataDir });
  // While the gate is closed the collector answers fetches (JSON) with 503 and takes beacons
  // (text/plain): a collector that is down for ordinary sends, as a page closing mid-batch sees it.
  const gate = { fetchBlocked: false };
  const [handler] = server.server.listeners('request');
  server.server.removeAllListeners('request');
  server.server.on('request', (req, res) => {
    if (gate.fetchBlocked && req.url === '/collect' && String(req.headers['content-type']).startsWith('application/json')) {
      req.resume();
      res.writeHead(503, { 'access-control-allow-origin': '*' });
      return res.end('{"error":"down"}');
    }
    return handler(req, res);
  });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
  try {
    console.log(`\nclosing right after a burst (backlog of ${BACKLOG} left by an earlier page; ${runs} runs each; events missing from the collector)`);
    console.log('burst  | burst events lost (per run)  | backlog events lost (per run) | still in the outbox after 60 s');
    for (const burst of bursts) {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await oneRun(browser, server.url, server.collector.file, burst, gate));
      console.log(`${String(burst).padStart(6)} | ${results.map((r) => `${r.burstLost}/${burst}`).join(', ').padEnd(28)} | ${results.map((r) => `${r.backlogLost}/${BACKLOG}`).join(', ').padEnd(29)} | ${results.map((r) => r.undelivered).join(', ')}`);
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(pageDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flags = process.argv.slice(2);
  const get = (name) => flags[flags.indexOf(`--${name}`) + 1];
  await closeLossSuite({
    bursts: flags.includes('--bursts') ? get('bursts').split(',').map(Number) : undefined,
    runs: flags.includes('--runs') ? Number(get('runs')) : undefined,
  });
}
