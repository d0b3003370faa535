/**
 * rectInPage (src/dom/frame-rect.ts), which position.ts and Spotlight.tsx use to draw around a
 * target: a target in the page keeps its own box; one inside same-origin iframes gets each
 * frame's position, border (clientLeft/Top) and padding added on the way up, up to the window
 * asked for (the top one by default), and stops at a frame whose parent it cannot see.
 * happy-dom loads no iframes: the frames and their windows here are stand-ins.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rectInPage } from '../../src/dom/frame-rect';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const plain = (rect: DOMRect) => ({ x: rect.x, y: rect.y, width: rect.width, height: rect.height });

interface FakeWindow {
  parent: FakeWindow;
  top: FakeWindow;
  frameElement: unknown;
  getComputedStyle: (el: unknown) => { paddingLeft: string; paddingTop: string };
}

/** A window; with `frame`, the iframe showing it in `parent` (at x, y, with border and padding). */
function fakeWindow(parent?: FakeWindow, frame?: { x: number; y: number; border: [number, number]; padding: [string, string] }): FakeWindow {
  const win = { frameElement: null } as unknown as FakeWindow;
  win.parent = parent ?? win;
  win.top = parent?.top ?? win;
  win.getComputedStyle = () => ({ paddingLeft: '0px', paddingTop: '0px' });
  if (parent && frame) {
    const element = {
      getBoundingClientRect: () => new DOMRect(frame.x, frame.y, 300, 200),
      clientLeft: frame.border[0],
      clientTop: frame.border[1],
      ownerDocument: { defaultView: { getComputedStyle: () => ({ paddingLeft: frame.padding[0], paddingTop: frame.padding[1] }) } },
    };
    win.frameElement = element;
  }
  return win;
}

const elementIn = (win: FakeWindow, box = new DOMRect(7, 8, 30, 40)) =>
  ({ getBoundingClientRect: () => box, ownerDocument: { defaultView: win } }) as unknown as Element;

describe('rectInPage', () => {
  it('a target in the page: its own box, as a new DOMRect', () => {
    const el = document.body.appendChild(document.createElement('button'));
    const own = new DOMRect(12.5, 40, 80, 24);
    vi.spyOn(el, 'getBoundingClientRect').mockReturnValue(own);
    const rect = rectInPage(el);
    expect(rect).toBeInstanceOf(DOMRect);
    expect(rect).not.toBe(own);
    expect(plain(rect)).toEqual({ x: 12.5, y: 40, width: 80, height: 24 });
  });

  // top > outer iframe at (100, 50), border 2/3, padding 4px/5px > inner iframe at (10, 20), border 1/1.
  const top = fakeWindow();
  const middle = fakeWindow(top, { x: 100, y: 50, border: [2, 3], padding: ['4px', '5px'] });
  const inner = fakeWindow(middle, { x: 10, y: 20, border: [1, 1], padding: ['0px', '0.5px'] });

  it('inside nested same-origin frames: each frame\'s position, border and padding are added, up to the top window', () => {
    const rect = rectInPage(elementIn(inner));
    expect(plain(rect)).toEqual({ x: 7 + (10 + 1 + 0) + (100 + 2 + 4), y: 8 + (20 + 1 + 0.5) + (50 + 3 + 5), width: 30, height: 40 });
  });

  it('up to the window asked for: only the frames below it count', () => {
    expect(plain(rectInPage(elementIn(inner), middle as unknown as Window))).toEqual({ x: 18, y: 29.5, width: 30, height: 40 });
    expect(plain(rectInPage(elementIn(inner), inner as unknown as Window))).toEqual({ x: 7, y: 8, width: 30, height: 40 });
  });

  it('with no window given (null): up to the outermost one', () => {
    expect(plain(rectInPage(elementIn(inner), null))).toEqual({ x: 124, y: 87.5, width: 30, height: 40 });
  });

  it('stops where a window has no frameElement (its parent is of another origin)', () => {
    const unreachable = fakeWindow(top);
    const nested = fakeWindow(unreachable, { x: 10, y: 20, border: [0, 0], padding: ['0px', '0px'] });
    expect(plain(rectInPage(elementIn(nested)))).toEqual({ x: 17, y: 28, width: 30, height: 40 });
  });
});
