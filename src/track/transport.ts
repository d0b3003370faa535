/**
 * Sends batches of events to an HTTP collector. The tracker decides when and what to send
 * (see delivery.ts); a transport only moves one batch and says how it went:
 * - resolves (or resolves `{ acknowledged: true }`) when the collector answered 2xx;
 * - resolves `{ acknowledged: false }` when the batch left without an answer (sendBeacon): the
 *   events are kept and sent once more later; one that left twice so is forgotten (send-loop.ts);
 * - rejects with a `DeliveryError` carrying the HTTP status and any `Retry-After`, so the
 *   tracker can tell "retry later" (network, 408, 429, 5xx) from "this batch is malformed"
 *   (other 4xx). A plain `Error` from a custom transport counts as "retry later", and so does
 *   a redirect (3xx): the collector did not take the events, whatever answered at the new place.
 */
import type { GuidepostEvent } from './event';
import { DeliveryError } from './delivery-error';
import { stringifyJson } from './json-text';

export interface SendOptions {
  /** The page is going away (pagehide, hidden): use `sendBeacon`, falling back to `fetch` with `keepalive`. */
  beacon?: boolean;
  /** Let the request outlive the page (a help link that navigates away). Bodies must stay under 64 KB. */
  keepalive?: boolean;
}

export interface SendResult {
  /** False when the events left without an acknowledgement (a beacon): they stay in the outbox, marked. */
  acknowledged: boolean;
}

export interface Transport {
  send(events: GuidepostEvent[], options?: SendOptions): Promise<void | SendResult>;
}

export { DeliveryError, isPermanentStatus } from './delivery-error';

/**
 * `Retry-After` (RFC 9110 §10.2.3) in milliseconds from `now`: either delay-seconds or an
 * HTTP date. Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month ("Sun, 22 Nov 2026 10:00:00 GMT"); Date.parse alone takes "-5" as a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Bytes of `{"events":[]}` around the comma-separated events of a request body. */
export const BODY_OVERHEAD = '{"events":[]}'.length;

/** UTF-8 length of a string, without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export interface HttpTransportOptions {
  /** Must behave as fetch does on abort (the timeout): reject, or error the body being read. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default navigator.sendBeacon, when there is one */
  sendBeacon?: (url: string, data: Blob) => boolean;
  /** Abort a request that has not answered after this many ms (a hung request would hold the outbox lock). @default 30000 */
  timeoutMs?: number;
  /** Clock for HTTP-date `Retry-After` values. @default Date.now */
  now?: () => number;
}

/** Browsers refuse `keepalive` bodies (and beacons) over 64 KiB in flight; stay under it. */
export const KEEPALIVE_LIMIT = 64 * 1024 - 1024;

/**
 * The first 200 characters of a refusal's body, for the report: a courtesy (the status decides),
 * read from the first chunk only, so a collector answering with megabytes costs nothing. A body
 * that never comes (headers sent, then nothing: a stalled proxy) ends with the request's
 * timeout: aborting a fetch errors its body (Fetch standard, "abort fetch"), so the read fails.
 */
async function reasonOf(response: Response): Promise<string> {
  try {
    const reader = response.body?.getReader();
    if (!reader) return '';
    const { value } = await reader.read();
    void reader.cancel().catch(() => undefined);
    return value ? new TextDecoder().decode(value.subarray(0, 800)).slice(0, 200) : '';
  } catch {
    return '';
  }
}

/**
 * POSTs `{"events": [...]}` to `endpoint` as JSON. With `beacon`, uses `navigator.sendBeacon`
 * (as `text/plain`, a "simple" request: beacons cannot do a CORS preflight), falling back to
 * `fetch` with `keepalive` when the browser refuses the beacon (over its quota).
 */
export function httpTransport(endpoint: string, options: HttpTransportOptions = {}): Transport {
  const now = options.now ?? (() => Date.now());
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async send(events, sendOptions) {
      const body = stringifyJson({ events });
      const size = utf8Length(body);
      if (sendOptions?.beacon && size <= KEEPALIVE_LIMIT) {
        const nav = typeof navigator !== 'undefined' ? navigator : undefined;
        const blob = new Blob([body], { type: 'text/plain' });
        // sendBeacon returns false when the browser will not queue it (too large, quota): fall back.
        if (options.sendBeacon ? options.sendBeacon(endpoint, blob) : typeof nav?.sendBeacon === 'function' && nav.sendBeacon(endpoint, blob)) return { acknowledged: false };
      }
      const doFetch = options.fetch ?? globalThis.fetch;
      const keepalive = (sendOptions?.beacon || sendOptions?.keepalive) === true && size <= KEEPALIVE_LIMIT;
      const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
      // Not the injected scheduler: this guards real network I/O, which fake clocks do not drive.
      // Capped at the longest delay timers hold: a longer one fires at once and would abort every request.
      // Also for a request that may outlive the page (keepalive): on a page that stays, one that
      // never answers would hold the outbox lock, and every later event, for good.
      // The whole exchange, the refusal's body included (reasonOf), runs under it: the send loop
      // holds the outbox lock meanwhile, for every tab.
      const timer = controller && timeoutMs > 0 ? setTimeout(() => controller.abort(), Math.min(timeoutMs, 2 ** 31 - 1)) : undefined;
      try {
        let response: Response;
        try {
          response = await doFetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            keepalive,
            signal: controller?.signal,
            // Followed, a redirect turns the POST into a GET of wherever it points (a login page
            // answering 200 HTML), and the events would count as delivered without arriving.
            redirect: 'manual',
          });
        } catch (error) {
          throw new DeliveryError(`collector ${endpoint} unreachable: ${(error as Error).message}`);
        }
        // 'opaqueredirect' (status 0) in browsers, the 3xx itself in Node; `redirected` when a
        // host's fetch followed it anyway. The endpoint did not take the events: they stay in
        // the outbox and are retried with backoff (no status that reads as malformed or refused).
        const redirect = response.status >= 300 && response.status < 400;
        if (redirect || response.redirected || response.type === 'opaqueredirect') {
          void response.body?.cancel().catch(() => undefined);
          throw new DeliveryError(`collector ${endpoint} answered with a redirect${redirect ? ` (${response.status})` : ''}: events kept, not delivered`);
        }
        if (response.ok) {
          // Unread, the answer keeps its connection open until the page goes (DevTools then shows
          // the request as canceled): it says nothing the status does not.
          void response.body?.cancel().catch(() => undefined);
          return { acknowledged: true };
        }
        const reason = await reasonOf(response);
        const retryAfter = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get('retry-after'), now()) : undefined;
        throw new DeliveryError(`collector ${endpoint} answered ${response.status}${reason ? `: ${reason}` : ''}`, response.status, retryAfter);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
