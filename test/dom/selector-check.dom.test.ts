/**
 * checkSelectorInBrowser (src/dom/selector-check.ts), the check boot.ts hands to loadManifest:
 * undefined for a selector the browser's parser accepts (whether or not it matches anything in
 * the page), else the first line of the parser's message.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkSelectorInBrowser } from '../../src/dom/selector-check';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('checkSelectorInBrowser', () => {
  it.each(['#a', 'div > .b[data-x="1"]', '[data-help="export"]', 'button:has(> svg)', 'nav a:not(.active), #x'])('accepts %s', (selector) => {
    expect(checkSelectorInBrowser(selector)).toBeUndefined();
  });

  it('accepts a selector that matches elements in the page: it is parsed, not looked up there', () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const lookup = vi.spyOn(document, 'querySelector');
    expect(checkSelectorInBrowser('#save')).toBeUndefined();
    expect(lookup).not.toHaveBeenCalled();
  });

  it.each(['##x', 'div[', 'a:nth-child(', 'a,,b'])('rejects %s with the parser\'s message naming it', (selector) => {
    const message = checkSelectorInBrowser(selector);
    expect(message).toContain(`'${selector}' is not a valid selector`);
  });

  it('rejects an empty selector', () => {
    expect(checkSelectorInBrowser('')).toMatch(/empty/);
  });

  it('keeps only the first line of a longer message', () => {
    vi.spyOn(document, 'createDocumentFragment').mockReturnValue({
      querySelector: () => {
        throw new SyntaxError('bad selector "x"\n    at parse (selectors.js:1:1)');
      },
    } as unknown as DocumentFragment);
    expect(checkSelectorInBrowser('x')).toBe('bad selector "x"');
  });
});
