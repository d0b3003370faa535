/**
 * Page-hide beacons (src/track/beacons.ts) through the whole SDK: a host's `transport` written
 * in plain JavaScript may return nothing from `send` (no promise). The pagehide listener runs in
 * the host page: nothing may be thrown out of it, and every event must still be handed over.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostEvent, type Transport } from '../../src/index';

const manifest = { schemaVersion: 1, revision: 'r1', items: [] };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a host transport whose send returns undefined', () => {
  it('pagehide after track() throws nothing into the page and beacons the goal', async () => {
    const sent: { events: GuidepostEvent[]; beacon: boolean }[] = [];
    const transport = { send: (events: GuidepostEvent[], options?: { beacon?: boolean }) => void sent.push({ events, beacon: options?.beacon === true }) };
    const errors: Error[] = [];
    const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), transport: transport as unknown as Transport, onError: (e) => errors.push(e) });
    await gp.start();
    // The delivery code is loaded once something is to be sent: wait for the first batch.
    gp.track('warm_up');
    await vi.waitFor(() => expect(sent.flatMap((s) => s.events.map((e) => e.name))).toContain('warm_up'));
    const thrown: unknown[] = [];
    const onError = (event: ErrorEvent) => thrown.push(event.error ?? event.message);
    window.addEventListener('error', onError);
    const consoleError = vi.spyOn(console, 'error');
    try {
      gp.track('signed_up');
      expect(() => window.dispatchEvent(new Event('pagehide'))).not.toThrow();
      expect(sent.filter((s) => s.beacon).flatMap((s) => s.events.map((e) => e.name))).toContain('signed_up');
      expect(thrown).toEqual([]);
      expect(consoleError).not.toHaveBeenCalled();
      expect(errors.map((e) => e.message)).toEqual([]);
    } finally {
      window.removeEventListener('error', onError);
      gp.destroy();
    }
  });
});
