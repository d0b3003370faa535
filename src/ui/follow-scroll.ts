/**
 * The page scrolled and nothing else changed: a surface that sat exactly where it was placed
 * (its preferred side, not flipped, not shifted, its target in view) moves by the scroll, or
 * stays where it is when its target does not scroll (a fixed or sticky header), and placing it
 * in full (position.ts) would put it there again. This answers that case from numbers already at hand, so
 * that a scroll costs each anchored surface one read of its target's box instead of a full
 * computation (clipping ancestors, offset parents, three overflow checks); with 20 hotspots on a
 * page that was most of every frame. Pure: no DOM, no clock.
 */
import { overlaps, type Box } from './arbiter';

/** A placement to follow: where it went (none: hidden, its target scrolled out of view), its target's box and the page's scroll at that moment. */
export interface Followed {
  box?: Box;
  target: Box;
  scrollX: number;
  scrollY: number;
}

/** What is true now. */
export interface Now {
  target: Box;
  scrollX: number;
  scrollY: number;
  /** The surface's own size (a change of content or width needs the full computation). */
  width: number;
  height: number;
  /** The viewport without its scrollbars (where the layer's fixed surfaces may go). */
  viewportWidth: number;
  viewportHeight: number;
  /** Higher-ranked surfaces and obstacles it keeps clear of. */
  blockers: Box[];
}

const same = (a: number, b: number) => Math.abs(a - b) < 0.01;

/**
 * The surface's new box when the target moved by exactly the page's scroll (or not at all) and the moved box
 * still fits: `padding` clear of every viewport edge (so placing would neither flip nor
 * shift it), its target wholly in view (so it would not hide it) and clear of every blocker.
 * `'hidden'` when it was hidden and its target is still wholly out of view. Undefined
 * otherwise: then it is placed in full.
 */
export function followScroll(last: Followed, now: Now, padding = 8): Box | 'hidden' | undefined {
  const { target } = now;
  const scrolled = same(target.x + now.scrollX - last.scrollX, last.target.x) && same(target.y + now.scrollY - last.scrollY, last.target.y);
  const still = same(target.x, last.target.x) && same(target.y, last.target.y);
  // Moved by the page's scroll and only by it, or not at all (a target in a scrolled container,
  // or one that moved in the layout, moves by something else), at the same size.
  if (!scrolled && !still) return undefined;
  const dx = last.target.x - target.x;
  const dy = last.target.y - target.y;
  if (!same(target.width, last.target.width) || !same(target.height, last.target.height)) return undefined;
  const { viewportWidth: width, viewportHeight: height } = now;
  if (!last.box) {
    const outOfView = target.x + target.width <= 0 || target.y + target.height <= 0 || target.x >= width || target.y >= height;
    return outOfView ? 'hidden' : undefined;
  }
  if (!same(now.width, last.box.width) || !same(now.height, last.box.height)) return undefined;
  const box = { x: last.box.x - dx, y: last.box.y - dy, width: last.box.width, height: last.box.height };
  const clear = box.x >= padding && box.y >= padding && box.x + box.width <= width - padding && box.y + box.height <= height - padding;
  const targetInView = target.x >= 0 && target.y >= 0 && target.x + target.width <= width && target.y + target.height <= height;
  if (!clear || !targetInView || now.blockers.some((b) => overlaps(box, b))) return undefined;
  return box;
}

/** Whether `floating` is no longer at `box` (by half a pixel or more) though nothing placed it since. */
export function movedOnItsOwn(floating: HTMLElement, box: Box): boolean {
  const now = floating.getBoundingClientRect();
  return Math.abs(now.x - box.x) >= 0.5 || Math.abs(now.y - box.y) >= 0.5;
}
