/**
 * Booting an instance (`start()`): storage, identity, the manifest, progress, experiments,
 * the other tabs, event delivery, route and target watching, URL parameters (preview,
 * debug) and resuming a tour that was under way. Storage reads overlap the manifest's fetch.
 */
import { ownEntry, recordVisit } from '../engine/progress';
import { GuidepostError } from '../errors';
import type { GuidepostUser } from '../options';
import { loadManifest, regexModuleFor } from '../manifest/load';
import { createExperiments } from '../controller/experiments';
import { experimentFor } from '../engine/experiment-scope';
import { clearIdentity, loadIdentity, saveIdentity, startIdentity } from '../store/identity';
import { openProgressStore, type ProgressStore } from '../store/progress-store';
import type { ProgressChange } from '../store/merge';
import { indexedDbStorage, resilientStorage } from '../store/storage';
import { storageTimeout } from '../store/idb';
import { createTracker } from '../track/tracker';
import { checkSelectorInBrowser } from '../dom/selector-check';
import { watchRoutes } from '../dom/routes';
import { assignExperiments, evaluate } from './decisions';
import { keepSessionAlive, reportAssignments } from './session';
import { newPageView } from './items';
import { progressKey, progressKeyOf, type Runtime } from './runtime';
import { joinTabs, othersChangedItems, rejoinTabs, setLocalTour } from './tab-sync';

/**
 * How the progress store of record `key` reports and tells other tabs about local changes:
 * under its own key, not the person's of the moment (identify() changes that before the next
 * person's record is read).
 */
export const progressOptions = (rt: Runtime, key: string) => ({
  report: (e: Error) => rt.report(new GuidepostError('storage', e.message)),
  onLocalChange: (change: ProgressChange) => rt.tabs?.post({ kind: 'progress', key, change }),
  onStoredChange: (ids: string[]) => {
    if (rt.progress?.key === key && !rt.destroyed) othersChangedItems(rt, ids);
  },
});

/** The experiments of rt.manifest for this unit (forced arms from the URL included); none without any (createExperiments). */
const buildExperiments = (rt: Runtime) =>
  createExperiments(rt.manifest!, rt.storage!, rt.startSearch, (e) => rt.report(new GuidepostError('manifest', e.message)), rt.regexGuard);

/**
 * Builds the experiments again for rt.manifest, which reset() keeps and authoring mode replaces
 * with a draft (src/authoring/session.ts). First, the `$regex` guard, when the manifest uses
 * `$regex` and it is not loaded: a draft may bring the first pattern, and the decision that
 * follows needs the guard. A failed load is reported; those conditions keep failing.
 */
export async function openExperiments(rt: Runtime) {
  rt.regexGuard ??= (await regexModuleFor(rt.manifest, (message) => rt.report(new GuidepostError('manifest', message))))?.guardPattern;
  return buildExperiments(rt);
}

/** A new page view on each route change: what waited is dropped, decisions run once the app has rendered. */
function followRoutes(rt: Runtime, win: Window): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onRouteChange = (href: string, traversal: boolean) => {
    for (const stop of rt.waiting.values()) stop();
    rt.waiting.clear();
    rt.showing.clear();
    rt.pageView = newPageView(rt.now());
    rt.view!.allowRetry();
    keepSessionAlive(rt);
    const path = new URL(href).pathname;
    rt.progress!.update((s) => recordVisit(s, rt.now(), path));
    // Apps render the new screen right after pushState returns; decide once they have.
    clearTimeout(timer);
    timer = setTimeout(() => {
      rt.tours?.routeChanged(path, traversal);
      // An experiment's `when` may read the page ("page.path"): who is in it is decided again on the new page.
      if (rt.experiments) assignExperiments(rt);
      evaluate(rt);
    }, 0);
  };
  rt.cleanups.push(watchRoutes(onRouteChange, win), () => clearTimeout(timer));
}

