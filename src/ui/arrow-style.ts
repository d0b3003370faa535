/**
 * A placed card's arrow (position.ts): beside its card pointing at the target, or, for a bottom
 * sheet, a ring around the target. The whole inline style at once (CSSOM, which a strict
 * style-src allows): nothing of the other mode stays.
 */
import type { Box } from './arbiter';

const OPPOSITE: Record<string, string> = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' };
const ROTATE: Record<string, number> = { top: 45, left: -45, bottom: 225, right: 135 };

export interface ArrowPlace {
  /** The card is a bottom sheet: the arrow rings `target`. */
  sheet: boolean;
  /** The card stands adrift of its target, out of sight: the arrow hides, it would point where the target is not. */
  adrift: boolean;
  /** The card's side of its target. */
  side: string;
  /** The target's box in the page's viewport. */
  target: Box;
  /** Where place.ts put the arrow along the card's edge, in the viewport's pixels. */
  at?: { x?: number; y?: number };
  /** The containing block's scale (a scaled block's own pixels are these times the viewport's). */
  sx: number;
  sy: number;
}

/** Writes the arrow's position, rotation and visibility. */
export function styleArrow(arrow: HTMLElement, { sheet, adrift, side, target, at, sx, sy }: ArrowPlace): void {
  const { x, y } = at ?? {};
  arrow.style.cssText = sheet
    ? `left:${target.x - 4}px;top:${target.y - 4}px;width:${target.width + 8}px;height:${target.height + 8}px`
    : `${x != null ? `left:${x / sx}px;` : ''}${y != null ? `top:${y / sy}px;` : ''}${OPPOSITE[side]}:-6px;transform:rotate(${ROTATE[side]}deg)`;
  if (adrift) arrow.style.visibility = 'hidden';
}
