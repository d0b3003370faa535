/**
 * A banner at the top of the viewport over the page's own bar fixed (or stuck) to the top, its
 * header or navigation, covered that bar for good: scrolling never clears a fixed bar, and the
 * links under the banner took no clicks (WCAG 2.4.11, 2.5.8). The banner goes below such a bar
 * instead, where what it covers is content that scrolls (and the page's scroll padding, which
 * the banner keeps as deep as it reaches, brings focus clear of it). The mirror of the dock's
 * rise above bars fixed to the bottom (dock-clearance.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { OWN_HOSTS } from '../dom/covered';

/** How far up an ancestor is looked for that holds what was hit fixed. */
const MAX_DEPTH = 32;
/** Points sampled across the banner, left to right. */
const ACROSS = [0.02, 0.25, 0.5, 0.75, 0.98];

/**
 * The box of the page's bar at the top that `hit` is part of: it, or an ancestor, fixed or
 * sticky, reaching the viewport's top edge, across at least half its width and at most a third
 * of its height (a side bar or a full-screen layer is not a header: going below it would send
 * the banner off the screen).
 */
function topBarOf(hit: Element, view: Window): DOMRect | undefined {
  let element: Element | null = hit;
  for (let depth = 0; element && depth < MAX_DEPTH; depth++, element = element.parentElement) {
    const position = view.getComputedStyle(element).position;
    if (position !== 'fixed' && position !== 'sticky') continue;
    const box = element.getBoundingClientRect();
    const bar = box.top <= 1 && box.bottom > 0 && box.width >= view.innerWidth / 2 && box.height <= view.innerHeight / 3;
    return bar ? box : undefined;
  }
  return undefined;
}

/**
 * How far down (px) a top banner of height `height` must go for none of the page's bars fixed
 * to the top to be under it: the lowest bottom among them, measured where the banner would be
 * at the top (the banner itself is not hit: the SDK's hosts are passed over).
 */
export function belowTopBars(doc: Document, height: number): number {
  const view = doc.defaultView;
  if (!view || typeof doc.elementsFromPoint !== 'function' || height <= 0) return 0;
  let lowest = 0;
  for (const y of [1, Math.max(1, Math.min(height, view.innerHeight) - 2)]) {
    for (const share of ACROSS) {
      const hit = doc.elementsFromPoint(view.innerWidth * share, y).find((element) => !element.closest(OWN_HOSTS));
      const bar = hit && topBarOf(hit, view);
      if (bar) lowest = Math.max(lowest, bar.bottom);
    }
  }
  return Math.ceil(lowest);
}

/**
 * While `enabled`, how far below the top the banner `element` stands (its `top`): again after
 * each scroll (a sticky header sticks once scrolled to) and resize, at most once a frame.
 */
export function useBelowTopBars(element: HTMLElement | null, enabled: boolean): number {
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    if (!enabled || !element) return setOffset(0);
    const doc = ((element.getRootNode() as ShadowRoot).host ?? element).ownerDocument;
    const view = doc.defaultView;
    if (!view) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      if (element.isConnected) setOffset(belowTopBars(doc, element.offsetHeight));
    };
    const soon = () => {
      frame ||= view.requestAnimationFrame(measure);
    };
    measure();
    view.addEventListener('scroll', soon, { passive: true });
    view.addEventListener('resize', soon, { passive: true });
    return () => {
      view.cancelAnimationFrame(frame);
      view.removeEventListener('scroll', soon);
      view.removeEventListener('resize', soon);
    };
  }, [element, enabled]);
  return offset;
}
