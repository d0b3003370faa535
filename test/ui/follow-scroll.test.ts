/** follow-scroll.ts: when a scroll may move a surface without placing it in full, and where to. */
import { describe, expect, it } from 'vitest';
import { followScroll, type Now, type Followed } from '../../src/ui/follow-scroll';

const last: Followed = { box: { x: 120, y: 300, width: 200, height: 100 }, target: { x: 100, y: 250, width: 80, height: 30 }, scrollX: 0, scrollY: 500 };
const now = (changes: Partial<Now> = {}): Now => ({
  target: { x: 100, y: 210, width: 80, height: 30 },
  scrollX: 0,
  scrollY: 540,
  width: 200,
  height: 100,
  viewportWidth: 1280,
  viewportHeight: 800,
  blockers: [],
  ...changes,
});

describe('followScroll', () => {
  it('moves a surface by the page scroll its target moved by', () => {
    expect(followScroll(last, now())).toEqual({ x: 120, y: 260, width: 200, height: 100 });
    // Sideways too.
    expect(followScroll(last, now({ target: { x: 70, y: 250, width: 80, height: 30 }, scrollX: 30, scrollY: 500 }))).toEqual({ x: 90, y: 300, width: 200, height: 100 });
  });

  it('keeps a surface where it is when the page scrolled but its target did not move (a sticky header)', () => {
    expect(followScroll(last, now({ target: last.target }))).toEqual(last.box);
  });

  it('places in full when the target moved by anything but the page scroll: its own container scrolled, or the layout moved it', () => {
    expect(followScroll(last, now({ target: { x: 100, y: 190, width: 80, height: 30 } }))).toBeUndefined();
    expect(followScroll(last, now({ scrollY: 500, target: { x: 100, y: 280, width: 80, height: 30 } }))).toBeUndefined();
  });

  it('places in full when the target or the surface changed size', () => {
    expect(followScroll(last, now({ target: { x: 100, y: 210, width: 90, height: 30 } }))).toBeUndefined();
    expect(followScroll(last, now({ height: 140 }))).toBeUndefined();
  });

  it('places in full when the moved surface would come within the padding of an edge (placing would flip or shift it)', () => {
    // 300 - 295 = 5 px from the top: inside the 8 px padding.
    expect(followScroll(last, now({ scrollY: 795, target: { x: 100, y: -45, width: 80, height: 30 } }))).toBeUndefined();
    // Its bottom 8 px above the viewport's edge is still clear; 7 px is not.
    expect(followScroll(last, now({ viewportHeight: 368 }))).toEqual({ x: 120, y: 260, width: 200, height: 100 });
    expect(followScroll(last, now({ viewportHeight: 367 }))).toBeUndefined();
  });

  it('places in full when the target leaves the viewport even partly (placing would hide the surface)', () => {
    const past = { ...last, box: { x: 120, y: 600, width: 200, height: 100 }, target: { x: 100, y: 20, width: 80, height: 30 }, scrollY: 0 };
    expect(followScroll(past, now({ scrollY: 30, target: { x: 100, y: -10, width: 80, height: 30 } }))).toBeUndefined();
  });

  it('places in full when the moved surface would overlap a surface it keeps clear of', () => {
    expect(followScroll(last, now({ blockers: [{ x: 300, y: 340, width: 50, height: 50 }] }))).toBeUndefined();
    expect(followScroll(last, now({ blockers: [{ x: 300, y: 380, width: 50, height: 50 }] }))).toBeDefined();
  });

  it('keeps a hidden surface hidden while its target is still wholly out of view, and places it in full once any of it is back', () => {
    const hidden: Followed = { target: { x: 100, y: 900, width: 80, height: 30 }, scrollX: 0, scrollY: 0 };
    expect(followScroll(hidden, now({ scrollY: 50, target: { x: 100, y: 850, width: 80, height: 30 } }))).toBe('hidden');
    expect(followScroll(hidden, now({ scrollY: 120, target: { x: 100, y: 780, width: 80, height: 30 } }))).toBeUndefined();
  });
});
