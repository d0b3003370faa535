/**
 * src/cli/results-assets.ts: the results page's own script and stylesheet (served as files:
 * the page's CSP allows no inline code). The script is run here in happy-dom with fake timers
 * and a fake fetch: it polls /results.json with the page's query, swaps in the fresh <main>
 * only when the data's version changed, updates the time of the last update silently, speaks
 * in the live region only when a verdict changed, keeps focus and scroll positions across a
 * swap, pauses on request, and keeps polling after a failure, saying why once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RESULTS_CSS, RESULTS_JS } from '../../src/cli/results-assets';

interface FakeResponse {
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** fetch answering /results.json with `data()` and /results with `page()`. */
function fakeFetch(data: () => unknown, page: () => string = () => '') {
  return vi.fn(async (url: string, _init?: RequestInit): Promise<FakeResponse> => ({
    json: async () => (url.startsWith('/results.json') ? data() : Promise.reject(new SyntaxError('not JSON'))),
    text: async () => page(),
  }));
}

/** Lets pending MutationObserver callbacks run (they are queued as microtasks). */
const flushObserver = () => Promise.resolve();

/** Lets the script's awaits (all on already-settled fake responses) run to the end. */
async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

const freshPage = (inner: string) => `<!doctype html><html><body><p id="results-status"></p><main id="results" data-version="ignored">${inner}</main></body></html>`;

/** The page's header and main as renderPage writes them (src/cli/results-html.ts). */
function mountPage(version = 'v1', inner = '<p class="old">old results</p>') {
  document.body.innerHTML = `<header><p><span id="results-updated">Updated 00:00:00 UTC.</span> <span id="results-mode">Refreshes as events arrive.</span> <button type="button" id="results-pause" aria-pressed="false" hidden>Pause updates</button></p><p id="results-status" role="status"></p></header><main id="results" data-version="${version}">${inner}</main>`;
  return {
    status: document.getElementById('results-status')!,
    updated: document.getElementById('results-updated')!,
    pause: document.getElementById('results-pause') as HTMLButtonElement,
    main: document.getElementById('results')!,
  };
}

/** An experiment section as the server renders it: a verdict, its checks, and a scrolling table. */
const experiment = (name: string, verdict: string, headline: string, units: number, split = 'pass') =>
  `<section class="experiment"><h2>Experiment ${name}</h2><p class="verdict recommendation" data-verdict="${verdict}"><strong>${headline}</strong> why</p>` +
  `<ul class="checks"><li data-check="split-exposed" data-status="${split}">split</li></ul>` +
  `<div class="table-scroll" role="region" tabindex="0" aria-label="${name}: conversion per arm"><table><tr><td>${units}</td></tr></table></div>` +
  `<a href="#${name}-notes">Notes on ${name}</a></section>`;

