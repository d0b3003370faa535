/**
 * `track()` calls made before `start()` has booted (the host's first clicks, a goal tracked while
 * the manifest loads): kept with the time they were made, bounded, and replayed once it has
 * (recorded and reported with their own times). The page may go first, or the instance be
 * destroyed: they leave then, as a beacon and in the outbox (boot.ts sendEarlyTracks), not with it.
 */
import { GuidepostError } from '../errors';
import { sendEarlyTracks, type EarlyTrack } from './boot';
import { trackGoal } from './goals';
import type { Runtime } from './runtime';

/** track() calls kept while start() runs; beyond, each is reported and dropped. */
const MAX_EARLY_TRACKS = 100;

export interface EarlyTracks {
  /** Keeps a call made before start() booted. */
  keep(name: string, properties: Record<string, unknown> | undefined): void;
  /** start() has booted (or given up): the page going away no longer concerns them. */
  booted(): void;
  /** Runs the kept calls, in order, as track() would have. */
  replay(): void;
  /** The instance is destroyed before they ran: they leave now. */
  destroy(): void;
  readonly size: number;
}

export function earlyTracks(rt: Runtime): EarlyTracks {
  const kept: EarlyTrack[] = [];
  let stopListening: (() => void) | undefined;
  const stop = () => {
    stopListening?.();
    stopListening = undefined;
  };
  const listen = () => {
    const win = rt.options.document?.defaultView ?? (typeof window !== 'undefined' ? window : undefined);
    const onHide = () => sendEarlyTracks(rt, kept);
    win?.addEventListener('pagehide', onHide);
    stopListening = () => win?.removeEventListener('pagehide', onHide);
  };
  return {
    keep(name, properties) {
      if (kept.length >= MAX_EARLY_TRACKS) {
        rt.report(new GuidepostError('internal', `track("${name}") before start() finished: more than ${MAX_EARLY_TRACKS} early events, this one is dropped`));
        return;
      }
      kept.push([name, properties, rt.now()]);
      // Listened for only while some call waits: an instance nobody tracks with adds no listener.
      if (!stopListening) listen();
    },
    booted: stop,
    replay() {
      for (const [name, properties, at] of kept.splice(0)) {
        if (rt.destroyed) break;
        // Each as track() would have run it (public-guard.ts): one that fails is reported, the rest still run.
        try {
          trackGoal(rt, name, properties, at);
        } catch (error) {
          rt.report(new GuidepostError('internal', `track() failed: ${(error as Error)?.message ?? String(error)}`));
        }
      }
    },
    destroy() {
      sendEarlyTracks(rt, kept);
      stop();
    },
    get size() {
      return kept.length;
    },
  };
}
