/** place.ts: where an anchored surface goes beside its target, as arithmetic on boxes. */
import { describe, expect, it } from 'vitest';
import { computePlacement, whollyOutside, type PlaceInput } from '../../src/ui/place';

const viewport = { x: 0, y: 0, width: 1000, height: 800 };
const input = (changes: Partial<PlaceInput> = {}): PlaceInput => ({
  reference: { x: 400, y: 300, width: 100, height: 40 },
  size: { width: 200, height: 100 },
  placement: 'bottom',
  gap: 10,
  bounds: viewport,
  padding: 8,
  flip: true,
  ...changes,
});

describe('computePlacement', () => {
  it('centres the surface on the side asked, the gap away', () => {
    expect(computePlacement(input())).toMatchObject({ x: 350, y: 350, placement: 'bottom', shifted: { x: 0, y: 0 } });
    expect(computePlacement(input({ placement: 'top' }))).toMatchObject({ x: 350, y: 190, placement: 'top' });
    expect(computePlacement(input({ placement: 'left' }))).toMatchObject({ x: 190, y: 270, placement: 'left' });
    expect(computePlacement(input({ placement: 'right' }))).toMatchObject({ x: 510, y: 270, placement: 'right' });
  });

  it('lines up with the start or end edge of its target, swapped for right-to-left along x', () => {
    expect(computePlacement(input({ placement: 'bottom-start' })).x).toBe(400);
    expect(computePlacement(input({ placement: 'bottom-end' })).x).toBe(300);
    expect(computePlacement(input({ placement: 'bottom-start', rtl: true })).x).toBe(300);
    expect(computePlacement(input({ placement: 'right-start' })).y).toBe(300);
    expect(computePlacement(input({ placement: 'right-end' })).y).toBe(240);
  });

  it('flips to the opposite side when its own has no room, keeping the alignment', () => {
    const low = { x: 400, y: 720, width: 100, height: 40 };
    expect(computePlacement(input({ reference: low }))).toMatchObject({ placement: 'top', y: 610 });
    expect(computePlacement(input({ reference: low, placement: 'bottom-start' })).placement).toBe('top-start');
    // Without flipping it stays on its side (the caller tries the others itself).
    expect(computePlacement(input({ reference: low, flip: false })).placement).toBe('bottom');
  });

  it('tries the other alignment on its own side before the opposite side', () => {
    // 20 px from the right edge: a start-aligned card would slide; the end-aligned one fits as it is.
    const nearRight = { x: 880, y: 300, width: 100, height: 40 };
    expect(computePlacement(input({ reference: nearRight, placement: 'bottom-start' }))).toMatchObject({ placement: 'bottom-end', x: 780, shifted: { x: 0, y: 0 } });
    // Low and near the right edge: the opposite side, end-aligned.
    const lowRight = { x: 880, y: 720, width: 100, height: 40 };
    expect(computePlacement(input({ reference: lowRight, placement: 'bottom-start' })).placement).toBe('top-end');
  });

  it('keeps the side whose overflow is least when no side has room', () => {
    const tall = { width: 200, height: 500 };
    // 300 px above, 460 below: neither takes 500 + 10 + 8; below overflows less.
    expect(computePlacement(input({ size: tall })).placement).toBe('bottom');
    expect(computePlacement(input({ size: tall, placement: 'top' })).placement).toBe('bottom');
  });

  it('slides along its side to stay in bounds, less the padding, and says how far', () => {
    const nearLeft = { x: 10, y: 300, width: 40, height: 40 };
    expect(computePlacement(input({ reference: nearLeft }))).toMatchObject({ x: 8, placement: 'bottom', shifted: { x: 78, y: 0 } });
    const nearRight = { x: 960, y: 300, width: 30, height: 40 };
    expect(computePlacement(input({ reference: nearRight })).x).toBe(1000 - 8 - 200);
    // Wider than the bounds: its start edge stays in them.
    expect(computePlacement(input({ size: { width: 1200, height: 100 } })).x).toBe(8);
  });

  it('stays within bounds that are not at the origin (a box that clips it)', () => {
    const bounds = { x: 300, y: 100, width: 400, height: 600 };
    expect(computePlacement(input({ bounds, reference: { x: 310, y: 300, width: 20, height: 20 } })).x).toBe(308);
  });

  it('a beacon tries the other axis and slides along both', () => {
    const corner = { x: 960, y: 760, width: 30, height: 30 };
    const beacon = input({ reference: corner, size: { width: 24, height: 24 }, placement: 'right', gap: 4, anyAxis: true });
    const placed = computePlacement(beacon);
    expect(['top', 'left']).toContain(placed.placement);
    expect(placed.x + 24).toBeLessThanOrEqual(1000 - 8);
    expect(placed.y + 24).toBeLessThanOrEqual(800 - 8);
  });

  it('a right-to-left beacon tries left before right', () => {
    // No room above or below (a viewport as tall as the target): the other axis, in reading order.
    const bounds = { x: 0, y: 0, width: 1000, height: 60 };
    const beacon = (rtl: boolean) => input({ bounds, reference: { x: 400, y: 10, width: 100, height: 40 }, size: { width: 24, height: 24 }, placement: 'top', gap: 4, anyAxis: true, rtl });
    expect(computePlacement(beacon(false)).placement).toBe('right');
    expect(computePlacement(beacon(true)).placement).toBe('left');
  });

  it('points its arrow at the target centre, kept clear of the card corners', () => {
    const arrow = { length: 12, inner: { width: 198, height: 98 }, border: { x: 1, y: 1 } };
    // Centred: the target's centre (450) less the card's inner left (351) less half the arrow.
    expect(computePlacement(input({ arrow })).arrow).toEqual({ x: 450 - 351 - 6 });
    // Slid away from a target at the left edge: the arrow goes to the card's padding, not past it.
    expect(computePlacement(input({ arrow, reference: { x: 0, y: 300, width: 4, height: 40 } })).arrow).toEqual({ x: 8 });
    // Beside it: along y, the target's centre (320) less the card's inner top (271).
    expect(computePlacement(input({ arrow, placement: 'right' })).arrow).toEqual({ y: 320 - 271 - 6 });
  });
});

describe('whollyOutside', () => {
  const area = { x: 0, y: 100, width: 500, height: 400 };
  it('is true only when no part of the box is in the area (touching an edge is outside)', () => {
    expect(whollyOutside({ x: 10, y: 60, width: 20, height: 40 }, area)).toBe(true);
    expect(whollyOutside({ x: 10, y: 61, width: 20, height: 40 }, area)).toBe(false);
    expect(whollyOutside({ x: 500, y: 200, width: 20, height: 20 }, area)).toBe(true);
    expect(whollyOutside({ x: 490, y: 490, width: 20, height: 20 }, area)).toBe(false);
  });
});
