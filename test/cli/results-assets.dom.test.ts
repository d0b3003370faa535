/**
 * src/cli/results-assets.ts: the results page's own script and stylesheet (served as files:
 * the page's CSP allows no inline code). The script is run here in happy-dom with fake timers
 * and a fake fetch: it polls /results.json with the page's query, swaps in the fresh <main>
 * only when the data's version changed, says so in the status line, and keeps polling after
 * a failure, saying why.
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

/** Lets the script's awaits (all on already-settled fake responses) run to the end. */
async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

const freshPage = (inner: string) => `<!doctype html><html><body><p id="results-status" data-version="ignored">x</p><main id="results">${inner}</main></body></html>`;

function mountPage(version = 'v1') {
  document.body.innerHTML = `<header><p id="results-status" role="status" data-version="${version}">Updated 00:00:00 UTC.</p></header><main id="results"><p class="old">old results</p></main>`;
  return { status: document.getElementById('results-status')!, main: document.getElementById('results')! };
}

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
    expect(status.dataset.version).toBe('v1');
    expect(status.textContent).toBe('Could not refresh (the new page had no results); retrying.');
    page = freshPage('<p>new</p>');
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/results.json', '/results', '/results.json', '/results']);
    expect(main.innerHTML).toBe('<p>new</p>');
    expect(status.dataset.version).toBe('v2');
  });

  it('leaves the page alone while the version is unchanged', async () => {
    const fetch = fakeFetch(() => ({ version: 'v1' }), () => freshPage('<p>new</p>'));
    vi.stubGlobal('fetch', fetch);
    const { status, main } = mountPage('v1');
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/results.json']);
    expect(main.innerHTML).toBe('<p class="old">old results</p>');
    expect(status.textContent).toBe('Updated 00:00:00 UTC.');
    expect(vi.getTimerCount()).toBe(1);
  });

  it('swaps in the fresh <main> when the version changed, and announces it once', async () => {
    history.replaceState({}, '', '/results?goal=paid');
    let version = 'v2';
    const fetch = fakeFetch(() => ({ version }), () => freshPage('<h2 id="x">New</h2><p>fresh <strong>results</strong></p>'));
    vi.stubGlobal('fetch', fetch);
    const { status, main } = mountPage('v1');
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/results.json?goal=paid', '/results?goal=paid']);
    expect(fetch.mock.calls[1][1]).toEqual({ cache: 'no-store' });
    expect(main.innerHTML).toBe('<h2 id="x">New</h2><p>fresh <strong>results</strong></p>');
    expect(main.querySelector('h2')!.ownerDocument).toBe(document);
    expect(document.getElementById('results')).toBe(main);
    expect(status.dataset.version).toBe('v2');
    expect(status.textContent).toBe('Updated 12:00:03 UTC. Refreshes as events arrive.');
    // Same version next time: no second page fetch, no second announcement.
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(status.textContent).toBe('Updated 12:00:03 UTC. Refreshes as events arrive.');
    version = 'v3';
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(fetch).toHaveBeenCalledTimes(5);
    expect(status.textContent).toBe('Updated 12:00:09 UTC. Refreshes as events arrive.');
  });

  it('says why it could not refresh, and tries again', async () => {
    let fail: unknown = new Error('connection refused');
    const fetch = vi.fn(async () => {
      if (fail) throw fail;
      return { json: async () => ({ version: 'v1' }), text: async () => '' };
    });
    vi.stubGlobal('fetch', fetch);
    const { status, main } = mountPage('v1');
    run();
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(status.textContent).toBe('Could not refresh (connection refused); retrying.');
    fail = 'a string, not an Error';
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    expect(status.textContent).toBe('Could not refresh (network error); retrying.');
    expect(fetch).toHaveBeenCalledTimes(2);
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
