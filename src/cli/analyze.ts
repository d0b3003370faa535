/**
 * `guidepost analyze <events.ndjson...>`: per-unit aggregation in SQL run by embedded DuckDB
 * over the NDJSON files, statistics in TypeScript on the aggregates (src/analysis/), a table
 * or JSON out. `--print-sql` prints the same queries for a warehouse instead.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parse as parseJsonc } from 'jsonc-parser';
import { aggregateWithDuckDb, DuckDbMissingError } from '../analysis/duckdb';
import { formatReport } from '../analysis/format';
import { buildReport, type AnalysisReport, type ReportOptions } from '../analysis/report';
import { buildQueries, DIALECTS, duckdbEventsTable, type DialectName } from '../analysis/sql';
import { parseArgs, UsageError } from './args';

export const ANALYZE_USAGE = `Usage: guidepost analyze <events.ndjson...|-> [options]
  --goal <name>         goal event (type "goal") that counts as a conversion (default: upgraded)
  --window <28d>        conversion window after each unit's first exposure (s, m, h, d, w)
  --experiment <key>    only this experiment
  --control <variation> the control arm (default: the counterfactual arm, else the manifest's first, else sorted first)
  --weights <0.5,0.5>   configured split, control first (default: equal; --manifest supplies it)
  --manifest <file>     read variation order and weights from the manifest
  --mde <0.02>          smallest absolute lift worth detecting, for the sample-size advice
  --json                machine-readable output
  --print-sql           print the queries instead of running them
  --dialect <duckdb|bigquery|clickhouse>   with --print-sql (default duckdb)
  --table <name>        with --print-sql for a warehouse: the events table (default events)
Reads standard input when no file (or "-") is given.`;

export interface AnalyzeSettings {
  goal: string;
  windowMs: number;
  experiment?: string;
  mde: number;
  control?: string;
  weights?: number[];
  manifestOrder?: Record<string, string[]>;
  manifestWeights?: Record<string, Record<string, number>>;
}

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "28d", "12h", "2w" → milliseconds. */
export function parseWindow(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match || !(Number(match[1]) > 0)) throw new UsageError(`--window must look like 28d, 12h or 2w; found "${text}"`);
  return Number(match[1]) * UNITS_MS[match[2]];
}

function parseUnitInterval(name: string, text: string): number {
  const value = Number(text);
  if (!(value > 0 && value < 1)) throw new UsageError(`--${name} must be a number between 0 and 1 (0.02 = 2 points); found "${text}"`);
  return value;
}

