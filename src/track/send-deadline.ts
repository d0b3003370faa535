/**
 * A deadline for one batch's send (send-loop.ts): a custom `transport` whose promise never
 * settles would otherwise hold the outbox lock, and every tab's delivery, for good. Past the
 * deadline the send counts as a failed attempt (an error without a status: transient, retried
 * with backoff); its late answer is ignored. The timer is the page's own, not the delivery
 * scheduler's, whose timers are the loop's plan (retries, batches).
 */

/** How long one send may take: twice the built-in transport's own timeout (30 s). */
export const SEND_GIVE_UP_MS = 60_000;

/** A deadline that can be lifted: `cancel()` once the send settled, or when delivery stops. */
export interface SendDeadline {
  /** Rejects after `ms`, unless cancelled first. */
  expired: Promise<never>;
  cancel(): void;
}

/** Starts a deadline of `ms` for a send in flight. */
export function sendDeadline(ms = SEND_GIVE_UP_MS): SendDeadline {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the transport did not answer within ${ms / 1000} s`)), ms);
  });
  // Lost unless raced: never an unhandled rejection of its own.
  expired.catch(() => undefined);
  return { expired, cancel: () => clearTimeout(timer) };
}
