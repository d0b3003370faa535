/**
 * Script-injection corpus in real Chromium. Every text field of a manifest carries a payload
 * that would run script if Guidepost ever treated text as HTML or let an unsafe URL reach an
 * href/src: <script>, event-handler attributes, <svg onload>, HTML entities, javascript: and
 * data: links in Markdown, in every spelling browsers forgive. The page has no CSP, so nothing
 * but Guidepost itself stands between the payloads and execution.
 *
 * Proven: no dialog opens, window.__pwned stays undefined, no script-capable element or
 * event-handler attribute appears in Guidepost's shadow roots, every href is http(s), mailto
 * or relative, the payloads are visible as text, and items with unsafe URLs are skipped and
 * reported instead of rendered.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { parseRichText, toPlainText } from '../src/manifest/richtext';
import { launchChromium, PROJECT_ROOT, serveForTest, watchPageErrors } from './support/browser-harness';

const PAGE_DIR = join(PROJECT_ROOT, 'test/pages/injection');

const PAYLOADS = [
  '<script>window.__pwned=1;alert(1)</script>',
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<svg onload="window.__pwned=1;alert(1)"><circle r="1"/></svg>',
  '<iframe src="javascript:window.__pwned=1;alert(1)"></iframe>',
  '<a href="javascript:window.__pwned=1;alert(1)">click me</a>',
  '<div onmouseover="window.__pwned=1;alert(1)" style="position:fixed;inset:0">cover</div>',
  '" autofocus onfocus="window.__pwned=1;alert(1)" x="',
  "'><script>window.__pwned=1;alert(1)</script>",
  '&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=window.__pwned=1&#62;',
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:window.__pwned=1)',
  '[x](java\tscript:window.__pwned=1)',
  '[x](data:text/html,<script>window.__pwned=1;alert(1)</script>)',
  '[x](%20javascript:window.__pwned=1)',
  '[[x](javascript:window.__pwned=1)](https://example.com/)',
  '[x](vbscript:msgbox(1))',
  '**<img src=x onerror="window.__pwned=1;alert(1)">**',
  '`<script>window.__pwned=1;alert(1)</script>`',
  '{{user.traits.firstName}}',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=1;alert(1)">',
  '<style>@import "javascript:alert(1)"</style><body onload="window.__pwned=1;alert(1)">',
] as const;

/** The trait start.js passes for `{{user.traits.firstName}}`: a payload itself. */
const FIRST_NAME = '<img src=x onerror="window.__pwned=1;alert(1)">**bold**';
const lookup = (path: string) => (path === 'user.traits.firstName' ? FIRST_NAME : undefined);

/** Items whose URL is unsafe: validation must skip them, with these problem paths. */
const UNSAFE_ITEMS = [
  { item: { id: 'unsafe-help-js', type: 'helpLink', target: '#help-url-target', url: 'javascript:window.__pwned=1;alert(1)', label: 'Help' }, path: 'url' },
  { item: { id: 'unsafe-help-tab', type: 'helpLink', target: '#help-url-target', url: 'java\tscript:window.__pwned=1;alert(1)', label: 'Help' }, path: 'url' },
  { item: { id: 'unsafe-help-data', type: 'helpLink', target: '#help-url-target', url: 'data:text/html,<script>alert(1)</script>', label: 'Help' }, path: 'url' },
  { item: { id: 'unsafe-button', type: 'banner', body: 'Go', buttons: [{ label: 'Go', action: 'url', url: 'JaVaScRiPt:window.__pwned=1;alert(1)' }] }, path: 'buttons[0].url' },
  { item: { id: 'unsafe-image', type: 'tooltip', target: '#tooltip-target', body: 'Look', image: { src: 'data:image/svg+xml,<svg onload="alert(1)">', alt: 'x' } }, path: 'image.src' },
  { item: { id: 'unsafe-banner-image', type: 'banner', body: 'Look', image: { src: ' javascript:alert(1)', alt: 'x' } }, path: 'image.src' },
];

const image = (alt: string) => ({ src: '/pixel.svg', alt });

