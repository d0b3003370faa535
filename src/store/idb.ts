/**
 * One IndexedDB connection shared by the operations of a store (progress, the outbox), with
 * the three things idb-keyval's `createStore` does not give:
 *
 * - A bound on every operation. Some private modes and locked profiles return an open
 *   request that never fires `success` or `error`; without a bound, `start()` waited forever.
 *   An operation that does not answer within `timeoutMs` rejects, and until the stuck open or
 *   transaction answers the database counts as unresponsive: later operations fail at once
 *   instead of waiting out the bound one after another.
 * - `close()`. An open `IDBDatabase` stays alive (with its handlers) for the page's lifetime and
 *   blocks `deleteDatabase` and version upgrades in other tabs; `createStore` never closes it,
 *   so every `createGuidepost` -> `destroy` left one behind.
 * - A request that never answers is let go on close: its handlers are replaced by one that
 *   references nothing of the instance, so the browser's pending request does not keep it alive.
 */

/** How long an IndexedDB operation may take before it counts as failed, in ms. */
export const DEFAULT_STORAGE_TIMEOUT_MS = 3000;

export interface IdbConnectionOptions {
  /** Database name. */
  name: string;
  /** Object stores created when the database is new (out-of-line keys). */
  stores: string[];
  /** Schema version to open. @default the current one (version 1 for a new database) */
  version?: number;
  /** Bound on each operation, in ms. @default DEFAULT_STORAGE_TIMEOUT_MS */
  timeoutMs?: number;
  /** Where `open` is called (tests inject fakes). @default globalThis.indexedDB */
  factory?: () => IDBFactory | undefined;
}

export interface IdbConnection {
  /**
   * Runs `work` on the open database. Rejects when the database cannot be opened, `work`
   * fails, or the whole does not answer within the bound (then with a `TimeoutError`).
   */
  run<T>(work: (db: IDBDatabase) => Promise<T>): Promise<T>;
  /**
   * Closes the connection as soon as no operation is in flight. Operations that come later
   * (a write still queued when `destroy()` ran) reopen it and it closes again when they are done.
   */
  close(): void;
}

/** "Name: message" of anything thrown, for reports. */
export const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** Creates the missing stores of a new (or older) database. References only the request. */
const createStores = (stores: string[]) => (event: Event) => {
  const db = (event.target as IDBOpenDBRequest).result;
  for (const store of stores) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
};

/** For a request abandoned on close: if it ever opens, close it at once. Captures nothing. */
const closeLateConnection = (event: Event) => (event.target as IDBOpenDBRequest).result?.close();

export function idbConnection(options: IdbConnectionOptions): IdbConnection {
  const { name, stores, version } = options;
  // Not a positive number: the default. Infinity (no bound, in effect) is capped to what setTimeout takes.
  const timeoutMs = (options.timeoutMs ?? 0) > 0 ? Math.min(options.timeoutMs!, 2 ** 31 - 1) : DEFAULT_STORAGE_TIMEOUT_MS;
  let db: IDBDatabase | undefined;
  let opening: { promise: Promise<IDBDatabase>; request: IDBOpenDBRequest } | undefined;
  /** Set while an operation that timed out has not answered: the database is unresponsive. */
  let stalled: Error | undefined;
  let active = 0;
  let closing = false;

  const closeNow = () => {
    db?.close();
    db = undefined;
    if (opening) {
      const { request } = opening;
      request.onsuccess = closeLateConnection;
      request.onerror = null;
      opening = undefined;
      // The stuck open is let go: an operation after close() tries a new one (and is bounded again).
      stalled = undefined;
    }
  };

  const open = (): Promise<IDBDatabase> => {
    if (db) return Promise.resolve(db);
    if (opening) return opening.promise;
    // Throws when IndexedDB is missing, or (SecurityError) in sandboxed frames: run() rejects.
    // An undefined version opens the current one (WebIDL treats it as omitted).
    const request = (options.factory?.() ?? indexedDB).open(name, version);
    const promise = new Promise<IDBDatabase>((resolve, reject) => {
      request.onupgradeneeded = createStores(stores);
      request.onsuccess = () => {
        opening = undefined;
        const connection = request.result;
        const forget = () => {
          if (db === connection) db = undefined;
        };
        // Another tab deletes or upgrades the database: let it, and reopen on next use.
        connection.onversionchange = () => {
          connection.close();
          forget();
        };
        // The browser closed it (storage cleared, disk error): reopen on next use.
        connection.onclose = forget;
        db = connection;
        resolve(connection);
      };
      request.onerror = () => {
        opening = undefined;
        reject(request.error);
      };
    });
    opening = { promise, request };
    return promise;
  };

  const settled = () => {
    active--;
    if (closing && active === 0) closeNow();
  };

  return {
    run<T>(work: (db: IDBDatabase) => Promise<T>): Promise<T> {
      if (stalled) return Promise.reject(stalled);
      active++;
      const attempt = (async () => work(await open()))();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const bounded = new Promise<T>((resolve, reject) => {
        timer = setTimeout(() => {
          const error = new Error(`IndexedDB "${name}" did not answer within ${timeoutMs} ms`);
          error.name = 'TimeoutError';
          stalled ??= error;
          // It answers late (or fails late): the database is responsive again.
          const recover = () => {
            if (stalled === error) stalled = undefined;
          };
          attempt.then(recover, recover);
          reject(error);
        }, timeoutMs);
        attempt.then(resolve, reject);
      });
      return bounded.finally(() => {
        clearTimeout(timer);
        settled();
      });
    },
    close() {
      closing = true;
      if (active === 0) closeNow();
    },
  };
}
