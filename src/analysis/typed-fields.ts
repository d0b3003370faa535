/**
 * The typing rules of the SQL's events table (DUCKDB_RULE in ./sql-events.ts) in TypeScript,
 * for the in-memory twin (./aggregate.ts) and the order of an event's copies (./copy-order.ts):
 * a hand-made or warehouse file with ill-typed fields gives the same rows in both, as anything
 * that is not plainly of the column's type is null, never a guess.
 */
import type { RawEvent } from './aggregate';

/** A whole number JavaScript holds exactly, else null. */
export const whole = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
/** VARCHAR: a string as it is; a whole number as its digits. */
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : whole(v) === null ? null : String(v));
/** BIGINT: a whole number, or a string of digits as its number. */
export const num = (v: unknown): number | null => (typeof v === 'string' ? (/^-?[0-9]+$/.test(v) ? whole(Number(v)) : null) : whole(v));
/** BOOLEAN: true or false, or those words as strings in any case; anything else is NULL. */
export const boolOrNull = (v: unknown): boolean | null => {
  if (typeof v === 'boolean') return v;
  const text = typeof v === 'string' ? v.toLowerCase() : undefined;
  return text === 'true' ? true : text === 'false' ? false : null;
};
/**
 * The `helpful` answer of a feedback event (the dialects' `helpful`): 'true' or 'false', from a
 * boolean or from those words as strings; anything else (a number, an object, another word) is
 * NULL, as in every dialect: engines write such values as text each their own way, and the
 * answer also orders copies of one event (copy-order.ts), so all must read it alike.
 */
export function helpfulOf(e: RawEvent): string | null {
  const properties = e.properties as Record<string, unknown> | null | undefined;
  const helpful = properties && typeof properties === 'object' ? properties.helpful : undefined;
  const text = typeof helpful === 'boolean' ? String(helpful) : helpful;
  return text === 'true' || text === 'false' ? text : null;
}
