#!/usr/bin/env node
/**
 * `guidepost analyze` against the same aggregation written directly in DuckDB, side by side, on
 * simulated logs of about 1 M and 5 M events: wall time and peak memory (max RSS) of each, and
 * the ratios (target: analyze within 1.3× of raw DuckDB on both). Each run is its own child
 * process, so peak memory is that run's alone; the BUILT CLI (dist/cli.js) is measured, the
 * code users run.
 *
 * The logs come from `guidepost simulate` (seeded: every run measures the same input) into a
 * temporary folder, removed afterwards. Run alone with
 * `node bench/analyze.js [--events 1000000,5000000] [--runs 1]` after `npm run build`, or import
 * `analyzeSuite` from a runner (bench/run.js). The 5 M log is about 2 GB of NDJSON.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** Events per simulated user, measured on `simulate --seed 1` (252,082 events for 20,000 users). */
const EVENTS_PER_UNIT = 12.6;

/**
 * The per-unit aggregation as someone would write it straight in DuckDB: read, dedupe, first
 * exposure and arm per unit and population, conversions in the window. It is what analyze's
 * `arms` query computes, without the checks around it.
 */
const RAW_SQL = (file) => `
SET TimeZone = 'UTC';
CREATE TEMP TABLE ev AS
SELECT DISTINCT ON (event_id) event_id, type, name, epoch_ms(ts::TIMESTAMPTZ) AS ms, user_id, account_id, anonymous_id,
  experiment, variation, unit, unit_id, coalesce(forced, false) AS forced
FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', ignore_errors = true,
  columns = {event_id: 'VARCHAR', type: 'VARCHAR', name: 'VARCHAR', ts: 'VARCHAR', user_id: 'VARCHAR', account_id: 'VARCHAR',
    anonymous_id: 'VARCHAR', experiment: 'VARCHAR', variation: 'VARCHAR', unit: 'VARCHAR', unit_id: 'VARCHAR', forced: 'BOOLEAN'})
ORDER BY event_id, ts;
WITH u AS (
  SELECT type, experiment, unit, unit_id, min(variation) AS arm, count(DISTINCT variation) AS arms, min(ms) AS first_ms
  FROM ev WHERE type IN ('exposure', 'assignment') AND NOT forced AND unit_id IS NOT NULL
  GROUP BY ALL
), g AS (
  SELECT 'user' AS unit, user_id AS id, ms FROM ev WHERE type = 'goal' AND name = 'upgraded' AND user_id IS NOT NULL
  UNION ALL SELECT 'account', account_id, ms FROM ev WHERE type = 'goal' AND name = 'upgraded' AND account_id IS NOT NULL
), c AS (
  SELECT u.type, u.experiment, u.unit, u.unit_id FROM u JOIN g ON g.unit = u.unit AND g.id = u.unit_id
  WHERE u.arms = 1 AND g.ms >= u.first_ms AND g.ms < u.first_ms + ${28 * 86_400_000} GROUP BY ALL
)
SELECT u.type, u.experiment, u.arm, count(*) AS units, count(c.unit_id) AS converted
FROM u LEFT JOIN c USING (type, experiment, unit, unit_id) WHERE u.arms = 1 GROUP BY ALL ORDER BY ALL;`;

const CHILD_ANALYZE = (file) => `
const { main } = await import(${JSON.stringify(pathToFileURL(CLI).href)});
const start = performance.now();
let out = '';
const code = await main(['analyze', ${JSON.stringify(file)}, '--json'], (t) => (out += t), (t) => console.error(t));
if (code !== 0) process.exit(code);
const report = JSON.parse(out);
process.stdout.write(JSON.stringify({ seconds: (performance.now() - start) / 1000, maxRssKb: process.resourceUsage().maxRSS, units: report.experiments[0].exposed.arms.map((a) => a.units) }));`;

