/**
 * src/ui/Picker.tsx, the element picker of the debug tools: a focused full-screen surface
 * (role="application", named with how to cancel) that highlights the page element under the
 * pointer, looking past Guidepost's own hosts and <body>/<html>, and on click reports the
 * recommended selector for it without the click reaching the page; Escape cancels (marked handled). PickerResult
 * reports the selector, its match count and the manifest target, copies the target, and closes.
 * happy-dom has no layout: elementsFromPoint and boxes are stand-ins.
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SelectorRecommendation } from '../../src/dom/recommend-selector';
import { recommendSelector } from '../../src/dom/recommend-selector';
import { Picker, PickerResult } from '../../src/ui/Picker';

type Doc = Document & { elementsFromPoint?: (x: number, y: number) => Element[] };

/** The page, and the picker drawn in a Guidepost layer host's shadow root. */
function show(under: (x: number, y: number) => Element[]) {
  document.body.innerHTML = '<main><h1>Projects</h1><button id="save">Save</button><div data-help="export">Export</div></main>';
  const host = document.body.appendChild(document.createElement('guidepost-root'));
  host.setAttribute('data-guidepost-host', 'layer');
  const shadow = host.attachShadow({ mode: 'open' });
  const container = shadow.appendChild(document.createElement('div'));
  (document as Doc).elementsFromPoint = vi.fn(under);
  const onPicked = vi.fn<(result: SelectorRecommendation) => void>();
  const onCancel = vi.fn();
  const view = render(<Picker onPicked={onPicked} onCancel={onCancel} />, { container });
  const picker = container.querySelector<HTMLElement>('[data-part=picker]')!;
  const highlight = () => container.querySelector<HTMLElement>('[data-part=picker-highlight]');
  return { ...view, host, shadow, picker, highlight, onPicked, onCancel };
}

const $ = (selector: string) => document.querySelector(selector)!;
const box = (el: Element, x: number, y: number, width: number, height: number) =>
  vi.spyOn(el, 'getBoundingClientRect').mockReturnValue({ x, y, width, height, left: x, top: y, right: x + width, bottom: y + height, toJSON: () => ({}) } as DOMRect);

afterEach(() => {
  act(() => cleanup());
  // happy-dom has no elementsFromPoint: the stand-in goes.
  Reflect.deleteProperty(document, 'elementsFromPoint');
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('Picker', () => {
  it('is a focusable application named with how to use and cancel it, and takes focus', async () => {
    const s = show(() => []);
    expect(s.picker.getAttribute('role')).toBe('application');
    expect(s.picker.getAttribute('aria-label')).toBe('Element picker: click an element of the page, or press Escape to cancel');
    expect(s.picker.tabIndex).toBe(0);
    expect(s.picker.getAttribute('data-state')).toBe('picking');
    await vi.waitFor(() => expect(s.shadow.activeElement).toBe(s.picker));
  });

  it('Escape cancels, once; other keys do nothing', () => {
    const s = show(() => []);
    for (const key of ['Enter', ' ', 'a', 'Tab', 'ArrowDown']) fireEvent.keyDown(s.picker, { key });
    expect(s.onCancel).not.toHaveBeenCalled();
    fireEvent.keyDown(s.picker, { key: 'Escape' });
    expect(s.onCancel).toHaveBeenCalledTimes(1);
    expect(s.onPicked).not.toHaveBeenCalled();
  });

  it('Escape is marked handled, so an open tooltip\'s page-wide Escape leaves it be', () => {
    const s = show(() => []);
    // fireEvent returns false when the event's default was prevented.
    expect(fireEvent.keyDown(s.picker, { key: 'Escape' })).toBe(false);
    expect(s.onCancel).toHaveBeenCalledTimes(1);
  });

  it('highlights the page element under the pointer, looking past our host, <body> and <html>', () => {
    const s = show(() => [s.host, $('#save'), $('main'), document.body, document.documentElement]);
    box($('#save'), 10, 20, 80, 30);
    fireEvent.pointerMove(s.picker, { clientX: 15, clientY: 25 });
    expect((document as Doc).elementsFromPoint).toHaveBeenCalledWith(15, 25);
    const style = s.highlight()!.style;
    expect([style.left, style.top, style.width, style.height]).toEqual(['10px', '20px', '80px', '30px']);
  });

  it('looks past a Guidepost host whatever its tag (a page that took ours)', () => {
    const s = show(() => [other, $('#save')]);
    const other = document.body.appendChild(document.createElement('guidepost-root-x7k2q9'));
    other.setAttribute('data-guidepost-host', 'inline');
    box($('#save'), 1, 2, 3, 4);
    fireEvent.pointerMove(s.picker, { clientX: 1, clientY: 2 });
    expect(s.highlight()!.style.left).toBe('1px');
    fireEvent.click(s.picker, { clientX: 1, clientY: 2 });
    expect(s.onPicked.mock.calls[0][0].selector).toBe('#save');
  });

  it('the highlight goes when the pointer is over nothing of the page', () => {
    let under: Element[] = [];
    const s = show(() => under);
    under = [$('#save')];
    fireEvent.pointerMove(s.picker, { clientX: 5, clientY: 5 });
    expect(s.highlight()).not.toBeNull();
    under = [s.host, document.body, document.documentElement];
    fireEvent.pointerMove(s.picker, { clientX: 500, clientY: 500 });
    expect(s.highlight()).toBeNull();
  });

  it('a click reports the recommended selector of the element under it, and never reaches the page', () => {
    const s = show(() => [s.host, $('[data-help=export]'), document.body]);
    const pageClicks = vi.fn();
    document.addEventListener('click', pageClicks);
    const event = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, clientX: 3, clientY: 4 });
    act(() => {
      s.picker.dispatchEvent(event);
    });
    document.removeEventListener('click', pageClicks);
    expect(event.defaultPrevented).toBe(true);
    expect(pageClicks).not.toHaveBeenCalled();
    expect(s.onPicked.mock.calls).toEqual([[recommendSelector($('[data-help=export]'))]]);
    expect(s.onPicked.mock.calls[0][0]).toMatchObject({ strategy: 'data-help', target: { anchor: 'export' }, matches: 1 });
  });

  it('a click over nothing of the page picks nothing', () => {
    const s = show(() => [s.host, document.body, document.documentElement]);
    fireEvent.click(s.picker, { clientX: 1, clientY: 1 });
    expect(s.onPicked).not.toHaveBeenCalled();
  });

  it('adds no listener to the page or window, and unmounting removes it whole', () => {
    const onDocument = vi.spyOn(document, 'addEventListener');
    const onWindow = vi.spyOn(window, 'addEventListener');
    const s = show(() => []);
    fireEvent.pointerMove(s.picker, { clientX: 1, clientY: 1 });
    act(() => {
      s.unmount();
    });
    expect(onDocument.mock.calls.map((call) => call[0])).toEqual([]);
    expect(onWindow.mock.calls.map((call) => call[0])).toEqual([]);
    expect(s.shadow.querySelector('[data-part=picker]')).toBeNull();
  });
});

