/**
 * The bookkeeping of the outbox the tabs share (src/track/outbox-tabs.ts), in Node over a real
 * outbox mirror on a memory outbox: `reconcile` forgets, as delivered, this page's stored events
 * another tab delivered (and only those: an event not written yet is not in the store for a
 * reason of its own) and does not read the store when there is nothing to learn; `enforceBound`
 * drops the oldest past the bound the tabs together exceeded, counts and reports them, and
 * adopts the drop count the other tabs keep in the store.
 */
import { describe, expect, it } from 'vitest';
import { memoryOutbox, type OutboxRecord, type OutboxStore } from '../../src/track/outbox';
import { createOutboxMirror, type Waiter } from '../../src/track/outbox-mirror';
import { createOutboxTabs } from '../../src/track/outbox-tabs';
import { deliveryConfig, recordAt } from '../support/delivery-config';

function setup(maxQueued = 100) {
  const inner = memoryOutbox();
  let idReads = 0;
  const outbox: OutboxStore = { ...inner, ids: () => (idReads++, inner.ids()) };
  const { config, reports } = deliveryConfig({ outbox, maxQueued });
  const mirror = createOutboxMirror(config, () => 'granted');
  const [reconcile, enforceBound] = createOutboxTabs(config, mirror);
  const local = mirror[0];
  /** A record of this page, already in the store (persisted) or not yet. */
  const known = async (record: OutboxRecord, persisted: boolean) => {
    if (persisted) await inner.put([record]);
    local.set(record.id, { record, persisted });
  };
  const waitFor = (ids: string[]) => {
    const outcome: boolean[] = [];
    const waiter: Waiter = { ids: new Set(ids), failed: false, finish: (delivered) => (mirror[1].delete(waiter), outcome.push(delivered)) };
    mirror[1].add(waiter);
    return outcome;
  };
  return { inner, config, reports, mirror, local, known, waitFor, reconcile, enforceBound, idReads: () => idReads };
}

describe('reconcile', () => {
  it('forgets, as delivered, the stored events of this page that left the store; keeps the others and those not written yet', async () => {
    const t = setup();
    const [delivered, kept, unwritten] = [recordAt(1), recordAt(2), recordAt(3)];
    await t.known(delivered, true);
    await t.known(kept, true);
    await t.known(unwritten, false);
    const outcome = t.waitFor([delivered.id]);
    await t.inner.delete([delivered.id]); // another tab delivered it
    await t.reconcile();
    expect([...t.local.keys()]).toEqual([kept.id, unwritten.id]);
    expect(outcome).toEqual([true]);
  });

  it('does not read the store when no event of this page is stored', async () => {
    const t = setup();
    await t.known(recordAt(1), false);
    await t.reconcile();
    expect([t.idReads(), t.local.size]).toEqual([0, 1]);
  });
});

describe('enforceBound', () => {
  it('drops the oldest past the bound, counts them and reports once', async () => {
    const t = setup(3);
    const records = Array.from({ length: 5 }, (_, i) => recordAt(i + 1));
    await t.inner.put(records);
    await t.enforceBound();
    await t.mirror[9]();
    expect(await t.inner.ids()).toEqual(records.slice(2).map((r) => r.id));
    expect(t.mirror[12]()).toBe(2);
    expect(t.reports).toEqual(['Guidepost outbox is full (3 events): dropped the 2 oldest undelivered event(s); 2 dropped in all']);
  });

  it('within the bound drops nothing, and adopts the larger drop count the tabs share', async () => {
    const t = setup(3);
    await t.inner.put([recordAt(1)]);
    await t.inner.updateMeta('dropped', () => 7);
    await t.enforceBound();
    expect([await t.inner.count(), t.mirror[12](), t.reports]).toEqual([1, 7, []]);
  });
});
