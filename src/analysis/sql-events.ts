/**
 * The `events` table over local NDJSON files, for the two embedded engines (DuckDB and chdb):
 * the same columns, the same rules. A timestamp counts only with a time zone (Z or ±hh:mm):
 * one without names no instant (it would be read in whatever zone the analyst's machine is
 * in), so its row gets ts NULL and `ts_zoneless` 1, and the report counts it.
 */
import { ZONED_TIMESTAMP } from '../track/event';
import { DIALECTS } from './sql-dialect';

/** The event columns the analysis reads; missing fields become NULL, unknown ones are ignored. */
export const EVENT_COLUMNS: Record<string, string> = {
  event_id: 'VARCHAR',
  type: 'VARCHAR',
  ts: 'VARCHAR',
  anonymous_id: 'VARCHAR',
  user_id: 'VARCHAR',
  account_id: 'VARCHAR',
  session_id: 'VARCHAR',
  item_id: 'VARCHAR',
  item_type: 'VARCHAR',
  item_version: 'BIGINT',
  name: 'VARCHAR',
  experiment: 'VARCHAR',
  variation: 'VARCHAR',
  bucket_version: 'BIGINT',
  unit: 'VARCHAR',
  unit_id: 'VARCHAR',
  counterfactual: 'BOOLEAN',
  forced: 'BOOLEAN',
  step: 'BIGINT',
  origin: 'VARCHAR',
  properties: 'JSON',
};

/** An ISO 8601 date and time with a zone designator: what the collector accepts (track/event.ts). */
export { ZONED_TIMESTAMP };
/** A date, or a date and time, with no zone designator. */
export const ZONELESS_TIMESTAMP = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?)?$';

/** JavaScript's largest exact integer: the twin (./aggregate.ts) reads numbers as JS numbers. */
const MAX_WHOLE = '9007199254740991';
/** Longer lines are counted as unusable rows: no event is that large (the collector takes far less). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** DuckDB: the JSON types of a number, as json_type names them. */
const NUMBER = "('BIGINT', 'UBIGINT', 'DOUBLE')";
/**
 * The typing rules, per column type, over a field's text `f` (json_transform to VARCHAR), its
 * JSON type `f_type` and the number it holds, `f_number` (./aggregate.ts has the same rules in
 * TypeScript): text is a JSON string, or a whole number as its digits; an integer is a whole
 * JSON number or a string of digits, within +-(2^53 - 1); a boolean is true/false or the string
 * "true"/"false" in any case. Anything else (2.5, 1e20, an object, "yes", 1) is NULL, never a
 * guess.
 */
const duckdbWhole = (f: string) => `CASE WHEN ${f}_number = trunc(${f}_number) AND abs(${f}_number) <= ${MAX_WHOLE} THEN CAST(${f}_number AS BIGINT) END`;
const DUCKDB_RULE: Record<string, { number?: (f: string) => string; value: (f: string) => string }> = {
  VARCHAR: {
    number: (f) => `CASE WHEN ${f}_type IN ${NUMBER} THEN TRY_CAST(${f} AS DOUBLE) END`,
    value: (f) => `CASE WHEN ${f}_type = 'VARCHAR' THEN ${f} ELSE CAST(${duckdbWhole(f)} AS VARCHAR) END`,
  },
  BIGINT: {
    number: (f) => `CASE WHEN ${f}_type IN ${NUMBER} OR (${f}_type = 'VARCHAR' AND regexp_full_match(${f}, '-?[0-9]+')) THEN TRY_CAST(${f} AS DOUBLE) END`,
    value: duckdbWhole,
  },
  BOOLEAN: { value: (f) => `CASE WHEN ${f}_type IN ('BOOLEAN', 'VARCHAR') THEN CASE lower(${f}) WHEN 'true' THEN true WHEN 'false' THEN false END END` },
  JSON: { value: (f) => `CASE WHEN ${f}_type = 'OBJECT' THEN CAST(${f} AS JSON) END` },
};
/** The line without JSON's whitespace. */
const TRIMMED = 'trim(line, chr(32) || chr(9) || chr(13))';
/** Not blank (a blank line is skipped, as read_json skips it); trimming only lines that start with a space is much faster. */
const NOT_BLANK = `(ascii(line) NOT IN (32, 9, 13) OR ${TRIMMED} <> '')`;
/** Each line as text: no quoting, and a NUL delimiter (JSON text never holds a raw NUL). */
const LINES = "columns = {'line': 'VARCHAR'}, delim = chr(0), quote = '', escape = '', header = false, auto_detect = false, strict_mode = false";

