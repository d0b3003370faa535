/**
 * src/manifest/timestamp.ts: a schedule's optional instant. Absent is fine; an ISO timestamp with
 * "Z" or an offset is accepted when Date.parse reads it and its day exists; a day that does not
 * exist (31 February, 29 February of a common year, 31 April) and an offset V8 reads as NaN
 * ("+01") get the one "a date that exists" message; text that is no ISO timestamp gets the one
 * "an ISO timestamp" message, not both; non-strings are type errors; the description is kept.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { Timestamp } from '../../src/manifest/timestamp';

const schema = Timestamp(v.description('Not shown before this instant.'));
const messages = (input: unknown) => v.safeParse(schema, input).issues?.map((issue) => issue.message) ?? [];
const NOT_ISO = 'an ISO timestamp such as "2026-01-31T00:00:00Z"';
const NO_SUCH_DATE = 'a date that exists, with "Z" or an offset such as "+01:00"';

describe('Timestamp', () => {
  it('is optional: an absent instant is valid', () => {
    expect(v.safeParse(schema, undefined)).toMatchObject({ success: true, output: undefined });
  });

  it.each(['2026-01-31T00:00:00Z', '2026-01-31T00:00:00.123Z', '2026-01-31T00:00:00+01:00', '2026-01-31T00:00:00+0100', '2026-01-31T00:00:00+14:00', '2026-01-31T00:00:00-05:00', '2028-02-29T00:00:00Z', '2000-02-29T12:00:00Z', '2026-12-31T23:59:59Z', '0000-02-29T00:00:00Z', '0096-02-29T00:00:00Z'])(
    'accepts %s, and returns it as written',
    (text) => {
      const result = v.safeParse(schema, text);
      expect(result.issues).toBeUndefined();
      expect(result.output).toBe(text);
      // What the engine will read: a number, never NaN.
      expect(Number.isNaN(Date.parse(text))).toBe(false);
    },
  );

  it.each([
    ['2026-02-31T00:00:00Z', 'rolled over to 3 March by V8'],
    ['2027-02-29T00:00:00Z', '29 February of a common year'],
    ['1900-02-29T00:00:00Z', '1900 is no leap year'],
    ['0001-02-29T00:00:00Z', 'year 1 is no leap year (not read as 1901)'],
    ['0100-02-29T00:00:00Z', 'year 100 is no leap year'],
    ['2026-04-31T00:00:00-05:00', '31 April, with an offset'],
    ['2026-06-31T00:00:00Z', '31 June'],
    ['2026-01-31T00:00:00+01', 'an hour-only offset, which Date.parse reads as NaN'],
  ])('rejects %s (%s) with the one message about a date that exists', (text) => {
    expect(messages(text)).toEqual([NO_SUCH_DATE]);
  });

  it.each(['yesterday', '2026-01-31', '2026-01-31T00:00Z', '2026-13-01T00:00:00Z', '2026-01-31T25:00:00Z', '2026-01-31T00:00:00z', '2026-01-00T00:00:00Z', '2026-01-31T00:00:00+1', ''])(
    'rejects %j, no ISO timestamp, with the ISO message alone',
    (text) => {
      expect(messages(text)).toEqual([NOT_ISO]);
    },
  );

  it.each([42, null, true, {}, Date.UTC(2026, 0, 31)])('rejects the non-string %j as a type error', (value) => {
    const issues = v.safeParse(schema, value).issues ?? [];
    expect(issues.map((issue) => [issue.kind, issue.expected])).toEqual([['schema', 'string']]);
  });

  it('keeps the description it is given (schema.ts writes each with d(…))', () => {
    expect(v.getDescription(schema.wrapped)).toBe('Not shown before this instant.');
    expect(v.getDescription(Timestamp(v.description('Not shown after this instant.')).wrapped)).toBe('Not shown after this instant.');
  });

  it('every accepted instant reads as the day written, in UTC', () => {
    for (let month = 1; month <= 12; month++) {
      const days = new Date(Date.UTC(2028, month, 0)).getUTCDate();
      for (const day of [days, days + 1]) {
        const text = `2028-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00Z`;
        const ok = messages(text).length === 0;
        expect([text, ok]).toEqual([text, day <= days]);
        if (ok) expect(new Date(Date.parse(text)).getUTCDate()).toBe(day);
      }
    }
  });
});
