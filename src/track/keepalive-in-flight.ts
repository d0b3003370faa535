/**
 * The keepalive requests this page has in flight: how many body bytes, and which events they
 * carry. Browsers give a page one quota for the bodies of all its keepalive requests in flight
 * together, 64 KiB (Fetch standard, "fetch" step 2.4.3: inflightKeepaliveBytes, per fetch group);
 * `sendBeacon` draws on the same quota (Chromium queues a beacon as a keepalive fetch, and refuses
 * it past the quota). A `flushSoon` sends with keepalive (send-loop.ts); if the page is hidden
 * before that request was answered, page-hide beacons (beacons.ts) that counted on the whole
 * 64 KiB would be refused, and the events most at risk (not written to the outbox yet) with them.
 * So the beacons get what is left, and skip the events already on their way: a keepalive request
 * outlives the page, and what it carries was read from the outbox, where it stays until acknowledged.
 */
import type { GuidepostEvent } from './event';
import { jsonTextOrNothing } from './json-text';
import { BODY_OVERHEAD, KEEPALIVE_LIMIT, utf8Length } from './transport';

/** A tuple, like the outbox mirror (see OutboxMirror), so that the minifier can rename its parts. */
export type KeepaliveInFlight = readonly [
  /** Body bytes of the keepalive requests not settled yet. */
  bytes: () => number,
  /** Whether a keepalive request not settled yet carries this event id. */
  carries: (id: string) => boolean,
  /**
   * Counts a keepalive request of `bytes` carrying `ids` until `settled` settles (either way). A
   * body over KEEPALIVE_LIMIT is not counted: the HTTP transport sends it without keepalive, and
   * such a request neither draws on the quota nor outlives the page.
   */
  track: (ids: readonly string[], bytes: number | undefined, settled: Promise<unknown>) => void,
];

/** The keepalive requests of one page (one delivery), none in flight at first. */
export function createKeepaliveInFlight(): KeepaliveInFlight {
  let total = 0;
  /** How many requests in flight carry each id (a beacon and a keepalive fetch may both carry one). */
  const carried = new Map<string, number>();

  const track = (ids: readonly string[], bytes: number | undefined, settled: Promise<unknown>) => {
    if (bytes === undefined || bytes > KEEPALIVE_LIMIT) return;
    total += bytes;
    for (const id of ids) carried.set(id, (carried.get(id) ?? 0) + 1);
    const done = () => {
      total -= bytes;
      for (const id of ids) {
        const left = (carried.get(id) ?? 1) - 1;
        if (left > 0) carried.set(id, left);
        else carried.delete(id);
      }
    };
    settled.then(done, done);
  };

  return [() => total, (id) => carried.has(id), track];
}

/**
 * Bytes of the body `{"events":[...]}` a transport writes for `events` (as httpTransport writes
 * it); undefined when one of them cannot be written (json-text.ts): the send then fails before
 * anything leaves.
 */
export function bodyBytes(events: readonly GuidepostEvent[]): number | undefined {
  let bytes = BODY_OVERHEAD + Math.max(0, events.length - 1); // the braces and the commas
  for (const event of events) {
    const text = jsonTextOrNothing(event);
    if (text === undefined) return undefined;
    bytes += utf8Length(text);
  }
  return bytes;
}
