import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseInline, parseRichText, substituteVariables, toPlainText } from '../../src/manifest/richtext';

const p = (...children: unknown[]) => ({ kind: 'p', children });

describe('parseRichText: the Markdown subset', () => {
  it('keeps plain text as one text node', () => {
    expect(parseRichText('Drag tasks between columns.')).toEqual([p('Drag tasks between columns.')]);
  });

  it('reads **bold**, __bold__, _italic_, *italic* and `code`', () => {
    expect(parseInline('a **b** c __d__ _e_ *f* `g`')).toEqual([
      'a ', { kind: 'strong', children: ['b'] }, ' c ', { kind: 'strong', children: ['d'] }, ' ',
      { kind: 'em', children: ['e'] }, ' ', { kind: 'em', children: ['f'] }, ' ', { kind: 'code', children: ['g'] },
    ]);
  });

  it('nests italic inside bold', () => {
    expect(parseInline('**very _important_**')).toEqual([{ kind: 'strong', children: ['very ', { kind: 'em', children: ['important'] }] }]);
  });

  it('keeps markup inside `code` literal', () => {
    expect(parseInline('`**x** [a](https://b.test)`')).toEqual([{ kind: 'code', children: ['**x** [a](https://b.test)'] }]);
  });

  it('leaves unmatched markers as text', () => {
    expect(parseInline('2 * 3 = 6, snake_case and **open')).toEqual(['2 * 3 = 6, snake_case and **open']);
  });

  it('follows the flanking rules: spaces and underscores inside words do not make emphasis', () => {
    expect(parseInline('2 * 3 * 4 and file_name_here.txt')).toEqual(['2 * 3 * 4 and file_name_here.txt']);
    expect(parseInline('** not bold** and _x _')).toEqual(['** not bold** and _x _']);
    expect(parseInline('*a **b** c*')).toEqual([{ kind: 'em', children: ['a ', { kind: 'strong', children: ['b'] }, ' c'] }]);
  });

  it('reads backslash escapes as the character itself', () => {
    expect(parseInline('\\*not italic\\* and \\[not a link\\](x)')).toEqual(['*not italic* and [not a link](x)']);
  });

  it('makes links for http, https, mailto and relative URLs', () => {
    expect(parseInline('[a](https://x.test/a?b=1) [b](http://x.test) [c](mailto:help@x.test) [d](/billing) [e](../help) [f](#top)')).toEqual([
      { kind: 'link', href: 'https://x.test/a?b=1', children: ['a'] }, ' ',
      { kind: 'link', href: 'http://x.test', children: ['b'] }, ' ',
      { kind: 'link', href: 'mailto:help@x.test', children: ['c'] }, ' ',
      { kind: 'link', href: '/billing', children: ['d'] }, ' ',
      { kind: 'link', href: '../help', children: ['e'] }, ' ',
      { kind: 'link', href: '#top', children: ['f'] },
    ]);
  });

  it('formats inside a link label', () => {
    expect(parseInline('[**plans**](/billing)')).toEqual([{ kind: 'link', href: '/billing', children: [{ kind: 'strong', children: ['plans'] }] }]);
  });

  it.each([
    // Balanced parentheses belong to the address (CommonMark): no stray ")" after the label.
    ['[x](javascript:alert(1))', 'x'],
    ['[x](JaVaScRiPt:alert(1))', 'x'],
    ['[x](data:text/html,hi)', 'x'],
    ['[x](vbscript:msgbox)', 'x'],
    ['[x]( javascript:alert`1`)', 'x'],
  ])('drops the link but keeps the label for an unsafe URL: %s', (source, text) => {
    expect(parseInline(source)).toEqual([text]);
  });

  it('does not make a link of an href with whitespace inside (java<TAB>script:)', () => {
    expect(parseInline('[x](java\tscript:alert(1))')).toEqual(['[x](java\tscript:alert(1))']);
  });

  it('never produces a link nested in a link', () => {
    const [outer, rest] = parseInline('[a [b](https://b.test)](https://a.test)');
    expect(outer).toEqual({ kind: 'link', href: 'https://b.test', children: ['a [b'] });
    expect(rest).toBe('](https://a.test)');
  });

  it('turns single line breaks into <br> and blank lines into paragraphs', () => {
    expect(parseRichText('one\ntwo\n\nthree')).toEqual([p('one', { kind: 'br' }, 'two'), p('three')]);
    expect(parseRichText('one\r\ntwo')).toEqual([p('one', { kind: 'br' }, 'two')]);
  });

  it('reads "- ", "* " and "1. " lines as lists', () => {
    expect(parseRichText('Steps:\n- **To do**\n- Done\n\n1. first\n2. second')).toEqual([
      p('Steps:'),
      { kind: 'ul', items: [[{ kind: 'strong', children: ['To do'] }], ['Done']] },
      { kind: 'ol', items: [['first'], ['second']] },
    ]);
    expect(parseRichText('* a\n* b')).toEqual([{ kind: 'ul', items: [['a'], ['b']] }]);
  });

  it('keeps HTML as text', () => {
    expect(parseRichText('<b>bold</b> <script>alert(1)</script> &lt;')).toEqual([p('<b>bold</b> <script>alert(1)</script> &lt;')]);
  });

  it('gives the plain text for accessible names', () => {
    expect(toPlainText(parseRichText('**Hi** [there](/x)\n- a\n- b'))).toBe('Hi there a b');
  });
});