/** Events go out when the page is hidden or left: beacons, since the page may be gone a moment later. */
function flushOnHide(rt: Runtime, doc: Document, win: Window): void {
  const onHide = () => {
    if (doc.visibilityState === 'hidden') void rt.tracker!.flush({ beacon: true });
  };
  const onPageHide = () => {
    setLocalTour(rt, undefined);
    void rt.tracker!.flush({ beacon: true });
  };
  // Back from the back/forward cache: its tour is this tab's again (tab-sync.ts).
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) rejoinTabs(rt);
  };
  doc.addEventListener('visibilitychange', onHide);
  win.addEventListener('pagehide', onPageHide);
  win.addEventListener('pageshow', onPageShow);
  rt.cleanups.push(
    () => doc.removeEventListener('visibilitychange', onHide),
    () => win.removeEventListener('pagehide', onPageHide),
    () => win.removeEventListener('pageshow', onPageShow),
  );
}

function openTracker(rt: Runtime) {
  const { options, identity, user, manifest } = rt;
  return createTracker(
    {
      anonymousId: identity!.anonymousId,
      sessionId: identity!.session.id,
      userId: user.id ?? null,
      accountId: user.accountId ?? null,
      // Not known yet when the page goes away during start() (sendEarlyTracks).
      revision: manifest?.revision ?? null,
      url: () => rt.doc?.location.href ?? null,
      now: rt.now,
    },
    {
      transport: options.transport,
      // A URL object was turned into its address by the options check.
      endpoint: options.endpoint === undefined ? undefined : String(options.endpoint),
      // The host's listeners and sinks come with what they threw as the cause (tracker.ts).
      report: (e) => rt.report(e.name === 'GuidepostError' ? e : new GuidepostError('delivery', e.message)),
      // Events wait in IndexedDB (shared by tabs, kept across reloads) until the collector acknowledges them.
      outbox: options.storage ? { keyValue: rt.storage! } : { browser: { timeoutMs: options.storageTimeoutMs, report: (e) => rt.report(new GuidepostError('storage', e.message)) } },
      requireConsent: options.requireConsent,
      consent: rt.consentDecision,
      maxQueued: options.maxQueuedEvents,
      // onEvent is a sink: with requireConsent it hears nothing until consent is given.
      // Read at each event: a framework binding may hand a newer one (host-callbacks.ts).
      sinks: options.onEvent ? [(event) => options.onEvent!(event)] : undefined,
    },
  );
}

/** A track() call kept while start() runs: name, properties, when it was made, and who was signed in then. */
export type EarlyTrack = [string, Record<string, unknown> | undefined, number, Pick<GuidepostUser, 'id' | 'accountId'>];

/**
 * The page goes away (pagehide) or the instance is destroyed before start() booted: the track()
 * calls kept meanwhile leave now, with their own times, as a beacon and in the outbox, not with
 * the page. Before the device's identity is read (a few ms) they cannot be stamped and stay behind.
 */
export function sendEarlyTracks(rt: Runtime, tracks: EarlyTrack[]): void {
  if (!tracks.length || !rt.identity) return;
  // Consent revoked before they could leave: they are not reported, nor kept.
  if (rt.consentDecision === false) return void tracks.splice(0);
  // Kept while reset() ran, once started: the instance's own tracker (its outbox) takes them.
  const own = rt.tracker;
  const tracker = own ?? openTracker(rt);
  for (const [name, properties, at, who] of tracks.splice(0)) {
    tracker.setContext({ userId: who.id ?? null, accountId: who.accountId ?? null });
    tracker.emit({ type: 'goal', name, properties }, at);
  }
  tracker.setContext({ userId: rt.user.id ?? null, accountId: rt.user.accountId ?? null });
  void tracker.flush({ beacon: true });
  if (!own) tracker.dispose();
}

/**
 * The person's progress (`read`: its read under way) and the experiments' arms, opened together.
 * Experiments that cannot be loaded leave their items out on this page: no arm can be told
 * apart (no help an arm should not see, no exposure); everything else shows as usual.
 */
