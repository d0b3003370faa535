/**
 * An SPA that mounts Guidepost per route, or React's StrictMode, creates and destroys many
 * instances on one page. 200 create -> start -> startTour -> destroy cycles in Chromium must
 * leave nothing behind: no event listeners, no retained objects, no nodes, no open IndexedDB
 * connection, no open BroadcastChannel, no Web Lock, no history wrapper.
 * Page: test/pages/lifecycle/ (see lifecycle.js).
 *
 * Before the fix (idb-keyval's connections never closed, a BroadcastChannel handler kept, the
 * history wrappers stacked), each cycle left 4 listeners (8 with an endpoint: the outbox's
 * database too), about 1.4 KiB of JS heap and 2.4 KiB of native objects.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { PROJECT_ROOT, useChromiumAndServer, watchPageErrors } from './support/browser-harness';

const session = useChromiumAndServer(join(PROJECT_ROOT, 'test/pages/lifecycle'));

/**
 * Runs in the page before any of its scripts: counts IndexedDB connections and
 * BroadcastChannels opened and closed, so the test can tell whether any was left open.
 */
function countConnections() {
  const counts = { dbOpened: 0, dbClosed: 0, channelsOpened: 0, channelsClosed: 0 };
  (window as any).__connections = counts;
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (this: IDBFactory, ...args: [string, number?]) {
    const request = open.apply(this, args);
    request.addEventListener('success', () => {
      counts.dbOpened++;
      const db = request.result;
      const close = db.close;
      db.close = function (this: IDBDatabase) {
        counts.dbClosed++;
        db.close = close;
        return close.call(this);
      };
    });
    return request;
  };
  const Native = window.BroadcastChannel;
  window.BroadcastChannel = class extends Native {
    #closed = false;
    constructor(name: string) {
      super(name);
      counts.channelsOpened++;
    }
    override close() {
      if (!this.#closed) counts.channelsClosed++;
      this.#closed = true;
      super.close();
    }
  };
}

/**
 * Waits until what destroyed instances still had in flight (the last progress write, the
 * outbox's bookkeeping after a beacon, a send holding the outbox lock) has finished: every
 * connection and channel closed, no lock held or requested. A positive signal: no sleeping.
 */
async function settled(page: Page) {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const c = (window as any).__connections;
          const locks = await navigator.locks.query();
          return {
            openConnections: c.dbOpened - c.dbClosed,
            openChannels: c.channelsOpened - c.channelsClosed,
            locks: (locks.held?.length ?? 0) + (locks.pending?.length ?? 0),
          };
        }),
      { timeout: 30_000 },
    )
    .toEqual({ openConnections: 0, openChannels: 0, locks: 0 });
}

interface Reading {
  /** Chromium's count of live JS event listeners (the renderer's `JSEventListeners`). */
  listeners: number;
  /** `JSHeapUsedSize`, KiB: includes V8's compiled code. */
  heapKiB: number;
  /** Self size of JS values (objects, closures and their scopes, arrays, strings), KiB. */
  jsKiB: number;
  /** Number of JS values. */
  jsObjects: number;
  /** Number of Blink objects (IDBDatabase, EventListener, ...), V8's own bookkeeping left out. */
  nativeObjects: number;
}

const JS_TYPES = new Set(['object', 'closure', 'array', 'string', 'concatenated string', 'sliced string', 'regexp', 'number', 'symbol', 'bigint']);
/**
 * Blink's records of the page's network requests (one per event batch or beacon sent to the
 * collector): the Resource Timing buffer (capped at 250 entries) and the DevTools network
 * agent's buffer that Playwright enables. They grow with requests, not with instances.
 */
const REQUEST_RECORDS = new Set(['PerformanceResourceTiming', 'blink::NetworkResourcesData::ResourceData']);

/** Reads the counters after two forced garbage collections, and a heap snapshot's totals. */
async function measure(cdp: CDPSession): Promise<Reading> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)!.value;
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const types = snapshot.snapshot.meta.node_types[0];
  let jsBytes = 0;
  let jsObjects = 0;
  let nativeObjects = 0;
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt]];
    if (JS_TYPES.has(type)) {
      jsBytes += snapshot.nodes[i + sizeAt];
      jsObjects++;
    } else if (type === 'native') {
      const name = snapshot.strings[snapshot.nodes[i + nameAt]];
      // "system / ..." is V8's own bookkeeping (weak lists of compiled code), which grows with tiering.
      if (!name.startsWith('system / ') && !REQUEST_RECORDS.has(name)) nativeObjects++;
    }
  }
  return { listeners: metric('JSEventListeners'), heapKiB: metric('JSHeapUsedSize') / 1024, jsKiB: jsBytes / 1024, jsObjects, nativeObjects };
}

