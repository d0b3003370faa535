#!/usr/bin/env node
/**
 * How long `gp.flushBeforeNavigation()` holds a navigation, in Chromium with the built SDK on
 * the demo (the numbers test/demo/delivery.browser.test.ts used to assert, now only printed:
 * DESIGN.md, "a benchmark in npm run bench, never a timing assertion in a unit test"):
 *
 * - collector up: a goal is tracked, then the flush waits for its acknowledgement;
 * - during Retry-After: the collector answered 503 + Retry-After: 30, the flush answers false
 *   without sending;
 * - collector hung: requests are never answered, the flush gives up after its 1 s timeout.
 *
 *   node bench/flush-navigation.js [--runs 10]
 *
 * Needs `npm run build` (dist/cli.js serves the demo and the collector) and Chromium.
 * Part of `npm run bench` (bench/run.js calls `flushNavigationSuite()`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// The same Chromium and flags as the browser bench and tests.
import { ARGS, chromiumPath } from './browser.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const sorted = (values) => [...values].sort((a, b) => a - b);
const median = (values) => sorted(values)[Math.floor((values.length - 1) / 2)];

/** Opens the demo in a fresh context (with `prepare` applied first) and waits until Guidepost has started. */
async function openDemo(browser, url, prepare) {
  const context = await browser.newContext();
  await prepare?.(context);
  const page = await context.newPage();
  await page.goto(new URL('/reports?guidepost_force=help-links-holdout:help', url).href);
  await page.locator('[data-part=banner][data-item=trial-banner]').waitFor();
  return { context, page };
}

/** Tracks a goal and times the flush in the page: `{ delivered, ms }`. */
function timedFlush(page, timeoutMs) {
  return page.evaluate(async (timeoutMs) => {
    const gp = window.tasklane.gp;
    gp.track('bench_flush', { at: Date.now() });
    const started = performance.now();
    const delivered = await gp.flushBeforeNavigation(timeoutMs);
    return { delivered, ms: performance.now() - started };
  }, timeoutMs);
}

const SCENARIOS = {
  'collector up': async (browser, url) => {
    const { context, page } = await openDemo(browser, url);
    try {
      return await timedFlush(page);
    } finally {
      await context.close();
    }
  },
  'during Retry-After': async (browser, url) => {
    let answered = 0;
    const { context, page } = await openDemo(browser, url, (context) =>
      context.route('**/collect', (route) => {
        answered++;
        return route.fulfill({ status: 503, headers: { 'Retry-After': '30' }, body: 'maintenance' });
      }),
    );
    try {
      // The page's first batch (its exposures) meets the 503; the flush comes after the page read it.
      while (answered === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 250));
      return await timedFlush(page);
    } finally {
      await context.close();
    }
  },
  'collector hung (1 s timeout)': async (browser, url) => {
    const { context, page } = await openDemo(browser, url, (context) => context.route('**/collect', () => {}));
    try {
      return await timedFlush(page, 1000);
    } finally {
      await context.close();
    }
  },
};

export async function flushNavigationSuite({ runs = 10 } = {}) {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import(pathToFileURL(join(ROOT, 'dist/cli.js')).href);
  const dataDir = await mkdtemp(join(os.tmpdir(), 'guidepost-flush-navigation-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', root: join(ROOT, 'demo'), dataDir });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
  try {
    console.log(`\nflushBeforeNavigation() on the demo (${runs} runs each, ms in the page)`);
    console.log('scenario                      | delivered          | median ms | max ms');
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      const results = [];
      for (let i = 0; i < runs; i++) results.push(await scenario(browser, server.url));
      const ms = results.map((r) => r.ms);
      const delivered = `${results.filter((r) => r.delivered).length}/${runs} true`;
      console.log(`${name.padEnd(29)} | ${delivered.padEnd(18)} | ${median(ms).toFixed(1).padStart(9)} | ${Math.max(...ms).toFixed(1).padStart(6)}`);
    }
  } finally {
    await browser.close();
    await server.close();
    await server.collector?.close?.();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flags = process.argv.slice(2);
  const runs = flags.includes('--runs') ? Number(flags[flags.indexOf('--runs') + 1]) : undefined;
  await flushNavigationSuite({ runs });
}
