/**
 * The same aggregation on ClickHouse: in-process through `chdb` (embedded ClickHouse) over the
 * NDJSON files, or on a ClickHouse server through `@clickhouse/client` over a table with the
 * event columns (docs/analysis.md has its definition). Both packages are optional peers: chdb
 * carries a native library of about 540 MB, and a web app embedding the SDK needs neither.
 */
import { runAggregation, type EngineRun } from './engine';
import { withoutByteOrderMarks, type EngineInputs } from './files';
import { clickhouseEventsTable, DIALECTS, type QueryOptions } from './sql';

export const CHDB_MISSING_MESSAGE = 'guidepost analyze --engine clickhouse needs chdb for local files: npm install --save-dev chdb (or pass --clickhouse-url for a server)';
export const CLICKHOUSE_CLIENT_MISSING_MESSAGE = 'guidepost analyze --clickhouse-url needs @clickhouse/client: npm install --save-dev @clickhouse/client';

/** An optional ClickHouse package is not installed. */
export class ClickHouseMissingError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message);
    this.name = 'ClickHouseMissingError';
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

// The subsets of the two packages used here, typed locally (neither is installed to build).
interface ChdbResult {
  text(): string;
}
interface ChdbSession {
  queryAsync?(sql: string, options?: { format?: string }): Promise<ChdbResult>;
  query(sql: string, format?: string): string;
  close?(): void;
  cleanup?(): void;
}
interface ChdbModule {
  Session: new (path?: string) => ChdbSession;
}

/** The part of `@clickhouse/client`'s client the analysis uses (inject a fake in tests). */
export interface ClickHouseClientLike {
  query(params: { query: string; format: 'JSONEachRow'; clickhouse_settings?: Record<string, unknown> }): Promise<{ json<T>(): Promise<T[]> }>;
  close(): Promise<void>;
}
interface ClickHouseClientModule {
  createClient(config: { url: string }): ClickHouseClientLike;
}

const CHDB = 'chdb';
const CLIENT = '@clickhouse/client';

async function load<T>(name: string, message: string, check: (m: T) => boolean): Promise<T> {
  try {
    const module = (await import(/* @vite-ignore */ name)) as T & { default?: T };
    const api = check(module) ? module : module.default;
    if (!api || !check(api)) throw new Error(`${name} lacks the expected exports`);
    return api;
  } catch (error) {
    throw new ClickHouseMissingError(message, error);
  }
}

/** Loads chdb, or throws ClickHouseMissingError. */
export const loadChdb = () => load<ChdbModule>(CHDB, CHDB_MISSING_MESSAGE, (m) => typeof m.Session === 'function');

/** Parses JSONEachRow text: one object per line. */
const eachRow = (text: string): Record<string, unknown>[] =>
  text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);

/** Aggregates NDJSON files in embedded ClickHouse (chdb); each call uses a fresh in-memory session. */
export async function aggregateWithChdb(files: readonly string[], options: QueryOptions, withUnits = false): Promise<EngineRun> {
  const chdb = await loadChdb();
  const started = performance.now();
  const session = new chdb.Session();
  // session_timezone UTC: every DateTime conversion in UTC, whatever TZ the process has.
  const settings = ' SETTINGS session_timezone = \'UTC\', join_use_nulls = 1';
  const run = async (sql: string, format: string) =>
    session.queryAsync ? (await session.queryAsync(sql + settings, { format })).text() : session.query(sql + settings, format);
  let input: EngineInputs | undefined;
  try {
    // Plain-named stand-ins for names ClickHouse's file() would read as a pattern (./files.ts).
    input = await withoutByteOrderMarks(files);
    const { originalNames } = input;
    await run(clickhouseEventsTable(input.files), 'CSV').catch((error: unknown) => {
      throw originalNames(error);
    });
    return await runAggregation(
      { dialect: DIALECTS.clickhouse, exec: async (sql) => void (await run(sql, 'CSV')), rows: async (sql) => eachRow(await run(sql, 'JSONEachRow')) },
      options,
      { materialized: true, localFiles: true },
      withUnits,
      started,
    );
  } finally {
    (session.close ?? session.cleanup)?.call(session);
    await input?.cleanup();
  }
}

export interface ClickHouseServer {
  /** e.g. http://user:password@host:8123/database */
  url: string;
  /** The events table (`table` or `database.table`). */
  table: string;
  /** A client to use instead of creating one from `url` (tests inject a fake). */
  client?: ClickHouseClientLike;
}

/** Aggregates the events table of a ClickHouse server: standalone queries, nothing created there. */
export async function aggregateOnClickHouseServer(server: ClickHouseServer, options: QueryOptions, withUnits = false): Promise<EngineRun> {
  const client =
    server.client ??
    (await load<ClickHouseClientModule>(CLIENT, CLICKHOUSE_CLIENT_MISSING_MESSAGE, (m) => typeof m.createClient === 'function')).createClient({ url: server.url });
  try {
    return await runAggregation(
      {
        dialect: DIALECTS.clickhouse,
        exec: async () => {
          throw new Error('the server path creates nothing');
        },
        rows: async (query) =>
          (await client.query({ query, format: 'JSONEachRow', clickhouse_settings: { session_timezone: 'UTC', join_use_nulls: 1 } })).json<Record<string, unknown>>(),
      },
      options,
      { table: server.table, materialized: false, localFiles: false },
      withUnits,
    );
  } finally {
    if (!server.client) await client.close();
  }
}
