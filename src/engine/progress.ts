/**
 * The progress model: what this person has seen, dismissed and completed, their visits
 * and the events they tracked. Plain data with pure update functions; `src/store/`
 * persists it.
 */

/**
 * `record[key]` when it is the record's own entry. Item ids and event names such as
 * "constructor" or "toString" are valid: a plain lookup would read Object.prototype's.
 */
export const ownEntry = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

export const PROGRESS_SCHEMA_VERSION = 1;

export type ItemStatus = 'seen' | 'dismissed' | 'completed';

/** Dismissals the person did not make themselves (see ItemProgress.dismissedBy). */
export type DismissedBy = 'target-missing' | 'api';
export const isDismissedBy = (value: unknown): value is DismissedBy => value === 'target-missing' || value === 'api';

export interface ItemProgress {
  /** The item version this record is about. */
  version: number;
  status: ItemStatus;
  timesSeen: number;
  firstSeenAt?: number;
  lastSeenAt?: number;
  dismissedAt?: number;
  /**
   * What dismissed it when the person did not: `target-missing` (a tour ended because a step's
   * target was not on the page) or `api` (the app closed it, `closeTour()`). Absent: the person.
   */
  dismissedBy?: DismissedBy;
  completedAt?: number;
  /** For tours: the step index to resume at. */
  step?: number;
}

