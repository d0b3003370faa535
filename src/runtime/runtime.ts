/**
 * The state one Guidepost instance shares between its runtime modules (boot, decisions,
 * exposure, view, actions, tab sync, explain), and the few helpers every module needs.
 * One object per instance, created by `createGuidepost`: nothing here is module-level.
 */
import { createReporter, GuidepostError } from '../errors';
import type { Item, Manifest } from '../manifest/schema';
import type { PreparedManifest, Reason } from '../engine/decide';
import type { Attributes } from '../engine/condition';
import type { RegexGuard } from '../engine/condition-guard';
import type { PendingChecks } from '../manifest/load';
import type { Explanation, Guidepost, GuidepostOptions, GuidepostUser } from '../options';
import type { Experiments } from '../controller/experiments';
import type { TourController } from '../controller/tours';
import type { IdentityRecord } from '../store/identity';
import type { ProgressStore } from '../store/progress-store';
import type { KeyValueStorage } from '../store/storage';
import type { TabChannel } from '../store/tabs';
import type { EventFields, Tracker } from '../track/tracker';
import type { GuidepostEvent } from '../track/event';
import type { Surface } from '../ui/surface';
import type { SelectorRecommendation } from '../dom/recommend-selector';
import { newPageView, type PageView } from './items';
import type { LazyModule } from '../lazy';
import type { PreparedScreen } from './decisions';

export interface DebugState {
  open: boolean;
  picking: boolean;
  picked?: SelectorRecommendation;
}

/** What the view module offers the others (the renderer itself loads lazily). */
export interface View {
  /** Draws what `showing`, the tours and the debug panel hold (loading the UI when first needed). */
  render(): void;
  /** Resolves once the UI that is loading now has rendered (start() waits for it). */
  settled(): Promise<void> | undefined;
  /** A new page view, or an explicit request, may retry a failed load of the UI. */
  allowRetry(): void;
  /** Which code that draws `item` could not be loaded (until a retry), if any: explain() must not call it shown. */
  cannotDraw(item: Item): 'UI' | 'widgets' | undefined;
  /** Whether the tour's step waits, undrawn, behind the page's open modal dialog: explain() must not call it shown. */
  behindDialog?(tourId: string): boolean;
  /**
   * Starts loading this instance's words (a language other than English) now, with the
   * decision code, so that drawing does not wait for them after deciding.
   */
  preloadWords(): void;
  destroy(): void;
}

/** What the decision chunk (decide-chunk.ts) offers the core once it is loaded. */
export interface Decider {
  /** Decides with the engine and makes the page match. */
  evaluate(rt: Runtime): void;
  /** `explain()`: the engine's verdicts completed with what the page knows. */
  explanations(rt: Runtime): Explanation[];
  /** Completes the checklists on screen whose every task is done (actions.ts): only this chunk shows them. */
  completeChecklists(rt: Runtime): void;
}

/**
 * Core functions the lazily loaded decision code calls, handed to it through the runtime rather
 * than imported: imported, the two-file IIFE's UI file (which carries that code) would carry
 * copies of them and of what they import (attributes, the screen, the tab channel).
 */
export interface DecisionCore {
  evaluate(rt: Runtime): void;
  attributes(rt: Runtime): Attributes;
  decisionManifest(rt: Runtime): Manifest;
  effectiveManifest(rt: Runtime): Manifest;
  describeReason(reason: Reason): string;
  setLocalTour(rt: Runtime, tour: string | undefined): void;
}

/** The decision chunk's module (decide-chunk.ts). */
export interface DeciderModule {
  openDecider(rt: Runtime): Decider;
}

