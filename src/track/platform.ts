/**
 * What delivery needs from the platform, injectable so the dom tests can use fake timers
 * and a fake network: timers and the browser's idea of being online.
 */

/** Timers, injectable so tests can use fake ones. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers, looked up at call time (so fake timers installed later still apply). */
export const globalScheduler: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Whether the browser believes it is online, and when it comes back. */
export interface NetworkMonitor {
  online(): boolean;
  /** Calls `listener` on each `online` event; returns the disposer. */
  onOnline(listener: () => void): () => void;
}

/** `navigator.onLine` and the window's `online` event; always online outside browsers. */
export function browserNetwork(scope: { navigator?: { onLine?: boolean }; addEventListener?: unknown; removeEventListener?: unknown } = globalThis): NetworkMonitor {
  return {
    // Only an explicit `false` pauses: some webviews leave onLine undefined.
    online: () => scope.navigator?.onLine !== false,
    onOnline(listener) {
      const target = scope as unknown as EventTarget;
      if (typeof target.addEventListener !== 'function') return () => undefined;
      target.addEventListener('online', listener);
      return () => target.removeEventListener('online', listener);
    },
  };
}
