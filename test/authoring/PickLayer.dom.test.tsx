/**
 * src/authoring/PickLayer.tsx, picking by keyboard around the pointer picker: the bar says what
 * the pick is for and how; Tab, Shift+Tab and the arrow keys walk the page's elements that can
 * carry help (controls, links, headings, labelled or id'd elements…), visible ones only, never
 * Guidepost's own hosts, in document order and round in both directions (the first 2,000 on a
 * huge page); the walked element is scrolled to, outlined and announced ("2 of 3: button
 * “Save”", its aria-label first, text trimmed to 40 characters); Enter picks it with the
 * recommended selector; nothing happens without candidates or before one is highlighted;
 * Escape cancels (the pointer picker's). (Within the editor: Editor.dom.test.tsx, "picking".)
 * happy-dom has no layout: boxes are stand-ins (100×20, none for an element marked data-no-box).
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PickLayer } from '../../src/authoring/PickLayer';
import type { SelectorRecommendation } from '../../src/dom/recommend-selector';

/**
 * An element's box: 100×20 at its `data-y` (default 5), none for an element marked `data-no-box`.
 * (By attribute, not by element: happy-dom hands some elements, <select>, to methods as proxies.)
 */
const boxOf = (element: Element) => (element.hasAttribute('data-no-box') ? new DOMRect(0, 0, 0, 0) : new DOMRect(10, Number(element.getAttribute('data-y') ?? 5), 100, 20));

function setup(page: string) {
  document.body.innerHTML = page;
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    return boxOf(this);
  });
  const scrolled = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(() => undefined);
  // The panel draws in a Guidepost host's shadow root, as the author panel does.
  const host = document.body.appendChild(document.createElement('guidepost-author'));
  host.setAttribute('data-guidepost-host', 'author');
  const container = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'));
  const onPicked = vi.fn<(result: SelectorRecommendation) => void>();
  const onCancel = vi.fn();
  render(<PickLayer purpose="the next step of welcome-tour" onPicked={onPicked} onCancel={onCancel} />, { container });
  const surface = container.querySelector<HTMLElement>('[data-part=picker]')!;
  const key = (key: string, shiftKey = false) => fireEvent.keyDown(surface, { key, shiftKey });
  const bar = () => container.querySelector('[data-author=pick-bar]')!.textContent!;
  const highlight = () => container.querySelector<HTMLElement>('[data-author=kb-highlight]');
  return { container, surface, key, bar, highlight, onPicked, onCancel, scrolled };
}

const PAGE = '<main><h1>Projects</h1><p>Plain text</p><button id="save" data-y="240">Save</button><a href="/help">Help</a></main>';
/** What the bar adds after its instructions. */
const announced = (bar: string) => bar.split('Escape cancels.')[1]?.trim();

