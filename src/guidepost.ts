/**
 * `createGuidepost`: wires the layers together. Manifest -> decide -> resolve targets ->
 * render -> record progress -> report events. Nothing touches `window` or `document`
 * before `start()`, so importing and creating an instance is safe during SSR.
 */
import { buildAttributes } from './engine/attributes';
import { decide, isInterruptive, prepareManifest, type PreparedManifest } from './engine/decide';
import { describeReason } from './engine/explain';
import { recordCompleted, recordDismissed, recordEvent, recordSeen, recordStep, recordVisit } from './engine/progress';
import { createReporter, GuidepostError } from './errors';
import { lazyModule } from './lazy';
import { loadManifest } from './manifest/load';
import { urlKind, urlProblem } from './manifest/url';
import type { ChecklistItem, Item, Manifest, TourItem } from './manifest/schema';
import type { EventSubscription, Explanation, ExplanationReason, Guidepost, GuidepostOptions, GuidepostUser } from './options';
import { createExperiments, STICKY_ASSIGNMENTS_KEY, type Experiments } from './controller/experiments';
import { clearIdentity, countInterruptive, loadIdentity, rememberInSession, saveIdentity, touchSession, type IdentityRecord } from './store/identity';
import { openProgressStore, type ProgressStore } from './store/progress-store';
import type { ProgressChange } from './store/merge';
import { indexedDbStorage, resilientStorage, type KeyValueStorage } from './store/storage';
import { openTabChannel, type TabChannel, type TabMessage } from './store/tabs';
import { createTracker, type EventFields, type Tracker } from './track/tracker';
import { uuidv7 } from './track/uuid';
import { checkSelectorInBrowser, describeTarget, resolveTarget, waitForTarget } from './dom/targets';
import { watchRoutes } from './dom/routes';
import { createTourController, type TourController } from './controller/tours';
import { checklistDone } from './controller/checklists';
import type { ContentContext, ViewButton } from './ui/content';
import type { CloseOrigin, SurfaceCallbacks } from './ui/Layer';
import type { Surface } from './ui/surface';
import type { Renderer, RendererOptions } from './ui/renderer';
import type { SelectorRecommendation } from './dom/recommend-selector';
import { anchorOf, itemFields, newPageView, ownPath } from './runtime/items';
import { guardPublicCalls } from './runtime/public-guard';

