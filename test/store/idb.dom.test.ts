/**
 * src/store/idb.ts on its own: idbConnection's bound on every operation (an open that never
 * answers, with fake timers: TimeoutError exactly at timeoutMs, later operations failing at
 * once while stalled, recovery when the stuck open answers or fails late), close() with
 * operations in flight, reopening after close, a versionchange from another connection
 * (fake-indexeddb), and an abandoned open request that holds nothing of the instance (by GC).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_STORAGE_TIMEOUT_MS, idbConnection, type IdbConnectionOptions } from '../../src/store/idb';
import { freshDbName } from '../support/delivery-helpers';

type FakeRequest = { result?: unknown; error?: unknown; onsuccess?: ((e: unknown) => void) | null; onerror?: ((e: unknown) => void) | null; onupgradeneeded?: unknown };

/** Open requests that answer only when the test says so (some private modes never do). */
function heldFactory() {
  const requests: FakeRequest[] = [];
  const factory = { open: () => (requests.push({}), requests.at(-1)) } as unknown as IDBFactory;
  const answer = (request: FakeRequest, db: object) => {
    request.result = db;
    request.onsuccess?.({ target: request });
  };
  return { requests, factory: () => factory, answer };
}
/** An open database with every store asked for (the connection checks before using it). */
const fakeDb = () => ({ close: vi.fn(), version: 1, objectStoreNames: { contains: () => true }, onversionchange: null as null | (() => void), onclose: null as null | (() => void) });
/** Every promise turn queued so far has run (setImmediate is not faked here). */
const turns = () => new Promise((resolve) => setImmediate(resolve));
/** The outcome of `promise` if it settled within the current turns, else 'pending'. */
async function outcome(promise: Promise<unknown>): Promise<unknown> {
  const seen = promise.then((v) => ({ value: v }), (e: Error) => ({ error: e.name }));
  return Promise.race([seen, turns().then(() => 'pending')]);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('an open that never answers', () => {
  const timers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

  it('the operation rejects with TimeoutError exactly at timeoutMs', async () => {
    timers();
    const { factory } = heldFactory();
    const running = idbConnection({ name: 'held', stores: ['kv'], timeoutMs: 500, factory }).run(async () => 'never');
    const settled = running.catch((e: Error) => e);
    await vi.advanceTimersByTimeAsync(499);
    expect(await outcome(running)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled).toMatchObject({ name: 'TimeoutError', message: 'IndexedDB "held" did not answer within 500 ms' });
  });

  it('an unset, zero or negative bound is the default; Infinity is capped, not turned into 1 ms', async () => {
    timers();
    for (const timeoutMs of [undefined, 0, -5, Number.NaN]) {
      const running = idbConnection({ name: 'd', stores: [], timeoutMs, factory: heldFactory().factory }).run(async () => 1);
      const settled = running.catch((e: Error) => e.message);
      await vi.advanceTimersByTimeAsync(DEFAULT_STORAGE_TIMEOUT_MS - 1);
      expect(await outcome(running)).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(await settled).toBe(`IndexedDB "d" did not answer within ${DEFAULT_STORAGE_TIMEOUT_MS} ms`);
    }
    const endless = idbConnection({ name: 'inf', stores: [], timeoutMs: Infinity, factory: heldFactory().factory }).run(async () => 1);
    const settled = endless.catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(DEFAULT_STORAGE_TIMEOUT_MS);
    expect(await outcome(endless)).toBe('pending');
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(await settled).toBe(`IndexedDB "inf" did not answer within ${2 ** 31 - 1} ms`);
  });

  it('while stalled, later operations fail at once with the same error, without opening or running', async () => {
    timers();
    const { requests, factory } = heldFactory();
    const connection = idbConnection({ name: 'held', stores: ['kv'], timeoutMs: 100, factory });
    const first = connection.run(async () => 'never').catch((e: Error) => e);
    await vi.advanceTimersByTimeAsync(100);
    const stalled = await first;
    const work = vi.fn(async () => 'x');
    await expect(connection.run(work)).rejects.toBe(stalled);
    await expect(connection.run(work)).rejects.toBe(stalled);
    expect(work).not.toHaveBeenCalled();
    expect(requests).toHaveLength(1);
  });

  it('recovers when the stuck open answers: the late work runs, later operations use that database', async () => {
    timers();
    const { requests, factory, answer } = heldFactory();
    const connection = idbConnection({ name: 'held', stores: ['kv'], timeoutMs: 100, factory });
    const lateWork = vi.fn(async (db: IDBDatabase) => db);
    const first = connection.run(lateWork).catch(() => 'timed out');
    await vi.advanceTimersByTimeAsync(100);
    expect(await first).toBe('timed out');
    const db = fakeDb();
    answer(requests[0], db);
    await turns();
    expect(lateWork).toHaveBeenCalledWith(db);
    expect(await connection.run(async (opened) => opened)).toBe(db);
    expect(requests).toHaveLength(1);
  });

  it('recovers when the stuck open fails late: the next operation opens again', async () => {
    timers();
    const { requests, factory } = heldFactory();
    const connection = idbConnection({ name: 'held', stores: ['kv'], timeoutMs: 100, factory });
    const first = connection.run(async () => 1).catch(() => 'timed out');
    await vi.advanceTimersByTimeAsync(100);
    await first;
    requests[0].error = new DOMException('locked', 'UnknownError');
    requests[0].onerror!({ target: requests[0] });
    await turns();
    const second = connection.run(async () => 2);
    expect(requests).toHaveLength(2);
    await expect(outcome(second)).resolves.toBe('pending');
  });
});

describe('close', () => {
  it('with operations in flight: closes when the last one settles, not before', async () => {
    const { requests, factory, answer } = heldFactory();
    const connection = idbConnection({ name: 'busy', stores: ['kv'], factory });
    let release!: (v: string) => void;
    const gate = new Promise<string>((resolve) => (release = resolve));
    const slow = connection.run(() => gate);
    const quick = connection.run(async () => 'quick');
    const db = fakeDb();
    answer(requests[0], db);
    connection.close();
    expect(await quick).toBe('quick');
    expect(db.close).not.toHaveBeenCalled();
    release('slow');
    expect(await slow).toBe('slow');
    expect(db.close).toHaveBeenCalledTimes(1);
  });

  it('a failed operation counts as settled too', async () => {
    const { requests, factory, answer } = heldFactory();
    const connection = idbConnection({ name: 'busy', stores: ['kv'], factory });
    const failing = connection.run(async () => Promise.reject(new Error('work failed')));
    const db = fakeDb();
    answer(requests[0], db);
    connection.close();
    await expect(failing).rejects.toThrow('work failed');
    expect(db.close).toHaveBeenCalledTimes(1);
  });

  it('reopens for an operation after close, sees what was written, and closes again', async () => {
    const name = freshDbName();
    const connection = idbConnection({ name, stores: ['kv'] });
    const put = (db: IDBDatabase) => new Promise<IDBDatabase>((resolve, reject) => {
      const tx = db.transaction('kv', 'readwrite');
      tx.objectStore('kv').put('v', 'k');
      tx.oncomplete = () => resolve(db);
      tx.onerror = () => reject(tx.error);
    });
    const get = (db: IDBDatabase) => new Promise<[IDBDatabase, unknown]>((resolve) => {
      const request = db.transaction('kv').objectStore('kv').get('k');
      request.onsuccess = () => resolve([db, request.result]);
    });
    const first = await connection.run(put);
    connection.close();
    expect(() => first.transaction('kv')).toThrow(/closed|InvalidStateError/i);
    const [second, value] = await connection.run(get);
    expect(value).toBe('v');
    expect(second).not.toBe(first);
    expect(() => second.transaction('kv')).toThrow(/closed|InvalidStateError/i);
  });
});

describe('versionchange', () => {
  it('another connection upgrading the database closes this one; the next operation reopens the new version', async () => {
    const name = freshDbName();
    const connection = idbConnection({ name, stores: ['kv'] });
    const first = await connection.run(async (db) => db);
    expect(first.version).toBe(1);
    // Another tab upgrades: it is only let through (not "blocked") if this connection closes.
    const other = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 2);
      request.onblocked = () => reject(new Error('blocked: the old connection stayed open'));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    other.close();
    const second = await connection.run(async (db) => db);
    expect(second).not.toBe(first);
    expect(second.version).toBe(2);
    connection.close();
  });
});