describe('template variables', () => {
  const traits: Record<string, unknown> = { 'user.traits.firstName': 'Ada', 'user.traits.first_name': 'Grace', 'account.seats': 5, 'account.active': true };
  const lookup = (path: string) => traits[path];

  it('inserts the value', () => {
    expect(parseRichText('Hi {{user.traits.firstName}}!', lookup)).toEqual([p('Hi Ada!')]);
    expect(parseRichText('Hi {{ user.traits.firstName | there }}!', lookup)).toEqual([p('Hi Ada!')]);
  });

  it('uses the fallback when the value is missing or empty', () => {
    expect(parseRichText('Hi {{user.traits.lastName|there}}!', lookup)).toEqual([p('Hi there!')]);
    expect(parseRichText('Hi {{user.traits.lastName}}!', lookup)).toEqual([p('Hi !')]);
    expect(parseRichText('Hi {{user.traits.x|there}}!', () => '')).toEqual([p('Hi there!')]);
  });

  it('prints numbers and booleans, but never objects or functions', () => {
    expect(parseRichText('{{account.seats}} seats, active: {{account.active}}', lookup)).toEqual([p('5 seats, active: true')]);
    expect(parseRichText('[{{user.traits|none}}]', () => ({ a: 1 }))).toEqual([p('[none]')]);
    expect(parseRichText('[{{user.fn|none}}]', () => () => 1)).toEqual([p('[none]')]);
    expect(parseRichText('[{{user.n|none}}]', () => Number.NaN)).toEqual([p('[none]')]);
  });

  it('never reads __proto__, constructor or prototype', () => {
    const calls: string[] = [];
    const spy = (path: string) => {
      calls.push(path);
      return 'leak';
    };
    expect(parseRichText('{{user.__proto__|a}} {{constructor.name|b}} {{user.prototype|c}}', spy)).toEqual([p('a b c')]);
    expect(calls).toEqual([]);
  });

  it('uses the fallback when the lookup throws', () => {
    expect(parseRichText('{{user.x|safe}}', () => { throw new Error('boom'); })).toEqual([p('safe')]);
  });

  it('keeps a value with Markdown as literal text: **x** stays **x**', () => {
    expect(parseRichText('Hi {{user.traits.firstName}}', () => '**x**')).toEqual([p('Hi **x**')]);
    expect(parseRichText('Hi **{{user.traits.firstName}}**', () => '_y_')).toEqual([p('Hi ', { kind: 'strong', children: ['_y_'] })]);
  });

  it('keeps a value with HTML or a link as literal text', () => {
    expect(parseRichText('{{v}}', () => '<b>bold</b><img src=x onerror=alert(1)>')).toEqual([p('<b>bold</b><img src=x onerror=alert(1)>')]);
    expect(parseRichText('{{v}}', () => '[click](javascript:alert(1))')).toEqual([p('[click](javascript:alert(1))')]);
  });

  it('reads a variable as one token: an "_" in its name does not start italics', () => {
    expect(parseRichText('Hi {{user.traits.first_name}}, see _this_', lookup)).toEqual([p('Hi Grace, see ', { kind: 'em', children: ['this'] })]);
    expect(parseRichText('_Hi {{user.traits.first_name}}_', lookup)).toEqual([p({ kind: 'em', children: ['Hi Grace'] })]);
  });

  it('keeps Markdown in a fallback literal', () => {
    expect(parseRichText('Hi {{user.traits.nick|*friend*}}', lookup)).toEqual([p('Hi *friend*')]);
  });

  it('works inside link labels but never in link addresses', () => {
    expect(parseInline('[Hi {{user.traits.firstName}}](/u/{{user.id}})', lookup)).toEqual([{ kind: 'link', href: '/u/{{user.id}}', children: ['Hi Ada'] }]);
  });

  it('shows escaped braces literally', () => {
    expect(parseRichText('\\{{user.traits.firstName}}', lookup)).toEqual([p('{{user.traits.firstName}}')]);
  });

  it('substituteVariables replaces every variable in a string', () => {
    expect(substituteVariables('{{user.traits.firstName}} & {{user.traits.none|you}}', lookup)).toEqual(['Ada & you']);
    expect(substituteVariables('{{user.traits.none}}', lookup)).toEqual([]);
  });
});

describe('plain text (no markup character)', () => {
  it('is one text node, as the full parser makes it', () => {
    expect(parseInline('Drag tasks between columns to show progress.')).toEqual(['Drag tasks between columns to show progress.']);
    expect(parseInline('')).toEqual([]);
    expect(parseRichText('Plans: 3 (see below) — #1 ~ 100% + more!')).toEqual([{ kind: 'p', children: ['Plans: 3 (see below) — #1 ~ 100% + more!'] }]);
  });

  it('gives what the full parser gives for any text without markup characters', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'ab .,;:!?()#+-~%0123456789éü\u2028}]'.split('')), maxLength: 60 });
    fc.assert(
      fc.property(plain, (text) => {
        // The same text with one markup character that does not pair up: the full parser runs and leaves it literal.
        const viaParser = parseInline(`${text}*`);
        const literal = viaParser.length === 1 && viaParser[0] === `${text}*`;
        expect(literal).toBe(true);
        expect(parseInline(text)).toEqual(text ? [text] : []);
      }),
    );
  });
});
