/**
 * A tiny benchmark harness: warm-up, many timed runs, robust statistics (median and p95
 * rather than the mean, which one GC pause can move), a readable table and the machine it
 * ran on. Benchmarks are plain objects so new suites can be added without touching this file.
 *
 * @typedef {{ name: string, runs: number, warmup: number, budgetMs?: number, setup: () => (() => unknown), note?: (result: unknown) => string }} Benchmark
 * @typedef {{ name: string, samples: number[], median: number, p95: number, min: number, max: number, cpuMedian: number, budgetMs?: number, note: string }} Result
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';

/** The q-quantile (0..1) of sorted samples, by the nearest-rank method. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/**
 * Runs one benchmark: `setup()` builds the input (not timed) and returns the function to
 * time. Its result is kept in a sink so the JIT cannot drop the work as dead code.
 * @param {Benchmark} benchmark
 * @returns {Result}
 */
export function run(benchmark) {
  const fn = benchmark.setup();
  let sink;
  for (let i = 0; i < benchmark.warmup; i++) sink = fn();
  const samples = [];
  const cpu = [];
  for (let i = 0; i < benchmark.runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    sink = fn();
    samples.push(performance.now() - start);
    // CPU time of the process (all threads, GC helpers included): on a busy machine the wall
    // time also counts waiting for a core, this does not.
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name: benchmark.name,
    samples,
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    cpuMedian: quantile([...cpu].sort((a, b) => a - b), 0.5),
    budgetMs: benchmark.budgetMs,
    note: benchmark.note ? benchmark.note(sink) : '',
  };
}

/** Where the numbers come from: they mean little without it. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.arch()}`,
    load: os.loadavg()[0],
  };
}

const ms = (value) => (value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(2) : value.toFixed(0));

/** Formats results as an aligned text table. @param {Result[]} results */
export function table(results) {
  const header = ['benchmark', 'runs', 'median ms', 'p95 ms', 'min ms', 'max ms', 'cpu median ms', 'budget', 'notes'];
  const rows = results.map((r) => [
    r.name,
    String(r.samples.length),
    ms(r.median),
    ms(r.p95),
    ms(r.min),
    ms(r.max),
    ms(r.cpuMedian),
    r.budgetMs === undefined ? '' : `${r.median <= r.budgetMs ? 'ok' : 'OVER'} (${r.budgetMs} ms)`,
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const numeric = new Set([1, 2, 3, 4, 5, 6]);
  const line = (cells) => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
