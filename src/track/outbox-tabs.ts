/**
 * The outbox as the tabs of an origin share it (send-loop.ts runs these under the outbox lock):
 * another tab may have delivered events this page still counts as pending, and the tabs together
 * may have written more than the bound, each within it. Kept apart from the send loop, which
 * only reads batches and sends them: this is the bookkeeping of what the other tabs did.
 */
import type { DeliveryConfig } from './delivery';
import type { OutboxMirror } from './outbox-mirror';

/** A tuple, like the outbox mirror (see OutboxMirror), so that the minifier can rename its parts. */
export type OutboxTabs = readonly [
  /** Forgets, as delivered, the events of this page another tab delivered (they left the shared store). */
  reconcile: () => Promise<void>,
  /** Drops the oldest events past the bound (tabs together can exceed it), then adopts the drop count the tabs share. */
  enforceBound: () => Promise<void>,
];

/** The bookkeeping of the shared outbox for the page whose mirror is `mirror`. */
export function createOutboxTabs(config: DeliveryConfig, mirror: OutboxMirror): OutboxTabs {
  const { outbox } = config;
  const [local, , , , forget, settle, countDropped, , , , , , , adoptDropped] = mirror;

  const reconcile = async () => {
    const candidates = [...local.values()].filter((e) => e.persisted).map((e) => e.record.id);
    if (!candidates.length) return;
    const inStore = new Set(await outbox.ids());
    const gone = candidates.filter((id) => !inStore.has(id) && local.has(id));
    for (const id of gone) local.delete(id);
    if (gone.length) settle(gone, true);
  };

  const enforceBound = async () => {
    const count = await outbox.count();
    if (count > config.maxQueued) {
      const victims = (await outbox.ids()).slice(0, count - config.maxQueued);
      await forget(victims, false);
      countDropped(victims.length);
    }
    // Other tabs count their drops in the same place.
    adoptDropped(await outbox.getMeta('dropped'));
  };

  return [reconcile, enforceBound];
}
