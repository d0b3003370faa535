/**
 * Turns on a storage object, shared by every writer of it: the key-value outboxes on it (two
 * instances, React StrictMode's create/destroy/create) and the writer in deferred-delivery.ts.
 * A module of its own so that the core, which has that writer, carries it whole (and a build that
 * splits the pipeline into another file can lend the pipeline this one queue instead of a copy).
 */

/**
 * One queue of read-modify-write cycles per storage object, not per outbox: every writer reads
 * and writes in turn, so none writes back a list that misses another's change. Weak: a storage
 * nothing else holds is not kept alive by its queue.
 */
const chains = new WeakMap<object, Promise<unknown>>();

/**
 * Runs `task` after every task queued on `storage` before it; a failure rejects that task only.
 * `task` must not wait for an outbox operation on the same storage: that one waits for it.
 */
export const serialOn = <T>(storage: object, task: () => Promise<T>): Promise<T> => {
  // A wrapper (store/storage.ts resilientStorage) names the storage it wraps: one queue for both.
  const key = (storage as { turns?: object }).turns ?? storage;
  const next = (chains.get(key) ?? Promise.resolve()).then(task);
  chains.set(key, next.catch(() => undefined));
  return next;
};
