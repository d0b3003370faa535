/**
 * The An+B argument of :nth-child() and its kin, read as browsers read it (each case here was
 * checked against Chromium's querySelector): whitespace only around the sign before B, a sign
 * touching what it signs, integers only, and "of <selector>" only for :nth-child() and
 * :nth-last-child().
 */
import { describe, expect, it } from 'vitest';
import { checkNth, NTH_PSEUDO_CLASSES } from '../../src/cli/selector-nth';

/** A stand-in for the selector check, so these tests see what reaches it. */
const seen: string[] = [];
const checkOf = (selectors: string) => {
  seen.push(selectors);
  return selectors.includes('!') ? 'bad selector' : undefined;
};

describe('checkNth', () => {
  it.each([
    'odd', 'even', 'ODD', 'Even', '1', '0', '+5', '-5', '007', 'n', 'N', '-n', '+n', '2n', '2N', '-2n', '+2n',
    '2n+1', '2n-1', '2n+ 1', '2n +1', '2n + 1', '2n - 1', '2n- 1', '2n -1', ' 2n+1 ', '\t2n+1\n', '2n\t+\t1',
    '-n+3', '-n+ 3', '-n- 3', '-n -3', 'n-1', 'n- 1', 'n -1', 'n - 1', '+n-1', '+n- 1', '+n + 1', '0n+0',
    '2n/**/+1', '\\6e', '2\\6e+1', '2\\n+1',
  ])('accepts %j in every :nth-*()', (argument) => {
    for (const name of NTH_PSEUDO_CLASSES) expect(checkNth(name, argument, checkOf)).toBeUndefined();
  });

  it.each([
    '2n+', 'n-', '3 n', '2n + ', '+ 2n', '- n', '+ n', '2n+-1', '2n- -1', '2n - +1', '2n+ +1', '1.5n', '2.0', '1e1',
    '2n+1.0', 'n+', '-', '+', '2n1', 'n2', '--n', '-2 n', '2n+1a', 'odd+1', 'one', '3/**/n', '\\32 n+1',
  ])('refuses %j in every :nth-*()', (argument) => {
    for (const name of NTH_PSEUDO_CLASSES) {
      expect(checkNth(name, argument, checkOf)).toBe(`malformed An+B '${argument.trim()}' in :${name}() (write odd, even, 3, 2n, 2n+1 or -n+3)`);
    }
  });

  it('hands the selector list after "of" to the selector check, and names the pseudo-class in its error', () => {
    seen.length = 0;
    expect(checkNth('nth-child', '2n+1 of .a, b', checkOf)).toBeUndefined();
    expect(checkNth('nth-last-child', 'odd\nof\n.a', checkOf)).toBeUndefined();
    expect(checkNth('nth-child', '1 of.a', checkOf)).toBeUndefined();
    expect(seen).toEqual([' .a, b', '\n.a', '.a']);
    expect(checkNth('nth-child', '1 of a!', checkOf)).toBe('in :nth-child(… of a!): bad selector');
  });

  it('refuses a misplaced or empty "of", and "of" in :nth-of-type() and :nth-last-of-type()', () => {
    expect(checkNth('nth-child', '2n+1 of', checkOf)).toBe(`missing selector after 'of' in :nth-child()`);
    expect(checkNth('nth-child', '2n+1 of  ', checkOf)).toBe(`missing selector after 'of' in :nth-child()`);
    expect(checkNth('nth-child', '2n+1of a', checkOf)).toBe(`malformed An+B '2n+1of a' in :nth-child() (write odd, even, 3, 2n, 2n+1 or -n+3)`);
    // Chromium reads the keyword case-sensitively, and "ofa" is another word.
    expect(checkNth('nth-child', '2n+1 OF a', checkOf)).toBe(`malformed An+B '2n+1 OF a' in :nth-child() (write odd, even, 3, 2n, 2n+1 or -n+3)`);
    expect(checkNth('nth-child', '2n+1 ofa', checkOf)).toBe(`malformed An+B '2n+1 ofa' in :nth-child() (write odd, even, 3, 2n, 2n+1 or -n+3)`);
    expect(checkNth('nth-child', ' of a', checkOf)).toBe(`malformed An+B '' in :nth-child() (write odd, even, 3, 2n, 2n+1 or -n+3)`);
    expect(checkNth('nth-of-type', '2n+1 of a', checkOf)).toBe(`:nth-of-type() takes no 'of <selector>' (only :nth-child() and :nth-last-child() do)`);
    expect(checkNth('nth-last-of-type', 'odd of a', checkOf)).toBe(`:nth-last-of-type() takes no 'of <selector>' (only :nth-child() and :nth-last-child() do)`);
  });
});
