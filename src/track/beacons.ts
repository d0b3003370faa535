/**
 * Page hide: hands what is left to `sendBeacon` synchronously (no lock, no IndexedDB read:
 * the page may be gone a moment later). Beaconed events stay in the outbox, marked, because a
 * beacon is never acknowledged; a later page load (or this page, after `beaconGraceMs`) sends
 * them again with fetch and the collector drops the duplicates. beacon-chunks.ts packs them.
 */
import type { DeliveryConfig } from './delivery';
import type { Entry, OutboxMirror } from './outbox-mirror';
import type { OutboxRecord } from './outbox';
import type { SendResult } from './transport';
import { packBeacons } from './beacon-chunks';
import { bodyBytes, createKeepaliveInFlight, type KeepaliveInFlight } from './keepalive-in-flight';

/**
 * What goes into the page-hide beacons, most at risk first. The browser lets about 64 KB of
 * keepalive data be in flight per page, so the budget goes first to events not yet written to
 * the outbox (their IndexedDB write may never commit once the page is gone), then to stored
 * ones. Records already beaconed (by this page or by the page that left them) are skipped:
 * they are stored, and a later page re-sends them with an acknowledged fetch. So are those a
 * keepalive request still in flight carries (a `flushSoon`): that request outlives the page,
 * and its bytes are taken from the budget, since the browser counts them against the same quota.
 */
function beaconChunks(config: DeliveryConfig, local: Map<string, Entry>, [inFlightBytes, carried]: KeepaliveInFlight): OutboxRecord[][] {
  const unsaved: OutboxRecord[] = [];
  const saved: OutboxRecord[] = [];
  for (const { record, persisted } of local.values()) {
    if (record.state !== 'queued' || carried(record.id)) continue;
    (persisted ? saved : unsaved).push(record);
  }
  return packBeacons([...unsaved, ...saved], config.beaconMaxBytes, config.beaconMaxChunks, config.beaconBudgetBytes - inFlightBytes());
}

/**
 * `Delivery.beacon()`. `allowed` is the send loop's `canSend(true)`: not disposed, not refused,
 * consent granted, online, no Retry-After running (a client backoff does not hold a beacon).
 * `schedule` is the send loop's, for the re-send after the grace period; `keepalive`, its
 * keepalive requests in flight (the beacons are counted there too while they are unsettled).
 */
export function beacon(
  config: DeliveryConfig,
  mirror: OutboxMirror,
  allowed: boolean,
  schedule: (delay: number) => void,
  keepalive: KeepaliveInFlight = createKeepaliveInFlight(),
): Promise<void> {
  const [local, , , write, forget, , , markBeaconed, writeNow] = mirror;
  if (!allowed) {
    writeNow();
    return Promise.resolve();
  }
  const chunks = beaconChunks(config, local, keepalive);
  const left: Array<[OutboxRecord[], Promise<unknown>]> = [];
  const sends = chunks.map((chunk) => {
    markBeaconed(chunk);
    let sending: Promise<void | SendResult>;
    try {
      // Called synchronously, inside the pagehide handler: an await before it could be too late.
      // Wrapped: a host's transport may return no promise (undefined, as if acknowledged), and a
      // `.then` on that would throw into the host page's pagehide listener, and the chunks after it
      // would never leave.
      sending = Promise.resolve(config.transport.send(
        chunk.map((r) => r.event),
        { beacon: true },
      ));
    } catch (error) {
      sending = Promise.reject(error);
    }
    left.push([chunk, sending]);
    return sending.then(
      (result) => {
        if (!result || result.acknowledged !== false) return forget(chunk.map((r) => r.id), true);
        return undefined;
      },
      () => {
        // The browser refused (quota) or the fallback fetch failed: plain queued events again.
        for (const record of chunk) {
          if (!local.has(record.id)) continue;
          record.state = 'queued';
          delete record.beaconedAt;
          delete record.page;
          write(record);
        }
      },
    );
  });
  // What did not fit is saved by the outbox write, started now rather than at the end of the task.
  writeNow();
  // If this page lives on (hidden, then visible again), it re-sends what it beaconed after the grace period.
  if (sends.length) schedule(config.beaconGraceMs);
  // A beacon the browser refused falls back to a keepalive fetch (transport.ts): in flight until it
  // settles, for a second hide (hidden, visible, hidden again) or a flushSoon meanwhile. (A queued
  // sendBeacon resolves at once: how long the browser keeps its bytes, the page cannot see.)
  // Measured last: the beacons and the outbox write go first, the page may be gone a moment later.
  const [, , track] = keepalive;
  for (const [chunk, sending] of left) track(chunk.map((r) => r.id), bodyBytes(chunk.map((r) => r.event)), sending);
  return Promise.all(sends).then(() => undefined);
}
