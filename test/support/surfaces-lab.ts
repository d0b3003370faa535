/**
 * Shared set-up for the surface tests: one Chromium and one server per test file, a fresh
 * browser context per test, and helpers that read the lab page (test/pages/lab) and measure
 * boxes. Not a test file itself.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { launchChromium, PROJECT_ROOT, serveForTest, watchPageErrors } from './browser-harness';

/** What lab.js records for one event (the SDK's event plus the time it arrived). */
export interface LabEvent {
  type: string;
  item_id?: string;
  item_type?: string;
  step?: number;
  origin?: string;
  name?: string;
  rendered?: boolean;
  properties?: Record<string, unknown>;
  url?: string | null;
  at: number;
}

/** The `window.lab` object lab.js exposes. */
export interface LabWindow {
  gp: {
    startTour(id: string): void;
    track(name: string, properties?: Record<string, unknown>): void;
    destroy(): void;
    explain(id: string): unknown;
  };
  scenario: string;
  events: LabEvent[];
  errors: { code: string; message: string }[];
  hostClicks: Record<string, number>;
  before: Record<string, unknown> | null;
  ready: boolean;
  mountedAt?: number;
  navigate(path: string): void;
  snapshot(): Record<string, Record<string, string>>;
  replaceTargets?: () => void;
  originalPushState?: History['pushState'];
}

declare global {
  interface Window {
    lab: LabWindow;
  }
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Opened {
  page: Page;
  context: BrowserContext;
  /** Page errors and console errors (a CSP violation shows up here). */
  errors: string[];
}

export const LAB_ROOT = join(PROJECT_ROOT, 'test/pages/lab');

/** Starts the server and Chromium for this file; `open()` gives each test a fresh context. */
export function useLab() {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveForTest>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await serveForTest(LAB_ROOT);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get browser() {
      return browser;
    },
    get server() {
      return server;
    },
    url(path: string) {
      return new URL(path, server.url).href;
    },
    /**
     * Opens `path` (e.g. "/?scenario=tour") in a fresh context and waits until Guidepost started.
     * `prepare` runs on the context before the page loads (e.g. `context.clock.install()`).
     */
    async open(path: string, options: BrowserContextOptions = {}, prepare?: (context: BrowserContext) => Promise<void>): Promise<Opened> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
      contexts.push(context);
      await prepare?.(context);
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      await page.goto(new URL(path, server.url).href);
      await page.waitForFunction(() => window.lab?.ready === true, undefined, { timeout: 15_000 }).catch((error: Error) => {
        // Usually dist/ missing or mid-rebuild (run "npm run build"), or a broken scenario.
        throw new Error(`the lab never became ready at ${path}: ${error.message}\npage errors: ${JSON.stringify(errors)}`);
      });
      // The lab's manifests are valid: a problem here is a broken scenario, not a finding.
      expect(await page.evaluate(() => window.lab.errors), 'onError during start()').toEqual([]);
      return { page, context, errors };
    },
  };
}

/** Every event lab.js recorded so far. */
export const labEvents = (page: Page): Promise<LabEvent[]> => page.evaluate(() => window.lab.events);

/** Events that match every given field. */
export async function eventsLike(page: Page, fields: Partial<LabEvent>): Promise<LabEvent[]> {
  const all = await labEvents(page);
  return all.filter((e) => Object.entries(fields).every(([k, v]) => JSON.stringify((e as unknown as Record<string, unknown>)[k]) === JSON.stringify(v)));
}

/** Waits until an event with these fields was recorded, and returns it. */
export async function waitForLabEvent(page: Page, fields: Partial<LabEvent>, timeout = 5000): Promise<LabEvent> {
  await expect.poll(async () => (await eventsLike(page, fields)).length, { timeout, message: `event ${JSON.stringify(fields)}` }).toBeGreaterThan(0);
  return (await eventsLike(page, fields))[0];
}

/** The box of a locator that must be visible. */
export async function box(locator: Locator): Promise<Box> {
  await locator.waitFor({ state: 'visible' });
  const b = await locator.boundingBox();
  if (!b) throw new Error('no bounding box');
  return b;
}

/** The element that has focus, seen through shadow roots. */
export function deepFocus(page: Page) {
  return page.evaluate(() => {
    let active = document.activeElement as Element | null;
    const hosts: string[] = [];
    while (active?.shadowRoot?.activeElement) {
      hosts.push(active.tagName.toLowerCase());
      active = active.shadowRoot.activeElement;
    }
    return {
      tag: active?.tagName.toLowerCase(),
      id: active?.id || undefined,
      part: active?.getAttribute('data-part') ?? undefined,
      item: active?.getAttribute('data-item') ?? undefined,
      action: active?.getAttribute('data-action') ?? undefined,
      /** The closest ancestor (in its own tree) with data-part, e.g. the tour step the focus is in. */
      within: active?.closest('[data-part=tour-step],[data-part=popover],[data-part=tooltip]')?.getAttribute('data-part') ?? undefined,
      hosts,
    };
  });
}

