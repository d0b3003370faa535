/**
 * `track()` calls made before `start()` has booted (the host's first clicks, a goal tracked while
 * the manifest loads): kept with the time they were made, bounded, and replayed once it has
 * (recorded and reported with their own times). The page may go first, or the instance be
 * destroyed: they leave then, as a beacon and in the outbox (boot.ts sendEarlyTracks), not with it.
 */
import { GuidepostError } from '../errors';
import { openProgressStore } from '../store/progress-store';
import { progressOptions, sendEarlyTracks, type EarlyTrack } from './boot';
import { recordGoal, reportingAs, trackGoal } from './goals';
import { emit, progressKeyOf, type Runtime } from './runtime';

/**
 * A call kept for someone signed in before identify() changed the person during start(): as
 * once started, it is theirs: reported with their ids and recorded in their own progress (read,
 * updated and written here), not the person's who is signed in now. When their progress is the
 * one open (identify() changed only the account), it is tracked there as track() would.
 */
function trackForEarlierPerson(rt: Runtime, [name, properties, at, who]: EarlyTrack): void {
  const key = progressKeyOf(who, rt.identity);
  if (key === rt.progress!.key) {
    reportingAs(rt, who, () => trackGoal(rt, name, properties, at));
    return;
  }
  const { items } = rt.manifest!;
  void openProgressStore(rt.storage!, key, progressOptions(rt, key))
    .then((theirs) => {
      recordGoal(theirs, items, name, at);
      return theirs.flush();
    })
    .catch((error: Error) => rt.report(new GuidepostError('storage', error.message)));
  reportingAs(rt, who, () => emit(rt, { type: 'goal', name, properties }, at));
}

const samePerson = (a: EarlyTrack[3], b: EarlyTrack[3]) => (a.id ?? null) === (b.id ?? null) && (a.accountId ?? null) === (b.accountId ?? null);

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
      kept.push([name, properties, rt.now(), { id: rt.user.id, accountId: rt.user.accountId }]);
      // Listened for only while some call waits: an instance nobody tracks with adds no listener.
      if (!stopListening) listen();
    },
    booted() {
      stop();
      // destroy() came before the device's identity was read: start() has read it since, so they leave now.
      if (rt.destroyed) sendEarlyTracks(rt, kept);
    },
    replay() {
      stop();
      for (const call of kept.splice(0)) {
        if (rt.destroyed) break;
        const [name, properties, at, who] = call;
        // Each as track() would have run it (public-guard.ts): one that fails is reported, the rest still run.
        try {
          if (samePerson(who, rt.user)) trackGoal(rt, name, properties, at);
          else trackForEarlierPerson(rt, call);
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
