/**
 * The delivery test page's script (bundled by test/track/delivery.browser.test.ts): a tracker
 * wired the way src/guidepost.ts wires it — IndexedDB outbox, HTTP transport to /collect,
 * Web Locks, beacons on pagehide and on visibilitychange to hidden — and a handle for the
 * tests. Query parameters: `delay` (batch delay ms), `consent=required`.
 */
import { browserOutbox } from '../../../src/track/outbox';
import { createTracker } from '../../../src/track/tracker';
import { httpTransport } from '../../../src/track/transport';
import { uuidv7 } from '../../../src/track/uuid';

const params = new URLSearchParams(location.search);
const reports: string[] = [];
const report = (error: Error) => void reports.push(error.message);
const outbox = browserOutbox(report);
const tracker = createTracker(
  {
    anonymousId: 'anon-browser',
    sessionId: uuidv7(),
    userId: 'u1',
    accountId: 'acme',
    revision: 'delivery-test',
    url: () => location.href,
    now: () => Date.now(),
  },
  {
    transport: httpTransport('/collect'),
    outbox,
    report,
    batchDelayMs: Number(params.get('delay') ?? 500),
    requireConsent: params.get('consent') === 'required',
  },
);
addEventListener('pagehide', () => void tracker.flush({ beacon: true }));
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') void tracker.flush({ beacon: true });
});

let counter = 0;
const handle = {
  tracker,
  reports,
  /** Emits `count` goal events; returns their ids. */
  emit(count: number, tag = 'page'): string[] {
    return Array.from({ length: count }, () => tracker.emit({ type: 'goal', name: `${tag}-${counter++}` }).event_id);
  },
  /** Ids in the IndexedDB outbox (shared by the tabs of this origin). */
  stored: () => outbox.ids(),
  degraded: () => (outbox as { degraded?: boolean }).degraded ?? false,
  pending: () => tracker.pending(),
  ready: () => tracker.ready.then(() => true),
};
(window as unknown as { delivery: typeof handle }).delivery = handle;
document.documentElement.dataset.ready = 'true';
