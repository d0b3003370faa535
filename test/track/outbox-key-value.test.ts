/**
 * The key-value outbox (src/track/outbox-key-value.ts) beyond the store contract that
 * test/track/outbox.test.ts runs on it: the layout under its prefix, replacing by id, what it
 * does with junk another script (or a corrupt profile) left under its key — cleaned once,
 * reported once naming the key, never thrown — failures of the host's storage (that operation
 * only), ordering of its serialized read-modify-write cycles, and prototype-ish ids and keys.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keyValueOutbox } from '../../src/track/outbox-key-value';
import { serialOn } from '../../src/track/storage-turns';
import { deferDelivery } from '../../src/track/deferred-delivery';
import type { OutboxRecord } from '../../src/track/outbox';
import { memoryStorage, resilientStorage, type KeyValueStorage } from '../../src/store/storage';
import { recordAt } from '../support/delivery-config';
import { makeEvent } from '../fixtures/events';

const ids = (records: OutboxRecord[]) => records.map((r) => r.id);

/** A memory storage that logs sets and can be made to fail its next get/set. */
function spiedStorage(inner: KeyValueStorage = memoryStorage()) {
  const sets: Array<[string, unknown]> = [];
  const fail = { get: 0, set: 0 };
  const storage: KeyValueStorage = {
    kind: 'host',
    get: (key) => (fail.get-- > 0 ? Promise.reject(new Error('storage read failed')) : inner.get(key)),
    set: (key, value) => {
      sets.push([key, value]);
      return fail.set-- > 0 ? Promise.reject(new Error('QuotaExceededError')) : inner.set(key, value);
    },
    delete: (key) => inner.delete(key),
  };
  return { storage, inner, sets, fail };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('layout', () => {
  it('names itself after the storage, and keeps its records under "outbox:events" by default', async () => {
    const { storage, inner } = spiedStorage();
    const outbox = keyValueOutbox(storage);
    expect(outbox.kind).toBe('kv:host');
    const a = recordAt(1);
    await outbox.put([a]);
    await outbox.updateMeta<number>('dropped', () => 2);
    expect(await inner.get('outbox:events')).toEqual([a]);
    expect(await inner.get('outbox:meta:dropped')).toBe(2);
  });

  it('two prefixes on one storage are two outboxes (records, meta and clear)', async () => {
    const storage = memoryStorage();
    const one = keyValueOutbox(storage, 'one');
    const two = keyValueOutbox(storage, 'two');
    await one.put([recordAt(1)]);
    await two.put([recordAt(2), recordAt(3)]);
    await one.updateMeta<number>('retryAt', () => 5);
    await one.clear();
    expect([await one.count(), await two.count()]).toEqual([0, 2]);
    expect([await one.getMeta('retryAt'), await two.getMeta('retryAt')]).toEqual([5, undefined]);
  });

  it('a put replaces records by id in place of the stored one, the list staying sorted by id', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const [a, b, c] = [recordAt(1), recordAt(2), recordAt(3)];
    await outbox.put([c, a, b]);
    await outbox.put([{ ...b, state: 'beaconed', beaconedAt: 9, page: 'p' }]);
    const listed = await outbox.list(10);
    expect(ids(listed)).toEqual(ids([a, b, c]));
    expect(listed[1]).toMatchObject({ id: b.id, state: 'beaconed', beaconedAt: 9, page: 'p' });
  });

  it('an empty put or delete leaves the stored list as it was', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const a = recordAt(1);
    await outbox.put([a]);
    await outbox.put([]);
    await outbox.delete([]);
    expect(await outbox.list(10)).toEqual([a]);
  });

  it('list(limit) with limit 0 returns nothing and Infinity everything', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    await outbox.put([recordAt(1), recordAt(2)]);
    expect(await outbox.list(0)).toEqual([]);
    expect(await outbox.list(Infinity)).toHaveLength(2);
  });

  it('a large queue: list takes the oldest `limit` after `accept`, count and ids see them all', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const records = Array.from({ length: 2000 }, (_, i) => recordAt(2000 - i)); // put newest first
    await outbox.put(records);
    const firstFifty = (await outbox.list(50)).map((r) => r.event.name);
    expect(firstFifty).toEqual(Array.from({ length: 50 }, (_, i) => `e${i + 1}`));
    const odd = await outbox.list(3, (r) => Number(r.event.name!.slice(1)) % 2 === 1);
    expect(odd.map((r) => r.event.name)).toEqual(['e1', 'e3', 'e5']);
    expect(await outbox.count()).toBe(2000);
    expect((await outbox.ids()).length).toBe(2000);
  });
});

