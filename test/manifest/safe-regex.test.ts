/**
 * src/manifest/safe-regex.ts on its own: `regexProblem` (which `$regex`/`$regexi` patterns are
 * refused, and why) and `guardPattern` (what runs instead). Covers the length bound (exactly
 * 256, checked before compiling), patterns that do not compile, backreferences and lookbehind,
 * lookahead and named groups, nested repetition, overlapping repetitions (anchored or not, the
 * free trailing repetition, bounded counts up to 10, fences), escapes and the "i" flag, and the
 * guard's input cap of 1,000 characters. No pattern is run on hostile input here: that a shape
 * is catastrophic is shown by refusing it, and a bound by the guard's cap.
 * (hardening-units.test.ts has a first list of accepted and refused patterns; these are others.)
 */
import { describe, expect, it, vi } from 'vitest';
import { guardPattern, MAX_REGEX_INPUT, MAX_REGEX_LENGTH, regexProblem } from '../../src/manifest/safe-regex';

describe('length', () => {
  it('256 characters are judged by shape; 257 are refused before anything else', () => {
    expect([MAX_REGEX_LENGTH, MAX_REGEX_INPUT]).toEqual([256, 1000]);
    expect(regexProblem('a'.repeat(256))).toBeUndefined();
    expect(regexProblem('a'.repeat(257))).toBe('too-long');
    expect(regexProblem('('.repeat(257))).toBe('too-long');
    expect(regexProblem(`(a+)+${'x'.repeat(1_000_000)}`)).toBe('too-long');
  });
});

describe('patterns that do not compile', () => {
  it.each(['(', ')', '[', 'a{2,1}', '*', '+a', '(?<n>a)(?<n>b)', '(?<n)', '\\'])('%j is invalid', (pattern) => {
    expect(regexProblem(pattern)).toBe('invalid');
  });
});

describe('backreferences, lookbehind, lookahead, named groups', () => {
  it.each([
    ['(a)\\1', 'backreference'], ['(a)(b)(c)(d)(e)(f)(g)(h)(i)\\9', 'backreference'], ['(?<n>a)\\k<n>', 'backreference'], ['\\k<n>', 'backreference'],
    ['(?<=a)b', 'lookbehind'], ['(?<!a)b', 'lookbehind'], ['x(?:(?<=a)b)', 'lookbehind'],
  ])('%j: %s', (pattern, problem) => {
    expect(regexProblem(pattern)).toBe(problem);
  });

  it.each(['(?=a)b', '(?!a)b', '^(?=.*a)(?=.*b).*c', '(?<year>\\d{4})-(?<month>\\d{2})', '\\k', '\\0', '[\\1]'])('%j is accepted', (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
  });

  it('what is inside a lookahead is judged too', () => {
    expect(regexProblem('(?=(a+)+)')).toBe('nested');
    expect(regexProblem('^(?=.*.*.*x)')).toBe('overlap');
  });
});

describe('nested repetition', () => {
  it.each(['(a{1,5}){1,5}', '(?:a?){30}', '(a|b)+', '(?:a|b){2}', '((ab)*c)*', '(a+){2}', '(?:(?:a)+)+', '(?:x(?:a|b)y)*', '(a*)?(b+)*'])('%j is refused', (pattern) => {
    expect(regexProblem(pattern)).toBe('nested');
  });

  it.each(['(ab)+', '(?:abc){2}', '(a+){1}', '(?:a+)?', '(a|b)', '(a|b)?', '^(?:[ab]c)*$'])('%j is accepted (the group is not repeated, or holds no choice)', (pattern) => {
    expect(regexProblem(pattern)).toBeUndefined();
  });
});

describe('overlapping repetitions', () => {
  it.each([
    ['^a*a*b', undefined], ['^a*a*a*b', 'overlap'], ['a*a*b', 'overlap'],
    ['^a*a*a*', undefined], ['^a*a*a*$', 'overlap'],
    ['^\\w+\\w+x', undefined], ['^\\w+\\w+\\w+x', 'overlap'],
    ['^[^/]+/[^/]+/[^/]+/[^/]+$', undefined], ['^\\d+\\D+\\d+\\D+$', undefined], ['^[a-f]+\\d+[a-f]+$', undefined],
    ['^a{1,10}a{1,10}a{1,10}b', undefined], ['^a{1,11}a{1,11}a{1,11}b', undefined],
    // A fixed count cannot split the input two ways, however large.
    ['^a{11}a{11}a{11}b', undefined], ['^a{500}a{500}a{500}b', undefined],
    // Bounded ranges count by their lengths: 11^5 ways are fine, 11^6 are not; 2^19 "a?" are, 2^20 are not.
    [`^${'a{0,10}'.repeat(5)}b`, undefined], [`^${'a{0,10}'.repeat(6)}b`, 'overlap'],
    [`^${'a?'.repeat(19)}b`, undefined], [`^${'a?'.repeat(20)}b`, 'overlap'],
    // Alternations whose branches start alike count one way per branch; branches that cannot are one way.
    [`^${'(?:a|a)'.repeat(19)}b`, undefined], [`^${'(?:a|a)'.repeat(20)}b`, 'overlap'],
    [`^${'(?:foo|bar)'.repeat(20)}$`, undefined], [`^${'(?:ab)?'.repeat(19)}b`, undefined], [`^${'(?:ab)?'.repeat(20)}b`, 'overlap'],
    // Not anchored, the search from every position counts as one unbounded repetition.
    [`${'a?'.repeat(9)}b`, undefined], [`${'a?'.repeat(10)}b`, 'overlap'],
    ['^.*\\n.*\\n.*x', undefined], ['^.*.*x', undefined], ['^.*[^\\n]*.*x', 'overlap'],
    ['^(?:a*)(?:a*)(?:a*)b', 'overlap'], ['^(?:ab)*(?:ab)*(?:ab)*x', 'overlap'],
  ])('%j: %s', (pattern, problem) => {
    expect(regexProblem(pattern)).toBe(problem);
  });
});

