/**
 * A module loaded on first use (the UI, the debug tools): one request at a time, and after
 * a failure no new request until `allowRetry()` (the controller allows one per page view),
 * so a missing chunk never turns every click into a request and an error report.
 */
export interface LazyModule<T> {
  /** The module once loaded. */
  readonly value: T | undefined;
  /** True after a failed load, until `allowRetry()`: `load()` then resolves undefined without a request. */
  readonly failed: boolean;
  /** Loads it (once); resolves undefined when loading failed (reported through `onError`). */
  load(): Promise<T | undefined>;
  /** Lets the next `load()` try again after a failure. */
  allowRetry(): void;
  /** A module that loaded but cannot be used: reported, and failed until `allowRetry()`, as a failed load. */
  reject(error: Error): void;
}

export function lazyModule<T>(importer: () => Promise<T>, onError: (error: Error) => void): LazyModule<T> {
  let value: T | undefined;
  let loading: Promise<T | undefined> | undefined;
  let failed = false;
  return {
    get value() {
      return value;
    },
    get failed() {
      return failed;
    },
    load() {
      if (value !== undefined) return Promise.resolve(value);
      if (failed) return Promise.resolve(undefined);
      return (loading ??= importer().then(
        (module) => (value = module),
        (error: Error) => {
          failed = true;
          loading = undefined;
          onError(error);
          return undefined;
        },
      ));
    },
    allowRetry() {
      failed = false;
    },
    reject(error) {
      value = undefined;
      failed = true;
      onError(error);
    },
  };
}
