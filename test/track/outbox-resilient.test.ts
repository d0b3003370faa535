/**
 * What `resilientOutbox` (src/track/outbox-resilient.ts) remembers, to carry into memory when the
 * primary store fails, in a long-lived page. It remembers what this page put or listed; when the
 * events leave the shared store behind its back (another tab delivered them, or dropped them past
 * the bound), it must let them go once it sees they are gone (`ids()`, read by the send loop's
 * reconcile), or (1) what it remembers grows with every event the page ever emitted, and (2) a
 * later failure carries delivered events into memory, where this page sends them again. It holds
 * no more than the outbox's bound either way, and nothing once it has switched to memory.
 * What it already carried over (put, listed, meta; not what it deleted) is in outbox.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { memoryOutbox, resilientOutbox, type OutboxRecord, type OutboxStore } from '../../src/track/outbox';
import { uuidv7 } from '../../src/track/uuid';
import { makeEvent } from '../fixtures/events';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const rec = (ms: number): OutboxRecord => {
  const id = uuidv7(T0 + ms);
  return { id, event: makeEvent({ event_id: id, type: 'goal', name: `e${ms}`, item_id: undefined }), state: 'queued' };
};
const idsOf = (records: OutboxRecord[]) => records.map((r) => r.id);

/** The shared store (`shared`: what other tabs change) behind a primary that fails after `fail()`; puts can be held. */
function primary() {
  const shared = memoryOutbox();
  let broken = false;
  let holding: Array<() => void> | undefined;
  const check = () => (broken ? Promise.reject(new DOMException('The operation timed out', 'TimeoutError')) : Promise.resolve());
  const store: OutboxStore = {
    kind: 'indexeddb',
    put: (records) =>
      check().then(() => (holding ? new Promise<void>((resolve) => holding!.push(() => void shared.put(records).then(resolve))) : shared.put(records))),
    list: (limit, accept) => check().then(() => shared.list(limit, accept)),
    ids: () => check().then(() => shared.ids()),
    count: () => check().then(() => shared.count()),
    delete: (ids) => check().then(() => shared.delete(ids)),
    clear: () => check().then(() => shared.clear()),
    getMeta: (key) => check().then(() => shared.getMeta(key)),
    updateMeta: (key, update) => check().then(() => shared.updateMeta(key, update)),
  };
  return {
    store,
    shared,
    fail: () => void (broken = true),
    /** Puts from now on wait for `release()` before they reach the store. */
    hold: () => void (holding = []),
    release: () => holding?.splice(0).forEach((commit) => commit()),
  };
}

describe('a long-lived page whose events another tab delivers', () => {
  it('lets go of what left the shared store: a later failure brings none of it back into memory', async () => {
    const p = primary();
    const outbox = resilientOutbox(p.store, () => undefined);
    const kept = rec(0);
    await outbox.put([kept]);
    for (let i = 1; i <= 1_000; i++) {
      const record = rec(i);
      await outbox.put([record]); // this page emits an event...
      await p.shared.delete([record.id]); // ...another tab delivers it
      if (i % 50 === 0) await outbox.ids(); // this page's reconcile learns it
    }
    p.fail();
    expect(idsOf(await outbox.list(10_000))).toEqual([kept.id]);
  });

  it('does not let go of a record whose put has not reached the store when ids() is read', async () => {
    const p = primary();
    const outbox = resilientOutbox(p.store, () => undefined);
    const record = rec(1);
    p.hold();
    const putting = outbox.put([record]);
    expect(await outbox.ids()).toEqual([]); // read before the put committed
    p.release();
    await putting;
    p.fail();
    expect(idsOf(await outbox.list(10))).toEqual([record.id]);
  });

  it('remembers at most `limit` records, the newest, even when the store is never read', async () => {
    const p = primary();
    const outbox = resilientOutbox(p.store, () => undefined, 5);
    const records = Array.from({ length: 12 }, (_, i) => rec(i));
    for (const record of records) await outbox.put([record]);
    await p.shared.clear(); // whatever happened to them meanwhile
    p.fail();
    expect(idsOf(await outbox.list(100))).toEqual(idsOf(records.slice(-5)));
  });
});
