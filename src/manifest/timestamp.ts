/**
 * A schedule's instants (schema.ts). The engine reads them with Date.parse (prepare.ts), and a
 * date it cannot read never blocks: an "end" it read as NaN would show the item forever. Some
 * ISO timestamps read as NaN ("+01" offsets) or as another day (V8 rolls 31 February over to
 * 3 March), so the date must parse and its day must exist. Text that is no ISO timestamp at all
 * is left to isoTimestamp, so it gets one message, not two.
 */
import * as v from 'valibot';

/** Whether the day `year`-`month`-`day` exists (setUTCFullYear: Date.UTC reads years 0 to 99 as 1900 to 1999). */
const dayExists = (year: number, month: number, day: number): boolean => {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCDate() === day;
};

const readAsWritten = (text: string): boolean => {
  const [year, month, day] = text.split(/\D/, 3).map(Number);
  return !v.ISO_TIMESTAMP_REGEX.test(text) || (!Number.isNaN(Date.parse(text)) && dayExists(year, month, day));
};

/**
 * An optional instant. Its description is written d('…') in schema.ts: browser builds empty the
 * texts written so there (stripSchemaDescriptions in scripts/rollup-plugins.mjs).
 */
export const Timestamp = (description: v.DescriptionAction<string, string>) =>
  v.optional(
    v.pipe(
      v.string(),
      v.isoTimestamp('an ISO timestamp such as "2026-01-31T00:00:00Z"'),
      v.check(readAsWritten, 'a date that exists, with "Z" or an offset such as "+01:00"'),
      description,
    ),
  );