describe('junk under its key (another script, an older version, a corrupt profile)', () => {
  const junk = () => [
    null,
    7,
    'x',
    [],
    { id: 'a', state: 'queued' }, // no event
    { id: 'b', state: 'sent', event: makeEvent({ event_id: 'b' }) }, // unknown state
    { id: 'c', state: 'queued', event: makeEvent({ event_id: 'other' }) }, // keyed by another id
    { id: '', state: 'queued', event: makeEvent({ event_id: '' }) },
    { id: 'x'.repeat(65), state: 'queued', event: makeEvent({ event_id: 'x'.repeat(65) }) },
    { id: 42, state: 'queued', event: makeEvent({ event_id: 42 as never }) },
  ];

  it('reads only the records, writes the cleaned list back at once and reports the count and the key once', async () => {
    const { storage, inner, sets } = spiedStorage();
    const valid = [recordAt(1), recordAt(2)];
    await inner.set('box:events', [junk()[0], valid[0], ...junk().slice(1), valid[1]]);
    const reports: Error[] = [];
    const outbox = keyValueOutbox(storage, 'box', (e) => reports.push(e));
    expect(await outbox.list(10)).toEqual(valid);
    expect(sets).toEqual([['box:events', valid]]);
    expect(await inner.get('box:events')).toEqual(valid);
    // Cleaned: later reads find nothing to report, whatever the operation.
    expect(await outbox.count()).toBe(2);
    expect(await outbox.ids()).toEqual(ids(valid));
    expect(reports.map((e) => e.message)).toEqual(['Guidepost discarded 10 unreadable outbox record(s) in storage key "box:events"']);
  });

  it('a value that is not a list counts as one unreadable entry and is replaced by an empty list', async () => {
    for (const value of ['garbage', 42, { 0: recordAt(1) }, null, true]) {
      const storage = memoryStorage();
      await storage.set('outbox:events', value);
      const reports: string[] = [];
      const outbox = keyValueOutbox(storage, 'outbox', (e) => reports.push(e.message));
      expect([value, await outbox.count()]).toEqual([value, 0]);
      expect(await storage.get('outbox:events')).toEqual([]);
      expect(reports).toEqual(['Guidepost discarded 1 unreadable outbox record(s) in storage key "outbox:events"']);
    }
  });

  it('junk is dropped before a put, so the put keeps the valid records and adds its own', async () => {
    const storage = memoryStorage();
    const old = recordAt(1);
    await storage.set('outbox:events', [old, 'junk', { id: 1 }]);
    const outbox = keyValueOutbox(storage, 'outbox', () => undefined);
    const fresh = recordAt(2);
    await outbox.put([fresh]);
    expect(await storage.get('outbox:events')).toEqual([old, fresh]);
  });

  it('without a reporter, junk is still cleaned (nothing thrown)', async () => {
    const storage = memoryStorage();
    await storage.set('outbox:events', [1, 2, 3]);
    await expect(keyValueOutbox(storage).list(10)).resolves.toEqual([]);
    expect(await storage.get('outbox:events')).toEqual([]);
  });

  it('records read back through JSON with "__proto__" and "constructor" keys pollute nothing and go out as stored', async () => {
    const storage = memoryStorage();
    const base = recordAt(1);
    const text = JSON.stringify([{ ...base, event: { ...base.event, properties: { a: 1 } } }]).replace('"properties":{', '"properties":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},');
    await storage.set('outbox:events', JSON.parse(text));
    const outbox = keyValueOutbox(storage);
    const [listed] = await outbox.list(10);
    expect(listed.id).toBe(base.id);
    expect(Object.keys(listed.event.properties!)).toEqual(['__proto__', 'constructor', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ids like "__proto__", "constructor" and "hasOwnProperty" are ordinary ids', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const weird = ['__proto__', 'constructor', 'hasOwnProperty'].map((id) => ({ id, state: 'queued' as const, event: makeEvent({ event_id: id }) }));
    await outbox.put(weird);
    expect(await outbox.ids()).toEqual(['__proto__', 'constructor', 'hasOwnProperty']);
    await outbox.delete(['constructor']);
    expect(await outbox.ids()).toEqual(['__proto__', 'hasOwnProperty']);
    await outbox.updateMeta<number>('__proto__', () => 3);
    expect(await outbox.getMeta<number>('__proto__')).toBe(3);
  });

  it('control characters and long strings in events are kept byte for byte', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const base = recordAt(1);
    const name = '\u0000\u0007\u001b[31m\u2028\u2029\ud83d\ude00' + 'y'.repeat(100_000);
    await outbox.put([{ ...base, event: { ...base.event, name } }]);
    expect((await outbox.list(1))[0].event.name).toBe(name);
  });
});

describe("failures of the host's storage", () => {
  it('a failed read rejects that operation only; the next ones run', async () => {
    const { storage, fail } = spiedStorage();
    const outbox = keyValueOutbox(storage);
    await outbox.put([recordAt(1)]);
    fail.get = 1;
    const results = await Promise.allSettled([outbox.count(), outbox.ids(), outbox.list(5)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('storage read failed');
  });

  it('a put whose write fails leaves the stored list unchanged (nothing half-written)', async () => {
    const { storage, inner, fail } = spiedStorage();
    const outbox = keyValueOutbox(storage);
    const a = recordAt(1);
    await outbox.put([a]);
    fail.set = 1;
    await expect(outbox.put([recordAt(2)])).rejects.toThrow('QuotaExceededError');
    expect(await inner.get('outbox:events')).toEqual([a]);
  });

  it('an update function that throws rejects updateMeta and writes nothing; later updates see the old value', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    await outbox.updateMeta<number>('dropped', () => 1);
    await expect(
      outbox.updateMeta<number>('dropped', () => {
        throw new Error('bad update');
      }),
    ).rejects.toThrow('bad update');
    expect(await outbox.updateMeta<number>('dropped', (old) => (old ?? 0) + 1)).toBe(2);
  });

  it('a storage whose get throws synchronously still only rejects (never throws at the caller)', async () => {
    const storage: KeyValueStorage = {
      kind: 'broken',
      get: () => {
        throw new Error('sync get');
      },
      set: async () => undefined,
      delete: async () => undefined,
    };
    const outbox = keyValueOutbox(storage);
    let pending: Promise<unknown> | undefined;
    expect(() => (pending = outbox.count())).not.toThrow();
    await expect(pending).rejects.toThrow('sync get');
  });
});

describe('serialized read-modify-write', () => {
  it('applies operations in call order: clear drops what was put before it, keeps what comes after', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const [a, b, c] = [recordAt(1), recordAt(2), recordAt(3)];
    const before = outbox.put([a, b]);
    const cleared = outbox.clear();
    const after = outbox.put([c]);
    const counted = outbox.count();
    await Promise.all([before, cleared, after]);
    expect(await counted).toBe(1);
    expect(await outbox.ids()).toEqual([c.id]);
  });

  it('a delete queued behind a put of the same id wins; a put queued behind a delete brings it back', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const a = recordAt(1);
    await Promise.all([outbox.put([a]), outbox.delete([a.id])]);
    expect(await outbox.count()).toBe(0);
    await Promise.all([outbox.delete([a.id]), outbox.put([a])]);
    expect(await outbox.ids()).toEqual([a.id]);
  });

  it('getMeta waits for an updateMeta called before it', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const updated = outbox.updateMeta<number>('retryAt', () => 123);
    await expect(outbox.getMeta<number>('retryAt')).resolves.toBe(123);
    await updated;
  });

  it('stores copies (a record changed after put is not changed in storage)', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const a = recordAt(1);
    await outbox.put([a]);
    a.state = 'beaconed';
    expect((await outbox.list(1))[0].state).toBe('queued');
  });
});

