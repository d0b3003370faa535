/**
 * `explain()` once the decision chunk has loaded: the engine's verdict for each item, completed
 * with what only the page knows (a missing target, content that cannot render, a holdout arm, a
 * tour running in another tab), in words a writer can act on.
 */
import type { Explanation, ExplanationReason } from '../options';
import { decideNow } from './decide-now';
import { runningElsewhere, type Runtime } from './runtime';

/**
 * The tour whose step is on screen in this page, if any. Not one whose step waits behind the
 * page's modal dialog: tips and beacons are drawn meanwhile (the layer stages only what it draws).
 */
const onStage = (rt: Runtime): string | undefined => rt.tours?.surfaces().find((s) => !rt.view?.behindDialog?.(s.item.id))?.item.id;

/**
 * The running tour's step that is on screen as far as the tour knows, but waits, undrawn, while
 * the page's modal dialog is open (ui/modal-wait.ts): its step, for a `waiting` reason.
 */
function behindDialog(rt: Runtime, tourId: string): { step: number; dialog: true } | undefined {
  const surface = rt.tours?.surfaces().find((s) => s.item.id === tourId);
  return surface?.tour && rt.view?.behindDialog?.(tourId) ? { step: surface.tour.step, dialog: true } : undefined;
}

const waitingFor = (reason: Extract<ExplanationReason, { code: 'waiting' }>): string =>
  reason.route !== undefined
    ? `lives on the page ${reason.route}; startTour() takes the person there`
    : reason.dialog
      ? `waits for the page's dialog to close (its target is behind it, or the step would cover it); it shows when the dialog closes`
      : `waits for its target ${reason.selector} on this page`;

export function explainDecided(rt: Runtime): Explanation[] {
  const { manifest, pageView, previewing } = rt;
  if (!manifest || !rt.progress || !rt.identity || !rt.doc) return [];
  const unrenderable = [...pageView.unrenderable].flatMap(([itemId, error]): Explanation[] => {
    const item = manifest.items.find((i) => i.id === itemId);
    const message = `not shown: its content cannot be rendered (${error}); reported, not tried again in this page view`;
    return item ? [{ itemId, type: item.type, shown: false, reason: { code: 'cannot-render', error }, message }] : [];
  });
  return [
    ...unrenderable,
    ...decideNow(rt).verdicts.map((verdict) => {
      const missing = pageView.missingTargets.get(verdict.itemId);
      const item = manifest.items.find((i) => i.id === verdict.itemId)!;
      const arm = rt.experiments?.armFor(item);
      let reason: ExplanationReason = verdict.show && missing ? { code: 'target-missing', selector: missing } : verdict.reason;
      if (verdict.show && !missing && arm && !arm.assignment.enabled) reason = { code: 'holdout', experiment: arm.experiment.key, variation: arm.assignment.variation! };
      if (verdict.show && item.type === 'tour' && runningElsewhere(rt, item.id)) reason = { code: 'tour-running', tour: item.id };
      // Tips and beacons wait, hidden, while a tour's step holds the screen (ui/arbiter.ts waitsForStage).
      const stage = verdict.show && (item.type === 'tooltip' || item.type === 'hotspot') ? onStage(rt) : undefined;
      if (stage) reason = { code: 'tour-running', tour: stage };
      // A running tour whose step is not on screen is waiting, not shown: say for what.
      const waiting = item.type === 'tour' ? (rt.tours?.waiting(item.id) ?? behindDialog(rt, item.id)) : undefined;
      if (waiting) reason = { code: 'waiting', ...waiting };
      // Eligible, but the code that draws it could not be loaded: not on screen, whatever `showing` holds.
      const part = verdict.show ? (item.type === 'tour' && !rt.tours && rt.toursFailed ? 'tours' : rt.view?.cannotDraw(item)) : undefined;
      if (part) reason = { code: 'not-loaded', part };
      const shown = !waiting && !part && !stage && verdict.show && !missing && !previewing.has(verdict.itemId) && (rt.showing.has(verdict.itemId) || (rt.tours?.isRunning(verdict.itemId) ?? false));
      const message =
        reason.code === 'holdout'
          ? `not shown: assigned to the holdout arm "${reason.variation}" of experiment "${reason.experiment}" ${
              rt.waiting.has(item.id) && !pageView.counterfactual.has(item.id) ? '(waiting for its target, as the help would: its counterfactual exposure is logged when the target comes)' : '(exposure logged as counterfactual)'
            }`
          : reason.code === 'not-loaded'
            ? `not shown: the Guidepost ${reason.part === 'tours' ? 'tour' : reason.part} code could not be loaded (reported to onError); it is tried again on the next page view`
          : reason.code === 'waiting'
            ? `waiting: step ${reason.step + 1} ${waitingFor(reason)}`
            : rt.core.describeReason(reason);
      return { itemId: verdict.itemId, type: verdict.type, shown, reason, message };
    }),
  ];
}
