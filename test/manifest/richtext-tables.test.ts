/**
 * src/manifest/richtext-tables.ts on its own: the per-line lookup tables of the inline scan
 * (`Tables`, `canOpen`, `EMPHASIS`, `VARIABLE`). Covers the emphasis flanking rules, where each
 * closer table points (escapes and template variables skipped, "_" inside words, "*" of "**"),
 * backticks, `next` past the end, template variables (`variableAt`: bounds, unclosed, a "}"
 * inside), and link destinations (`linkAt`): balanced and escaped parentheses, `<…>`, spaces,
 * backslashes kept as written, the end bound, repeated calls, and hostile sizes answered exactly.
 */
import { describe, expect, it } from 'vitest';
import { canOpen, EMPHASIS, Tables, VARIABLE } from '../../src/manifest/richtext-tables';

const closers = (text: string, marker: string) => Array.from(new Tables(text).closers[EMPHASIS.indexOf(marker)]);
const link = (text: string, start = 0, end = text.length) => new Tables(text).linkAt(start, end);

describe('EMPHASIS and VARIABLE', () => {
  it('markers are ordered longest first, as the rows of `closers`', () => {
    expect(EMPHASIS).toEqual(['**', '__', '*', '_']);
    expect(new Tables('x').closers).toHaveLength(4);
  });

  it('VARIABLE is sticky: it matches only where it is set to', () => {
    expect(VARIABLE.sticky).toBe(true);
    VARIABLE.lastIndex = 0;
    expect(VARIABLE.exec('a{{x}}')).toBeNull();
    VARIABLE.lastIndex = 1;
    expect(VARIABLE.exec('x{{ user.first-name | there }}')?.slice(1)).toEqual(['user.first-name', ' there ']);
  });
});

describe('canOpen', () => {
  it.each([
    ['*a', 0, '*', true], ['* a', 0, '*', false], ['*', 0, '*', false], ['**a', 0, '**', true], ['** a', 0, '**', false],
    ['_a', 0, '_', true], ['x_a', 1, '_', false], ['é_a', 1, '_', false], ['1_a', 1, '_', false], [' _a', 1, '_', true], ['x*a', 1, '*', true], ['x__a', 1, '__', false],
  ] as const)('%j at %i, %j: %s', (text, i, marker, expected) => {
    expect(canOpen(text, i, marker)).toBe(expected);
  });
});

describe('closer tables', () => {
  it('each position points at the next valid closer, -1 past the last', () => {
    expect(closers('a *b* c', '*')).toEqual([4, 4, 4, 4, 4, -1, -1, -1]);
  });

  it('an opener preceded by a space is not a closer; a single "*" of "**" belongs to the pair', () => {
    expect(closers('a **b** c', '**')).toEqual([5, 5, 5, 5, 5, 5, -1, -1, -1, -1]);
    expect(closers('a **b** c', '*').every((j) => j === -1)).toBe(true);
  });

  it('an escaped marker is never a closer', () => {
    expect(closers('a\\*b*', '*')).toEqual([4, 4, 4, 4, 4, -1]);
    expect(closers('a\\*', '*').every((j) => j === -1)).toBe(true);
  });

  it('a marker inside a template variable is skipped; one after it counts', () => {
    expect(closers('x{{a_b}}_', '_')).toEqual([8, 8, 8, 8, 8, 8, 8, 8, 8, -1]);
    // Not a variable ("a*b" is not a path): its "*" counts.
    expect(closers('{{a*b}}*', '*')[0]).toBe(3);
  });

  it('"_" followed by a letter or digit never closes', () => {
    expect(closers('snake_case_', '_')[0]).toBe(10);
    expect(closers('a_b_c', '_').every((j) => j === -1)).toBe(true);
  });

  it('backticks, and `next` beyond the table', () => {
    const tables = new Tables('`a` b `');
    expect(Array.from(tables.backticks)).toEqual([0, 2, 2, 6, 6, 6, 6, -1]);
    expect([tables.next(tables.backticks, 7), tables.next(tables.backticks, 8), tables.next(tables.backticks, 1e9)]).toEqual([-1, -1, -1]);
    const empty = new Tables('');
    expect([empty.next(empty.backticks, 0), empty.linkAt(0, 0)]).toEqual([-1, undefined]);
  });
});

