/**
 * Rich text is parsed on the main thread: adversarial texts must parse in linear time (the
 * old parser searched forward from every opener: `"*a ".repeat(30000)` took over 20 s) and
 * links that a browser would take to another host must not be made. Outputs are asserted
 * exactly; no timing assertions (the test timeout catches a freeze).
 */
import { describe, expect, it } from 'vitest';
import { parseInline, parseRichText, toPlainText } from '../../src/manifest/richtext';
import { unsafeLinkPositions } from '../../src/manifest/richtext-links';

describe('adversarial rich text parses in linear time, with the right output', () => {
  it.each([
    ['"*a ".repeat(30000)', '*a '.repeat(30_000)],
    ['"_a ".repeat(30000)', '_a '.repeat(30_000)],
    ['"[".repeat(50000)', '['.repeat(50_000)],
    ['"**".repeat(30000)', '**'.repeat(30_000)],
    ['"**a ".repeat(30000)', '**a '.repeat(30_000)],
    ['unclosed variables', '{{a|'.repeat(30_000)],
  ])('keeps %s as the literal text', (_name, text) => {
    expect(parseInline(text)).toEqual([text]);
  });

  it('nested link brackets: the first "[" takes the link, the others are its label', () => {
    const text = `${'['.repeat(50_000)}a](https://x.test)`;
    expect(parseInline(text)).toEqual([{ kind: 'link', href: 'https://x.test', children: [`${'['.repeat(49_999)}a`] }]);
    expect(parseInline(`${'[a]('.repeat(30_000)}`)).toEqual(['[a]('.repeat(30_000)]);
  });

  it('many closed spans in a row', () => {
    const out = parseInline('*a* '.repeat(20_000));
    expect(out).toHaveLength(40_000);
    expect(out[0]).toEqual({ kind: 'em', children: ['a'] });
    expect(out[39_999]).toBe(' ');
  });

  it('alternating markers nest only a few levels deep, whatever their count', () => {
    const text = `${'*_'.repeat(20_000)}x${'_*'.repeat(20_000)}`;
    const out = parseInline(text);
    let depth = 0;
    for (let node: unknown = out[0]; node && typeof node === 'object' && 'children' in node; node = (node as { children: unknown[] }).children[0]) depth++;
    expect(depth).toBeLessThanOrEqual(6);
    expect(toPlainText([{ kind: 'p', children: out }]).replace(/[*_]/g, '')).toBe('x');
  });

  it('variables, escapes and code spans in bulk', () => {
    expect(parseInline('{{x|y}}'.repeat(20_000), () => undefined)).toEqual(['y'.repeat(20_000)]);
    expect(parseInline('\\*'.repeat(30_000))).toEqual(['*'.repeat(30_000)]);
    expect(parseInline('`a` '.repeat(20_000))).toHaveLength(40_000);
  });

  it('a list line of spaces that ends in a line separator', () => {
    expect(parseRichText(`- ${' '.repeat(50_000)}a\u2028b`)).toEqual([{ kind: 'ul', items: [['a\u2028b']] }]);
  });
});

describe('links a browser would take to another host are not made', () => {
  it.each(['/\\evil.example', '\\\\evil.example', '\\/evil.example', 'https:\\\\evil.example', '///evil.example'])('[a](%s) keeps its label as text', (href) => {
    expect(parseInline(`[a](${href})`)).toEqual(['a']);
  });

  it('relative, protocol-relative and absolute links are still made', () => {
    expect(parseInline('[a](/docs) [b](//cdn.example/x) [c](https://x.test)')).toEqual([
      { kind: 'link', href: '/docs', children: ['a'] }, ' ',
      { kind: 'link', href: '//cdn.example/x', children: ['b'] }, ' ',
      { kind: 'link', href: 'https://x.test', children: ['c'] },
    ]);
  });
});

describe('CommonMark link destinations, still linear', () => {
  it.each([
    ['[a](/x_(y)) z', [{ kind: 'link', href: '/x_(y)', children: ['a'] }, ' z']],
    ['[a](/x((y))z) z', [{ kind: 'link', href: '/x((y))z', children: ['a'] }, ' z']],
    ['[a](/x\\)y) z', [{ kind: 'link', href: '/x)y', children: ['a'] }, ' z']],
    ['[a](<my page.html>) z', [{ kind: 'link', href: 'my page.html', children: ['a'] }, ' z']],
    ['[a]( /x ) z', [{ kind: 'link', href: '/x', children: ['a'] }, ' z']],
    // Not links: an unclosed "(", a "<" inside "<…>", a title, a space in a plain address.
    ['[a](foo(and(bar)) z', ['[a](foo(and(bar)) z']],
    ['[a](<b<c>) z', ['[a](<b<c>) z']],
    ['[a](/x "t") z', ['[a](/x "t") z']],
    ['[a](/x y) z', ['[a](/x y) z']],
  ])('%s', (source, expected) => {
    expect(parseInline(source)).toEqual(expected);
  });

  it.each([
    ['unclosed parentheses', `[a](${'('.repeat(100_000)}`],
    ['links that never close', '[a](b'.repeat(30_000)],
    ['labels then groups', `${'[a]('.repeat(20_000)}${'(x)'.repeat(20_000)}`],
    ['angle brackets that never close', '[a](<'.repeat(30_000)],
    ['escaped parentheses', '[a](\\('.repeat(30_000)],
  ])('%s: no link, the text as written', (_name, source) => {
    // Compared as a boolean: a failure must not print 100,000 characters.
    expect(toPlainText([{ kind: 'p', children: parseInline(source) }]) === source.replace(/\\\(/g, '(')).toBe(true);
  });

  it('deeply nested balanced parentheses are one address', () => {
    const href = `${'('.repeat(50_000)}${')'.repeat(50_000)}`;
    const [link] = parseInline(`[a](${href})`) as { kind: string; href: string }[];
    expect(link.kind === 'link' && link.href === href).toBe(true);
  });

  it('20,000 refused links keep their texts, and each is placed for the validator', () => {
    const source = '[a](javascript:x(1)) '.repeat(20_000);
    expect(parseInline(source)).toEqual(['a '.repeat(20_000)]);
    const found = unsafeLinkPositions(source);
    expect(found).toHaveLength(20_000);
    expect(found[19_999]).toEqual({ href: 'javascript:x(1)', index: source.lastIndexOf('javascript:'), problem: 'use an http(s), mailto or relative URL' });
  });
});
