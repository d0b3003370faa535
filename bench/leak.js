#!/usr/bin/env node
/**
 * A longer leak check than the suite's: one page of the side-by-side benchmark, thousands of
 * tour start/close cycles, and the JS heap after two forced GCs at each checkpoint. A heap that
 * keeps growing between late checkpoints is a leak; warm-up growth stops early.
 *
 *   node bench/leak.js [--lib guidepost|shepherd|driver] [--points 10,1000,2000,3000]
 *
 * Needs `npm run build` and Chromium (as bench/browser.js). Not part of `npm run bench`
 * (about a minute per library).
 */
import { ARGS, chromiumPath, serve } from './browser.js';

function parseFlags(argv) {
  const flags = { lib: 'guidepost', points: [10, 1000, 2000, 3000] };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i]?.replace(/^--/, ''), argv[i + 1]];
    if (key === 'lib' && ['guidepost', 'shepherd', 'driver'].includes(value)) flags.lib = value;
    else if (key === 'points' && /^\d+(,\d+)*$/.test(value ?? '')) flags.points = value.split(',').map(Number);
    else throw new Error('usage: node bench/leak.js [--lib guidepost|shepherd|driver] [--points 10,1000,2000,3000]');
  }
  return flags;
}

const { lib, points } = parseFlags(process.argv.slice(2));
const { chromium } = await import('playwright-core');
// The benchmark's server: its pages, dist/ and the peers' files (no ESM bundle needed here).
const server = await serve(null, []);
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${server.url}${lib}.html`);
  await page.waitForFunction(() => window.bench?.ready === true);
  await page.evaluate(() => window.bench.tourInit());
  console.log(`${lib}: JS heap after GC, by start/close cycles done (Chromium ${browser.version()})`);
  let done = 0;
  for (const target of points) {
    await page.evaluate((n) => window.bench.cycles(n), Math.max(0, target - done));
    done = Math.max(done, target);
    await page.waitForTimeout(500); // pending storage writes and fade-outs settle
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
    console.log(`${String(done).padStart(6)} cycles: ${String(Math.round(heap / 1024)).padStart(6)} KiB heap, ${nodes} DOM nodes, ${jsEventListeners} listeners`);
  }
} finally {
  await browser.close();
  await server.close();
}