async function openPerson(rt: Runtime, read?: Promise<ProgressStore>): Promise<void> {
  // Experiments (loaded only for a manifest that has some) overlap the progress store's opening.
  const experimentsLoading = buildExperiments(rt);
  // Awaited below; a failure that comes first must not read as an unhandled rejection meanwhile.
  experimentsLoading.catch(() => undefined);
  const key = progressKey(rt);
  rt.progress = await (read ?? openProgressStore(rt.storage!, key, progressOptions(rt, key)));
  rt.experiments = await experimentsLoading.catch((error: Error) => {
    rt.report(new GuidepostError('internal', `${error.message}: the items of experiments are not shown on this page`));
    const manifest = rt.manifest!;
    const experiments = manifest.experiments ?? [];
    rt.manifest = { ...manifest, items: manifest.items.filter((item) => !experimentFor(item, experiments)) };
    return undefined;
  });
}

/**
 * Loads everything and shows what is eligible. Returns false when there is nothing to run
 * (no document, no manifest, destroyed meanwhile).
 */
export async function boot(rt: Runtime): Promise<boolean> {
  const { options, report } = rt;
  const resetsBefore = rt.resets;
  // destroy() before start(): nothing to open, nothing left behind.
  if (rt.destroyed) return false;
  const doc = (rt.doc = options.document ?? (typeof document !== 'undefined' ? document : undefined));
  if (!doc) {
    report(new GuidepostError('internal', 'start() needs a browser document; on the server, use guidepost/engine'));
    return false;
  }
  const win = doc.defaultView;
  // Every IndexedDB operation is bounded (storageTimeoutMs): a database that never answers
  // (some private modes, locked profiles) is reported and start() goes on in memory.
  const storage = (rt.storage = resilientStorage(
    options.storage ?? indexedDbStorage('guidepost', 'kv', { timeoutMs: options.storageTimeoutMs }),
    (e) => report(new GuidepostError('storage', e.message)),
    // A storage the host passed in is bounded the same way (one that never answers must not hold start()).
    { timeoutMs: options.storage ? storageTimeout(options.storageTimeoutMs) : undefined },
  ));
  // Storage reads overlap the manifest's fetch and each other: start() waits for the slowest, not their sum.
  // One id per device, whatever the tabs starting at once (startIdentity), which stores a new one.
  // destroy() meanwhile withdraws a lock request still waiting (another tab or script holds it) and its timer.
  const abandon = new AbortController();
  rt.cleanups.push(() => abandon.abort());
  const identityReading = startIdentity(storage, rt.now(), (e) => report(new GuidepostError('storage', e.message)), undefined, abandon.signal);
  const identityLoading = identityReading.then(({ identity }) => identity);
  // Known as soon as read: track() calls kept while the manifest loads can then leave if the page goes (sendEarlyTracks).
  identityLoading.then((identity) => (rt.identity ??= identity), () => undefined);
  // The progress read needs only the identity: it overlaps the manifest's fetch and checks too.
  let earlyKey: string | undefined;
  /** The anonymous id made on this page (none was stored): another tab's stored one, or a smaller one also made during this visit, wins (tab-sync.ts). */
  let made: string | undefined;
  const progressLoading = identityReading.then(({ identity, known, empty }) => {
    earlyKey = progressKeyOf(rt.user, identity);
    // Nothing is stored in a storage never used (a first visit), nor under an anonymous id made a moment ago: no read.
    const nothingStored = empty || (!known && !rt.user.id);
    const progress = openProgressStore(storage, earlyKey, { ...progressOptions(rt, earlyKey), nothingStored });
    // Written after the progress read is asked for, so that read does not wait for this write's commit.
    if (known) void saveIdentity(storage, identity).catch((error: Error) => report(new GuidepostError('storage', error.message)));
    else made = identity.anonymousId;
    return progress;
  });
  // Awaited below (or dropped when there is no manifest); a failure meanwhile is not unhandled.
  progressLoading.catch(() => undefined);
  // A manifest as written is validated once per browser (checked-cache.ts), in the SDK's own
  // database only: a storage the host passed in holds the person's progress, not copies of manifests.
  const checked = options.storage ? undefined : { browser: win?.navigator.userAgent ?? '', storageEmpty: identityReading.then(({ empty }) => empty, () => false) };
  const loaded = await loadManifest(options.manifest, storage, { checkSelector: checkSelectorInBrowser, checked });
  for (const problem of loaded.problems) report(new GuidepostError('manifest', problem.message, problem));
  if (loaded.loadError) report(new GuidepostError('manifest-load', loaded.loadError));
  const manifest = (rt.manifest = loaded.manifest);
  // Loaded with the manifest when it uses $regex: decisions and assignments run its patterns through it.
  rt.regexGuard = loaded.regexGuard;
  // Run once some item may show (content-checks.ts): a page where nothing can show skips them.
  rt.pendingChecks = loaded.pendingChecks;
  // Abandoned only by destroy(), which the check below answers.
  rt.identity = await identityLoading.catch((error: unknown) => {
    if (abandon.signal.aborted) return rt.identity;
    throw error;
  });
  if (!manifest || rt.destroyed) return false;
  rt.locale = options.locale ?? win?.navigator.language ?? manifest.defaultLocale ?? 'en';
  // identify() during start() changed whose progress it is: theirs is read.
  await openPerson(rt, earlyKey === progressKey(rt) ? progressLoading : undefined);
  // reset() during start() forgot what was read before it: read again, as the new device it left.
  for (let seen = resetsBefore; seen !== rt.resets && !rt.destroyed; ) {
    seen = rt.resets;
    await rt.resetting;
    // What start() read (and may have written back) before it goes too: the person's progress, the device's identity.
    await rt.progress!.clear();
    await clearIdentity(storage);
    rt.identity = await loadIdentity(storage, rt.now());
    await openPerson(rt);
  }
  if (rt.destroyed) return false;
  // Opened only now, after the last await: a destroy() during start() leaves no channel open.
  joinTabs(rt, made);
  rt.pageView = newPageView(rt.now());
  // rt.progress, not the one read above: an identify() meanwhile made the visit the new person's.
  rt.progress!.update((s) => recordVisit(s, rt.now(), doc.location.pathname));
  assignExperiments(rt);
  rt.tracker = openTracker(rt);
  // A destroy() from a report above (the host's onError) has run its cleanups before the channel
  // and the tracker existed: they go now, and start() stops here.
  if (rt.destroyed) {
    rt.tabs?.close();
    rt.tracker.dispose();
    return false;
  }
  return true;
}

/** After boot: watchers, URL parameters, resumed tours, the first decision. */
export function run(rt: Runtime): void {
  const doc = rt.doc!;
  const win = doc.defaultView;
  const params = new URLSearchParams(rt.startSearch);
  // First: authoring mode mutes events, the assignments reported next included.
  if (params.get('guidepost_author') === '1') rt.api.author(true);
  reportAssignments(rt);
  // A host listener of those reports (or an onError) may have destroyed the instance: nothing more to set up.
  if (rt.destroyed) return;
  if (win) {
    flushOnHide(rt, doc, win);
    followRoutes(rt, win);
  }
  rt.running = true;
  const previewId = params.get('guidepost_preview');
  if (previewId) rt.api.preview(previewId);
  if (params.get('guidepost_debug') === '1') rt.debug.open = true;
  // A tour that was under way resumes where it was (after a reload or on another page).
  for (const item of rt.manifest!.items) {
    const record = ownEntry(rt.progress!.get().items, item.id);
    if (item.type === 'tour' && record?.status === 'seen' && record.step !== undefined && record.version === (item.version ?? 1) && !rt.closedEarly.has(item.id)) rt.requested.add(item.id);
  }
  evaluate(rt);
}
