// Shared by every benchmark page (bench/browser.js drives them): builds the same product page,
// defines the same five-step tour and the same 20 anchors, and gives bench/browser.js one set
// of functions (window.bench) that work for every library through a small adapter each page
// registers with `register()`. Only measurement code lives here; the library code is each
// page's own (guidepost.js, shepherd.js, driver.js).
import { ANCHORS, LATE, STEPS } from './content.js';

// --- the page ------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) node.append(child);
  return node;
}

const OWNERS = ['Ada L.', 'Grace H.', 'Alan T.', 'Edsger D.', 'Barbara L.', 'Ken T.', 'Margaret H.', 'Linus T.'];
const ROWS = 36;
/** Rows whose "more actions" button is an anchor (anchors 12..20), spread down the page. */
const ANCHORED_ROWS = [1, 5, 9, 13, 17, 21, 25, 29, 33];

function buildPage() {
  const anchor = (n) => ({ id: `a${n}`, 'data-anchor': String(n) });
  const header = el('header', { class: 'topbar' },
    el('a', { class: 'brand', href: '#' }, 'Tasklane'),
    el('nav', { 'aria-label': 'Main' },
      el('a', { href: '#', 'aria-current': 'page', ...anchor(1) }, 'Projects'),
      el('a', { href: '#', ...anchor(2) }, 'Board'),
      el('a', { href: '#', ...anchor(3) }, 'Reports'),
      el('a', { href: '#' }, 'Settings'),
      el('a', { href: '#', ...anchor(4) }, 'Billing')),
    el('input', { class: 'search', type: 'search', placeholder: 'Search projects', 'aria-label': 'Search projects', ...anchor(5) }),
    el('button', { type: 'button', class: 'primary', ...anchor(6) }, 'New project'),
    el('button', { type: 'button', class: 'avatar', 'aria-label': 'Account', ...anchor(7) }, 'AL'));
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const done = (i * 37) % 100;
    const bar = el('span');
    bar.style.width = `${done}%`;
    const more = el('button', { type: 'button', class: 'more', 'aria-label': `More actions for project ${i + 1}` }, '⋯');
    const k = ANCHORED_ROWS.indexOf(i);
    if (k >= 0) Object.entries(anchor(12 + k)).forEach(([key, value]) => more.setAttribute(key, value));
    return el('li', { class: 'row' },
      el('input', { type: 'checkbox', 'aria-label': `Select project ${i + 1}` }),
      el('span', { class: 'name' }, `Project ${i + 1}: ${['Website relaunch', 'Mobile onboarding', 'Q1 planning', 'Billing revamp'][i % 4]}`),
      el('span', { class: 'owner' }, OWNERS[i % OWNERS.length]),
      el('div', { class: 'bar', role: 'progressbar', 'aria-valuenow': String(done), 'aria-label': 'Progress' }, bar),
      el('span', { class: 'due' }, `Jan ${1 + (i % 28)}`),
      el('span', { class: i % 7 === 3 ? 'badge late' : 'badge' }, i % 7 === 3 ? 'Late' : 'On track'),
      more);
  });
  const main = el('main', { id: 'app' },
    el('h1', {}, 'Projects'),
    el('div', { class: 'stats' },
      el('div', { class: 'stat' }, el('strong', {}, '36'), 'active projects'),
      el('div', { class: 'stat' }, el('strong', {}, '412'), 'open tasks'),
      el('div', { class: 'stat' }, el('strong', {}, '5'), 'late')),
    el('div', { class: 'toolbar' },
      el('button', { type: 'button', ...anchor(8) }, 'Filter'),
      el('button', { type: 'button', ...anchor(9) }, 'Sort'),
      el('span', { class: 'spacer' }),
      el('button', { type: 'button', ...anchor(10) }, 'Import'),
      el('button', { type: 'button', ...anchor(11) }, 'Export')),
    el('ul', { class: 'list' }, rows));
  document.body.append(header, main, el('footer', {}, 'Tasklane is a benchmark page.'));
}

buildPage();

// --- what every library shows --------------------------------------------------------

export { ANCHORS, LATE, STEPS };