function parseWeights(text: string): number[] {
  const weights = text.split(',').map((w) => Number(w.trim()));
  if (weights.length < 2 || weights.some((w) => !(w > 0))) throw new UsageError(`--weights must be two or more positive numbers, like 0.5,0.5; found "${text}"`);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** Variation order and weights per experiment from a manifest (JSON or JSON with comments). */
async function readManifest(file: string): Promise<Pick<AnalyzeSettings, 'manifestOrder' | 'manifestWeights'>> {
  const manifest = parseJsonc(await readFile(file, 'utf8')) as { experiments?: { key?: string; variations?: { key?: string; weight?: number }[] }[] } | undefined;
  const manifestOrder: Record<string, string[]> = {};
  const manifestWeights: Record<string, Record<string, number>> = {};
  for (const e of manifest?.experiments ?? []) {
    if (typeof e.key !== 'string' || !Array.isArray(e.variations)) continue;
    const keys = e.variations.map((v) => String(v.key));
    manifestOrder[e.key] = keys;
    if (e.variations.some((v) => typeof v.weight === 'number')) {
      manifestWeights[e.key] = Object.fromEntries(e.variations.map((v) => [String(v.key), v.weight ?? 0]));
    }
  }
  return { manifestOrder, manifestWeights };
}

/** Aggregates the files in DuckDB and builds the report. Throws DuckDbMissingError without DuckDB. */
export async function analyzeFiles(files: readonly string[], settings: AnalyzeSettings): Promise<AnalysisReport & { timings: { loadMs: number; queryMs: number } }> {
  const run = await aggregateWithDuckDb(files, { goal: settings.goal, windowMs: settings.windowMs, experiment: settings.experiment });
  const options: ReportOptions = { ...settings, inputs: [...files] };
  return { ...buildReport(run.rows, options), timings: run.timings };
}

/** Standard input to a temporary file (DuckDB reads files). Returns the file and its cleanup. */
async function stdinToFile(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'guidepost-analyze-'));
  const file = join(dir, 'stdin.ndjson');
  await pipeline(process.stdin, createWriteStream(file));
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function analyzeCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['goal', 'window', 'experiment', 'control', 'weights', 'manifest', 'mde', 'dialect', 'table'], ['json', 'print-sql']);
  const settings: AnalyzeSettings = {
    goal: typeof flags.goal === 'string' ? flags.goal : 'upgraded',
    windowMs: parseWindow(typeof flags.window === 'string' ? flags.window : '28d'),
    mde: typeof flags.mde === 'string' ? parseUnitInterval('mde', flags.mde) : 0.02,
    ...(typeof flags.experiment === 'string' && { experiment: flags.experiment }),
    ...(typeof flags.control === 'string' && { control: flags.control }),
    ...(typeof flags.weights === 'string' && { weights: parseWeights(flags.weights) }),
  };
  const dialectName = (typeof flags.dialect === 'string' ? flags.dialect : 'duckdb') as DialectName;
  if (!(dialectName in DIALECTS)) throw new UsageError(`--dialect must be duckdb, bigquery or clickhouse; found "${dialectName}"`);
  if (flags.dialect !== undefined && !flags['print-sql']) throw new UsageError('--dialect goes with --print-sql');

  if (flags['print-sql']) {
    out(printSql(dialectName, positional.length ? positional : ['events.ndjson'], typeof flags.table === 'string' ? flags.table : 'events', settings));
    return 0;
  }
  if (typeof flags.manifest === 'string') Object.assign(settings, await readManifest(resolve(flags.manifest)));

  const useStdin = positional.length === 0 || positional.includes('-');
  if (useStdin && process.stdin.isTTY) throw new UsageError('give one or more events.ndjson files (or pipe events into standard input)');
  const files = positional.filter((f) => f !== '-').map((f) => resolve(f));
  for (const file of files) {
    try {
      await stat(file);
    } catch {
      err(`guidepost: ${file}: no such file`);
      return 1;
    }
  }
  const piped = useStdin ? await stdinToFile() : undefined;
  try {
    const report = await analyzeFiles(piped ? [...files, piped.file] : files, settings);
    if (flags.json) {
      const { timings: _timings, ...rest } = report;
      out(JSON.stringify(rest, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2));
    } else {
      out(formatReport(report));
    }
    return 0;
  } catch (error) {
    if (error instanceof DuckDbMissingError) {
      err(error.message);
      return 2;
    }
    throw error;
  } finally {
    await piped?.cleanup();
  }
}

/** The queries as a script: for DuckDB over the files, for a warehouse over `table`. */
export function printSql(dialect: DialectName, files: readonly string[], table: string, settings: Pick<AnalyzeSettings, 'goal' | 'windowMs' | 'experiment'>): string {
  const options = { goal: settings.goal, windowMs: settings.windowMs, experiment: settings.experiment };
  const d = DIALECTS[dialect];
  const header = [
    `-- guidepost analyze: per-unit aggregation (${dialect}). Goal "${settings.goal}", window ${settings.windowMs / 86_400_000} days.`,
    '-- Statistics (rates, intervals, p-values, sample-ratio test) are computed from these rows: see docs/analysis.md.',
  ];
  const blocks: string[] = [];
  if (dialect === 'duckdb') {
    blocks.push(`-- events: the NDJSON files, one row per line, missing fields NULL\n${duckdbEventsTable(files)};`);
    const { setup, queries } = buildQueries(d, options, 'events', true);
    blocks.push(...setup.map((s) => `-- clean: each event_id once, derived columns\n${s};`));
    for (const [name, sql] of Object.entries(queries)) blocks.push(`-- ${name}\n${sql};`);
  } else {
    const { queries } = buildQueries(d, options, table, false);
    for (const [name, sql] of Object.entries(queries)) blocks.push(`-- ${name}\n${sql};`);
  }
  return [...header, '', blocks.join('\n\n')].join('\n');
}
