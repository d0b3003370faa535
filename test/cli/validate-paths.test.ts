/**
 * src/cli/validate-paths.ts: a problem's path (`items[3].steps[1].placement`, written by
 * formatPath in src/manifest/problems.ts) read back into segments, which `validate` follows
 * through the file's syntax tree to print a line and column, and validate-translations.ts
 * slices to place a skipped item's warnings. What callers rely on: formatPath then parsePath
 * gives the segments back, whatever the keys hold (dots, brackets, quotes, digits, control
 * characters, nothing); array indexes come back as numbers, keys as strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePath } from '../../src/cli/validate-paths';
import { formatPath, type PathSegment } from '../../src/manifest/problems';

describe('parsePath', () => {
  it('reads dotted keys and bracketed indexes into strings and numbers', () => {
    expect(parsePath('items[3].steps[1].placement')).toEqual(['items', 3, 'steps', 1, 'placement']);
    expect(parsePath('settings.theme.accent')).toEqual(['settings', 'theme', 'accent']);
    expect(parsePath('[0]')).toEqual([0]);
    expect(parsePath('items[12][0]')).toEqual(['items', 12, 0]);
  });

  it('the empty path (the manifest itself) has no segments', () => {
    expect(parsePath('')).toEqual([]);
  });

  it('a quoted key is a string even when it holds only digits, dots or brackets', () => {
    expect(parsePath('experiments[0].variations[1].overrides["tip"].body')).toEqual(['experiments', 0, 'variations', 1, 'overrides', 'tip', 'body']);
    expect(parsePath('items[0].title["3"]')).toEqual(['items', 0, 'title', '3']);
    expect(parsePath('x["a.b"]')).toEqual(['x', 'a.b']);
    expect(parsePath('x["[1]"]')).toEqual(['x', '[1]']);
    expect(parsePath('x[""]')).toEqual(['x', '']);
  });

  it('a quoted key gets its JSON escapes undone (quotes, backslashes, control characters)', () => {
    expect(parsePath('x["say \\"hi\\""]')).toEqual(['x', 'say "hi"']);
    expect(parsePath('x["back\\\\slash"]')).toEqual(['x', 'back\\slash']);
    expect(parsePath('x["line\\nbreak\\u001b"]')).toEqual(['x', 'line\nbreak\u001b']);
    // A bracket after an escaped quote does not end the key.
    expect(parsePath('x["a\\"]"].y')).toEqual(['x', 'a"]', 'y']);
  });

  it('reads back every path formatPath writes, segment for segment', () => {
    const key = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.constantFrom('a.b', '[0]', '"', '\\', 'items', '$x', '_y', '0', '12', 'a b', '\u2028', '\u200b', '\u0000', ']', '['),
    );
    const segment: fc.Arbitrary<PathSegment> = fc.oneof(key, fc.nat({ max: 100_000 }));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        expect(parsePath(formatPath(segments))).toEqual(segments);
      }),
      { numRuns: 200 },
    );
  });

  it('unmatched brackets and stray dots are skipped, never thrown on', () => {
    expect(parsePath('items[')).toEqual(['items']);
    expect(parsePath('items..title')).toEqual(['items', 'title']);
    expect(parsePath('.title.')).toEqual(['title']);
    expect(parsePath('items[x]')).toEqual(['items', 'x']);
    // A very long path is read in one pass (no backtracking blow-up).
    const long = Array.from({ length: 20_000 }, (_, i) => `k${i}[${i}]`).join('.');
    expect(parsePath(long)).toHaveLength(40_000);
  });
});