/** Every payload in every text field of a banner, a tooltip and two help links. */
function buildManifest() {
  const items: unknown[] = [];
  PAYLOADS.forEach((payload, i) => {
    items.push(
      {
        id: `banner-${i}`,
        type: 'banner',
        slot: 'top',
        title: payload,
        body: { en: payload, es: 'no' },
        image: image(payload),
        buttons: [{ label: payload, action: 'dismiss' }, { label: { en: payload }, action: 'url', url: 'https://example.com/safe' }],
      },
      { id: `tooltip-${i}`, type: 'tooltip', target: '#tooltip-target', title: payload, body: payload, image: image(payload), buttons: [{ label: payload, action: 'track', event: 'clicked' }] },
      { id: `help-url-${i}`, type: 'helpLink', target: '#help-url-target', url: 'https://example.com/help', label: payload },
      { id: `help-popover-${i}`, type: 'helpLink', target: '#help-popover-target', label: payload, title: payload, body: payload },
    );
  });
  items.push(...UNSAFE_ITEMS.map((u) => u.item));
  return {
    schemaVersion: 1,
    revision: 'injection-corpus',
    defaultLocale: 'en',
    // Room for every banner at once: interruptive items are otherwise capped at one per page view.
    settings: { caps: { perPageView: 1000, perSession: 1000 } },
    items,
  };
}

const MANIFEST = buildManifest();
const unsafeIndex = (id: string) => MANIFEST.items.findIndex((item) => (item as { id: string }).id === id);

let browser: Browser;
let server: Awaited<ReturnType<typeof serveForTest>>;

