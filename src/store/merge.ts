/**
 * Merging progress written by two tabs. Each tab keeps the whole state in memory and
 * writes it back; when a change arrives from another tab it is merged, not replaced,
 * so neither tab's work is lost and both converge on the same record.
 */
import { isDismissedBy, isPageStats, MAX_EVENT_NAMES, MAX_PAGE_PATHS, mergePageStats, ownEntry, type EventStats, type ItemProgress, type ItemStatus, type PageStats, type ProgressState, type Visits } from '../engine/progress';

/**
 * Most item records kept. Writes add one per item of the manifests a person met, so only a
 * record filled by something else (storage, another tab) reaches it; the bound keeps a hostile
 * one from costing every page a huge parse, merge and write back.
 */
export const MAX_STORED_ITEMS = 5000;

export const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
export const isTime = (value: unknown) => value === undefined || (typeof value === 'number' && Number.isFinite(value));
/** A count as this version writes it: NaN, Infinity, fractions and negatives come only from a hostile or broken writer (a NaN "times seen" would never reach its cap). */
export const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** An item record as this version writes it (from storage or another tab: untrusted). */
export function isItemRecord(value: unknown): value is ItemProgress {
  return (
    isObject(value) &&
    typeof value.version === 'number' && Number.isFinite(value.version) &&
    (value.status === 'seen' || value.status === 'dismissed' || value.status === 'completed') &&
    isCount(value.timesSeen) &&
    isTime(value.firstSeenAt) && isTime(value.lastSeenAt) && isTime(value.dismissedAt) && isTime(value.completedAt) &&
    (value.step === undefined || isCount(value.step)) &&
    (value.dismissedBy === undefined || isDismissedBy(value.dismissedBy))
  );
}

export const isEventRecord = (value: unknown) => isObject(value) && isCount(value.count) && isTime(value.firstAt) && isTime(value.lastAt);

const STATUS_RANK: Record<ItemStatus, number> = { seen: 0, dismissed: 1, completed: 2 };

const later = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/** How the latest dismissal came about (on a tie that the two disagree on: the person). */
function latestDismissedBy(a: ItemProgress, b: ItemProgress): ItemProgress['dismissedBy'] {
  const [atA, atB] = [a.dismissedAt ?? -1, b.dismissedAt ?? -1];
  if (atA !== atB) return (atA > atB ? a : b).dismissedBy;
  return a.dismissedBy === b.dismissedBy ? a.dismissedBy : undefined;
}

/**
 * What is left of `value`'s budget `left` (characters of strings and keys, one per other value),
 * negative when it is over, or deeper than `depth`, or not plain data (a Blob or a typed array
 * whose size a walk cannot tell). Stops as soon as it is over: a hostile value costs no more.
 */
