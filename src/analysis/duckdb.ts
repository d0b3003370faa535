/**
 * Runs the aggregation queries in embedded DuckDB over NDJSON files. `@duckdb/node-api` is an
 * optional peer dependency (a native binary that a web app embedding the SDK must never pull
 * in), so it is loaded on first use and its absence is a clear, typed error.
 */
import { buildQueries, DIALECTS, duckdbEventsTable, type AggregateRows, type QueryOptions } from './sql';

export const DUCKDB_MISSING_MESSAGE = 'guidepost analyze needs @duckdb/node-api: npm install --save-dev @duckdb/node-api';

export class DuckDbMissingError extends Error {
  constructor(cause?: unknown) {
    super(DUCKDB_MISSING_MESSAGE);
    this.name = 'DuckDbMissingError';
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

// The subset of @duckdb/node-api used here, typed locally so the SDK's typecheck and build do
// not depend on the package being installed.
interface DuckDbReader {
  getRowObjects(): Record<string, unknown>[];
}
interface DuckDbConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<DuckDbReader>;
  closeSync?(): void;
  disconnectSync?(): void;
}
interface DuckDbInstance {
  connect(): Promise<DuckDbConnection>;
  closeSync?(): void;
}
interface DuckDbModule {
  DuckDBInstance: { create(path?: string, options?: Record<string, string>): Promise<DuckDbInstance> };
}

// A variable keeps bundlers (and TypeScript) from resolving the optional module at build time.
const MODULE_NAME = '@duckdb/node-api';

/** Loads DuckDB, or throws DuckDbMissingError. */
export async function loadDuckDb(): Promise<DuckDbModule> {
  try {
    const module = (await import(/* @vite-ignore */ MODULE_NAME)) as DuckDbModule & { default?: DuckDbModule };
    const api = module.DuckDBInstance ? module : module.default;
    if (!api?.DuckDBInstance) throw new Error('@duckdb/node-api has no DuckDBInstance export');
    return api;
  } catch (error) {
    throw new DuckDbMissingError(error);
  }
}

/** BIGINT and HUGEINT arrive as bigint; the statistics want plain numbers. */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? Number(value) : value;
  return out;
}

export interface DuckDbRun {
  rows: AggregateRows;
  /** Milliseconds spent loading the files and in the queries. */
  timings: { loadMs: number; queryMs: number };
}

/** Aggregates NDJSON event files. Each call uses a fresh in-memory database. */
export async function aggregateWithDuckDb(files: readonly string[], options: QueryOptions): Promise<DuckDbRun> {
  const duckdb = await loadDuckDb();
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const started = performance.now();
    await connection.run(duckdbEventsTable(files));
    const { setup, queries } = buildQueries(DIALECTS.duckdb, options, 'events', true);
    for (const statement of setup) await connection.run(statement);
    const loaded = performance.now();
    const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjects().map(plain);
    // One connection runs one statement at a time.
    const hygiene = await read(queries.hygiene);
    const arms = await read(queries.arms);
    const exposures = await read(queries.exposures);
    const tours = await read(queries.tours);
    const feedback = await read(queries.feedback);
    return {
      rows: {
        hygiene: (hygiene[0] ?? { rows_read: 0, usable: 0, distinct_usable: 0 }) as unknown as AggregateRows['hygiene'],
        arms: arms as unknown as AggregateRows['arms'],
        exposures: exposures as unknown as AggregateRows['exposures'],
        tours: tours as unknown as AggregateRows['tours'],
        feedback: feedback as unknown as AggregateRows['feedback'],
      },
      timings: { loadMs: loaded - started, queryMs: performance.now() - loaded },
    };
  } finally {
    connection.closeSync?.();
    connection.disconnectSync?.();
    instance.closeSync?.();
  }
}
