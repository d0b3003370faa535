/**
 * `createGuidepost`: wires the layers together. Manifest -> decide -> resolve targets ->
 * render -> record progress -> report events. Nothing touches `window` or `document`
 * before `start()`, so importing and creating an instance is safe during SSR.
 */
import { buildAttributes } from './engine/attributes';
import { decide, type Reason } from './engine/decide';
import { describeReason } from './engine/explain';
import { recordCompleted, recordDismissed, recordEvent, recordSeen, recordVisit } from './engine/progress';
import { createReporter, GuidepostError } from './errors';
import { loadManifest } from './manifest/load';
import type { Item, Manifest } from './manifest/schema';
import type { EventSubscription, Explanation, Guidepost, GuidepostOptions, GuidepostUser } from './options';
import { clearIdentity, loadIdentity, saveIdentity, type IdentityRecord } from './store/identity';
import { openProgressStore, type ProgressStore } from './store/progress-store';
import { openTabChannel, type TabChannel, type TabMessage } from './store/tabs';
import { uuidv7 } from './track/uuid';
import { indexedDbStorage, resilientStorage, type KeyValueStorage } from './store/storage';
import { createTracker, type Tracker } from './track/tracker';
import { httpTransport } from './track/transport';
import { checkSelectorInBrowser, describeTarget, resolveTarget, waitForTarget } from './dom/targets';
import { watchRoutes } from './dom/routes';
import { resolveContent, type ContentContext, type ViewButton } from './ui/content';
import type { Surface, SurfaceCallbacks } from './ui/Layer';
import { createRenderer, type Renderer } from './ui/renderer';
import { uiStrings } from './ui/strings';
import { getPath } from './engine/condition';

/** Surfaces this version renders; other item types are validated but not shown yet. */
const RENDERED_TYPES = new Set<Item['type']>(['helpLink', 'tooltip', 'banner']);

interface PageView {
  interruptiveShown: number;
  recentEvents: string[];
  exposed: Set<string>;
  missingTargets: Map<string, string>;
}

