/**
 * `guidepost analyze <events.ndjson...>`: per-unit aggregation in SQL run by embedded DuckDB
 * over the NDJSON files, statistics in TypeScript on the aggregates (src/analysis/), a table
 * or JSON out. `--print-sql` prints the same queries for a warehouse instead.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { aggregateOnClickHouseServer, aggregateWithChdb, ClickHouseMissingError, type ClickHouseClientLike } from '../analysis/clickhouse';
import { aggregateWithDuckDb, DuckDbMissingError } from '../analysis/duckdb';
import type { EngineRun } from '../analysis/engine';
import { formatReport } from '../analysis/format';
import { showControls, withoutIsolates } from '../analysis/names';
import { buildReport, experimentsIn, unknownControl, unknownExperiment, UnknownNameError, type AnalysisReport, type ReportOptions } from '../analysis/report';
import { findUnusableLines } from '../analysis/unusable-lines';
import { dialectNamed, SqlValueError, type DialectName, type QueryOptions } from '../analysis/sql';
import type { Experiment } from '../manifest/schema';
import { InvalidManifestError, readCheckedManifest } from './analyze-manifest';
import { printSql } from './analyze-sql';
import { parseArgs, UsageError } from './args';
import { printReport } from './validate';

export { printSql } from './analyze-sql';

export const ANALYZE_USAGE = `Usage: guidepost analyze <events.ndjson...|-> [options]
  --goal <name>         goal event (type "goal") that counts as a conversion (default: upgraded)
  --window <28d>        conversion window after each unit's first exposure (s, m, h, d, w)
  --experiment <key>    only this experiment
  --control <variation> the control arm (default: the counterfactual arm, else the manifest's first, else sorted first)
  --weights <0.5,0.5>   configured split of every arm, control first (default: the manifest's, else equal)
  --manifest <file>     variation order and weights, and audit every unit's arm against its seed, weights and coverage
  --as-of <time>        analyse as of this ISO time with zone (default: the newest event)
  --include-in-progress count units whose window has not closed yet (default: left out, and counted)
  --mde <0.02>          smallest absolute lift worth detecting, for the sample-size advice
  --engine <duckdb|clickhouse>  embedded DuckDB (default) or ClickHouse: chdb on the files, or a server with --clickhouse-url
  --clickhouse-url <url>        a ClickHouse server (with --engine clickhouse and --table)
  --json                machine-readable output (full precision)
  --print-sql           print the queries instead of running them
  --dialect <duckdb|bigquery|clickhouse>   with --print-sql (default duckdb)
  --table <name>        the events table: with --print-sql --dialect bigquery|clickhouse, or on the ClickHouse server (default events)
Analysis runs in UTC; timestamps without a zone are counted and left out.
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
  manifestExperiments?: Experiment[];
  asOfMs?: number;
  includeInProgress?: boolean;
  /** @default 'duckdb' */
  engine?: 'duckdb' | 'clickhouse';
  /** A ClickHouse server instead of chdb on the files. */
  clickhouse?: { url: string; table: string; client?: ClickHouseClientLike };
}

const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "28d", "12h", "2w" → milliseconds. */
export function parseWindow(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (!match || !(Number(match[1]) > 0)) throw new UsageError(`--window must look like 28d, 12h or 2w; found "${text}"`);
  // The queries count whole milliseconds: "0.0001s" rounded to a window of 0 (no unit could
  // convert), and a window past 2^53 ms (285,000 years) cannot be written into them.
  const ms = Math.round(Number(match[1]) * UNITS_MS[match[2]]);
  if (!(ms >= 1 && Number.isSafeInteger(ms))) throw new UsageError(`--window must be at least 1 millisecond and at most 285,000 years (a whole number of milliseconds in the queries); found "${text}"`);
  return ms;
}

function parseUnitInterval(name: string, text: string): number {
  const value = Number(text);
  if (!(value > 0 && value < 1)) throw new UsageError(`--${name} must be a number between 0 and 1 (0.02 = 2 points); found "${text}"`);
  return value;
}