describe('escapes and the "i" flag', () => {
  it('escapes that name the same character overlap, whatever their spelling', () => {
    expect(regexProblem('^\\x41+\\u0041+A+x')).toBe('overlap');
    expect(regexProblem('^\\cA+\\x01+\\u0001+x')).toBe('overlap');
    expect(regexProblem('^[\\]]+\\]+\\]+x')).toBe('overlap');
  });

  it('letters of two cases overlap only with "i" ($regexi)', () => {
    for (const pattern of ['^\\x41+\\u0041+a+x', '^[a-z]+[A-Z]+[a-z]+!', '^a+A+a+!']) {
      expect([regexProblem(pattern), regexProblem(pattern, true)]).toEqual([undefined, 'overlap']);
    }
  });

  it('characters beyond ASCII are one class: two such repetitions and the search overlap', () => {
    expect(regexProblem('^é+ü+x')).toBeUndefined();
    expect(regexProblem('^é+ü+ß+x')).toBe('overlap');
  });
});

describe('guardPattern', () => {
  it('wraps a safe pattern with the input cap and an unanchored search; an unsafe one matches nothing', () => {
    expect(guardPattern('b$', false)).toBe('^(?=[\\s\\S]{0,1000}$)[\\s\\S]*?(?:b$)');
    for (const unsafe of ['(a+)+', '(.)\\1', '(?<=a)b', 'x'.repeat(300), '(']) expect(guardPattern(unsafe, false)).toBe('[]');
    expect(new RegExp('[]').test('anything')).toBe(false);
  });

  it('judges with the flag it is given', () => {
    expect(guardPattern('^a+A+a+!', false)).not.toBe('[]');
    expect(guardPattern('^a+A+a+!', true)).toBe('[]');
  });

  it('matches as the pattern would on inputs up to 1,000 characters, and never beyond', () => {
    const guarded = new RegExp(guardPattern('b$', false));
    expect([guarded.test('aab'), guarded.test('ba'), guarded.test(`${'a'.repeat(999)}b`), guarded.test(`${'a'.repeat(1000)}b`)]).toEqual([true, false, true, false]);
    const anchored = new RegExp(guardPattern('^ab', true), 'i');
    expect([anchored.test('ABc'), anchored.test('cab')]).toEqual([true, false]);
  });

  it('a pattern cannot escape the group around it', () => {
    // "|" at the top level of the pattern stays inside (?:…): the cap applies to both branches.
    const guarded = new RegExp(guardPattern('a|b', false));
    expect([guarded.test('b'), guarded.test(`${'x'.repeat(1000)}b`)]).toEqual([true, false]);
  });
});

// Runs of bounded, optional or alternative terms multiply the ways to split an input (11^k for
// k "a{0,10}"; 2^k for k "(a|a)" or "a?"): each of these ran for seconds to minutes on an input
// under 100 characters (measured in Node 20: 8 × "a{0,10}" took 6 s, 7 took 0.43 s; 20 ×
// "(?:a|a)" 0.09 s, growing about 2.4× per group). All refused.
describe('runs of bounded, optional or alternative terms that could backtrack catastrophically', () => {
  it.each([
    ['ten "a{0,10}" in a row', `^${'a{0,10}'.repeat(10)}b`],
    ['thirty-six "(?:a|a)" in a row', `^${'(?:a|a)'.repeat(36)}b`],
    ['sixty "a?" then sixty "a"', `^${'a?'.repeat(60)}${'a'.repeat(60)}$`],
    ['"\\d{0,9}" eight times', `^${'\\d{0,9}'.repeat(8)}x`],
  ])('%s', (_name, pattern) => {
    expect(pattern.length).toBeLessThanOrEqual(MAX_REGEX_LENGTH);
    expect(regexProblem(pattern)).toBeDefined();
  });
});

