// Shared by every benchmark page (bench/browser.js drives them): builds the same product page,
// defines the same five-step tour and the same 20 anchors, and gives bench/browser.js one set
// of functions (window.bench) that work for every library through a small adapter each page
// registers with `register()`. Only measurement code lives here; the library code is each
// page's own (guidepost.js, shepherd.js, driver.js).
import { ANCHORS, STEPS } from './content.js';

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

export { ANCHORS, STEPS };

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
  /** Problems the library reported through its own error hook (Guidepost's onError). */
  errors: () => adapter?.errors ?? [],

  /** Setup call to first step visible; `startMs` is the part before the library could show anything (Guidepost: start()). */
  async tourInit() {
    const t0 = performance.now();
    const { startedAt } = (await adapter.initTour()) ?? {};
    const t1 = await waitFor(() => stepVisible(0), 'step 1');
    return { initMs: t1 - t0, startMs: startedAt !== undefined ? startedAt - t0 : undefined };
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
 * A page registers its library: { name, initTour, stepElement(i), clickNext(i), clickClose(i),
 * startAgain, showPopovers(anchors) -> count, popoverElement(i), popoverCount, hidePopovers,
 * shadowRoots? }.
 */
export function register(lib) {
  adapter = lib;
  bench.lib = lib.name;
  bench.ready = true;
}
