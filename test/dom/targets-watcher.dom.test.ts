/**
 * Many targets waiting at once share one MutationObserver per document (src/dom/targets.ts):
 * each still fires when its element appears, stopping one keeps the others, timeouts hold, and
 * once nobody waits nothing observes. (Shadow DOM and layout: test/dom/targets.browser.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deepQuerySelector, openShadowRoots, waitForTarget } from '../../src/dom/targets';

const Native = globalThis.MutationObserver;
let created = 0;
let observing = 0;

beforeEach(() => {
  created = 0;
  observing = 0;
  // Counts constructions and live observers; the rest is the real (happy-dom) observer.
  globalThis.MutationObserver = class extends Native {
    private live = false;
    constructor(callback: MutationCallback) {
      super(callback);
      created++;
    }
    override observe(target: Node, options?: MutationObserverInit) {
      if (!this.live) observing++;
      this.live = true;
      super.observe(target, options);
    }
    override disconnect() {
      if (this.live) observing--;
      this.live = false;
      super.disconnect();
    }
  };
});

afterEach(() => {
  globalThis.MutationObserver = Native;
  document.body.innerHTML = '';
  vi.useRealTimers();
});

/** Lets the observers' callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function add(id: string, doc = document) {
  const el = doc.createElement('div');
  el.id = id;
  doc.body.append(el);
  return el;
}

/** A document of its own, so each test starts with no watcher (they are kept per document). */
const freshDocument = () => document.implementation.createHTMLDocument('');

describe('waitForTarget', () => {
  it('20 waiting targets use one observer; each fires for its own element; stopping one keeps the others', async () => {
    const doc = freshDocument();
    const found: string[] = [];
    const timedOut: string[] = [];
    const stops = Array.from({ length: 20 }, (_, i) =>
      waitForTarget(`#t${i}`, 60_000, (f) => found.push(f.element.id), () => timedOut.push(`t${i}`), doc),
    );
    expect(created).toBe(1);
    expect(observing).toBe(1);

    stops[3]!();
    add('t3', doc);
    add('t5', doc);
    await settle();
    expect(found).toEqual(['t5']);

    // Several elements in one batch: each waiter fires once.
    for (let i = 0; i < 10; i++) add(`t${i}`, doc);
    await settle();
    expect(found.sort()).toEqual(['t0', 't1', 't2', 't4', 't5', 't6', 't7', 't8', 't9'].sort());
    expect(observing).toBe(1);

    for (let i = 10; i < 19; i++) add(`t${i}`, doc);
    await settle();
    expect(found).toHaveLength(18);
    expect(observing).toBe(1);

    // The last waiter stops: nothing observes; a later wait observes again, with the same observer.
    stops[19]!();
    expect(observing).toBe(0);
    add('t19', doc);
    await settle();
    expect(found).toHaveLength(18);
    expect(timedOut).toEqual([]);
    for (const stop of stops) stop();
    expect(observing).toBe(0);

    const again = vi.fn();
    const stop = waitForTarget('#late', 60_000, again, () => {}, doc);
    expect(created).toBe(1);
    expect(observing).toBe(1);
    add('late', doc);
    await settle();
    expect(again).toHaveBeenCalledOnce();
    expect(observing).toBe(0);
    stop();
  });

  it('an element already there fires at once and observes nothing', () => {
    add('here');
    const onFound = vi.fn();
    waitForTarget('#here', 1000, onFound, () => {});
    expect(onFound).toHaveBeenCalledOnce();
    expect(created).toBe(0);
  });

  it('times out each waiter on its own; the shared observer goes with the last', async () => {
    vi.useFakeTimers();
    const doc = freshDocument();
    const onTimeout = vi.fn();
    const onFound = vi.fn();
    waitForTarget('#a', 100, onFound, onTimeout, doc);
    waitForTarget('#b', 200, onFound, onTimeout, doc);
    expect(observing).toBe(1);
    vi.advanceTimersByTime(150);
    expect(onTimeout).toHaveBeenCalledOnce();
    expect(observing).toBe(1);
    vi.advanceTimersByTime(100);
    expect(onTimeout).toHaveBeenCalledTimes(2);
    expect(observing).toBe(0);
    vi.useRealTimers();
    add('a', doc);
    add('b', doc);
    await settle();
    expect(onFound).not.toHaveBeenCalled();
  });

  it('a throwing onFound does not keep the other waiters from firing', async () => {
    const second = vi.fn();
    const originalQueue = globalThis.queueMicrotask;
    const queued: (() => void)[] = [];
    globalThis.queueMicrotask = (fn) => queued.push(fn);
    try {
      waitForTarget('#x', 60_000, () => { throw new Error('boom'); }, () => {});
      waitForTarget('#y', 60_000, second, () => {});
      add('x');
      add('y');
      await new Promise((resolve) => originalQueue(() => setTimeout(resolve, 0)));
    } finally {
      globalThis.queueMicrotask = originalQueue;
    }
    expect(second).toHaveBeenCalledOnce();
    expect(queued).toHaveLength(1);
    expect(() => queued[0]!()).toThrow('boom');
    expect(observing).toBe(0);
  });
});

describe('open shadow roots', () => {
  /** `<x-host>` with an open shadow root holding `children`. */
  function host(doc: Document, ...children: Node[]) {
    const element = doc.createElement('x-host');
    element.attachShadow({ mode: 'open' }).append(...children);
    return element;
  }
  const marked = (doc: Document, id: string) => Object.assign(doc.createElement('span'), { id, className: 'mark' });

  it('are searched depth first: a host, the hosts inside it, then the next host', () => {
    const doc = freshDocument();
    doc.body.append(host(doc, host(doc, marked(doc, 'inner-a'))), host(doc, marked(doc, 'b')));
    expect(deepQuerySelector(doc, '.mark')?.id).toBe('inner-a');
    expect(openShadowRoots(doc)).toHaveLength(3);
    // The page's own matches come first.
    doc.body.append(marked(doc, 'light'));
    expect(deepQuerySelector(doc, '.mark')?.id).toBe('light');
  });

  it('are walked once per mutation batch for all waiting targets, not once per target', async () => {
    const doc = freshDocument();
    doc.body.append(host(doc, marked(doc, 'in-shadow')));
    const walks = vi.spyOn(doc, 'createTreeWalker');
    const found: string[] = [];
    for (let i = 0; i < 20; i++) waitForTarget(`#late-${i}`, 60_000, (f) => found.push(f.element.id), () => {}, doc);
    // Each wait looked once when it started (nothing was there yet).
    walks.mockClear();
    doc.querySelector('x-host')!.shadowRoot!.append(marked(doc, 'late-7'));
    add('unrelated', doc);
    await vi.waitFor(() => expect(found).toEqual(['late-7']));
    // One batch: the page and its one shadow root walked once between the 20 waits.
    expect(walks.mock.calls.length).toBeLessThanOrEqual(2);
  });
});
