/**
 * `createGuidepost`: the public object, composed of the runtime modules in src/runtime/
 * (boot, decisions, exposure, view, actions, goals, person, tab sync, tours, explain) around one shared
 * state record. Manifest -> decide -> resolve targets -> render -> record progress ->
 * report events. Nothing touches `window` or `document` before `start()`, so importing and
 * creating an instance is safe during SSR.
 */
import { GuidepostError } from './errors';
import type { EventSubscription, Guidepost, GuidepostOptions } from './options';
import { boot, run } from './runtime/boot';
import { earlyTracks } from './runtime/early-tracks';
import { assignExperiments, attributes, decisionManifest, effectiveManifest, evaluate } from './runtime/decisions';
import { describeReason } from './engine/explain';
import { explanations } from './runtime/explain';
import { guardPublicCalls, reportUnknownEarlyIds } from './runtime/public-guard';
import { createRuntime, progressKey } from './runtime/runtime';
import { setLocalTour } from './runtime/tab-sync';
import { trackGoal } from './runtime/goals';
import { resetDevice, switchProgress } from './runtime/person';
import { createView } from './runtime/view';
import { authoringSwitch } from './runtime/authoring/enable';
import { checkOptions, checkUser } from './runtime/options-check';
import { FOLLOW_CALLBACKS, followCallbacks } from './runtime/host-callbacks';


