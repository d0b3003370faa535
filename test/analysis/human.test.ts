/**
 * Numbers for people (src/analysis/human.ts): what the text report prints beside a verdict.
 * The one rule that matters most: a printed number never reads as the other side of the
 * threshold that decides the verdict next to it.
 */
import { describe, expect, it } from 'vitest';
import { human, pDigits, percentText, pointsText, pText, roundDeep } from '../../src/analysis/human';

describe('human', () => {
  it('keeps three significant digits and drops floating-point noise', () => {
    expect(human(0.09000000000000002)).toBe('0.09');
    expect(human(1.23456)).toBe('1.23');
    expect(human(28)).toBe('28');
    expect(human(0.5)).toBe('0.5');
    expect(human(0)).toBe('0');
    expect(human(999)).toBe('999');
  });

  it('rounds to whole numbers with thousands separators from 1,000 up', () => {
    expect(human(1000)).toBe('1,000');
    expect(human(12_345.678)).toBe('12,346');
    expect(human(1_234_567)).toBe('1,234,567');
    expect(human(-12_345.678)).toBe('-12,346');
  });

  it('takes the digits argument', () => {
    expect(human(1.23456, 5)).toBe('1.2346');
    expect(human(1.23456, 1)).toBe('1');
  });

  it('prints a dash for NaN and infinities (no data), never "NaN" or "Infinity"', () => {
    expect(human(NaN)).toBe('–');
    expect(human(Infinity)).toBe('–');
    expect(human(-Infinity)).toBe('–');
  });
});

describe('percentText', () => {
  it('prints a proportion as a percentage with one decimal by default', () => {
    expect(percentText(0.2034)).toBe('20.3%');
    expect(percentText(0)).toBe('0.0%');
    expect(percentText(1)).toBe('100.0%');
    expect(percentText(0.5, 0)).toBe('50%');
    expect(percentText(0.12345, 2)).toBe('12.35%');
  });

  it('prints a dash without data', () => {
    expect(percentText(NaN)).toBe('–');
    expect(percentText(Infinity)).toBe('–');
  });
});

describe('pointsText', () => {
  it('prints a difference in points with its sign, a true minus sign for negatives', () => {
    expect(pointsText(0.0912)).toBe('+9.1');
    expect(pointsText(-0.0912)).toBe('−9.1');
    expect(pointsText(-0.0912)).not.toContain('-');
    expect(pointsText(0)).toBe('+0.0');
    expect(pointsText(0.0912, 2)).toBe('+9.12');
  });

  it('prints a dash without data', () => {
    expect(pointsText(NaN)).toBe('–');
    expect(pointsText(-Infinity)).toBe('–');
  });
});

describe('pDigits and pText', () => {
  it('prints three decimals, and "< 0.001" below that', () => {
    expect(pDigits(0.123456)).toBe('0.123');
    expect(pDigits(0.001)).toBe('0.001');
    expect(pDigits(0.00099)).toBe('< 0.001');
    expect(pDigits(0)).toBe('< 0.001');
    expect(pDigits(1)).toBe('1.000');
    expect(pText(0.123456)).toBe('p = 0.123');
    expect(pText(0.0004)).toBe('p < 0.001');
  });

  it('uses four decimals where three would round across 0.05 (0.0498 is not "0.050")', () => {
    expect(pDigits(0.0498)).toBe('0.0498');
    expect(pDigits(0.0503)).toBe('0.0503');
    expect(pText(0.0498)).toBe('p = 0.0498');
    // Far from the threshold, three decimals stay.
    expect(pDigits(0.0444)).toBe('0.044');
    expect(pDigits(0.0556)).toBe('0.056');
  });

  it('prints a dash without a p-value', () => {
    expect(pDigits(NaN)).toBe('–');
    expect(pText(NaN)).toBe('p –');
  });
});

describe('pDigits adds digits until the printed p-value is on the same side of 0.05 as the real one', () => {
  // 0.04996 is significant (< 0.05): four decimals, "0.0500", would read as not significant,
  // and 0.05004 (not significant) would print the same text.
  it.each([0.04996, 0.049951, 0.049999, 0.049999999999999996])('%s prints a number below 0.05', (p) => {
    const printed = Number(pDigits(p));
    expect(printed).toBeLessThan(0.05);
  });

  it.each([0.05004, 0.050001, 0.05000000000000001])('%s prints a number above 0.05, not 0.05 itself', (p) => {
    expect(Number(pDigits(p))).toBeGreaterThan(0.05);
  });

  it('a p-value just above 0.05 does not print the same text as one just below; 0.05 itself prints "0.050"', () => {
    expect(pDigits(0.04996)).not.toBe(pDigits(0.05004));
    expect([pDigits(0.04996), pDigits(0.05004), pDigits(0.05)]).toEqual(['0.04996', '0.05004', '0.050']);
  });
});

describe('roundDeep', () => {
  it('rounds every non-integer number in nested objects and arrays to 10 significant digits', () => {
    expect(roundDeep({ a: 0.1 + 0.2, b: [1 / 3, { c: 2 / 3 }], d: 'text', e: 7, f: true })).toEqual({
      a: 0.3, b: [0.3333333333, { c: 0.6666666667 }], d: 'text', e: 7, f: true,
    });
  });

  it('takes the digits argument', () => {
    expect(roundDeep({ x: Math.PI }, 3)).toEqual({ x: 3.14 });
    expect(roundDeep([Math.E], 2)).toEqual([2.7]);
  });

  it('does not mutate its argument', () => {
    const value = { x: 1 / 3 };
    roundDeep(value);
    expect(value.x).toBe(1 / 3);
  });

  it('keeps a "__proto__" key as data, without touching any prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": 0.123456789012}}') as Record<string, unknown>;
    const out = roundDeep(value, 3) as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