/**
 * `floating` sits on `side` of `target`: the gap between the facing edges is within
 * [0, maxGap] and the boxes overlap on the other axis.
 */
export function expectBeside(floating: Box, target: Box, side: 'top' | 'bottom' | 'left' | 'right', maxGap = 16) {
  const gap = {
    top: target.y - (floating.y + floating.height),
    bottom: floating.y - (target.y + target.height),
    left: target.x - (floating.x + floating.width),
    right: floating.x - (target.x + target.width),
  }[side];
  expect(gap, `gap on the ${side} side`).toBeGreaterThanOrEqual(-0.5);
  expect(gap, `gap on the ${side} side`).toBeLessThanOrEqual(maxGap);
  if (side === 'top' || side === 'bottom') {
    expect(floating.x, 'horizontal overlap').toBeLessThan(target.x + target.width);
    expect(floating.x + floating.width, 'horizontal overlap').toBeGreaterThan(target.x);
  } else {
    expect(floating.y, 'vertical overlap').toBeLessThan(target.y + target.height);
    expect(floating.y + floating.height, 'vertical overlap').toBeGreaterThan(target.y);
  }
}

/** Nothing of `b` is outside a viewport of `width` x `height`. */
export function expectInViewport(b: Box, width: number, height: number) {
  expect(b.x, 'left edge').toBeGreaterThanOrEqual(-0.5);
  expect(b.y, 'top edge').toBeGreaterThanOrEqual(-0.5);
  expect(b.x + b.width, 'right edge').toBeLessThanOrEqual(width + 0.5);
  expect(b.y + b.height, 'bottom edge').toBeLessThanOrEqual(height + 0.5);
}

/**
 * An attribute of the first element `locator` matches, or null when there is none. Unlike
 * `locator.getAttribute` it never waits, so it is safe inside `expect.poll` (a waiting call
 * would block one poll attempt past the poll's own timeout and hide how long things took).
 */
export const attrNow = (locator: Locator, name: string): Promise<string | null> =>
  locator.evaluateAll((nodes, attribute) => nodes[0]?.getAttribute(attribute) ?? null, name);

/** The tour step on screen (optionally of one tour). */
export const tourStep = (page: Page, item?: string) => page.locator(item ? `[data-part=tour-step][data-item="${item}"]` : '[data-part=tour-step]');

/** For each point: is it in the tour overlay's shaded fill? (The cutout is a hole in it.) */
export const shaded = (page: Page, points: [number, number][]): Promise<boolean[]> =>
  page.evaluate((pts) => {
    const path = document.querySelector('guidepost-root')?.shadowRoot?.querySelector('[data-part=overlay] [data-part=overlay-shade]') as SVGPathElement | null;
    return pts.map(([x, y]) => (path ? path.isPointInFill(new DOMPoint(x, y)) : false));
  }, points);

/** The centre of a box. */
export const center = (b: Box): [number, number] => [b.x + b.width / 2, b.y + b.height / 2];

/** What `openOwnPage` builds: the page's markup, and the manifest of its instance. */
export interface OwnPage {
  manifest: object;
  /** The <body>'s markup (the page's own controls). */
  body: string;
  /** More of the <head> (a <style>). */
  head?: string;
  /** The page's own code, run once `window.gp` exists (its handlers calling gp.track, ...). */
  script?: string;
}

/**
 * A page of its own at `path` (`lab.url(path)`, fulfilled in a fresh 1280×800 context): the
 * single-file IIFE and one instance on `manifest` as `window.gp`, started before this resolves.
 * Problems reported through onError reach `errors` (as console errors).
 */
export async function openOwnPage(lab: ReturnType<typeof useLab>, path: string, { manifest, body, head = '', script = '' }: OwnPage): Promise<Opened> {
  const context = await lab.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route(`**${path}`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>Page</title><script src="/dist/guidepost.iife.js"></script>${head}</head>
<body>${body}<script>
window.gp = Guidepost.createGuidepost({ manifest: ${JSON.stringify(manifest)}, locale: 'en', onError: (e) => console.error(e.message) });
${script}
window.gp.start().then(() => { window.started = true; });
</script></body></html>`,
    }),
  );
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(lab.url(path));
  await page.waitForFunction(() => (window as unknown as { started?: boolean }).started === true);
  return { page, context, errors };
}

/** Whether the page's own element `id` is what is hit at the middle of its box (nothing of ours covers it there). */
export const inSight = (page: Page, id: string): Promise<boolean> =>
  page.evaluate((element) => {
    const target = document.getElementById(element)!;
    const box = target.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit === target || target.contains(hit);
  }, id);
