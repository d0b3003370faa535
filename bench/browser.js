#!/usr/bin/env node
/**
 * Guidepost side by side with Shepherd.js 15.3 and Driver.js 1.8 in real Chromium: the same
 * product page (bench/pages, 20 anchored elements) and the same five-step tour, built with each
 * library's own API. Each run opens a fresh browser context; every figure is the median of the
 * runs (at least 10). Measured from inside the page with performance.now() and from the Chrome
 * DevTools Protocol (Performance.getMetrics, HeapProfiler, Memory, Network):
 *
 *   - library JavaScript loaded: bytes as served (this server does not compress) and gzip -9;
 *   - setup call -> first step visible, and Next -> next step visible (median of 4 transitions);
 *   - scripting (and total task) time per frame while the page scrolls, with 1 popover and with
 *     20 anchored popovers at once, and with none (the baseline in the same page);
 *   - JS heap, DOM nodes and event listeners before and after 200 start/close cycles of the tour,
 *     and again after 200 more (warm-up grows once; a leak grows again by as much);
 *   - Guidepost alone when nothing is eligible: bytes, setup -> start() resolved, scripting,
 *     for the single-file IIFE, the two-file IIFE's core file and the ESM build bundled as an
 *     app would, with the manifest compiled by `guidepost build` (neither the UI nor the
 *     validator may load), and the ESM build with the manifest as written (only the validator
 *     may load);
 *   - issue 14's targets ("Fast where people feel it"), with ratios to Driver.js from the same
 *     runs: setup -> step 1 for the single-file and the two-file IIFE, on a first visit (fresh
 *     context: the IndexedDB database is created) and on a returning visit (a new tab in the
 *     same context: the database is there); Next -> next step; scripting and task time per frame
 *     while scrolling with 20 Guidepost hotspots against 20 Driver.js hint beacons
 *     (driver.js/hints); and Guidepost alone with 20 items waiting for targets the page inserts
 *     later: time per frame while the page keeps changing (one mutation batch per frame),
 *     while the targets arrive, and the time from the last one to all 20 hotspots placed.
 *
 * Needs `npm run build` (dist/) and Chromium (CHROMIUM_PATH, else Debian's /usr/lib/chromium).
 * Runs from `npm run bench` (bench/run.js) or alone: `node bench/browser.js [--runs N] [--json FILE]`
 * (BENCH_TIMING=1 also prints when each part of a run ended). Bounded: about 4–5 minutes on 2 cores.
 * Shepherd.js and Driver.js are devDependencies used only here, served unmodified from node_modules.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGES = join(ROOT, 'bench/pages');
const CLI = join(ROOT, 'dist/cli.js');

const LIBS = ['guidepost', 'shepherd', 'driver'];
const LABEL = { guidepost: 'Guidepost', shepherd: 'Shepherd.js 15.3', driver: 'Driver.js 1.8' };
/** Pages measured on a returning visit too (Shepherd is not part of issue 14's targets). */
const RETURNING = new Set(['guidepost', 'guidepost-core', 'guidepost-core-ui', 'guidepost-core-ui-compiled', 'driver']);
/** Pages with hotspots for the scrolling measurement: Guidepost's hotspot items, Driver's hints add-on. */
const HOTSPOTS = new Set(['guidepost', 'driver']);
/** Issue 14, item 3: the targets, as ratios Guidepost / Driver.js. */
const TARGET = { firstStep: 1.5, nextStep: 1.0, hotspots: 1.0 };
const VIEWPORT = { width: 1280, height: 800 };
/** Start/close cycles of the tour for the leak check. */
const CYCLES = 200;
/** Scroll frames per phase and pixels per frame. */
const FRAMES = 30;
const DY = 8;
/** Frames of page updates per phase of the waiting-targets measurement (one mutation batch each). */
const WAIT_FRAMES = 20;

// The same Chromium and flags as the browser tests (test/support/browser-harness.ts).
const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
export const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export function chromiumPath() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (!found) throw new Error('No Chromium found: install it with "apt-get update && apt-get install -y chromium", or set CHROMIUM_PATH.');
  return found;
}

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// --- the ESM build, bundled the way an app's bundler would ------------------------------

/**
 * Bundles dist/guidepost.js with its dependencies (node-resolve, terser) into `dir`, keeping
 * the dynamic imports as separate chunks. Returns the served files and the chunks that are
 * only reachable through a dynamic import (the UI), which must not load when nothing renders.
 */
async function buildEsm(dir) {
  const [{ rollup }, { default: nodeResolve }, { default: terser }] = await Promise.all([
    import('rollup'), import('@rollup/plugin-node-resolve'), import('@rollup/plugin-terser'),
  ]);
  const bundle = await rollup({
    input: { guidepost: join(ROOT, 'dist/guidepost.js') },
    preserveEntrySignatures: 'strict',
    plugins: [nodeResolve({ browser: true }), terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } })],
    onwarn: () => {},
  });
  const { output } = await bundle.write({ dir, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  const chunks = output.filter((o) => o.type === 'chunk');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const dep of byName.get(name)?.imports ?? []) visit(dep);
  };
  visit('guidepost.js');
  const lazy = chunks.filter((c) => !eager.has(c.fileName)).map((c) => ({ file: c.fileName, imports: c.imports, modules: Object.keys(c.modules).map((m) => m.replace(ROOT, '')) }));
  return { files: chunks.map((c) => c.fileName), eager: [...eager], lazy };
}

// --- the server ----------------------------------------------------------------------

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * `guidepost serve`'s static server (bench/pages at /, the package's dist/ at /dist/), plus one
 * route for a fixed list of files: the peers' dist files from node_modules and the ESM bundle.
 */
