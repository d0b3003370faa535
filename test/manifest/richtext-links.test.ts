/**
 * src/manifest/richtext-links.ts on its own: `unsafeLinkPositions`, where in a rich text the
 * links the renderer refuses are written, for the validator. Covers which links are listed
 * (refused schemes, backslashes, slashes, http(s) spellings; not safe links, not code spans, not
 * unclosed links), the reason given for each, the index of each address (after spaces, tabs
 * or "<", in the destination and not the label, repeated addresses in order, across lines), and
 * addresses written with escapes (not placed, and no search after them). richtext-hardening
 * .test.ts covers 20,000 links in one text.
 */
import { describe, expect, it } from 'vitest';
import { unsafeLinkPositions } from '../../src/manifest/richtext-links';

const SCHEME = 'use an http(s), mailto or relative URL';
const at = (source: string) => unsafeLinkPositions(source).map(({ href, index }) => [href, index]);

describe('which links are listed', () => {
  it('every refused link, in order, with the reason url.ts gives', () => {
    const source = '[a](javascript:alert(1)) [b](/ok) [c](/\\evil.example) [d](///evil.example) [e](https:evil.example) [f](DATA:x)';
    expect(unsafeLinkPositions(source)).toEqual([
      { href: 'javascript:alert(1)', index: 4, problem: SCHEME },
      { href: '/\\evil.example', index: source.indexOf('/\\evil'), problem: 'browsers read "\\" as "/", so this leads to another site; write "//host/path" or "https://host/path" if that is meant' },
      { href: '///evil.example', index: source.indexOf('///'), problem: 'three or more slashes lead to another site; write "//host/path" or "https://host/path" if that is meant' },
      { href: 'https:evil.example', index: source.indexOf('https:'), problem: 'write it as "https://host/path"; browsers read other spellings as another host' },
      { href: 'DATA:x', index: source.indexOf('DATA'), problem: SCHEME },
    ]);
  });

  it.each([
    ['safe links', '[a](/x) [b](//cdn.example/x) [c](mailto:a@b.test) [d](https://x.test) [e](#top) [f](?q)'],
    ['a link in a code span', '`[a](javascript:x)`'],
    ['a link in a fenced-looking code span', '``[a](javascript:x)``'],
    ['an unclosed link', '[a](javascript:x'],
    ['a destination with a space (not a link)', '[a](javascript:x y)'],
    ['a title after the destination (not a link)', '[a](javascript:x "t")'],
    ['"](" without "["', 'x](javascript:x)'],
    ['a label split from its destination by a newline', '[a]\n(javascript:x)'],
    ['an escaped opening bracket', '\\[a](javascript:x)'],
    ['an empty text', ''],
  ])('none for %s', (_name, source) => {
    expect(unsafeLinkPositions(source)).toEqual([]);
  });

  it('a refused address written in <…> may hold spaces, and is listed', () => {
    expect(at('[a](<javascript:x y>)')).toEqual([['javascript:x y', 5]]);
  });
});

describe('where each address is', () => {
  it('after spaces and tabs, or after "<"', () => {
    expect(at('[a](  \tjavascript:x)')).toEqual([['javascript:x', 7]]);
    expect(at('[a]( <data:x>)')).toEqual([['data:x', 6]]);
  });

  it('in the destination, not in a label that reads the same', () => {
    expect(at('[javascript:x](javascript:x)')).toEqual([['javascript:x', 15]]);
  });

  it('the same address twice: each at its own place', () => {
    const source = '[a](data:x) and [b](data:x)';
    expect(at(source)).toEqual([['data:x', 4], ['data:x', source.lastIndexOf('data:x')]]);
  });

  it('across lines, list items, headings and emphasis; template variables before it', () => {
    const source = '# [h](data:1)\n\n- [a](data:2)\n- **[b](data:3)**\n\n{{user.name}} [c](data:4)';
    expect(at(source)).toEqual([1, 2, 3, 4].map((n) => [`data:${n}`, source.indexOf(`data:${n}`)]));
  });

  it('nested brackets: the first "[" takes the first "](", and what follows is text (not a link)', () => {
    expect(at('[[a](data:inner)](data:outer)')).toEqual([['data:inner', 5]]);
  });
});

describe('addresses written with escapes', () => {
  it('balanced and escaped parentheses are part of the address; an unescaped address is placed', () => {
    expect(at('[a](javascript:x(1)(2))')).toEqual([['javascript:x(1)(2)', 4]]);
  });

  it('an address with "\\)" is listed as the parser reads it, without a position', () => {
    expect(unsafeLinkPositions('[a](javascript:x\\))')).toEqual([{ href: 'javascript:x)', index: undefined, problem: SCHEME }]);
  });

  it('once one address cannot be placed, the later ones are listed without positions (no search from the start again)', () => {
    const source = `[a](data:y) [b](javascript:x\\)) ${'[c](data:z) '.repeat(1_000)}`;
    const found = unsafeLinkPositions(source);
    expect(found).toHaveLength(1_002);
    expect(found[0]).toEqual({ href: 'data:y', index: 4, problem: SCHEME });
    expect(found[1].index).toBeUndefined();
    expect(found.slice(2).every((link) => link.href === 'data:z' && link.index === undefined)).toBe(true);
  });
});
