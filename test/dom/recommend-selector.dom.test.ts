import { afterEach, describe, expect, it } from 'vitest';
import { looksGenerated, recommendSelector } from '../../src/dom/recommend-selector';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('recommendSelector', () => {
  it('prefers a data-help anchor and returns it as a manifest anchor target', () => {
    document.body.innerHTML = '<button id="save" data-help="save">Save</button>';
    const r = recommendSelector(document.querySelector('button')!);
    expect(r).toEqual({ selector: '[data-help="save"]', matches: 1, strategy: 'data-help', target: { anchor: 'save' } });
  });

  it('uses a hand-written id but not a generated one', () => {
    document.body.innerHTML = '<div><button id="export-report">Export</button><button id=":r3:">Other</button></div>';
    expect(recommendSelector(document.getElementById('export-report')!).selector).toBe('#export-report');
    const generated = recommendSelector(document.getElementById(':r3:')!);
    expect(generated.selector).not.toContain(':r3:');
    expect(document.querySelector(generated.selector)).toBe(document.getElementById(':r3:'));
  });

  it('falls back to stable attributes, then a short path from a stable ancestor; every result matches exactly the element', () => {
    document.body.innerHTML = `
      <form id="signup"><input name="email"><input name="email"><button class="Button_primary__3xYz9">Go</button></form>
      <nav aria-label="Main"><a href="/a">A</a><a href="/b">B</a></nav>`;
    for (const element of document.querySelectorAll('input, button, a')) {
      const r = recommendSelector(element);
      expect(r.matches).toBe(1);
      expect(document.querySelector(r.selector)).toBe(element);
      expect(r.selector).not.toContain('3xYz9');
    }
    expect(recommendSelector(document.querySelector('a')!).selector).toBe('a[href="/a"]');
  });

  it('recognizes generated class and id names', () => {
    for (const token of ['css-1x2y3z', 'sc-bdfBwQ', ':r1:', 'Button_primary__3xYz9', 'item-12345']) expect(looksGenerated(token)).toBe(true);
    for (const token of ['new-project', 'export-report', 'sidebar', 'main-nav']) expect(looksGenerated(token)).toBe(false);
  });
});