// A quantifier is read to its end, however it is written: the parser once read only the next 24
// characters, so `a{0000000000000000000001,}` (an `a+` written long) was taken for literal text
// and `^/(?:a{0000000000000000000001,})+$` was accepted while `^/(?:a+)+$` was refused; against
// "/" and 30 "a" and a "!", it backtracks 2^30 times.
describe('quantifiers, whatever their length or spelling', () => {
  const long = `{${'0'.repeat(21)}1,}`;

  it('an "a+" written with leading zeros is an "a+"', () => {
    expect(new RegExp(`^a${long}$`).test('aaa')).toBe(true);
    expect(regexProblem('^/(?:a+)+$')).toBe('nested');
    expect(regexProblem(`^/(?:a${long})+$`)).toBe('nested');
    expect(regexProblem(`^/(?:a{${'0'.repeat(200)}1})+$`)).toBeUndefined();
    expect(regexProblem(`^/(?:a{${'0'.repeat(200)}1,${'0'.repeat(20)}2})+$`)).toBe('nested');
    expect(regexProblem(`^a${long}a${long}a${long}b`)).toBe('overlap');
  });

  it('long counts are counts, not text that fences repetitions apart', () => {
    expect(regexProblem(`^\\w{1,${'9'.repeat(30)}}\\w+\\w+x`)).toBe('overlap');
    expect(regexProblem(`(?:x{${'1'.repeat(25)}})+`)).toBe('nested');
  });

  it('a brace that is not a quantifier is text, as JavaScript reads it without the "u" flag', () => {
    for (const [pattern, input] of [['^a{ 1}$', 'a{ 1}'], ['^a{1, 2}$', 'a{1, 2}'], ['^a{,2}$', 'a{,2}'], ['^a{1$', 'a{1']]) {
      expect(new RegExp(pattern).test(input)).toBe(true);
    }
    // So these groups hold no repetition: nothing to backtrack.
    expect(regexProblem('^(?:a{ 1,})+$')).toBeUndefined();
    expect(regexProblem('^(?:a{1, })+$')).toBeUndefined();
    expect(regexProblem('^(?:a{,9})+$')).toBeUndefined();
  });

  it('lazy quantifiers are quantifiers: "??", "*?", "+?", "{n,}?"', () => {
    expect(regexProblem('^(?:a??)+$')).toBe('nested');
    expect(regexProblem('^(?:a+?)+$')).toBe('nested');
    expect(regexProblem('^(?:a*?)*$')).toBe('nested');
    expect(regexProblem(`^(?:a${long}?)+$`)).toBe('nested');
    expect(regexProblem('^a??a??b')).toBeUndefined();
    expect(regexProblem('^a+?a+?a+?b')).toBe('overlap');
  });

  it('nested groups: a repetition at any depth of a repeated group', () => {
    expect(regexProblem(`^(?:(?:(?:a${long})))+$`)).toBe('nested');
    expect(regexProblem('^(?:x(?:y(?<n>z{2,}))w)*$')).toBe('nested');
    expect(regexProblem('^(?:x(?:y(?:z))w)*$')).toBeUndefined();
  });
});

describe('modifier groups, (?i:…) and (?s:…), where the browser reads them', () => {
  // Node 20 does not compile them yet (they are refused there as invalid); browsers do, and the
  // SDK checks a compiled manifest's patterns in the browser. Stand in for such a browser.
  const withModifiers = <T>(run: () => T): T => {
    const Native = RegExp;
    vi.stubGlobal('RegExp', function (pattern: string, flags?: string) {
      return new Native(pattern.replace(/\(\?[a-z]*(?:-[a-z]*)?:/g, '(?:'), flags);
    });
    try {
      return run();
    } finally {
      vi.unstubAllGlobals();
    }
  };

  it('the flags are not read as text inside the group', () => {
    // Read as text, "?", "i" and ":" fenced the repetitions apart.
    expect(withModifiers(() => regexProblem('^(?i:[a-z]*)(?i:[a-z]*)(?i:[a-z]*)x'))).toBe('overlap');
    expect(withModifiers(() => regexProblem('^(?i:a+)+$'))).toBe('nested');
    expect(withModifiers(() => regexProblem('^(?-i:ab)c'))).toBeUndefined();
  });

  it('"i" makes letters of either case overlap; "s" makes "." match line breaks', () => {
    expect(withModifiers(() => regexProblem('^a+(?i:A+)a+!'))).toBe('overlap');
    expect(withModifiers(() => regexProblem('^.*\\n.*\\n.*x'))).toBeUndefined();
    expect(withModifiers(() => regexProblem('^(?s:.*)\\n.*\\n.*x'))).toBe('overlap');
  });
});
