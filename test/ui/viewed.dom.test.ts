/**
 * src/ui/viewed.ts: "viewed" is at least half of a surface on screen for a whole second. The
 * tracker observes the surfaces (data-part of a surface, with data-item) it finds under the roots
 * it is given, once each; reports each at most once, only if still on the page; forgets a surface
 * that left the screen before its second was up; and dispose() leaves no observer or timer.
 * IntersectionObserver is a stand-in here (happy-dom computes no layout); time is faked.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createViewTracker, VIEWED_MS, VIEWED_RATIO } from '../../src/ui/viewed';

class FakeObserver {
  static all: FakeObserver[] = [];
  observed = new Set<Element>();
  unobserved: Element[] = [];
  disconnected = false;
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options?: IntersectionObserverInit,
  ) {
    FakeObserver.all.push(this);
  }
  observe(el: Element) {
    this.observed.add(el);
  }
  unobserve(el: Element) {
    this.unobserved.push(el);
    this.observed.delete(el);
  }
  disconnect() {
    this.disconnected = true;
    this.observed.clear();
  }
  takeRecords() {
    return [];
  }
  /** Reports `ratio` for `elements`, as the browser would after a layout. */
  report(ratio: number, ...elements: Element[]) {
    // Like the browser, only for elements it still observes.
    const targets = elements.filter((el) => this.observed.has(el));
    if (targets.length) this.callback(targets.map((target) => ({ target, intersectionRatio: ratio, isIntersecting: ratio > 0 }) as IntersectionObserverEntry), this as unknown as IntersectionObserver);
  }
}

type Win = Window & typeof globalThis;
const fakeWindow = () => ({ IntersectionObserver: FakeObserver }) as unknown as Win;

function surfaces(html: string): ShadowRoot {
  const host = document.body.appendChild(document.createElement('div'));
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = html;
  return root;
}