/** Creates an instance. Call `start()` to load content and show help. */
export function createGuidepost(options: GuidepostOptions): Guidepost {
  const report = createReporter(options.onError);
  const now = options.now ?? (() => Date.now());
  let user: GuidepostUser = options.user ?? {};
  let manifest: Manifest | null = null;
  let storage: KeyValueStorage | undefined;
  let progress: ProgressStore | undefined;
  let identity: IdentityRecord | undefined;
  let tracker: Tracker | undefined;
  /** The UI (Preact, floating-ui, surfaces) loads on first use: a page with nothing to show never pays for it. */
  let renderer: Renderer | undefined;
  let rendererLoading: Promise<void> | undefined;
  const rendererModule = lazyModule(
    () => import('./ui/renderer'),
    (error) => report(new GuidepostError('internal', `the Guidepost UI could not be loaded: ${error.message}`)),
  );
  const debugViewModule = lazyModule(
    () => import('./ui/debug-view'),
    (error) => report(new GuidepostError('internal', `the debug panel could not be loaded: ${error.message}`)),
  );
  /** A consent decision made before start() is applied once the tracker exists. */
  let consentDecision: boolean | undefined;
  /** track() calls made before start() finished, replayed in order once it has (bounded). */
  const earlyTracks: [string, Record<string, unknown> | undefined][] = [];
  const MAX_EARLY_TRACKS = 100;
  let tours: TourController | undefined;
  let tabs: TabChannel | undefined;
  let experiments: Experiments | undefined;
  let doc: Document | undefined;
  let locale = 'en';
  let pageView = newPageView(0);
  let starting: Promise<void> | undefined;
  let destroyed = false;
  /** Non-tour surfaces on screen; tours are kept by the tour controller. */
  const showing = new Map<string, Surface>();
  const waiting = new Map<string, () => void>();
  const requested = new Set<string>();
  const expandedChecklists = new Set<string>();
  /** Items shown by preview: rendered, never recorded or reported. */
  const previewing = new Set<string>();
  const debugState: { open: boolean; picking: boolean; picked?: SelectorRecommendation } = { open: false, picking: false };
  const cleanups: (() => void)[] = [];
  const pendingListeners: [EventSubscription, (event: never) => void][] = [];
  /** The tour this tab runs, and the tours other tabs run (by tab id). */
  let localTour: string | undefined;
  const remoteTours = new Map<string, string>();
  const activeTour = () => localTour ?? remoteTours.values().next().value;
  const runningElsewhere = (id: string) => localTour !== id && [...remoteTours.values()].includes(id);

  const contentContext = (): ContentContext => ({
    locale,
    defaultLocale: manifest?.defaultLocale ?? 'en',
    lookup: (path) => ownPath({ user: { id: user.id, accountId: user.accountId, traits: user.traits ?? {} }, account: { id: user.accountId, ...user.accountTraits } }, path),
  });

  const progressKey = () => `progress:${user.id ?? identity?.anonymousId ?? 'anonymous'}`;
  const progressOptions = () => ({
    report: (e: Error) => report(new GuidepostError('storage', e.message)),
    onLocalChange: (change: ProgressChange) => tabs?.post({ kind: 'progress', key: progressKey(), change }),
  });
  const emit = (fields: EventFields) => {
    if (fields.item_id !== undefined && previewing.has(fields.item_id)) return undefined;
    return tracker?.emit(fields);
  };

  const unitIds = () => ({ userId: user.id, accountId: user.accountId, anonymousId: identity!.anonymousId });
  const attributes = () => ({ ...baseAttributes(), experiments: experiments?.variations() ?? {} });
  /** The manifest as this unit's variations show it, prepared once for fast decisions (rebuilt on re-assignment). */
  let effective: { manifest: Manifest; prepared: PreparedManifest } | undefined;
  const effectiveManifest = (): Manifest => (effective ??= prepareEffective()).manifest;
  const prepareEffective = () => {
    const m: Manifest = experiments ? { ...manifest!, items: experiments.effectiveItems() } : manifest!;
    return { manifest: m, prepared: prepareManifest(m) };
  };
  const assignExperiments = () => {
    experiments?.assign(unitIds(), baseAttributes());
    effective = undefined;
    reportAssignments();
  };

  /** One `assignment` event per unit, experiment and arm per session: the intent-to-treat population. */
  const reportAssignments = () => {
    if (!tracker || !experiments) return;
    for (const a of experiments.all()) {
      if (!a.inExperiment || !a.variation || !a.unitId) continue;
      const key = ['assignment', a.unit, a.unitId, a.experiment, a.bucketVersion, a.variation].join('|');
      if (!rememberForSession(key)) continue;
      emit({ type: 'assignment', experiment: a.experiment, variation: a.variation, bucket_version: a.bucketVersion, unit: a.unit, unit_id: a.unitId, forced: a.forced });
    }
  };

  /** Replaces the identity record and stores it (session pacing and de-duplication live there). */
  const updateIdentity = (next: IdentityRecord) => {
    identity = next;
    void saveIdentity(storage!, next).catch(report);
  };

  /** False when `key` was already reported this session; otherwise remembers it. */
  const rememberForSession = (key: string): boolean => {
    const next = rememberInSession(identity!, key);
    if (next) updateIdentity(next);
    return next !== undefined;
  };

  const baseAttributes = () => {
    const view = doc!.defaultView;
    return buildAttributes({
      user: { id: user.id, accountId: user.accountId, traits: user.traits, accountTraits: user.accountTraits },
      page: { url: doc!.location.href, referrer: doc!.referrer },
      device: {
        width: view?.innerWidth ?? 0,
        height: view?.innerHeight ?? 0,
        touch: (view?.navigator.maxTouchPoints ?? 0) > 0,
        language: view?.navigator.language ?? locale,
      },
      locale,
      progress: progress!.get(),
      now: now(),
    });
  };

  /** The manifest decisions see: items that failed to render sit out the rest of the page view (no cap slot, no retry). */
  const decisionManifest = (): Manifest => {
    const m = effectiveManifest();
    return pageView.unrenderable.size ? { ...m, items: m.items.filter((item) => !pageView.unrenderable.has(item.id)) } : m;
  };

  const decideNow = () =>
    decide({
      manifest: decisionManifest(),
      prepared: effective?.prepared,
      progress: progress!.get(),
      attributes: attributes(),
      now: now(),
      pacing: {
        pageViewShown: pageView.interruptiveShown,
        sessionShown: identity!.session.interruptiveShown,
        lastInterruptiveAt: identity!.session.lastInterruptiveAt,
        pageViewStartedAt: pageView.startedAt,
      },
      // Previews are not real displays: they neither count nor shield an item from its verdict.
      showing: [...showing.keys(), ...pageView.counterfactual, ...(tours?.runningIds() ?? [])].filter((id) => !previewing.has(id)),
      recentEvents: pageView.recentEvents,
      requested: [...requested],
      activeTour: activeTour(),
    });

  const rendererOptions = (): RendererOptions => ({
    onItemError: (itemId, error, cause) => {
      // Reported once, then kept off screen for this page view (the renderer already left it out).
      showing.delete(itemId);
      previewing.delete(itemId);
      // A tour whose step cannot render ends without being recorded as dismissed by the user
      // (after the current render: this runs inside one).
      queueMicrotask(() => {
        if (tours?.isRunning(itemId)) tours.close(itemId, 'error');
      });
      if (pageView.unrenderable.has(itemId)) return;
      // The page blocks the host element: one problem of the page, reported once, not per item.
      const known = cause === 'host' && [...pageView.unrenderable.values()].includes(error.message);
      pageView.unrenderable.set(itemId, error.message);
      if (cause === 'host') {
        if (!known) report(new GuidepostError('internal', `nothing can be shown: ${error.message}`));
        return;
      }
      report(new GuidepostError('manifest', `item "${itemId}" cannot be shown: ${error.message}`));
    },
    locale,
    theme: manifest!.settings?.theme,
    callbacks,
    contentContext,
    onViewed: (itemId) => {
      const item = manifest?.items.find((i) => i.id === itemId);
      if (!item || pageView.viewed.has(itemId)) return;
      pageView.viewed.add(itemId);
      const arm = experiments?.armFor(item)?.assignment;
      emit({ ...itemFields(item), type: 'viewed', ...(arm && { experiment: arm.experiment, variation: arm.variation, forced: arm.forced }) });
    },
  });

  /** A new page view, or an explicit request (debug, preview, startTour), may retry failed loads. */
  const allowLazyRetry = () => {
    rendererModule.allowRetry();
    debugViewModule.allowRetry();
  };

  const loadRenderer = () =>
    (rendererLoading ??= rendererModule.load().then((module) => {
      if (!module) {
        // Failed (and reported): the next page view may try again.
        rendererLoading = undefined;
        return;
      }
      if (destroyed || !doc) return;
      renderer = module.createRenderer(doc, rendererOptions());
      render();
    }));

  const render = () => {
    if (destroyed || !doc || !manifest || !progress) return;
    if (!renderer) {
      if (showing.size || tours?.runningIds().length || debugState.open) void loadRenderer();
      return;
    }
    if (debugState.open && !debugViewModule.value) {
      void debugViewModule.load().then((module) => module && render());
    }
    const checklistSurfaces = [...showing.values()].map((surface) =>
      surface.item.type === 'checklist'
        ? { ...surface, checklist: { done: checklistDone(surface.item as ChecklistItem, progress!.get()), expanded: expandedChecklists.has(surface.item.id) } }
        : surface,
    );
    const surfaces = [...checklistSurfaces, ...(tours?.surfaces() ?? [])].map((surface) => (previewing.has(surface.item.id) ? { ...surface, preview: true } : surface));
    try {
      const debugModule = debugViewModule.value;
      renderer.render(surfaces, debugState.open && debugModule ? debugTools(debugModule) : undefined);
    } catch (error) {
      // Never into the host's call stack (track(), startTour(), a click): report and carry on.
      report(new GuidepostError('internal', `rendering failed: ${(error as Error).message}`));
    }
  };

  const debugTools = ({ debugView }: typeof import('./ui/debug-view')) =>
    debugView({
      data: {
        explanations: explanations(),
        statuses: Object.fromEntries(manifest!.items.map((item) => [item.id, progress!.get().items[item.id]?.status])),
        attributes: attributes(),
        experiments: manifest!.experiments ?? [],
        assignments: experiments?.all() ?? [],
        outbox: tracker?.pending() ?? 0,
        revision: manifest!.revision,
      },
      actions: {
        onClose: () => api.debug(false),
        onReset: () => void api.reset().then(evaluate),
        onForce: (key, variation) => {
          experiments?.force(key, variation);
          assignExperiments();
          showing.clear();
          pageView.counterfactual.clear();
          evaluate();
        },
        onReplay: (id) => api.preview(id),
        onPick: () => {
          debugState.picking = true;
          debugState.picked = undefined;
          render();
        },
        onRefresh: () => render(),
      },
      picking: debugState.picking,
      picked: debugState.picked,
      onPicked: (result) => {
        debugState.picking = false;
        debugState.picked = result;
        render();
      },
      onPickDone: () => {
        debugState.picking = false;
        debugState.picked = undefined;
        render();
      },
    });

  /** Shows a previewed item: same resolution as a real one, but nothing is recorded. */
  const showPreview = (item: Item) => {
    if (item.type === 'tour') {
      if (!tours!.isRunning(item.id)) tours!.start(item, 0);
      return;
    }
    if (showing.has(item.id) || waiting.has(item.id)) return;
    const anchor = anchorOf(item);
    const found = anchor && resolveTarget(anchor, doc!);
    if (!anchor || found) showing.set(item.id, { item, reference: found ? found.element : undefined, preview: true });
    else waitForAnchor(item, anchor);
  };

  /**
   * The single place an item becomes visible — or, in a holdout arm, would have: both arms
   * come through here, so exposure, progress and pacing are identical up to the render call.
   * Returns whether to render.
   */
  const markShown = (item: Item): boolean => {
    requested.delete(item.id);
    const interruptive = isInterruptive(item, manifest!.settings?.caps);
    const arm = experiments?.armFor(item);
    const render = arm ? arm.assignment.enabled : true;
    const exposureKey = `${item.id}@${item.version ?? 1}`;
    if (!pageView.exposed.has(exposureKey)) {
      pageView.exposed.add(exposureKey);
      reportExposure(item, render);
      if (item.type === 'checklist' && !progress!.get().items[item.id]) expandedChecklists.add(item.id);
      progress!.update((s) => recordSeen(s, item.id, item.version ?? 1, now()));
    }
    if (!render) pageView.counterfactual.add(item.id);
    if (interruptive) {
      pageView.interruptiveShown++;
      updateIdentity(countInterruptive(identity!, now()));
    }
    return render;
  };

  /** Activity: the session goes on, or a new one starts (the tracker then reports its id). */
  const keepSessionAlive = () => {
    const before = identity!.session.id;
    updateIdentity(touchSession(identity!, now()));
    if (identity!.session.id !== before) tracker?.setContext({ sessionId: identity!.session.id });
  };

  /** One exposure per (unit, experiment, bucketVersion, variation, item) per session. */
  const reportExposure = (item: Item, rendered: boolean) => {
    const arm = experiments?.armFor(item);
    const a = arm?.assignment;
    const key = [a?.unit, a?.unitId, a?.experiment, a?.bucketVersion, a?.variation, item.id, item.version ?? 1].join('|');
    if (!rememberForSession(key)) return;
    emit({
      ...itemFields(item),
      type: 'exposure',
      rendered,
      ...(a && {
        experiment: a.experiment,
        variation: a.variation,
        bucket_version: a.bucketVersion,
        unit: a.unit,
        unit_id: a.unitId ?? undefined,
        counterfactual: !rendered,
        forced: a.forced,
      }),
    });
  };

  const show = (item: Item, reference: Element | undefined) => {
    if (markShown(item)) showing.set(item.id, { item, reference });
  };

  const waitForAnchor = (item: Item, target: NonNullable<ReturnType<typeof anchorOf>>) => {
    const stop = waitForTarget(
      target,
      options.targetTimeoutMs ?? 5000,
      () => {
        waiting.delete(item.id);
        evaluate();
      },
      () => {
        waiting.delete(item.id);
        pageView.missingTargets.set(item.id, describeTarget(target));
        emit({ ...itemFields(item), type: 'target_not_found' });
      },
      doc,
    );
    waiting.set(item.id, stop);
  };

  const startTourRun = (tour: TourItem) => {
    const record = progress!.get().items[tour.id];
    const saved = record && record.version === (tour.version ?? 1) && record.status === 'seen' ? record.step : undefined;
    tours!.start(tour, saved);
  };

  const evaluate = () => {
    if (!manifest || destroyed || !doc || !progress || !tours) return;
    try {
      applyDecision(decideNow(), doc);
    } catch (error) {
      // Never into the host's call stack: report, keep what is on screen.
      report(new GuidepostError('internal', `decision failed: ${(error as Error).message}`));
    }
  };

  /** Shows what the decision allows and takes down what it no longer does. */
  const applyDecision = (decision: ReturnType<typeof decideNow>, doc: Document) => {
    const allowed = new Set([...decision.show.map((item) => item.id), ...previewing]);
    for (const id of previewing) {
      const item = decisionManifest().items.find((i) => i.id === id);
      if (item) showPreview(item);
    }
    for (const [id, surface] of showing) {
      if (!allowed.has(id)) {
        showing.delete(id);
        continue;
      }
      // The app re-rendered the target: re-attach to the new element, or drop it until it is back.
      if (surface.reference && !surface.reference.isConnected) {
        const anchor = anchorOf(surface.item);
        const found = anchor && resolveTarget(anchor, doc);
        if (found) showing.set(id, { ...surface, reference: found.element });
        else showing.delete(id);
      }
    }
    for (const item of decision.show) {
      if (previewing.has(item.id)) continue;
      if (showing.has(item.id) || waiting.has(item.id) || pageView.counterfactual.has(item.id) || pageView.unrenderable.has(item.id) || tours!.isRunning(item.id)) continue;
      // The engine keeps other tours out while one runs; the same tour running in another tab is kept out here.
      if (item.type === 'tour' && runningElsewhere(item.id)) continue;
      const holdout = experiments?.armFor(item)?.assignment.enabled === false;
      if (item.type === 'tour' && !holdout) {
        startTourRun(item);
        continue;
      }
      // A held-out tour "would render" once its first step's target is in the page.
      const anchor = item.type === 'tour' ? item.steps[0].target : anchorOf(item);
      if (!anchor) {
        show(item, undefined);
        continue;
      }
      const found = resolveTarget(anchor, doc);
      if (found) show(item, found.element);
      else if (!pageView.missingTargets.has(item.id)) waitForAnchor(item, anchor);
    }
    render();
  };

  const setLocalTour = (tour: string | undefined) => {
    if (localTour === tour) return;
    localTour = tour;
    tabs?.post({ kind: 'tour', tab: tabs.tabId, tour: tour ?? null });
  };

  const onTabMessage = (message: TabMessage) => {
    if (!progress || !tabs) return;
    switch (message.kind) {
      case 'progress':
        if (message.key !== progressKey()) return;
        progress.applyRemote(message.change);
        // Another tab dismissed or completed something: hide it here too.
        for (const id of Object.keys(message.change.items ?? {})) {
          const status = progress.get().items[id]?.status;
          if (status === 'dismissed' || status === 'completed') {
            showing.delete(id);
            // A request that waited for another tab's run of this tour is answered: it was seen there.
            requested.delete(id);
            if (tours?.isRunning(id)) tours.close(id, 'other-tab');
          }
        }
        evaluate();
        return;
      case 'tour':
        if (message.tour) remoteTours.set(message.tab, message.tour);
        else remoteTours.delete(message.tab);
        if (!message.tour) evaluate();
        return;
      case 'hello':
        if (localTour) tabs.post({ kind: 'tour', tab: tabs.tabId, tour: localTour });
        return;
      case 'reset':
        if (message.key !== progressKey()) return;
        progress.forget();
        showing.clear();
        evaluate();
        return;
    }
  };

  /** Ends a non-tour surface for good: dismissed (or completed), recorded and reported. */
  const close = (item: Item, origin: CloseOrigin, completed = false) => {
    if (previewing.has(item.id) && item.type !== 'tour') {
      previewing.delete(item.id);
      showing.delete(item.id);
      render();
      return;
    }
    if (item.type === 'tour') {
      if (completed) tours!.done(item.id);
      else tours!.close(item.id, origin);
      return;
    }
    const version = item.version ?? 1;
    progress!.update((s) => (completed ? recordCompleted(s, item.id, version, now()) : recordDismissed(s, item.id, version, now())));
    emit({ ...itemFields(item), type: completed ? 'completed' : 'dismissed', origin });
    showing.delete(item.id);
    render();
  };

  /**
   * The validator refuses unsafe URLs, but a compiled manifest skips it: navigation checks
   * again. True when `url` may be followed; otherwise reports it.
   */
  const mayFollow = (item: Item, url: string): boolean => {
    const problem = urlProblem(url);
    if (problem === undefined) return true;
    report(new GuidepostError('manifest', `item "${item.id}": the URL ${JSON.stringify(url.slice(0, 200))} is not allowed (${problem}); not followed`));
    return false;
  };

  const onButton = (item: Item, { button }: ViewButton) => {
    emit({ ...itemFields(item), type: 'cta_clicked', properties: { action: button.action } });
    switch (button.action) {
      case 'next': return item.type === 'tour' ? tours!.next(item.id) : close(item, 'cta', true);
      case 'back': return item.type === 'tour' ? tours!.back(item.id) : undefined;
      case 'dismiss': return close(item, 'cta');
      case 'done': return close(item, 'cta', true);
      case 'url':
        if (button.url && mayFollow(item, button.url)) doc!.defaultView?.open(button.url, '_blank', 'noopener');
        return;
      case 'track':
        if (button.event) api.track(button.event);
        return;
      case 'startTour':
        if (button.tour) api.startTour(button.tour);
        return;
    }
  };

  const callbacks: SurfaceCallbacks = {
    onClose: (item, origin) => {
      // Closing the popover of a help link or a hotspot leaves its "?" or beacon in place for
      // this page view (focus returns to it); an opened hotspot is already completed.
      if (item.type === 'helpLink' || item.type === 'hotspot') return;
      close(item, origin);
    },
    onButton,
    onLinkClick: (item, url, event) => {
      emit({ ...itemFields(item), type: 'link_clicked', properties: { url } });
      const anchor = event.currentTarget as HTMLAnchorElement | null;
      const leavesThisTab = !anchor?.target && !event.defaultPrevented && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
      if (!leavesThisTab) {
        void tracker!.flush();
        return;
      }
      // Leaving this page: give the click event up to a second to reach the collector first.
      event.preventDefault();
      const href = anchor!.href;
      void api.flushBeforeNavigation(1000).finally(() => doc!.location.assign(href));
    },
    onOpen: (item) => {
      emit({ ...itemFields(item), type: 'shown' });
      // Opening a hotspot is what it asks for: it will not pulse again.
      if (item.type === 'hotspot' && !previewing.has(item.id)) progress!.update((s) => recordCompleted(s, item.id, item.version ?? 1, now()));
    },
    onTour: (item, action) => tours![action](item.id),
    onFeedback: (item, value) => emit({ ...itemFields(item), type: 'feedback', properties: { ...value } }),
    onChecklistToggle: (item) => {
      if (expandedChecklists.has(item.id)) expandedChecklists.delete(item.id);
      else expandedChecklists.add(item.id);
      render();
    },
    onTask: (item, task) => {
      emit({ ...itemFields(item), type: 'cta_clicked', properties: { task: task.id } });
      if (task.tour) api.startTour(task.tour);
      else if (task.url && mayFollow(item, task.url)) {
        // Another site opens in a new tab without access to this one; the product's own pages in this tab.
        if (urlKind(task.url) === 'external') doc!.defaultView?.open(task.url, '_blank', 'noopener');
        else doc!.location.assign(task.url);
      }
    },
  };

  const completeChecklists = () => {
    for (const surface of showing.values()) {
      if (surface.item.type !== 'checklist') continue;
      const list = surface.item as ChecklistItem;
      if (checklistDone(list, progress!.get()).size === list.tasks.length) close(list, 'cta', true);
      else render();
    }
  };

  /**
   * Apps re-render: when the element a shown surface points at leaves the page, decide again
   * (evaluate re-attaches to its replacement). One observer per instance, cheap per mutation.
   */
  let reattachQueued = false;
  const watchTargets = (document: Document) => {
    const observer = new MutationObserver(() => {
      if (reattachQueued) return;
      for (const surface of showing.values()) {
        if (surface.reference && !surface.reference.isConnected) {
          reattachQueued = true;
          queueMicrotask(() => {
            reattachQueued = false;
            evaluate();
          });
          return;
        }
      }
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
    return () => observer.disconnect();
  };

  let routeTimer: ReturnType<typeof setTimeout> | undefined;
  const onRouteChange = (href: string) => {
    for (const stop of waiting.values()) stop();
    waiting.clear();
    showing.clear();
    pageView = newPageView(now());
    allowLazyRetry();
    keepSessionAlive();
    progress!.update((s) => recordVisit(s, now(), new URL(href).pathname));
    // Apps render the new screen right after pushState returns; decide once they have.
    clearTimeout(routeTimer);
    routeTimer = setTimeout(() => {
      tours?.routeChanged(new URL(href).pathname);
      evaluate();
    }, 0);
  };
  cleanups.push(() => clearTimeout(routeTimer));

  const createTours = (document: Document) =>
    createTourController({
      doc: document,
      emit: (fields) => emit(fields),
      onFirstShown: (tour) => {
        if (previewing.has(tour.id)) return;
        markShown(tour);
        setLocalTour(tour.id);
      },
      onStep: (tour, step) => {
        if (!previewing.has(tour.id)) progress!.update((s) => recordStep(s, tour.id, tour.version ?? 1, step));
      },
      onEnd: (tour, reason, origin, everShown) => {
        if (previewing.delete(tour.id)) return;
        requested.delete(tour.id);
        if (!everShown) {
          // It never appeared: nothing to record; do not retry in this page view.
          pageView.missingTargets.set(tour.id, 'every step target');
        } else if (reason === 'completed') {
          progress!.update((s) => recordCompleted(s, tour.id, tour.version ?? 1, now()));
          emit({ ...itemFields(tour), type: 'completed' });
          completeChecklists();
        } else if (origin !== 'other-tab' && origin !== 'error') {
          progress!.update((s) => recordDismissed(s, tour.id, tour.version ?? 1, now()));
          emit({ ...itemFields(tour), type: 'dismissed', origin: origin ?? reason });
        }
        // Released last: other tabs learn how it ended before they may start it themselves.
        if (localTour === tour.id) setLocalTour(undefined);
      },
      render,
    });

  const startUnsafe = async () => {
    // destroy() before start(): nothing to open, nothing left behind.
    if (destroyed) return;
    doc = options.document ?? (typeof document !== 'undefined' ? document : undefined);
    if (!doc) {
      report(new GuidepostError('internal', 'start() needs a browser document; on the server, use guidepost/engine'));
      return;
    }
    const win = doc.defaultView;
    // Every IndexedDB operation is bounded (storageTimeoutMs): a database that never answers
    // (some private modes, locked profiles) is reported and start() goes on in memory.
    storage = resilientStorage(options.storage ?? indexedDbStorage('guidepost', 'kv', { timeoutMs: options.storageTimeoutMs }), (e) => report(new GuidepostError('storage', e.message)));
    // Storage reads overlap the manifest's fetch and each other: start() waits for the slowest, not their sum.
    const identityLoading = loadIdentity(storage, now());
    const loaded = await loadManifest(options.manifest, storage, { checkSelector: checkSelectorInBrowser });
    for (const problem of loaded.problems) report(new GuidepostError('manifest', problem.message, problem));
    if (loaded.loadError) report(new GuidepostError('manifest-load', loaded.loadError));
    manifest = loaded.manifest;
    identity = await identityLoading;
    if (!manifest || destroyed) return;
    locale = options.locale ?? win?.navigator.language ?? manifest.defaultLocale ?? 'en';
    const search = win?.location.search ?? '';
    const experimentsLoading = createExperiments(manifest, storage, search, (e) => report(new GuidepostError('manifest', e.message)));
    progress = await openProgressStore(storage, progressKey(), progressOptions());
    experiments = await experimentsLoading;
    if (destroyed) return;
    // Opened only now, after the last await: a destroy() during start() leaves no channel open.
    // A channel that cannot be opened (SecurityError in opaque origins) leaves this tab alone.
    tabs = openTabChannel('guidepost', uuidv7(now()), globalThis, (e) => report(new GuidepostError('storage', e.message)));
    if (tabs) {
      cleanups.push(tabs.subscribe(onTabMessage));
      tabs.post({ kind: 'hello', tab: tabs.tabId });
    }
    pageView = newPageView(now());
    progress.update((s) => recordVisit(s, now(), doc!.location.pathname));
    assignExperiments();
    tracker = createTracker(
      {
        anonymousId: identity.anonymousId,
        sessionId: identity.session.id,
        userId: user.id ?? null,
        accountId: user.accountId ?? null,
        revision: manifest.revision,
        url: () => doc?.location.href ?? null,
        now,
      },
      {
        transport: options.transport,
        endpoint: options.endpoint,
        report: (e) => report(new GuidepostError('delivery', e.message)),
        // Events wait in IndexedDB (shared by tabs, kept across reloads) until the collector acknowledges them.
        outbox: options.storage ? { keyValue: storage } : { browser: { timeoutMs: options.storageTimeoutMs, report: (e) => report(new GuidepostError('storage', e.message)) } },
        requireConsent: options.requireConsent,
        maxQueued: options.maxQueuedEvents,
        // onEvent is a sink: with requireConsent it hears nothing until consent is given.
        sinks: options.onEvent ? [options.onEvent] : undefined,
      },
    );
    if (consentDecision !== undefined) void tracker.setConsent(consentDecision);
    reportAssignments();
    for (const [type, listener] of pendingListeners.splice(0)) cleanups.push(subscribe(type, listener));
    if (win) {
      const onHide = () => {
        if (doc!.visibilityState === 'hidden') void tracker!.flush({ beacon: true });
      };
      const onPageHide = () => {
        setLocalTour(undefined);
        void tracker!.flush({ beacon: true });
      };
      doc.addEventListener('visibilitychange', onHide);
      win.addEventListener('pagehide', onPageHide);
      cleanups.push(() => doc!.removeEventListener('visibilitychange', onHide), () => win.removeEventListener('pagehide', onPageHide));
      cleanups.push(watchRoutes(onRouteChange, win));
    }
    tours = createTours(doc);
    cleanups.push(watchTargets(doc));
    const params = new URLSearchParams(win?.location.search ?? '');
    const previewId = params.get('guidepost_preview');
    if (previewId) api.preview(previewId);
    if (params.get('guidepost_debug') === '1') debugState.open = true;
    // A tour that was under way resumes where it was (after a reload or on another page).
    for (const item of manifest.items) {
      const record = progress.get().items[item.id];
      if (item.type === 'tour' && record?.status === 'seen' && record.step !== undefined && record.version === (item.version ?? 1)) requested.add(item.id);
    }
    evaluate();
    for (const [name, properties] of earlyTracks.splice(0)) api.track(name, properties);
    // start() resolves once what is eligible now is on screen.
    await rendererLoading;
  };

  const subscribe = (type: EventSubscription, listener: (event: never) => void) =>
    tracker!.subscribe((event) => {
      if (type === '*' || event.type === type) (listener as (e: typeof event) => void)(event);
    });

  const explanations = (): Explanation[] => {
    if (!manifest || !progress || !identity || !doc) return [];
    const unrenderable = [...pageView.unrenderable].flatMap(([itemId, error]): Explanation[] => {
      const item = manifest!.items.find((i) => i.id === itemId);
      const message = `not shown: its content cannot be rendered (${error}); reported, not tried again in this page view`;
      return item ? [{ itemId, type: item.type, shown: false, reason: { code: 'cannot-render', error }, message }] : [];
    });
    return [...unrenderable, ...decideNow().verdicts.map((verdict) => {
      const missing = pageView.missingTargets.get(verdict.itemId);
      const item = manifest!.items.find((i) => i.id === verdict.itemId)!;
      const arm = experiments?.armFor(item);
      let reason: ExplanationReason = verdict.show && missing ? { code: 'target-missing', selector: missing } : verdict.reason;
      if (verdict.show && !missing && arm && !arm.assignment.enabled) reason = { code: 'holdout', experiment: arm.experiment.key, variation: arm.assignment.variation! };
      if (verdict.show && item.type === 'tour' && runningElsewhere(item.id)) reason = { code: 'tour-running', tour: item.id };
      const shown = verdict.show && !missing && !previewing.has(verdict.itemId) && (showing.has(verdict.itemId) || (tours?.isRunning(verdict.itemId) ?? false));
      const message = reason.code === 'holdout' ? `not shown: assigned to the holdout arm "${reason.variation}" of experiment "${reason.experiment}" (exposure logged as counterfactual)` : describeReason(reason);
      return { itemId: verdict.itemId, type: verdict.type, shown, reason, message };
    })];
  };

  const api: Guidepost = {
    start() {
      starting ??= startUnsafe().catch((error) => report(new GuidepostError('internal', `start failed: ${(error as Error).message}`)));
      return starting;
    },
    track(name, properties) {
      if (destroyed) return;
      if (!tracker || !progress || !manifest) {
        // The host's first clicks may come before start() resolves: keep them, not drop them.
        if (earlyTracks.length < MAX_EARLY_TRACKS) earlyTracks.push([name, properties]);
        else report(new GuidepostError('internal', `track("${name}") before start() finished: more than ${MAX_EARLY_TRACKS} early events, this one is dropped`));
        return;
      }
      keepSessionAlive();
      progress.update((s) => recordEvent(s, name, now()));
      emit({ type: 'goal', name, properties });
      // Help whose goal was just reached has done its job: complete it and take it off screen.
      for (const item of manifest.items) {
        if (item.goal !== name || previewing.has(item.id)) continue;
        const record = progress.get().items[item.id];
        if (record && record.status !== 'completed') {
          progress.update((s) => recordCompleted(s, item.id, item.version ?? 1, now()));
          emit({ ...itemFields(item), type: 'completed', origin: 'goal' });
        }
        showing.delete(item.id);
      }
      pageView.recentEvents.push(name);
      tours?.eventTracked(name);
      completeChecklists();
      evaluate();
    },
    identify(next) {
      if (destroyed) return;
      const previousKey = progress ? progressKey() : undefined;
      user = { ...user, ...next };
      tracker?.setContext({ userId: user.id ?? null, accountId: user.accountId ?? null });
      if (!progress || !storage) return;
      if (progressKey() === previousKey) {
        assignExperiments();
        evaluate();
        return;
      }
      // Another person signed in (or out): their own progress, not the previous user's.
      const old = progress;
      void old
        .flush()
        .then(() => openProgressStore(storage!, progressKey(), progressOptions()))
        .then((store) => {
          if (destroyed) return;
          progress = store;
          tours?.dispose();
          showing.clear();
          pageView = newPageView(now());
          assignExperiments();
          evaluate();
        })
        .catch((error: Error) => report(new GuidepostError('storage', error.message)));
    },
    startTour(tourId) {
      if (destroyed) return;
      allowLazyRetry();
      const tour = manifest?.items.find((item) => item.id === tourId);
      if (manifest && tour?.type !== 'tour') {
        report(new GuidepostError('internal', `startTour("${tourId}"): the manifest has no tour with that id`));
        return;
      }
      requested.add(tourId);
      evaluate();
    },
    async consent(granted) {
      consentDecision = granted;
      await tracker?.setConsent(granted);
    },
    async flushBeforeNavigation(timeoutMs = 1000) {
      return tracker ? tracker.flushSoon(timeoutMs) : earlyTracks.length === 0;
    },
    preview(itemId) {
      if (destroyed) return;
      allowLazyRetry();
      const item = manifest?.items.find((i) => i.id === itemId);
      if (manifest && !item) {
        report(new GuidepostError('internal', `preview("${itemId}"): the manifest has no item with that id`));
        return;
      }
      previewing.add(itemId);
      showing.delete(itemId);
      evaluate();
    },
    debug(open) {
      // Asked for explicitly: a UI that failed to load earlier may try again.
      if (open) allowLazyRetry();
      debugState.open = open;
      if (!open) {
        debugState.picking = false;
        debugState.picked = undefined;
      }
      render();
    },
    explain: ((itemId?: string) => {
      const all = explanations();
      return itemId === undefined ? all : all.find((e) => e.itemId === itemId);
    }) as Guidepost['explain'],
    on(type, listener) {
      if (tracker) {
        const off = subscribe(type, listener as (event: never) => void);
        cleanups.push(off);
        return off;
      }
      const entry: [EventSubscription, (event: never) => void] = [type, listener as (event: never) => void];
      pendingListeners.push(entry);
      return () => {
        const index = pendingListeners.indexOf(entry);
        if (index >= 0) pendingListeners.splice(index, 1);
      };
    },
    async reset() {
      await progress?.clear();
      if (progress) tabs?.post({ kind: 'reset', key: progressKey() });
      tours?.dispose();
      setLocalTour(undefined);
      showing.clear();
      if (storage) {
        await clearIdentity(storage);
        await storage.delete(STICKY_ASSIGNMENTS_KEY);
        if (typeof options.manifest === 'string') await storage.delete(`manifest:${options.manifest}`);
      }
      if (storage && manifest && !destroyed) {
        // A new device identity: nothing links what happens next to what came before.
        identity = await loadIdentity(storage, now());
        tracker?.setContext({ anonymousId: identity.anonymousId, sessionId: identity.session.id });
        // Anonymous progress is keyed by the anonymous id: follow it to the new, empty record.
        if (!user.id) progress = await openProgressStore(storage, progressKey(), progressOptions());
        experiments = await createExperiments(manifest, storage, doc?.defaultView?.location.search ?? '', (e) => report(new GuidepostError('manifest', e.message)));
        pageView = newPageView(now());
        assignExperiments();
        evaluate();
      }
      render();
    },
    destroy() {
      destroyed = true;
      for (const stop of waiting.values()) stop();
      waiting.clear();
      setLocalTour(undefined);
      tours?.dispose();
      cleanups.splice(0).forEach((cleanup) => cleanup());
      tabs?.close();
      renderer?.destroy();
      void tracker?.flush({ beacon: true });
      tracker?.dispose();
      // Database connections close once what is in flight (the beacon's bookkeeping, the last
      // progress write) is done; an open connection would keep this instance alive and block
      // other tabs' upgrades and deleteDatabase.
      storage?.close?.();
      showing.clear();
    },
    get manifest() {
      return manifest;
    },
  };
  guardPublicCalls(api, report);
  return api;
}
