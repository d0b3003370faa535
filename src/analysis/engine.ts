/**
 * Runs the aggregation queries on any SQL engine through a small runner interface, so DuckDB,
 * chdb and a ClickHouse server share one sequence of statements and one row conversion.
 */
import { buildQueries, plainRows, TEXT_COLUMNS, type AggregateRows, type BuildOptions, type Dialect, type QueryOptions } from './sql';

/** What an engine must do for the analysis. */
export interface SqlRunner {
  dialect: Dialect;
  /** Runs a statement that returns nothing (CREATE ...). */
  exec(sql: string): Promise<void>;
  /** Runs a query and returns its rows as plain objects. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

export interface EngineRun {
  rows: AggregateRows;
  /** Milliseconds spent preparing (loading, cleaning) and in the queries. */
  timings: { loadMs: number; queryMs: number };
}

const EMPTY_HYGIENE = { rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: null };

/**
 * The setup statements, then every query in turn (one connection runs one statement at a
 * time); `units` only when the assignment audit needs them.
 */
export async function runAggregation(runner: SqlRunner, options: QueryOptions, build: BuildOptions, withUnits: boolean, started = performance.now()): Promise<EngineRun> {
  const { setup, queries, units } = buildQueries(runner.dialect, options, build);
  for (const statement of setup) await runner.exec(statement);
  const loaded = performance.now();
  const read = async <T>(sql: string) => plainRows<T>(await runner.rows(sql), TEXT_COLUMNS);
  const hygiene = (await read<AggregateRows['hygiene']>(queries.hygiene))[0] ?? EMPTY_HYGIENE;
  const rows: AggregateRows = {
    hygiene: { ...hygiene, end_ms: hygiene.end_ms === null || hygiene.end_ms === undefined ? null : Number(hygiene.end_ms) },
    arms: await read(queries.arms),
    consistency: await read(queries.consistency),
    exposures: await read(queries.exposures),
    tours: await read(queries.tours),
    feedback: await read(queries.feedback),
    goal_names: await read(queries.goalNames),
    without_unit: await read(queries.withoutUnit),
    ...(withUnits && { units: await read(units) }),
  };
  return { rows, timings: { loadMs: loaded - started, queryMs: performance.now() - loaded } };
}
