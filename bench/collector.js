#!/usr/bin/env node
/**
 * Collector throughput: events per second that `guidepost serve` stores (validated,
 * de-duplicated, appended and fdatasync'ed before each 200) over loopback, from several
 * concurrent clients posting batches of 50 — what a fleet of SDKs does.
 *
 * Each run starts a fresh server (built dist/cli.js) on 127.0.0.1 with an empty data
 * folder, sends a bounded number of events (or stops at a time limit), checks that the
 * file holds exactly the events sent, and reports events/s; the median of the runs is the
 * result. Run alone with `node bench/collector.js [--clients 8] [--events 20000] [--runs 5]`
 * (after `npm run build`), or import `runCollectorBench` / `collectorSuite` from a runner.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/**
 * @typedef {{ clients?: number, batchSize?: number, events?: number, runs?: number, maxSecondsPerRun?: number }} CollectorBenchOptions
 * @typedef {{ eventsPerSecond: number, events: number, seconds: number, requests: number, p50RequestMs: number, p95RequestMs: number }} CollectorRun
 */

function event(i) {
  return {
    event_id: randomUUID(),
    type: i % 5 === 0 ? 'goal' : 'exposure',
    ts: new Date(Date.UTC(2026, 10, 22, 10, 0, 0, i)).toISOString(),
    schema_version: 1,
    sdk_version: '0.1.0',
    anonymous_id: `anon-${i % 997}`,
    user_id: `u${i % 997}`,
    account_id: `acct-${i % 53}`,
    session_id: `s-${i % 1999}`,
    revision: '2026-11-22.1',
    url: 'https://app.example/board',
    ...(i % 5 === 0
      ? { name: 'project_created', properties: { template: 'blank' } }
      : { item_id: 'welcome-tour', item_type: 'tour', item_version: 1, experiment: 'welcome', variation: i % 2 ? 'treatment' : 'control', bucket_version: 1, unit: 'user', unit_id: `u${i % 997}`, rendered: i % 2 === 1, counterfactual: i % 2 === 0 }),
  };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** One run against a fresh server. @returns {Promise<CollectorRun>} */
async function runOnce(startServer, { clients, batchSize, events, maxSecondsPerRun }) {
  const dataDir = await mkdtemp(join(os.tmpdir(), 'guidepost-bench-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', root: dataDir, dataDir });
  try {
    const url = new URL('/collect', server.url).href;
    // Bodies are built before the clock starts: the client's JSON work is not the collector's.
    const bodies = [];
    for (let i = 0; i < events; i += batchSize) {
      bodies.push(JSON.stringify({ events: Array.from({ length: Math.min(batchSize, events - i) }, (_, j) => event(i + j)) }));
    }
    const latencies = [];
    let next = 0;
    let sent = 0;
    const deadline = performance.now() + maxSecondsPerRun * 1000;
    const start = performance.now();
    const client = async () => {
      while (next < bodies.length && performance.now() < deadline) {
        const index = next++;
        const t0 = performance.now();
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[index] });
        const answer = await response.json();
        if (response.status !== 200) throw new Error(`collector answered ${response.status}: ${JSON.stringify(answer)}`);
        latencies.push(performance.now() - t0);
        sent += answer.accepted;
      }
    };
    await Promise.all(Array.from({ length: clients }, client));
    const seconds = (performance.now() - start) / 1000;
    const lines = (await readFile(server.collector.file, 'utf8')).split('\n').filter(Boolean).length;
    if (lines !== sent) throw new Error(`the file holds ${lines} events, the collector acknowledged ${sent}`);
    latencies.sort((a, b) => a - b);
    return { eventsPerSecond: sent / seconds, events: sent, seconds, requests: latencies.length, p50RequestMs: quantile(latencies, 0.5), p95RequestMs: quantile(latencies, 0.95) };
  } finally {
    await server.close();
    await server.collector.close?.();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Runs the benchmark and returns every run plus the median events/s.
 * @param {CollectorBenchOptions} [options]
 */
export async function runCollectorBench(options = {}) {
  const settings = { clients: 8, batchSize: 50, events: 20_000, runs: 5, maxSecondsPerRun: 10, ...options };
  const { startServer } = await import(pathToFileURL(CLI).href).catch(() => {
    throw new Error('dist/cli.js is missing: run "npm run build" first');
  });
  await runOnce(startServer, { ...settings, events: Math.min(2_000, settings.events) }); // warm-up (JIT, page cache)
  const runs = [];
  for (let i = 0; i < settings.runs; i++) runs.push(await runOnce(startServer, settings));
  const sorted = runs.map((r) => r.eventsPerSecond).sort((a, b) => a - b);
  return { settings, runs, medianEventsPerSecond: quantile(sorted, 0.5) };
}

/** Prints the result as a small table; returns the median events/s. */
export async function collectorSuite(options = {}) {
  const { settings, runs, medianEventsPerSecond } = await runCollectorBench(options);
  console.log(`collector (POST /collect over 127.0.0.1: ${settings.clients} clients, batches of ${settings.batchSize}, fdatasync before each answer)`);
  console.log(['run', 'events', 'seconds', 'events/s', 'req p50 ms', 'req p95 ms'].map((h) => h.padStart(12)).join(''));
  runs.forEach((r, i) =>
    console.log([String(i + 1), String(r.events), r.seconds.toFixed(2), Math.round(r.eventsPerSecond).toLocaleString('en'), r.p50RequestMs.toFixed(1), r.p95RequestMs.toFixed(1)].map((c) => c.padStart(12)).join('')),
  );
  console.log(`median: ${Math.round(medianEventsPerSecond).toLocaleString('en')} events/s (target >= 1,000)`);
  return medianEventsPerSecond;
}

function parseFlags(argv) {
  const flags = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = Number(argv[i + 1]);
    if (!key || !Number.isFinite(value) || value <= 0) throw new Error(`usage: node bench/collector.js [--clients N] [--batch N] [--events N] [--runs N] [--seconds N]`);
    flags[{ clients: 'clients', batch: 'batchSize', events: 'events', runs: 'runs', seconds: 'maxSecondsPerRun' }[key] ?? key] = value;
  }
  return flags;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await collectorSuite(parseFlags(process.argv.slice(2)));
}