export async function serve(esmDir, esmFiles) {
  const { startServer } = await import(pathToFileURL(CLI).href);
  const dataDir = await mkdtemp(join(os.tmpdir(), 'guidepost-bench-browser-'));
  const running = await startServer({ port: 0, host: '127.0.0.1', root: PAGES, dataDir });
  const vendor = new Map([
    ['/vendor/shepherd/shepherd.mjs', join(ROOT, 'node_modules/shepherd.js/dist/js/shepherd.mjs')],
    ['/vendor/shepherd/shepherd.css', join(ROOT, 'node_modules/shepherd.js/dist/css/shepherd.css')],
    ['/vendor/driver/driver.js.iife.js', join(ROOT, 'node_modules/driver.js/dist/driver.js.iife.js')],
    ['/vendor/driver/driver.css', join(ROOT, 'node_modules/driver.js/dist/driver.css')],
    ['/vendor/driver/hints.iife.js', join(ROOT, 'node_modules/driver.js/dist/hints.iife.js')],
    ['/vendor/driver/hints.css', join(ROOT, 'node_modules/driver.js/dist/hints.css')],
    ...esmFiles.map((file) => [`/vendor/esm/${file}`, join(esmDir, file)]),
  ]);
  for (const [path, file] of vendor) if (!existsSync(file)) throw new Error(`${file} is missing (for ${path}): run "npm ci" and "npm run build"`);
  const [handler] = running.server.listeners('request');
  running.server.removeAllListeners('request');
  running.server.on('request', (req, res) => {
    const file = req.method === 'GET' ? vendor.get(new URL(req.url ?? '/', 'http://localhost').pathname) : undefined;
    if (!file) return handler(req, res);
    const type = file.endsWith('.json') ? 'application/json' : undefined;
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': type ?? TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        res.end(body);
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
  return {
    url: running.url,
    close: async () => {
      await running.close();
      await running.collector.close?.();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// --- one page in a fresh context -----------------------------------------------------

const gzipCache = new Map();
async function gzipSize(url) {
  if (!gzipCache.has(url)) gzipCache.set(url, gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length);
  return gzipCache.get(url);
}

/** A fresh context and page with a CDP session recording every response and its transfer size. */
async function open(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  return attach(context, url, []);
}

/** A new page (tab) in `context`, loaded and ready; its problems go to `problems`. */
async function attach(context, url, problems) {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  const cdp = await context.newCDPSession(page);
  const responses = new Map();
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => responses.set(requestId, { url: response.url, type, status: response.status, bytes: 0 }));
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const entry = responses.get(requestId);
    if (entry) entry.bytes = encodedDataLength;
  });
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  await page.goto(url);
  await page.waitForFunction(() => window.bench?.ready === true);
  return { context, page, cdp, problems, responses };
}

/** Library files (/dist/, /vendor/) the page loaded, with the bytes transferred and their gzip size. */
async function libraryFiles(responses) {
  const out = [];
  for (const { url, type, bytes, status } of responses.values()) {
    const path = new URL(url).pathname;
    if (!/^\/(dist|vendor)\//.test(path)) continue;
    out.push({ path, type, status, bytes, gzip: await gzipSize(url) });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

const sum = (files, type, key) => files.filter((f) => f.type === type).reduce((s, f) => s + f[key], 0);

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/**
 * Heap after two forced GCs, live DOM nodes and listeners (renderer-wide), elements in the page
 * (shadow roots included). Waits first until the DOM counters held still for 300 ms (at most
 * 1.5 s): a fade-out or a pending storage write holds nodes and listeners for a while, which is
 * not a leak.
 */
async function memory(page, cdp) {
  const started = performance.now();
  let last = '';
  let still = 0;
  while (still < 3 && performance.now() - started < 1500) {
    await page.waitForTimeout(100);
    const now = JSON.stringify(await cdp.send('Memory.getDOMCounters'));
    still = now === last ? still + 1 : 0;
    last = now;
  }
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { JSHeapUsedSize } = await metrics(cdp);
  const counters = await cdp.send('Memory.getDOMCounters');
  const elements = await page.evaluate(() => window.bench.countElements());
  return { heap: JSHeapUsedSize, nodes: counters.nodes, listeners: counters.jsEventListeners, elements };
}

async function finish(run, { context, page, problems }) {
  const reported = page.isClosed() ? [] : await page.evaluate(() => window.bench.errors()).catch(() => []);
  await context.close();
  const all = [...problems, ...reported];
  if (all.length) throw new Error(`${run}: the page reported problems:\n  ${all.join('\n  ')}`);
}

/** Loads a page and shows the tour once, unrecorded. */
async function warmRun(browser, base, lib) {
  const session = await open(browser, `${base}${lib}.html`);
  await session.page.evaluate(() => window.bench.tourInit());
  await finish(`${lib} warm-up`, session);
}

/**
 * The tour: init -> step 1 (a first visit: fresh context), four transitions, close, then the
 * leak check (unless `leak` is false), then (with `returning`) a returning visit.
 */
async function tourRun(browser, base, lib, { leak = true, returning = false } = {}) {
  const url = `${base}${lib}.html`;
  const session = await open(browser, url);
  const { page, cdp } = session;
  const init = await page.evaluate(() => window.bench.tourInit());
  const transitions = await page.evaluate(() => window.bench.walk());
  await page.evaluate(() => window.bench.closeTour(4));
  const files = await libraryFiles(session.responses);
  if (!leak) {
    const back = returning ? await returningVisit(session, url, lib) : undefined;
    await finish(`${lib} visits`, back?.session ?? session);
    return { initMs: init.initMs, startMs: init.startMs, loaded: init.loaded, transitionMs: median(transitions), transitions, returning: back?.result, jsGzip: sum(files, 'Script', 'gzip'), files };
  }
  await page.evaluate(() => window.bench.cycles(10)); // warm-up: one-time set-up and JIT are not a leak
  const before = await memory(page, cdp);
  const cycleMs = await page.evaluate((n) => window.bench.cycles(n), CYCLES);
  const after = await memory(page, cdp);
  // A second batch: warm-up growth (caches, JIT) happens once; a leak grows again by as much.
  await page.evaluate((n) => window.bench.cycles(n), CYCLES);
  const again = await memory(page, cdp);
  // memory() has just waited for the page to hold still (pending writes included).
  const visit = returning ? await returningVisit(session, url, lib, { settled: true }) : undefined;
  await finish(`${lib} tour`, visit?.session ?? session);
  return {
    returning: visit?.result,
    initMs: init.initMs,
    startMs: init.startMs,
    transitionMs: median(transitions),
    transitions,
    cycleMs,
    heapGrowth: after.heap - before.heap,
    heapGrowthAgain: again.heap - after.heap,
    nodeGrowthAgain: again.nodes - after.nodes,
    nodeGrowth: after.nodes - before.nodes,
    listenerGrowth: after.listeners - before.listeners,
    elementGrowth: after.elements - before.elements,
    before,
    after,
    jsBytes: sum(files, 'Script', 'bytes'),
    jsGzip: sum(files, 'Script', 'gzip'),
    cssGzip: sum(files, 'Stylesheet', 'gzip'),
    files,
  };
}

/**
 * A returning visit: the first visit's tab closes and a new tab in the same context (its
 * IndexedDB, cookies and HTTP cache) loads the page again; then setup call -> step 1, timed as
 * on the first visit.
 *
 * Why step 1 shows again: the first visit ended its tour with × (dismissed; with the leak check,
 * 400 more start/close cycles, each ended with ×), so nothing is left under way for start() to
 * resume by itself (Guidepost resumes a tour left mid-way), and the returning visit starts
 * another tour of the same manifest with the same steps, which the first visit never touched
 * (RETURN_TOUR_ID in pages/guidepost-adapter.js). No progress is reset: the returning visit reads
 * everything the first one stored. Checked: the "guidepost" database exists when the first tab
 * closes (after 300 ms for the last progress write to land), and once step 1 is visible the
 * only tour on screen is the second one (a lost dismissal would have resumed the first). After
 * the leak check the page has already held still for 300 ms (`memory`), so no extra wait.
 * Driver.js stores nothing; its returning visit is the same reload, for a like-for-like ratio.
 */
async function returningVisit(first, url, lib, { settled = false } = {}) {
  const { context, page, problems } = first;
  if (!settled) await page.waitForTimeout(300);
  problems.push(...(await page.evaluate(() => window.bench.errors()).catch(() => [])));
  const databases = await page.evaluate(() => window.bench.databases());
  if (lib.startsWith('guidepost') && !databases.includes('guidepost')) throw new Error(`${lib}: no "guidepost" IndexedDB database after the first visit (found: ${databases.join(', ') || 'none'})`);
  await page.close();
  const next = await attach(context, url, problems);
  const init = await next.page.evaluate(() => window.bench.tourInit({ returning: true }));
  const tours = await next.page.evaluate(() => window.bench.tourItemsShown());
  if (tours && (tours.length !== 1 || tours[0] !== 'bench-tour-return')) throw new Error(`${lib} returning visit: tours on screen: ${tours.join(', ')} (expected only bench-tour-return)`);
  return { session: next, result: { initMs: init.initMs, startMs: init.startMs, loaded: init.loaded } };
}

/**
 * Scrolling: no popover (baseline), 1 popover, then 20 at once (or as many as the library
 * shows); then, where the library has them, 20 hotspots (no popover open): Guidepost's hotspot
 * items, Driver.js's hints add-on (its own feature for many anchors; loaded only for this phase).
 */
async function scrollRun(browser, base, lib) {
  const session = await open(browser, `${base}${lib}.html`);
  const { page, cdp } = session;
  const phase = async (dy = DY) => {
    await page.evaluate(() => window.bench.resetScroll());
    const m0 = await metrics(cdp);
    await page.evaluate(([frames, d]) => window.bench.scrollFrames(frames, d), [FRAMES, dy]);
    const m1 = await metrics(cdp);
    return { script: ((m1.ScriptDuration - m0.ScriptDuration) * 1000) / FRAMES, task: ((m1.TaskDuration - m0.TaskDuration) * 1000) / FRAMES };
  };
  const none = await phase();
  const oneShown = await page.evaluate(() => window.bench.showPopovers(1));
  const one = await phase();
  await page.evaluate(() => window.bench.resetScroll());
  await page.evaluate(() => window.bench.hidePopovers());
  const manyShown = await page.evaluate(() => window.bench.showPopovers(20));
  const many = await phase();
  let spots;
  let spotsShown;
  if (HOTSPOTS.has(lib)) {
    await page.evaluate(() => window.bench.resetScroll());
    await page.evaluate(() => window.bench.hidePopovers());
    spotsShown = await page.evaluate(() => window.bench.showHotspots(20));
    spots = await phase();
    // The same frames without scrolling: what the beacons cost at rest (their pulse), apart from following the scroll.
    spots.rest = await phase(0);
  }
  await finish(`${lib} scroll`, session);
  return { none, one, oneShown, many, manyShown, spots, spotsShown };
}

/**
 * 20 targets waiting at once (Guidepost, single-file IIFE): 20 hotspot items whose targets are
 * not in the page yet, while the page keeps changing (one batch of updates per animation frame,
 * so one MutationObserver callback per frame). Per frame: the page changing with nothing
 * waiting (its own cost), with the 20 waiting, while the targets arrive one per frame (each
 * hotspot renders as its target appears), and with the 20 hotspots shown. Then the same items
 * again, the page changing for 10 frames and all 20 targets inserted in one frame: ms
 * from that frame until all 20 hotspots are placed.
 */
async function waitRun(browser, base) {
  const session = await open(browser, `${base}guidepost.html`);
  const { page, cdp } = session;
  const measure = async (run) => {
    const m0 = await metrics(cdp);
    const out = await run();
    const m1 = await metrics(cdp);
    const frames = out?.frames ?? WAIT_FRAMES;
    return { script: ((m1.ScriptDuration - m0.ScriptDuration) * 1000) / frames, task: ((m1.TaskDuration - m0.TaskDuration) * 1000) / frames, ...out };
  };
  const mutate = () => page.evaluate((frames) => window.bench.mutateFrames(frames), WAIT_FRAMES);
  await page.evaluate(() => window.bench.prepareMutations());
  await page.evaluate(() => window.bench.mutateFrames(10)); // unrecorded: the first batches compile the workload's code
  const alone = await measure(mutate);
  const early = await page.evaluate(() => window.bench.waitTargets());
  if (early !== 0) throw new Error(`waiting targets: ${early} item(s) shown before their targets exist`);
  const waiting = await measure(mutate);
  const arriving = await measure(() => page.evaluate(() => window.bench.insertTargets(1)));
  const shown = await measure(mutate);
  await page.evaluate(() => window.bench.stopWaiting());
  await page.evaluate(() => window.bench.waitTargets());
  await page.evaluate(() => window.bench.mutateFrames(10));
  const burst = await page.evaluate(() => window.bench.insertTargets(20));
  await finish('guidepost waiting targets', session);
  return { alone, waiting, arriving, shown, burstMs: burst.lastToShownMs };
}

/** The page of each "nothing eligible" variant: the page alone, then Guidepost builds and manifests. */
const IDLE_PAGES = {
  plain: 'plain.html',
  iife: 'guidepost.html?idle=compiled',
  core: 'guidepost-core.html?idle=compiled',
  esm: 'guidepost-esm.html?idle=compiled',
  esmSource: 'guidepost-esm.html?idle=source',
};

/**
 * Writes the idle manifest as written (idle-manifest.source.json) and as `guidepost build`
 * compiles it (idle-manifest.compiled.json) into `dir`, served at /vendor/esm/.
 */
async function writeIdleManifests(dir) {
  const { idleManifest } = await import(pathToFileURL(join(PAGES, 'idle-manifest.js')).href);
  return writeManifest(dir, 'idle-manifest', idleManifest);
}

/**
 * Writes the tour's manifest as `guidepost build` compiles it (tour-manifest.compiled.json) into
 * `dir`, for the production-like two-file page (pages/guidepost-core-ui-compiled.html).
 */
async function writeTourManifests(dir) {
  const { tourManifest } = await import(pathToFileURL(join(PAGES, 'tour-manifest.js')).href);
  return writeManifest(dir, 'tour-manifest', tourManifest);
}

/** `<name>.source.json` as written and `<name>.compiled.json` as `guidepost build` compiles it, in `dir`; their names. */
async function writeManifest(dir, name, manifest) {
  const source = join(dir, `${name}.source.json`);
  await writeFile(source, JSON.stringify(manifest));
  execFileSync(process.execPath, [join(ROOT, 'bin/guidepost.js'), 'build', source, '--out', join(dir, `${name}.compiled.json`)], { stdio: 'pipe' });
  return [`${name}.source.json`, `${name}.compiled.json`];
}

/** Guidepost when nothing is eligible (or the page alone): bytes, setup -> start() resolved, scripting. */
async function idleRun(browser, base, variant) {
  const page = IDLE_PAGES[variant];
  const session = await open(browser, `${base}${page}`);
  await session.page.waitForFunction(() => window.bench.idleResult !== undefined);
  await session.page.waitForTimeout(200); // anything loaded lazily after start() would show up now
  const m = await metrics(session.cdp);
  const result = await session.page.evaluate(() => window.bench.idleResult);
  const files = await libraryFiles(session.responses);
  await finish(`${variant} idle`, session);
  if (result.shown) throw new Error(`${variant} idle: ${result.shown} item(s) shown; the idle manifest must show nothing`);
  return {
    setupMs: result.setupToStartMs,
    navigationMs: result.navigationToStartMs,
    scriptMs: m.ScriptDuration * 1000,
    taskMs: m.TaskDuration * 1000,
    jsBytes: sum(files, 'Script', 'bytes'),
    jsGzip: sum(files, 'Script', 'gzip'),
    files: files.map((f) => f.path),
  };
}

// --- the suite -----------------------------------------------------------------------

/**
 * Runs everything `runs` times (libraries interleaved within each run, so a busy moment of
 * the machine hits all of them) and returns the raw runs and the medians.
 */
export async function runBrowserBench({ runs = 10, log = () => {} } = {}) {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist/guidepost.iife.js'))) throw new Error('dist/ is missing: run "npm run build" first');
  const { chromium } = await import('playwright-core');
  const started = performance.now();
  const esmDir = await mkdtemp(join(os.tmpdir(), 'guidepost-bench-esm-'));
  const esm = await buildEsm(esmDir);
  log(`  ESM bundle built (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const manifests = [...(await writeIdleManifests(esmDir)), ...(await writeTourManifests(esmDir))];
  const server = await serve(esmDir, [...esm.files, ...manifests]);
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
  const raw = { tour: {}, scroll: {}, core: [], coreProduction: [], wait: [], idle: Object.fromEntries(Object.keys(IDLE_PAGES).map((variant) => [variant, []])) };
  // The machine is shared: its load says how much the wall times below waited for a core.
  const load = { start: os.loadavg()[0], cores: os.cpus().length };
  for (const lib of LIBS) {
    raw.tour[lib] = [];
    raw.scroll[lib] = [];
  }
  try {
    // One unrecorded pass warms up the server, the disk cache and Chromium's code caches.
    for (const lib of [...LIBS, 'guidepost-core']) await warmRun(browser, server.url, lib);
    for (let run = 0; run < runs; run++) {
      const lap = (what) => process.env.BENCH_TIMING && log(`    ${what} ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const lib of LIBS) {
        raw.tour[lib].push(await tourRun(browser, server.url, lib, { returning: RETURNING.has(lib) }));
        lap(`${lib} tour`);
        raw.scroll[lib].push(await scrollRun(browser, server.url, lib));
        lap(`${lib} scroll`);
      }
      // The two-file IIFE: first and returning visit and Next -> next only (the leak check is the single file's).
      raw.core.push(await tourRun(browser, server.url, 'guidepost-core', { leak: false, returning: true }));
      lap('guidepost-core visits');
      // ...and as the README sets it up for production: both tags, the manifest compiled.
      raw.coreProduction.push(await tourRun(browser, server.url, 'guidepost-core-ui-compiled', { leak: false, returning: true }));
      lap('guidepost-core-ui-compiled visits');
      raw.wait.push(await waitRun(browser, server.url));
      lap('waiting targets');
      for (const variant of Object.keys(IDLE_PAGES)) raw.idle[variant].push(await idleRun(browser, server.url, variant));
      lap('idle');
      log(`  run ${run + 1}/${runs} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
    const version = browser.version();
    load.end = os.loadavg()[0];
    return { runs, cycles: CYCLES, frames: FRAMES, dy: DY, waitFrames: WAIT_FRAMES, chromium: version, esm, raw, load, summary: summarize(raw), seconds: (performance.now() - started) / 1000 };
  } finally {
    await browser.close();
    await server.close();
    await rm(esmDir, { recursive: true, force: true });
  }
}

/**
 * One phase alone, for working on it without the whole suite: `warm` once per library
 * (unrecorded), then `measure` `runs` times per library, interleaved. Returns the raw runs by library.
 */
async function runPhase({ runs, log, libs, warm, measure }) {
  if (!existsSync(join(ROOT, 'dist/guidepost.iife.js'))) throw new Error('dist/ is missing: run "npm run build" first');
  const { chromium } = await import('playwright-core');
  const esmDir = await mkdtemp(join(os.tmpdir(), 'guidepost-bench-esm-'));
  const esm = await buildEsm(esmDir);
  const server = await serve(esmDir, [...esm.files, ...(await writeTourManifests(esmDir))]);
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ARGS });
  const raw = Object.fromEntries(libs.map((lib) => [lib, []]));
  try {
    for (const lib of libs) await warm(browser, server.url, lib);
    for (let run = 0; run < runs; run++) {
      for (const lib of libs) raw[lib].push(await measure(browser, server.url, lib));
      log(`  run ${run + 1}/${runs} done`);
    }
  } finally {
    await browser.close();
    await server.close();
    await rm(esmDir, { recursive: true, force: true });
  }
  return raw;
}

/**
 * Scrolling only (`--only scroll`): Guidepost's and Driver.js's scroll phases, `runs` times,
 * for working on positioning without the whole suite. Prints medians per frame and the ratio.
 */
export async function runScrollBench({ runs = 10, log = () => {} } = {}) {
  const libs = [...HOTSPOTS];
  const raw = await runPhase({ runs, log, libs, warm: scrollRun, measure: scrollRun });
  const ms = (list, f) => median(list.map(f)).toFixed(2);
  for (const lib of libs) {
    const r = raw[lib];
    console.log(`${lib.padEnd(10)} 20 hotspots scrolling: script ${ms(r, (x) => x.spots.script)} ms/frame, task ${ms(r, (x) => x.spots.task)} ms/frame; at rest: script ${ms(r, (x) => x.spots.rest.script)}, task ${ms(r, (x) => x.spots.rest.task)}; 20 popovers scrolling: script ${ms(r, (x) => x.many.script)}`);
  }
  const ratio = median(raw.guidepost.map((x) => x.spots.script)) / median(raw.driver.map((x) => x.spots.script));
  console.log(`Guidepost / Driver.js, script per frame with 20 hotspots scrolling: ${ratio.toFixed(2)}x (target <= ${TARGET.hotspots}x)`);
  return raw;
}

/**
 * The tour only (`--only tour`): setup -> step 1 (first and returning visit) and Next -> next for
 * the single-file and two-file IIFE and Driver.js, `runs` times, without the leak check, for
 * working on the tour's speed without the whole suite. Prints medians and ratios to Driver.js.
 * The two-file IIFE three times: as the core file alone (it adds the UI file when the tour
 * starts), with the UI file's own tag on the page too (pages/guidepost-core-ui.html), as a page
 * that shows a tour as it loads would embed it, and that page with the manifest compiled by
 * `guidepost build` (pages/guidepost-core-ui-compiled.html: no validator to wait for), the
 * set-up the README recommends for production.
 */
export async function runTourBench({ runs = 10, log = () => {} } = {}) {
  const libs = ['guidepost', 'guidepost-core', 'guidepost-core-ui', 'guidepost-core-ui-compiled', 'driver'];
  const measure = (browser, base, lib) => tourRun(browser, base, lib, { leak: false, returning: true });
  const raw = await runPhase({ runs, log, libs, warm: warmRun, measure });
  const at = (lib, f) => median(raw[lib].map(f));
  const figures = { first: (r) => r.initMs, returning: (r) => r.returning.initMs, next: (r) => r.transitionMs };
  // Of which Guidepost's start() (setup call -> start() resolved), on each visit.
  const startFigures = { 'first start()': (r) => r.startMs, 'returning start()': (r) => r.returning.startMs };
  for (const lib of libs) {
    const shown = lib === 'driver' ? figures : { ...figures, ...startFigures };
    console.log(`${lib.padEnd(17)} ${Object.entries(shown).map(([name, f]) => `${name} ${at(lib, f).toFixed(1)} ms`).join(', ')}`);
  }
  for (const lib of libs.filter((name) => name !== 'driver')) {
    console.log(`${lib.padEnd(17)} / Driver.js: ${Object.entries(figures).map(([name, f]) => `${name} ${(at(lib, f) / at('driver', f)).toFixed(2)}x`).join(', ')} (targets: first step ${TARGET.firstStep}x, next ${TARGET.nextStep}x)`);
  }
  return raw;
}

function summarize(raw) {
  const pick = (list, f) => median(list.map(f));
  const tour = {};
  for (const lib of LIBS) {
    const t = raw.tour[lib];
    const s = raw.scroll[lib];
    tour[lib] = {
      jsBytes: pick(t, (r) => r.jsBytes),
      jsGzip: pick(t, (r) => r.jsGzip),
      cssGzip: pick(t, (r) => r.cssGzip),
      initMs: pick(t, (r) => r.initMs),
      startMs: pick(t, (r) => r.startMs),
      transitionMs: pick(t, (r) => r.transitionMs),
      cycleMs: pick(t, (r) => r.cycleMs),
      heapGrowth: pick(t, (r) => r.heapGrowth),
      heapGrowthAgain: pick(t, (r) => r.heapGrowthAgain),
      nodeGrowthAgain: pick(t, (r) => r.nodeGrowthAgain),
      nodeGrowth: pick(t, (r) => r.nodeGrowth),
      listenerGrowth: pick(t, (r) => r.listenerGrowth),
      elementGrowth: pick(t, (r) => r.elementGrowth),
      heapBefore: pick(t, (r) => r.before.heap),
      nodesBefore: pick(t, (r) => r.before.nodes),
      elementsBefore: pick(t, (r) => r.before.elements),
      scrollNoneScript: pick(s, (r) => r.none.script),
      scrollNoneTask: pick(s, (r) => r.none.task),
      scrollOneScript: pick(s, (r) => r.one.script),
      scrollOneTask: pick(s, (r) => r.one.task),
      oneShown: pick(s, (r) => r.oneShown),
      scrollManyScript: pick(s, (r) => r.many.script),
      scrollManyTask: pick(s, (r) => r.many.task),
      manyShown: pick(s, (r) => r.manyShown),
      scrollSpotsScript: pick(s, (r) => r.spots?.script),
      scrollSpotsTask: pick(s, (r) => r.spots?.task),
      restSpotsScript: pick(s, (r) => r.spots?.rest.script),
      restSpotsTask: pick(s, (r) => r.spots?.rest.task),
      spotsShown: pick(s, (r) => r.spotsShown),
      returningMs: pick(t, (r) => r.returning?.initMs),
      returningStartMs: pick(t, (r) => r.returning?.startMs),
      files: t[0].files.map((f) => f.path),
    };
  }
  const idle = {};
  for (const [variant, list] of Object.entries(raw.idle)) {
    idle[variant] = {
      jsBytes: pick(list, (r) => r.jsBytes),
      jsGzip: pick(list, (r) => r.jsGzip),
      setupMs: pick(list, (r) => r.setupMs),
      navigationMs: pick(list, (r) => r.navigationMs),
      scriptMs: pick(list, (r) => r.scriptMs),
      taskMs: pick(list, (r) => r.taskMs),
      files: [...new Set(list.flatMap((r) => r.files))],
    };
  }
  const c = raw.core;
  const core = {
    initMs: pick(c, (r) => r.initMs),
    startMs: pick(c, (r) => r.startMs),
    transitionMs: pick(c, (r) => r.transitionMs),
    returningMs: pick(c, (r) => r.returning?.initMs),
    returningStartMs: pick(c, (r) => r.returning?.startMs),
    jsGzip: pick(c, (r) => r.jsGzip),
    files: [...new Set(c.flatMap((r) => r.files.map((f) => f.path)))],
    // When the core file asked for the UI file, in ms after the setup call (first visit).
    uiRequestedMs: pick(c, (r) => r.loaded?.find((f) => f.path.endsWith('guidepost.ui.iife.js'))?.requestedMs),
    uiReceivedMs: pick(c, (r) => r.loaded?.find((f) => f.path.endsWith('guidepost.ui.iife.js'))?.receivedMs),
    // The same for the validator's file (the tour's manifest is an object as written).
    validatorRequestedMs: pick(c, (r) => r.loaded?.find((f) => f.path.endsWith('guidepost.validator.iife.js'))?.requestedMs),
    validatorReceivedMs: pick(c, (r) => r.loaded?.find((f) => f.path.endsWith('guidepost.validator.iife.js'))?.receivedMs),
  };
  const w = raw.wait;
  const phase = (key) => ({ script: pick(w, (r) => r[key].script), task: pick(w, (r) => r[key].task) });
  // The waits' own cost per batch: paired within each run (same page, same moment), then the median.
  const delta = (key) => ({ script: pick(w, (r) => r[key].script - r.alone.script), task: pick(w, (r) => r[key].task - r.alone.task) });
  const wait = {
    alone: phase('alone'),
    waiting: phase('waiting'),
    arriving: phase('arriving'),
    shown: phase('shown'),
    waitingCost: delta('waiting'),
    shownCost: delta('shown'),
    lastToShownMs: pick(w, (r) => r.arriving.lastToShownMs),
    burstMs: pick(w, (r) => r.burstMs),
  };
  const p = raw.coreProduction ?? [];
  const coreProduction = {
    initMs: pick(p, (r) => r.initMs),
    returningMs: pick(p, (r) => r.returning?.initMs),
    transitionMs: pick(p, (r) => r.transitionMs),
  };
  return { tour, idle, core, coreProduction, wait };
}

// --- printing ------------------------------------------------------------------------

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const msf = (ms) => (ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '—');

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));
}

export function printResults(result) {
  const { tour, idle } = result.summary;
  const g = tour.guidepost;
  const s = tour.shepherd;
  const d = tour.driver;
  const row = (name, key, format, extra = {}) => [name, format(g[key], 'guidepost'), format(s[key], 'shepherd'), format(d[key], 'driver'), extra.noRatio ? '' : ratio(g[key], s[key]), extra.noRatio ? '' : ratio(g[key], d[key])];
  const heapKb = (v) => `${(v / 1024).toFixed(0)} KiB`;
  const count = (v) => String(Math.round(v));
  const shownNote = (lib, v) => `${msf(v)} (${tour[lib].manyShown} shown)`;
  console.log(`browser: the same page and five-step tour in ${result.chromium} (headless), medians of ${result.runs} runs, fresh context each run`);
  const { load } = result;
  console.log(`machine load (1-minute average): ${load.start.toFixed(1)} when the suite started, ${load.end.toFixed(1)} when it ended, on ${load.cores} cores${Math.max(load.start, load.end) > load.cores ? ' (busy: wall times include waiting for a core)' : ''}`);
  printTable(['metric', LABEL.guidepost, LABEL.shepherd, LABEL.driver, 'GP/Shepherd', 'GP/Driver'], [
    row('library JS as served (no compression)', 'jsBytes', kb),
    row('library JS, gzip -9', 'jsGzip', kb),
    row('library CSS file, gzip -9', 'cssGzip', (v, lib) => (lib === 'guidepost' ? 'in the JS' : kb(v)), { noRatio: true }),
    row('setup call -> step 1 visible, ms', 'initMs', msf),
    row('Next -> next step visible, ms (median of 4)', 'transitionMs', msf),
    row('start + close cycle, ms', 'cycleMs', msf),
    row('scroll, no popover: script ms/frame', 'scrollNoneScript', msf, { noRatio: true }),
    row('scroll, no popover: task ms/frame', 'scrollNoneTask', msf, { noRatio: true }),
    row('scroll, 1 popover: script ms/frame', 'scrollOneScript', msf),
    row('scroll, 1 popover: task ms/frame', 'scrollOneTask', msf),
    ['scroll, 20 popovers: script ms/frame', shownNote('guidepost', g.scrollManyScript), shownNote('shepherd', s.scrollManyScript), shownNote('driver', d.scrollManyScript), ratio(g.scrollManyScript, s.scrollManyScript), ratio(g.scrollManyScript, d.scrollManyScript)],
    row('scroll, 20 popovers: task ms/frame', 'scrollManyTask', msf),
    row(`JS heap growth after ${result.cycles} cycles`, 'heapGrowth', heapKb, { noRatio: true }),
    row(`DOM nodes growth after ${result.cycles} cycles`, 'nodeGrowth', count, { noRatio: true }),
    row(`event listeners growth after ${result.cycles} cycles`, 'listenerGrowth', count, { noRatio: true }),
    row(`page elements growth after ${result.cycles} cycles`, 'elementGrowth', count, { noRatio: true }),
    row(`JS heap growth, the next ${result.cycles} cycles`, 'heapGrowthAgain', heapKb, { noRatio: true }),
    row(`DOM nodes growth, the next ${result.cycles} cycles`, 'nodeGrowthAgain', count, { noRatio: true }),
  ]);
  for (const lib of LIBS) console.log(`${LABEL[lib]} files: ${tour[lib].files.join(', ')}`);
  console.log(`Guidepost's setup -> step 1 includes start() (manifest check, IndexedDB progress): ${msf(g.startMs)} ms of it.`);
  console.log(`Scrolling: ${result.frames} frames, window.scrollBy(0, ${result.dy}) in each requestAnimationFrame; CDP ScriptDuration / TaskDuration per frame.`);

  const p = idle.plain;
  const variants = [['iife', 'IIFE, one file'], ['core', 'IIFE, core file'], ['esm', 'ESM (bundled)'], ['esmSource', 'ESM, manifest as written']];
  const cells = (f) => variants.map(([key]) => f(idle[key]));
  console.log(`\nGuidepost when nothing is eligible (manifest of 20 items, all for another page, fetched by start()); page alone for comparison`);
  console.log('Manifest compiled by "guidepost build" except in the last column, where the browser validates it.');
  printTable(['metric', 'page alone', ...variants.map(([, label]) => label)], [
    ['library JS as served', '—', ...cells((v) => kb(v.jsBytes))],
    ['library JS, gzip -9', '—', ...cells((v) => kb(v.jsGzip))],
    ['setup call -> start() resolved, ms', '—', ...cells((v) => msf(v.setupMs))],
    ['navigation -> start() resolved, ms', msf(p.navigationMs), ...cells((v) => msf(v.navigationMs))],
    ['page scripting (CDP ScriptDuration), ms', msf(p.scriptMs), ...cells((v) => msf(v.scriptMs))],
    ['  of which the library', '—', ...cells((v) => msf(v.scriptMs - p.scriptMs))],
    ['page tasks (CDP TaskDuration), ms', msf(p.taskMs), ...cells((v) => msf(v.taskMs))],
  ]);
  for (const [key, label] of variants) console.log(`${label} files: ${idle[key].files.join(' ')}`);
  const failures = [];
  const isValidator = (chunk) => chunk.modules.some((m) => m.includes('chunks/validate.js'));
  // The validator's chunk and what it imports (code it shares with the UI sits in a shared chunk).
  const validatorFiles = new Set();
  const addWithImports = (file) => {
    if (validatorFiles.has(file)) return;
    validatorFiles.add(file);
    for (const dep of result.esm.lazy.find((c) => c.file === file)?.imports ?? []) addWithImports(dep);
  };
  result.esm.lazy.filter(isValidator).forEach((c) => addWithImports(c.file));
  // What earlier page views kept of validated manifests (src/manifest/checked-cache.ts): read
  // before validating a manifest as written, to skip the work when the same one was checked before.
  result.esm.lazy.filter((chunk) => chunk.modules.some((m) => m.includes('manifest/checked-cache'))).forEach((c) => addWithImports(c.file));
  const loadedLazy = (key) => result.esm.lazy.filter((c) => idle[key].files.includes(`/vendor/esm/${c.file}`));
  if (loadedLazy('esm').length) failures.push(`ESM, compiled manifest: lazy chunks loaded: ${loadedLazy('esm').map((c) => c.file).join(', ')}`);
  const sourceExtra = loadedLazy('esmSource').filter((c) => !validatorFiles.has(c.file));
  if (sourceExtra.length) failures.push(`ESM, manifest as written: chunks other than the validator loaded: ${sourceExtra.map((c) => c.file).join(', ')}`);
  if (!loadedLazy('esmSource').some(isValidator)) failures.push('ESM, manifest as written: the validator chunk did not load');
  for (const key of ['iife', 'core']) if (idle[key].files.some((f) => f.includes('guidepost.ui.iife.js'))) failures.push(`${key}: the UI file loaded`);
  if (idle.core.files.some((f) => f.includes('guidepost.validator.iife.js'))) failures.push("core: the validator's file loaded for a compiled manifest");
  console.log(failures.length ? `LAZY LOADING BROKEN: ${failures.join('; ')}` : 'Lazy loading: with a compiled manifest no lazy code loads; with a manifest as written only the validator, the results kept of manifests validated before and the chunk they share with the UI do, as intended.');
  printTargets(result);
  console.log(`browser suite: ${result.seconds.toFixed(0)} s`);
  return failures.length;
}

const verdict = (a, b, target) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b <= target ? 'met' : 'not met') : '—');

/** Issue 14, item 3 ("Fast where people feel it"): each target as a ratio to Driver.js in the same runs. */
function printTargets(result) {
  const { tour, core, coreProduction, wait } = result.summary;
  const g = tour.guidepost;
  const d = tour.driver;
  const row = (name, gp, dr, target, formats = [msf, msf]) => [name, formats[0](gp), formats[1](dr), ratio(gp, dr), `<= ${target.toFixed(1)}x`, verdict(gp, dr, target)];
  const shown = [(v) => `${msf(v)} (${g.spotsShown} shown)`, (v) => `${msf(v)} (${d.spotsShown} shown)`];
  console.log(`\nIssue 14, item 3 ("Fast where people feel it"): Guidepost against Driver.js 1.8 in the same ${result.runs} runs (medians)`);
  printTable(['metric', 'Guidepost', LABEL.driver, 'GP/Driver', 'target', 'verdict'], [
    row('setup call -> step 1 visible, one file, first visit, ms', g.initMs, d.initMs, TARGET.firstStep),
    row('setup call -> step 1 visible, one file, returning visit, ms', g.returningMs, d.returningMs, TARGET.firstStep),
    row('setup call -> step 1 visible, two files, first visit, ms', core.initMs, d.initMs, TARGET.firstStep),
    row('setup call -> step 1 visible, two files, returning visit, ms', core.returningMs, d.returningMs, TARGET.firstStep),
    row('  two files set up for production (both tags, manifest compiled), first visit', coreProduction.initMs, d.initMs, TARGET.firstStep),
    row('  two files set up for production, returning visit', coreProduction.returningMs, d.returningMs, TARGET.firstStep),
    row('Next -> next step visible, one file, ms (median of 4)', g.transitionMs, d.transitionMs, TARGET.nextStep),
    row('Next -> next step visible, two files, ms (median of 4)', core.transitionMs, d.transitionMs, TARGET.nextStep),
    row('scroll, 20 hotspots: script ms/frame (CDP ScriptDuration)', g.scrollSpotsScript, d.scrollSpotsScript, TARGET.hotspots, shown),
    row('scroll, 20 hotspots: task ms/frame (CDP TaskDuration)', g.scrollSpotsTask, d.scrollSpotsTask, TARGET.hotspots),
    ['  the same frames, no scrolling: script ms/frame', msf(g.restSpotsScript), msf(d.restSpotsScript), ratio(g.restSpotsScript, d.restSpotsScript), '', ''],
    ['  the same frames, no scrolling: task ms/frame', msf(g.restSpotsTask), msf(d.restSpotsTask), ratio(g.restSpotsTask, d.restSpotsTask), '', ''],
  ]);
  console.log('First visit: a fresh browser context, so start() creates the IndexedDB database. Returning visit: a new tab in the same context');
  console.log('  after the first visit dismissed its tour; it starts a second tour of the same manifest with the same steps, which the first');
  console.log('  visit never touched, so step 1 shows again and nothing is reset (Driver.js, which stores nothing: the same two loads).');
  console.log(`  Of Guidepost's time, start() took: one file ${msf(g.startMs)} ms first / ${msf(g.returningStartMs)} ms returning; two files ${msf(core.startMs)} / ${msf(core.returningStartMs)} ms.`);
  const when = !Number.isFinite(core.uiRequestedMs) ? 'the UI file was not requested after the setup call'
    : `the core file requested the UI file ${msf(core.uiRequestedMs)} ms after the setup call (received at ${msf(core.uiReceivedMs)} ms), ${core.uiRequestedMs < core.startMs ? 'during start()' : 'after start() resolved'}`;
  const validatorWhen = Number.isFinite(core.validatorRequestedMs) ? `; the validator's file at ${msf(core.validatorRequestedMs)} ms (received at ${msf(core.validatorReceivedMs)} ms)` : '';
  console.log(`Two files: ${core.files.join(', ')} (${kb(core.jsGzip)} gzip -9); on a first visit ${when}${validatorWhen}.`);
  console.log('  Set up for production: the UI file\'s own tag beside the core file\'s and the manifest compiled by "guidepost build", so');
  console.log('  neither file waits for the other and start() needs no validator (pages/guidepost-core-ui-compiled.html; the README\'s set-up).');
  console.log('  The server sends no-store, so a returning visit downloads and compiles those files again (no HTTP or code cache helps).');
  console.log(`Hotspots: 20 Guidepost hotspot items (interruptive: false, no card open) against Driver.js 1.8's hints add-on (driver.js/hints,`);
  console.log(`  dist/hints.iife.js: one hints() instance, 20 beacons, no popover open); both pulse. ${result.frames} frames of scrollBy(0, ${result.dy}) each.`);

  const w = wait;
  const plus = (v) => `${v >= 0 ? '+' : ''}${msf(v)}`;
  console.log(`\n20 targets waiting at once (Guidepost, one file: one batched MutationObserver per document, src/dom/targets.ts), medians of ${result.runs} runs`);
  console.log(`The page changes once per frame (${result.waitFrames} frames per phase): a list item added and one removed, a text, a class, a style: one mutation batch per frame.`);
  printTable(['metric', 'script ms/frame', 'task ms/frame'], [
    ['page changing, nothing waiting (the page\'s own cost)', msf(w.alone.script), msf(w.alone.task)],
    ['page changing, 20 hotspots waiting for their targets', msf(w.waiting.script), msf(w.waiting.task)],
    ['  the 20 waits, per mutation batch (paired per run)', plus(w.waitingCost.script), plus(w.waitingCost.task)],
    ['  one wait, per mutation batch', plus(w.waitingCost.script / 20), plus(w.waitingCost.task / 20)],
    ['targets inserted one per frame (each hotspot renders)', msf(w.arriving.script), msf(w.arriving.task)],
    ['page changing, the 20 hotspots shown', msf(w.shown.script), msf(w.shown.task)],
    ['  over the page\'s own, per mutation batch', plus(w.shownCost.script), plus(w.shownCost.task)],
  ]);
  console.log(`Last target inserted -> all 20 hotspots placed: ${msf(w.lastToShownMs)} ms; all 20 inserted in one frame -> all 20 placed: ${msf(w.burstMs)} ms.`);
  console.log('The waits run only script (one observer callback per batch, each wait queried once): the script column is their cost; the task');
  console.log('  column adds style, layout and paint of the changing page, which vary from run to run by more than the waits cost.');
}

/** For bench/run.js. */
export async function browserSuite(options = {}) {
  const result = await runBrowserBench({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  console.log('');
  const failures = printResults(result);
  if (failures) process.exitCode = 1;
  return result;
}

function parseFlags(argv) {
  const flags = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    const value = argv[i + 1];
    if (key === 'runs' && Number(value) >= 1) flags.runs = Number(value);
    else if (key === 'only' && (value === 'scroll' || value === 'tour')) flags.only = value;
    else if (key === 'json' && value) flags.json = value;
    else throw new Error('usage: node bench/browser.js [--runs N (default 10)] [--json FILE] [--only scroll|tour]');
  }
  return flags;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { runs, json, only } = parseFlags(process.argv.slice(2));
  if (only === 'scroll' || only === 'tour') {
    const log = (line) => process.stderr.write(`${line}\n`);
    await (only === 'scroll' ? runScrollBench({ runs, log }) : runTourBench({ runs, log }));
    process.exit(0);
  }
  const { machineInfo } = await import('./harness.js');
  const info = machineInfo();
  console.log(`Guidepost browser benchmark — ${info.cpu}, ${info.cores} cores, ${info.memory}, Node ${info.node}, ${info.platform}`);
  const result = await browserSuite({ runs });
  if (json) {
    await writeFile(json, JSON.stringify(result, null, 2));
    console.log(`raw runs written to ${json}`);
  }
}