/** Creates an instance. Call `start()` to load content and show help. */
export function createGuidepost(given: GuidepostOptions): Guidepost {
  const { options, problems } = checkOptions(given);
  const rt = createRuntime(options);
  for (const problem of problems) rt.report(new GuidepostError('internal', problem));
  rt.core = { evaluate, attributes, decisionManifest, effectiveManifest, describeReason, setLocalTour };
  const { report, showing, previewing, requested, debug, cleanups } = rt;
  const view = (rt.view = createView(rt));
  const authoring = authoringSwitch(rt);
  const early = earlyTracks(rt);
  /**
   * on() calls made before start() booted the tracker. Each entry keeps the disposer of the
   * subscription it becomes at boot, so the disposer on() returned still ends it.
   */
  const pendingListeners: { type: EventSubscription; listener: (event: never) => void; off?: () => void }[] = [];
  let starting: Promise<void> | undefined;
  /** reset() calls not finished: track() keeps its calls meanwhile. */
  let resetsUnderWay = 0;

  const subscribe = (type: EventSubscription, listener: (event: never) => void) =>
    rt.tracker!.subscribe((event) => {
      if (type === '*' || event.type === type) (listener as (e: typeof event) => void)(event);
    });

  /** A tracker subscription that destroy() ends, unless its disposer ran first (it leaves the cleanups then). */
  const tracked = (type: EventSubscription, listener: (event: never) => void) => {
    const unsubscribe = subscribe(type, listener);
    const off = () => {
      unsubscribe();
      const index = cleanups.indexOf(off);
      if (index >= 0) cleanups.splice(index, 1);
    };
    cleanups.push(off);
    return off;
  };

  const start = async () => {
    let booted: boolean;
    try {
      booted = await boot(rt);
    } finally {
      early.booted();
    }
    if (!booted) return;
    // author(true) called before start() opens now, before anything is reported.
    authoring.booted();
    // A consent decision made before the tracker existed (it started with it): what it implies for the outbox (a revocation clears it) happens now.
    if (rt.consentDecision !== undefined) void rt.tracker!.setConsent(rt.consentDecision);
    for (const entry of pendingListeners.splice(0)) entry.off = tracked(entry.type, entry.listener);
    reportUnknownEarlyIds(rt, requested);
    run(rt);
    early.replay();
    // start() resolves once what is eligible now is on screen: decided (the decision chunk, when
    // some item may show, has loaded and decided), then drawn.
    await rt.deciderLoading;
    await view.settled();
  };

  const api: Guidepost = (rt.api = {
    start() {
      starting ??= start().catch((error) => report(new GuidepostError('internal', `start failed: ${(error as Error).message}`)));
      return starting;
    },
    track(name, properties) {
      if (rt.destroyed) return;
      if (!rt.tracker || !rt.progress || !rt.manifest || resetsUnderWay) {
        // The host's first clicks may come before start() resolves: keep them, not drop them.
        // So for those while reset() forgets the device: they are the new device's, not the old one's.
        return early.keep(name, properties);
      }
      trackGoal(rt, name, properties);
    },
    identify(next) {
      if (rt.destroyed) return;
      const problems: string[] = [];
      const user = (rt.user = { ...rt.user, ...checkUser(next, problems, 'identify(user)') });
      for (const problem of problems) report(new GuidepostError('internal', problem));
      rt.tracker?.setContext({ userId: user.id ?? null, accountId: user.accountId ?? null });
      if (!rt.progress || !rt.storage) return;
      // Another person: assigned and decided once their record is read (person.ts), not on the
      // previous person's progress; nothing is decided meanwhile, so nothing is exposed for the wrong unit.
      if (progressKey(rt) !== rt.progress.key) return switchProgress(rt);
      assignExperiments(rt);
      evaluate(rt);
    },
    startTour(tourId) {
      if (rt.destroyed) return;
      view.allowRetry();
      const manifest = rt.manifest;
      const tour = manifest?.items.find((item) => item.id === tourId);
      if (manifest && tour?.type !== 'tour') {
        report(new GuidepostError('internal', `startTour("${tourId}"): the manifest has no tour with that id`));
        return;
      }
      const tours = rt.tours;
      if (tours?.isRunning(tourId)) {
        // Running: its step is on screen (nothing to do), waits for a page (go there), or waits for its target (say so).
        const waiting = tours.waiting(tourId);
        if (waiting && !tours.go(tourId)) report(new GuidepostError('target', `startTour("${tourId}"): step ${waiting.step + 1} waits for its target ${waiting.selector} on this page`));
        return;
      }
      requested.add(tourId);
      rt.startCalls.add(tourId);
      evaluate(rt);
    },
    closeTour(tourId) {
      if (rt.destroyed) return;
      const tour = rt.manifest?.items.find((item) => item.id === tourId);
      if (rt.manifest && tour?.type !== 'tour') {
        report(new GuidepostError('internal', `closeTour("${tourId}"): the manifest has no tour with that id`));
        return;
      }
      // Asked for before start() has booted: it will not start, nor resume where it was.
      requested.delete(tourId);
      rt.startCalls.delete(tourId);
      if (!rt.running) rt.closedEarly.add(tourId);
      // As if the person closed it: dismissed for good, reported with origin "api".
      if (rt.tours?.isRunning(tourId)) rt.tours.close(tourId, 'api');
    },
    async consent(granted) {
      rt.consentDecision = granted;
      await rt.tracker?.setConsent(granted);
    },
    async flushBeforeNavigation(timeoutMs = 1000) {
      return rt.tracker ? rt.tracker.flushSoon(timeoutMs) : early.size === 0;
    },
    preview(itemId) {
      if (rt.destroyed) return;
      view.allowRetry();
      const manifest = rt.manifest;
      if (manifest && !manifest.items.some((i) => i.id === itemId)) {
        report(new GuidepostError('internal', `preview("${itemId}"): the manifest has no item with that id`));
        return;
      }
      previewing.add(itemId);
      showing.delete(itemId);
      evaluate(rt);
    },
    debug(open) {
      // Asked for explicitly: a UI that failed to load earlier may try again.
      if (open) view.allowRetry();
      debug.open = open;
      if (!open) {
        debug.picking = false;
        debug.picked = undefined;
      }
      view.render();
    },
    author: (open) => authoring.set(open),
    explain: ((itemId?: string) => {
      const all = explanations(rt);
      return itemId === undefined ? all : all.find((e) => e.itemId === itemId);
    }) as Guidepost['explain'],
    on(type, listener) {
      if (rt.tracker) return tracked(type, listener as (event: never) => void);
      const entry: (typeof pendingListeners)[number] = { type, listener: listener as (event: never) => void };
      pendingListeners.push(entry);
      return () => {
        const index = pendingListeners.indexOf(entry);
        if (index >= 0) pendingListeners.splice(index, 1);
        // Subscribed at boot since: end that subscription.
        entry.off?.();
      };
    },
    onChange(listener) {
      if (rt.destroyed) return () => undefined;
      rt.changeListeners.add(listener);
      return () => void rt.changeListeners.delete(listener);
    },
    reset() {
      resetsUnderWay++;
      const done = resetDevice(rt);
      void rt.resetting!.then(() => {
        // Kept while it ran; once booted (else start() replays them itself).
        if (--resetsUnderWay === 0 && rt.tracker && rt.progress && rt.manifest) early.replay();
      });
      return done;
    },
    destroy() {
      rt.destroyed = true;
      rt.changeListeners.clear();
      // Each step on its own: one that throws (a host callback, a host transport) is reported and the rest still run.
      const steps: (() => void)[] = [
        ...rt.waiting.values(),
        () => rt.waiting.clear(),
        () => setLocalTour(rt, undefined),
        // The layer goes next: focus a tour's step holds goes back outside it.
        () => rt.tours?.dispose(true),
        ...cleanups.splice(0),
        () => rt.tabs?.close(),
        () => view.destroy(),
        // The last events leave as a beacon; the tracker then closes the outbox's database once
        // that bookkeeping is done, and storage its own: an open connection would keep this
        // instance alive and block other tabs' upgrades and deleteDatabase.
        () => early.destroy(),
        () => void rt.tracker?.flush({ beacon: true }),
        () => rt.tracker?.dispose(),
        () => rt.storage?.close?.(),
        () => showing.clear(),
      ];
      for (const step of steps) {
        try {
          step();
        } catch (error) {
          report(new GuidepostError('internal', `destroy() failed: ${(error as Error)?.message ?? String(error)}`));
        }
      }
    },
    get manifest() {
      return rt.manifest;
    },
  });
  guardPublicCalls(api, report);
  // Not enumerable, not in the public type: for the framework bindings (host-callbacks.ts).
  Object.defineProperty(api, FOLLOW_CALLBACKS, { value: (given: unknown) => followCallbacks(options, given) });
  return api;
}
