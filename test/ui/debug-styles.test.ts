/**
 * src/ui/debug-styles.ts, the debug panel's and element picker's stylesheet: readable rules over
 * listed debug parts only (the layer's sheet styles none of them), fetching nothing, using the
 * layer's custom properties; the picker covers the viewport above the panel, its highlight never
 * takes the pointer, and the panel and result sit at logical (direction-aware) edges.
 */
import { describe, expect, it } from 'vitest';
import { DEBUG_CSS } from '../../src/ui/debug-styles';
import { PART } from '../../src/ui/parts';
import { LAYER_CSS } from '../../src/ui/styles';
import { cssRules, rulesFor, valueOf } from '../support/css-rules';

const rules = cssRules(DEBUG_CSS);
const one = (selector: string) => {
  const found = rulesFor(rules, selector);
  expect(found, selector).toHaveLength(1);
  return found[0];
};

describe('DEBUG_CSS', () => {
  it('reads as plain rules (no at-rules) over debug and picker parts only', () => {
    expect(rules.length).toBeGreaterThan(8);
    expect(rules.every((r) => r.within === undefined)).toBe(true);
    const names = new Set<string>(Object.values(PART));
    const styled = [...DEBUG_CSS.matchAll(/\[data-part=([a-z-]+)\]/g)].map((m) => m[1]);
    expect(styled.filter((name) => !names.has(name))).toEqual([]);
    expect(styled.every((name) => /^(debug|picker)/.test(name))).toBe(true);
  });

  it("fetches nothing, and uses only the layer's custom properties", () => {
    expect(DEBUG_CSS).not.toMatch(/url\(|@import|expression\(|behavior:|-moz-binding/i);
    const defined = new Set([...LAYER_CSS.matchAll(/(--gp-[a-z-]+):/g)].map((m) => m[1]));
    const used = [...DEBUG_CSS.matchAll(/var\((--gp-[a-z-]+)\)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
  });

  it('the picker covers the whole viewport above the panel; its highlight lets the pointer through', () => {
    const picker = one('[data-part=picker]');
    const panel = one('[data-part=debug-panel]');
    expect([valueOf(picker, 'position'), valueOf(picker, 'inset'), valueOf(picker, 'cursor')]).toEqual(['fixed', '0', 'crosshair']);
    expect(Number(valueOf(picker, 'z-index'))).toBeGreaterThan(Number(valueOf(panel, 'z-index')));
    expect(valueOf(one('[data-part=picker-highlight]'), 'pointer-events')).toBe('none');
    expect(Number(valueOf(one('[data-part=picker-result]'), 'z-index'))).toBeGreaterThan(Number(valueOf(panel, 'z-index')));
  });

  it('the panel scrolls inside the viewport and sits at the inline start; the result at the inline end', () => {
    const panel = one('[data-part=debug-panel]');
    expect([valueOf(panel, 'position'), valueOf(panel, 'overflow'), valueOf(panel, 'inset-inline-start')]).toEqual(['fixed', 'auto', '8px']);
    expect(valueOf(one('[data-part=picker-result]'), 'inset-inline-end')).toBe('8px');
    expect(rules.flatMap((r) => r.declarations.map(([p]) => p)).filter((p) => p === 'left' || p === 'right')).toEqual([]);
  });

  it('long selectors wrap in the result instead of widening it', () => {
    expect(valueOf(one('[data-part=picker-result]'), 'word-break')).toBe('break-all');
  });
});
