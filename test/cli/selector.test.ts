/**
 * The CLI's selector check must refuse what browsers' querySelector refuses (the SDK checks
 * with the browser at runtime), including what css-what alone would let through.
 */
import { describe, expect, it } from 'vitest';
import { checkSelectorSyntax } from '../../src/cli/selector';

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
