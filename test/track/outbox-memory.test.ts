/**
 * src/track/outbox-memory.ts: the in-memory outbox, the resilient outbox's fallback and what
 * tests inject. The contract it shares with the other stores (order, limit/accept, replace by id,
 * deletes, clear, meta, copies) is in outbox.test.ts; here, what the fallback adds or must hold
 * on its own: its kind, instances that share nothing, meta values cloned both ways, hostile
 * limits, records that cannot be cloned refused as IndexedDB refuses them, and an updateMeta
 * that throws leaving the old value.
 */
import { describe, expect, it } from 'vitest';
import { memoryOutbox } from '../../src/track/outbox-memory';
import type { OutboxRecord } from '../../src/track/outbox';
import { uuidv7 } from '../../src/track/uuid';
import { makeEvent } from '../fixtures/events';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const rec = (ms: number, extra: Partial<OutboxRecord> = {}): OutboxRecord => {
  const id = uuidv7(T0 + ms);
  return { id, event: makeEvent({ event_id: id, type: 'goal', name: `e${ms}`, item_id: undefined }), state: 'queued', ...extra };
};

describe('memoryOutbox', () => {
  it('is of kind "memory" and starts empty, with no meta', async () => {
    const outbox = memoryOutbox();
    expect(outbox.kind).toBe('memory');
    expect(await outbox.count()).toBe(0);
    expect(await outbox.ids()).toEqual([]);
    expect(await outbox.list(10)).toEqual([]);
    expect(await outbox.getMeta('retryAt')).toBeUndefined();
  });

  it('two outboxes share nothing (instances, not a module singleton)', async () => {
    const a = memoryOutbox();
    const b = memoryOutbox();
    await a.put([rec(1)]);
    await a.updateMeta('dropped', () => 3);
    expect(await b.count()).toBe(0);
    expect(await b.getMeta('dropped')).toBeUndefined();
  });

  it('list: oldest first by id; a limit of 0 or below takes nothing, Infinity everything', async () => {
    const outbox = memoryOutbox();
    const [a, b, c] = [rec(1), rec(2), rec(3)];
    await outbox.put([c, a, b]);
    expect((await outbox.list(2)).map((r) => r.id)).toEqual([a.id, b.id]);
    expect(await outbox.list(0)).toEqual([]);
    expect(await outbox.list(-1)).toEqual([]);
    expect((await outbox.list(Infinity)).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
  });

  it('accept is offered records oldest first; what it refuses does not count against the limit, and it stops once enough are taken', async () => {
    const outbox = memoryOutbox();
    const records = [rec(1), rec(2, { state: 'beaconed', beaconedAt: 1, page: 'p' }), rec(3), rec(4)];
    await outbox.put(records);
    const seen: string[] = [];
    const listed = await outbox.list(2, (r) => (seen.push(r.id), r.id !== records[0].id));
    expect(listed.map((r) => r.id)).toEqual([records[1].id, records[2].id]);
    expect(listed[0]).toEqual(records[1]);
    expect(seen).toEqual(records.slice(0, 3).map((r) => r.id));
  });

  it('accept() gets a copy, as from IndexedDB: changing it changes nothing stored', async () => {
    const outbox = memoryOutbox();
    const records = [rec(1), rec(2)];
    await outbox.put(records);
    await outbox.list(10, (r) => {
      (r as { id: string }).id = 'changed';
      return false;
    });
    expect((await outbox.list(10)).map((r) => r.id)).toEqual(records.map((r) => r.id));
  });

  it('meta values are copies: neither the value written nor one read back changes what is stored', async () => {
    const outbox = memoryOutbox();
    const written = { tabs: ['a'] };
    const returned = await outbox.updateMeta<{ tabs: string[] }>('m', () => written);
    written.tabs.push('changed-after-write');
    returned.tabs.push('changed-after-return');
    const read = (await outbox.getMeta<{ tabs: string[] }>('m'))!;
    read.tabs.push('changed-after-read');
    expect(await outbox.getMeta('m')).toEqual({ tabs: ['a'] });
  });

  it('updateMeta passes the stored value, and a throwing update leaves it as it was', async () => {
    const outbox = memoryOutbox();
    await outbox.updateMeta<number>('dropped', () => 2);
    await expect(outbox.updateMeta<number>('dropped', () => {
      throw new Error('update failed');
    })).rejects.toThrow('update failed');
    expect(await outbox.getMeta('dropped')).toBe(2);
    const olds: unknown[] = [];
    await outbox.updateMeta<number>('dropped', (old) => (olds.push(old), (old ?? 0) + 1));
    expect(olds).toEqual([2]);
    expect(await outbox.getMeta('dropped')).toBe(3);
  });

  it('refuses what IndexedDB could not store (a function in a record): the put rejects, the store keeps what it had', async () => {
    const outbox = memoryOutbox();
    const good = rec(1);
    await outbox.put([good]);
    const bad = rec(2);
    (bad.event as unknown as { properties: unknown }).properties = { callback: () => 1 };
    await expect(outbox.put([bad])).rejects.toThrow();
    expect(await outbox.ids()).toEqual([good.id]);
  });

  it('clear empties the records only; delete of unknown or repeated ids is harmless', async () => {
    const outbox = memoryOutbox();
    const [a, b] = [rec(1), rec(2)];
    await outbox.put([a, b]);
    await outbox.updateMeta('retryAt', () => T0);
    await outbox.delete([a.id, a.id, 'nope', '']);
    expect(await outbox.ids()).toEqual([b.id]);
    await outbox.clear();
    expect(await outbox.count()).toBe(0);
    expect(await outbox.getMeta('retryAt')).toBe(T0);
    await outbox.delete([b.id]);
    expect(await outbox.count()).toBe(0);
  });
});
