/**
 * The retry policy of delivery, as pure decisions (no clock, no timers, no randomness of its
 * own: time and the random draw are parameters). What a failed send means:
 * - `refused`: an answer about the endpoint itself (401, 403, 404, 405, 410). Every batch
 *   would fail the same way, so the page stops sending and the events wait in the outbox.
 * - `malformed`: another 4xx except 408 and 429. The batch itself is wrong; resending it
 *   cannot help (delivery halves it until the offending event is alone, then drops it).
 * - `transient`: network errors, timeouts, 408, 429, 5xx (and a plain `Error` from a custom
 *   transport): retried with exponential backoff and full jitter, or after `Retry-After`.
 *
 * `isPermanentStatus` and `parseRetryAfter` live in transport.ts (the HTTP transport needs
 * them too); they are re-exported here so the whole policy reads from one place.
 */
import { isPermanentStatus } from './transport';

export { isPermanentStatus, parseRetryAfter } from './transport';

/**
 * Answers about the endpoint, not the batch: dropping batch after batch would empty the
 * outbox for a typo in the URL or an expired key. The events wait for a later page load.
 */
export const ENDPOINT_REFUSALS: ReadonlySet<number> = new Set([401, 403, 404, 405, 410]);

/** A refusal of the endpoint itself: checked before `isPermanentStatus`, which also covers these statuses. */
export const isEndpointRefusal = (status: number | undefined): boolean => status !== undefined && ENDPOINT_REFUSALS.has(status);

export type FailureKind = 'refused' | 'malformed' | 'transient';

/** What a failed send with this HTTP status (undefined: network error or timeout) means; the send loop asks in this order. */
export function classifyFailure(status: number | undefined): FailureKind {
  return isEndpointRefusal(status) ? 'refused' : isPermanentStatus(status) ? 'malformed' : 'transient';
}

/**
 * Exponential backoff with full jitter after `failures` failed attempts in a row (1 or more):
 * a delay drawn uniformly (by `random`, in [0, 1)) below `baseMs * 2^(failures - 1)`, capped
 * at `maxMs`. Full jitter spreads the tabs and devices that failed at the same moment.
 */
export const backoffDelay = (failures: number, baseMs: number, maxMs: number, random: number): number =>
  random * Math.min(maxMs, baseMs * 2 ** (failures - 1));

/**
 * A collector's `Retry-After` in ms, capped at `maxMs` (a bogus day-long value must not stall a
 * page); undefined without one. A host's transport may compute NaN (`Number(date) * 1000`): any
 * value that is not a finite number counts as none, else the send loop would wait until NaN, forever.
 */
export const capRetryAfter = (retryAfterMs: unknown, maxMs: number): number | undefined =>
  Number.isFinite(retryAfterMs) ? Math.min(Math.max(0, retryAfterMs as number), maxMs) : undefined;
