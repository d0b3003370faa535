/**
 * src/ui/widget-styles.ts, the stylesheet of banners, checklists, hotspots, help links and "Was
 * this helpful?": readable rules over listed parts only, none of which the layer's own sheet
 * styles (so it can come later, with its chunk); it fetches nothing, uses only the custom
 * properties the layer's sheet defines, pulses the hotspot with transform and opacity only (a ring
 * invisible at rest), keeps the help link's "?" a 24px target, and docks banners in the flow of
 * the dock. Right to left: the banner keeps clear of its × at the inline end.
 */
import { describe, expect, it } from 'vitest';
import { PART } from '../../src/ui/parts';
import { LAYER_CSS } from '../../src/ui/styles';
import { WIDGETS_CSS } from '../../src/ui/widget-styles';
import { cssRules, rulesFor, valueOf } from '../support/css-rules';

const rules = cssRules(WIDGETS_CSS);
const one = (selector: string, within?: string) => {
  const found = rulesFor(rules, selector, within);
  expect(found, selector).toHaveLength(1);
  return found[0];
};

describe('WIDGETS_CSS', () => {
  it('reads as plain rules plus one @keyframes, styling only listed parts', () => {
    expect(rules.length).toBeGreaterThan(25);
    expect(new Set(rules.filter((r) => r.within).map((r) => r.within))).toEqual(new Set(['@keyframes gp-pulse']));
    const names = new Set<string>(Object.values(PART));
    const styled = [...WIDGETS_CSS.matchAll(/\[data-part=([a-z-]+)\]/g)].map((m) => m[1]);
    expect(styled.filter((name) => !names.has(name))).toEqual([]);
  });

  it('fetches nothing and runs nothing', () => {
    expect(WIDGETS_CSS).not.toMatch(/url\(|@import|expression\(|behavior:|-moz-binding/i);
  });

  it("uses only custom properties the layer's sheet defines", () => {
    const defined = new Set([...LAYER_CSS.matchAll(/(--gp-[a-z-]+):/g)].map((m) => m[1]));
    const used = new Set([...WIDGETS_CSS.matchAll(/var\((--gp-[a-z-]+)\)/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !defined.has(name))).toEqual([]);
  });

  it('the hotspot pulses a ring with transform and opacity only, invisible at rest', () => {
    const ring = one('[data-part=beacon]::after');
    expect(valueOf(ring, 'opacity')).toBe('0');
    expect(valueOf(ring, 'animation')).toMatch(/^gp-pulse /);
    const frames = rules.filter((r) => r.within === '@keyframes gp-pulse');
    expect(frames.map((f) => f.selector)).toEqual(['0%', '70%']);
    expect([...new Set(frames.flatMap((f) => f.declarations.map(([p]) => p)))].sort()).toEqual(['opacity', 'transform']);
    // Nothing repaints every frame: no box-shadow or size animated anywhere.
    expect(WIDGETS_CSS).not.toMatch(/@keyframes[^}]*box-shadow/);
  });

  it('the pulse stops by itself within 5 s (WCAG 2.2.2: no endless motion)', () => {
    const animation = valueOf(one('[data-part=beacon]::after'), 'animation') ?? '';
    expect(animation).not.toMatch(/infinite/);
    const [, seconds, count] = /^gp-pulse ([\d.]+)s (\d+)$/.exec(animation) ?? [];
    expect(Number(seconds) * Number(count)).toBeGreaterThan(0);
    expect(Number(seconds) * Number(count)).toBeLessThanOrEqual(5);
  });

  it('the help link is a 24px target that sits in the text line', () => {
    const link = one('[data-part=help-link]');
    expect([valueOf(link, 'width'), valueOf(link, 'height'), valueOf(link, 'display'), valueOf(link, 'vertical-align'), valueOf(link, 'margin-inline-start')]).toEqual(['24px', '24px', 'inline-flex', 'middle', '3px']);
    const spot = one('[data-part=hotspot]');
    expect([valueOf(spot, 'width'), valueOf(spot, 'height')]).toEqual(['24px', '24px']);
  });

  it('banners: top and bottom slots are fixed to their edge, inline ones flow, docked ones are in the dock flow', () => {
    expect(valueOf(one('[data-part=banner]'), 'position')).toBe('fixed');
    expect(one('[data-part=banner][data-slot=top]').declarations).toEqual([['top', '0', false]]);
    expect(one('[data-part=banner][data-slot=bottom]').declarations).toEqual([['bottom', '0', false]]);
    expect(valueOf(one('[data-part=banner][data-slot=inline]'), 'position')).toBe('relative');
    expect(valueOf(one('[data-part=dock]>[data-part=banner]'), 'position')).toBe('relative');
  });

  it("the feedback's comment field and label take the whole width", () => {
    expect(valueOf(one('[data-part=feedback] textarea'), 'width')).toBe('100%');
    expect(valueOf(one('[data-part=feedback] label'), 'width')).toBe('100%');
  });

  it('checklist task bodies indent at the inline start (right in right-to-left lists)', () => {
    const body = rulesFor(rules, '[data-part=task-body]')[0];
    expect(valueOf(body, 'padding-inline-start')).toBe('26px');
    expect(body.declarations.some(([p]) => /-(left|right)$/.test(p))).toBe(false);
  });
});

describe('in right-to-left banners the text keeps clear of the close button', () => {
  // The × sits at the inline end (styles.ts: `inset-inline-end`, the left edge of an Arabic or
  // Hebrew banner, which carries dir="rtl"): the banner's padding reserves its room at the inline
  // end, not on the physical right.
  it('the banner reserves the room for its × at the inline end', () => {
    const banner = one('[data-part=banner]');
    const padding = valueOf(banner, 'padding')?.split(/\s+/) ?? [];
    const physicalRight = padding.length === 4 && padding[1] !== padding[3];
    expect(physicalRight).toBe(false);
    expect(valueOf(banner, 'padding-inline-end') ?? valueOf(banner, 'padding-inline')).toMatch(/48px/);
  });
});
