#!/usr/bin/env node
/**
 * `npm run bench`: builds (see package.json), then runs every benchmark suite and prints a
 * table with the machine it ran on. Add a suite by exporting `benchmarks` from a module and
 * listing it in SUITES. `node bench/run.js decide` runs only benchmarks whose name matches.
 */
import { machineInfo, run, table } from './harness.js';

const SUITES = [
  ['engine', () => import('./engine.js')],
  ['validate', () => import('./validate.js')],
];

const filter = process.argv[2]?.toLowerCase();
const info = machineInfo();
console.log(`Guidepost benchmarks — ${info.cpu}, ${info.cores} cores, ${info.memory}, Node ${info.node} (V8 ${info.v8}), ${info.platform}`);
if (info.load > info.cores) {
  console.log(`Machine busy: load average ${info.load.toFixed(1)} on ${info.cores} cores. Wall times include waiting for a core; see the cpu column.`);
}

let over = 0;
for (const [suite, load] of SUITES) {
  const { benchmarks } = await load();
  const selected = benchmarks.filter((b) => !filter || b.name.toLowerCase().includes(filter) || suite.includes(filter));
  if (selected.length === 0) continue;
  const results = selected.map(run);
  over += results.filter((r) => r.budgetMs !== undefined && r.median > r.budgetMs).length;
  console.log(`\n${suite}\n${table(results)}`);
}
console.log('\nTimes are per call, after warm-up; "budget" compares the median wall time. cpu = process CPU time (all threads).');
// Over budget is reported, not fatal: timings depend on the machine (DESIGN.md: never a timing assertion in a test).
if (over) console.log(`${over} benchmark(s) over budget on this machine.`);

// Throughput of the event collector over loopback (its own runs and table).
if (!filter || 'collector'.includes(filter)) {
  const { collectorSuite } = await import('./collector.js');
  await collectorSuite();
}

// `guidepost analyze` over one million simulated events (DuckDB).
if (!filter || 'analyze'.includes(filter)) await (await import('./analyze.js')).analyzeSuite();

// Guidepost next to Shepherd.js and Driver.js in Chromium: bytes, tour timings, scrolling, leaks.
if (!filter || 'browser'.includes(filter)) {
  const { browserSuite } = await import('./browser.js');
  await browserSuite();
}

// Events lost when a page closes right after a burst (Chromium, the real outbox and beacons).
if (!filter || 'close-loss'.includes(filter)) {
  const { closeLossSuite } = await import('./close-loss.js');
  await closeLossSuite();
}

// How long flushBeforeNavigation() holds a navigation (collector up, Retry-After, hung).
if (!filter || 'flush-navigation'.includes(filter)) {
  const { flushNavigationSuite } = await import('./flush-navigation.js');
  await flushNavigationSuite();
}
