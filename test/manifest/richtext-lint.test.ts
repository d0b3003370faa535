/**
 * Rich-text mistakes readers would see as written (richtext-lint.ts): found by the renderer's own
 * parser, with the character they start at; what the renderer makes of the text is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { parseRichText } from '../../src/manifest/richtext';
import { plainTextFindings, richTextFindings } from '../../src/manifest/richtext-lint';

const codes = (text: string) => richTextFindings(text).map((f) => [f.code, f.index, f.severity ?? 'error']);

describe('richTextFindings (bodies)', () => {
  it('a link with an empty address is an error: it leads to the page the reader is on', () => {
    expect(codes('See [x]()')).toEqual([['empty-link', 4, 'error']]);
    expect(codes('See [x](<>) and [y]( )')).toEqual([['empty-link', 4, 'error'], ['empty-link', 16, 'error']]);
    expect(richTextFindings('See [x]()')[0].message).toBe('the link "[x]()" has no address, so it leads to the page the reader is on; write the address between the parentheses');
  });

  it('bold or code never closed shows its markers: a warning at the marker, quoting the text', () => {
    expect(codes('See **bold text')).toEqual([['broken-markup', 4, 'warning']]);
    expect(richTextFindings('See **bold text')[0].message).toBe('"**" opens bold text that is never closed, so readers see it as written: "**bold text"; close it, or write \\*\\* to show the characters');
    expect(codes('Press `Ctrl+E to export')).toEqual([['broken-markup', 6, 'warning']]);
    expect(codes('Line one\n\n- item __two')).toEqual([['broken-markup', 17, 'warning']]);
  });

  it('a link that is not one (no "]", a space before "(", a space in its address) is a warning; brackets of other text are not', () => {
    expect(codes('See [plans(/billing) now')).toEqual([['broken-markup', 4, 'warning']]);
    expect(richTextFindings('See [plans(/billing) now')[0].message).toBe('"[plans(/billing) now" is not a link, so readers see the brackets: there is no "]" before "("; write [words](address)');
    expect(codes('See [plans] (/billing)')).toEqual([['broken-markup', 4, 'warning']]);
    expect(codes('See [x](htp:/bad url)')).toEqual([['broken-markup', 4, 'warning']]);
    expect(codes('[1] Prices [beta (new)] and [x]')).toEqual([]);
  });

  it('text the parser reads as intended is not reported', () => {
    for (const text of ['**bold** and _it_', '2 * 3 = 6', 'snake_case_name', 'a **b**c', 'Escaped \\*\\* and \\[x](y)', '`code **x**`', '[ok](/x) {{user.traits.firstName|**there}}', '[trees](https://en.wikipedia.org/wiki/Tree_(data_structure))', '*Terms apply']) {
      expect(codes(text), text).toEqual([]);
    }
  });

  it('what the renderer makes of a text is unchanged', () => {
    expect(parseRichText('See **bold [x]() [plans(/billing) `a')).toEqual([{ kind: 'p', children: ['See **bold ', { kind: 'link', href: '', children: ['x'] }, ' [plans(/billing) `a'] }]);
  });
});

describe('long texts', () => {
  it('are read in one pass: many "[" and many unclosed "**" (each look-ahead is bounded)', () => {
    expect(richTextFindings('['.repeat(200_000))).toEqual([]);
    expect(richTextFindings('[x(/y '.repeat(30_000))).toHaveLength(30_000);
    expect(plainTextFindings('**a** '.repeat(30_000))).toHaveLength(30_000);
  });
});

describe('plainTextFindings (titles, labels, alt texts)', () => {
  it('Markdown that a body would format is shown as written: a warning at it, quoting it', () => {
    const found = plainTextFindings('Your **trial** [ends](/x) {{user.id}}');
    expect(found.map((f) => [f.code, f.index])).toEqual([['markdown-in-plain-text', 5], ['markdown-in-plain-text', 15]]);
    expect(found[0].message).toBe('"**trial**" is Markdown, which this text shows as written (titles, labels and alt texts are plain text): readers see the markers; write the words alone, and formatting in the body');
    expect(found[1].message).toBe('"[ends](/x)" is a Markdown link, which this text shows as written (titles, labels and alt texts are plain text): readers see the brackets; put the link in the body');
  });

  it('plain words, variables and lone markers are not reported', () => {
    for (const text of ['Welcome back, {{user.traits.firstName|there}}', 'Save 20% * today', 'file_name', 'Step [1 of 3]']) expect(plainTextFindings(text), text).toEqual([]);
  });
});