export function weigh(value: unknown, depth: number, left: number): number {
  left -= typeof value === 'string' ? value.length : 1;
  if (left < 0 || value === null || typeof value !== 'object') return left;
  if (!depth || !(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) return -1;
  for (const key in value) if ((left = weigh((value as Record<string, unknown>)[key], depth - 1, left - key.length)) < 0) break;
  return left;
}

/**
 * Fields of an item record this version does not know (a newer version's) are kept and written
 * back, but only so much: together at most MAX_EXTRA_SIZE (see weigh) and MAX_EXTRA_DEPTH deep,
 * so that storage or another tab cannot make each record, and every write, grow without limit.
 * Fields past the bound are dropped (`dropped` names them).
 */
export const MAX_EXTRA_SIZE = 256;
export const MAX_EXTRA_DEPTH = 4;

export function boundItem(record: ItemProgress, dropped?: (field: string) => void): ItemProgress {
  let left = MAX_EXTRA_SIZE;
  let out = record;
  // Once over, the fields that follow are dropped too (weigh of a negative budget).
  for (const field in record) {
    if ((ITEM_FIELDS as readonly string[]).includes(field) || (left = weigh(record[field as keyof ItemProgress], MAX_EXTRA_DEPTH, left - field.length)) >= 0) continue;
    if (out === record) out = { ...record };
    delete out[field as keyof ItemProgress];
    dropped?.(field);
  }
  return out;
}

/** The merged record: the newer version wins; within a version, the furthest status and latest times. `b` (another tab's, or storage's) is bounded (boundItem). */
export function mergeItem(a: ItemProgress | undefined, b: ItemProgress | undefined): ItemProgress | undefined {
  b &&= boundItem(b);
  if (!a || !b) return a ?? b;
  if (a.version !== b.version) return a.version > b.version ? a : b;
  const status = STATUS_RANK[a.status] >= STATUS_RANK[b.status] ? a.status : b.status;
  // Seen at the same time (two tabs stepping one tour): the further step, so both tabs, each
  // merging the other's record into its own, end on the same one.
  const [seenA, seenB] = [a.lastSeenAt ?? 0, b.lastSeenAt ?? 0];
  const newer = seenA !== seenB ? (seenA > seenB ? a : b) : (a.step ?? -1) >= (b.step ?? -1) ? a : b;
  return {
    ...newer,
    version: a.version,
    status,
    timesSeen: Math.max(a.timesSeen, b.timesSeen),
    firstSeenAt: a.firstSeenAt === undefined ? b.firstSeenAt : b.firstSeenAt === undefined ? a.firstSeenAt : Math.min(a.firstSeenAt, b.firstSeenAt),
    lastSeenAt: later(a.lastSeenAt, b.lastSeenAt),
    dismissedAt: later(a.dismissedAt, b.dismissedAt),
    dismissedBy: latestDismissedBy(a, b),
    completedAt: later(a.completedAt, b.completedAt),
  };
}

const isVisits = (v: unknown): v is Visits => isObject(v) && isCount(v.count) && isCount(v.sessions) && [v.firstAt, v.lastAt].every((n) => typeof n === 'number' && Number.isFinite(n));

function mergeVisits(a: Visits | undefined, b: Visits | undefined): Visits | undefined {
  if (!a || !b) return a ?? b;
  return { count: Math.max(a.count, b.count), sessions: Math.max(a.sessions, b.sessions), firstAt: Math.min(a.firstAt, b.firstAt), lastAt: Math.max(a.lastAt, b.lastAt) };
}

/**
 * `b`'s valid entries merged into a copy of `a`. Untrusted (another tab): keys are own entries
 * only (a "__proto__" key stays a plain key), and no more than `max` keys in all, as writes keep.
 */
function mergeRecords<T, U = T>(a: Record<string, T>, b: unknown, valid: (value: unknown) => boolean, merge: (x: T | undefined, y: U, key: string) => T | undefined, max: number): Record<string, T> {
  const out: Record<string, T> = { ...a };
  let size = Object.keys(out).length;
  for (const [key, value] of Object.entries(isObject(b) ? b : {})) {
    if (!valid(value)) continue;
    const known = Object.prototype.hasOwnProperty.call(out, key);
    if (!known && size >= max) continue;
    const merged = merge(ownEntry(a, key), value as U, key);
    if (merged === undefined) continue;
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
    if (!known) size++;
  }
  return out;
}

/** The fields that say where an item stands (two records equal in these are the same record). */
const ITEM_FIELDS = ['version', 'status', 'timesSeen', 'firstSeenAt', 'lastSeenAt', 'dismissedAt', 'dismissedBy', 'completedAt', 'step'] as const;
const sameItem = (a: ItemProgress | undefined, b: ItemProgress | undefined) => !!a && !!b && ITEM_FIELDS.every((field) => a[field] === b[field]);

/**
 * The item records another tab wrote (`stored`, the items as storage holds them: untrusted)
 * merged into `state`, as they would have been had its message arrived; and the ids whose
 * record changed. A record as this tab last read or wrote it (`known`) is its own, not merged:
 * this tab may have moved it on since in ways a merge would undo (Back to an earlier step).
 * Only items: they merge the same however often they are merged (event counts travel as
 * deltas, which would be counted again when their message does arrive).
 */
export function mergeStoredItems(state: ProgressState, stored: unknown, known: Record<string, ItemProgress>): { state: ProgressState; changed: string[] } {
  const changed: string[] = [];
  const items = mergeRecords(state.items, stored, isItemRecord, (mine: ItemProgress | undefined, theirs: ItemProgress, id: string) => {
    if (sameItem(theirs, ownEntry(known, id))) return mine;
    const merged = mergeItem(mine, theirs);
    return sameItem(merged, mine) ? mine : merged;
  }, MAX_STORED_ITEMS);
  for (const id of Object.keys(items)) if (ownEntry(state.items, id) !== ownEntry(items, id)) changed.push(id);
  return changed.length ? { state: { ...state, items }, changed } : { state, changed };
}

/** A change made in one tab, sent to the others. Event counts travel as deltas so none is lost. */
export interface ProgressChange {
  items?: Record<string, ItemProgress>;
  events?: Record<string, EventStats & { delta: number }>;
  visits?: Visits;
  /** Page-view histories that changed, merged per path on arrival. */
  pages?: Record<string, PageStats>;
}

/** What changed from `before` to `after` (the pure update functions replace only what they change). */
export function diffProgress(before: ProgressState, after: ProgressState): ProgressChange | undefined {
  const change: ProgressChange = {};
  for (const [id, record] of Object.entries(after.items)) {
    if (ownEntry(before.items, id) !== record) (change.items ??= {})[id] = record;
  }
  for (const [name, stats] of Object.entries(after.events)) {
    const delta = stats.count - (ownEntry(before.events, name)?.count ?? 0);
    if (delta > 0) (change.events ??= {})[name] = { ...stats, delta };
  }
  if (after.visits !== before.visits && after.visits) change.visits = after.visits;
  for (const [path, stats] of Object.entries(after.pages ?? {})) {
    if (before.pages?.[path] !== stats) (change.pages ??= {})[path] = stats;
  }
  return change.items || change.events || change.visits || change.pages ? change : undefined;
}

/**
 * Applies another tab's change to our state (`now` bounds the merged page histories). The
 * change is untrusted (any script of the origin can post on the channel): what is not a
 * record, a count or a time this version writes is left out, and the bounds writes keep hold.
 */
export function applyChange(state: ProgressState, change: ProgressChange, now = Date.now()): ProgressState {
  if (!isObject(change)) return state;
  const items = change.items ? mergeRecords(state.items, change.items, isItemRecord, mergeItem, MAX_STORED_ITEMS) : state.items;
  // A sum past the safe integers (deltas near 1e308 from a hostile tab) stays at the largest safe count, never Infinity.
  const addEvent = (prev: EventStats | undefined, { delta, firstAt, lastAt }: EventStats & { delta: number }): EventStats =>
    prev ? { count: Math.min(prev.count + delta, Number.MAX_SAFE_INTEGER), firstAt: Math.min(prev.firstAt, firstAt), lastAt: Math.max(prev.lastAt, lastAt) } : { count: delta, firstAt, lastAt };
  // A delta is a positive whole count: a string would concatenate, a negative one take counts back.
  const isDelta = (e: unknown) => isEventRecord(e) && isCount((e as { delta?: unknown }).delta) && ((e as { delta: number }).delta) > 0 && typeof (e as EventStats).firstAt === 'number' && typeof (e as EventStats).lastAt === 'number';
  const events = change.events ? mergeRecords(state.events, change.events, isDelta, addEvent, MAX_EVENT_NAMES) : state.events;
  const visits = isVisits(change.visits) ? mergeVisits(state.visits, change.visits) : state.visits;
  const pages = change.pages ? mergeRecords(state.pages ?? {}, change.pages, isPageStats, (a, b) => mergePageStats(a, b, now), MAX_PAGE_PATHS) : state.pages;
  return { ...state, items, events, visits, ...(pages && { pages }) };
}