beforeEach(() => {
  FakeObserver.all = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('createViewTracker', () => {
  it('is undefined where IntersectionObserver does not exist (nothing is ever reported as viewed)', () => {
    expect(createViewTracker({} as Win, vi.fn())).toBeUndefined();
    expect(createViewTracker({ IntersectionObserver: 'nope' } as unknown as Win, vi.fn())).toBeUndefined();
  });

  it('the rule is the IAB one: half of it, for one second; the observer reports crossing that half', () => {
    expect([VIEWED_RATIO, VIEWED_MS]).toEqual([0.5, 1000]);
    createViewTracker(fakeWindow(), vi.fn());
    expect(FakeObserver.all[0].options?.threshold).toEqual([0, 0.5, 1]);
  });

  it('observes every surface with an item under each root, and nothing else', () => {
    const tracker = createViewTracker(fakeWindow(), vi.fn())!;
    const layer = surfaces(`
      <div data-part="tooltip" data-item="tip"></div><div data-part="tour-step" data-item="tour"></div>
      <div data-part="banner" data-item="news"></div><div data-part="checklist" data-item="list"></div>
      <button data-part="hotspot" data-item="spot"></button>
      <div data-part="popover" data-item="pop"></div><div data-part="tooltip"></div><div data-part="dock"></div>`);
    const inline = surfaces('<button data-part="help-link" data-item="help"></button>');
    tracker.scan([layer, inline]);
    const ids = [...FakeObserver.all[0].observed].map((el) => el.getAttribute('data-item'));
    expect(ids.sort()).toEqual(['help', 'list', 'news', 'spot', 'tip', 'tour']);
  });

  it('observes each element once, however often it scans', () => {
    const tracker = createViewTracker(fakeWindow(), vi.fn())!;
    const root = surfaces('<div data-part="tooltip" data-item="tip"></div>');
    const observe = vi.spyOn(FakeObserver.prototype, 'observe');
    tracker.scan([root]);
    tracker.scan([root, root]);
    expect(observe).toHaveBeenCalledTimes(1);
    // A surface drawn later is picked up by the next scan.
    const banner = root.appendChild(document.createElement('div'));
    banner.setAttribute('data-part', 'banner');
    banner.setAttribute('data-item', 'news');
    tracker.scan([root]);
    expect(observe).toHaveBeenCalledTimes(2);
    observe.mockRestore();
  });

  it('reports a surface at least half visible for a whole second, once, and stops observing it', () => {
    const onViewed = vi.fn();
    const tracker = createViewTracker(fakeWindow(), onViewed)!;
    const root = surfaces('<div data-part="tooltip" data-item="tip"></div>');
    const tip = root.firstElementChild!;
    tracker.scan([root]);
    const io = FakeObserver.all[0];
    io.report(0.5, tip);
    vi.advanceTimersByTime(999);
    expect(onViewed).not.toHaveBeenCalled();
    // Staying visible (more reports while on screen) does not restart its second.
    io.report(1, tip);
    vi.advanceTimersByTime(1);
    expect(onViewed.mock.calls).toEqual([['tip']]);
    expect(io.unobserved).toEqual([tip]);
    io.report(1, tip);
    vi.advanceTimersByTime(5000);
    expect(onViewed).toHaveBeenCalledTimes(1);
  });

  it('less than half is not viewed; leaving before the second is up starts it over', () => {
    const onViewed = vi.fn();
    const tracker = createViewTracker(fakeWindow(), onViewed)!;
    const root = surfaces('<div data-part="banner" data-item="news"></div>');
    const banner = root.firstElementChild!;
    tracker.scan([root]);
    const io = FakeObserver.all[0];
    io.report(0.49, banner);
    vi.advanceTimersByTime(5000);
    expect(onViewed).not.toHaveBeenCalled();
    io.report(0.8, banner);
    vi.advanceTimersByTime(600);
    io.report(0.2, banner);
    vi.advanceTimersByTime(600);
    io.report(0.8, banner);
    vi.advanceTimersByTime(600);
    expect(onViewed).not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(onViewed.mock.calls).toEqual([['news']]);
  });

  it('times each surface on its own', () => {
    const onViewed = vi.fn();
    const tracker = createViewTracker(fakeWindow(), onViewed)!;
    const root = surfaces('<div data-part="tooltip" data-item="a"></div><div data-part="tooltip" data-item="b"></div>');
    const [a, b] = [...root.children];
    tracker.scan([root]);
    const io = FakeObserver.all[0];
    io.report(1, a);
    vi.advanceTimersByTime(500);
    io.report(1, b);
    vi.advanceTimersByTime(500);
    expect(onViewed.mock.calls).toEqual([['a']]);
    vi.advanceTimersByTime(500);
    expect(onViewed.mock.calls).toEqual([['a'], ['b']]);
  });

  it('a surface removed from the page before its second is up is not reported', () => {
    const onViewed = vi.fn();
    const tracker = createViewTracker(fakeWindow(), onViewed)!;
    const root = surfaces('<div data-part="tooltip" data-item="tip"></div>');
    const tip = root.firstElementChild!;
    tracker.scan([root]);
    FakeObserver.all[0].report(1, tip);
    tip.remove();
    vi.advanceTimersByTime(2000);
    expect(onViewed).not.toHaveBeenCalled();
  });

  it('dispose() disconnects the observer and cancels every running second', () => {
    const onViewed = vi.fn();
    const tracker = createViewTracker(fakeWindow(), onViewed)!;
    const root = surfaces('<div data-part="tooltip" data-item="a"></div><div data-part="tooltip" data-item="b"></div>');
    tracker.scan([root]);
    const io = FakeObserver.all[0];
    io.report(1, ...root.children);
    expect(vi.getTimerCount()).toBe(2);
    tracker.dispose();
    expect(io.disconnected).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(onViewed).not.toHaveBeenCalled();
  });

  it('an item id with quotes, spaces or "__proto__" is reported as written', () => {
    const onViewed = vi.fn();
    const tracker = createViewTracker(fakeWindow(), onViewed)!;
    const root = surfaces('');
    const odd = root.appendChild(document.createElement('div'));
    odd.setAttribute('data-part', 'banner');
    odd.setAttribute('data-item', '__proto__ "x" y');
    tracker.scan([root]);
    FakeObserver.all[0].report(1, odd);
    vi.advanceTimersByTime(VIEWED_MS);
    expect(onViewed.mock.calls).toEqual([['__proto__ "x" y']]);
  });
});
