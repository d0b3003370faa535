/**
 * The progress store that stands in while the next person's record is read (another person
 * signed in or out: identify()). What happens meanwhile is theirs: updates, changes other tabs
 * made to their record and forgets wait here, in order, and go to their record once it is read,
 * never to the previous person's. Until then reads answer from the previous person's state, as
 * deciding did before the switch began; writes of that state are done (`previous.flush()`)
 * before the next record is read.
 */
import type { ProgressStore } from './progress-store';

export interface StandInProgress extends ProgressStore {
  /** The next person's store, once read and given what waited. */
  readonly opened: Promise<ProgressStore>;
  /**
   * Runs `apply` on the next person's store: at once when it is read, else in order with what
   * waits, before anything that awaits `opened` (a decision must not precede it). For work that
   * reads their record to decide, which the previous person's state would answer wrongly.
   */
  whenOpen(apply: (store: ProgressStore) => void): void;
}

/** True for a store standing in while the next person's record is read. */
export const isStandIn = (store: ProgressStore): store is StandInProgress => 'whenOpen' in store;

/** Stands in for the store `opening` resolves to (never rejecting), of record `key`, in place of `previous`. */
export function standInProgress(previous: ProgressStore, key: string, opening: Promise<ProgressStore>): StandInProgress {
  const waiting: ((store: ProgressStore) => void)[] = [];
  let current: ProgressStore | undefined;
  const opened = opening.then((store) => {
    // Set first: whatever arrives while what waited is applied goes straight to it, after it.
    current = store;
    for (const apply of waiting.splice(0)) apply(store);
    return store;
  });
  const later = (apply: (store: ProgressStore) => void) => (current ? apply(current) : void waiting.push(apply));
  return {
    key,
    opened,
    whenOpen: later,
    get: () => (current ?? previous).get(),
    update: (change) => later((store) => store.update(change)),
    applyRemote: (change) => later((store) => store.applyRemote(change)),
    forget: () => later((store) => store.forget()),
    flush: () => opened.then((store) => store.flush()),
    clear: () => opened.then((store) => store.clear()),
    subscribe(listener) {
      let stop: (() => void) | undefined;
      let stopped = false;
      void opened.then((store) => {
        if (!stopped) stop = store.subscribe(listener);
      });
      return () => {
        stopped = true;
        stop?.();
      };
    },
  };
}
