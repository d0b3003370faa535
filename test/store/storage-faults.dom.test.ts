/**
 * Storage and tab sync under faults, in happy-dom with fake-indexeddb: IndexedDB connections
 * that close on `close()` (and reopen when used again), operations bounded in time when the
 * database never answers, a never-answering open let go on close, the outbox degrading
 * instead of hanging delivery, and a BroadcastChannel that throws.
 */
import { describe, expect, it, vi } from 'vitest';
import { idbConnection } from '../../src/store/idb';
import { indexedDbStorage, resilientStorage } from '../../src/store/storage';
import { openTabChannel, type TabMessage } from '../../src/store/tabs';
import { browserOutbox, indexedDbOutbox, resilientOutbox } from '../../src/track/outbox';
import { fakeTransport, freshDbName, goal, tracker } from '../support/delivery-helpers';

/** fake-indexeddb's factory, counting the connections it opened and how many were closed. */
function countingFactory() {
  const counts = { opened: 0, closed: 0 };
  const factory = {
    open(name: string, version?: number) {
      const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
      request.addEventListener('success', () => {
        counts.opened++;
        const db = request.result;
        const close = db.close.bind(db);
        db.close = () => {
          counts.closed++;
          close();
        };
      });
      return request;
    },
  } as unknown as IDBFactory;
  return { counts, factory: () => factory };
}

/** A factory whose open requests never fire anything (some private modes, locked profiles). */
function silentFactory() {
  const requests: Record<string, unknown>[] = [];
  const factory = {
    open() {
      const request: Record<string, unknown> = { result: undefined, error: null };
      requests.push(request);
      return request;
    },
  } as unknown as IDBFactory;
  return { requests, factory: () => factory };
}

describe('IndexedDB connections', () => {
  it('close() closes the connection; a later operation reopens it and it closes again when done', async () => {
    const { counts, factory } = countingFactory();
    const storage = indexedDbStorage(freshDbName(), 'kv', { factory });
    await storage.set('a', { n: 1 });
    expect(await storage.get('a')).toEqual({ n: 1 });
    expect(counts).toEqual({ opened: 1, closed: 0 });
    storage.close!();
    expect(counts).toEqual({ opened: 1, closed: 1 });
    // A write queued before destroy() ran still lands, and does not leave the connection open.
    await storage.set('b', 2);
    expect(counts).toEqual({ opened: 2, closed: 2 });
    expect(await storage.get('b')).toBe(2);
    expect(counts).toEqual({ opened: 3, closed: 3 });
  });

  it('close() while operations are in flight waits for them, then closes', async () => {
    const { counts, factory } = countingFactory();
    const storage = indexedDbStorage(freshDbName(), 'kv', { factory });
    const writing = storage.set('a', 1);
    storage.close!();
    await writing;
    expect(counts).toEqual({ opened: 1, closed: 1 });
  });

  it('an open that never answers fails within the bound; later operations fail at once, without another open', async () => {
    const { requests, factory } = silentFactory();
    const connection = idbConnection({ name: 'silent', stores: ['kv'], timeoutMs: 20, factory });
    await expect(connection.run(async () => 'never')).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(connection.run(async () => 'never')).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(requests).toHaveLength(1);
  });

  it('a database that answers late is used again', async () => {
    const { requests, factory } = silentFactory();
    const connection = idbConnection({ name: 'late', stores: ['kv'], timeoutMs: 20, factory });
    await expect(connection.run(async () => 'x')).rejects.toMatchObject({ name: 'TimeoutError' });
    const db = { close: vi.fn(), objectStoreNames: { contains: () => true } };
    requests[0].result = db;
    (requests[0].onsuccess as (event: unknown) => void)({ target: requests[0] });
    // Let the stuck operation finish (promise turns only).
    await new Promise((resolve) => setImmediate(resolve));
    expect(await connection.run(async (opened) => opened === (db as unknown))).toBe(true);
  });

  it('close() lets go of a request that never answered: if it opens later, it is closed at once', async () => {
    const { requests, factory } = silentFactory();
    const connection = idbConnection({ name: 'abandoned', stores: ['kv'], timeoutMs: 20, factory });
    await expect(connection.run(async () => 'x')).rejects.toMatchObject({ name: 'TimeoutError' });
    connection.close();
    const request = requests[0];
    expect(request.onerror).toBeNull();
    // The handler left on the request is a module-level function: it holds no instance.
    expect((request.onsuccess as () => void).toString()).not.toMatch(/resolve|opening|connection/);
    const db = { close: vi.fn() };
    request.result = db;
    (request.onsuccess as (event: unknown) => void)({ target: request });
    expect(db.close).toHaveBeenCalledTimes(1);
  });

  it('resilient storage over a silent database: reads and writes resolve (memory), one report', async () => {
    const { factory } = silentFactory();
    const report = vi.fn();
    const storage = resilientStorage(indexedDbStorage('silent-kv', 'kv', { factory, timeoutMs: 20 }), report);
    const [a, b] = await Promise.all([storage.get('progress'), storage.get('identity')]);
    expect([a, b]).toEqual([undefined, undefined]);
    await storage.set('identity', { id: 1 });
    expect(await storage.get('identity')).toEqual({ id: 1 });
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toMatch(/TimeoutError.*did not answer within 20 ms/);
  });
});