// --- measurement helpers -------------------------------------------------------------

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/**
 * True when `floating` is rendered, visible (computed display/visibility; a CSS fade-in
 * that has started counts) and placed on `side` of `target`: at most 40 px away, and across
 * the target's centre line (so a popover still standing where the previous step was does
 * not count, even when that place happens to be beside the new target).
 */
export function placed(floating, target, side) {
  if (!floating || !floating.isConnected || !target) return false;
  const style = getComputedStyle(floating);
  if (style.display === 'none' || style.visibility === 'hidden') return false;
  const f = floating.getBoundingClientRect();
  const t = target.getBoundingClientRect();
  if (f.width < 40 || f.height < 20) return false;
  const cx = (t.left + t.right) / 2;
  const cy = (t.top + t.bottom) / 2;
  const acrossX = f.left <= cx && f.right >= cx;
  const acrossY = f.top <= cy && f.bottom >= cy;
  switch (side) {
    case 'bottom': return f.top >= t.bottom - 2 && f.top - t.bottom <= 40 && acrossX;
    case 'top': return f.bottom <= t.top + 2 && t.top - f.bottom <= 40 && acrossX;
    case 'left': return f.right <= t.left + 2 && t.left - f.right <= 40 && acrossY;
    case 'right': return f.left >= t.right - 2 && f.left - t.right <= 40 && acrossY;
    default: return true;
  }
}

/**
 * True when `beacon` (a hotspot's dot: too small for `placed`) is rendered, not hidden, and
 * within `px` of `target`'s box: each library puts its dot on or just beside the element.
 */
export function near(beacon, target, px = 40) {
  if (!beacon || !beacon.isConnected || !target) return false;
  const style = getComputedStyle(beacon);
  if (style.display === 'none' || style.visibility === 'hidden') return false;
  const b = beacon.getBoundingClientRect();
  const t = target.getBoundingClientRect();
  if (b.width === 0 || b.height === 0) return false;
  const dx = Math.max(t.left - b.right, b.left - t.right, 0);
  const dy = Math.max(t.top - b.bottom, b.top - t.bottom, 0);
  return dx <= px && dy <= px;
}

// --- a page that keeps changing, and targets that appear late ----------------------------

let live = null;
let tick = 0;

/** Builds (once) the parts the mutation workload changes, and the empty place late targets go. */
function liveParts() {
  if (live) return live;
  const main = document.querySelector('main');
  const late = el('div', { class: 'late' });
  const counter = el('strong', {}, '0');
  const feed = el('ul', {}, Array.from({ length: 8 }, (_, i) => el('li', {}, `Activity ${i + 1}`)));
  // Late targets go above the title, where they are in view; the activity feed goes last, out of view.
  main.prepend(late);
  main.append(el('section', { class: 'activity' }, el('h2', {}, 'Activity ', counter), feed));
  live = { late, counter, feed, bars: [...document.querySelectorAll('.bar > span')], stats: [...document.querySelectorAll('.stat')] };
  return live;
}

/**
 * One batch of page updates, as an app's re-render makes them: a feed item added and the oldest
 * removed (childList), a counter's text, a class and an inline style (attributes). Called in an
 * animation frame, so a MutationObserver sees them as one batch: one batch per frame.
 */
function mutateOnce() {
  const p = liveParts();
  tick++;
  p.feed.append(el('li', {}, `Activity ${tick + 8}`));
  p.feed.firstElementChild.remove();
  p.counter.textContent = String(tick);
  p.stats[tick % p.stats.length].classList.toggle('flash');
  p.bars[tick % p.bars.length].style.width = `${(tick * 7) % 100}%`;
}

let adapter = null;

/**
 * Resolves with performance.now() as soon as `check()` is true. Checked at once, after every
 * DOM mutation (the document and the library's open shadow roots) and on every frame, so the
 * time is not rounded to a frame when a library renders between frames.
 */
