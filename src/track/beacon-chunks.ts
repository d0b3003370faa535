/**
 * Packing events into page-hide beacons. Pure: the delivery decides the order (most at risk
 * first), this decides how much of it leaves.
 */
import type { OutboxRecord } from './outbox';
import { BODY_OVERHEAD, utf8Length } from './transport';
import { jsonTextOrNothing } from './json-text';

/**
 * Splits `records`, in the given order, into beacon bodies of at most `maxBytes` each, at most
 * `maxChunks` of them and at most `budgetBytes` in all. A record too large for any beacon is
 * skipped (an ordinary send carries it, or drops it when it cannot be written at all); one
 * that no longer fits the budget ends the packing, so what leaves is always a prefix of the
 * order minus the oversized records.
 */
export function packBeacons(records: readonly OutboxRecord[], maxBytes: number, maxChunks: number, budgetBytes: number): OutboxRecord[][] {
  const chunks: OutboxRecord[][] = [];
  let current: OutboxRecord[] = [];
  let size = BODY_OVERHEAD;
  let spent = 0;
  for (const record of records) {
    // One that cannot be written at all (json-text.ts: nested too deep) is skipped like an
    // oversized one: thrown here, it would leave the pagehide handler with nothing sent.
    const text = jsonTextOrNothing(record.event);
    if (text === undefined) continue;
    const bytes = utf8Length(text) + 1;
    if (BODY_OVERHEAD + bytes > maxBytes) continue;
    if (size + bytes > maxBytes) {
      chunks.push(current);
      spent += size;
      if (chunks.length >= maxChunks) return chunks;
      current = [];
      size = BODY_OVERHEAD;
    }
    if (spent + size + bytes > budgetBytes) break;
    current.push(record);
    size += bytes;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