describe('create -> start -> startTour -> destroy, 200 times', () => {
  // With an endpoint (the demo's set-up: outbox database, Web Lock, beacons) and without one.
  // A generous storage bound: a 2-core machine under load must not turn slow IndexedDB into a
  // reported failure here (store/storage-faults.browser.test.ts covers the bound).
  it.each([
    ['with an endpoint', '?timeout=60000'],
    ['without an endpoint', '?timeout=60000&endpoint=0'],
  ])('%s: listeners and retained objects return to the baseline; no node, connection, channel, lock or history wrapper is left', async (_name, query) => {
    const context = await session.browser.newContext();
    await context.addInitScript(countConnections);
    const page = await context.newPage();
    const pageErrors = watchPageErrors(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(new URL(query, session.server.url).href);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    const cycles = (n: number) => page.evaluate((count) => (window as any).lifecycle.cycles(count), n);

    // Warm-up: compiled code, caches and the databases' creation are paid once.
    await cycles(10);
    await settled(page);
    const warm = await measure(cdp);
    await cycles(90);
    await settled(page);
    const at100 = await measure(cdp);
    await cycles(100);
    await settled(page);
    const at200 = await measure(cdp);
    console.info(
      `lifecycle ${query}: listeners ${warm.listeners} / ${at100.listeners} / ${at200.listeners} (10 / 100 / 200 cycles); ` +
        `JSHeapUsedSize ${warm.heapKiB.toFixed(0)} / ${at100.heapKiB.toFixed(0)} / ${at200.heapKiB.toFixed(0)} KiB; ` +
        `last 100 cycles: heap ${(at200.heapKiB - at100.heapKiB).toFixed(1)} KiB, JS values ${(at200.jsKiB - at100.jsKiB).toFixed(1)} KiB ` +
        `(${at200.jsObjects - at100.jsObjects}), native objects ${at200.nativeObjects - at100.nativeObjects}`,
    );

    expect(await page.evaluate(() => (window as any).lifecycle.errors)).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await page.evaluate(() => (window as any).lifecycle.leftovers())).toEqual({ hosts: 0, pushStateWrapped: false });
    // The same listeners as after warm-up (±2 for the browser's own bookkeeping). Before: +4 per
    // cycle. Read again until they are back (a busy machine may count the last instance's before
    // the renderer has let them go): a leak never comes back, whatever the wait.
    const listenersNow = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSEventListeners')!.value;
    };
    expect(Math.abs(at100.listeners - warm.listeners)).toBeLessThanOrEqual(2);
    await expect.poll(async () => Math.abs((await listenersNow()) - warm.listeners), { timeout: 15_000 }).toBeLessThanOrEqual(2);
    // Heap over the last 100 cycles, from a heap snapshot rather than JSHeapUsedSize: the latter
    // also counts V8's optimized code, which keeps growing for hundreds of cycles as functions
    // tier up (50-110 KiB per 100 cycles here, fixed or not: warm-up, not a leak, so no bound on
    // it can tell the two apart without flaking). JS values retained by the SDK measured
    // 0 KiB / 0 objects after the fix, against about 48 KiB and 4,600 JS and native objects per
    // 100 cycles before it. 16 KiB and 100 objects leave room for the engine's own strings and
    // numbers while catching a leak of even 0.2 KiB per cycle.
    expect(at200.jsKiB - at100.jsKiB).toBeLessThan(16);
    expect(at200.jsObjects - at100.jsObjects).toBeLessThan(100);
    expect(at200.nativeObjects - at100.nativeObjects).toBeLessThan(100);
    // Nobody holds the progress database open: deleting it succeeds at once instead of being blocked.
    const deleted = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const request = indexedDB.deleteDatabase('guidepost');
          request.onsuccess = () => resolve('success');
          request.onerror = () => resolve('error');
          request.onblocked = () => resolve('blocked');
        }),
    );
    expect(deleted).toBe('success');
    await context.close();
  });
});
