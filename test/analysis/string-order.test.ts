import { describe, expect, it } from 'vitest';
import { laterId } from '../../src/analysis/string-order';

describe('laterId: event ids in the order SQL engines compare strings (UTF-8 bytes)', () => {
  it('orders by code point, not by UTF-16 unit, and a longer id after its prefix', () => {
    // U+FF01 is one UTF-16 unit above the surrogates of U+1F600, but below it as a code point / in UTF-8.
    expect('\uFF01' > '\u{1F600}').toBe(true);
    expect(laterId('\uFF01', '\u{1F600}')).toBe(false);
    expect(laterId('\u{1F600}', '\uFF01')).toBe(true);
    expect(Buffer.compare(Buffer.from('\u{1F600}'), Buffer.from('\uFF01'))).toBe(1);
    expect(laterId('b', 'a')).toBe(true);
    expect(laterId('a', 'b')).toBe(false);
    expect(laterId('ab', 'a')).toBe(true);
    expect(laterId('a', 'ab')).toBe(false);
    expect(laterId('a', 'a')).toBe(false);
    // Random strings agree with byte order.
    const pool = ['a', 'z', 'é', '\uFF01', '\u{1F600}', '\u{10FFFF}', '0'];
    for (let n = 0; n < 500; n++) {
      const make = () => Array.from({ length: 1 + (n % 4) }, (_, k) => pool[(n * 7 + k * 3 + Math.floor(n / 5)) % pool.length]).join('');
      const [x, y] = [make(), Array.from(make()).reverse().join('')];
      expect([x, y, laterId(x, y)]).toEqual([x, y, Buffer.compare(Buffer.from(x), Buffer.from(y)) > 0]);
    }
  });
});
