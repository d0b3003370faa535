/**
 * The decision beyond the screen, loaded when some item may show (see decisions.ts): asks the
 * engine and makes the page match its answer: shows what it allows (now, or once the target
 * appears), takes down what it no longer allows, starts tours. From then on every decision of
 * the instance comes here. What it needs from the core comes through `rt.core` (DecisionCore).
 */
import { GuidepostError } from '../errors';
import type { Item, TourItem } from '../manifest/schema';
import { describeTarget, resolveTarget, targetProblem, waitForTarget } from '../dom/targets';
import { anchorOf, itemFields } from './items';
import { markShown } from './exposure';
import { emit, notifyChange, runningElsewhere, type Decider, type Runtime } from './runtime';
import { decideNow } from './decide-now';
import { explainDecided } from './explain-decided';
import { runContentChecks } from './content-checks';
import { ownEntry } from '../engine/progress';
import { completeChecklists } from './actions';

/**
 * True once the tour code is there; otherwise starts loading it (once; again after a failure,
 * on a later decision) and decides again when it has. Every tour waits for it, in the help
 * arm and in a holdout arm alike, so a tour's exposure is never earlier in one arm.
 */
function toursReady(rt: Runtime): boolean {
  if (rt.tours) return true;
  // A failed load is asked for again on a new page view or startTour(), not on every decision.
  if (rt.toursFailed) return false;
  // A tour's step needs the UI too: fetched alongside, not after (the view's own import of the
  // same module then resolves from this load; it reports a failure, so this one stays quiet).
  if (!rt.toursLoading) import('./view-chunk').catch(() => undefined);
  rt.toursLoading ??= import('./tour-runs').then(
    ({ createTours }) => {
      if (rt.destroyed || !rt.doc) return;
      rt.tours = createTours(rt, rt.doc, {
        markShown: (item) => markShown(rt, item),
        setLocalTour: (tour) => rt.core.setLocalTour(rt, tour),
        completeChecklists: () => completeChecklists(rt),
        decideAgain: () => rt.core.evaluate(rt),
      });
      rt.core.evaluate(rt);
    },
    (error: Error) => {
      rt.toursLoading = undefined;
      rt.toursFailed = true;
      rt.report(new GuidepostError('internal', `the Guidepost tour code could not be loaded: ${error.message}`));
    },
  );
  return false;
}

/** Decides and applies. Never throws into the host's call stack: reports, keeps what is on screen. */
function decideAndApply(rt: Runtime): void {
  if (!rt.running || !rt.manifest || rt.destroyed || !rt.doc || !rt.progress) return;
  try {
    applyDecision(rt, decideNow(rt), rt.doc);
  } catch (error) {
    rt.report(new GuidepostError('internal', `decision failed: ${(error as Error).message}`));
  }
  notifyChange(rt);
}

type Anchor = NonNullable<ReturnType<typeof anchorOf>>;

function waitForAnchor(rt: Runtime, item: Item, target: Anchor): void {
  // A target in a frame of another origin can never be reached: say so now, not after a timeout.
  const problem = targetProblem(target, rt.doc);
  if (problem) {
    rt.pageView.missingTargets.set(item.id, describeTarget(target));
    rt.report(new GuidepostError('target', `item "${item.id}": ${problem}`));
    emit(rt, { ...itemFields(item), type: 'target_not_found' });
    previewNotShown(rt, item, problem);
    return;
  }
  const stop = waitForTarget(
    target,
    // setTimeout fires at once beyond 2^31 - 1 ms: longer (Infinity) waits that long. 0 does not
    // wait (options-check.ts leaves out anything but a number ≥ 0).
    Math.min(rt.options.targetTimeoutMs ?? 5000, 2 ** 31 - 1),
    () => {
      rt.waiting.delete(item.id);
      rt.core.evaluate(rt);
    },
    () => {
      rt.waiting.delete(item.id);
      rt.pageView.missingTargets.set(item.id, describeTarget(target));
      const unreachable = targetProblem(target, rt.doc);
      if (unreachable) rt.report(new GuidepostError('target', `item "${item.id}": ${unreachable}`));
      emit(rt, { ...itemFields(item), type: 'target_not_found' });
      previewNotShown(rt, item, `its target ${describeTarget(target)} is not on this page`);
    },
    rt.doc,
  );
  rt.waiting.set(item.id, stop);
}

/** Shows a previewed item: same resolution as a real one, but nothing is recorded. */
function showPreview(rt: Runtime, item: Item): void {
  if (item.type === 'tour') {
    if (toursReady(rt) && !rt.tours!.isRunning(item.id)) rt.tours!.start(item, 0);
    return;
  }
  const shown = rt.showing.get(item.id);
  if ((shown && !shown.notShown) || rt.waiting.has(item.id)) return;
  const anchor = anchorOf(item);
  const found = anchor && resolveTarget(anchor, rt.doc!);
  if (!anchor || found) rt.showing.set(item.id, { item, reference: found ? found.element : undefined, preview: true });
  else if (!rt.pageView.missingTargets.has(item.id)) {
    // Waits on each page view until its target comes or the wait times out on this one. The
    // badge says what it waits for, then why it gave up: never a silent nothing.
    previewNotShown(rt, item, `waiting for its target ${describeTarget(anchor)}`);
    waitForAnchor(rt, item, anchor);
  }
}

