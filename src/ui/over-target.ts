/**
 * Keeping a card on screen when it fits beside its target on no side (position.ts). Pure
 * arithmetic on boxes in the viewport's coordinates, like place.ts.
 */
import type { Box } from './arbiter';
import type { Placed } from './place';

const clamp = (low: number, value: number, high: number) => Math.max(low, Math.min(value, high));
/** The length `a`..`a + al` and `b`..`b + bl` share. */
const shared = (a: number, al: number, b: number, bl: number) => Math.max(0, Math.min(a + al, b + bl) - Math.max(a, b));

/** `placed` moved the least into `bounds` less `padding` (a card larger than them keeps its start edge in them). */
export function keepInside(placed: Placed, size: { width: number; height: number }, bounds: Box, padding = 8): Placed {
  const x = clamp(bounds.x + padding, placed.x, bounds.x + bounds.width - padding - size.width);
  const y = clamp(bounds.y + padding, placed.y, bounds.y + bounds.height - padding - size.height);
  return { ...placed, x, y, shifted: { x: placed.shifted.x + x - placed.x, y: placed.shifted.y + y - placed.y } };
}

/**
 * A card with no side that fits and no sheet to become (a desktop, a full-width board, a feed
 * taller than the viewport): inside the bounds, over its target, at the side of `tried` (in order
 * of preference) where it covers the least of what is seen of the target. Left where placed, it ran
 * off the viewport with its title and buttons (and the focus in it).
 */
export function overTarget(tried: Placed[], size: { width: number; height: number }, bounds: Box, target: Box): Placed {
  let best: Placed | undefined;
  let least = Infinity;
  for (const placed of tried) {
    const kept = keepInside(placed, size, bounds);
    const covered = shared(kept.x, size.width, target.x, target.width) * shared(kept.y, size.height, target.y, target.height);
    if (covered < least) [best, least] = [kept, covered];
  }
  return best!;
}
