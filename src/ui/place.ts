/**
 * Where an anchored surface goes: on a side of its target, at a gap, flipped to another side
 * when its own overflows, slid along its side to stay in bounds, its arrow pointing at the
 * target's centre; and whether a target is out of sight. Pure arithmetic on boxes in
 * one coordinate space (the viewport's): no DOM, no clock. The DOM's part (measuring, visible
 * areas, listening) is position.ts, dom/visible-area.ts and watch-position.ts.
 */
import { viewportArea, visibleArea } from '../dom/visible-area';
import type { Box } from './arbiter';

export type PlaceSide = 'top' | 'right' | 'bottom' | 'left';
/** A side, optionally aligned to its target's start or end edge: 'bottom', 'top-start', 'right-end'. */
export type Placement = PlaceSide | `${PlaceSide}-${'start' | 'end'}`;

export interface PlaceInput {
  /** The target's box. */
  reference: Box;
  /** The surface's own size. */
  size: { width: number; height: number };
  placement: Placement;
  /** Between the target and the surface, in px. */
  gap: number;
  /** Where the surface must stay (the viewport, less what clips the surface). */
  bounds: Box;
  /** Kept between the surface and the bounds' edges, in px. */
  padding: number;
  /** When its side overflows: try the opposite side (and, with `anyAxis`, the other axis's two). */
  flip?: boolean;
  /** A beacon: may go on any side and slides along both axes, so it is never cut off. */
  anyAxis?: boolean;
  /** Right-to-left: `start` and `end` of a top or bottom placement swap, and a beacon tries left before right. */
  rtl?: boolean;
  /** The arrow: its length along the side, and the card's inner size and border width it sits within. */
  arrow?: { length: number; inner: { width: number; height: number }; border: { x: number; y: number } };
}

export interface Placed {
  x: number;
  y: number;
  placement: Placement;
  /** How far it slid to stay in bounds. */
  shifted: { x: number; y: number };
  /** The arrow's offset from the card's inner edge along the side (x for top and bottom, y for left and right). */
  arrow?: { x?: number; y?: number };
}

const OPPOSITE_SIDE: Record<PlaceSide, PlaceSide> = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' };
const clamp = (low: number, value: number, high: number) => Math.max(low, Math.min(value, high));
const isVertical = (side: PlaceSide) => side === 'top' || side === 'bottom';

/** Its top-left corner on `placement` of the target, `gap` away. */
function corner(input: PlaceInput, placement: Placement): { x: number; y: number } {
  const { reference: r, size, gap } = input;
  const [side, align] = placement.split('-') as [PlaceSide, string | undefined];
  let x = r.x + r.width / 2 - size.width / 2;
  let y = r.y + r.height / 2 - size.height / 2;
  if (side === 'top') y = r.y - size.height - gap;
  else if (side === 'bottom') y = r.y + r.height + gap;
  else if (side === 'left') x = r.x - size.width - gap;
  else x = r.x + r.width + gap;
  if (align) {
    // Start and end edges line up with the target's (swapped for right-to-left along x).
    const vertical = isVertical(side);
    const slack = vertical ? r.width / 2 - size.width / 2 : r.height / 2 - size.height / 2;
    const sign = (align === 'start' ? -1 : 1) * (input.rtl && vertical ? -1 : 1);
    if (vertical) x += sign * slack;
    else y += sign * slack;
  }
  return { x, y };
}

/** How far each edge of the surface at `at` passes the bounds less the padding (positive: out). */
function overflowAt(input: PlaceInput, at: { x: number; y: number }): Record<PlaceSide, number> {
  const { bounds: b, size, padding: p } = input;
  return {
    top: b.y + p - at.y,
    left: b.x + p - at.x,
    bottom: at.y + size.height - (b.y + b.height - p),
    right: at.x + size.width - (b.x + b.width - p),
  };
}

/**
 * The placements to try in order: its own; its side with the other alignment; the opposite side
 * (both alignments); then (anyAxis) the other axis's two sides, the end of the reading direction first.
 */