export interface Runtime {
  readonly options: GuidepostOptions;
  readonly report: (error: Error | GuidepostError) => void;
  readonly now: () => number;
  /** The public object (actions and debug tools call it, as a host would). */
  api: Guidepost;
  /** What the decision chunk calls back (set by createGuidepost). */
  core: DecisionCore;
  user: GuidepostUser;
  manifest: Manifest | null;
  /** Runs the manifest's `$regex` patterns: loaded with a manifest that uses them (boot.ts), else absent. */
  regexGuard?: RegexGuard;
  /** A compiled manifest's content checks, until they have run (content-checks.ts: with the decision chunk, the UI or authoring's panel). */
  pendingChecks?: PendingChecks;
  storage?: KeyValueStorage;
  progress?: ProgressStore;
  identity?: IdentityRecord;
  tracker?: Tracker;
  /** reset() calls so far, and the last one's work (start() reads again what a reset during it forgot: boot.ts). */
  resets: number;
  resetting?: Promise<void>;
  /** consent() called before the tracker existed (before or during start()): the tracker starts with it. */
  consentDecision?: boolean;
  experiments?: Experiments;
  tours?: TourController;
  tabs?: TabChannel;
  doc?: Document;
  /**
   * The page's query string when the instance was created: the URL switches (preview, debug,
   * forced arms, authoring) are read from it, since an app may change the URL (a router's first
   * redirect, a quick click) before start() has finished.
   */
  readonly startSearch: string;
  /** onChange() listeners: told after decisions, once per burst (notifyChange). */
  readonly changeListeners: Set<() => void>;
  changePending?: boolean;
  view?: View;
  locale: string;
  pageView: PageView;
  /** Set once start() has booted and the first decision may run. */
  running: boolean;
  destroyed: boolean;
  /** The tour code, loading (tours load with the first tour to run, in every arm alike). */
  toursLoading?: Promise<void>;
  /** The tour code could not be loaded: not asked for again until a new page view or startTour() (View.allowRetry). */
  toursFailed?: boolean;
  /** The decision beyond the screen (decide-chunk.ts), once loaded: loaded when some item may show. */
  decider?: Decider;
  /** Loading the decision chunk now (start() waits for it); its module, loaded once (a failure waits for allowRetry). */
  deciderLoading?: Promise<void>;
  deciderModule?: LazyModule<DeciderModule>;
  /** The manifest as this unit's variations show it, prepared once for fast decisions (rebuilt on re-assignment). */
  effective?: { manifest: Manifest; prepared?: PreparedManifest; screen?: PreparedScreen };
  /** Non-tour surfaces on screen; tours are kept by the tour controller. */
  readonly showing: Map<string, Surface>;
  /** Items waiting for their target, with the watcher's disposer. */
  readonly waiting: Map<string, () => void>;
  /** Tours asked for by startTour() or resumed after a reload. */
  readonly requested: Set<string>;
  /** Tours asked for by startTour() and not started yet: a first step on another page is gone to (a resumed tour waits). */
  readonly startCalls: Set<string>;
  /** Tours closeTour() closed before start() booted: a tour under way is not resumed on this page view. */
  readonly closedEarly: Set<string>;
  readonly expandedChecklists: Set<string>;
  /** Items shown by preview: rendered, never recorded or reported. */
  readonly previewing: Set<string>;
  readonly debug: DebugState;
  /** Disposers run by destroy(); one added after it runs at once (createRuntime). */
  readonly cleanups: (() => void)[];
  /** The tour this tab runs, and the tours other tabs run (by tab id). */
  localTour?: string;
  readonly remoteTours: Map<string, string>;
}

export function createRuntime(options: GuidepostOptions): Runtime {
  const rt: Runtime = {
    options,
    // Read at each report: a framework binding may hand newer callbacks (host-callbacks.ts).
    report: createReporter(options.onError && ((error) => options.onError!(error))),
    now: options.now ?? (() => Date.now()),
    api: undefined as unknown as Guidepost,
    core: undefined as unknown as DecisionCore,
    user: options.user ?? {},
    manifest: null,
    locale: 'en',
    pageView: newPageView(0),
    running: false,
    destroyed: false,
    resets: 0,
    showing: new Map(),
    waiting: new Map(),
    requested: new Set(),
    startCalls: new Set(),
    closedEarly: new Set(),
    expandedChecklists: new Set(),
    previewing: new Set(),
    debug: { open: false, picking: false },
    cleanups: [],
    remoteTours: new Map(),
    changeListeners: new Set(),
    startSearch: (options.document ?? (typeof document !== 'undefined' ? document : undefined))?.defaultView?.location.search ?? '',
  };
  // A disposer added once destroy() has run (by setup still under way when a host's callback,
  // an onError or an on() listener, destroyed the instance) runs at once: nothing it would take
  // down (a listener, the history hook, a channel) outlives the instance.
  Object.defineProperty(rt.cleanups, 'push', {
    value: (...added: (() => void)[]) => {
      if (!rt.destroyed) return Array.prototype.push.apply(rt.cleanups, added);
      for (const cleanup of added) cleanup();
      return rt.cleanups.length;
    },
  });
  return rt;
}

/**
 * Tells onChange() listeners that a decision ran (what shows, or what explain() says, may have
 * changed): once, in a microtask, for a burst of decisions. A listener that throws is reported;
 * the others are still told.
 */
export function notifyChange(rt: Runtime): void {
  if (rt.changePending || rt.changeListeners.size === 0) return;
  rt.changePending = true;
  queueMicrotask(() => {
    rt.changePending = false;
    if (rt.destroyed) return;
    for (const listener of [...rt.changeListeners]) {
      try {
        listener();
      } catch (error) {
        rt.report(new GuidepostError('internal', `an onChange() listener failed: ${(error as Error).message}`));
      }
    }
  });
}

/** Emits an event unless it concerns an item being previewed (previews are never reported). */
export const emit = (rt: Runtime, fields: EventFields, at?: number): GuidepostEvent | undefined =>
  fields.item_id !== undefined && rt.previewing.has(fields.item_id) ? undefined : rt.tracker?.emit(fields, at);

/** Where this person's progress is stored. */
export const progressKey = (rt: Runtime): string => progressKeyOf(rt.user, rt.identity);

/** The storage key of a person's progress: their user id, else this browser's anonymous id. */
/** The `origin` of a tour run ended because its unit moved to another arm (decisions.ts): nothing is recorded or reported. */
export const REASSIGNED = 'reassigned';

export const progressKeyOf = (user: GuidepostUser, identity: IdentityRecord | undefined): string => `progress:${user.id ?? identity?.anonymousId ?? 'anonymous'}`;

/** The tour running in this tab, else one another tab runs. */
export const activeTour = (rt: Runtime): string | undefined => rt.localTour ?? rt.remoteTours.values().next().value;

/** True when another tab runs tour `id` and this one does not. */
export const runningElsewhere = (rt: Runtime, id: string): boolean => rt.localTour !== id && [...rt.remoteTours.values()].includes(id);
