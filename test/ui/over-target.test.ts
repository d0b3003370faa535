/**
 * A card that fits beside its target on no side (src/ui/over-target.ts): kept inside the bounds,
 * over its target, at the side that covers the least of what is seen of it.
 */
import { describe, expect, it } from 'vitest';
import { keepInside, overTarget } from '../../src/ui/over-target';
import type { Placed } from '../../src/ui/place';

const at = (placement: Placed['placement'], x: number, y: number): Placed => ({ x, y, placement, shifted: { x: 0, y: 0 } });
const size = { width: 300, height: 160 };
const viewport = { x: 0, y: 0, width: 1280, height: 800 };

describe('overTarget', () => {
  it('a feed from y=60 past the viewport\'s bottom: the top side, which covers less of it than the bottom', () => {
    const feed = { x: 16, y: 60, width: 1248, height: 1400 };
    const placed = overTarget([at('bottom', 490, 1470), at('top', 490, -110), at('left', -294, 680), at('right', 1274, 680)], size, viewport, feed);
    expect(placed).toMatchObject({ x: 490, y: 8, placement: 'top', shifted: { x: 0, y: 118 } });
  });

  it('sides that cover as much: the first tried (the writer\'s side)', () => {
    const board = { x: 0, y: 0, width: 1280, height: 800 };
    expect(overTarget([at('bottom', 490, 810), at('top', 490, -170)], size, viewport, board)).toMatchObject({ placement: 'bottom', y: 632 });
  });

  it('keepInside: a card larger than the bounds keeps its start edge in them', () => {
    expect(keepInside(at('bottom', -50, 900), { width: 2000, height: 100 }, viewport)).toMatchObject({ x: 8, y: 692, shifted: { x: 58, y: -208 } });
  });
});
