/**
 * The layout arbiter's rules (src/ui/arbiter.ts), pure: ranks, who waits when boxes meet, sheets
 * and the dock, obstacles, and the stage. The same rules on screen: test/ui/arbiter.browser.test.ts
 * and test/demo/layout.browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { arbitrate, BEACON, before, inside, isPhone, isShort, OPENED, otherSides, overlaps, PANEL, STAGE, takesStage, TIP, waitsForStage, type Box, type Contender } from '../../src/ui/arbiter';
import type { Item } from '../../src/manifest/schema';

const box = (x: number, y: number, width = 100, height = 50): Box => ({ x, y, width, height });
let seq = 0;
const c = (rank: number, b?: Box, extra: Partial<Contender> = {}): Contender => ({ rank, seq: ++seq, box: b, ...extra });

describe('geometry', () => {
  it('boxes overlap only when they share area; touching edges is not overlapping', () => {
    expect(overlaps(box(0, 0), box(50, 25))).toBe(true);
    expect(overlaps(box(0, 0), box(100, 0))).toBe(false);
    expect(overlaps(box(0, 0), box(0, 50))).toBe(false);
  });

  it('inside the viewport, with half a pixel of rounding', () => {
    expect(inside(box(0, 0, 390, 844), 390, 844)).toBe(true);
    expect(inside(box(-0.3, 0, 390.2, 10), 390, 844)).toBe(true);
    expect(inside(box(370, 0, 24, 24), 390, 844)).toBe(false);
  });

  it('tries the opposite side first, then the other axis', () => {
    expect(otherSides('right')).toEqual(['left', 'bottom', 'top']);
    expect(otherSides('bottom')).toEqual(['top', 'left', 'right']);
  });

  it('a phone is 480 CSS px wide or less, like the stylesheet', () => {
    expect(isPhone(360)).toBe(true);
    expect(isPhone(480)).toBe(true);
    expect(isPhone(481)).toBe(false);
  });

  it('a viewport 500 CSS px tall or less is short: sheets there too', () => {
    expect(isShort(390)).toBe(true);
    expect(isShort(500)).toBe(true);
    expect(isShort(501)).toBe(false);
  });
});

describe('the stage', () => {
  it('a tour step on screen takes it; tooltips and hotspots wait, banners and checklists do not', () => {
    expect(takesStage({ tour: { step: 0 } })).toBe(true);
    expect(takesStage({})).toBe(false);
    const type = (t: string) => ({ id: 'x', type: t }) as unknown as Item;
    expect(['tooltip', 'hotspot', 'banner', 'checklist', 'helpLink'].filter((t) => waitsForStage(type(t)))).toEqual(['tooltip', 'hotspot']);
  });

  it('the stage never waits, whatever it covers', () => {
    const list = [c(TIP, box(0, 0)), c(STAGE, box(10, 10))];
    expect(arbitrate(list, [box(0, 0, 500, 500)])).toEqual([1, -1]);
  });
});

describe('ranks', () => {
  it('order: stage, what the person opened, tooltips, beacons, a panel that opened by itself', () => {
    const ranked = [c(PANEL), c(BEACON), c(TIP), c(OPENED), c(STAGE)].sort(before).map((x) => x.rank);
    expect(ranked).toEqual([STAGE, OPENED, TIP, BEACON, PANEL]);
  });

  it('among opened popovers the newest wins (the last tap); among tooltips the first on screen', () => {
    const [older, newer] = [c(OPENED, box(0, 0)), c(OPENED, box(10, 10))];
    expect(arbitrate([older, newer], [])).toEqual([1, -1]);
    const [first, second] = [c(TIP, box(0, 0)), c(TIP, box(10, 10))];
    expect(arbitrate([first, second], [])).toEqual([-1, 0]);
  });

  it('the lower rank waits for the box it overlaps; one that overlaps nothing stays', () => {
    const list = [c(BEACON, box(90, 0, 24, 24)), c(TIP, box(0, 0)), c(BEACON, box(300, 300, 24, 24))];
    expect(arbitrate(list, [])).toEqual([1, -1, -1]);
  });

  it('one that waits frees its place: what it overlapped stays', () => {
    // The tip waits for the popover, so the beacon under the tip (but clear of the popover) stays.
    const list = [c(OPENED, box(0, 0)), c(TIP, box(50, 0)), c(BEACON, box(120, 10, 24, 24))];
    expect(arbitrate(list, [])).toEqual([-1, 0, -1]);
  });

  it('has no say over a contender without a box (not placed yet, or folded)', () => {
    expect(arbitrate([c(TIP, box(0, 0)), c(PANEL)], [])).toEqual([-1, -1]);
  });
});

describe('obstacles, sheets and the dock', () => {
  const launcher = box(250, 780, 120, 40);

  it('an anchored card over a banner, the launcher or the badge waits; a sheet and the docked panel do not', () => {
    const list = [c(TIP, box(260, 760)), c(OPENED, box(0, 700, 390, 144), { sheet: true }), c(PANEL, box(50, 500, 320, 270), { docked: true })];
    expect(arbitrate([list[0]], [launcher])).toEqual([-2]);
    expect(arbitrate([list[1]], [launcher])).toEqual([-1]);
    expect(arbitrate([list[2]], [launcher])).toEqual([-1]);
  });

  it('a card the person opened shows over an obstacle rather than not at all, and still yields to a newer one', () => {
    const opened = c(OPENED, box(260, 760));
    expect(arbitrate([opened], [launcher])).toEqual([-1]);
    const newer = c(OPENED, box(270, 770));
    expect(arbitrate([opened, newer], [launcher])).toEqual([1, -1]);
  });

  it('a sheet and an open checklist panel never share the screen, even where their boxes do not meet', () => {
    const sheet = c(TIP, box(0, 700, 390, 144), { sheet: true });
    const panel = c(PANEL, box(50, 100, 320, 200), { docked: true });
    expect(arbitrate([sheet, panel], [])).toEqual([-1, 0]);
    // The person opened the panel after the tip: it outranks the tip, and the sheet waits.
    const chosen = c(OPENED, box(50, 100, 320, 200), { docked: true });
    expect(arbitrate([sheet, chosen], [])).toEqual([1, -1]);
  });
});
