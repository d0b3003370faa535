/**
 * Key-value storage behind progress, identity and the cached manifest. IndexedDB by default
 * (idb-keyval's operations on a connection of our own, see idb.ts), opened lazily (importing
 * this module touches nothing); a memory store for tests; and a resilient wrapper that falls
 * back to memory per operation when IndexedDB is missing, failing or not answering.
 */
import { clear, del, get, set, type UseStore } from 'idb-keyval';
import { boundOperations } from './bounded';
import { errorText, idbConnection } from './idb';

export interface KeyValueStorage {
  /** A short name for reports ("indexeddb", "memory"). */
  readonly kind: string;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Resolves true when nothing can have been stored yet (IndexedDB: the database does not
   * exist), false when something may have been or it cannot tell. On a first visit start()
   * then goes on without waiting for the database to be created.
   */
  neverUsed?(): Promise<boolean>;
  /** Deletes every record (the SDK's own database, on reset()); a storage shared with the host has none. */
  clear?(): Promise<void>;
  /**
   * Releases connections (called by `destroy()`). The storage stays usable: an operation
   * after `close()` reopens what it needs and releases it again when done.
   */
  close?(): void;
}

/** In-memory storage: the fallback, and what tests inject. Values are cloned like IndexedDB would. */
export function memoryStorage(): KeyValueStorage {
  const data = new Map<string, unknown>();
  return {
    kind: 'memory',
    get: async <T>(key: string) => clone(data.get(key)) as T | undefined,
    set: async (key, value) => void data.set(key, clone(value)),
    delete: async (key) => void data.delete(key),
  };
}

export interface IndexedDbStorageOptions {
  /** An operation that does not answer within this many ms fails (see idb.ts). @default 3000 */
  timeoutMs?: number;
  /** Where the database is opened (tests inject fakes). @default globalThis.indexedDB */
  factory?: () => IDBFactory | undefined;
}

/** IndexedDB storage in database `dbName`; the database opens on first use, not on import. */
export function indexedDbStorage(dbName = 'guidepost', storeName = 'kv', options: IndexedDbStorageOptions = {}): KeyValueStorage {
  const connection = idbConnection({ name: dbName, stores: [storeName], timeoutMs: options.timeoutMs, factory: options.factory });
  const store: UseStore = (mode, callback) => connection.run(async (db) => callback(db.transaction(storeName, mode).objectStore(storeName)));
  return {
    kind: 'indexeddb',
    // Asked before the first open, which creates the database: the list is what was there before.
    async neverUsed() {
      const factory = options.factory?.() ?? (typeof indexedDB !== 'undefined' ? indexedDB : undefined);
      if (typeof factory?.databases !== 'function') return false;
      const databases = await factory.databases();
      return !databases.some((database) => database.name === dbName);
    },
    get: <T>(key: string) => get<T>(key, store),
    set: (key, value) => set(key, value, store),
    delete: (key) => del(key, store),
    clear: () => clear(store),
    close: () => connection.close(),
  };
}

export interface ResilientStorageOptions {
  /**
   * Bound on each operation of the wrapped storage, in ms: one that does not answer in time
   * fails like any other (see bounded.ts). `Infinity`: no bound. @default no bound (IndexedDB bounds its own)
   */
  timeoutMs?: number;
}

/**
 * Wraps a storage so that no failure reaches the caller, falling back per operation:
 *
 * - Reads keep going to the primary store: a write that failed (quota, a read-only profile)
 *   says nothing about what is stored, and a dismissal saved on an earlier visit must stay
 *   dismissed. A read that fails is answered from what this page last wrote, if anything.
 * - A write that fails keeps the value in memory; until a later write of the same key
 *   succeeds, that value wins over the stored one.
 * - A key whose read failed before this page wrote it is kept in memory from then on: what the
 *   page holds for it started from nothing and must not overwrite what the store holds.
 * - The first failure is reported once, whatever follows.
 */
