#!/usr/bin/env node
/**
 * `guidepost analyze` on about one million events: the time from the command's start to its
 * JSON report (DuckDB reads the NDJSON, deduplicates, aggregates per unit; TypeScript does
 * the statistics), on the BUILT CLI (dist/cli.js), the code users run.
 *
 * The log comes from `guidepost simulate` (seeded, so every run measures the same input)
 * into a temporary file, removed afterwards. Aim: under 5 s on a two-core machine.
 * Run alone with `node bench/analyze.js [--events 1000000] [--runs 3]` after `npm run build`,
 * or import `analyzeSuite` from a runner (bench/run.js).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** Events per simulated user, measured on `simulate --seed 1` (229,864 events for 20,000 users). */
const EVENTS_PER_UNIT = 11.49;

/**
 * @param {{ events?: number, runs?: number }} [options]
 * @returns {Promise<{ events: number, bytes: number, simulateSeconds: number, runs: number[], medianSeconds: number, lift: number }>}
 */
export async function runAnalyzeBench(options = {}) {
  const settings = { events: 1_000_000, runs: 3, ...options };
  const { main } = await import(pathToFileURL(CLI).href).catch(() => {
    throw new Error('dist/cli.js is missing: run "npm run build" first');
  });
  const dir = await mkdtemp(join(os.tmpdir(), 'guidepost-bench-analyze-'));
  const file = join(dir, 'events.ndjson');
  const quiet = () => {};
  try {
    let truth;
    const startSim = performance.now();
    const units = String(Math.ceil(settings.events / EVENTS_PER_UNIT));
    const code = await main(['simulate', '--units', units, '--lift', '0.09', '--seed', '1', '--out', file], quiet, (line) => {
      truth = JSON.parse(line.slice(line.indexOf('truth ') + 6));
    });
    if (code !== 0) throw new Error(`simulate exited ${code}`);
    const simulateSeconds = (performance.now() - startSim) / 1000;
    const { size } = await stat(file);

    const analyze = async () => {
      let json = '';
      const errors = [];
      const start = performance.now();
      const exit = await main(['analyze', file, '--json'], (text) => (json += text), (text) => errors.push(text));
      const seconds = (performance.now() - start) / 1000;
      if (exit !== 0) throw new Error(`analyze exited ${exit}: ${errors.join(' ')}`);
      return { seconds, report: JSON.parse(json) };
    };
    await analyze(); // warm-up: loads DuckDB's native module and fills the page cache
    const runs = [];
    let report;
    for (let i = 0; i < settings.runs; i++) {
      const result = await analyze();
      runs.push(result.seconds);
      report = result.report;
    }
    if (report.hygiene.rowsRead !== truth.events) throw new Error(`read ${report.hygiene.rowsRead} rows, wrote ${truth.events}`);
    const sorted = [...runs].sort((a, b) => a - b);
    return {
      events: truth.events,
      bytes: size,
      simulateSeconds,
      runs,
      medianSeconds: sorted[Math.floor(sorted.length / 2)],
      lift: report.experiments[0].exposed.comparisons[0].absoluteLift,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Prints the result; returns the median seconds. */
export async function analyzeSuite(options = {}) {
  const r = await runAnalyzeBench(options);
  const cpus = os.cpus();
  console.log(`analyze (${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)})`);
  console.log(`  input: ${r.events.toLocaleString('en')} events, ${(r.bytes / 2 ** 20).toFixed(0)} MiB of NDJSON (simulated in ${r.simulateSeconds.toFixed(1)} s)`);
  console.log(`  runs:  ${r.runs.map((s) => `${s.toFixed(2)} s`).join(', ')}`);
  console.log(`  median: ${r.medianSeconds.toFixed(2)} s, ${Math.round(r.events / r.medianSeconds).toLocaleString('en')} events/s (target < 5 s); detected lift ${(r.lift * 100).toFixed(2)} points (true 9)`);
  return r.medianSeconds;
}

function parseFlags(argv) {
  const flags = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!['events', 'runs'].includes(key) || !Number.isInteger(value) || value <= 0) throw new Error('usage: node bench/analyze.js [--events 1000000] [--runs 3]');
    flags[key] = value;
  }
  return flags;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await analyzeSuite(parseFlags(process.argv.slice(2)));
}