describe('a put with the same id twice stores one record, the last', () => {
  // OutboxStore.put: "Adds records, or replaces those with the same id" — one record per id
  // (memoryOutbox and IndexedDB keep the last), also when the ids repeat within one put.
  it('keeps the last record of an id, once', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const a = recordAt(1);
    await outbox.put([a, { ...a, state: 'beaconed', beaconedAt: 1, page: 'p' }]);
    expect(await outbox.count()).toBe(1);
    expect(await outbox.list(10)).toEqual([{ ...a, state: 'beaconed', beaconedAt: 1, page: 'p' }]);
  });

  it('also when that id is already stored', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    const [a, b] = [recordAt(1), recordAt(2)];
    await outbox.put([a, b]);
    await outbox.put([{ ...b, state: 'beaconed', beaconedAt: 1, page: 'p' }, b, { ...b, state: 'beaconed', beaconedAt: 2, page: 'q' }]);
    expect(await outbox.list(10)).toEqual([a, { ...b, state: 'beaconed', beaconedAt: 2, page: 'q' }]);
  });
});

describe('list() with a negative limit returns nothing', () => {
  // "Up to `limit` records": memoryOutbox and the IndexedDB outbox return none for limit <= 0,
  // and so does this one (a bare `slice(0, -1)` would return all but the last).
  it('returns nothing for limit -1, like the other stores', async () => {
    const outbox = keyValueOutbox(memoryStorage());
    await outbox.put([recordAt(1), recordAt(2), recordAt(3)]);
    expect(await outbox.list(-1)).toEqual([]);
    expect(await outbox.list(-Infinity)).toEqual([]);
    expect(await outbox.list(NaN)).toEqual([]);
  });
});

