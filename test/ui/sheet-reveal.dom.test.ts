/**
 * src/ui/sheet-reveal.ts: a bottom sheet brings its target into the band between the top
 * banners and itself: nothing moves when the target is already there; otherwise the target is
 * scrolled into view (its own scroll boxes too) and the page to the band's middle; and it says
 * when the target still stays under the banners.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { revealAboveSheet } from '../../src/ui/sheet-reveal';

/** A target whose box moves by what the page scrolls; a sheet 200px high in a 600px viewport. */
function page(targetTop: number, { stuckAt }: { stuckAt?: number } = {}) {
  let scrolled = 0;
  const target = document.createElement('div');
  const sheet = document.createElement('div');
  document.body.append(target, sheet);
  Object.defineProperty(sheet, 'offsetHeight', { value: 200 });
  target.getBoundingClientRect = () => new DOMRect(0, stuckAt ?? targetTop - scrolled, 50, 20);
  target.scrollIntoView = vi.fn();
  const scrollBy = vi.spyOn(window, 'scrollBy').mockImplementation(((_x: number, y: number) => {
    scrolled += y;
  }) as typeof window.scrollBy);
  return { target, sheet, scrollBy, scrolled: () => scrolled };
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('revealAboveSheet', () => {
  it('leaves the page alone when the target is already between the banners and the sheet', () => {
    const { target, sheet, scrollBy } = page(100);
    expect(revealAboveSheet(target, sheet, window, 600, 40)).toBe(false);
    expect(target.scrollIntoView).not.toHaveBeenCalled();
    expect(scrollBy).not.toHaveBeenCalled();
  });

  it('scrolls a target under the sheet to the middle of the free band', () => {
    const { target, sheet, scrolled } = page(500);
    expect(revealAboveSheet(target, sheet, window, 600, 40)).toBe(false);
    expect(target.scrollIntoView).toHaveBeenCalledWith({ block: 'center' });
    // Band 40..392 (600 - 200 - 8): its middle is 216; the target's middle (510) moves there.
    const top = 500 - scrolled();
    expect(top + 10).toBeCloseTo((40 + 392) / 2);
  });

  it('says so when the page cannot scroll the target out from under the banners', () => {
    const { target, sheet } = page(0, { stuckAt: 10 });
    expect(revealAboveSheet(target, sheet, window, 600, 40)).toBe(true);
  });
});
