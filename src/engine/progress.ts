/**
 * The progress model: what this person has seen, dismissed and completed, their visits
 * and the events they tracked. Plain data with pure update functions; `src/store/`
 * persists it.
 */

export const PROGRESS_SCHEMA_VERSION = 1;

export type ItemStatus = 'seen' | 'dismissed' | 'completed';

export interface ItemProgress {
  /** The item version this record is about. */
  version: number;
  status: ItemStatus;
  timesSeen: number;
  firstSeenAt?: number;
  lastSeenAt?: number;
  dismissedAt?: number;
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

export interface ProgressState {
  items: Record<string, ItemProgress>;
  events: Record<string, EventStats>;
  visits?: Visits;
}

export function emptyProgress(): ProgressState {
  return { items: {}, events: {} };
}

function withItem(state: ProgressState, id: string, update: (prev: ItemProgress | undefined) => ItemProgress): ProgressState {
  return { ...state, items: { ...state.items, [id]: update(state.items[id]) } };
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

export function recordDismissed(state: ProgressState, id: string, version: number, now: number): ProgressState {
  return withItem(state, id, (prev) => ({
    timesSeen: 0,
    ...(prev && prev.version === version ? prev : {}),
    version,
    status: prev?.status === 'completed' && prev.version === version ? 'completed' : 'dismissed',
    dismissedAt: now,
  }));
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
  const prev = state.events[name];
  if (!prev && Object.keys(state.events).length >= MAX_EVENT_NAMES) return state;
  const next: EventStats = prev ? { count: prev.count + 1, firstAt: prev.firstAt, lastAt: now } : { count: 1, firstAt: now, lastAt: now };
  return { ...state, events: { ...state.events, [name]: next } };
}

/** Thirty minutes of inactivity start a new session, as most analytics tools count. */
export const SESSION_GAP_MS = 30 * 60 * 1000;

export function recordVisit(state: ProgressState, now: number): ProgressState {
  const prev = state.visits;
  const newSession = !prev || now - prev.lastAt > SESSION_GAP_MS;
  const visits: Visits = prev
    ? { count: prev.count + 1, sessions: prev.sessions + (newSession ? 1 : 0), firstAt: prev.firstAt, lastAt: now }
    : { count: 1, sessions: 1, firstAt: now, lastAt: now };
  return { ...state, visits };
}