export interface EventStats {
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface Visits {
  count: number;
  sessions: number;
  firstAt: number;
  lastAt: number;
}

/**
 * Page views of one path. `count`, `firstAt` and `lastAt` cover all time; `recent` keeps the
 * timestamps of the latest views (at most `MAX_VIEWS_PER_PATH`, none older than
 * `PAGE_HISTORY_MS`) so windows such as "3 times in the last 7 days" can be counted without
 * storing every view forever.
 */
export interface PageStats {
  count: number;
  firstAt: number;
  lastAt: number;
  /** Timestamps (ms) of recent views, in the order they were recorded. */
  recent: number[];
}

export interface ProgressState {
  items: Record<string, ItemProgress>;
  events: Record<string, EventStats>;
  visits?: Visits;
  /** Page-view history by normalized path (see `normalizePath`). Optional: older records lack it. */
  pages?: Record<string, PageStats>;
}

export function emptyProgress(): ProgressState {
  return { items: {}, events: {} };
}

function withItem(state: ProgressState, id: string, update: (prev: ItemProgress | undefined) => ItemProgress): ProgressState {
  return { ...state, items: { ...state.items, [id]: update(ownEntry(state.items, id)) } };
}

/** Marks an item as shown now. A newer version starts a fresh record. */
export function recordSeen(state: ProgressState, id: string, version: number, now: number): ProgressState {
  return withItem(state, id, (prev) => {
    const current = prev && prev.version === version ? prev : undefined;
    return {
      ...current,
      version,
      status: current?.status ?? 'seen',
      timesSeen: (current?.timesSeen ?? 0) + 1,
      firstSeenAt: current?.firstSeenAt ?? now,
      lastSeenAt: now,
    };
  });
}

/** Marks an item dismissed now; `origin`: how (kept when the person did not do it, see ItemProgress.dismissedBy). */
export function recordDismissed(state: ProgressState, id: string, version: number, now: number, origin?: string): ProgressState {
  return withItem(state, id, (prev) => {
    const { dismissedBy: _earlier, ...kept } = prev && prev.version === version ? prev : ({} as Partial<ItemProgress>);
    return {
      timesSeen: 0,
      ...kept,
      version,
      status: prev?.status === 'completed' && prev.version === version ? 'completed' : 'dismissed',
      dismissedAt: now,
      ...(isDismissedBy(origin) ? { dismissedBy: origin } : {}),
    };
  });
}

export function recordCompleted(state: ProgressState, id: string, version: number, now: number): ProgressState {
  return withItem(state, id, (prev) => ({
    timesSeen: 0,
    ...(prev && prev.version === version ? prev : {}),
    version,
    status: 'completed',
    completedAt: now,
  }));
}

export function recordStep(state: ProgressState, id: string, version: number, step: number): ProgressState {
  return withItem(state, id, (prev) => ({
    timesSeen: 0,
    status: 'seen',
    ...(prev && prev.version === version ? prev : {}),
    version,
    step,
  }));
}

/** Counts a tracked event. Names are bounded so a buggy host cannot grow storage forever. */
export const MAX_EVENT_NAMES = 500;

export function recordEvent(state: ProgressState, name: string, now: number): ProgressState {
  const prev = ownEntry(state.events, name);
  if (!prev && Object.keys(state.events).length >= MAX_EVENT_NAMES) return state;
  const next: EventStats = prev ? { count: prev.count + 1, firstAt: prev.firstAt, lastAt: now } : { count: 1, firstAt: now, lastAt: now };
  return { ...state, events: { ...state.events, [name]: next } };
}

/** Thirty minutes of inactivity start a new session, as most analytics tools count. */
export const SESSION_GAP_MS = 30 * 60 * 1000;

/**
 * Counts a page view (`visits.count`) and, when a new session begins, a session. With `path`
 * it also records the view in the per-path history (`recordPageView`), which is what page
 * conditions such as `pages./pricing.last7Days` count.
 */
export function recordVisit(state: ProgressState, now: number, path?: string): ProgressState {
  const prev = state.visits;
  // A clock that went backwards gives a negative gap: same session, never a burst of new ones.
  const newSession = !prev || now - prev.lastAt > SESSION_GAP_MS;
  const visits: Visits = prev
    ? { count: prev.count + 1, sessions: prev.sessions + (newSession ? 1 : 0), firstAt: prev.firstAt, lastAt: now }
    : { count: 1, sessions: 1, firstAt: now, lastAt: now };
  const next = { ...state, visits };
  return path === undefined ? next : recordPageView(next, path, now);
}

/**
 * Bounds of the page-view history. 100 paths x 30 views is at most 3,000 numbers (about
 * 24 kB in IndexedDB): enough for "visited pricing 3 times this week", small enough to
 * rewrite on every page view. Counts in a window saturate at `MAX_VIEWS_PER_PATH`.
 */
export const MAX_PAGE_PATHS = 100;
export const MAX_VIEWS_PER_PATH = 30;
export const PAGE_HISTORY_MS = 30 * 86_400_000;

/**
 * The key a path is stored under: no query or hash, no trailing slash (except the root), so
 * "/pricing/" and "/pricing?plan=pro" both count as "/pricing".
 */
export function normalizePath(path: string): string {
  const bare = path.replace(/[?#].*$/, '');
  const trimmed = bare.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** Recent timestamps still worth keeping at `now`: younger than the history window, newest `MAX_VIEWS_PER_PATH`. */
function keepRecent(times: readonly number[], now: number): number[] {
  // Views recorded "in the future" (the clock went back since) are kept: they did happen.
  const fresh = times.filter((t) => t > now - PAGE_HISTORY_MS);
  return fresh.length > MAX_VIEWS_PER_PATH ? fresh.slice(fresh.length - MAX_VIEWS_PER_PATH) : fresh;
}

/**
 * Records a view of `path` at `now`. Memory stays bounded: per path only recent timestamps
 * are kept, and beyond `MAX_PAGE_PATHS` the least recently viewed path is forgotten (apps
 * with ids in their paths, such as /projects/123, would otherwise grow it without end).
 */
export function recordPageView(state: ProgressState, path: string, now: number): ProgressState {
  const key = normalizePath(path);
  const pages = state.pages ?? {};
  const prev = isPageStats(pages[key]) ? pages[key] : undefined;
  const stats: PageStats = prev
    ? { count: prev.count + 1, firstAt: Math.min(prev.firstAt, now), lastAt: Math.max(prev.lastAt, now), recent: keepRecent([...prev.recent, now], now) }
    : { count: 1, firstAt: now, lastAt: now, recent: [now] };
  const next: Record<string, PageStats> = { ...pages, [key]: stats };
  if (!prev) evictOldestPaths(next, key);
  return { ...state, pages: next };
}

/** Deletes (in place, on a fresh copy) the least recently viewed paths beyond the cap, never `keep`. */
function evictOldestPaths(pages: Record<string, PageStats>, keep: string): void {
  const excess = Object.keys(pages).length - MAX_PAGE_PATHS;
  if (excess <= 0) return;
  // Oldest first; ties go to the lexically smaller path so eviction is deterministic.
  const candidates = Object.keys(pages)
    .filter((path) => path !== keep)
    .sort((a, b) => lastAtOf(pages[a]) - lastAtOf(pages[b]) || (a < b ? -1 : 1));
  for (const path of candidates.slice(0, excess)) delete pages[path];
}

const lastAtOf = (stats: unknown) => (isPageStats(stats) ? stats.lastAt : -Infinity);

/**
 * True for a well-formed `PageStats`. Progress comes back from storage, possibly written by
 * another version: everything that reads `pages` checks it first.
 */
export function isPageStats(value: unknown): value is PageStats {
  if (value === null || typeof value !== 'object') return false;
  const stats = value as Partial<PageStats>;
  return (
    Number.isSafeInteger(stats.count) && (stats.count as number) >= 0 && Number.isFinite(stats.firstAt) && Number.isFinite(stats.lastAt) &&
    Array.isArray(stats.recent) && stats.recent.every((t) => Number.isFinite(t))
  );
}

/**
 * Two tabs' histories of one path merged (for cross-tab sync): the larger count, the union
 * of recent views (a view seen by both tabs is the same timestamp), bounded as usual.
 */
export function mergePageStats(a: PageStats | undefined, b: PageStats | undefined, now: number): PageStats | undefined {
  if (!a || !b) return a ?? b;
  const recent = keepRecent([...new Set([...a.recent, ...b.recent])].sort((x, y) => x - y), now);
  return { count: Math.max(a.count, b.count), firstAt: Math.min(a.firstAt, b.firstAt), lastAt: Math.max(a.lastAt, b.lastAt), recent };
}
