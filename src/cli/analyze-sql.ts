/** `guidepost analyze --print-sql`: the queries as a script, for DuckDB over the files or for a warehouse table. */
import { buildQueries, commentText, DIALECTS, duckdbEventsTable, type DialectName, type QueryOptions } from '../analysis/sql';

/**
 * The script. Every value in it went through the dialect's quoting (see
 * src/analysis/sql-dialect.ts), the header's included: a goal with a newline stays in its comment.
 */
export function printSql(dialect: DialectName, files: readonly string[], table: string, options: QueryOptions): string {
  const d = DIALECTS[dialect];
  const header = [
    `-- guidepost analyze: per-unit aggregation (${dialect}). Goal ${commentText(options.goal)}, window ${commentText(String(options.windowMs / 86_400_000))} days.`,
    '-- Statistics (rates, intervals, p-values, sample-ratio test) are computed from these rows: see docs/analysis.md.',
  ];
  const blocks: string[] = [];
  if (dialect === 'duckdb') {
    blocks.push(`-- Read every timestamp in UTC\nSET TimeZone = 'UTC';`);
    blocks.push(`-- events: the NDJSON files, one row per line, missing fields NULL\n${duckdbEventsTable(files)};`);
    const { setup, queries } = buildQueries(d, options, { materialized: true, localFiles: true });
    blocks.push(`-- clean: each event_id once, derived columns\n${setup[0]};`, `-- per_unit: each unit once per population, with its arm and window\n${setup[1]};`);
    for (const [name, sql] of Object.entries(queries)) blocks.push(`-- ${name}\n${sql};`);
  } else {
    const { queries } = buildQueries(d, options, { table, materialized: false });
    for (const [name, sql] of Object.entries(queries)) blocks.push(`-- ${name}\n${sql};`);
  }
  return [...header, '', blocks.join('\n\n')].join('\n');
}