describe('two outboxes on one storage keep each other’s writes', () => {
  // The read-modify-write cycles are serialized per storage object, not per outbox: two outboxes
  // on the same storage (two widgets, React StrictMode's create/destroy/create, the deferred
  // writer in deferred-delivery.ts) take turns, so neither writes back a list without the
  // other's events.
  it('keeps the events both put at the same time', async () => {
    const storage = memoryStorage();
    const one = keyValueOutbox(storage);
    const two = keyValueOutbox(storage);
    const [a, b] = [recordAt(1, 'from-one'), recordAt(2, 'from-two')];
    await Promise.all([one.put([a]), two.put([b])]);
    expect((await one.list(10)).map((r) => r.event.name)).toEqual(['from-one', 'from-two']);
  });

  /** A memory storage whose reads answer a few ms after reading: without turns, two writers read the same list. */
  const slowStorage = () => {
    const inner = memoryStorage();
    const get = async <T>(key: string) => {
      const value = await inner.get<T>(key);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return value;
    };
    const storage: KeyValueStorage = { ...inner, kind: 'slow', get };
    return storage;
  };

  it('two instances each wrapping the host storage (resilientStorage) share its turns', async () => {
    const host = slowStorage();
    const one = keyValueOutbox(resilientStorage(host, () => undefined));
    const two = keyValueOutbox(resilientStorage(host, () => undefined));
    await Promise.all([one.put([recordAt(1, 'from-one')]), two.put([recordAt(2, 'from-two')])]);
    expect((await one.list(10)).map((r) => r.event.name).sort()).toEqual(['from-one', 'from-two']);
  });

  it('a new outbox on a storage an earlier one still writes to (React StrictMode) sees that write', async () => {
    const storage = slowStorage();
    const first = keyValueOutbox(storage);
    const a = recordAt(1);
    const writing = first.put([a]); // the first instance is destroyed with this still in flight
    const second = keyValueOutbox(storage);
    await second.put([recordAt(2)]);
    await writing;
    expect(await second.count()).toBe(2);
  });

  it('a failure in one outbox’s turn does not stop the other outbox on the storage', async () => {
    const { storage, fail } = spiedStorage();
    const [one, two] = [keyValueOutbox(storage), keyValueOutbox(storage)];
    fail.set = 1;
    const results = await Promise.allSettled([one.put([recordAt(1)]), two.put([recordAt(2)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await one.count()).toBe(1);
  });

  it('serialOn gives other writers of the storage turns in the same queue, in call order', async () => {
    const storage = slowStorage();
    const outbox = keyValueOutbox(storage);
    const order: string[] = [];
    await Promise.all([
      outbox.put([recordAt(1)]).then(() => order.push('put')),
      serialOn(storage, async () => order.push(`read ${((await storage.get<unknown[]>('outbox:events')) ?? []).length}`)),
      outbox.delete([recordAt(1).id]).then(() => order.push('delete')),
    ]);
    expect(order).toEqual(['put', 'read 1', 'delete']);
  });

  it('the writer of deferred-delivery.ts (events waiting while the pipeline cannot load) takes turns with the outbox', async () => {
    const storage = slowStorage();
    const outbox = keyValueOutbox(storage);
    const delivery = deferDelivery(
      { outbox: { keyValue: storage }, report: () => undefined, clock: () => Date.now(), transport: { send: async () => undefined } },
      'granted',
      () => Promise.reject(new Error('chunk failed to load')),
      () => undefined,
    );
    const putting = outbox.put([recordAt(1, 'from-pipeline')]);
    delivery.enqueue(recordAt(2, 'waiting').event); // the load fails: it is written to the outbox from there
    await putting;
    await expect.poll(async () => (await outbox.list(10)).map((r) => r.event.name)).toEqual(['from-pipeline', 'waiting']);
    delivery.dispose();
  });
});
