/**
 * What the layout arbiter promises, measured in the page (not a test file itself; used by
 * test/ui/arbiter.browser.test.ts and test/demo/layout.browser.test.ts): no two visible surfaces
 * overlap, no floating surface is cut off by the viewport, and every button of a surface is at
 * least 24x24 CSS px, fully on screen, and is what a tap at its centre and around it reaches
 * (elementFromPoint, through shadow roots).
 */
import { expect } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';

export interface Viewport {
  width: number;
  height: number;
}

export const VIEWPORTS: Viewport[] = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
  { width: 360, height: 640 },
];

/** A desktop window, or a touch phone (the layer's phone rules start at 480px). */
export const contextFor = (v: Viewport): BrowserContextOptions => (v.width <= 480 ? { viewport: v, isMobile: true, hasTouch: true } : { viewport: v });

export interface LayoutReport {
  /** The visible surfaces, as "part:item". */
  surfaces: string[];
  problems: string[];
}

/** Measures every visible surface of every Guidepost host on the page. */
export function measureLayout(page: Page): Promise<LayoutReport> {
  return page.evaluate(() => {
    const SURFACES = '[data-part=tooltip],[data-part=popover],[data-part=hotspot],[data-part=tour-step],[data-part=banner],[data-part=checklist-launcher],[data-part=checklist-panel],[data-part=preview-badge],[data-part=help-link]';
    const width = innerWidth;
    const height = innerHeight;
    const hosts = [...document.querySelectorAll('[data-guidepost-host]')];
    const staged = hosts.some((h) => h.shadowRoot?.querySelector('[data-part=overlay]'));
    const name = (el: Element) => {
      const host = (el.getRootNode() as ShadowRoot).host;
      const item = el.closest('[data-item]')?.getAttribute('data-item') ?? host?.getAttribute('data-item');
      return item ? `${el.getAttribute('data-part')}:${item}` : el.getAttribute('data-part')!;
    };
    const shown = (el: Element) => {
      const style = getComputedStyle(el);
      const b = el.getBoundingClientRect();
      return style.visibility === 'visible' && style.opacity !== '0' && b.width > 0 && b.height > 0;
    };
    const inView = (b: DOMRect) => b.left >= -0.5 && b.top >= -0.5 && b.right <= width + 0.5 && b.bottom <= height + 0.5;
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    // The element a tap at (x, y) reaches, looking into shadow roots.
    const hit = (x: number, y: number) => {
      let el = document.elementFromPoint(x, y);
      while (el?.shadowRoot) {
        const inner = el.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === el) break;
        el = inner;
      }
      return el;
    };
    const surfaces = hosts.flatMap((h) => [...(h.shadowRoot?.querySelectorAll(SURFACES) ?? [])]).filter(shown);
    const isInline = (el: Element) => (el.getRootNode() as ShadowRoot).host.getAttribute('data-guidepost-host') === 'inline';
    // Once the page is scrolled, its content (inline surfaces too) passes beneath a fixed top or
    // bottom banner like beneath any fixed header; unscrolled, nothing may be under one.
    const beneath = (a: Element, b: Element) => scrollY > 0 && ((isInline(a) && b.matches('[data-slot]:not([data-slot=inline])')) || (isInline(b) && a.matches('[data-slot]:not([data-slot=inline])')));
    const problems: string[] = [];
    surfaces.forEach((a, i) => {
      const box = a.getBoundingClientRect();
      const inline = isInline(a);
      if (!inline && !inView(box)) problems.push(`${name(a)} is cut off by the viewport`);
      for (const b of surfaces.slice(i + 1)) {
        if (!a.contains(b) && !b.contains(a) && !beneath(a, b) && overlap(box, b.getBoundingClientRect())) problems.push(`${name(a)} overlaps ${name(b)}`);
      }
      // Beneath a tour's overlay, the dock and banners are inert and inline surfaces are page content,
      // not to be tapped; scrolled away or beneath a fixed banner, page content is the page's business.
      if (a.closest('[inert]') || (inline && (staged || scrollY > 0 || !inView(box)))) return;
      const buttons = a.matches('button,a') ? [a] : [...a.querySelectorAll('button')];
      for (const button of buttons) {
        const b = button.getBoundingClientRect();
        const label = `${name(a)} ${button.getAttribute('data-action') ?? button.getAttribute('data-part') ?? ''} "${button.textContent?.trim()}"`;
        if (b.width < 23.5 || b.height < 23.5) problems.push(`${label} is ${b.width}x${b.height}, under 24x24`);
        if (!inView(b)) problems.push(`${label} is not fully on screen`);
        // The centre and four points around it, inside even a round button (hit testing follows border-radius).
        const [cx, cy] = [b.left + b.width / 2, b.top + b.height / 2];
        const points = [[cx, cy], [b.left + b.width * 0.2, cy], [b.right - b.width * 0.2, cy], [cx, b.top + b.height * 0.2], [cx, b.bottom - b.height * 0.2]];
        if (points.some(([x, y]) => !button.contains(hit(x, y)))) problems.push(`${label} is covered`);
      }
    });
    return { surfaces: surfaces.map(name), problems };
  });
}

/**
 * Waits until the layout settles with no problem and these surfaces visible; returns what is
 * visible. The generous bound is for busy machines: it is a wait for a positive signal, not a timing.
 */
export async function expectCleanLayout(page: Page, expected: string[], timeout = 15_000): Promise<string[]> {
  let last: LayoutReport = { surfaces: [], problems: [] };
  await expect
    .poll(
      async () => {
        last = await measureLayout(page);
        return { problems: last.problems, missing: expected.filter((s) => !last.surfaces.includes(s)) };
      },
      { timeout },
    )
    .toEqual({ problems: [], missing: [] });
  return last.surfaces;
}

/**
 * The centre of the first element `selector` finds in a Guidepost host (for taps that must reach
 * it), once it holds still: the same box in two animation frames running. A person taps what
 * they see, after a page that is still settling (a banner arriving above, a late placement) has
 * moved it; a tap at a box measured a frame too early missed the element and failed the test.
 */
export function tapPoint(page: Page, selector: string): Promise<[number, number]> {
  return page.evaluate(
    (sel) =>
      new Promise<[number, number]>((resolve, reject) => {
        const find = () => {
          for (const host of document.querySelectorAll('[data-guidepost-host]')) {
            const el = host.shadowRoot?.querySelector(sel);
            if (el) return el;
          }
          return undefined;
        };
        let last = '';
        let frames = 0;
        const check = () => {
          const el = find();
          if (!el) return reject(new Error(`nothing matches ${sel}`));
          const b = el.getBoundingClientRect();
          const box = `${b.left},${b.top},${b.width},${b.height}`;
          // Still after 120 frames (a surface that never stops moving): tapped where it is then.
          if (box === last || ++frames > 120) return resolve([b.left + b.width / 2, b.top + b.height / 2]);
          last = box;
          requestAnimationFrame(check);
        };
        check();
      }),
    selector,
  );
}

/** Taps what `selector` finds where a person would (its centre), so a covered control fails the test. */
export async function tap(page: Page, selector: string): Promise<void> {
  const [x, y] = await tapPoint(page, selector);
  await page.mouse.click(x, y);
}
