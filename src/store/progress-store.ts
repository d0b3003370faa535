/**
 * Loads progress once at start, keeps it in memory, and writes it back coalesced: several
 * changes in one task become one write. Records carry a schema version; an unreadable
 * item or event record is discarded alone and reported, so one bad record never costs
 * the others. A record of a newer schema (a newer SDK in another tab, or before a rollback)
 * is never written over: what this version understands of it is read, changes stay in memory.
 * Changes from other tabs are merged in (see merge.ts).
 */
import { emptyProgress, isPageStats, MAX_EVENT_NAMES, MAX_PAGE_PATHS, MAX_VIEWS_PER_PATH, PROGRESS_SCHEMA_VERSION, type ItemProgress, type PageStats, type ProgressState } from '../engine/progress';
import { applyChange, boundItem, diffProgress, mergeStoredItems, isEventRecord, isItemRecord, isCount, isObject, isTime, MAX_STORED_ITEMS, weigh, type ProgressChange } from './merge';
import type { KeyValueStorage } from './storage';

export { MAX_STORED_ITEMS };

interface StoredProgress {
  schema: number;
  state: ProgressState;
}

export interface ProgressStore {
  /** The storage key of the record it keeps (whose progress it is: progressKeyOf). */
  readonly key: string;
  /** The current state (read once at start, then kept in memory). */
  get(): ProgressState;
  /** Applies a pure update, schedules one coalesced write and tells `onLocalChange`. */
  update(change: (state: ProgressState) => ProgressState): void;
  /** Merges a change made in another tab (written, not re-broadcast). */
  applyRemote(change: ProgressChange): void;
  /** Resolves when pending writes are done. */
  flush(): Promise<void>;
  /** Deletes the stored record and starts empty. */
  clear(): Promise<void>;
  /** Forgets the state in memory (another tab deleted the record). */
  forget(): void;
  /** Subscribes to changes; returns the disposer. */
  subscribe(listener: (state: ProgressState) => void): () => void;
}

export interface ProgressStoreOptions {
  report: (error: Error) => void;
  /** Called with what changed after each local update (for other tabs). */
  onLocalChange?: (change: ProgressChange) => void;
  /** Nothing can be stored under the key (an anonymous id made a moment ago): it starts empty, without a read. */
  nothingStored?: boolean;
  /**
   * A write found item records another tab wrote that this one had not heard of (a tab that
   * read its record, then waited for its manifest while another completed something): merged
   * in, with the ids that changed.
   */
  onStoredChange?: (ids: string[]) => void;
}

