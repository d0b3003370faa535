/**
 * The CLI's selector check must refuse what browsers' querySelector refuses (the SDK checks
 * with the browser at runtime), including what css-what alone would let through.
 */
import { describe, expect, it } from 'vitest';
import { checkSelectorSyntax } from '../../src/cli/selector';
import { validateManifest } from '../../src/manifest/validate';

describe('checkSelectorSyntax', () => {
  it.each([
    '#board-title',
    '[data-help="export"]',
    'main h1',
    'nav > a[href="/board"]',
    'ul li:nth-child(2n+1)',
    'button:not(.secondary):hover',
    ':is(h1, h2) + p',
    'form:has(> input:invalid)',
    'input[type="checkbox"]:checked ~ label',
    '.col-2',
    'a[href$=".pdf" i]',
    '#\\31 23',
    '*',
  ])('accepts %s', (selector) => {
    expect(checkSelectorSyntax(selector)).toBeUndefined();
  });

  it.each([
    ['#a[', 'Expected name, found the end of the selector'],
    ['div >> p', 'Did not expect successive traversals.'],
    ['.', 'Expected name, found .'],
    ['div,', 'Empty sub-selector'],
    ['div:nth-child(', 'Parenthesis not matched'],
    [':hovr', 'unknown pseudo-class ":hovr" — did you mean ":hover"?'],
    ['button:contains(Save)', '":contains" is not CSS (it comes from jQuery): target the element by an anchor ([data-help="…"]) or an attribute instead of its text'],
    ['li:eq(2)', '":eq" is not CSS (it comes from jQuery): use :nth-child() or :nth-of-type()'],
    ['div:visible', '":visible" is not CSS (it comes from jQuery): Guidepost already waits for the target to appear'],
    ['a[rel!=nofollow]', '"[rel!=…]" is not CSS (it comes from jQuery): write :not([rel="…"])'],
    ['li < ul', '"<" is not a CSS combinator (it comes from jQuery)'],
    ['> a', 'a selector cannot start with a combinator such as ">" or "+"'],
    ['a >', 'a selector cannot end with a combinator such as ">" or "+"'],
    [':not(> a)', 'a selector cannot start with a combinator such as ">" or "+"'],
    ['p::before', '"::before" is a pseudo-element: it never matches an element, so it cannot be a target'],
    ['#1abc', '"#1abc": a CSS id cannot start with a digit; write [id="1abc"] instead'],
    ['.2col', '".2col": a CSS class cannot start with a digit; write [class~="2col"] instead'],
    ['div > 12', '"12" is not a valid element name (names cannot start with a digit)'],
    ['svg|rect', 'namespace prefixes such as "svg|" are not supported in selectors'],
  ])('refuses %s: %s', (selector, message) => {
    expect(checkSelectorSyntax(selector)).toBe(message);
  });
});