/** A previewed item that cannot show: the preview badge says why (`reason`, in the author's terms). */
function previewNotShown(rt: Runtime, item: Item, reason: string): void {
  if (!rt.previewing.has(item.id)) return;
  rt.showing.set(item.id, { item, preview: true, notShown: reason });
  rt.view?.render();
}

function startTourRun(rt: Runtime, tour: TourItem): void {
  const record = ownEntry(rt.progress!.get().items, tour.id);
  const saved = record && record.version === (tour.version ?? 1) && record.status === 'seen' ? record.step : undefined;
  rt.tours!.start(tour, saved);
  // Asked for (a "Take the tour" button, a checklist task): a step that lives on another page is
  // gone to, as its "Take me there" would. A tour resumed after a reload waits for the person instead.
  if (rt.startCalls.delete(tour.id) && rt.tours!.waiting(tour.id)?.route !== undefined) rt.tours!.go(tour.id);
}

/**
 * A held-out tour "would render" when a run would show its first step, by the rules a run follows
 * (each step's wait, onMissingTarget, route): its counterfactual exposure comes then, as the help
 * arm's exposure does. A run that would end first is a tour whose targets never appeared.
 */
function holdOutTour(rt: Runtime, tour: TourItem): void {
  const stop = rt.tours!.wouldShow(
    tour,
    (target) => {
      rt.waiting.delete(tour.id);
      // No longer held out (re-assigned while it waited): decided again in its arm.
      if (rt.experiments?.armFor(tour)?.assignment.enabled !== false) return rt.core.evaluate(rt);
      show(rt, tour, target);
      rt.view!.render();
    },
    () => {
      rt.waiting.delete(tour.id);
      rt.pageView.missingTargets.set(tour.id, 'every step target');
    },
  );
  rt.waiting.set(tour.id, stop);
}

function show(rt: Runtime, item: Item, reference: Element | undefined): void {
  if (markShown(rt, item)) rt.showing.set(item.id, { item, reference });
}

/** Shows what the decision allows and takes down what it no longer does. */
function applyDecision(rt: Runtime, decision: ReturnType<typeof decideNow>, doc: Document): void {
  const { showing, previewing, pageView } = rt;
  const allowed = new Set([...decision.show.map((item) => item.id), ...previewing]);
  for (const id of previewing) {
    const item = rt.core.decisionManifest(rt).items.find((i) => i.id === id);
    if (item) showPreview(rt, item);
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
    if (showing.has(item.id) || rt.waiting.has(item.id) || pageView.counterfactual.has(item.id) || pageView.unrenderable.has(item.id)) continue;
    if (item.type === 'tour' && (!toursReady(rt) || rt.tours!.isRunning(item.id))) continue;
    if (item.type === 'tour' && pageView.missingTargets.has(item.id)) {
      // None of its steps appeared in this page view: not tried again on every decision, only
      // when asked for again (startTour), and then with a clean slate.
      if (!rt.requested.has(item.id)) continue;
      pageView.missingTargets.delete(item.id);
    }
    // The engine keeps other tours out while one runs; the same tour running in another tab is kept out here.
    if (item.type === 'tour' && runningElsewhere(rt, item.id)) continue;
    const holdout = rt.experiments?.armFor(item)?.assignment.enabled === false;
    if (item.type === 'tour') {
      if (holdout) holdOutTour(rt, item);
      else startTourRun(rt, item);
      continue;
    }
    const anchor = anchorOf(item);
    if (!anchor) {
      show(rt, item, undefined);
      continue;
    }
    const found = resolveTarget(anchor, doc);
    if (found) show(rt, item, found.element);
    else if (!pageView.missingTargets.has(item.id)) waitForAnchor(rt, item, anchor);
  }
  rt.view!.render();
}

/**
 * Apps re-render: when the element a shown surface points at leaves the page, decide again
 * (the decision re-attaches to its replacement). One observer per instance, cheap per mutation,
 * from the first decision that may show something.
 */
function watchShownTargets(rt: Runtime, doc: Document): () => void {
  // A document without a root element (an odd host) has nothing to watch.
  if (!doc.documentElement) return () => undefined;
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    for (const surface of rt.showing.values()) {
      if (surface.reference && !surface.reference.isConnected) {
        queued = true;
        queueMicrotask(() => {
          queued = false;
          rt.core.evaluate(rt);
        });
        return;
      }
    }
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  return () => observer.disconnect();
}

/** The decider of one instance (called once, when this module has loaded). */
export function openDecider(rt: Runtime): Decider {
  // Before the first decision: its problems are reported before anything shows.
  runContentChecks(rt);
  rt.cleanups.push(watchShownTargets(rt, rt.doc!));
  return { evaluate: decideAndApply, explanations: explainDecided, completeChecklists };
}
