/**
 * src/ui/arrow-style.ts: a card's arrow sits on the side facing its target, rotated to point at
 * it, at the offset place.ts found (in the containing block's own pixels); a sheet's arrow rings
 * the target; an adrift card's arrow hides; each call replaces the whole inline style.
 */
import { describe, expect, it } from 'vitest';
import { styleArrow } from '../../src/ui/arrow-style';

const target = { x: 100, y: 50, width: 40, height: 20 };
const arrow = () => document.createElement('div');

describe('styleArrow', () => {
  it('points from a card below its target up at it, at the offset found', () => {
    const el = arrow();
    styleArrow(el, { sheet: false, adrift: false, side: 'bottom', target, at: { x: 30 }, sx: 1, sy: 1 });
    expect(el.style.left).toBe('30px');
    expect(el.style.top).toBe('-6px');
    expect(el.style.transform).toBe('rotate(225deg)');
    expect(el.style.visibility).toBe('');
  });

  it('divides the offset by the containing block scale', () => {
    const el = arrow();
    styleArrow(el, { sheet: false, adrift: false, side: 'right', target, at: { y: 40 }, sx: 2, sy: 2 });
    expect(el.style.top).toBe('20px');
    expect(el.style.left).toBe('-6px');
  });

  it('rings the target of a sheet, and nothing of the card mode stays', () => {
    const el = arrow();
    styleArrow(el, { sheet: false, adrift: false, side: 'top', target, at: { x: 10 }, sx: 1, sy: 1 });
    styleArrow(el, { sheet: true, adrift: false, side: 'top', target, sx: 1, sy: 1 });
    expect([el.style.left, el.style.top, el.style.width, el.style.height]).toEqual(['96px', '46px', '48px', '28px']);
    expect(el.style.transform).toBe('');
    expect(el.style.bottom).toBe('');
  });

  it('hides the arrow of a card adrift of its target, and shows it again once placed beside it', () => {
    const el = arrow();
    styleArrow(el, { sheet: false, adrift: true, side: 'left', target, sx: 1, sy: 1 });
    expect(el.style.visibility).toBe('hidden');
    styleArrow(el, { sheet: false, adrift: false, side: 'left', target, sx: 1, sy: 1 });
    expect(el.style.visibility).toBe('');
  });
});