const run = () => new Function(RESULTS_JS)();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(new Date('2026-01-31T12:00:00.000Z'));
  history.replaceState({}, '', '/results');
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('RESULTS_JS', () => {
  it('does nothing on a page without the status line or <main id="results">', () => {
    const fetch = fakeFetch(() => ({ version: 'v2' }));
    vi.stubGlobal('fetch', fetch);
    document.body.innerHTML = '<main id="results"></main>';
    run();
    document.body.innerHTML = '<p id="results-status"></p>';
    run();
    expect(vi.getTimerCount()).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('first polls after 3 seconds, asking /results.json with the page\'s query and no cache', async () => {
    history.replaceState({}, '', '/results?goal=paid&weights=0.5,0.5');
    const fetch = fakeFetch(() => ({ version: 'v1' }));
    vi.stubGlobal('fetch', fetch);
    mountPage();
    run();
    await vi.advanceTimersByTimeAsync(2999);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith('/results.json?goal=paid&weights=0.5,0.5', { cache: 'no-store' });
  });

  it('polls at the ?refresh= interval, and again after each poll', async () => {
    history.replaceState({}, '', '/results?refresh=500');
    const fetch = fakeFetch(() => ({ version: 'v1' }));
    vi.stubGlobal('fetch', fetch);
    mountPage();
    run();
    for (let polls = 1; polls <= 3; polls++) {
      await vi.advanceTimersByTimeAsync(500);
      await settle();
      expect(fetch).toHaveBeenCalledTimes(polls);
    }
  });

  it.each([
    ['1', 250],
    ['-5', 3000],
    ['0', 3000],
    ['soon', 3000],
    ['1e12', 3_600_000],
    ['Infinity', 3_600_000],
  ])('bounds ?refresh=%s to a poll every %i ms', async (refresh, every) => {
    history.replaceState({}, '', `/results?refresh=${refresh}`);
    const fetch = fakeFetch(() => ({ version: 'v1' }));
    vi.stubGlobal('fetch', fetch);
    mountPage();
    run();
    await vi.advanceTimersByTimeAsync(every - 1);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not take a fetched page without <main id="results"> as the new version, and tries again', async () => {
    let page = '<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>';
    const fetch = fakeFetch(() => ({ version: 'v2' }), () => page);
    vi.stubGlobal('fetch', fetch);
    const { status, main } = mountPage('v1');
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(main.innerHTML).toBe('<p class="old">old results</p>');
    expect(main.dataset.version).toBe('v1');
    expect(status.textContent).toBe('Could not refresh (the new page had no results); retrying.');
    page = freshPage('<p>new</p>');
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/results.json', '/results', '/results.json', '/results']);
    expect(main.innerHTML).toBe('<p>new</p>');
    expect(main.dataset.version).toBe('v2');
    // Working again: the failure is no longer claimed.
    expect(status.textContent).toBe('');
  });

  it('leaves the page alone while the version is unchanged', async () => {
    const fetch = fakeFetch(() => ({ version: 'v1' }), () => freshPage('<p>new</p>'));
    vi.stubGlobal('fetch', fetch);
    const { status, updated, main } = mountPage('v1');
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/results.json']);
    expect(main.innerHTML).toBe('<p class="old">old results</p>');
    expect(updated.textContent).toBe('Updated 00:00:00 UTC.');
    expect(status.textContent).toBe('');
    expect(vi.getTimerCount()).toBe(1);
  });

  it('swaps in the fresh <main> when the version changed, and updates the time silently', async () => {
    history.replaceState({}, '', '/results?goal=paid');
    let version = 'v2';
    const fetch = fakeFetch(() => ({ version }), () => freshPage('<h2 id="x">New</h2><p>fresh <strong>results</strong></p>'));
    vi.stubGlobal('fetch', fetch);
    const { status, updated, main } = mountPage('v1');
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/results.json?goal=paid', '/results?goal=paid']);
    expect(fetch.mock.calls[1][1]).toEqual({ cache: 'no-store' });
    expect(main.innerHTML).toBe('<h2 id="x">New</h2><p>fresh <strong>results</strong></p>');
    expect(main.querySelector('h2')!.ownerDocument).toBe(document);
    expect(document.getElementById('results')).toBe(main);
    expect(main.dataset.version).toBe('v2');
    expect(updated.textContent).toBe('Updated 12:00:03 UTC.');
    // Same version next time: no second page fetch.
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(updated.textContent).toBe('Updated 12:00:03 UTC.');
    version = 'v3';
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(5);
    expect(updated.textContent).toBe('Updated 12:00:09 UTC.');
    // No verdict on either page: nothing was said in the live region.
    expect(status.textContent).toBe('');
  });

  it('speaks only when a verdict changed, not when the figures moved', async () => {
    let version = 'v2';
    let inner = experiment('help', 'exposed:significant', 'Report this: +2.1 points.', 120);
    const fetch = fakeFetch(() => ({ version }), () => freshPage(inner));
    vi.stubGlobal('fetch', fetch);
    const { status, updated } = mountPage('v1', experiment('help', 'exposed:significant', 'Report this: +2.0 points.', 100));
    // Record every text the live region is given: each write may be read out.
    const said: string[] = [];
    new MutationObserver(() => said.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(document.querySelector('td')!.textContent).toBe('120');
    expect(updated.textContent).toBe('Updated 12:00:03 UTC.');
    expect(said).toEqual([]);
    // The number to report changes population: said once, with the experiment and its headline.
    version = 'v3';
    inner = experiment('help', 'intentToTreat:significant', 'Report this: +1.5 points.', 130, 'fail');
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(status.textContent).toBe('Verdict changed. Experiment help: Report this: +1.5 points.');
    // Figures move again under the same verdict: nothing new is said.
    version = 'v4';
    inner = experiment('help', 'intentToTreat:significant', 'Report this: +1.6 points.', 140, 'fail');
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(document.querySelector('td')!.textContent).toBe('140');
    await flushObserver();
    expect(said).toEqual(['Verdict changed. Experiment help: Report this: +1.5 points.']);
  });

  it('keeps keyboard focus on the equivalent element across a refresh, and the table\'s scroll position', async () => {
    let version = 'v2';
    const fetch = fakeFetch(() => ({ version }), () => freshPage(experiment('a', 'pending', 'Nothing yet.', 7) + experiment('b', 'pending', 'Nothing yet.', 9)));
    vi.stubGlobal('fetch', fetch);
    const { main } = mountPage('v1', experiment('a', 'pending', 'Nothing yet.', 1) + experiment('b', 'pending', 'Nothing yet.', 2));
    const region = main.querySelector<HTMLElement>('[aria-label="b: conversion per arm"]')!;
    region.focus();
    region.scrollLeft = 40;
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    const fresh = main.querySelector<HTMLElement>('[aria-label="b: conversion per arm"]')!;
    expect(fresh).not.toBe(region);
    expect(fresh.textContent).toBe('9');
    expect(document.activeElement).toBe(fresh);
    expect(fresh.scrollLeft).toBe(40);
    // A link keeps focus the same way.
    main.querySelector<HTMLElement>('a[href="#a-notes"]')!.focus();
    version = 'v3';
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(document.activeElement).toBe(main.querySelector('a[href="#a-notes"]'));
  });

  it('puts focus on <main> rather than <body> when the focused element has no equivalent', async () => {
    vi.stubGlobal('fetch', fakeFetch(() => ({ version: 'v2' }), () => freshPage('<p>no experiments now</p>')));
    const { main } = mountPage('v1', experiment('gone', 'pending', 'Nothing yet.', 1));
    main.querySelector<HTMLElement>('.table-scroll')!.focus();
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(main.innerHTML).toBe('<p>no experiments now</p>');
    expect(document.activeElement).toBe(main);
    expect(main.tabIndex).toBe(-1);
  });

  it('leaves focus alone when it was outside <main>', async () => {
    vi.stubGlobal('fetch', fakeFetch(() => ({ version: 'v2' }), () => freshPage(experiment('a', 'pending', 'Nothing yet.', 3))));
    const { main, pause } = mountPage('v1', experiment('a', 'pending', 'Nothing yet.', 1));
    run();
    pause.focus();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(main.querySelector('td')!.textContent).toBe('3');
    expect(document.activeElement).toBe(pause);
  });

  it('"Pause updates" stops the polling until pressed again, which checks at once', async () => {
    const fetch = fakeFetch(() => ({ version: 'v1' }));
    vi.stubGlobal('fetch', fetch);
    const { pause } = mountPage('v1');
    const mode = document.getElementById('results-mode')!;
    run();
    expect(pause.hidden).toBe(false);
    pause.click();
    expect(pause.getAttribute('aria-pressed')).toBe('true');
    expect(mode.textContent).toBe('Updates paused.');
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(fetch).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    pause.click();
    await settle();
    expect(pause.getAttribute('aria-pressed')).toBe('false');
    expect(mode.textContent).toBe('Refreshes as events arrive.');
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('says why it could not refresh, and tries again', async () => {
    let fail: unknown = new Error('connection refused');
    const fetch = vi.fn(async () => {
      if (fail) throw fail;
      return { json: async () => ({ version: 'v1' }), text: async () => '' };
    });
    vi.stubGlobal('fetch', fetch);
    const { status, main } = mountPage('v1');
    const said: string[] = [];
    new MutationObserver(() => said.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true });
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(status.textContent).toBe('Could not refresh (connection refused); retrying.');
    // The same failure again is not said again.
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    await flushObserver();
    expect(said).toEqual(['Could not refresh (connection refused); retrying.']);
    fail = 'a string, not an Error';
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(status.textContent).toBe('Could not refresh (network error); retrying.');
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(main.innerHTML).toBe('<p class="old">old results</p>');
    expect(vi.getTimerCount()).toBe(1);
  });

  it('reports a response that is not JSON (a proxy\'s error page) instead of stopping', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => ({ json: async () => Promise.reject(new SyntaxError('Unexpected token <')), text: async () => '<html>' })));
    const { status } = mountPage();
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(status.textContent).toBe('Could not refresh (Unexpected token <); retrying.');
    expect(vi.getTimerCount()).toBe(1);
  });

  it('shows the error text as text', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new Error('<img src=x onerror=alert(1)>'))));
    const { status } = mountPage();
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(status.querySelector('img')).toBeNull();
    expect(status.textContent).toBe('Could not refresh (<img src=x onerror=alert(1)>); retrying.');
  });

  it('is plain script the page CSP allows: it parses, and builds no code or markup from strings', () => {
    expect(() => new Function(RESULTS_JS)).not.toThrow();
    expect(RESULTS_JS).not.toMatch(/\beval\s*\(|new Function|innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe('RESULTS_CSS', () => {
  it('is balanced and loads nothing from elsewhere', () => {
    let depth = 0;
    for (const c of RESULTS_CSS) {
      if (c === '{') depth++;
      if (c === '}') depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    expect(RESULTS_CSS).not.toMatch(/@import|url\(|expression\(/i);
  });

  it('colours every part of the charts (an SVG shape without a fill is black)', () => {
    for (const part of ['.bar-control', '.bar-treatment', '.bar-step', '.bar-done', '.whisker', '.point', '.significant', '.zero', '.grid', '.tick']) {
      expect(RESULTS_CSS, part).toContain(part);
    }
  });

  it('parses into rules in happy-dom', () => {
    const style = document.createElement('style');
    style.textContent = RESULTS_CSS;
    document.head.append(style);
    try {
      const rules = Array.from(style.sheet!.cssRules, (rule) => (rule as CSSStyleRule).selectorText);
      expect(rules).toContain(':root');
      expect(rules).toContain('svg .bar-control');
      // Every top-level block became a rule: none was dropped as unparsable.
      let depth = 0;
      let blocks = 0;
      for (const c of RESULTS_CSS) {
        if (c === '{') depth++;
        if (c === '}' && --depth === 0) blocks++;
      }
      expect(rules.length).toBe(blocks);
    } finally {
      style.remove();
    }
  });
});