export function waitFor(check, what, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    if (check()) return resolve(performance.now());
    let done = false;
    let raf = 0;
    const observed = new WeakSet();
    const observer = new MutationObserver(() => tick());
    const observe = () => {
      for (const root of [document, ...(adapter?.shadowRoots?.() ?? [])]) {
        if (root && !observed.has(root)) {
          observed.add(root);
          observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        }
      }
    };
    const finish = (error) => {
      done = true;
      observer.disconnect();
      cancelAnimationFrame(raf);
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(performance.now());
    };
    const tick = () => {
      if (done) return;
      observe();
      if (check()) finish();
    };
    const loop = () => {
      tick();
      if (!done) raf = requestAnimationFrame(loop);
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    observe();
    raf = requestAnimationFrame(loop);
  });
}

const stepTarget = (i) => document.querySelector(STEPS[i].selector);
const stepVisible = (i) => placed(adapter.stepElement(i), stepTarget(i), STEPS[i].side);
const stepGone = (i) => {
  const element = adapter.stepElement(i);
  return !element || !element.isConnected || getComputedStyle(element).visibility === 'hidden' || getComputedStyle(element).display === 'none';
};

/** Elements in the page, open shadow roots included. */
export function countElements(root = document) {
  let n = 0;
  for (const element of root.querySelectorAll('*')) {
    n++;
    if (element.shadowRoot) n += countElements(element.shadowRoot);
  }
  return n;
}