export async function openProgressStore(storage: KeyValueStorage, key: string, options: ProgressStoreOptions): Promise<ProgressStore> {
  const raw = options.nothingStored ? undefined : await storage.get<unknown>(key);
  let state = parseStored(raw, options.report);
  /** The schema of a newer version's record under the key: while set, nothing is written. */
  let newer: number | undefined;
  let told = false;
  /**
   * After a start with nothingStored (a first visit: the key is a device id made a moment ago)
   * writes skip the check: no version has written under it, bar one in a tab opened since, and a
   * first visit reads no progress at all (start() waits for none).
   */
  const fresh = options.nothingStored;
  const keepNewer = (schema: number) => {
    newer = schema;
    if (!told) options.report(new Error(`Guidepost keeps a progress record of a newer version (schema ${schema}) untouched: changes on this page stay in memory`));
    told = true;
  };
  const schema = newerSchema(raw);
  if (schema) keepNewer(schema);
  const listeners = new Set<(state: ProgressState) => void>();
  /** The item records as this tab last read or wrote them: its own (mergeStoredItems). */
  let known = state.items;
  /** Settles when every scheduled write is done. */
  let idle: Promise<void> = Promise.resolve();
  let writing = false;
  let dirty = false;
  /** The empty state forget() left: while nothing changed it, a write deletes the record instead. */
  let forgotten: ProgressState | undefined;

  /**
   * Writes the latest state until no change is left: changes made in the same task coalesce
   * into one write, and changes made while a write is in flight into the next one. At most one
   * write is in flight and one pending, however fast changes come (a burst never queues a
   * backlog of stale snapshots), and the last state always wins.
   */
  const writeLatest = async () => {
    writing = true;
    while (dirty) {
      await Promise.resolve();
      dirty = false;
      if (newer) continue;
      try {
        // A tab on a newer version may have written since this one read: its record is kept.
        const raw = fresh ? undefined : await storage.get<unknown>(key);
        const stored = newerSchema(raw);
        if (stored) keepNewer(stored);
        else {
          // What another tab wrote since this one read is merged in, never written over.
          if (raw !== undefined) takeStoredItems(raw);
          const written = state;
          // Reset in another tab, nothing done here since nor stored by another tab meanwhile:
          // deleted again, over a write of this tab's that landed after the reset's delete.
          if (written === forgotten) await storage.delete(key);
          else await storage.set(key, { schema: PROGRESS_SCHEMA_VERSION, state: written } satisfies StoredProgress);
          known = written.items;
        }
      } catch (error) {
        options.report(error as Error);
      }
    }
    writing = false;
  };
  const scheduleWrite = () => {
    dirty = true;
    if (!writing) idle = writeLatest();
  };
  const changed = () => listeners.forEach((l) => l(state));
  const takeStoredItems = (raw: unknown) => {
    if (!isObject(raw) || raw.schema !== PROGRESS_SCHEMA_VERSION || !isObject(raw.state)) return;
    const merged = mergeStoredItems(state, raw.state.items, known);
    if (!merged.changed.length) return;
    state = merged.state;
    changed();
    options.onStoredChange?.(merged.changed);
  };

  return {
    key,
    get: () => state,
    update(change) {
      const before = state;
      const next = change(state);
      if (next === state) return;
      state = next;
      scheduleWrite();
      const diff = diffProgress(before, next);
      if (diff) options.onLocalChange?.(diff);
      changed();
    },
    applyRemote(change) {
      state = applyChange(state, change);
      scheduleWrite();
      changed();
    },
    async flush() {
      await idle;
    },
    async clear() {
      const cleared = emptyProgress();
      state = cleared;
      await idle;
      // reset() forgets everything, a newer version's record too; from then on this one writes.
      await storage.delete(key);
      newer = undefined;
      // Changes made while clearing are kept: written after the delete, not lost by it.
      if (state !== cleared) {
        scheduleWrite();
        await idle;
      }
      changed();
    },
    forget() {
      // The record was deleted: writes resume (each still checks for a newer record first).
      newer = undefined;
      state = forgotten = emptyProgress();
      // A write of the old state in flight, or one made before this tab heard of the reset, may
      // land after the delete and restore what the person asked to forget: deleted again once it
      // has (the items it holds are this tab's own, `known`, so the write's merge leaves them out).
      scheduleWrite();
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}


/**
 * Sections a newer version wrote that this one keeps without reading them, each within a bound
 * (see weigh in merge.ts): one past it is dropped and reported, as storage cannot be trusted to
 * hold only what a version wrote, and what is kept is written back with every change.
 */
const MAX_UNKNOWN_SECTIONS = 16;
const MAX_SECTION_SIZE = 50_000;
const MAX_SECTION_DEPTH = 10;
/** Names of discarded records listed in a report; the rest are counted. */
const LISTED = 20;

const own = (target: object, key: string, value: unknown) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/**
 * What a read discarded: the first LISTED names, and how many in all. Bounded, whatever storage
 * holds (a record with hundreds of thousands of keys is counted, not listed).
 */
interface Discarded {
  names: string[];
  count: number;
}

const discard = (discarded: Discarded, name: string) => {
  if (discarded.count++ < LISTED) discarded.names.push(name);
};

/** Copies the valid entries of `section` (at most `max`) onto `target`; the others are discarded. */
function copyValid(section: unknown, name: string, max: number, valid: (record: unknown) => boolean, target: object, discarded: Discarded): void {
  let kept = 0;
  for (const [key, record] of Object.entries(isObject(section) ? section : {})) {
    // defineProperty: keys such as "__proto__" from storage become plain own properties, never prototypes.
    if (kept < max && valid(record)) kept++, own(target, key, record);
    else discard(discarded, `${name}.${key}`);
  }
}

/** A page's history with at most the newest MAX_VIEWS_PER_PATH views (as recordVisit keeps it). */
const boundedPage = (record: PageStats): PageStats => (record.recent.length > MAX_VIEWS_PER_PATH ? { ...record, recent: record.recent.slice(-MAX_VIEWS_PER_PATH) } : record);

/**
 * The schema of a record written by a newer version (a whole number above this one's), else
 * undefined. Not any number: a corrupt `Infinity` or `1.5`, which no version writes, was kept
 * untouched as a newer version's, and this device's progress was never stored again.
 */
export const newerSchema = (raw: unknown): number | undefined => (isObject(raw) && Number.isSafeInteger(raw.schema) && (raw.schema as number) > PROGRESS_SCHEMA_VERSION ? (raw.schema as number) : undefined);

/**
 * Reads a stored record. Each item and event record is checked on its own: a corrupt one is
 * dropped and reported, the rest kept; beyond the bounds writes keep (MAX_STORED_ITEMS,
 * MAX_EVENT_NAMES, MAX_PAGE_PATHS) the rest is dropped too. Older schemas are migrated here when there are any.
 *
 * A newer version's record (see newerSchema) is read the same way, for what this version
 * understands: its records that pass this version's checks, the rest left out without a
 * report (the caller never writes it, so nothing is lost; it reports the record once).
 */
export function parseStored(raw: unknown, report: (error: Error) => void): ProgressState {
  if (raw === undefined) return emptyProgress();
  const newer = !!newerSchema(raw);
  if (!isObject(raw) || (raw.schema !== PROGRESS_SCHEMA_VERSION && !newer) || !isObject(raw.state)) {
    if (!newer) report(new Error(`Guidepost discarded a stored progress record it could not read (schema ${isObject(raw) ? JSON.stringify(raw.schema) : 'missing'})`));
    return emptyProgress();
  }
  const stored = raw.state;
  const state = emptyProgress();
  const discarded: Discarded = { names: [], count: 0 };
  copyValid(stored.items, 'items', MAX_STORED_ITEMS, isItemRecord, state.items, discarded);
  for (const id of Object.keys(state.items)) own(state.items, id, boundItem(state.items[id], (field) => discard(discarded, `items.${id}.${field}`)));
  copyValid(stored.events, 'events', MAX_EVENT_NAMES, isEventRecord, state.events, discarded);
  if (stored.visits !== undefined) {
    const visits = stored.visits;
    if (isObject(visits) && isCount(visits.count) && isCount(visits.sessions) && isTime(visits.firstAt) && isTime(visits.lastAt)) {
      state.visits = visits as unknown as ProgressState['visits'];
    } else {
      discard(discarded, 'visits');
    }
  }
  if (stored.pages !== undefined) {
    const pages: Record<string, PageStats> = {};
    copyValid(stored.pages, 'pages', MAX_PAGE_PATHS, isPageStats, pages, discarded);
    for (const path of Object.keys(pages)) pages[path] = boundedPage(pages[path]);
    state.pages = pages;
  }
  // Sections this version does not know (written by a newer one) are kept as they are.
  const unknown = Object.keys(stored).filter((section) => !['items', 'events', 'visits', 'pages', '__proto__'].includes(section));
  for (const section of unknown.slice(0, MAX_UNKNOWN_SECTIONS)) {
    if (weigh(stored[section], MAX_SECTION_DEPTH, MAX_SECTION_SIZE) < 0) discard(discarded, section);
    else (state as unknown as Record<string, unknown>)[section] = stored[section];
  }
  for (const section of unknown.slice(MAX_UNKNOWN_SECTIONS, MAX_UNKNOWN_SECTIONS + LISTED)) discard(discarded, section);
  discarded.count += Math.max(0, unknown.length - MAX_UNKNOWN_SECTIONS - LISTED);
  if (discarded.count && !newer) {
    const more = discarded.count > LISTED ? ` and ${discarded.count - LISTED} more` : '';
    report(new Error(`Guidepost discarded unreadable progress records: ${discarded.names.join(', ')}${more}`));
  }
  return state;
}
