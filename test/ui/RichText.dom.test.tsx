/** RichText renders parsed rich text as elements: text stays text, links are vetted. */
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRichText } from '../../src/manifest/richtext';
import { RichText } from '../../src/ui/RichText';

let container: HTMLElement;
function show(source: string, lookup?: (path: string) => unknown): HTMLElement {
  container = document.createElement('div');
  document.body.appendChild(container);
  render(<RichText blocks={parseRichText(source, lookup)} />, container);
  return container;
}
afterEach(() => {
  render(null, container);
  container.remove();
});

describe('RichText', () => {
  it('renders paragraphs, line breaks, lists, bold, italic and code', () => {
    const root = show('**Hi** _you_\nline `x`\n\n- a\n- b\n\n1. one');
    expect(root.innerHTML).toBe('<p><strong>Hi</strong> <em>you</em><br>line <code>x</code></p><ul><li>a</li><li>b</li></ul><ol><li>one</li></ol>');
  });

  it('opens external links in a new tab without an opener, relative and mailto links in place', () => {
    const root = show('[a](https://x.test) [b](/billing) [c](mailto:help@x.test) [d](//cdn.x.test/a)');
    const links = [...root.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]);
    expect(links).toEqual([
      ['https://x.test', '_blank', 'noopener noreferrer'],
      ['/billing', null, null],
      ['mailto:help@x.test', null, null],
      ['//cdn.x.test/a', '_blank', 'noopener noreferrer'],
    ]);
  });

  it('shows HTML and unsafe links as text', () => {
    const root = show('<img src=x onerror=alert(1)> [x](javascript:alert(1)) {{user.traits.name}}', () => '<b>Ada</b>');
    expect(root.querySelector('img, b, a')).toBeNull();
    expect(root.textContent).toBe('<img src=x onerror=alert(1)> x <b>Ada</b>');
  });

  it('the sentence of issue 17: a URL with balanced parentheses links whole, a refused link shows its text alone', () => {
    const root = show('See [trees](https://en.wikipedia.org/wiki/Tree_(data_structure)) and [plans](javascript:alert(1)).');
    expect(root.textContent).toBe('See trees and plans.');
    expect([...root.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([['trees', 'https://en.wikipedia.org/wiki/Tree_(data_structure)']]);
  });

  it('an address in angle brackets may hold spaces and parentheses', () => {
    const root = show('Read the [notes](<release notes (2026).html>) now.');
    expect(root.querySelector('a')?.getAttribute('href')).toBe('release notes (2026).html');
    expect(root.textContent).toBe('Read the notes now.');
  });
});
