/**
 * Loads progress once at start, keeps it in memory, and writes it back coalesced: several
 * changes in one task become one write. Records carry a schema version; a record that does
 * not parse is discarded and reported instead of breaking start-up.
 */
import { emptyProgress, PROGRESS_SCHEMA_VERSION, type ProgressState } from '../engine/progress';
import type { KeyValueStorage } from './storage';

interface StoredProgress {
  schema: number;
  state: ProgressState;
}

export interface ProgressStore {
  /** The current state (read once at start, then kept in memory). */
  get(): ProgressState;
  /** Applies a pure update and schedules one coalesced write. */
  update(change: (state: ProgressState) => ProgressState): void;
  /** Replaces the state without writing (used when another tab wrote it). */
  replace(state: ProgressState): void;
  /** Resolves when pending writes are done. */
  flush(): Promise<void>;
  /** Deletes the stored record and starts empty. */
  clear(): Promise<void>;
  /** Subscribes to changes; returns the disposer. */
  subscribe(listener: (state: ProgressState) => void): () => void;
}

export async function openProgressStore(storage: KeyValueStorage, key: string, report: (error: Error) => void): Promise<ProgressStore> {
  let state = parseStored(await storage.get<unknown>(key), report);
  const listeners = new Set<(state: ProgressState) => void>();
  let pending: Promise<void> | undefined;
  let chain: Promise<void> = Promise.resolve();

  const scheduleWrite = () => {
    // Coalesce: one write per microtask, written in order so the last state always wins.
    pending ??= Promise.resolve().then(() => {
      pending = undefined;
      const snapshot: StoredProgress = { schema: PROGRESS_SCHEMA_VERSION, state };
      chain = chain.then(() => storage.set(key, snapshot)).catch(report);
      return chain;
    });
  };

  return {
    get: () => state,
    update(change) {
      const next = change(state);
      if (next === state) return;
      state = next;
      scheduleWrite();
      listeners.forEach((l) => l(state));
    },
    replace(next) {
      state = next;
      listeners.forEach((l) => l(state));
    },
    async flush() {
      await pending;
      await chain;
    },
    async clear() {
      state = emptyProgress();
      await pending;
      await chain;
      await storage.delete(key);
      listeners.forEach((l) => l(state));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Accepts the current schema; anything else is discarded with a report (migrations go here). */
export function parseStored(raw: unknown, report: (error: Error) => void): ProgressState {
  if (raw === undefined) return emptyProgress();
  const record = raw as Partial<StoredProgress> | null;
  const state = record?.state;
  if (record?.schema === PROGRESS_SCHEMA_VERSION && state && typeof state.items === 'object' && state.items && typeof state.events === 'object' && state.events) {
    return state;
  }
  report(new Error('Guidepost discarded a stored progress record it could not read (unknown schema or corrupt data)'));
  return emptyProgress();
}