export function resilientStorage(primary: KeyValueStorage, report: (error: Error) => void, options: ResilientStorageOptions = {}): KeyValueStorage & { readonly degraded: boolean } {
  // Each operation of a storage the host passed in is bounded (bounded.ts); IndexedDB bounds its own.
  const bounded = boundOperations(options.timeoutMs ?? Infinity);
  /** What this page last wrote, per key (`undefined`: deleted): answers reads the primary cannot. */
  const known = new Map<string, unknown>();
  /** Keys whose latest write failed: `known` wins over the primary store for them. */
  const unsaved = new Set<string>();
  /**
   * Keys a read of which failed: what this page holds for them started from nothing, so it is
   * never written over what the store may hold (a store that answers again later, after a slow
   * start, keeps the progress and identity of earlier visits): memory only, for this page.
   */
  const unread = new Set<string>();
  let degraded = false;
  const failed = (error: unknown) => {
    if (degraded) return;
    degraded = true;
    report(new Error(`Guidepost storage (${primary.kind}) failed, keeping progress in memory for this page: ${errorText(error)}`));
  };
  /**
   * A write that failed is tried again, or nothing else changing on the page (a dismissal made
   * while the database stalled) would never be stored: after a second, then twice as long each
   * time up to a minute (a database still stalled fails at once, idb.ts), and as soon as another
   * write succeeds. Each try writes what the page holds now. destroy() (close) stops it.
   */
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let backoff = 500;
  let closed = false;
  const retry = () => {
    retryTimer = undefined;
    // After close() (destroy()) nothing is written again: a newer instance may own these keys now.
    if (closed) return;
    for (const key of unsaved) if (!unread.has(key)) void put(key, known.get(key));
  };
  // IndexedDB runs a store's transactions in order, so outcomes arrive in the order of the writes.
  const write = async (key: string, value: unknown, operation: () => Promise<void>) => {
    known.set(key, clone(value));
    if (unread.has(key)) return void unsaved.add(key);
    try {
      await operation();
      unsaved.delete(key);
      backoff = 500;
      if (retryTimer) clearTimeout(retryTimer), retry();
    } catch (error) {
      unsaved.add(key);
      failed(error);
      if (!retryTimer && !closed) retryTimer = setTimeout(retry, (backoff = Math.min(backoff * 2, 60_000)));
    }
  };
  const put = (key: string, value: unknown) => write(key, value, () => bounded(() => (value === undefined ? primary.delete(key) : primary.set(key, value))));
  return {
    get kind() {
      return primary.kind;
    },
    /** True once any operation failed (and was reported). */
    get degraded() {
      return degraded;
    },
    async get<T>(key: string) {
      if (!unsaved.has(key)) {
        try {
          return await bounded(() => primary.get<T>(key));
        } catch (error) {
          if (!known.has(key)) unread.add(key);
          failed(error);
        }
      }
      return clone(known.get(key)) as T | undefined;
    },
    set: put,
    delete: (key) => put(key, undefined),
    // What this page kept in memory goes too; a failure keeps the page going in memory, as for a write.
    clear: primary.clear
      ? async () => {
          known.clear();
          unsaved.clear();
          unread.clear();
          try {
            await bounded(() => primary.clear!());
          } catch (error) {
            failed(error);
          }
        }
      : undefined,
    // Cannot tell is "may have been used": the caller then reads as usual.
    neverUsed: () => (primary.neverUsed ? bounded(() => primary.neverUsed!()).catch(() => false) : Promise.resolve(false)),
    close: () => {
      closed = true;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      primary.close?.();
    },
    // Writers of the outbox on it take turns per host storage (track/storage-turns.ts), not per
    // wrapper: two instances on one storage each wrap it.
    turns: (primary as { turns?: object }).turns ?? primary,
  } as KeyValueStorage & { readonly degraded: boolean };
}

const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));
