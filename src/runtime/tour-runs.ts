/**
 * Wires the tour controller (controller/tours.ts) to the runtime: a tour's first step is its
 * exposure, each step is saved (a reload resumes there), and its end is recorded, reported
 * and announced to the other tabs.
 */
import { createTourController, type TourController } from '../controller/tours';
import { recordCompleted, recordDismissed, recordStep } from '../engine/progress';
import { completeChecklists } from './actions';
import { markShown } from './exposure';
import { itemFields } from './items';
import { emit, type Runtime } from './runtime';
import { setLocalTour } from './tab-sync';

export function createTours(rt: Runtime, doc: Document): TourController {
  const { previewing } = rt;
  return createTourController({
    doc,
    emit: (fields) => emit(rt, fields),
    onFirstShown: (tour) => {
      if (previewing.has(tour.id)) return;
      markShown(rt, tour);
      setLocalTour(rt, tour.id);
    },
    onStep: (tour, step) => {
      if (!previewing.has(tour.id)) rt.progress!.update((s) => recordStep(s, tour.id, tour.version ?? 1, step));
    },
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
        completeChecklists(rt);
      } else if (origin !== 'other-tab' && origin !== 'error') {
        rt.progress!.update((s) => recordDismissed(s, tour.id, version, rt.now()));
        emit(rt, { ...itemFields(tour), type: 'dismissed', origin: origin ?? reason });
      }
      // Released last: other tabs learn how it ended before they may start it themselves.
      if (rt.localTour === tour.id) setLocalTour(rt, undefined);
    },
    render: () => rt.view!.render(),
  });
}