afterEach(() => {
  act(() => cleanup());
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('PickLayer', () => {
  it('says what the pick is for and how to pick, politely announced; nothing is outlined yet', () => {
    const s = setup(PAGE);
    expect(s.bar()).toBe('Pick the next step of welcome-tour: click it, or press Tab or the arrow keys to move and Enter to pick. Escape cancels.');
    const bar = s.container.querySelector('[data-author=pick-bar]')!;
    expect([bar.getAttribute('role'), bar.getAttribute('aria-live')]).toEqual(['status', 'polite']);
    expect(s.highlight()).toBeNull();
  });

  it('walks the candidates in document order with Tab and ArrowDown/ArrowRight, round past the last', () => {
    const s = setup(PAGE);
    expect(s.key('Tab')).toBe(false); // handled: focus stays in the picker
    expect(announced(s.bar())).toBe('1 of 3: h1 “Projects”');
    s.key('ArrowDown');
    expect(announced(s.bar())).toBe('2 of 3: button “Save”');
    s.key('ArrowRight');
    expect(announced(s.bar())).toBe('3 of 3: a “Help”');
    s.key('Tab');
    expect(announced(s.bar())).toBe('1 of 3: h1 “Projects”');
  });

  it('walks backwards with Shift+Tab, ArrowUp and ArrowLeft, starting from the last', () => {
    const s = setup(PAGE);
    expect(s.key('Tab', true)).toBe(false);
    expect(announced(s.bar())).toBe('3 of 3: a “Help”');
    s.key('ArrowUp');
    expect(announced(s.bar())).toBe('2 of 3: button “Save”');
    s.key('ArrowLeft');
    s.key('ArrowLeft');
    expect(announced(s.bar())).toBe('3 of 3: a “Help”');
  });

  it('outlines the walked element at its box and scrolls it into view', () => {
    const s = setup(PAGE);
    s.key('ArrowDown');
    s.key('ArrowDown');
    const save = document.getElementById('save')!;
    expect(s.highlight()!.getAttribute('style')).toBe('left: 10px; top: 240px; width: 100px; height: 20px;');
    expect(s.scrolled.mock.contexts.at(-1)).toBe(save);
    expect(s.scrolled).toHaveBeenLastCalledWith({ block: 'nearest', inline: 'nearest' });
  });

  it('leaves out elements without a size and Guidepost\'s own hosts', () => {
    const page = '<button id="a">A</button><button id="hidden" data-no-box>Hidden</button><guidepost-root data-guidepost-host="layer"><button id="in-host">Ours</button></guidepost-root><div data-guidepost-host="help-link"><a href="#x">Help link</a></div><button id="b">B</button>';
    const s = setup(page);
    s.key('ArrowUp');
    expect(announced(s.bar())).toBe('2 of 2: button “B”');
    s.key('ArrowUp');
    expect(announced(s.bar())).toBe('1 of 2: button “A”');
  });

  it('takes what can carry help: controls, links, labelled, id\'d, role and data-help elements, not plain ones', () => {
    const page = '<div>plain</div><span>plain</span><input name="q"><div id="panel">Panel</div><div role="tab">Tab</div><div aria-label="Chart"></div><div data-help="x">X</div><summary>More</summary><label>Name</label><table><tbody><tr><th>Col</th><td>cell</td></tr></tbody></table><h4>Sub</h4><a>no href</a><div tabindex="0">Focusable</div><select name="s"><option>One</option></select><textarea></textarea>';
    const s = setup(page);
    const seen: string[] = [];
    for (let i = 0; i < 13; i++) {
      s.key('ArrowDown');
      seen.push(announced(s.bar())!.replace(/^\d+ of \d+: /, ''));
    }
    expect(seen).toEqual(['input', 'div “Panel”', 'div “Tab”', 'div “Chart”', 'div “X”', 'summary “More”', 'label “Name”', 'th “Col”', 'h4 “Sub”', 'div “Focusable”', 'select “One”', 'textarea', 'input']);
    expect(announced(s.bar())).toMatch(/^1 of 12: /);
  });

  it('announces the aria-label first, whitespace collapsed, cut at 40 characters', () => {
    const long = 'A very long label that goes on and on and on beyond forty';
    const s = setup(`<button aria-label="Export CSV">⤓</button><button>  Save\n   draft  </button><button>${long}</button>`);
    s.key('ArrowDown');
    expect(announced(s.bar())).toBe('1 of 3: button “Export CSV”');
    s.key('ArrowDown');
    expect(announced(s.bar())).toBe('2 of 3: button “Save draft”');
    s.key('ArrowDown');
    expect(announced(s.bar())).toBe(`3 of 3: button “${long.slice(0, 40).trim()}”`);
  });

  it('Enter picks the walked element, with its recommended selector', () => {
    const s = setup(PAGE);
    s.key('ArrowDown');
    s.key('ArrowDown');
    expect(s.key('Enter')).toBe(false);
    expect(s.onPicked).toHaveBeenCalledTimes(1);
    expect(s.onPicked.mock.calls[0][0]).toMatchObject({ selector: '#save', matches: 1, strategy: 'id' });
  });

  it('Enter before anything is walked, and Space, pick nothing and are left to the page', () => {
    const s = setup(PAGE);
    expect(s.key('Enter')).toBe(true);
    s.key('ArrowDown');
    expect(s.key(' ')).toBe(true);
    expect(s.key('a')).toBe(true);
    expect(s.onPicked).not.toHaveBeenCalled();
    expect(announced(s.bar())).toBe('1 of 3: h1 “Projects”');
  });

  it('a page with nothing to pick: the keys are not taken and nothing is outlined', () => {
    const s = setup('<p>Only text</p><div>and boxes</div>');
    expect(s.key('Tab')).toBe(true);
    expect(s.key('ArrowDown')).toBe(true);
    expect(s.highlight()).toBeNull();
    expect(announced(s.bar())).toBe('');
  });

  it('walks the first 2,000 candidates of a huge page', () => {
    const s = setup(Array.from({ length: 2100 }, (_, i) => `<button>b${i}</button>`).join(''));
    s.key('ArrowUp');
    expect(announced(s.bar())).toBe('2000 of 2000: button “b1999”');
  });

  it('Escape cancels', () => {
    const s = setup(PAGE);
    s.key('Escape');
    expect(s.onCancel).toHaveBeenCalledTimes(1);
    expect(s.onPicked).not.toHaveBeenCalled();
  });
});