describe('an abandoned open request', () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  /** Opens through a request that never answers, times the operation out, maybe closes. */
  async function abandon(close: boolean) {
    const { requests, factory } = heldFactory();
    const options: IdbConnectionOptions = { name: 'abandoned', stores: ['kv'], timeoutMs: 10, factory };
    const connection = idbConnection(options);
    const running = connection.run(async () => 'never').catch(() => 'timed out');
    await vi.advanceTimersByTimeAsync(10);
    expect(await running).toBe('timed out');
    if (close) connection.close();
    return { request: requests[0], instance: new WeakRef(options) };
  }

  it('after close its handlers hold nothing of the instance (which is collected); without close they do', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const closed = await abandon(true);
    const open = await abandon(false);
    vi.useRealTimers();
    await turns();
    gc();
    await turns();
    expect(closed.request.onerror).toBeNull();
    // The upgrade handler goes too: a minifier may create it in the scope that opened the request.
    expect(closed.request.onupgradeneeded).toBeNull();
    expect(closed.instance.deref()).toBeUndefined();
    expect(open.instance.deref()).toBeDefined();
    // If it ever opens, the late connection is closed at once.
    const late = fakeDb();
    closed.request.result = late;
    closed.request.onsuccess!({ target: closed.request });
    expect(late.close).toHaveBeenCalledTimes(1);
    expect([open.request, closed.request]).toHaveLength(2); // both requests stay reachable until here
  });
});

describe('closed while stalled: the next operation opens again', () => {
  // close() lets go of the stuck open (its late answer only closes the connection it brings) and
  // clears the stall: an operation after close() opens again, bounded again.
  it('after the stuck open answers, an operation after close opens again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { requests, factory, answer } = heldFactory();
    const connection = idbConnection({ name: 'held', stores: ['kv'], timeoutMs: 100, factory });
    const first = connection.run(async () => 1).catch(() => 'timed out');
    await vi.advanceTimersByTimeAsync(100);
    await first;
    connection.close();
    answer(requests[0], fakeDb());
    await turns();
    const later = connection.run(async () => 'later');
    // Expected: a new open (held, so the operation is pending); actual: TimeoutError at once, no open.
    expect(await outcome(later)).toBe('pending');
    expect(requests).toHaveLength(2);
  });
});
