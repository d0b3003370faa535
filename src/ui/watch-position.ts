/**
 * Calls `update` at once and whenever an anchored surface may need placing again: a scroll of
 * the page or of any box its target or itself is in (through shadow roots, slots and frames), a
 * resize of the window, of the target or of the surface, and a layout shift that moves the
 * target without either (content inserted above it). Returns what stops all of it.
 */
import { getOverflowAncestors } from '@floating-ui/dom';

/** Scroll and resize sources: overflowing ancestors, windows, visual viewports. */
type Source = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

export function watchPosition(reference: Element, floating: Element, update: () => void): () => void {
  const view = floating.ownerDocument.defaultView!;
  const sources = new Set<Source>([...getOverflowAncestors(reference), ...getOverflowAncestors(floating)]);
  const moves = watchMoves(reference, update);
  // While something scrolls, every frame's scroll asks anyway: the layout-shift observer, which
  // would answer each frame too (and be made anew each time), rests until scrolling has.
  let resting: number | undefined;
  const onScroll = () => {
    moves.pause();
    view.clearTimeout(resting);
    resting = view.setTimeout(moves.resume, SCROLL_REST_MS);
    update();
  };
  for (const source of sources) {
    source.addEventListener('scroll', onScroll, { passive: true });
    source.addEventListener('resize', update);
  }
  let resized: ResizeObserver | undefined;
  if (typeof view.ResizeObserver === 'function') {
    resized = new view.ResizeObserver(() => update());
    resized.observe(reference);
    resized.observe(floating);
  }
  update();
  return () => {
    for (const source of sources) {
      source.removeEventListener('scroll', onScroll);
      source.removeEventListener('resize', update);
    }
    view.clearTimeout(resting);
    resized?.disconnect();
    moves.stop();
  };
}

/** How long scrolling rests before the layout-shift observer watches again. */
const SCROLL_REST_MS = 150;

/** After a target wholly clipped away, how long before it is observed again (a clipped target reports every change). */
const CLIPPED_RETRY_MS = 1000;

interface MoveWatch {
  /** Stops observing until `resume`. */
  pause(): void;
  /** Observes again where the element is now, telling it moved (it may have, meanwhile). */
  resume(): void;
  stop(): void;
}

/**
 * Tells when `element` moves in its viewport without a scroll or a resize: an IntersectionObserver
 * whose root is shrunk to the element's own box reports any change of how much of the element is
 * in it, which happens only when the element moves. Observed again at its new place each time,
 * and when the window's size (which the shrunk root was computed from) changes.
 */
function watchMoves(element: Element, moved: () => void): MoveWatch {
  const doc = element.ownerDocument;
  const view = doc.defaultView;
  if (!view || typeof view.IntersectionObserver !== 'function') return { pause() {}, resume() {}, stop() {} };
  let observer: IntersectionObserver | undefined;
  let retry: number | undefined;
  const stop = () => {
    observer?.disconnect();
    observer = undefined;
    view.clearTimeout(retry);
  };
  /** Observes the element where it is now, expecting `expected` of it in view; `tell`: it moved. */
  const observe = (expected: number, tell: boolean) => {
    stop();
    const box = element.getBoundingClientRect();
    if (tell) moved();
    if (!box.width || !box.height) return;
    const root = doc.documentElement;
    const insets = [box.top, root.clientWidth - box.right, root.clientHeight - box.bottom, box.left];
    const rootMargin = insets.map((inset) => `${-Math.floor(inset)}px`).join(' ');
    let first = true;
    const onChange = ([entry]: IntersectionObserverEntry[]) => {
      const ratio = entry?.intersectionRatio ?? expected;
      const wasFirst = first;
      first = false;
      // A report is a snapshot: a target moving over several frames (a transition above it)
      // is past it already. Its box now decides.
      const now = element.getBoundingClientRect();
      if (now.x !== box.x || now.y !== box.y || now.width !== box.width || now.height !== box.height) return observe(1, true);
      if (ratio === expected) return;
      if (!wasFirst) return observe(1, true);
      // The first answer says how much of it its scroll containers show: that is the ratio to
      // keep. Wholly clipped, it is asked again after a while rather than on every change.
      if (ratio > 0) observe(ratio, true);
      else retry = view.setTimeout(() => observe(1e-7, true), CLIPPED_RETRY_MS);
    };
    const options = { rootMargin, threshold: Math.max(0, Math.min(1, expected)) || 1 };
    try {
      observer = new view.IntersectionObserver(onChange, { ...options, root: doc });
    } catch {
      observer = new view.IntersectionObserver(onChange, options);
    }
    observer.observe(element);
  };
  let paused = false;
  const onResize = () => paused || observe(1, false);
  view.addEventListener('resize', onResize);
  observe(1, false);
  return {
    pause() {
      paused = true;
      stop();
    },
    resume() {
      paused = false;
      observe(1, true);
    },
    stop() {
      view.removeEventListener('resize', onResize);
      stop();
    },
  };
}