/**
 * A file name as a DuckDB path that reads exactly that file. DuckDB's readers take every path
 * as a glob (`*`, `?`, `[...]`) and expand a leading `~` to the home directory, so
 * "events-?.ndjson" would also read "events-1.ndjson". Each pattern character becomes a
 * one-character class (`[*]`, `[?]`, `[[]`: DuckDB has no backslash escape, and `]` outside a
 * class is literal) and a leading `~` gets "./". `guidepost analyze` reads such files through
 * plain-named stand-ins (./files.ts); this keeps the script `--print-sql` prints for the same
 * names reading the same files.
 */
export function duckdbPath(file: string): string {
  const escaped = file.replace(/[*?[]/g, (c) => `[${c}]`);
  return escaped.startsWith('~') ? `./${escaped}` : escaped;
}

/**
 * DuckDB: the `events` table from NDJSON files. Each line is read as text first and parsed on
 * its own, so a torn line is one row of NULLs and never takes the next line with it
 * (read_json's newline-delimited reader reads on past a line that stops inside a value). Lines
 * that are not UTF-8, or longer than MAX_LINE_BYTES, are set aside by the reader and added back
 * as rows of NULLs, so they are counted too. Blank lines are skipped; a bare carriage return
 * also ends a line. A file whose first line is only "{" or "[" is a pretty-printed JSON
 * document, not a log: it is refused, naming the file. A timestamp is text with a zone; one
 * without seconds (09:30Z, which the collector takes) gets ":00", and a decimal comma a point,
 * as DuckDB's cast wants them; anything else is NULL. The connection runs with TimeZone UTC
 * (see ./duckdb.ts) as a second guard. Three statements, separated by ";".
 */
export function duckdbEventsTable(files: readonly string[]): string {
  const d = DIALECTS.duckdb;
  const fields = Object.entries(EVENT_COLUMNS);
  const struct = d.text(JSON.stringify(Object.fromEntries(fields.map(([name]) => [name, 'VARCHAR']))));
  const paths = `[${fields.map(([name]) => d.text(`$.${name}`)).join(', ')}]`;
  const split = fields.map(([name], i) => `s.${name}, t[${i + 1}] AS ${name}_type`);
  const numbers = fields.map(([name, type]) => `${name}, ${name}_type${DUCKDB_RULE[type].number ? `, ${DUCKDB_RULE[type].number!(name)} AS ${name}_number` : ''}`);
  const typed = fields.map(([name, type]) => `${DUCKDB_RULE[type].value(name)} AS ${name === 'ts' ? 'ts_text' : name}`);
  const columns = fields.map(([name]) =>
    name === 'ts'
      ? `CASE WHEN regexp_matches(ts_text, ${d.text(ZONED_TIMESTAMP)}) THEN try_cast(upper(regexp_replace(replace(ts_text, ',', '.'), '^(.{16})([^:])', '\\1:00\\2')) AS TIMESTAMPTZ) END AS ts`
      : name,
  );
  // The first line of each file (the reader's default line size: a large one makes it read far more).
  const heads = files.map((f) => `SELECT ${d.text(f)} AS file, (SELECT ${TRIMMED} FROM read_csv(${d.text(duckdbPath(f))}, ${LINES}, ignore_errors = true) WHERE ${NOT_BLANK} LIMIT 1) AS head`);
  // An uncorrelated subquery: DuckDB runs it once, and its error() fails the whole statement.
  const pretty = heads.length
    ? `\n-- A file whose first line is only "{" or "[" is one pretty-printed JSON value, not a log: refused.
WHERE (SELECT count(error(file || ' is not newline-delimited JSON: its first line opens a value that goes on over the next lines (a pretty-printed file?). guidepost analyze reads one event per line.'))
  FROM (${heads.join('\n    UNION ALL ')}) heads
  WHERE head IN ('{', '[')) = 0`
    : '';
  return `CREATE OR REPLACE TEMP TABLE events AS
SELECT ${columns.join(', ')},
  CASE WHEN regexp_matches(ts_text, ${d.text(ZONELESS_TIMESTAMP)}) THEN 1 ELSE 0 END AS ts_zoneless
FROM (
  SELECT ${typed.join(',\n    ')}
  FROM (
    SELECT ${numbers.join(',\n      ')}
    FROM (
      -- Each field's text and JSON type as plain columns: each line is parsed twice, not once per use.
      SELECT ${split.join(', ')}
      FROM (
        SELECT try(json_transform(line, ${struct})) AS s, try(json_type(line, ${paths})) AS t
        FROM read_csv([${files.map((f) => d.text(duckdbPath(f))).join(', ')}], ${LINES}, max_line_size = ${MAX_LINE_BYTES},
          store_rejects = true, rejects_table = 'guidepost_line_errors', rejects_scan = 'guidepost_line_scans')
        WHERE ${NOT_BLANK}
      ) parsed
    ) fields
  ) numbers
) typed${pretty};
INSERT INTO events (ts_zoneless) SELECT 0 FROM (SELECT DISTINCT file_id, line FROM guidepost_line_errors);
-- Emptied once counted: a next run on this connection appends its own.
DELETE FROM guidepost_line_errors`;
}

const chWhole = (x: string) => `if(${x} = trunc(${x}) AND abs(${x}) <= ${MAX_WHOLE}, toInt64(${x}), NULL)`;
/** The typing rules of DUCKDB_RULE, over a field's text `s_` (a JSON string's), number `n_` (a JSON number's) and raw JSON `r_`. */
const CLICKHOUSE_RULE: Record<string, (f: string) => string> = {
  VARCHAR: (f) => `coalesce(s_${f}, toString(${chWhole(`n_${f}`)}))`,
  BIGINT: (f) => `coalesce(${chWhole(`toFloat64OrNull(extract(s_${f}, '^-?[0-9]+$'))`)}, ${chWhole(`n_${f}`)})`,
  BOOLEAN: (f) => `multiIf(lower(coalesce(s_${f}, r_${f})) = 'true', true, lower(coalesce(s_${f}, r_${f})) = 'false', false, NULL)`,
  JSON: (f) => `if(startsWith(r_${f}, '{'), r_${f}, NULL)`,
};

/**
 * ClickHouse (chdb): the same table, by the same rules. Each line is read whole (LineAsString)
 * and split once into its keys and raw values, so a torn line is a row of NULLs as in DuckDB
 * and the row counts agree; blank lines are skipped and a byte-order mark at the start of a
 * file is dropped. A string value is unquoted in place; only one with an escape is parsed.
 */
export function clickhouseEventsTable(files: readonly string[]): string {
  const d = DIALECTS.clickhouse;
  const fields = Object.entries(EVENT_COLUMNS);
  const sources = files.map((f) => `SELECT line FROM file(${d.text(f)}, 'LineAsString')`).join('\n  UNION ALL ');
  const raw = fields.map(([name]) => `arrayFirst(kv -> kv.1 = ${d.text(name)}, kvs).2 AS r_${name}`);
  const parts = fields.map(([name]) => {
    const r = `r_${name}`;
    const text = `if(position(${r}, '\\\\') = 0, substring(${r}, 2, length(${r}) - 2), JSONExtractString(concat('{"v":', ${r}, '}'), 'v'))`;
    return `${r}, if(startsWith(${r}, '"'), ${text}, NULL) AS s_${name}, if(match(${r}, '^-?[0-9]'), toFloat64OrNull(${r}), NULL) AS n_${name}`;
  });
  const typed = fields.map(([name, type]) => `${CLICKHOUSE_RULE[type](name)} AS ${name === 'ts' ? 'ts_text' : name}`);
  const columns = fields.map(([name]) =>
    name === 'ts' ? `if(match(ts_text, ${d.text(ZONED_TIMESTAMP)}), parseDateTime64BestEffortOrNull(replaceOne(ts_text, ',', '.'), 3, 'UTC'), NULL) AS ts` : name,
  );
  return `CREATE TABLE events ENGINE = Memory AS
SELECT ${columns.join(', ')},
  if(match(coalesce(ts_text, ''), ${d.text(ZONELESS_TIMESTAMP)}), 1, 0) AS ts_zoneless
FROM (
  SELECT ${typed.join(',\n    ')}
  FROM (
    SELECT ${parts.join(',\n      ')}
    FROM (
      SELECT ${raw.join(', ')}
      FROM (
        SELECT JSONExtractKeysAndValuesRaw(replaceRegexpOne(line, '^\\xEF\\xBB\\xBF', '')) AS kvs
        FROM (
  ${sources})
        WHERE match(line, '[^ \\t\\r]')
      )
    )
  )
)`;
}