const CHILD_RAW = (file) => `
const { DuckDBInstance } = await import('@duckdb/node-api');
const start = performance.now();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const statements = ${JSON.stringify(RAW_SQL(file))}.split(';').map((s) => s.trim()).filter(Boolean);
let rows = [];
for (const sql of statements) rows = (await connection.runAndReadAll(sql)).getRowObjects();
const units = rows.filter((r) => r.type === 'exposure').map((r) => Number(r.units));
process.stdout.write(JSON.stringify({ seconds: (performance.now() - start) / 1000, maxRssKb: process.resourceUsage().maxRSS, units }));`;

async function child(script) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), maxBuffer: 1 << 26 });
  return JSON.parse(stdout);
}

/**
 * @param {{ events?: number[], runs?: number }} [options]
 * @returns {Promise<{ events: number, bytes: number, analyze: { seconds: number, maxRssKb: number }, raw: { seconds: number, maxRssKb: number } }[]>}
 */
export async function runAnalyzeBench(options = {}) {
  const settings = { events: [1_000_000, 5_000_000], runs: 1, ...options };
  const { main } = await import(pathToFileURL(CLI).href).catch(() => {
    throw new Error('dist/cli.js is missing: run "npm run build" first');
  });
  const results = [];
  for (const target of settings.events) {
    const dir = await mkdtemp(join(os.tmpdir(), 'guidepost-bench-analyze-'));
    const file = join(dir, 'events.ndjson');
    try {
      let truth;
      const code = await main(['simulate', '--units', String(Math.ceil(target / EVENTS_PER_UNIT)), '--lift', '0.09', '--seed', '1', '--out', file], () => {}, (line) => {
        truth = JSON.parse(line.slice(line.indexOf('truth ') + 6));
      });
      if (code !== 0) throw new Error(`simulate exited ${code}`);
      const { size } = await stat(file);
      // Alternate the two so the page cache and the machine's load treat them alike; keep the best run of each.
      let analyze;
      let raw;
      for (let i = 0; i < settings.runs; i++) {
        const a = await child(CHILD_ANALYZE(file));
        const r = await child(CHILD_RAW(file));
        if (!analyze || a.seconds < analyze.seconds) analyze = a;
        if (!raw || r.seconds < raw.seconds) raw = r;
      }
      // Both count the same units per arm, or the comparison means nothing.
      if (JSON.stringify([...analyze.units].sort()) !== JSON.stringify([...raw.units].sort())) throw new Error(`different units: analyze ${analyze.units}, raw ${raw.units}`);
      results.push({ events: truth.events, bytes: size, analyze, raw });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return results;
}

/** Prints the results; returns them. */
export async function analyzeSuite(options = {}) {
  const results = await runAnalyzeBench(options);
  const cpus = os.cpus();
  console.log(`analyze vs raw DuckDB (${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)})`);
  for (const r of results) {
    const mb = (kb) => `${(kb / 1024).toFixed(0)} MiB`;
    const time = r.analyze.seconds / r.raw.seconds;
    const memory = r.analyze.maxRssKb / r.raw.maxRssKb;
    console.log(`  ${r.events.toLocaleString('en')} events (${(r.bytes / 2 ** 20).toFixed(0)} MiB NDJSON): analyze ${r.analyze.seconds.toFixed(2)} s, ${mb(r.analyze.maxRssKb)}; raw DuckDB ${r.raw.seconds.toFixed(2)} s, ${mb(r.raw.maxRssKb)}`);
    console.log(`    ratio: wall time ${time.toFixed(2)}×, peak memory ${memory.toFixed(2)}× (target ≤ 1.3×: ${time <= 1.3 && memory <= 1.3 ? 'met' : 'NOT met'})`);
  }
  return results;
}

function parseFlags(argv) {
  const flags = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = argv[i + 1] ?? '';
    if (key === 'events' && /^\d+(,\d+)*$/.test(value)) flags.events = value.split(',').map(Number);
    else if (key === 'runs' && /^\d+$/.test(value) && Number(value) > 0) flags.runs = Number(value);
    else throw new Error('usage: node bench/analyze.js [--events 1000000,5000000] [--runs 1]');
  }
  return flags;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await analyzeSuite(parseFlags(process.argv.slice(2)));
}
