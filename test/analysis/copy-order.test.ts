/**
 * src/analysis/copy-order.ts: which copy of one event_id the analysis keeps when copies share a
 * millisecond. compareCopies must be a total order over what the analysis reads (every
 * COPY_COLUMNS field as the events table types it, then the `helpful` answer), NULL after any
 * value, strings by code point (as UTF-8 bytes compare in SQL), so that the same events in any
 * order keep the same copy; copyOrderSql writes that order for each dialect's ROW_NUMBER().
 * The twin against the engines on whole files: sql-dedupe.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../src/analysis/aggregate';
import { compareCopies, COPY_COLUMNS, copyOrderSql } from '../../src/analysis/copy-order';
import { DIALECTS, type DialectName } from '../../src/analysis/sql-dialect';

const base: RawEvent = {
  event_id: 'dup', ts: '2026-01-01T00:00:00Z', type: 'exposure', name: 'n', user_id: 'u', account_id: 'a', anonymous_id: 'd',
  item_id: 'i', item_type: 'tour', item_version: 1, experiment: 'e', variation: 'v', bucket_version: 0, unit: 'user', unit_id: 'u',
  counterfactual: false, forced: false, step: 0, origin: 'o', properties: { helpful: true },
};
const copy = (extra: RawEvent): RawEvent => ({ ...base, ...extra });
const sign = (n: number) => Math.sign(n);
/** The copy kept among `copies`: the smallest. */
const kept = (copies: RawEvent[]) => [...copies].sort(compareCopies)[0];

