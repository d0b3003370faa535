/**
 * Decisions: attributes -> decide -> apply. Builds what the engine sees (attributes, the
 * effective manifest, pacing, what is on screen), asks it, and makes the page match its
 * answer: shows what it allows (now, or once the target appears), takes down what it no
 * longer allows, starts tours.
 */
import { buildAttributes } from '../engine/attributes';
import { decide, prepareManifest } from '../engine/decide';
import { GuidepostError } from '../errors';
import type { Item, Manifest, TourItem } from '../manifest/schema';
import { describeTarget, resolveTarget, targetProblem, waitForTarget } from '../dom/targets';
import { anchorOf, itemFields } from './items';
import { markShown, reportAssignments } from './exposure';
import { activeTour, emit, notifyChange, runningElsewhere, type Runtime } from './runtime';
import { completeChecklists } from './actions';
import { setLocalTour } from './tab-sync';

/** What conditions see about the user, the page, the device and progress (experiments aside). */
export function baseAttributes(rt: Runtime) {
  const doc = rt.doc!;
  const view = doc.defaultView;
  const user = rt.user;
  return buildAttributes({
    user: { id: user.id, accountId: user.accountId, traits: user.traits, accountTraits: user.accountTraits },
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

/** (Re)assigns this unit to the experiments' arms and reports new assignments. */
export function assignExperiments(rt: Runtime): void {
  rt.experiments?.assign(unitIds(rt), baseAttributes(rt));
  rt.effective = undefined;
  reportAssignments(rt);
}

function effectiveManifest(rt: Runtime): Manifest {
  if (!rt.effective) {
    const manifest: Manifest = rt.experiments ? { ...rt.manifest!, items: rt.experiments.effectiveItems() } : rt.manifest!;
    rt.effective = { manifest, prepared: prepareManifest(manifest, { regexGuard: rt.regexGuard }) };
  }
  return rt.effective.manifest;
}

/** The manifest decisions see: items that failed to render sit out the rest of the page view (no cap slot, no retry). */
export function decisionManifest(rt: Runtime): Manifest {
  const manifest = effectiveManifest(rt);
  const unrenderable = rt.pageView.unrenderable;
  return unrenderable.size ? { ...manifest, items: manifest.items.filter((item) => !unrenderable.has(item.id)) } : manifest;
}

export function decideNow(rt: Runtime) {
  const { pageView, identity, previewing } = rt;
  return decide({
    manifest: decisionManifest(rt),
    prepared: rt.effective?.prepared,
    regexGuard: rt.regexGuard,
    progress: rt.progress!.get(),
    attributes: attributes(rt),
    now: rt.now(),
    pacing: {
      pageViewShown: pageView.interruptiveShown,
      sessionShown: identity!.session.interruptiveShown,
      lastInterruptiveAt: identity!.session.lastInterruptiveAt,
      pageViewStartedAt: pageView.startedAt,
    },
    // Previews are not real displays: they neither count nor shield an item from its verdict.
    showing: [...rt.showing.keys(), ...pageView.counterfactual, ...(rt.tours?.runningIds() ?? [])].filter((id) => !previewing.has(id)),
    recentEvents: pageView.recentEvents,
    requested: [...rt.requested],
    activeTour: activeTour(rt),
  });
}

/**
 * True once the tour code is there; otherwise starts loading it (once; again after a failure,
 * on a later decision) and decides again when it has. Every tour waits for it, in the help
 * arm and in a holdout arm alike, so a tour's exposure is never earlier in one arm.
 */
function toursReady(rt: Runtime): boolean {
  if (rt.tours) return true;
  // A tour's step needs the UI too: fetched alongside, not after (the view's own import of the
  // same module then resolves from this load; it reports a failure, so this one stays quiet).
  if (!rt.toursLoading) import('./view-chunk').catch(() => undefined);
  rt.toursLoading ??= import('./tour-runs').then(
    ({ createTours }) => {
      if (rt.destroyed || !rt.doc) return;
      rt.tours = createTours(rt, rt.doc, {
        markShown: (item) => markShown(rt, item),
        setLocalTour: (tour) => setLocalTour(rt, tour),
        completeChecklists: () => completeChecklists(rt),
      });
      evaluate(rt);
    },
    (error: Error) => {
      rt.toursLoading = undefined;
      rt.report(new GuidepostError('internal', `the Guidepost tour code could not be loaded: ${error.message}`));
    },
  );
  return false;
}

/** Decides and applies. Never throws into the host's call stack: reports, keeps what is on screen. */
export function evaluate(rt: Runtime): void {
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
    rt.options.targetTimeoutMs ?? 5000,
    () => {
      rt.waiting.delete(item.id);
      evaluate(rt);
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
  const record = rt.progress!.get().items[tour.id];
  const saved = record && record.version === (tour.version ?? 1) && record.status === 'seen' ? record.step : undefined;
  rt.tours!.start(tour, saved);
}

function show(rt: Runtime, item: Item, reference: Element | undefined): void {
  if (markShown(rt, item)) rt.showing.set(item.id, { item, reference });
}

/** Shows what the decision allows and takes down what it no longer does. */
function applyDecision(rt: Runtime, decision: ReturnType<typeof decideNow>, doc: Document): void {
  const { showing, previewing, pageView } = rt;
  const allowed = new Set([...decision.show.map((item) => item.id), ...previewing]);
  for (const id of previewing) {
    const item = decisionManifest(rt).items.find((i) => i.id === id);
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
    // The engine keeps other tours out while one runs; the same tour running in another tab is kept out here.
    if (item.type === 'tour' && runningElsewhere(rt, item.id)) continue;
    const holdout = rt.experiments?.armFor(item)?.assignment.enabled === false;
    if (item.type === 'tour' && !holdout) {
      startTourRun(rt, item);
      continue;
    }
    // A held-out tour "would render" once its first step's target is in the page.
    const anchor = item.type === 'tour' ? item.steps[0].target : anchorOf(item);
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