const bench = {
  ready: false,
  lib: null,
  STEPS,
  ANCHORS,
  countElements,
  placed,
  stepElement: (i) => adapter.stepElement(i),
  /** The registered adapter, for poking at a library by hand in DevTools. */
  adapter: () => adapter,
  /** Ids of the tours whose steps are on screen, where the adapter can tell (Guidepost); else null. */
  tourItemsShown: () => adapter.tourItemsShown?.() ?? null,
  /** Problems the library reported through its own error hook (Guidepost's onError). */
  errors: () => adapter?.errors ?? [],

  /**
   * Setup call to first step visible; `startMs` is the part before the library could show
   * anything (Guidepost: start()). `{ returning: true }`: a returning visit (bench/browser.js).
   */
  async tourInit(options = {}) {
    const t0 = performance.now();
    const { startedAt } = (await adapter.initTour(options)) ?? {};
    const t1 = await waitFor(() => stepVisible(0), 'step 1');
    // Library files requested after the setup call (a two-file build's lazy file), in ms from it.
    const loaded = performance.getEntriesByType('resource')
      .filter((e) => e.startTime >= t0 && /\/(dist|vendor)\//.test(new URL(e.name).pathname))
      .map((e) => ({ path: new URL(e.name).pathname, requestedMs: e.startTime - t0, receivedMs: e.responseEnd - t0 }));
    return { initMs: t1 - t0, startMs: startedAt !== undefined ? startedAt - t0 : undefined, loaded };
  },

  /** Next on steps 1..4 (a click on the library's own Next button); ms until the next step is visible, each. */
  async walk() {
    const times = [];
    for (let i = 0; i < STEPS.length - 1; i++) {
      await frame();
      await frame();
      const t0 = performance.now();
      adapter.clickNext(i);
      const t1 = await waitFor(() => stepVisible(i + 1), `step ${i + 2}`);
      times.push(t1 - t0);
    }
    return times;
  },

  /** Closes the tour with the library's close (×) button and waits until the step is gone. */
  async closeTour(step) {
    adapter.clickClose(step);
    await waitFor(() => stepGone(step), `step ${step + 1} to close`);
  },

  /** `n` times: start the tour, wait until step 1 is visible, close it with ×, wait until it is gone. Returns ms per cycle. */
  async cycles(n) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      adapter.startAgain();
      await waitFor(() => stepVisible(0), `step 1 (cycle ${i + 1})`);
      adapter.clickClose(0);
      await waitFor(() => stepGone(0), `step 1 to close (cycle ${i + 1})`);
    }
    return (performance.now() - t0) / n;
  },

  /** Shows `n` popovers anchored to the first n anchors at once (or as many as the library can). Returns how many are on screen. */
  async showPopovers(n) {
    const anchors = ANCHORS.slice(0, n);
    const shown = await adapter.showPopovers(anchors);
    // Anchor 1 is in the viewport: wait until its popover is placed, then two frames.
    await waitFor(() => placed(adapter.popoverElement(0), document.querySelector(anchors[0].selector), anchors[0].side), 'popover 1');
    await waitFor(() => adapter.popoverCount() >= shown, `${shown} popovers`);
    await frame();
    await frame();
    return adapter.popoverCount();
  },

  async hidePopovers() {
    await adapter.hidePopovers();
    await waitFor(() => adapter.popoverCount() === 0, 'popovers to close');
  },

  /** Shows `n` hotspots (Guidepost) or hint beacons (Driver.js hints) on the first n anchors. Returns how many are rendered. */
  async showHotspots(n) {
    const anchors = ANCHORS.slice(0, n);
    const shown = await adapter.showHotspots(anchors);
    await waitFor(() => near(adapter.hotspotElement(0), document.querySelector(anchors[0].selector)), 'hotspot 1');
    await waitFor(() => adapter.hotspotCount() >= shown, `${shown} hotspots`);
    await frame();
    await frame();
    return adapter.hotspotCount();
  },

  async hideHotspots() {
    await adapter.hideHotspots();
    await waitFor(() => adapter.hotspotCount() === 0, 'hotspots to go');
  },

  /** Builds the changing parts of the page now, so that building them is not measured. */
  prepareMutations() {
    liveParts();
  },

  /** One batch of page updates in each of `frames` animation frames, then two more frames. */
  async mutateFrames(frames) {
    for (let i = 0; i < frames; i++) {
      await frame();
      mutateOnce();
    }
    await frame();
    await frame();
  },

  /** Starts items anchored to the 20 late targets (not in the page yet). Returns how many show now (must be 0). */
  async waitTargets() {
    if (document.querySelector(LATE[0].selector)) throw new Error('the late targets are already in the page');
    await adapter.waitTargets(LATE);
    await frame();
    return adapter.waitingShown();
  },

  /**
   * Inserts the late targets, `perFrame` of them in each animation frame along with that
   * frame's batch of page updates, and waits until every one's item is placed. Returns the
   * frames used and ms from the last insertion until all are placed (measured in the page).
   */
  async insertTargets(perFrame) {
    const p = liveParts();
    let frames = 0;
    let lastAt = 0;
    for (let i = 0; i < LATE.length; i += perFrame) {
      await frame();
      mutateOnce();
      for (const t of LATE.slice(i, i + perFrame)) p.late.append(el('button', { type: 'button', id: t.id }, t.label));
      lastAt = performance.now();
      frames++;
    }
    const done = await waitFor(() => adapter.waitingShown() >= LATE.length, `${LATE.length} late items to show`);
    await frame();
    await frame();
    return { frames, lastToShownMs: done - lastAt };
  },

  /** Ends the waiting items and removes the late targets. */
  async stopWaiting() {
    await adapter.stopWaiting();
    liveParts().late.replaceChildren();
    await frame();
  },

  /** Names of the IndexedDB databases of this origin (Chromium). */
  async databases() {
    return (await indexedDB.databases()).map((d) => d.name);
  },

  /** Scrolls by `dy` px in each of `frames` animation frames, then waits one more frame. */
  async scrollFrames(frames, dy) {
    for (let i = 0; i < frames; i++) {
      await frame();
      window.scrollBy(0, dy);
    }
    await frame();
    await frame();
  },

  async resetScroll() {
    window.scrollTo(0, 0);
    await frame();
    await frame();
  },
};
window.bench = bench;

/**
 * A page registers its library: { name, initTour(options), stepElement(i), clickNext(i), clickClose(i),
 * startAgain, showPopovers(anchors) -> count, popoverElement(i), popoverCount, hidePopovers,
 * shadowRoots? }, and where the library has them: showHotspots(anchors) -> count,
 * hotspotElement(i), hotspotCount, hideHotspots; waitTargets(targets), waitingShown,
 * stopWaiting; tourItemsShown (ids of the tours whose steps are on screen).
 */
export function register(lib) {
  adapter = lib;
  bench.lib = lib.name;
  bench.ready = true;
}