const newPageView = (): PageView => ({ interruptiveShown: 0, recentEvents: [], exposed: new Set(), missingTargets: new Map() });

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
  let renderer: Renderer | undefined;
  let doc: Document | undefined;
  let locale = 'en';
  let pageView = newPageView();
  let starting: Promise<void> | undefined;
  let destroyed = false;
  const showing = new Map<string, Surface>();
  const waiting = new Map<string, () => void>();
  const requested = new Set<string>();
  const cleanups: (() => void)[] = [];
  const pendingListeners: [EventSubscription, (event: never) => void][] = [];
  const reportedTypes = new Set<string>();
  let tabs: TabChannel | undefined;
  /** The tour this tab runs, and the tours other tabs run (by tab id). */
  let localTour: string | undefined;
  const remoteTours = new Map<string, string>();
  const activeTour = () => localTour ?? remoteTours.values().next().value;

  const contentContext = (): ContentContext => ({
    locale,
    defaultLocale: manifest?.defaultLocale ?? 'en',
    lookup: (path) => getPath({ user: { id: user.id, accountId: user.accountId, traits: user.traits ?? {} }, account: { id: user.accountId, ...user.accountTraits } }, path),
  });

  const progressKey = () => `progress:${user.id ?? identity?.anonymousId ?? 'anonymous'}`;

  const attributes = () =>
    buildAttributes({
      user: { id: user.id, accountId: user.accountId, traits: user.traits, accountTraits: user.accountTraits },
      page: { url: doc!.location.href, referrer: doc!.referrer },
      device: {
        width: doc!.defaultView?.innerWidth ?? 0,
        height: doc!.defaultView?.innerHeight ?? 0,
        touch: (doc!.defaultView?.navigator.maxTouchPoints ?? 0) > 0,
        language: doc!.defaultView?.navigator.language ?? locale,
      },
      locale,
      progress: progress!.get(),
      now: now(),
    });

  const decideNow = () =>
    decide({
      manifest: manifest!,
      progress: progress!.get(),
      attributes: attributes(),
      now: now(),
      pacing: {
        pageViewShown: pageView.interruptiveShown,
        sessionShown: identity!.session.interruptiveShown,
        lastInterruptiveAt: identity!.session.lastInterruptiveAt,
      },
      showing: [...showing.keys()],
      recentEvents: pageView.recentEvents,
      requested: [...requested],
      activeTour: activeTour(),
    });

  /** The single place an item becomes visible: exposure, progress and pacing happen here. */
  const show = (item: Item, reference: Element | undefined, interruptive: boolean) => {
    showing.set(item.id, { item, content: resolveContent(item, contentContext()), reference });
    requested.delete(item.id);
    if (item.type === 'tour') setLocalTour(item.id);
    if (!pageView.exposed.has(item.id)) {
      pageView.exposed.add(item.id);
      tracker!.emit({ type: 'exposure', item_id: item.id, item_type: item.type, item_version: item.version ?? 1, rendered: true });
      progress!.update((s) => recordSeen(s, item.id, item.version ?? 1, now()));
    }
    if (interruptive) {
      pageView.interruptiveShown++;
      identity!.session = { ...identity!.session, interruptiveShown: identity!.session.interruptiveShown + 1, lastInterruptiveAt: now() };
      void saveIdentity(storage!, identity!).catch(report);
    }
  };

  const evaluate = () => {
    if (!manifest || destroyed || !doc) return;
    let decision;
    try {
      decision = decideNow();
    } catch (error) {
      report(new GuidepostError('internal', `decision failed: ${(error as Error).message}`));
      return;
    }
    const allowed = new Set(decision.show.map((item) => item.id));
    for (const id of [...showing.keys()]) {
      const surface = showing.get(id)!;
      if (!allowed.has(id) || (surface.reference && !surface.reference.isConnected)) showing.delete(id);
    }
    for (const item of decision.show) {
      if (showing.has(item.id) || waiting.has(item.id)) continue;
      if (!RENDERED_TYPES.has(item.type)) {
        if (!reportedTypes.has(item.type)) {
          reportedTypes.add(item.type);
          report(new GuidepostError('internal', `items of type "${item.type}" are validated but not rendered by this version of Guidepost`));
        }
        continue;
      }
      const verdict = decision.verdicts.find((v) => v.itemId === item.id)!;
      const target = 'target' in item ? item.target : undefined;
      if (!target || (item.type === 'banner' && item.slot !== 'inline')) {
        show(item, undefined, verdict.interruptive);
        continue;
      }
      const found = resolveTarget(target, doc);
      if (found) {
        show(item, found.element, verdict.interruptive);
        continue;
      }
      if (pageView.missingTargets.has(item.id)) continue;
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
          tracker!.emit({ type: 'target_not_found', item_id: item.id, item_type: item.type, item_version: item.version ?? 1 });
        },
        doc,
      );
      waiting.set(item.id, stop);
    }
    renderer!.render([...showing.values()]);
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
          if (status === 'dismissed' || status === 'completed') showing.delete(id);
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

  const close = (item: Item, origin: 'close' | 'escape' | 'overlay' | 'cta', completed = false) => {
    if (item.type === 'tour') setLocalTour(undefined);
    const version = item.version ?? 1;
    progress!.update((s) => (completed ? recordCompleted(s, item.id, version, now()) : recordDismissed(s, item.id, version, now())));
    tracker!.emit({ type: completed ? 'completed' : 'dismissed', item_id: item.id, item_type: item.type, item_version: version, origin });
    showing.delete(item.id);
    renderer!.render([...showing.values()]);
  };

  const onButton = (item: Item, { button }: ViewButton) => {
    tracker!.emit({ type: 'cta_clicked', item_id: item.id, item_type: item.type, item_version: item.version ?? 1, properties: { action: button.action } });
    switch (button.action) {
      case 'dismiss': return close(item, 'cta');
      case 'done': return close(item, 'cta', true);
      case 'url':
        if (button.url) doc!.defaultView?.open(button.url, '_blank', 'noopener');
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
    // Passive items (help links, tooltips) are closed, not dismissed for good, unless the manifest says so.
    onClose: (item, origin) => close(item, origin),
    onButton,
    onLinkClick: (item, url) => {
      tracker!.emit({ type: 'link_clicked', item_id: item.id, item_type: item.type, item_version: item.version ?? 1, properties: { url } });
      void tracker!.flush();
    },
    onOpen: (item) => {
      tracker!.emit({ type: 'shown', item_id: item.id, item_type: item.type, item_version: item.version ?? 1 });
    },
  };

  let routeTimer: ReturnType<typeof setTimeout> | undefined;
  const onRouteChange = () => {
    for (const stop of waiting.values()) stop();
    waiting.clear();
    showing.clear();
    pageView = newPageView();
    progress!.update((s) => recordVisit(s, now()));
    // Apps render the new screen right after pushState returns; decide once they have.
    clearTimeout(routeTimer);
    routeTimer = setTimeout(evaluate, 0);
  };
  cleanups.push(() => clearTimeout(routeTimer));

  const startUnsafe = async () => {
    doc = options.document ?? (typeof document !== 'undefined' ? document : undefined);
    if (!doc) {
      report(new GuidepostError('internal', 'start() needs a browser document; on the server, use guidepost/engine'));
      return;
    }
    const win = doc.defaultView;
    storage = resilientStorage(options.storage ?? indexedDbStorage(), (e) => report(new GuidepostError('storage', e.message)));
    const loaded = await loadManifest(options.manifest, storage, { checkSelector: checkSelectorInBrowser });
    for (const problem of loaded.problems) report(new GuidepostError('manifest', problem.message, problem));
    if (loaded.loadError) report(new GuidepostError('manifest-load', loaded.loadError));
    manifest = loaded.manifest;
    if (!manifest || destroyed) return;
    locale = options.locale ?? win?.navigator.language ?? manifest.defaultLocale ?? 'en';
    identity = await loadIdentity(storage, now());
    tabs = openTabChannel('guidepost', uuidv7(now()));
    progress = await openProgressStore(storage, progressKey(), {
      report: (e) => report(new GuidepostError('storage', e.message)),
      onLocalChange: (change) => tabs?.post({ kind: 'progress', key: progressKey(), change }),
    });
    if (tabs) {
      cleanups.push(tabs.subscribe(onTabMessage));
      tabs.post({ kind: 'hello', tab: tabs.tabId });
    }
    progress.update((s) => recordVisit(s, now()));
    const revision = manifest.revision;
    tracker = createTracker(
      {
        anonymousId: identity.anonymousId,
        sessionId: identity.session.id,
        userId: user.id ?? null,
        accountId: user.accountId ?? null,
        revision,
        url: () => doc?.location.href ?? null,
        now,
      },
      {
        transport: options.transport ?? (options.endpoint ? httpTransport(options.endpoint) : undefined),
        report: (e) => report(new GuidepostError('delivery', e.message)),
      },
    );
    if (options.onEvent) cleanups.push(tracker.subscribe(options.onEvent));
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
    renderer = createRenderer(doc, { strings: uiStrings(locale), theme: manifest.settings?.theme, callbacks, contentContext });
    evaluate();
  };

  const subscribe = (type: EventSubscription, listener: (event: never) => void) =>
    tracker!.subscribe((event) => {
      if (type === '*' || event.type === type) (listener as (e: typeof event) => void)(event);
    });

  const explanations = (): Explanation[] => {
    if (!manifest || !progress || !identity || !doc) return [];
    return decideNow().verdicts.map((verdict) => {
      const missing = pageView.missingTargets.get(verdict.itemId);
      const reason: Reason = verdict.show && missing ? { code: 'target-missing', selector: missing } : verdict.reason;
      const shown = verdict.show && !missing && showing.has(verdict.itemId);
      return { itemId: verdict.itemId, type: verdict.type, shown, reason, message: describeReason(reason) };
    });
  };

  const api: Guidepost = {
    start() {
      starting ??= startUnsafe().catch((error) => report(new GuidepostError('internal', `start failed: ${(error as Error).message}`)));
      return starting;
    },
    track(name, properties) {
      if (!tracker || !progress || !manifest) return;
      progress.update((s) => recordEvent(s, name, now()));
      tracker.emit({ type: 'goal', name, properties });
      for (const item of manifest.items) {
        if (item.goal === name && progress.get().items[item.id]) {
          progress.update((s) => recordCompleted(s, item.id, item.version ?? 1, now()));
        }
      }
      pageView.recentEvents.push(name);
      evaluate();
    },
    identify(next) {
      user = { ...user, ...next };
      tracker?.setContext({ userId: user.id ?? null, accountId: user.accountId ?? null });
      if (progress) evaluate();
    },
    startTour(tourId) {
      requested.add(tourId);
      evaluate();
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
      if (storage) {
        await clearIdentity(storage);
        if (typeof options.manifest === 'string') await storage.delete(`manifest:${options.manifest}`);
      }
      showing.clear();
      renderer?.render([]);
    },
    destroy() {
      destroyed = true;
      for (const stop of waiting.values()) stop();
      waiting.clear();
      setLocalTour(undefined);
      cleanups.splice(0).forEach((cleanup) => cleanup());
      tabs?.close();
      renderer?.destroy();
      void tracker?.flush({ beacon: true });
      tracker?.dispose();
      showing.clear();
    },
    get manifest() {
      return manifest;
    },
  };
  return api;
}
