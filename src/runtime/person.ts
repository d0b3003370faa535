/**
 * Whose progress the instance keeps: another person signing in or out (`identify()` with a
 * new id moves to their own record), and `reset()`, which forgets this device's identity,
 * progress, sticky experiment arms and cached manifest, and starts again as a new device.
 */
import { STICKY_ASSIGNMENTS_KEY } from '../controller/experiments';
import { GuidepostError } from '../errors';
import { checkedKeys } from '../manifest/checked-keys';
import { clearIdentity, loadIdentity, type IdentityRecord } from '../store/identity';
import { openProgressStore } from '../store/progress-store';
import { standInProgress } from '../store/stand-in-progress';
import { openExperiments, progressOptions } from './boot';
import { assignExperiments, evaluate } from './decisions';
import { newPageView } from './items';
import { progressKey, progressKeyOf, type Runtime } from './runtime';
import { setLocalTour } from './tab-sync';

/**
 * Another person signed in (or out): their own progress, not the previous user's. From now on
 * what is recorded is theirs (stand-in-progress.ts); once their record is read, what shows is
 * decided for them.
 */
export function switchProgress(rt: Runtime): void {
  const key = progressKey(rt);
  const options = progressOptions(rt, key);
  const opening = rt.progress!
    .flush()
    .then(() => openProgressStore(rt.storage!, key, options))
    .catch((error: Error) => {
      // Their record could not be read: they start afresh here (what they do is still theirs).
      rt.report(new GuidepostError('storage', error.message));
      return openProgressStore(rt.storage!, key, { ...options, nothingStored: true });
    });
  const standIn = (rt.progress = standInProgress(rt.progress!, key, opening));
  // Their page view starts now: what they track while their record is read (a trigger) is theirs.
  rt.pageView = newPageView(rt.now());
  void standIn.opened.then((store) => {
    // A later identify() or reset() took over: this person's record got what was theirs, the later one decides.
    if (rt.destroyed || rt.progress !== standIn) return;
    rt.progress = store;
    rt.tours?.dispose();
    rt.showing.clear();
    assignExperiments(rt);
    evaluate(rt);
  });
}

/**
 * `reset()`: everything this device remembers is forgotten; what shows is decided again for a new
 * device. Counted, and its work kept: a start() under way reads again what it forgot (boot.ts).
 */
export function resetDevice(rt: Runtime): Promise<void> {
  rt.resets++;
  const done = forgetDevice(rt);
  rt.resetting = done.catch(() => undefined);
  return done;
}

async function forgetDevice(rt: Runtime): Promise<void> {
  const { storage, manifest } = rt;
  // The anonymous visitor's record, kept under the device's id: a person who signed in since has
  // their own, and the visitor's would stay behind, tied to nobody.
  const anonymousKey = progressKeyOf({}, rt.identity);
  // Its arms are forgotten below: a write of them under way must not bring them back.
  rt.experiments?.dispose?.();
  await rt.progress?.clear();
  if (rt.progress) rt.tabs?.post({ kind: 'reset', key: rt.progress.key });
  rt.tours?.dispose();
  setLocalTour(rt, undefined);
  rt.showing.clear();
  if (storage && !rt.options.storage && storage.clear) {
    // The SDK's own database holds nothing but what it remembers of this device: all of it goes
    // (every person's progress, the anonymous visitor's, identity, arms, manifests, what the
    // validator found).
    await storage.clear();
  } else if (storage) {
    await clearIdentity(storage);
    await storage.delete(STICKY_ASSIGNMENTS_KEY);
    if (typeof rt.options.manifest === 'string') await storage.delete(`manifest:${rt.options.manifest}`);
    if (anonymousKey !== rt.progress?.key) await storage.delete(anonymousKey);
    // What the validator found in manifests as written (checked-cache.ts): forgotten with the rest
    // (kept only in the SDK's own database, never in a storage the host passed in).
    if (!rt.options.storage) await Promise.all(checkedKeys().map((key) => storage.delete(key)));
  }
  if (storage && manifest && !rt.destroyed) {
    // A new device identity: nothing links what happens next to what came before. The other
    // tabs take it too: one that kept the old one would write it back.
    const identity = await loadIdentity(storage, rt.now());
    rt.tabs?.post({ kind: 'device', identity });
    await becomeDevice(rt, identity);
  }
  rt.view!.render();
}

/**
 * This device is now `identity` (reset() here, or in another tab: tab-sync.ts): what happens
 * next is the new device's (events, anonymous progress, experiment arms), decided again.
 */
export async function becomeDevice(rt: Runtime, identity: IdentityRecord): Promise<void> {
  rt.identity = identity;
  rt.tracker?.setContext({ anonymousId: identity.anonymousId, sessionId: identity.session.id });
  // Anonymous progress is keyed by the anonymous id: follow it to the new, empty record.
  const key = progressKey(rt);
  if (!rt.user.id) rt.progress = await openProgressStore(rt.storage!, key, progressOptions(rt, key));
  rt.experiments = await openExperiments(rt);
  if (rt.destroyed) return;
  rt.pageView = newPageView(rt.now());
  assignExperiments(rt);
  evaluate(rt);
}
