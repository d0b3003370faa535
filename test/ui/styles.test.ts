/**
 * src/ui/styles.ts, the shadow roots' own stylesheet. The layer host is a zero-size fixed layer
 * above everything, and the inline host sits in the page's flow; the page's `* {… !important}`
 * cannot restyle either (every :host declaration is important, starting from `all: initial`).
 * The theme's custom properties have defaults and are used; dark schemes (chosen or automatic)
 * change them; keyboard focus is always visible; reduced motion stops animations; nothing is
 * fetched (no url(), no @import); surfaces wait for their place without flashing at 0,0.
 * Right to left: the close button sits at the inline end, and what keeps clear of it must too.
 */
import { describe, expect, it } from 'vitest';
import { INLINE_CSS, LAYER_CSS } from '../../src/ui/styles';
import { cssRules, rulesFor, valueOf } from '../support/css-rules';

const layer = cssRules(LAYER_CSS);
const inline = cssRules(INLINE_CSS);
/** The host's own rule (its locked-down box), as opposed to the one with the theme's defaults. */
const hostRule = (rules: typeof layer) => rulesFor(rules, ':host').find((r) => r.declarations[0]?.[0] === 'all')!;
const hostDefaults = (rules: typeof layer) => rulesFor(rules, ':host').find((r) => r.declarations[0]?.[0] !== 'all')!;
const one = (rules: typeof layer, selector: string, within?: string) => {
  const found = rulesFor(rules, selector, within);
  expect(found, selector).toHaveLength(1);
  return found[0];
};

