/**
 * Rich text is parsed on the main thread: adversarial texts must parse in linear time (the
 * old parser searched forward from every opener: `"*a ".repeat(30000)` took over 20 s) and
 * links that a browser would take to another host must not be made. Outputs are asserted
 * exactly; no timing assertions (the test timeout catches a freeze).
 */
import { describe, expect, it } from 'vitest';
import { parseInline, parseRichText, toPlainText } from '../../src/manifest/richtext';

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
