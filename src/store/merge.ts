/**
 * Merging progress written by two tabs. Each tab keeps the whole state in memory and
 * writes it back; when a change arrives from another tab it is merged, not replaced,
 * so neither tab's work is lost and both converge on the same record.
 */
import { mergePageStats, type EventStats, type ItemProgress, type ItemStatus, type PageStats, type ProgressState, type Visits } from '../engine/progress';

const STATUS_RANK: Record<ItemStatus, number> = { seen: 0, dismissed: 1, completed: 2 };

const later = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/** The merged record: the newer version wins; within a version, the furthest status and latest times. */
export function mergeItem(a: ItemProgress | undefined, b: ItemProgress | undefined): ItemProgress | undefined {
  if (!a || !b) return a ?? b;
  if (a.version !== b.version) return a.version > b.version ? a : b;
  const status = STATUS_RANK[a.status] >= STATUS_RANK[b.status] ? a.status : b.status;
  const newer = (a.lastSeenAt ?? 0) >= (b.lastSeenAt ?? 0) ? a : b;
  return {
    ...newer,
    version: a.version,
    status,
    timesSeen: Math.max(a.timesSeen, b.timesSeen),
    firstSeenAt: a.firstSeenAt === undefined ? b.firstSeenAt : b.firstSeenAt === undefined ? a.firstSeenAt : Math.min(a.firstSeenAt, b.firstSeenAt),
    lastSeenAt: later(a.lastSeenAt, b.lastSeenAt),
    dismissedAt: later(a.dismissedAt, b.dismissedAt),
    completedAt: later(a.completedAt, b.completedAt),
  };
}

function mergeVisits(a: Visits | undefined, b: Visits | undefined): Visits | undefined {
  if (!a || !b) return a ?? b;
  return { count: Math.max(a.count, b.count), sessions: Math.max(a.sessions, b.sessions), firstAt: Math.min(a.firstAt, b.firstAt), lastAt: Math.max(a.lastAt, b.lastAt) };
}

function mergeRecords<T>(a: Record<string, T>, b: Record<string, T>, merge: (x: T | undefined, y: T | undefined) => T | undefined): Record<string, T> {
  const out: Record<string, T> = { ...a };
  for (const key of Object.keys(b)) {
    const merged = merge(a[key], b[key]);
    if (merged !== undefined) out[key] = merged;
  }
  return out;
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
    if (before.items[id] !== record) (change.items ??= {})[id] = record;
  }
  for (const [name, stats] of Object.entries(after.events)) {
    const delta = stats.count - (before.events[name]?.count ?? 0);
    if (delta > 0) (change.events ??= {})[name] = { ...stats, delta };
  }
  if (after.visits !== before.visits && after.visits) change.visits = after.visits;
  for (const [path, stats] of Object.entries(after.pages ?? {})) {
    if (before.pages?.[path] !== stats) (change.pages ??= {})[path] = stats;
  }
  return change.items || change.events || change.visits || change.pages ? change : undefined;
}

/** Applies another tab's change to our state (`now` bounds the merged page histories). */
export function applyChange(state: ProgressState, change: ProgressChange, now = Date.now()): ProgressState {
  const items = change.items ? mergeRecords(state.items, change.items, mergeItem) : state.items;
  let events = state.events;
  if (change.events) {
    events = { ...events };
    for (const [name, { delta, firstAt, lastAt }] of Object.entries(change.events)) {
      const prev = events[name];
      events[name] = prev ? { count: prev.count + delta, firstAt: Math.min(prev.firstAt, firstAt), lastAt: Math.max(prev.lastAt, lastAt) } : { count: delta, firstAt, lastAt };
    }
  }
  const visits = change.visits ? mergeVisits(state.visits, change.visits) : state.visits;
  const pages = change.pages ? mergeRecords(state.pages ?? {}, change.pages, (a, b) => mergePageStats(a, b, now)) : state.pages;
  return { ...state, items, events, visits, ...(pages && { pages }) };
}
