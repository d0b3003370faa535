/**
 * src/authoring/styles.ts, the authoring panel's stylesheet (adopted in its own shadow root):
 * plain rules that fetch nothing; every `data-author` part it styles is one the panel's
 * components draw, and the only public parts it styles are the element picker's; the host is a
 * zero-size fixed box above everything whose every declaration is !important (pages with
 * `* { … !important }` cannot restyle it); the custom properties it uses are defined on the host;
 * while picking the panel hides but the pick layer shows, and what sits over the page (the bar,
 * the keyboard outline, the picker's highlight) lets the pointer through; the panel sits at a
 * logical edge, switchable to the other side.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTHOR_CSS } from '../../src/authoring/styles';
import { cssRules, rulesFor, valueOf } from '../support/css-rules';

const rules = cssRules(AUTHOR_CSS);
const one = (selector: string) => {
  const found = rulesFor(rules, selector);
  expect(found, selector).toHaveLength(1);
  return found[0];
};
const SRC = join(__dirname, '../../src/authoring');
/** The `data-author` values the panel's components write. */
const drawn = new Set(
  readdirSync(SRC)
    .filter((file) => file.endsWith('.tsx'))
    .flatMap((file) => [...readFileSync(join(SRC, file), 'utf8').matchAll(/data-author=["']([a-z-]+)["']/g)].map((m) => m[1])),
);

describe('AUTHOR_CSS', () => {
  it('reads as plain rules, no at-rules, and fetches nothing', () => {
    expect(rules.length).toBeGreaterThan(30);
    expect(rules.every((rule) => rule.within === undefined)).toBe(true);
    expect(AUTHOR_CSS).not.toMatch(/url\(|@import|expression\(|(?<![-\w])behavior:|-moz-binding/i);
  });

  it('styles only data-author parts the panel draws, and of the public parts only the picker\'s', () => {
    const styled = new Set([...AUTHOR_CSS.matchAll(/\[data-author=([a-z-]+)\]/g)].map((m) => m[1]));
    expect(styled.size).toBeGreaterThan(15);
    expect([...styled].filter((name) => !drawn.has(name))).toEqual([]);
    const parts = new Set([...AUTHOR_CSS.matchAll(/\[data-part=([a-z-]+)\]/g)].map((m) => m[1]));
    expect([...parts].sort()).toEqual(['picker', 'picker-highlight', 'root']);
  });

  it('the host: a zero-size fixed box at the top corner, above everything, every declaration !important', () => {
    const host = one(':host');
    const own = host.declarations.filter(([property]) => !property.startsWith('--'));
    expect(own.filter(([, , important]) => !important)).toEqual([]);
    expect([valueOf(host, 'all'), valueOf(host, 'position'), valueOf(host, 'width'), valueOf(host, 'height'), valueOf(host, 'z-index')]).toEqual(['initial', 'fixed', '0', '0', '2147483647']);
    expect(valueOf(host, 'inset')).toBe('0 auto auto 0');
  });

  it('uses only custom properties the host defines', () => {
    const defined = new Set(one(':host').declarations.map(([property]) => property).filter((property) => property.startsWith('--')));
    const used = [...AUTHOR_CSS.matchAll(/var\((--[a-z-]+)\)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((name) => !defined.has(name))).toEqual([]);
  });

  it('while picking the panel hides and the pick layer, inside it, shows', () => {
    expect(valueOf(one('[data-author=panel][data-state=picking]'), 'visibility')).toBe('hidden');
    expect(valueOf(one('[data-author=pick-layer]'), 'visibility')).toBe('visible');
  });

  it('the picker covers the viewport; what sits over the page lets the pointer through to it', () => {
    const picker = one('[data-part=picker]');
    expect([valueOf(picker, 'position'), valueOf(picker, 'inset')]).toEqual(['fixed', '0']);
    for (const selector of ['[data-author=pick-bar]', '[data-author=kb-highlight]', '[data-part=picker-highlight]']) {
      expect([selector, valueOf(one(selector), 'pointer-events')]).toEqual([selector, 'none']);
    }
    // The bar and the outline are drawn above the picker's surface.
    expect(Number(valueOf(one('[data-author=pick-bar]'), 'z-index'))).toBeGreaterThan(Number(valueOf(picker, 'z-index')));
  });

  it('the panel sits at the inline end, or the inline start when moved, and scrolls within itself', () => {
    const panel = one('[data-author=panel]');
    expect([valueOf(panel, 'position'), valueOf(panel, 'inset-inline-end'), valueOf(panel, 'overflow'), valueOf(panel, 'overscroll-behavior')]).toEqual(['fixed', '8px', 'auto', 'contain']);
    expect(valueOf(panel, 'left')).toBeUndefined();
    expect(valueOf(panel, 'right')).toBeUndefined();
    const start = one('[data-author=panel][data-side=start]');
    expect([valueOf(start, 'inset-inline-end'), valueOf(start, 'inset-inline-start')]).toEqual(['auto', '8px']);
  });

  it('keyboard focus is always visible in the panel', () => {
    const focus = one('[data-author=panel] :focus-visible');
    expect(valueOf(focus, 'outline')).toMatch(/^2px solid /);
  });
});
