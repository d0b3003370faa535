/**
 * src/ui/Spotlight.tsx rendered on its own: the tour's overlay is hidden from assistive technology
 * and carries data-part / data-item / data-state; its shade covers the viewport, with a rounded
 * hole around the target's box (8px padding) when there is one; a click on the shade is reported
 * once; the cutout blocks clicks to the target unless the step lets them through; a step that lets
 * the page through with no target draws no shade. (Where the box
 * is comes from layout, which happy-dom lacks: the target's box is given here; Chromium covers
 * real layout.)
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PART } from '../../src/ui/parts';
import { Spotlight, type SpotlightProps } from '../../src/ui/Spotlight';

/** A target whose box is (100, 50) 200×40. */
function target(): Element {
  const el = document.body.appendChild(document.createElement('button'));
  vi.spyOn(el, 'getBoundingClientRect').mockReturnValue(new DOMRect(100, 50, 200, 40));
  return el;
}

function show(overrides: Partial<SpotlightProps> = {}) {
  const onOverlayClick = vi.fn();
  const view = render(<Spotlight itemId="welcome" allowClicksThrough={false} onOverlayClick={onOverlayClick} {...overrides} />);
  const svg = view.container.querySelector<SVGSVGElement>('[data-part=overlay]')!;
  const shade = () => svg.querySelector('[data-part=overlay-shade]')!;
  const cutout = () => svg.querySelector('[data-part=overlay-cutout]');
  return { ...view, svg, shade, cutout, onOverlayClick };
}

const W = window.innerWidth;
const H = window.innerHeight;
const OUTER = `M0,0H${W}V${H}H0Z`;
// The target's box grown by 8px on each side (92, 42, 216×56), corners rounded with radius 8.
const HOLE = 'M100,42h200a8,8 0 0 1 8,8v40a8,8 0 0 1 -8,8h-200a8,8 0 0 1 -8,-8v-40a8,8 0 0 1 8,-8z';

// happy-dom lays nothing out: the viewport the hole is clipped to is given its window's size.
beforeEach(() => {
  for (const [key, value] of [['clientWidth', W], ['clientHeight', H]] as const) Object.defineProperty(document.documentElement, key, { configurable: true, get: () => value });
});

afterEach(() => {
  delete (document.documentElement as { clientWidth?: number }).clientWidth;
  delete (document.documentElement as { clientHeight?: number }).clientHeight;
  act(() => cleanup());
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('Spotlight', () => {
  it('is hidden from assistive technology and carries the contract attributes', () => {
    const { svg } = show();
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect([svg.dataset.part, svg.dataset.item, svg.dataset.state]).toEqual(['overlay', 'welcome', 'open']);
    const parts = [svg, ...svg.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part')!);
    expect(parts.filter((p) => !(Object.values(PART) as string[]).includes(p))).toEqual([]);
  });

  it('covers the viewport', () => {
    const { svg } = show();
    expect(W).toBeGreaterThan(0);
    expect([svg.getAttribute('width'), svg.getAttribute('height'), svg.getAttribute('viewBox')]).toEqual([`${W}`, `${H}`, `0 0 ${W} ${H}`]);
  });

  it('without a target the shade is whole, with no hole and no cutout', () => {
    const { shade, cutout } = show();
    expect(shade().getAttribute('d')).toBe(OUTER);
    expect(cutout()).toBeNull();
  });

  it('with a target the shade has a rounded hole around it (even-odd), and the cutout blocks clicks to it', () => {
    const { shade, cutout } = show({ target: target() });
    expect(shade().getAttribute('d')).toBe(OUTER + HOLE);
    expect(shade().getAttribute('fill-rule')).toBe('evenodd');
    const rect = cutout()!;
    expect(['x', 'y', 'width', 'height', 'fill'].map((a) => rect.getAttribute(a))).toEqual(['92', '42', '216', '56', 'transparent']);
  });

  it('a step that lets clicks through to its target has no cutout', () => {
    const { shade, cutout } = show({ target: target(), allowClicksThrough: true });
    expect(shade().getAttribute('d')).toBe(OUTER + HOLE);
    expect(cutout()).toBeNull();
  });

  it('a step that lets the page through with no target on screen draws no shade (a click on the page is the page\'s)', () => {
    const { svg } = show({ allowClicksThrough: true });
    expect(svg.querySelector('[data-part=overlay-shade]')).toBeNull();
    expect(svg.querySelector('[data-part=overlay-cutout]')).toBeNull();
  });

  it('a tiny target gets a hole rounded no more than half its size', () => {
    const el = document.body.appendChild(document.createElement('span'));
    vi.spyOn(el, 'getBoundingClientRect').mockReturnValue(new DOMRect(10, 10, 0, 0));
    const { shade } = show({ target: el });
    // 16×16 after padding: radius 8 makes it a circle, never a negative edge.
    expect(shade().getAttribute('d')).toBe(`${OUTER}M10,2h0a8,8 0 0 1 8,8v0a8,8 0 0 1 -8,8h-0a8,8 0 0 1 -8,-8v-0a8,8 0 0 1 8,-8z`);
  });

  it('follows a new target', () => {
    const { rerender, shade } = show();
    rerender(<Spotlight itemId="welcome" target={target()} allowClicksThrough={false} onOverlayClick={() => undefined} />);
    expect(shade().getAttribute('d')).toBe(OUTER + HOLE);
    rerender(<Spotlight itemId="welcome" allowClicksThrough={false} onOverlayClick={() => undefined} />);
    expect(shade().getAttribute('d')).toBe(OUTER);
  });

  it('a click on the shade is reported once; one on the cutout is not', () => {
    const { shade, cutout, onOverlayClick } = show({ target: target() });
    fireEvent.click(cutout()!);
    expect(onOverlayClick).not.toHaveBeenCalled();
    fireEvent.click(shade());
    expect(onOverlayClick).toHaveBeenCalledTimes(1);
  });
});
