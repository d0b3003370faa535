/**
 * Sends batches of events to an HTTP collector. Batches go out on the next task; on
 * `pagehide` the rest leaves with `sendBeacon` so closing a tab does not lose them.
 */
import type { GuidepostEvent } from './event';

export interface Transport {
  send(events: GuidepostEvent[], options?: { beacon?: boolean }): Promise<void>;
}

/** POSTs `{"events": [...]}` as JSON. A non-2xx answer rejects with the collector's reason. */
export function httpTransport(endpoint: string): Transport {
  return {
    async send(events, options) {
      const body = JSON.stringify({ events });
      if (options?.beacon && typeof navigator !== 'undefined' && navigator.sendBeacon) {
        // text/plain keeps the beacon a "simple" request: no CORS preflight, which beacons cannot do.
        if (navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain' }))) return;
      }
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        keepalive: body.length < 60_000,
      });
      if (!response.ok) throw new Error(`collector ${endpoint} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    },
  };
}