describe('variableAt', () => {
  const text = '{{ user.name | there }} {{x} {{a}b}} {{y}}';

  it('a variable within the end bound', () => {
    const tables = new Tables(text);
    expect(tables.variableAt(0, text.length)?.[0]).toBe('{{ user.name | there }}');
    expect(tables.variableAt(0, 22)).toBeNull();
    expect(tables.variableAt(0, 23)?.[1]).toBe('user.name');
    expect(tables.variableAt(text.lastIndexOf('{{'), text.length)?.[1]).toBe('y');
  });

  it('not closed by "}}", or with a "}" inside, or not at "{{": none', () => {
    const tables = new Tables(text);
    expect(tables.variableAt(text.indexOf('{{x}'), text.length)).toBeNull();
    expect(tables.variableAt(text.indexOf('{{a}'), text.length)).toBeNull();
    expect(tables.variableAt(1, text.length)).toBeNull();
    expect(new Tables('{{'.repeat(10_000)).variableAt(0, 20_000)).toBeNull();
  });
});

describe('linkAt', () => {
  it.each([
    ['[a](/x)', { labelEnd: 2, href: '/x', end: 7 }],
    ['[a]()', { labelEnd: 2, href: '', end: 5 }],
    ['[a](<>)', { labelEnd: 2, href: '', end: 7 }],
    ['[a]( /x )', { labelEnd: 2, href: '/x', end: 9 }],
    ['[a](/x_(y))', { labelEnd: 2, href: '/x_(y)', end: 11 }],
    ['[a](((((x)))))', { labelEnd: 2, href: '((((x))))', end: 14 }],
    ['[a](/x\\)y)', { labelEnd: 2, href: '/x)y', end: 10 }],
    ['[a](/x\\(y)', { labelEnd: 2, href: '/x(y', end: 10 }],
    ['[a](<my page>)', { labelEnd: 2, href: 'my page', end: 14 }],
    ['[a](<x>   )', { labelEnd: 2, href: 'x', end: 11 }],
    ['[a](/\\/evil)', { labelEnd: 2, href: '/\\/evil', end: 12 }],
    ['[a](\\\\evil)', { labelEnd: 2, href: '\\\\evil', end: 11 }],
    ['[a](/x\\*y)', { labelEnd: 2, href: '/x\\*y', end: 10 }],
  ])('%j is a link', (text, expected) => {
    expect(link(text)).toEqual(expected);
  });

  it.each(['[a](', '[a]((', '[a](/x y)', '[a](/x "t")', '[a](<b<c>)', '[a](<x)', '[a](<x> y)', '[a](x\u2028y)', '[a](x\ty)', '[a](/x\\)', 'no link', '[a] (/x)'])('%j is not', (text) => {
    expect(link(text)).toBeUndefined();
  });

  it('respects the end bound, and finds the next link from a later start', () => {
    const text = '[a](/1) [b](/2)';
    expect(link(text, 0, 6)).toBeUndefined();
    expect(link(text, 0, 7)).toEqual({ labelEnd: 2, href: '/1', end: 7 });
    expect(link(text, 3)).toEqual({ labelEnd: 10, href: '/2', end: 15 });
    expect(link(text, 8, 14)).toBeUndefined();
  });

  it('answers the same when asked again (the answer is kept per "](")', () => {
    const tables = new Tables('[a](/x) [b](/y');
    const first = [tables.linkAt(0, 14), tables.linkAt(8, 14)];
    expect([tables.linkAt(0, 14), tables.linkAt(8, 14)]).toEqual(first);
    expect(first).toEqual([{ labelEnd: 2, href: '/x', end: 7 }, undefined]);
  });
});

describe('hostile sizes, answered exactly', () => {
  it('100,000 unclosed "(" after "](": no link from any label', () => {
    const text = `[a](${'('.repeat(100_000)}`;
    const tables = new Tables(text);
    expect(tables.linkAt(0, text.length)).toBeUndefined();
  });

  it('20,000 labels then one ")": no link from the first, none from the last', () => {
    const text = `${'[a]('.repeat(20_000)})`;
    const tables = new Tables(text);
    expect(tables.linkAt(0, text.length)).toBeUndefined();
    expect(tables.linkAt(text.length - 5, text.length)).toEqual({ labelEnd: text.length - 3, href: '', end: text.length });
  });

  it('50,000 nested parentheses are one destination; 30,000 links are each found', () => {
    const href = `${'('.repeat(50_000)}${')'.repeat(50_000)}`;
    const found = link(`[a](${href})`);
    expect(found?.href === href && found.end === href.length + 5).toBe(true);
    const many = '[a](/x) '.repeat(30_000);
    const tables = new Tables(many);
    let count = 0;
    for (let start = 0, next = tables.linkAt(0, many.length); next; next = tables.linkAt(start, many.length)) {
      count++;
      start = next.end;
    }
    expect(count).toBe(30_000);
  });
});