describe('PickerResult', () => {
  const result = (extra: Partial<SelectorRecommendation> = {}): SelectorRecommendation => ({ selector: '#save', matches: 1, strategy: 'id', target: '#save', ...extra });

  function showResult(r: SelectorRecommendation) {
    const onClose = vi.fn();
    const view = render(<PickerResult result={r} onClose={onClose} />);
    const q = (selector: string) => view.container.querySelector<HTMLElement>(selector)!;
    const buttons = () => [...view.container.querySelectorAll<HTMLButtonElement>('button')];
    return { ...view, onClose, q, buttons };
  }

  it('is a status naming the selector, how many elements it matches, its strategy and the manifest target', () => {
    const s = showResult(result());
    expect(s.q('[data-part=picker-result]').getAttribute('role')).toBe('status');
    expect(s.q('[data-part=picker-selector]').textContent).toBe('#save');
    expect(s.q('[data-part=picker-matches]').textContent).toBe('1');
    expect(s.q('[data-part=picker-result] p').textContent).toBe('Selector #save matches 1 element (id).');
    expect(s.q('[data-part=picker-target]').textContent).toBe('"#save"');
  });

  it('counts in plural, and shows an anchor target as its JSON object', () => {
    const s = showResult(result({ selector: '[data-help="export"]', matches: 3, strategy: 'data-help', target: { anchor: 'export' } }));
    expect(s.q('[data-part=picker-result] p').textContent).toBe('Selector [data-help="export"] matches 3 elements (data-help).');
    expect(JSON.parse(s.q('[data-part=picker-target]').textContent!)).toEqual({ anchor: 'export' });
    const none = showResult(result({ matches: 0 }));
    expect(none.container.querySelector('p')!.textContent).toContain('matches 0 elements');
  });

  it('a selector with markup stays text', () => {
    const s = showResult(result({ selector: '<img src=x onerror=alert(1)>', target: '<img src=x onerror=alert(1)>' }));
    expect(s.container.querySelector('img')).toBeNull();
    expect(s.q('[data-part=picker-selector]').textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('Copy target writes the manifest target to the clipboard, then says so', async () => {
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const s = showResult(result({ target: { anchor: 'export' } }));
    const [copy] = s.buttons();
    expect(copy.textContent).toBe('Copy target');
    fireEvent.click(copy);
    expect(write.mock.calls).toEqual([['{"anchor":"export"}']]);
    await vi.waitFor(() => expect(copy.textContent).toBe('Copied'));
  });

  it('a clipboard that refuses leaves "Copy target" (no error reaches the page)', async () => {
    const refused = Promise.reject(new DOMException('denied', 'NotAllowedError'));
    refused.catch(() => undefined);
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockReturnValue(refused);
    const s = showResult(result());
    fireEvent.click(s.buttons()[0]);
    await vi.waitFor(() => expect(write).toHaveBeenCalledTimes(1));
    await act(async () => {
      await refused.catch(() => undefined);
    });
    expect(s.buttons()[0].textContent).toBe('Copy target');
  });

  it('without a clipboard (an insecure page), Copy does nothing and throws nothing', () => {
    const descriptor = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(navigator), 'clipboard') ?? Object.getOwnPropertyDescriptor(navigator, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    try {
      const s = showResult(result());
      expect(() => fireEvent.click(s.buttons()[0])).not.toThrow();
      expect(s.buttons()[0].textContent).toBe('Copy target');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      if (descriptor && !('clipboard' in navigator)) Object.defineProperty(navigator, 'clipboard', descriptor);
    }
  });

  it('Done closes it, once; both buttons are plain buttons', () => {
    const s = showResult(result());
    const done = s.buttons()[1];
    expect(s.buttons().map((b) => [b.type, b.textContent])).toEqual([['button', 'Copy target'], ['button', 'Done']]);
    fireEvent.click(done);
    expect(s.onClose).toHaveBeenCalledTimes(1);
  });
});