describe('the sheets', () => {
  it('read as plain style rules, inside @media and the relative colours\' @supports only', () => {
    const supports = '@supports (color:oklch(from red l c h)) and (color:hsl(from red h s l))';
    for (const rules of [layer, inline]) {
      expect(rules.length).toBeGreaterThan(40);
      expect(new Set(rules.filter((r) => r.within).map((r) => r.within))).toEqual(new Set(['@media (prefers-color-scheme:dark)', '@media (prefers-reduced-motion:reduce)', supports, `${supports} @media (prefers-color-scheme:dark)`]));
    }
  });

  it('a button with one long word (German, a product name) wraps inside its card instead of running out of it', () => {
    const button = one(layer, '[data-part=button]');
    expect([valueOf(button, 'max-width'), valueOf(button, 'overflow-wrap')]).toEqual(['100%', 'anywhere']);
  });

  it('carry no comments: the CSS text ships as written, so a note there is bytes every page downloads', () => {
    for (const css of [LAYER_CSS, INLINE_CSS]) expect(css).not.toContain('/*');
  });

  it('share every rule but their :host ones', () => {
    const own = (r: (typeof layer)[number]) => r.selector.startsWith(':host') && !r.within && r.declarations.every(([, , important]) => important);
    const shared = (rules: typeof layer) => rules.filter((r) => !own(r));
    expect(shared(layer)).toEqual(shared(inline));
    expect(layer.filter(own).map((r) => r.selector)).toEqual([':host']);
    expect(inline.filter(own).map((r) => r.selector)).toEqual([':host', ':host([data-block])']);
  });

  it('fetch nothing and run nothing: no url(), @import, expression() or behaviors', () => {
    for (const css of [LAYER_CSS, INLINE_CSS]) expect(css).not.toMatch(/url\(|@import|expression\(|behavior:|-moz-binding/i);
  });
});

describe('hosts', () => {
  it('the layer host: every declaration important, all:initial first, fixed, zero-size, above everything', () => {
    const host = hostRule(layer);
    expect(host.declarations.every(([, , important]) => important)).toBe(true);
    expect(host.declarations[0].slice(0, 2)).toEqual(['all', 'initial']);
    expect([valueOf(host, 'position'), valueOf(host, 'width'), valueOf(host, 'height'), valueOf(host, 'z-index'), valueOf(host, 'display'), valueOf(host, 'overflow')]).toEqual([
      'fixed', '0', '0', '2147483647', 'block', 'visible',
    ]);
  });

  it('the inline host: every declaration important, all:initial first, inline in the text; a block for inline banners', () => {
    const host = hostRule(inline);
    expect(host.declarations).toEqual([['all', 'initial', true], ['display', 'inline', true]]);
    expect(one(inline, ':host([data-block])').declarations).toEqual([['display', 'block', true]]);
  });
});

describe('theme', () => {
  // The custom properties render-surfaces.tsx sets from the manifest theme.
  const THEMED = ['--gp-accent', '--gp-bg', '--gp-text', '--gp-radius', '--gp-font', '--gp-space', '--gp-shadow'];

  it('every themable property has a default on :host and is used by the sheet', () => {
    const defaults = hostDefaults(layer);
    const defined = defaults.declarations.map(([p]) => p);
    for (const name of THEMED) {
      expect(defined).toContain(name);
      expect(LAYER_CSS).toContain(`var(${name})`);
    }
    // No custom property is used without a default.
    const used = new Set([...LAYER_CSS.matchAll(/var\((--gp-[a-z-]+)\)/g)].map((m) => m[1]));
    expect([...used].filter((name) => !defined.includes(name))).toEqual([]);
  });

  it('a dark scheme changes the colors; "auto" follows the system preference', () => {
    const dark = one(layer, ':host([data-scheme=dark])');
    const auto = one(layer, ':host([data-scheme=auto])', '@media (prefers-color-scheme:dark)');
    expect(dark.declarations).toEqual(auto.declarations);
    expect(dark.declarations.map(([p]) => p)).toEqual(['--gp-bg', '--gp-text', '--gp-muted', '--gp-border', '--gp-accent']);
    expect(valueOf(dark, '--gp-bg')).not.toBe(valueOf(hostDefaults(layer), '--gp-bg'));
  });
});

describe('accessibility', () => {
  it('keyboard focus is visible on buttons, links and the tour step', () => {
    expect(valueOf(one(layer, 'button:focus-visible,a:focus-visible'), 'outline')).toBe('2px solid var(--gp-link)');
    expect(valueOf(one(layer, '[data-part=tour-step]:focus-visible'), 'outline')).toBe('2px solid var(--gp-link)');
  });

  it('reduced motion stops every animation and transition, pseudo-elements included', () => {
    const reduced = one(layer, '*,::after', '@media (prefers-reduced-motion:reduce)');
    expect(reduced.declarations).toEqual([['animation', 'none', true], ['transition', 'none', true]]);
  });

  it('visually hidden text stays in the accessibility tree (clipped, not display:none)', () => {
    // The layer's live region (announcer.tsx) is hidden the same way: a region out of the tree says nothing.
    const hidden = one(layer, '[data-part=visually-hidden],[data-part=announcer]');
    expect([valueOf(hidden, 'position'), valueOf(hidden, 'width'), valueOf(hidden, 'height'), valueOf(hidden, 'clip-path')]).toEqual(['absolute', '1px', '1px', 'inset(50%)']);
    expect(valueOf(hidden, 'display')).toBeUndefined();
    expect(valueOf(hidden, 'visibility')).toBeUndefined();
  });

  it('the close button sits at the inline end (left in right-to-left cards)', () => {
    const close = one(layer, '[data-part=close]');
    expect(valueOf(close, 'inset-inline-end')).toBe('6px');
    expect(close.declarations.some(([p]) => p === 'right' || p === 'left')).toBe(false);
  });
});

describe('placement', () => {
  it('floating cards are transparent and click-through until placed (no flash at 0,0); a waiting surface is hidden', () => {
    const unplaced = one(layer, '[data-part=tooltip]:not([data-placement]),[data-part=popover]:not([data-placement]),[data-part=tour-step]:not([data-centered]):not([data-placement])');
    expect(unplaced.declarations).toEqual([['opacity', '0', false], ['pointer-events', 'none', false]]);
    expect(one(layer, '[data-wait]').declarations).toEqual([['visibility', 'hidden', true], ['pointer-events', 'none', false]]);
  });

  it('the dock lets clicks through between its surfaces, and goes below the stage when inert', () => {
    expect(valueOf(one(layer, '[data-part=dock]'), 'pointer-events')).toBe('none');
    const children = one(layer, '[data-part=dock]>*');
    expect(valueOf(children, 'pointer-events')).toBe('auto');
    expect(valueOf(one(layer, '[data-part=dock][inert]'), 'z-index')).toBe('0');
  });

  it('the tour step is above the overlay', () => {
    expect(Number(valueOf(one(layer, '[data-part=tour-step]'), 'z-index'))).toBeGreaterThan(Number(valueOf(one(layer, '[data-part=overlay]'), 'z-index')));
  });
});

describe('in right-to-left cards the title keeps clear of the close button', () => {
  // The × sits at the inline end (`inset-inline-end`: the left edge in an Arabic or Hebrew card):
  // the title reserves its room there too (a physical right margin would let the first line of a
  // long title run under the × in a right-to-left card).
  it('the title reserves its room at the inline end', () => {
    const title = one(layer, '[data-part=title]');
    const margin = valueOf(title, 'margin')?.split(/\s+/) ?? [];
    const physicalRight = margin.length === 4 && margin[1] !== margin[3];
    const inlineEnd = valueOf(title, 'margin-inline-end') ?? valueOf(title, 'padding-inline-end');
    expect({ physicalRight, inlineEnd }).toEqual({ physicalRight: false, inlineEnd: expect.stringMatching(/^[1-9][\d.]*(em|px)$/) });
  });
});
