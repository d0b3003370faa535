/**
 * Decisions, the part every page runs: what conditions see (attributes), the manifest as this
 * unit's arms show it, and `evaluate`, which screens the items first (src/engine/screen.ts).
 * When the screen rules every item out, that is the decision: nothing shows, and the engine,
 * the pacing code and the target watchers are never loaded. Otherwise the rest of the decision
 * (decide-chunk.ts) loads once and decides from then on.
 */
import { buildAttributes } from '../engine/attributes';
import { itemForms } from '../engine/experiment-scope';
import { prepareScreenItem, screenItem, type ScreenContext, type ScreenItem } from '../engine/screen';
import type { Reason } from '../engine/decide';
import { isStandIn } from '../store/stand-in-progress';
import { GuidepostError } from '../errors';
import { lazyModule } from '../lazy';
import type { Item, Manifest } from '../manifest/schema';
import { reportAssignments } from './session';
import { notifyChange, REASSIGNED, type DeciderModule, type Runtime } from './runtime';

/** What conditions see about the user, the page, the device and progress (experiments aside). */
export function baseAttributes(rt: Runtime) {
  const doc = rt.doc!;
  const view = doc.defaultView;
  const user = rt.user;
  return buildAttributes({
    user: { id: user.id, accountId: user.accountId, traits: user.traits ?? undefined, accountTraits: user.accountTraits ?? undefined },
    page: { url: doc.location.href, referrer: doc.referrer },
    device: {
      width: view?.innerWidth ?? 0,
      height: view?.innerHeight ?? 0,
      touch: (view?.navigator.maxTouchPoints ?? 0) > 0,
      language: view?.navigator.language ?? rt.locale,
    },
    locale: rt.locale,
    progress: rt.progress!.get(),
    now: rt.now(),
  });
}

export const attributes = (rt: Runtime) => ({ ...baseAttributes(rt), experiments: rt.experiments?.variations() ?? {} });

const unitIds = (rt: Runtime) => ({ userId: rt.user.id, accountId: rt.user.accountId, anonymousId: rt.identity!.anonymousId });

/**
 * The arm of each item on screen, held out, waiting for its target or running as a tour in this page view, to tell which
 * a re-assignment moved: the unit is part of it (another account drawing the same variation is
 * another unit, to be exposed in its own right), as are the bucket version and the variation.
 */
function armsOnScreen(rt: Runtime): Map<string, string> {
  const arms = new Map<string, string>();
  const running = new Set(rt.tours?.runningIds());
  for (const item of rt.experiments ? rt.manifest!.items : []) {
    if (!rt.showing.has(item.id) && !rt.pageView.counterfactual.has(item.id) && !running.has(item.id) && !rt.waiting.has(item.id)) continue;
    const a = rt.experiments!.armFor(item)?.assignment;
    arms.set(item.id, a ? [a.unit, a.unitId, a.experiment, a.bucketVersion, a.variation].join('|') : '');
  }
  return arms;
}

/**
 * (Re)assigns this unit to the experiments' arms and reports new assignments. An item on screen
 * (or held out) whose arm changed (identify() with an account id, new traits) is decided again in
 * its new arm: a unit moved into a holdout stops seeing the help, one moved out of it sees it.
 */
export function assignExperiments(rt: Runtime): void {
  const before = armsOnScreen(rt);
  rt.experiments?.assign(unitIds(rt), baseAttributes(rt));
  rt.effective = undefined;
  for (const [id, arm] of armsOnScreen(rt)) {
    if (before.get(id) === arm) continue;
    rt.showing.delete(id);
    rt.pageView.counterfactual.delete(id);
    // Waiting for its target in its old arm (a held-out tour would then be exposed as shown in
    // the new one, with nothing on screen): it waits again, decided in the new arm.
    rt.waiting.get(id)?.();
    rt.waiting.delete(id);
    // A tour under way in its old arm ends, recording nothing (tour-runs.ts): decided again in the new one.
    if (rt.tours?.isRunning(id)) rt.tours.close(id, REASSIGNED);
  }
  reportAssignments(rt);
}

/** The manifest as this unit's variations show it (rebuilt on re-assignment). */
export function effectiveManifest(rt: Runtime): Manifest {
  rt.effective ??= { manifest: rt.experiments ? { ...rt.manifest!, items: rt.experiments.effectiveItems() } : rt.manifest! };
  return rt.effective.manifest;
}

/** The manifest decisions see: items that failed to render sit out the rest of the page view (no cap slot, no retry). */
export function decisionManifest(rt: Runtime): Manifest {
  const manifest = effectiveManifest(rt);
  const unrenderable = rt.pageView.unrenderable;
  return unrenderable.size ? { ...manifest, items: manifest.items.filter((item) => !unrenderable.has(item.id)) } : manifest;
}

/** One item as the screen sees it: the reason it cannot show, or undefined when the engine must decide. */
export interface Screened {
  item: Item;
  reason: Reason | undefined;
}

/** The effective manifest's items prepared for the screen, and every arm's form of the items of experiments. */
export interface PreparedScreen {
  readonly items: readonly ScreenItem[];
  readonly forms: ReadonlyMap<string, readonly ScreenItem[]>;
}

