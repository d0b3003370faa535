/**
 * What the outbox reads back from storage, checked. Storage is untrusted (another script of the
 * origin, an older or newer version, a corrupt profile): a record this version did not write
 * would throw in the send loop or go out as garbage, and, never acknowledged, stay for good and
 * load the delivery code on every page. Kept apart from outbox.ts so that the core's deferred
 * delivery (deferred-delivery.ts) checks records the same way without bundling the outbox.
 */
import type { OutboxRecord } from './outbox';

/** Longest event id accepted from storage (ours are 36-character UUIDs). */
export const MAX_EVENT_ID_LENGTH = 64;

/** A record as the outbox writes it: an event keyed by its own `event_id`, queued or beaconed. */
export function isOutboxRecord(value: unknown): value is OutboxRecord {
  const { id, state, event } = (value ?? {}) as Partial<OutboxRecord>;
  // An event keyed by its own id: an array, a primitive or null has no `event_id`.
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_EVENT_ID_LENGTH && (state === 'queued' || state === 'beaconed') && event?.event_id === id;
}

/** The records of a stored list (a key-value outbox's one value); `dropped`: entries that are not records (the whole value when it is not a list). */
export function storedRecords(value: unknown): { records: OutboxRecord[]; dropped: number } {
  if (value === undefined) return { records: [], dropped: 0 };
  if (!Array.isArray(value)) return { records: [], dropped: 1 };
  const records = value.filter(isOutboxRecord);
  return { records, dropped: value.length - records.length };
}

/** The report for records left out: how many, and where they were. */
export const discarded = (count: number, where: string) => new Error(`Guidepost discarded ${count} unreadable outbox record(s) in ${where}`);

/** Oldest first: event ids are UUID v7, so key order is creation order. */
export const byId = (a: OutboxRecord, b: OutboxRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
