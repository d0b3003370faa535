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
 * - Repair. A database that exists without a store this version needs (made by other code, or
 *   left half made) is closed and opened again one version up, which creates the missing stores
 *   and keeps the others with their data. Connections close on `versionchange`, so other tabs of
 *   this SDK never block such an upgrade; a connection that does not close (another script)
 *   makes it wait, bounded like any operation, and the TimeoutError says so.
 */
import { namedError } from '../errors';

/** How long an IndexedDB operation may take before it counts as failed, in ms. */
export const DEFAULT_STORAGE_TIMEOUT_MS = 3000;

export interface IdbConnectionOptions {
  /** Database name. */
  name: string;
  /**
   * Object stores the database must have (out-of-line keys): created with a new database, and
   * by an upgrade to the next version when an existing one lacks any (other stores are kept).
   */
  stores: string[];
  /**
   * The lowest version accepted: an older database is upgraded to it. The current version is
   * opened, so a newer database (a newer SDK) with every store is used as it is.
   * @default any (version 1 for a new database)
   */
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

/** The `storageTimeoutMs` option as a bound: not a positive number is the default. */
export const storageTimeout = (timeoutMs: number | undefined): number => ((timeoutMs ?? 0) > 0 ? timeoutMs! : DEFAULT_STORAGE_TIMEOUT_MS);

/** "Name: message" of anything thrown, for reports. */
export const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** Creates the missing stores of a new (or older) database. References only the request. */
const createStores = (stores: string[]) => (event: Event) => {
  const db = (event.target as IDBOpenDBRequest).result;
  for (const store of stores) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
};

/** For a request abandoned on close: if it ever opens, close it at once. Captures nothing. */
const closeLateConnection = (event: Event) => (event.target as IDBOpenDBRequest).result?.close();

/**
 * Replaces the handlers of an abandoned request by one that references nothing of the instance.
 * The upgrade handler goes too: it captures only the store names, but a minifier may inline
 * `createStores` where the request is opened, and a function created there holds that scope,
 * and through it the instance. An abandoned open that still upgrades leaves the database
 * without its stores; the next open finds them missing and upgrades again (`open` below).
 */
const letGo = (request: IDBOpenDBRequest) => {
  request.onsuccess = closeLateConnection;
  request.onupgradeneeded = request.onerror = request.onblocked = null;
};

interface Opening {
  promise: Promise<IDBDatabase>;
  /** The request in flight (an upgrade follows the first open when stores are missing). */
  request: IDBOpenDBRequest;
  /** Its upgrade waits for another connection to close. */
  blocked?: boolean;
}

export function idbConnection(options: IdbConnectionOptions): IdbConnection {
  const { name, stores } = options;
  /** A database older than this is upgraded; a newer one is used as it is when it has the stores. */
  const lowest = options.version;
  // Not a positive number: the default. Infinity (no bound, in effect) is capped to what setTimeout takes.
  const timeoutMs = Math.min(storageTimeout(options.timeoutMs), 2 ** 31 - 1);
  let db: IDBDatabase | undefined;
  let opening: Opening | undefined;
  /** Set while an operation that timed out has not answered: the database is unresponsive. */
  let stalled: Error | undefined;
  let active = 0;
  let closing = false;

  const closeNow = () => {
    db?.close();
    db = undefined;
    if (opening) {
      // Let go of the request in flight: its handlers are replaced by ones that hold nothing.
      letGo(opening.request);
      opening = undefined;
      // The stuck open is let go: an operation after close() tries a new one (and is bounded again).
      stalled = undefined;
    }
  };

  /** Uses an open connection that has every store: shared by later operations until closed. */
  const adopt = (connection: IDBDatabase) => {
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
  };

  const open = (): Promise<IDBDatabase> => {
    if (db) return Promise.resolve(db);
    if (opening) return opening.promise;
    const factory = options.factory?.() ?? indexedDB;
    const current = (opening = {} as Opening);
    current.promise = new Promise<IDBDatabase>((resolve, reject) => {
      const fail = (error: unknown) => {
        if (opening === current) opening = undefined;
        reject(error);
      };
      /**
       * Opens `version` (undefined: the current one, or 1 for a new database). A database that
       * lacks a store (or is older than `lowest`) is closed and opened again one version up,
       * which creates what is missing and keeps every other store and its data.
       */
      const attempt = (version?: number, upgrades = 0) => {
        try {
          // Throws when IndexedDB is missing, or (SecurityError) in sandboxed frames: run() rejects.
          // An undefined version opens the current one (WebIDL treats it as omitted).
          const request = (current.request = factory.open(name, version));
          request.onupgradeneeded = createStores(stores);
          // A connection that does not close for the upgrade (another script) makes it wait,
          // bounded by run(), whose error then says why.
          request.onblocked = () => (current.blocked = true);
          request.onsuccess = () => {
            const connection = request.result;
            if (stores.every((store) => connection.objectStoreNames.contains(store)) && !(connection.version < lowest!)) {
              if (opening === current) opening = undefined;
              adopt(connection);
              return resolve(connection);
            }
            connection.close();
            if (upgrades > 1) return fail(new DOMException(`IndexedDB "${name}" lacks a store and cannot be upgraded`, 'NotFoundError'));
            attempt(Math.max(connection.version + 1, lowest ?? 1), upgrades + 1);
          };
          request.onerror = () => fail(request.error);
        } catch (error) {
          fail(error);
        }
      };
      attempt();
    });
    return current.promise;
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
          const error = namedError(`IndexedDB "${name}" did not answer within ${timeoutMs} ms${opening?.blocked ? ': its upgrade waits for another tab to close it' : ''}`, 'TimeoutError');
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
