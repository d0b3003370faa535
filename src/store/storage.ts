/**
 * Key-value storage behind progress, identity and (later) the event outbox. IndexedDB
 * through idb-keyval by default, created lazily (importing this module touches nothing);
 * a memory store for tests and as the fallback when IndexedDB is missing or failing.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';

export interface KeyValueStorage {
  /** A short name for reports ("indexeddb", "memory"). */
  readonly kind: string;
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** In-memory storage: the fallback, and what tests inject. Values are cloned like IndexedDB would. */
export function memoryStorage(): KeyValueStorage {
  const data = new Map<string, unknown>();
  const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));
  return {
    kind: 'memory',
    get: async <T>(key: string) => clone(data.get(key)) as T | undefined,
    set: async (key, value) => void data.set(key, clone(value)),
    delete: async (key) => void data.delete(key),
  };
}

/** IndexedDB storage in database `dbName`; the database opens on first use, not on import. */
export function indexedDbStorage(dbName = 'guidepost', storeName = 'kv'): KeyValueStorage {
  let store: UseStore | undefined;
  const lazyStore = () => (store ??= createStore(dbName, storeName));
  return {
    kind: 'indexeddb',
    get: <T>(key: string) => get<T>(key, lazyStore()),
    set: (key, value) => set(key, value, lazyStore()),
    delete: (key) => del(key, lazyStore()),
  };
}

/**
 * Wraps a storage so that its first failure (missing IndexedDB, private mode, blocked
 * upgrade, quota) switches to memory for the page's lifetime, reports once, and never
 * rejects into the caller. What was written before the failure is carried over.
 */
export function resilientStorage(primary: KeyValueStorage, report: (error: Error) => void): KeyValueStorage & { readonly degraded: boolean } {
  const fallback = memoryStorage();
  const written = new Map<string, unknown>();
  let active: KeyValueStorage = primary;
  const degrade = async (error: unknown) => {
    if (active === fallback) return;
    active = fallback;
    for (const [key, value] of written) await fallback.set(key, value);
    report(new Error(`Guidepost storage (${primary.kind}) failed, keeping progress in memory for this page: ${describe(error)}`));
  };
  const guarded = async <T>(operation: (s: KeyValueStorage) => Promise<T>): Promise<T> => {
    if (active !== fallback) {
      try {
        return await operation(active);
      } catch (error) {
        await degrade(error);
      }
    }
    return operation(fallback);
  };
  return {
    get kind() {
      return active.kind;
    },
    get degraded() {
      return active === fallback;
    },
    get: (key) => guarded((s) => s.get(key)),
    set: (key, value) => {
      written.set(key, value);
      return guarded((s) => s.set(key, value));
    },
    delete: (key) => {
      written.delete(key);
      return guarded((s) => s.delete(key));
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
