/**
 * When the send loop (send-loop.ts) may send again: the end of the client backoff and of the
 * collector's Retry-After, as times of the delivery clock (`config.clock`: the wall clock, or
 * a test's fake one).
 *
 * The wall clock can be set back (by the person, by a time sync, by a virtual machine resumed
 * from a snapshot). A deadline set before then lies as far ahead as the clock went back: an
 * hour back held every send, explicit flush and page-hide beacon of the page for an hour. So
 * every reading goes through `now`, which compares it with the latest one: once the clock went
 * back, the page cannot tell how long it has really waited, and the waits set before count as
 * over. The cost is one send that may come early; a collector that still needs time answers
 * it with a fresh Retry-After, which then holds as usual.
 */

/** Backward steps up to this are the clock's own jitter (NTP slews it): they void nothing. */
const CLOCK_TOLERANCE_MS = 1000;

/** A tuple, like the outbox mirror (see OutboxMirror), so that the minifier can rename its parts. */
export type SendWaits = readonly [
  /** The clock's time; notices when it went back and voids the waits set before. */
  now: () => number,
  /** Before this time nothing is sent: the Retry-After's end, and the backoff's unless `explicit`. */
  blockedUntil: (explicit?: boolean) => number,
  /** Sets the backoff's end (0: none) and, when given, the Retry-After's; undefined keeps one as it is. */
  hold: (backoffUntil?: number, retryAfterUntil?: number) => void,
  /** True once after the clock went back: the Retry-After shared in the store is as stale as this page's. */
  wentBack: () => boolean,
  /** A retry time read from the shared store, or 0 when it cannot be one (see `sane` below). */
  sane: (at: unknown) => number,
];

/** The waits of one send loop, on `clock`; a Retry-After is never longer than `maxRetryAfterMs`. */
export function createSendWaits(clock: () => number, maxRetryAfterMs: number): SendWaits {
  let backoffUntil = 0;
  let retryAfterUntil = 0;
  let latest = clock();
  let back = false;

  const now = () => {
    const time = clock();
    if (time < latest - CLOCK_TOLERANCE_MS) {
      backoffUntil = retryAfterUntil = 0;
      back = true;
      latest = time;
    }
    latest = Math.max(latest, time);
    return time;
  };

  const blockedUntil = (explicit?: boolean) => {
    now(); // a clock that went back voids the waits before they are read
    return Math.max(retryAfterUntil, explicit ? 0 : backoffUntil);
  };

  const hold = (backoff?: number, retryAfter?: number) => {
    if (backoff !== undefined) backoffUntil = backoff;
    if (retryAfter !== undefined) retryAfterUntil = retryAfter;
  };

  const wentBack = () => {
    const was = back;
    back = false;
    return was;
  };

  /**
   * Any tab (or anything else with access to the storage) may have written the shared retry
   * time: one later than a capped Retry-After could ask for, or not a number, is ignored, else
   * it would hold delivery for the whole origin.
   */
  const sane = (at: unknown) => (typeof at === 'number' && at <= now() + maxRetryAfterMs ? at : 0);

  return [now, blockedUntil, hold, wentBack, sane];
}
