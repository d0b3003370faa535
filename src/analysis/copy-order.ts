/**
 * Which copy of an event_id the analysis keeps, when one id comes more than once (a retried
 * batch, a warehouse load run twice): the earliest, and among copies stamped in the same
 * millisecond, the smallest by every column the analysis reads, in this order, NULL after any
 * value. `ORDER BY ts` alone left that choice to the engine: two copies of one id and one time
 * that differ (a relay that rewrote one, two SDK copies minting one id) could count in one arm
 * in one run and in the other in the next, or differ between DuckDB, ClickHouse and the twin.
 * A total order on what is read makes the same events, in any order and in any engine, give
 * the same rows; copies equal on all of it give the same rows whichever is kept.
 * The SQL (./sql-clean.ts, cleanSelect) and the twin (./aggregate.ts) both read COPY_COLUMNS here.
 */
import type { RawEvent } from './aggregate';
import type { Dialect } from './sql-dialect';
import { EVENT_COLUMNS } from './sql-events';
import { compareText } from './string-order';
import { boolOrNull, helpfulOf, num, str } from './typed-fields';

/** The event columns compared after the time, in order (then the `helpful` answer). */
export const COPY_COLUMNS = [
  'type', 'name', 'user_id', 'account_id', 'anonymous_id', 'item_id', 'item_type', 'item_version',
  'experiment', 'variation', 'bucket_version', 'unit', 'unit_id', 'counterfactual', 'forced', 'step', 'origin',
] as const;

/**
 * The window order of cleanSelect's ROW_NUMBER(). NULL goes last: DuckDB's default, said
 * explicitly (a session may change it); BigQuery puts NULL first unless told; ClickHouse puts
 * it last (`nullsLast` is empty there). Strings compare by UTF-8 bytes (code points) in all three.
 */
export function copyOrderSql(d: Dialect): string {
  return [d.ms, ...[...COPY_COLUMNS, d.helpful].map((column) => `${column}${d.nullsLast}`)].join(', ');
}

type Value = string | number | boolean | null;

/** A field as the events table types it (EVENT_COLUMNS). */
function typed(e: RawEvent, column: (typeof COPY_COLUMNS)[number]): Value {
  const type = EVENT_COLUMNS[column];
  const v = e[column];
  return type === 'BIGINT' ? num(v) : type === 'BOOLEAN' ? boolOrNull(v) : str(v);
}

function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The copy order of two copies of one event_id stamped in the same millisecond (the time is
 * compared by the caller): negative when `a` is kept over `b`, as the SQL orders them.
 */
export function compareCopies(a: RawEvent, b: RawEvent): number {
  for (const column of COPY_COLUMNS) {
    const order = compareValues(typed(a, column), typed(b, column));
    if (order !== 0) return order;
  }
  return compareValues(helpfulOf(a), helpfulOf(b));
}