function parseWeights(text: string): number[] {
  const weights = text.split(',').map((w) => Number(w.trim()));
  // Infinity (or a sum past the largest number) made every weight NaN or 0, and the split check failed every arm.
  if (weights.length < 2 || weights.some((w) => !(w > 0 && w < Infinity))) throw new UsageError(`--weights must be two or more positive numbers, like 0.5,0.5; found "${text}"`);
  // Weights near the largest number overflow their sum: scale them down first (only then, so "0.2,0.8" stays exact).
  const scale = weights.reduce((a, b) => a + b, 0) < Infinity ? 1 : Math.max(...weights);
  const total = weights.reduce((a, b) => a + b / scale, 0);
  return weights.map((w) => w / scale / total);
}

/** --as-of: an ISO time with a zone, like the events themselves. */
function parseAsOf(text: string): number {
  const ms = /(?:[Zz]|[+-]\d{2}:?\d{2})$/.test(text.trim()) ? Date.parse(text.trim()) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--as-of must be an ISO 8601 time with a zone, like 2026-03-01T00:00:00Z; found "${text}"`);
  return ms;
}

/** Runs the aggregation on the chosen engine. */
async function aggregate(files: readonly string[], settings: AnalyzeSettings, withUnits: boolean): Promise<EngineRun> {
  const options: QueryOptions = { goal: settings.goal, windowMs: settings.windowMs, experiment: settings.experiment, ...(settings.asOfMs !== undefined && { asOfMs: settings.asOfMs }) };
  if (settings.engine === 'clickhouse') {
    return settings.clickhouse ? aggregateOnClickHouseServer(settings.clickhouse, options, withUnits) : aggregateWithChdb(files, options, withUnits);
  }
  return aggregateWithDuckDb(files, options, withUnits);
}

/**
 * Aggregates the files (or the server's table) and builds the report. Throws DuckDbMissingError
 * or ClickHouseMissingError without the engine, and UnknownNameError when --experiment or
 * --control names nothing in the data (a typo would otherwise read as an empty report, or as a
 * failed split check of an arm it invented).
 */
export async function analyzeFiles(files: readonly string[], settings: AnalyzeSettings): Promise<AnalysisReport & { timings: { loadMs: number; queryMs: number } }> {
  const run = await aggregate(files, settings, settings.manifestExperiments !== undefined);
  const { engine: _e, clickhouse: _c, ...rest } = settings;
  const options: ReportOptions = { ...rest, inputs: settings.clickhouse ? [settings.clickhouse.table] : [...files] };
  const report = buildReport(run.rows, options);
  if (settings.experiment !== undefined && report.experiments.length === 0) {
    // The queries only read the experiment asked for: listing the others takes a second run,
    // paid only when the first found nothing. An experiment that is there but has nothing
    // before --as-of is not a typo: its empty report stands.
    const known = experimentsIn((await aggregate(files, { ...settings, experiment: undefined }, false)).rows);
    if (!known.includes(settings.experiment)) throw unknownExperiment(settings.experiment, known);
  }
  const control = unknownControl(run.rows, options);
  if (control) throw control;
  // Unusable rows in local files: say where the first few are (the engines only count them).
  const h = report.hygiene;
  if (!settings.clickhouse && h.unusableRows - h.zonelessRows - (h.futureRows ?? 0) > 0) {
    const where = await findUnusableLines(files);
    if (where.length) report.hygiene.unusableLines = where;
  }
  return { ...report, timings: run.timings };
}

/** How reports and messages name standard input. */
const STDIN = 'standard input';

/** Standard input to a temporary file (the engines read files), without a leading byte-order mark. */
async function stdinToFile(): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'guidepost-analyze-'));
  const file = join(dir, 'stdin.ndjson');
  let first = true;
  const dropBom = new Transform({
    transform(chunk: Buffer, _enc, done) {
      const skip = first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
      first = false;
      done(null, chunk.subarray(skip));
    },
  });
  await pipeline(process.stdin, dropBom, createWriteStream(file));
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** JSON with full precision; non-finite numbers (no data) as null. */
export const reportJson = (value: unknown) => JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);

export async function analyzeCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['goal', 'window', 'experiment', 'control', 'weights', 'manifest', 'mde', 'dialect', 'table', 'as-of', 'engine', 'clickhouse-url'], ['json', 'print-sql', 'include-in-progress']);
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  const engine = text('engine') ?? 'duckdb';
  if (engine !== 'duckdb' && engine !== 'clickhouse') throw new UsageError(`--engine must be duckdb or clickhouse; found "${engine}"`);
  const settings: AnalyzeSettings = {
    goal: text('goal') ?? 'upgraded',
    windowMs: parseWindow(text('window') ?? '28d'),
    mde: text('mde') !== undefined ? parseUnitInterval('mde', text('mde') as string) : 0.02,
    engine,
    ...(text('experiment') !== undefined && { experiment: text('experiment') }),
    ...(text('control') !== undefined && { control: text('control') }),
    ...(text('weights') !== undefined && { weights: parseWeights(text('weights') as string) }),
    ...(text('as-of') !== undefined && { asOfMs: parseAsOf(text('as-of') as string) }),
    ...(flags['include-in-progress'] === true && { includeInProgress: true }),
  };
  const dialectName = text('dialect') ?? 'duckdb';
  if (!dialectNamed(dialectName)) throw new UsageError(`--dialect must be duckdb, bigquery or clickhouse; found "${dialectName}"`);
  if (flags.dialect !== undefined && !flags['print-sql']) throw new UsageError('--dialect goes with --print-sql');
  // The DuckDB script reads the files given; a table name would be silently ignored there.
  if (flags['print-sql'] && dialectName === 'duckdb' && flags.table !== undefined) throw new UsageError('--table names a warehouse table: with --print-sql it goes with --dialect bigquery or clickhouse (the duckdb script reads the files given)');
  // The printed script reads files (twice: its first-line check, then the events): it cannot read a pipe.
  if (flags['print-sql'] && dialectName === 'duckdb' && positional.includes('-')) throw new UsageError('--print-sql prints a script that reads files: name the events files ("-", standard input, cannot be read by the script)');
  const url = text('clickhouse-url');
  if (url !== undefined && engine !== 'clickhouse') throw new UsageError('--clickhouse-url goes with --engine clickhouse');
  try {
    if (flags['print-sql']) {
      const options = { goal: settings.goal, windowMs: settings.windowMs, experiment: settings.experiment, ...(settings.asOfMs !== undefined && { asOfMs: settings.asOfMs }) };
      out(printSql(dialectName as DialectName, positional.length ? positional : ['events.ndjson'], text('table') ?? 'events', options));
      return 0;
    }
    if (url !== undefined) {
      dialectNamed('clickhouse')?.table(text('table') ?? 'events'); // refuse a bad name before connecting
      settings.clickhouse = { url, table: text('table') ?? 'events' };
    } else if (flags.table !== undefined) {
      throw new UsageError('--table goes with --print-sql or --clickhouse-url');
    }
  } catch (error) {
    if (error instanceof SqlValueError) throw new UsageError(error.message);
    throw error;
  }
  if (text('manifest') !== undefined) {
    try {
      Object.assign(settings, await readCheckedManifest(resolve(text('manifest') as string)));
    } catch (error) {
      if (!(error instanceof InvalidManifestError)) throw error;
      // Its errors as `guidepost validate` prints them, then why the analysis stops: exit 1, like a file that cannot be read.
      printReport({ file: error.file, valid: false, problems: error.problems }, err);
      err(`guidepost: ${error.message}`);
      return 1;
    }
  }

  const useStdin = !settings.clickhouse && (positional.length === 0 || positional.includes('-'));
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
    // The stand-in for standard input is a random temporary path: name what it stands for.
    for (const where of report.hygiene.unusableLines ?? []) if (where.file === piped?.file) where.file = STDIN;
    report.inputs = report.inputs.map((input) => (input === piped?.file ? STDIN : input));
    if (flags.json) {
      const { timings: _timings, ...rest } = report;
      out(reportJson(rest));
    } else {
      out(formatReport(report));
    }
    return 0;
  } catch (error) {
    if (error instanceof DuckDbMissingError || error instanceof ClickHouseMissingError) {
      err(error.message);
      return 2;
    }
    if (error instanceof SqlValueError) throw new UsageError(error.message);
    // A flag value naming nothing in the data is a bad flag value, like any other. The names it
    // lists come from the events: shown with their controls escaped, never raw to the terminal.
    if (error instanceof UnknownNameError) throw new UsageError(showControls(withoutIsolates(error.message)));
    // An error about the stand-in for standard input names standard input.
    if (piped && error instanceof Error) error.message = error.message.replaceAll(JSON.stringify(piped.file), '-').replaceAll(piped.file, STDIN);
    throw error;
  } finally {
    await piped?.cleanup();
  }
}
