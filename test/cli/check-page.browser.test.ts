/**
 * src/cli/check-page.ts, the probe `guidepost check` runs in the app's page, in Chromium on pages
 * built here. Its first match is the element the SDK itself would use (src/dom/targets.ts, bundled
 * into the same page, compared selector by selector) through light DOM and nested open shadow
 * roots, never inside Guidepost's own hosts or closed roots, and it counts every match; a selector
 * the browser refuses is reported as text and the next one still tried; countOnly measures
 * nothing; why a match is hidden (its own or an ancestor's display, visibility, no size, outside
 * the document); its box in document coordinates; covered by what (looking into open shadow
 * roots, past Guidepost's hosts); targets in same-origin iframes, missing and cross-origin frames.
 * HELP_VALUES_SOURCE lists the page's distinct data-help values the same way, at most 1,000.
 * (The whole command over a lab page: check.browser.test.ts.)
 */
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HELP_VALUES_SOURCE, PROBE_SOURCE, type ProbeInput, type ProbeResult } from '../../src/cli/check-page';
import { launchChromium, PROJECT_ROOT, watchPageErrors } from '../support/browser-harness';

declare global {
  interface Window {
    sdkTarget(selector: string): string | null;
  }
}

/**
 * Light DOM, two open shadow roots (the first with one nested inside), a closed one, and
 * Guidepost's own two hosts, each holding a `.c`; ids say where each one is.
 */
const SHADOWS = `
<div id="light" class="c" data-help="light">Light</div>
<div id="host-a"></div><div id="host-b"></div><div id="host-closed"></div>
<guidepost-root id="own-root"></guidepost-root><guidepost-help id="own-help"></guidepost-help>
<script>{
  const fill = (host, html, mode = 'open') => { const root = host.attachShadow({ mode }); root.innerHTML = html; return root; };
  const a = fill(document.getElementById('host-a'), '<span id="a1" class="c" data-help="a1">A1</span><div id="host-a2"></div><em id="a3" class="c late">A3</em>');
  fill(a.getElementById('host-a2'), '<i id="a2" class="c" data-help="a2">A2</i><b id="a2b" class="late">A2b</b>');
  fill(document.getElementById('host-b'), '<b id="b1" class="c late" data-help="light">B1</b>');
  fill(document.getElementById('host-closed'), '<u id="closed" class="c" data-help="closed">C</u>', 'closed');
  fill(document.getElementById('own-root'), '<p id="own1" class="c" data-help="own">O</p>');
  fill(document.getElementById('own-help'), '<p id="own2" class="c" data-help="own">O</p>');
}</script>`;

let browser: Browser;
let sdk: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  const entry = `
    import { deepQuerySelector } from ${JSON.stringify(`${PROJECT_ROOT}/src/dom/targets.ts`)};
    window.sdkTarget = (selector) => deepQuerySelector(document, selector)?.id ?? null;`;
  sdk = (await build({ stdin: { contents: entry, resolveDir: PROJECT_ROOT, loader: 'ts' }, bundle: true, format: 'iife', write: false })).outputFiles[0].text;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  errors = watchPageErrors(page);
});
afterAll(async () => {
  await browser?.close();
});

