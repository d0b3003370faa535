/**
 * The send loop's wake-up (send-loop.ts): one timer at most, always the earliest asked for.
 * Batches, retries after a backoff or a Retry-After, and the re-send after a beacon's grace
 * period all ask for a wake-up at some time; the loop only needs to wake once, at the first of
 * them, and decide again then. Kept apart so that the loop reads as what it does when it wakes,
 * and so that the timer arithmetic (a due far away, NaN, a clock that moved) is tested alone.
 */
import type { Scheduler } from './platform';

/** The longest delay timers hold (a signed 32-bit int): browsers fire a longer one after 1 ms, which would make a busy loop. */
export const MAX_DELAY = 2 ** 31 - 1;

/**
 * Calls `callback` after `ms` on `scheduler`; any delay (NaN, negative, a year) becomes one a
 * timer holds. Returns the scheduler's handle.
 */
export const later = (scheduler: Scheduler, callback: () => void, ms: number): unknown =>
  scheduler.setTimeout(callback, ms > 0 ? Math.min(ms, MAX_DELAY) : 0);

/** A tuple, like the outbox mirror (see OutboxMirror), so that the minifier can rename its parts. */
export type WakeTimer = readonly [
  /** Wakes at `due` (a time of the clock), unless a wake-up no later than that is already set. */
  wakeAt: (due: number) => void,
  /** Cancels the wake-up set, if any. */
  clear: () => void,
];

/**
 * One wake-up timer on `scheduler`: `wake` runs once at the earliest time asked for with `wakeAt`
 * (`clock` says what time it is now), then the timer is free for the next one.
 */
export function createWakeTimer(scheduler: Scheduler, clock: () => number, wake: () => void): WakeTimer {
  let timer: unknown;
  let timerDue = Infinity;

  const clear = () => {
    if (timer !== undefined) scheduler.clearTimeout(timer);
    timer = undefined;
    timerDue = Infinity;
  };

  const wakeAt = (due: number) => {
    if (timer !== undefined && timerDue <= due) return;
    clear();
    timerDue = due;
    // A due beyond MAX_DELAY wakes early: the loop finds itself blocked and asks for the next wake-up.
    timer = later(
      scheduler,
      () => {
        timer = undefined;
        timerDue = Infinity;
        wake();
      },
      due - clock(),
    );
  };

  return [wakeAt, clear];
}