beforeAll(async () => {
  // Generated from the corpus above; the committed copy is rewritten identically each run.
  await writeFile(join(PAGE_DIR, 'manifest.json'), JSON.stringify(MANIFEST, null, 2) + '\n');
  server = await serveForTest(PAGE_DIR);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface SurfaceText {
  item: string;
  part: string;
  title: string | null;
  titleElements: number;
  body: string | null;
  buttons: string[];
  imageAlt: string | null;
  label: string | null;
  /** All the text of the surface. */
  text: string;
}

interface Audit {
  pwned: unknown;
  /** Script-capable elements inside Guidepost's shadow roots. */
  dangerous: string[];
  /** Attributes named on* anywhere inside the shadow roots. */
  handlers: string[];
  hrefs: string[];
  imageSources: string[];
  surfaces: SurfaceText[];
  /** Scripts and images in the light DOM (the page has exactly two scripts and no image). */
  lightScripts: number;
  lightImages: number;
}

/** Everything the assertions need, read from the page (including open shadow roots). */
function audit(page: Page): Promise<Audit> {
  return page.evaluate(() => {
    const roots = [...document.querySelectorAll('guidepost-root, guidepost-help')].map((host) => host.shadowRoot!).filter(Boolean);
    const all = roots.flatMap((root) => [...root.querySelectorAll('*')]);
    const text = (el: Element | null) => (el ? el.textContent ?? '' : null);
    const surfaces = roots.flatMap((root) =>
      [...root.querySelectorAll('[data-item][data-part]')].map((el) => ({
        item: el.getAttribute('data-item')!,
        part: el.getAttribute('data-part')!,
        title: text(el.querySelector('[data-part=title]')),
        titleElements: el.querySelector('[data-part=title]')?.childElementCount ?? 0,
        body: text(el.querySelector('[data-part=body]')),
        buttons: [...el.querySelectorAll('[data-part=button]')].map((b) => b.textContent ?? ''),
        imageAlt: el.querySelector('img[data-part=image]')?.getAttribute('alt') ?? null,
        label: el.getAttribute('aria-label'),
        text: el.textContent ?? '',
      })),
    );
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      dangerous: all
        .filter((el) => el.matches('script, iframe, frame, object, embed, svg, math, link, meta, base, form, template, style:not(:empty)') || (el.localName === 'img' && el.getAttribute('data-part') !== 'image'))
        .map((el) => el.outerHTML.slice(0, 120)),
      handlers: all.flatMap((el) => el.getAttributeNames().filter((name) => name.toLowerCase().startsWith('on')).map((name) => `${el.localName}[${name}]`)),
      hrefs: all.filter((el) => el.hasAttribute('href')).map((el) => el.getAttribute('href')!),
      imageSources: all.filter((el) => el.hasAttribute('src')).map((el) => el.getAttribute('src')!),
      surfaces,
      lightScripts: document.querySelectorAll('script').length,
      lightImages: document.querySelectorAll('img').length,
    };
  });
}

const withoutSpace = (s: string | null) => (s ?? '').replace(/\s+/g, '');
/** Payloads without Markdown syntax must appear character for character. */
const isLiteral = (payload: string) => !/[*_`[\]{}\\]/.test(payload);

/** What a browser resolves an href to, from the page's URL. */
const schemeOf = (href: string, base: string) => {
  try {
    return new URL(href, base).protocol;
  } catch {
    return 'unparseable';
  }
};

describe('script-injection corpus in Chromium', () => {
  it('renders every payload as inert text and skips the items with unsafe URLs', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors = watchPageErrors(page);
    const notFound: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) notFound.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    // Requests not answered yet: an injected image or frame would be one until its 404 comes.
    const unanswered = new Set<Request>();
    page.on('request', (request) => void unanswered.add(request));
    page.on('response', (response) => void unanswered.delete(response.request()));
    page.on('requestfailed', (request) => void unanswered.delete(request));
    const consoleMarkers: string[] = [];
    page.on('console', (message) => {
      if (message.text().startsWith('injection-marker')) consoleMarkers.push(message.text());
    });
    await page.goto(new URL('/', server.url).href);
    await page.waitForFunction(() => (window as unknown as { __gpReady?: boolean }).__gpReady === true);
    const last = PAYLOADS.length - 1;
    await page.locator(`[data-part=banner][data-item=banner-${last}]`).waitFor();
    // Rendered, not necessarily visible: dozens of tooltips on one page cannot all keep clear of
    // each other, so the layout arbiter holds some back (data-wait). Their text is rendered all the same.
    await page.locator(`[data-part=tooltip][data-item=tooltip-${last}]`).waitFor({ state: 'attached' });

    // Open every popover help link, so their title and body render too. With the keyboard:
    // dozens of banners and tooltips cover the page, as a pointer would find. A popover closes
    // when focus moves on to the page (the next help link): each is audited while it is open.
    const opened: Audit[] = [];
    for (let i = 0; i < PAYLOADS.length; i++) {
      await page.locator(`button[data-part=help-link][data-item=help-popover-${i}]`).press('Enter');
      const popover = page.locator(`[data-part=popover][data-item=help-popover-${i}]`);
      await popover.waitFor();
      // The popover takes focus in an effect after it renders; wait for that, or it would
      // take the focus (and the next Enter) away from the next help link.
      await expect.poll(() => popover.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
      opened.push(await audit(page));
    }
    // Give an injected handler a chance to fire: hover the middle of the page, move focus once.
    await page.evaluate(() => {
      const w = window as unknown as { inputs: string[] };
      w.inputs = [];
      // Capture phase on window: seen first, whatever the element under it does with the event.
      for (const type of ['mousemove', 'keyup']) window.addEventListener(type, () => w.inputs.push(type), true);
    });
    await page.mouse.move(640, 450);
    await page.keyboard.press('Tab');
    // Then wait for positive signals, not for time: both inputs reached the page (the focus
    // moves between Tab's keydown and its keyup)...
    await expect.poll(() => page.evaluate(() => (window as unknown as { inputs: string[] }).inputs)).toEqual(expect.arrayContaining(['mousemove', 'keyup']));
    // ...a frame has rendered since (hover and focus styles, and anything they load)...
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // ...every request the page made has been answered (an image's onerror runs after its
    // failed load): requests are reported in the order the page makes them, so once a marker
    // fetch made now is answered, every earlier request is known here...
    const markerAnswered = page.waitForResponse((response) => response.url().endsWith('/?injection-marker'));
    await page.evaluate(() => void fetch('/?injection-marker').catch(() => undefined));
    await markerAnswered;
    await expect.poll(() => [...unanswered].map((request) => request.url())).toEqual([]);
    // ...and a console message logged after all that has reached the test: dialogs, errors and
    // messages the page produced before it have too.
    await page.evaluate(() => console.log('injection-marker'));
    await expect.poll(() => consoleMarkers).toEqual(['injection-marker']);

    const atEnd = await audit(page);
    // What each popover held while it was open, with everything on the page at the end.
    const result: Audit = {
      ...atEnd,
      dangerous: [...opened.flatMap((a) => a.dangerous), ...atEnd.dangerous],
      handlers: [...opened.flatMap((a) => a.handlers), ...atEnd.handlers],
      hrefs: [...opened.flatMap((a) => a.hrefs), ...atEnd.hrefs],
      imageSources: [...opened.flatMap((a) => a.imageSources), ...atEnd.imageSources],
      surfaces: [...atEnd.surfaces, ...opened.flatMap((a) => a.surfaces.filter((surface) => surface.part === 'popover'))],
    };

    // Nothing ran.
    expect(dialogs).toEqual([]);
    expect(result.pwned).toBeUndefined();
    expect(notFound).toEqual([]);
    expect(pageErrors).toEqual([]);

    // Nothing script-capable was created.
    expect(result.dangerous).toEqual([]);
    expect(result.handlers).toEqual([]);
    expect(result.lightScripts).toBe(2);
    expect(result.lightImages).toBe(0);
    const badHrefs = result.hrefs.filter((href) => !['http:', 'https:', 'mailto:'].includes(schemeOf(href, server.url)));
    expect(badHrefs).toEqual([]);
    expect(result.imageSources.every((src) => src === '/pixel.svg')).toBe(true);

    // Every surface rendered (the corpus is not vacuous)...
    const find = (item: string, part: string) => {
      const found = result.surfaces.find((s) => s.item === item && s.part === part);
      expect(found, `${part} ${item} was not rendered`).toBeDefined();
      return found!;
    };
    PAYLOADS.forEach((payload, i) => {
      const banner = find(`banner-${i}`, 'banner');
      const tooltip = find(`tooltip-${i}`, 'tooltip');
      const helpUrl = find(`help-url-${i}`, 'help-link');
      const helpButton = find(`help-popover-${i}`, 'help-link');
      const popover = find(`help-popover-${i}`, 'popover');

      // ...and shows the payload as text. Button labels, help-link labels and alt texts are
      // plain text, always exactly the payload.
      expect(banner.buttons).toEqual([payload, payload]);
      expect(tooltip.buttons).toEqual([payload]);
      expect(banner.imageAlt).toBe(payload);
      expect(tooltip.imageAlt).toBe(payload);
      expect(helpUrl.label).toBe(payload);
      expect(helpButton.label).toBe(payload);
      expect(helpUrl.text).toBe('?');
      expect(helpButton.text).toBe('?');

      // Bodies are rich text: they show the text Markdown leaves of the payload, never markup.
      const bodyText = toPlainText(parseRichText(payload, lookup));
      for (const surface of [banner, tooltip, popover]) {
        expect(withoutSpace(surface.body), `body of ${surface.item}`).toBe(withoutSpace(bodyText));
        if (isLiteral(payload)) expect(surface.body).toContain(payload);
        // Titles are text only: no element inside.
        expect(surface.titleElements).toBe(0);
        if (isLiteral(payload)) expect(surface.title).toBe(payload);
      }
    });

    // A template variable inserts its value as text, even when the value is a payload.
    const variable = PAYLOADS.indexOf('{{user.traits.firstName}}');
    expect(find(`banner-${variable}`, 'banner').title).toBe(FIRST_NAME);
    expect(find(`banner-${variable}`, 'banner').body).toBe(FIRST_NAME);

    // Items with unsafe URLs are skipped and reported, not rendered.
    const rendered = new Set(result.surfaces.map((s) => s.item));
    const errors = await page.evaluate(() => (window as unknown as { __gpErrors: { code: string; problem: { code: string; path: string } | null }[] }).__gpErrors);
    for (const { item, path } of UNSAFE_ITEMS) {
      expect(rendered.has(item.id), `${item.id} must not render`).toBe(false);
      expect(errors).toContainEqual(expect.objectContaining({ code: 'manifest', problem: expect.objectContaining({ code: 'unsafe-url', path: `items[${unsafeIndex(item.id)}].${path}`, itemId: item.id }) }));
    }
    // Nothing else was reported as a manifest problem.
    expect(errors.filter((e) => e.code === 'manifest')).toHaveLength(UNSAFE_ITEMS.length);

    await context.close();
  });
});