describe('compareCopies', () => {
  it('equal copies compare 0, and so do copies differing only in what the analysis does not read', () => {
    expect(compareCopies(base, { ...base })).toBe(0);
    expect(compareCopies(base, copy({ ts: 'other', session_id: 's9', url: '/x', properties: { helpful: true, comment: 'hi' } }))).toBe(0);
  });

  it('the smaller value is kept, by code point (U+FF01 before U+1F600, unlike UTF-16 order)', () => {
    expect(compareCopies(copy({ variation: 'a' }), copy({ variation: 'b' }))).toBeLessThan(0);
    expect(compareCopies(copy({ variation: 'b' }), copy({ variation: 'a' }))).toBeGreaterThan(0);
    expect(compareCopies(copy({ variation: 'B' }), copy({ variation: 'a' }))).toBeLessThan(0);
    expect(compareCopies(copy({ variation: '\uff01' }), copy({ variation: '😀' }))).toBeLessThan(0);
    expect(compareCopies(copy({ variation: 'a' }), copy({ variation: 'ab' }))).toBeLessThan(0);
  });

  it('numbers compare as numbers, not as text', () => {
    expect(compareCopies(copy({ step: 9 }), copy({ step: 10 }))).toBeLessThan(0);
    expect(compareCopies(copy({ item_version: -1 }), copy({ item_version: 0 }))).toBeLessThan(0);
    expect(compareCopies(copy({ counterfactual: false }), copy({ counterfactual: true }))).toBeLessThan(0);
  });

  it('a missing or ill-typed field is NULL, and NULL sorts after every value', () => {
    for (const column of COPY_COLUMNS) {
      const missing = copy({ [column]: undefined });
      expect(compareCopies(base, missing), column).toBeLessThan(0);
      expect(compareCopies(missing, base), column).toBeGreaterThan(0);
      expect(compareCopies(missing, copy({ [column]: null })), column).toBe(0);
    }
    // Ill-typed values are NULL as the events table types them: 2.5 is no BIGINT, "yes" no BOOLEAN, an object no VARCHAR.
    expect(compareCopies(copy({ step: 2.5 }), copy({ step: null }))).toBe(0);
    expect(compareCopies(copy({ forced: 'yes' }), copy({ forced: null }))).toBe(0);
    expect(compareCopies(copy({ variation: { a: 1 } }), copy({ variation: null }))).toBe(0);
    expect(compareCopies(copy({ step: 99 }), copy({ step: 2.5 }))).toBeLessThan(0);
  });

  it('values are typed first: "3" and 3 are one BIGINT, "TRUE" and true one BOOLEAN, 7 and "7" one VARCHAR', () => {
    expect(compareCopies(copy({ step: '3' }), copy({ step: 3 }))).toBe(0);
    expect(compareCopies(copy({ bucket_version: '-2' }), copy({ bucket_version: -2 }))).toBe(0);
    expect(compareCopies(copy({ forced: 'TRUE' }), copy({ forced: true }))).toBe(0);
    expect(compareCopies(copy({ user_id: 7 }), copy({ user_id: '7' }))).toBe(0);
    // "10" as a BIGINT is after 9, though "10" < "9" as text.
    expect(compareCopies(copy({ step: '10' }), copy({ step: 9 }))).toBeGreaterThan(0);
  });

  it('the first column that differs decides, in COPY_COLUMNS order; helpful comes last', () => {
    // The written order decides, not the column's kind: step (a BIGINT) before origin, variation before unit_id.
    expect(compareCopies(copy({ step: 0, origin: 'z' }), copy({ step: 1, origin: 'a' }))).toBeLessThan(0);
    expect(compareCopies(copy({ variation: 'a', unit_id: 'z' }), copy({ variation: 'b', unit_id: 'a' }))).toBeLessThan(0);
    expect(compareCopies(copy({ counterfactual: true, forced: false }), copy({ counterfactual: false, forced: true }))).toBeGreaterThan(0);
    // type decides before name, whatever name holds.
    expect(compareCopies(copy({ type: 'a', name: 'z' }), copy({ type: 'b', name: 'a' }))).toBeLessThan(0);
    // origin (the last column) before helpful.
    expect(compareCopies(copy({ origin: 'a', properties: { helpful: 'z' } }), copy({ origin: 'b', properties: { helpful: 'a' } }))).toBeLessThan(0);
    // Equal on every column: the helpful answer, "false" before "true", none last.
    expect(compareCopies(copy({ properties: { helpful: false } }), copy({ properties: { helpful: true } }))).toBeLessThan(0);
    expect(compareCopies(copy({ properties: { helpful: 'true' } }), copy({ properties: { helpful: true } }))).toBe(0);
    expect(compareCopies(copy({ properties: {} }), copy({ properties: { helpful: true } }))).toBeGreaterThan(0);
    for (let i = 0; i + 1 < COPY_COLUMNS.length; i++) {
      const [earlier, later] = [COPY_COLUMNS[i], COPY_COLUMNS[i + 1]];
      // The earlier column missing outweighs the later one's value.
      expect(compareCopies(copy({ [earlier]: undefined, [later]: base[later] }), copy({ [later]: undefined })), `${earlier} before ${later}`).toBeGreaterThan(0);
    }
  });

  it('is a total order: antisymmetric and transitive over hostile values, so any input order keeps the same copy', () => {
    const value = fc.oneof(
      fc.constantFrom(undefined, null, true, false, 'true', 'FALSE', '', 'a', 'B', '😀', '\uff01', '7', '-3', '2.5', 2.5, 0, 7, -3, 2 ** 53, {}, [1]),
      fc.string({ maxLength: 3 }),
      fc.integer({ min: -5, max: 5 }),
    );
    const columns = fc.constantFrom(...COPY_COLUMNS);
    const event = fc.record({
      changes: fc.array(fc.tuple(columns, value), { maxLength: 4 }),
      helpful: fc.constantFrom(undefined, true, false, 'true', 'x', 1),
    }).map(({ changes, helpful }) => copy({ ...Object.fromEntries(changes), properties: helpful === undefined ? undefined : { helpful } }));
    fc.assert(
      fc.property(event, event, event, (a, b, c) => {
        expect(sign(compareCopies(a, b)) + sign(compareCopies(b, a))).toBe(0);
        expect(compareCopies(a, a)).toBe(0);
        if (compareCopies(a, b) <= 0 && compareCopies(b, c) <= 0) expect(compareCopies(a, c)).toBeLessThanOrEqual(0);
        // Kept: the same copy (or one equal to it) whichever order the file has them in.
        expect(compareCopies(kept([a, b, c]), kept([c, b, a]))).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('an answer that is a number, an object or another word orders as no answer: every engine reads it as NULL', () => {
    for (const helpful of [1, { a: 1 }, 'yes']) {
      expect(compareCopies(copy({ properties: { helpful } }), copy({ properties: undefined }))).toBe(0);
      expect(compareCopies(copy({ properties: { helpful: true } }), copy({ properties: { helpful } }))).toBeLessThan(0);
    }
  });
});

describe('copyOrderSql', () => {
  it.each(Object.keys(DIALECTS) as DialectName[])('%s: the time, then every column and the helpful answer, each NULLS LAST as the engine needs', (name) => {
    const d = DIALECTS[name];
    const sql = copyOrderSql(d);
    const [head, tail] = [`${d.ms}, `, `, ${d.helpful}${d.nullsLast}`];
    expect(sql.startsWith(head)).toBe(true);
    expect(sql.endsWith(tail)).toBe(true);
    // The helpful expressions hold ", " themselves: the columns are read between the two ends.
    expect(sql.slice(head.length, -tail.length).split(', ')).toEqual(COPY_COLUMNS.map((column) => `${column}${d.nullsLast}`));
  });

  it('says NULLS LAST where the engine would put NULL first (BigQuery), and relies on the default in ClickHouse', () => {
    expect(copyOrderSql(DIALECTS.bigquery)).toContain('variation NULLS LAST');
    expect(copyOrderSql(DIALECTS.duckdb)).toContain('variation NULLS LAST');
    expect(copyOrderSql(DIALECTS.clickhouse)).not.toContain('NULLS');
  });
});
