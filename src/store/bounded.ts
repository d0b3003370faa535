/**
 * A bound on the operations of a storage the host passes in (`storage` option): one that never
 * settles (a remote store that hangs, a bug in the host's adapter) would otherwise hold
 * `start()` forever, and with it every surface and event. IndexedDB bounds its own operations
 * (idb.ts); this does the same for any other storage, with the same rules:
 *
 * - an operation that does not answer within `timeoutMs` rejects with a `TimeoutError`;
 * - until it answers, the storage counts as unresponsive and later operations fail at once,
 *   instead of each waiting out the bound (a page that reads three keys waits once, not three times);
 * - an answer that comes after the bound is dropped, and the storage is used again.
 */

/** Runs `operation` within the bound; see the module comment. */
import { namedError } from '../errors';
export type Bounded = <T>(operation: () => PromiseLike<T> | T) => Promise<T>;

/**
 * A bound of `timeoutMs` on each operation (the caller's report names the storage).
 * `Infinity` (or any value past what timers take) is no bound.
 */
export function boundOperations(timeoutMs: number): Bounded {
  /** Operations that timed out and have not answered yet. */
  let unanswered = 0;
  const timedOut = () => namedError(`no answer within ${timeoutMs} ms`, 'TimeoutError');
  return <T>(operation: () => PromiseLike<T> | T) =>
    new Promise<T>((resolve, reject) => {
      if (unanswered) return reject(timedOut());
      let late = false;
      // Past what timers take (Infinity) is no bound.
      const timer =
        timeoutMs < 2 ** 31
          ? setTimeout(() => {
              late = true;
              unanswered++;
              reject(timedOut());
            }, timeoutMs)
          : undefined;
      // A host's operation that throws instead of rejecting fails the same way. After the bound,
      // resolve and reject do nothing (it has failed): the late answer only ends "unanswered".
      Promise.resolve()
        .then(operation)
        .then(resolve, reject)
        .finally(() => {
          clearTimeout(timer);
          if (late) unanswered--;
        });
    });
}