describe('the outbox database', () => {
  it('an outbox whose open never answers degrades to memory: events are still delivered', async () => {
    const { factory } = silentFactory();
    const fake = fakeTransport();
    const { tracker: t, reports } = tracker({ transport: fake.transport, outbox: indexedDbOutbox('silent-outbox', factory, { timeoutMs: 20 }) });
    t.emit(goal('a'));
    await t.flush();
    await expect.poll(() => fake.calls.length).toBe(1);
    expect(reports.filter((r) => r.includes('keeping undelivered events in memory'))).toHaveLength(1);
    t.dispose();
  });

  it('close() is passed on, and a degraded outbox lets go of its database at once', async () => {
    const close = vi.fn();
    const outbox = resilientOutbox({ ...indexedDbOutbox(freshDbName()), close, put: () => Promise.reject(new Error('quota')) }, vi.fn());
    await outbox.put([]);
    expect(close).toHaveBeenCalledTimes(1);
    outbox.close!();
    expect(close).toHaveBeenCalledTimes(2);
  });

  it('the IndexedDB outbox closes its connection on close(), also after a last write', async () => {
    const { counts, factory } = countingFactory();
    const outbox = indexedDbOutbox(freshDbName(), factory);
    await outbox.put([{ id: '1', event: goal('x') as never, state: 'queued' }]);
    outbox.close!();
    expect(counts).toEqual({ opened: 1, closed: 1 });
    expect(await outbox.count()).toBe(1);
    expect(counts).toEqual({ opened: 2, closed: 2 });
  });

  it('browserOutbox passes the bound on', async () => {
    const report = vi.fn();
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => ({}) as IDBOpenDBRequest);
    try {
      const outbox = browserOutbox(report, freshDbName(), { timeoutMs: 20 });
      expect(await outbox.count()).toBe(0);
      expect(report).toHaveBeenCalledTimes(1);
      expect(report.mock.calls[0][0].message).toMatch(/did not answer within 20 ms/);
      outbox.close!();
    } finally {
      open.mockRestore();
    }
  });
});

describe('tab channel', () => {
  it('a throwing BroadcastChannel constructor: no channel, one report', () => {
    const report = vi.fn();
    const Throwing = function () {
      throw new DOMException('opaque origin', 'SecurityError');
    } as unknown as typeof BroadcastChannel;
    expect(openTabChannel('guidepost', 'tab', { BroadcastChannel: Throwing }, report)).toBeUndefined();
    expect(report).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0][0].message).toMatch(/BroadcastChannel\) failed, this tab works alone: SecurityError/);
  });

  it('a throwing postMessage is reported once; close() is idempotent and drops the handler', () => {
    const report = vi.fn();
    const instances: FakeChannel[] = [];
    class FakeChannel {
      onmessage: ((event: MessageEvent) => void) | null = null;
      closed = 0;
      constructor() {
        instances.push(this);
      }
      postMessage() {
        throw new DOMException('cannot post', 'DataCloneError');
      }
      close() {
        this.closed++;
      }
    }
    const channel = openTabChannel('guidepost', 'tab', { BroadcastChannel: FakeChannel as unknown as typeof BroadcastChannel }, report)!;
    const heard: TabMessage[] = [];
    channel.subscribe((m) => heard.push(m));
    instances[0].onmessage!({ data: { kind: 'hello', tab: 'other' } } as MessageEvent);
    expect(heard).toHaveLength(1);
    channel.post({ kind: 'hello', tab: 'tab' });
    channel.post({ kind: 'hello', tab: 'tab' });
    expect(report).toHaveBeenCalledTimes(1);
    channel.close();
    channel.close();
    expect(instances[0].closed).toBe(1);
    expect(instances[0].onmessage).toBeNull();
    // After close, posting is a no-op, not a second report.
    channel.post({ kind: 'hello', tab: 'tab' });
    expect(report).toHaveBeenCalledTimes(1);
  });
});
