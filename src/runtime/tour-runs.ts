/**
 * Wires the tour controller (controller/tours.ts) to the runtime: a tour's first step is its
 * exposure, each step is saved (a reload resumes there), and its end is recorded, reported
 * and announced to the other tabs. Loaded with the first tour to run (see decisions.ts).
 */
import { createTourController, type TourController } from '../controller/tours';
import { recordCompleted, recordDismissed, recordStep } from '../engine/progress';
import type { Item, TourItem } from '../manifest/schema';
import { GuidepostError } from '../errors';
import { itemFields } from './items';
import { navigateInApp } from './navigate';
import { emit, REASSIGNED, type Runtime } from './runtime';

/**
 * What tours need from the core, passed in by it: imported here, exposure and decisions would
 * be bundled a second time into the two-file IIFE's UI file.
 */
export interface TourOps {
  markShown(item: Item): boolean;
  setLocalTour(tour: string | undefined): void;
  completeChecklists(): void;
  /** Decides again: what the tour kept out (another tour asked for meanwhile, paced help) may show now. */
  decideAgain(): void;
}

export function createTours(rt: Runtime, doc: Document, { markShown, setLocalTour, completeChecklists, decideAgain }: TourOps): TourController {
  const { previewing } = rt;
  const saveStep = (tour: TourItem, step: number) => {
    if (!previewing.has(tour.id)) rt.progress!.update((s) => recordStep(s, tour.id, tour.version ?? 1, step));
  };
  return createTourController({
    doc,
    emit: (fields) => emit(rt, fields),
    onFirstShown: (tour) => {
      if (previewing.has(tour.id)) return;
      markShown(tour);
      setLocalTour(tour.id);
    },
    onStep: saveStep,
    // The run moved on to a step on another page (Next, Back, startTour, or the person's click on a
    // link, before that page unloads): a page load there must resume at that step.
    onGoingTo: saveStep,
    onEnd: (tour, reason, origin, everShown) => {
      if (previewing.delete(tour.id)) return;
      rt.requested.delete(tour.id);
      const version = tour.version ?? 1;
      if (!everShown) {
        // It never appeared: nothing to record; do not retry in this page view.
        rt.pageView.missingTargets.set(tour.id, 'every step target');
      } else if (reason === 'completed') {
        rt.progress!.update((s) => recordCompleted(s, tour.id, version, rt.now()));
        emit(rt, { ...itemFields(tour), type: 'completed' });
        completeChecklists();
      } else if (origin !== 'other-tab' && origin !== 'error' && origin !== REASSIGNED) {
        rt.progress!.update((s) => recordDismissed(s, tour.id, version, rt.now(), origin ?? reason));
        emit(rt, { ...itemFields(tour), type: 'dismissed', origin: origin ?? reason });
      }
      // Released last: other tabs learn how it ended before they may start it themselves.
      if (rt.localTour === tour.id) setLocalTour(undefined);
      // After the controller has let it go (a microtask): the engine no longer sees it running.
      queueMicrotask(() => {
        if (!rt.destroyed) decideAgain();
      });
    },
    render: () => rt.view!.render(),
    navigate: (path) => navigateInApp(rt, path),
  });
}
