/**
 * What differs between the three SQL dialects the analysis writes: time and JSON functions,
 * and how a value becomes a literal or a name becomes an identifier. Everything a user passes
 * (goal, experiment key, table name, file names) goes through `text` or `table` here: a value
 * is escaped so it cannot end its literal, a table name is validated and quoted, so nothing
 * passed on the command line can end a statement or open a comment.
 */

export type DialectName = 'duckdb' | 'bigquery' | 'clickhouse';

export interface Dialect {
  name: DialectName;
  /** Epoch milliseconds of the `ts` column. */
  ms: string;
  /** Epoch milliseconds of the engine's clock, now. */
  now: string;
  /**
   * The `helpful` answer of a feedback event as the text 'true' or 'false', from a boolean or those
   * words as strings; NULL for anything else (absent, a number, an object, another word), as the
   * twin reads it (typed-fields.ts helpfulOf): it orders copies of one event too.
   */
  helpful: string;
  /** A string literal. Throws SqlValueError for a value no literal can hold (NUL). */
  text(value: string): string;
  /** A table name, validated and quoted. Throws SqlValueError when it is not a plain (qualified) name. */
  table(name: string): string;
  /** True when the text column is empty or only spaces, tabs and line breaks (BLANK_ID in TypeScript). */
  blank(column: string): string;
  /** What puts NULL after every value in an ascending ORDER BY ('' where that is the engine's default). */
  nullsLast: string;
}

/**
 * An id that is empty or only whitespace names nobody: counted as one shared "" id, every
 * event without a real id would become one user seen in every arm. The same characters in
 * every dialect and in ./aggregate.ts (BigQuery's TRIM would also take other whitespace).
 */
export const BLANK_ID = /^[ \t\r\n]*$/;

/** A value or name that cannot be put into SQL safely. */
export class SqlValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlValueError';
  }
}

function noNul(value: string): string {
  // No engine stores NUL in a string literal the same way; a goal or key never needs one.
  if (value.includes('\u0000')) throw new SqlValueError(`${JSON.stringify(value)} contains a NUL character`);
  return value;
}

/** Standard SQL (DuckDB): quotes doubled; any other character, newlines included, stays inside the literal. */
const doubled = (value: string) => `'${noNul(value).replace(/'/g, "''")}'`;

/**
 * BigQuery and ClickHouse: backslash escapes. Control characters become \xHH (both accept it;
 * BigQuery refuses a raw newline inside a quoted string), so a literal is always one line.
 */
const backslashed = (value: string) =>
  `'${noNul(value).replace(/[\\'\u0000-\u001f\u007f]/g, (c) => (c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`))}'`;

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parts(name: string, max: number, what: string, pattern: (index: number, count: number) => RegExp): string[] {
  const list = name.split('.');
  if (list.length > max || list.some((p, i) => !pattern(i, list.length).test(p))) {
    throw new SqlValueError(`${what} table name ${JSON.stringify(name)} is not allowed: use letters, digits and "_" (${max > 1 ? `up to ${max} parts joined by ".", ` : ''}no quotes, spaces or other characters)`);
  }
  return list;
}

export const DIALECTS: Record<DialectName, Dialect> = {
  duckdb: {
    name: 'duckdb',
    ms: 'epoch_ms(ts)',
    now: 'epoch_ms(current_timestamp)',
    helpful: "CASE WHEN json_extract_string(properties, '$.helpful') IN ('true', 'false') THEN json_extract_string(properties, '$.helpful') END",
    text: doubled,
    table: (name) => parts(name, 3, 'DuckDB', () => PLAIN).map((p) => `"${p}"`).join('.'),
    blank: (column) => `regexp_full_match(${column}, '[ \\t\\r\\n]*')`,
    nullsLast: ' NULLS LAST',
  },
  // ts TIMESTAMP; properties JSON (or STRING holding JSON: JSON_VALUE takes either).
  bigquery: {
    name: 'bigquery',
    ms: 'UNIX_MILLIS(ts)',
    now: 'UNIX_MILLIS(CURRENT_TIMESTAMP())',
    helpful: "CASE WHEN JSON_VALUE(properties, '$.helpful') IN ('true', 'false') THEN JSON_VALUE(properties, '$.helpful') END",
    text: backslashed,
    // project (letters, digits, hyphens).dataset.table, quoted as one path in backticks.
    table: (name) => `\`${parts(name.replace(/^`(.*)`$/, '$1'), 3, 'BigQuery', (i, n) => (n === 3 && i === 0 ? /^[A-Za-z0-9][A-Za-z0-9-]*$/ : /^[A-Za-z0-9_]+$/)).join('.')}\``,
    blank: (column) => `REGEXP_CONTAINS(${column}, r'^[ \\t\\r\\n]*$')`,
    // BigQuery sorts NULL first in ascending order unless told otherwise.
    nullsLast: ' NULLS LAST',
  },
  // ts DateTime64(3, 'UTC'); properties String holding JSON (JSONExtractRaw gives '' when absent).
  clickhouse: {
    name: 'clickhouse',
    ms: 'toUnixTimestamp64Milli(ts)',
    now: 'toUnixTimestamp64Milli(now64(3))',
    // A boolean's raw text is true/false; a string's is quoted, so its words are read as a string.
    helpful: "multiIf(JSONExtractRaw(properties, 'helpful') IN ('true', 'false'), JSONExtractRaw(properties, 'helpful'), JSONExtractString(properties, 'helpful') IN ('true', 'false'), JSONExtractString(properties, 'helpful'), NULL)",
    text: backslashed,
    table: (name) => parts(name, 2, 'ClickHouse', () => PLAIN).map((p) => `\`${p}\``).join('.'),
    // A backslash is doubled in a ClickHouse literal, so the regex sees \t.
    blank: (column) => `match(${column}, '^[ \\\\t\\\\r\\\\n]*$')`,
    // ClickHouse sorts NULL last in ascending order by default (ORDER BY docs: "NULLS LAST" is the default).
    nullsLast: '',
  },
};

/**
 * Text for a `--` comment: JSON-quoted and ASCII-only, so no newline (or a character some
 * engine reads as one) can end the comment and start a statement.
 */
export function commentText(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A whole number of milliseconds for SQL; anything else is refused rather than printed. */
export function sqlInteger(value: number, what: string): string {
  const n = Math.round(value);
  if (!Number.isSafeInteger(n)) throw new SqlValueError(`${what} must be a whole number of milliseconds; found ${value}`);
  return String(n);
}
