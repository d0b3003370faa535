/**
 * src/analysis/typed-fields.ts: the SQL events table's typing rules in TypeScript, read by the
 * in-memory twin (aggregate.ts) and the copy order (copy-order.ts). A field is its column's type
 * only when it plainly is; anything else is null (as DuckDB's rule gives NULL), never a guess:
 * VARCHAR takes a string or a whole number's digits, BIGINT a safe whole number or a string of
 * digits, BOOLEAN true/false or those words in any case, and `helpful` 'true' or 'false' (a boolean, or those words as strings), else NULL.
 */
import { describe, expect, it } from 'vitest';
import { boolOrNull, helpfulOf, num, str, whole } from '../../src/analysis/typed-fields';

const NOT_PLAIN = [null, undefined, {}, [], [1], Symbol.for('x'), () => 1, 10n];

describe('whole', () => {
  it('keeps safe integers, negatives and zero', () => {
    expect([0, 1, -1, 42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER].map(whole)).toEqual([0, 1, -1, 42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
  });

  it('refuses fractions, numbers past 2^53 - 1, NaN, infinities and anything not a number', () => {
    for (const v of [2.5, -0.1, Number.MAX_SAFE_INTEGER + 1, 1e20, -(2 ** 53), NaN, Infinity, -Infinity, '1', true, ...NOT_PLAIN]) expect(whole(v)).toBeNull();
  });
});

describe('str (VARCHAR)', () => {
  it('a string as it is, the empty one and odd characters included', () => {
    for (const v of ['', ' ', 'abc', '12', 'true', '\u0000', '😀']) expect(str(v)).toBe(v);
  });

  it('a whole number as its digits', () => {
    expect(str(7)).toBe('7');
    expect(str(-12)).toBe('-12');
    expect(str(0)).toBe('0');
  });

  it('null for fractions, unsafe numbers, booleans, objects and the rest', () => {
    for (const v of [2.5, 1e20, NaN, Infinity, true, false, ...NOT_PLAIN]) expect(str(v)).toBeNull();
  });
});

describe('num (BIGINT)', () => {
  it('a safe whole number, or a string of digits (with an optional minus) as its number', () => {
    expect([num(3), num('3'), num('-42'), num('007'), num('9007199254740991')]).toEqual([3, 3, -42, 7, Number.MAX_SAFE_INTEGER]);
  });

  it('null for strings that are not plain digits: spaces, signs, decimals, exponents, hex, empty', () => {
    for (const v of ['', ' 1', '1 ', '+1', '1.0', '1e3', '0x10', '--1', '-', '１', 'one', '1_000']) expect(num(v)).toBeNull();
  });

  it('null for digit strings or numbers past 2^53 - 1 (they would not be exact)', () => {
    expect(num('9007199254740992')).toBeNull();
    expect(num('-9007199254740992')).toBeNull();
    expect(num('1'.repeat(400))).toBeNull();
    expect(num(2 ** 53)).toBeNull();
  });

  it('null for fractions, booleans and anything else', () => {
    for (const v of [2.5, NaN, true, false, ...NOT_PLAIN]) expect(num(v)).toBeNull();
  });
});

describe('boolOrNull (BOOLEAN)', () => {
  it('true and false, and those words in any case', () => {
    expect([true, false, 'true', 'FALSE', 'True', 'fAlSe'].map(boolOrNull)).toEqual([true, false, true, false, true, false]);
  });

  it('null for anything else: numbers, other words, padded words', () => {
    for (const v of [1, 0, 'yes', 'no', '1', '0', ' true', 'true ', 't', '', ...NOT_PLAIN]) expect(boolOrNull(v)).toBeNull();
  });
});

describe('helpfulOf', () => {
  it('a boolean answer as text, and the words "true" and "false" as strings', () => {
    expect(helpfulOf({ properties: { helpful: true } })).toBe('true');
    expect(helpfulOf({ properties: { helpful: false } })).toBe('false');
    expect(helpfulOf({ properties: { helpful: 'true' } })).toBe('true');
    expect(helpfulOf({ properties: { helpful: 'false' } })).toBe('false');
  });

  it('null for any other answer, as every SQL dialect reads it: numbers, objects, other words', () => {
    for (const helpful of [1, 0, { a: 1 }, [true], 'maybe', '', 'TRUE', ' true', 'yes']) expect(helpfulOf({ properties: { helpful } })).toBeNull();
  });

  it('null when there is no answer or no properties object', () => {
    for (const properties of [undefined, null, 'helpful', 5, true, {}, { helpful: null }, { helpful: { nested: true } }]) {
      expect(helpfulOf({ properties })).toBeNull();
    }
    expect(helpfulOf({})).toBeNull();
  });

  it('an array of properties is no properties object', () => {
    expect(helpfulOf({ properties: [true] })).toBeNull();
  });
});