/** Prepared once per assignment (with the effective manifest), not per decision. */
function preparedScreen(rt: Runtime): PreparedScreen {
  effectiveManifest(rt);
  const effective = rt.effective!;
  if (effective.screen) return effective.screen;
  const experiments = rt.manifest!.experiments ?? [];
  const forms = new Map<string, ScreenItem[]>();
  if (experiments.length) {
    for (const item of rt.manifest!.items) {
      const all = itemForms(item, experiments);
      if (all.length > 1) forms.set(item.id, all.map(prepareScreenItem));
    }
  }
  return (effective.screen = { items: effective.manifest.items.map(prepareScreenItem), forms });
}

/**
 * Screens every item (see src/engine/screen.ts). An item of an experiment is ruled out only
 * when every arm's form of it is, so whether the engine loads never depends on the arm.
 */
export function screenItems(rt: Runtime): Screened[] {
  const pageView = rt.pageView;
  const context: ScreenContext = {
    now: rt.now(),
    progress: rt.progress!.get(),
    attributes: attributes(rt),
    recentEvents: new Set(pageView.recentEvents),
    pageViewStartedAt: pageView.startedAt,
  };
  const { items, forms } = preparedScreen(rt);
  return items.map((prepared) => {
    const reason = screenItem(prepared, context);
    const everyForm = reason !== undefined && (forms.get(prepared.item.id) ?? []).every((form) => screenItem(form, context) !== undefined);
    return { item: prepared.item, reason: everyForm ? reason : undefined };
  });
}

/**
 * What the screen leaves to the engine: undefined when it rules every item out, else the items
 * it cannot rule out and those asked for or previewed. (Nothing is on screen, waiting for its
 * target or running as a tour before the engine has loaded: only the decision chunk puts them there.)
 */
function leftToEngine(rt: Runtime): Item[] | undefined {
  const open = screenItems(rt).flatMap(({ item, reason }) => (reason && !engineDecides(rt, item.id) ? [] : [item]));
  return open.length ? open : undefined;
}

/** Decides and applies. Never throws into the host's call stack: reports, keeps what is on screen. */
export function evaluate(rt: Runtime): void {
  if (!rt.running || !rt.manifest || rt.destroyed || !rt.doc || !rt.progress) return;
  // Another person's record is being read (identify()): decided once it is, on what they did,
  // not on the previous person's progress.
  if (isStandIn(rt.progress)) return;
  if (rt.decider) return rt.decider.evaluate(rt);
  let open: Item[] | undefined = [];
  try {
    open = leftToEngine(rt);
  } catch (error) {
    rt.report(new GuidepostError('internal', `decision failed: ${(error as Error).message}`));
  }
  // Decided at once when the chunk is part of this file (the single-file IIFE).
  if (open && loadDecider(rt, open)) return;
  // Nothing to show (or nothing until the chunk has decided): the debug panel, if open, says so.
  rt.view?.render();
  notifyChange(rt);
}

/** True when explain() must leave `id` to the engine: it was asked for (startTour, a resumed tour) or is previewed. */
export const engineDecides = (rt: Runtime, id: string): boolean => rt.requested.has(id) || rt.previewing.has(id);

/**
 * Loads the decision chunk once, in every arm alike (the screen never looks at arms), and
 * decides when it has. What showing needs next is fetched alongside, not after it: the UI, the
 * instance's words in a language other than English, and the tour code when a tour may start
 * (the chunk's own imports of them then resolve from these).
 * After a failure (reported once) nothing shows until a new page view or an explicit request
 * allows another try (the view's allowRetry).
 */
function loadDecider(rt: Runtime, open: readonly Item[]): boolean {
  const decider = (rt.deciderModule ??= lazyModule(
    () => import('./decide-chunk'),
    (error) => rt.report(new GuidepostError('internal', `the Guidepost decision code could not be loaded: ${error.message}`)),
  ));
  if (rt.deciderLoading || decider.failed) return false;
  const loading = decider.load();
  // The single-file IIFE hands the module over at once (scripts/rollup-plugins.mjs, decideAtOnce): decide now.
  if (decider.value) return openDecider(rt, decider.value);
  import('./view-chunk').catch(() => undefined);
  rt.view?.preloadWords();
  if (open.some((item) => item.type === 'tour')) import('./tour-runs').catch(() => undefined);
  rt.deciderLoading = loading
    .then((module) => {
      if (module && !rt.destroyed && !rt.decider) openDecider(rt, module);
    })
    .catch((error: Error) => rt.report(new GuidepostError('internal', `decision failed: ${error.message}`)))
    .finally(() => {
      rt.deciderLoading = undefined;
      // A failed load decided nothing: tell listeners, so explain() is read again.
      if (!rt.decider) notifyChange(rt);
    });
  return false;
}

/**
 * From now on the decision chunk decides; it decides at once. False when it could not be opened:
 * reported once, as a failed load (explain() says so; the next page view tries again).
 */
function openDecider(rt: Runtime, module: DeciderModule): boolean {
  try {
    rt.decider = module.openDecider(rt);
  } catch (error) {
    rt.deciderModule?.reject(error as Error);
    return false;
  }
  evaluate(rt);
  return true;
}