function candidates(input: PlaceInput): Placement[] {
  const [side, align] = input.placement.split('-') as [PlaceSide, 'start' | 'end' | undefined];
  const list: Placement[] = [input.placement];
  if (!input.flip) return list;
  const other = align === 'start' ? 'end' : 'start';
  const both = (sides: PlaceSide[]) => (align ? [...sides.map((s) => `${s}-${align}`), ...sides.map((s) => `${s}-${other}`)] : sides) as Placement[];
  if (align) list.push(`${side}-${other}`);
  list.push(...both([OPPOSITE_SIDE[side]]));
  if (input.anyAxis) list.push(...both(isVertical(side) ? (input.rtl ? ['left', 'right'] : ['right', 'left']) : ['bottom', 'top']));
  return list;
}

/**
 * The first placement whose side does not overflow and that fits across too; else the first whose
 * side fits, overflowing least across (the slide fixes that); else the one overflowing least.
 */
function choosePlacement(input: PlaceInput): Placement {
  const tried = candidates(input).map((placement) => {
    const side = placement.split('-')[0] as PlaceSide;
    const over = overflowAt(input, corner(input, placement));
    const across = isVertical(side) ? Math.max(over.left, over.right) : Math.max(over.top, over.bottom);
    return { placement, main: over[side], across };
  });
  const fits = tried.find((t) => t.main <= 0 && t.across <= 0);
  if (fits) return fits.placement;
  const sideFits = tried.filter((t) => t.main <= 0).sort((a, b) => a.across - b.across)[0];
  if (sideFits) return sideFits.placement;
  const out = (t: (typeof tried)[number]) => Math.max(0, t.main) + Math.max(0, t.across);
  return tried.reduce((best, t) => (out(t) < out(best) ? t : best)).placement;
}

/** Places the surface (see PlaceInput). */
export function computePlacement(input: PlaceInput): Placed {
  const placement = choosePlacement(input);
  const side = placement.split('-')[0] as PlaceSide;
  const vertical = isVertical(side);
  const start = corner(input, placement);
  const { bounds: b, size, padding: p, reference: r } = input;
  const slideX = vertical || input.anyAxis;
  const slideY = !vertical || input.anyAxis;
  // A surface larger than the bounds keeps its start edge in them.
  const x = slideX ? clamp(b.x + p, start.x, b.x + b.width - p - size.width) : start.x;
  const y = slideY ? clamp(b.y + p, start.y, b.y + b.height - p - size.height) : start.y;
  const placed: Placed = { x, y, placement, shifted: { x: x - start.x, y: y - start.y } };
  if (input.arrow) {
    const { length } = input.arrow;
    const inner = vertical ? input.arrow.inner.width : input.arrow.inner.height;
    const border = vertical ? input.arrow.border.x : input.arrow.border.y;
    const edge = Math.min(p, inner / 2 - length / 2 - 1);
    const centre = vertical ? r.x + r.width / 2 - x : r.y + r.height / 2 - y;
    const offset = clamp(edge, centre - border - length / 2, inner - length - edge);
    placed.arrow = vertical ? { x: offset } : { y: offset };
  }
  return placed;
}

/** Whether `box` is wholly outside `area` (touching its edge counts as outside): a target scrolled or clipped out of sight. */
export const whollyOutside = (box: Box, area: Box): boolean =>
  box.y + box.height <= area.y || box.y >= area.y + area.height || box.x + box.width <= area.x || box.x >= area.x + area.width;

/**
 * Whether the target is out of sight: wholly outside the viewport or a box that clips it (its
 * own document's, and for a target in a same-origin iframe, the page's viewport too).
 */
export function targetHidden(reference: Element, inPage: Box, view: Window, sameDocument: boolean): boolean {
  if (whollyOutside(sameDocument ? inPage : reference.getBoundingClientRect(), visibleArea(reference))) return true;
  return !sameDocument && whollyOutside(inPage, viewportArea(view));
}
