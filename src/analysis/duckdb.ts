/**
 * Runs the aggregation queries in embedded DuckDB over NDJSON files. `@duckdb/node-api` is an
 * optional peer dependency (a native binary that a web app embedding the SDK must never pull
 * in), so it is loaded on first use and its absence is a clear, typed error.
 */
import { runAggregation, type EngineRun } from './engine';
import { withoutByteOrderMarks, type EngineInputs } from './files';
import { DIALECTS, duckdbEventsTable, type QueryOptions } from './sql';

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

export type DuckDbRun = EngineRun;

/**
 * Aggregates NDJSON event files. Each call uses a fresh in-memory database, closed (and the
 * temporary stand-ins of ./files.ts removed) whatever happens, a file that cannot be read too.
 */
export async function aggregateWithDuckDb(files: readonly string[], options: QueryOptions, withUnits = false): Promise<DuckDbRun> {
  const duckdb = await loadDuckDb();
  const started = performance.now();
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  let connection: DuckDbConnection | undefined;
  let input: EngineInputs | undefined;
  try {
    connection = await instance.connect();
    const db = connection;
    // TimeZone UTC: DuckDB otherwise reads times in the machine's zone (TZ); the events table
    // already refuses zone-less timestamps, this keeps every other conversion in UTC too.
    await db.run("SET TimeZone = 'UTC'");
    input = await withoutByteOrderMarks(files);
    const { originalNames } = input;
    await db.run(duckdbEventsTable(input.files)).catch((error: unknown) => {
      throw originalNames(error);
    });
    return await runAggregation(
      {
        dialect: DIALECTS.duckdb,
        exec: async (sql) => void (await db.run(sql)),
        rows: async (sql) => (await db.runAndReadAll(sql)).getRowObjects(),
      },
      options,
      { materialized: true, localFiles: true },
      withUnits,
      started,
    );
  } finally {
    connection?.closeSync?.();
    connection?.disconnectSync?.();
    instance.closeSync?.();
    await input?.cleanup();
  }
}