// css-what lets these through (its names may start with any character, it leaves An+B unread,
// it knows nothing of :has() nesting); each case was checked against Chromium's querySelector
// (the two :is() cases below aside).
describe('checkSelectorSyntax, where css-what alone is too lenient', () => {
  it.each([
    'a:not(.b, .c)', ':is(a, b) > c', "[data-x='1']", '[data-x=foo]', '[aria-expanded=true]', '[lang|=en]', '[ data-x = "1" i ]',
    '.-foo', '.--bar', '#_x', '.é', '.\\@md\\:flex', '.a\\.b', '*|*', 'a\u00a0b', 'a/**/.b', 'a /* c */> b', ':host', ':host(.dark) .x',
    'li:nth-child(odd)', 'li:nth-child(EVEN)', 'li:nth-child(+5)', 'li:nth-last-child(-n+3)', 'li:nth-child( 2n + 1 )', 'li:nth-child(2n- 1)',
    'li:nth-of-type(n)', 'li:nth-last-of-type(-2n)', 'li:nth-child(-n+3 of .visible)', 'li:nth-child(odd of :not(.hidden), .x)',
    ':has(.a):has(.b)', ':not(:has(a))', 'div:has(~ p, > img)', ':is(:has(a))',
  ])('accepts %j', (selector) => {
    expect(checkSelectorSyntax(selector)).toBeUndefined();
  });

  it.each([
    // Empty, and empty or malformed names.
    ['', 'the selector is empty'],
    ['   ', 'the selector is empty'],
    ['\t\n', 'the selector is empty'],
    ['.btn..primary', "empty class name after '.'"],
    ['..a', "empty class name after '.'"],
    ['. a', "empty class name after '.'"],
    ['.:hover', "empty class name after '.'"],
    ['#.a', "empty id name after '#'"],
    ['# a', "empty id name after '#'"],
    ['.-', "'.-' is not a valid class name"],
    ['#-', "'#-' is not a valid id name"],
    // Chromium forgives these inside :is() by dropping the branch, which then matches nothing;
    // the check holds :is() arguments to the rules of the selector around them, as it always did.
    [':is(.a..b)', "empty class name after '.'"],
    [':is(12)', "'12' is not a valid element name"],
    // An+B.
    [':nth-child(2n+)', "malformed An+B '2n+' in :nth-child() (write odd, even, 3, 2n, 2n+1 or -n+3)"],
    [':nth-last-child(n-)', "malformed An+B 'n-' in :nth-last-child() (write odd, even, 3, 2n, 2n+1 or -n+3)"],
    [':nth-of-type(3 n)', "malformed An+B '3 n' in :nth-of-type() (write odd, even, 3, 2n, 2n+1 or -n+3)"],
    [':nth-last-of-type(2n + )', "malformed An+B '2n +' in :nth-last-of-type() (write odd, even, 3, 2n, 2n+1 or -n+3)"],
    ['li:nth-child(+ 2n)', "malformed An+B '+ 2n' in :nth-child() (write odd, even, 3, 2n, 2n+1 or -n+3)"],
    [':nth-child()', "':nth-child()' needs an argument"],
    [':nth-child(2n+1 of)', "missing selector after 'of' in :nth-child()"],
    [':nth-of-type(1 of a)', ":nth-of-type() takes no 'of <selector>' (only :nth-child() and :nth-last-child() do)"],
    [':nth-child(1 of a >)', 'in :nth-child(… of a >): a selector cannot end with a combinator such as ">" or "+"'],
    // :has() inside :has(), however deep.
    [':has(:has(a))', ':has() cannot contain :has()'],
    ['a:has(b:has(c))', ':has() cannot contain :has()'],
    [':has(> a:has(b))', ':has() cannot contain :has()'],
    [':has(:not(:has(a)))', ':has() cannot contain :has()'],
    [':has(:host(:has(a)))', ':has() cannot contain :has()'],
    [':has(:nth-child(1 of :has(a)))', 'in :nth-child(… of :has(a)): :has() cannot contain :has()'],
    // Arguments missing, empty or not taken.
    [':not()', "':not()' needs a selector between its parentheses"],
    [':has( )', "':has( )' needs a selector between its parentheses"],
    [':not', "':not' needs an argument in parentheses"],
    [':hover()', "':hover' takes no argument"],
    [':lang()', "':lang()' needs an argument"],
    // Combinators at either end, stray brackets and quotes, parts out of order.
    ['>a', 'a selector cannot start with a combinator such as ">" or "+"'],
    ['a, > b', 'a selector cannot start with a combinator such as ">" or "+"'],
    ['a >, b', 'a selector cannot end with a combinator such as ">" or "+"'],
    ['a ,', 'Empty sub-selector'],
    ['a)b', "unmatched ')'"],
    ['a]b', "unmatched ']'"],
    ["a'b", 'unexpected quote: quoted text belongs in an attribute selector such as [title="…"]'],
    ['$a', "unexpected '$'"],
    ['|:hover', "expected an element name or '*' after '|'"],
    ['a*', "'*' must come first in its compound selector (an element name or '*' cannot follow another part without a space or combinator)"],
    ['[x]a', "'a' must come first in its compound selector (an element name or '*' cannot follow another part without a space or combinator)"],
    ['a/**/b', "'b' must come first in its compound selector (an element name or '*' cannot follow another part without a space or combinator)"],
    // Attribute selectors.
    ['[data-x=1]', 'attribute value \'1\' must be quoted: write [data-x="1"]'],
    ['[a=]', 'missing attribute value after \'=\' (write [a=""] to match an empty value)'],
    ['[=a]', "empty attribute name after '['"],
    ['[1a]', "'1a' is not a valid attribute name"],
    ['[a=b!]', "unexpected '!' in attribute selector"],
    ['[a="b" s]', "the attribute flag 's' is not supported by Chromium"],
  ])('refuses %j: %s', (selector, message) => {
    expect(checkSelectorSyntax(selector)).toBe(message);
  });

  it('reports each selector of the defect report as invalid-selector at its own path', () => {
    const tip = (id: string, target: unknown) => ({ id, type: 'tooltip', target, body: 'x' });
    const manifest = {
      schemaVersion: 1,
      revision: 'r',
      items: [tip('e', '.btn..primary'), tip('f', { anchor: 'x', fallbacks: [':nth-child(2n+)'] }), tip('b', '   '), tip('h', ':has(:has(a))')],
    };
    const { problems } = validateManifest(manifest, { checkSelector: checkSelectorSyntax });
    expect(problems.map((p) => [p.code, p.path, p.message])).toEqual([
      ['invalid-selector', 'items[0].target', `item "e" at items[0].target: invalid CSS selector ".btn..primary": empty class name after '.'`],
      ['invalid-selector', 'items[1].target.fallbacks[0]', `item "f" at items[1].target.fallbacks[0]: invalid CSS selector ":nth-child(2n+)": malformed An+B '2n+' in :nth-child() (write odd, even, 3, 2n, 2n+1 or -n+3)`],
      ['invalid-selector', 'items[2].target', `item "b" at items[2].target: invalid CSS selector "   ": the selector is empty`],
      ['invalid-selector', 'items[3].target', `item "h" at items[3].target: invalid CSS selector ":has(:has(a))": :has() cannot contain :has()`],
    ]);
  });
});
