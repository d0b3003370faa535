/**
 * One tab flushes the shared outbox at a time. With the Web Locks API the tab holding
 * `guidepost-outbox` reads, sends and deletes a batch while every other tab skips its
 * turn (`ifAvailable`), so two tabs never send the same events concurrently. Without Web
 * Locks (old browsers, some embedded webviews, a throwing `request` in sandboxed frames)
 * each tab flushes anyway: the collector drops the duplicates by `event_id`.
 */

/** What a `LockRunner` did with a task: ran it (with its result), or found the lock taken. */
export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/** Runs `task` while holding the lock, or reports that another holder has it. */
export type LockRunner = <T>(task: () => Promise<T>) => Promise<LockOutcome<T>>;

/** The part of `LockManager` used here (injectable for tests). */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: true }, callback: (lock: unknown) => Promise<T> | T): Promise<T>;
}

/** Runs tasks without any lock: the fallback, and what a single-tab test injects. */
export const noLock: LockRunner = async (task) => ({ acquired: true, value: await task() });

/** A runner on the Web Locks API lock `name`; falls back to `noLock` where Web Locks are missing. */
export function webLock(name = 'guidepost-outbox', locks?: LockManagerLike | null): LockRunner {
  const manager = (): LockManagerLike | undefined => {
    if (locks !== undefined) return locks ?? undefined;
    const nav = typeof navigator !== 'undefined' ? (navigator as unknown as { locks?: LockManagerLike | null }) : undefined;
    return nav?.locks ?? undefined;
  };
  return async <T>(task: () => Promise<T>): Promise<LockOutcome<T>> => {
    const lockManager = manager();
    if (!lockManager || typeof lockManager.request !== 'function') return noLock(task);
    let started = false;
    try {
      return await lockManager.request<LockOutcome<T>>(name, { ifAvailable: true }, async (lock) => {
        if (!lock) return { acquired: false };
        started = true;
        return { acquired: true, value: await task() };
      });
    } catch (error) {
      // The task's own failure goes up; a broken lock manager (SecurityError in an opaque origin) does not stop delivery.
      if (started) throw error;
      return noLock(task);
    }
  };
}