async function open(body: string) {
  await page.setContent(`<!doctype html><html><head><style>body{margin:0}</style></head><body>${body}</body></html>`);
  await page.addScriptTag({ content: sdk });
}
const probe = (input: ProbeInput) => page.evaluate(`(${PROBE_SOURCE})(${JSON.stringify(input)})`) as Promise<ProbeResult[]>;
const probeOne = async (selectors: string[], extra: Partial<ProbeInput['targets'][number]> = {}) => (await probe({ targets: [{ selectors, ...extra }] }))[0];
/** The id of the probe's first match (its description is tag#id...). */
const idOf = (result: ProbeResult) => result.element?.match(/#([\w-]+)/)?.[1] ?? null;

describe('PROBE_SOURCE: finding the target', () => {
  it.each([
    ['.c', 'light', 5],
    ['span.c, i.c, b.c, em.c', 'a1', 4],
    ['i.c, b.c', 'a2', 2],
    ['.late', 'a3', 3],
    ['b', 'a2b', 2],
    ['#closed, #own1, #own2', null, 0],
  ])('%s: the element the SDK would use (%s), and every match counted (%i)', async (selector, id, count) => {
    await open(SHADOWS);
    const result = await probeOne([selector]);
    expect(result.counts).toEqual([count]);
    expect(idOf(result)).toBe(id);
    expect(await page.evaluate((s) => window.sdkTarget(s), selector)).toBe(id);
    expect(result.inShadowRoot ?? false).toBe(id !== null && id !== 'light');
  });

  it('tries the selectors in order: the first that matches is used, each is counted', async () => {
    await open(SHADOWS);
    const result = await probeOne(['#gone', 'em.c', '.c']);
    expect(result).toMatchObject({ counts: [0, 1, 5], matched: 1, element: 'em#a3.c.late' });
  });

  it('a selector the browser refuses is reported as its error, and the next one still tried', async () => {
    await open(SHADOWS);
    const result = await probeOne(['button[', '#light']);
    expect(typeof result.counts[0]).toBe('string');
    expect(result.counts[0]).toMatch(/not a valid selector/);
    expect(result.counts[0]).not.toContain('\n');
    expect(result).toMatchObject({ matched: 1, element: 'div#light.c[data-help="light"]' });
  });

  it('countOnly: counts, no measures', async () => {
    await open(SHADOWS);
    const [result] = await probe({ targets: [{ selectors: ['.c'] }], countOnly: true });
    expect(result).toEqual({ counts: [5], matched: 0 });
  });

  it('describes a match by tag, id, its first two classes and its data-help', async () => {
    await open('<button id="go" class="btn primary wide" data-help="new-project">Go</button><p class=" x ">P</p>');
    expect((await probeOne(['#go'])).element).toBe('button#go.btn.primary[data-help="new-project"]');
    expect((await probeOne(['p'])).element).toBe('p.x');
  });

  it('one result per target, in order', async () => {
    await open(SHADOWS);
    const results = await probe({ targets: [{ selectors: ['#light'] }, { selectors: ['#none'] }, { selectors: ['i.c'] }] });
    expect(results.map((r) => [r.matched, idOf(r)])).toEqual([[0, 'light'], [-1, null], [0, 'a2']]);
  });
});

describe('PROBE_SOURCE: visible, where, covered', () => {
  it.each([
    ['<button id="t" style="display:none">x</button>', 'display:none'],
    ['<div id="wrap" style="display:none"><button id="t">x</button></div>', 'display:none on its ancestor div#wrap'],
    ['<button id="t" style="visibility:hidden">x</button>', 'visibility:hidden'],
    ['<button id="t" style="width:0;height:0;padding:0;border:0;overflow:hidden"></button>', 'it has no size (0x0 box)'],
    ['<button id="t" style="position:absolute;left:-500px;top:10px;width:50px">x</button>', 'it is outside the document (at -500,10)'],
  ])('%s is hidden: %s', async (html, reason) => {
    await open(html);
    const result = await probeOne(['#t']);
    expect(result).toMatchObject({ matched: 0, visible: false, hiddenReason: reason });
    expect(result.covered).toBeUndefined();
  });

  it('a hidden host hides what is in its shadow root', async () => {
    await open('<div id="host" style="display:none"></div><script>document.getElementById("host").attachShadow({ mode: "open" }).innerHTML = "<button id=t>x</button>";</script>');
    expect(await probeOne(['#t'])).toMatchObject({ visible: false, hiddenReason: 'display:none on its ancestor div#host' });
  });

  it('gives the box in document coordinates, wherever the page is scrolled', async () => {
    await open('<div style="height:3000px"></div><button id="t" style="position:absolute;left:40px;top:2000px;width:120px;height:30px">Far</button>');
    await page.evaluate(() => scrollTo(0, 1500));
    expect(await probeOne(['#t'])).toMatchObject({ visible: true, covered: false, box: { x: 40, y: 2000, width: 120, height: 30 } });
  });

  it('covered by an element in an open shadow root: named as the innermost element', async () => {
    await open('<button id="t" style="position:absolute;left:10px;top:10px;width:100px;height:40px">T</button><div id="cover" style="position:fixed;inset:0"></div><script>document.getElementById("cover").attachShadow({ mode: "open" }).innerHTML = "<div id=inner style=\\"position:fixed;inset:0\\"></div>";</script>');
    expect(await probeOne(['#t'])).toMatchObject({ visible: true, covered: true, coveredBy: 'div#inner' });
  });

  it("not covered by Guidepost's own layer, nor by its own children or shadow content", async () => {
    await open('<button id="t" style="position:absolute;left:10px;top:10px;width:100px;height:40px"><span id="label">T</span></button><guidepost-root style="position:fixed;inset:0;display:block"></guidepost-root>'
      + '<div id="wc" style="position:absolute;left:10px;top:100px;width:100px;height:40px"></div><script>document.getElementById("wc").attachShadow({ mode: "open" }).innerHTML = "<button id=inside style=\\"width:100px;height:40px\\">In</button>";</script>');
    expect(await probeOne(['#t'])).toMatchObject({ visible: true, covered: false });
    expect(await probeOne(['#wc'])).toMatchObject({ visible: true, covered: false });
    expect(await probeOne(['#inside'])).toMatchObject({ visible: true, covered: false, inShadowRoot: true });
  });
});

describe('PROBE_SOURCE: targets in iframes', () => {
  it('looks a target up in a same-origin iframe, without measuring it', async () => {
    await open('<iframe id="embed" srcdoc="<button id=t>In frame</button><button class=x>1</button><button class=x>2</button>"></iframe>');
    await page.waitForFunction(() => (document.getElementById('embed') as HTMLIFrameElement).contentDocument?.getElementById('t') !== null);
    expect(await probeOne(['#t', '.x'], { frame: '#embed' })).toEqual({ counts: [1, 2], matched: 0 });
    expect(await probeOne(['#t'])).toEqual({ counts: [0], matched: -1 });
  });

  it('a frame that is not in the page, or of another origin: nothing matched, and why', async () => {
    await open('<iframe id="other" sandbox srcdoc="<button id=t>x</button>"></iframe>');
    expect(await probeOne(['#t', '.y'], { frame: '#nope' })).toEqual({ counts: [0, 0], matched: -1, hiddenReason: 'its iframe #nope is not in the page' });
    expect(await probeOne(['#t'], { frame: '#other' })).toEqual({ counts: [0], matched: -1, hiddenReason: 'in an iframe of another origin' });
    expect(await probeOne(['#t'], { frame: 'iframe[' })).toMatchObject({ matched: -1, hiddenReason: 'its iframe iframe[ is not in the page' });
  });

  it('a frame that names an element other than an <iframe>: no frame, as the SDK sees it (not "another origin")', async () => {
    await open('<div id="editor"><button id="t">x</button></div>');
    expect(await probeOne(['#t'], { frame: '#editor' })).toEqual({ counts: [0], matched: -1, hiddenReason: 'its frame #editor is not an iframe' });
  });
});

describe('HELP_VALUES_SOURCE', () => {
  const helpValues = () => page.evaluate(`(${HELP_VALUES_SOURCE})()`) as Promise<string[]>;

  it("lists each data-help value once, light DOM first, then open shadow roots, never Guidepost's hosts or closed roots", async () => {
    await open(SHADOWS);
    expect(await helpValues()).toEqual(['light', 'a1', 'a2']);
  });

  it('keeps values that are object keys as plain values', async () => {
    await open('<i data-help="__proto__"></i><i data-help="constructor"></i><i data-help="hasOwnProperty"></i><i data-help=""></i><i data-help="constructor"></i>');
    expect(await helpValues()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', '']);
  });

  it('stops at 1,000 values', async () => {
    await open(Array.from({ length: 1200 }, (_, i) => `<i data-help="v${i}"></i>`).join(''));
    const values = await helpValues();
    expect(values).toHaveLength(1000);
    expect(values.at(-1)).toBe('v999');
  });

  it('the page stayed healthy through every probe', () => {
    expect(errors).toEqual([]);
  });
});
