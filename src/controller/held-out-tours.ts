/**
 * Tours held out of an experiment: run by the rules a run follows (each step's wait,
 * `onMissingTarget`, `route`, `advanceOn`), drawing, scrolling and recording nothing, only to
 * tell when the tour would show its first step: the moment of its counterfactual exposure, as
 * the help arm's exposure comes when its run shows one (TourController.wouldShow).
 */
import { createTourRunner, type TourRunner } from '../dom/tour-runner';
import type { TourItem } from '../manifest/schema';
import type { TourHost } from './tours';

export interface HeldOutRuns {
  wouldShow(tour: TourItem, shown: (target: Element | undefined) => void, never: () => void): () => void;
  routeChanged(path: string, traversal?: boolean): void;
  eventTracked(name: string): void;
  dispose(): void;
}

export function heldOutRuns(host: Pick<TourHost, 'doc' | 'emit'>): HeldOutRuns {
  const runners = new Set<TourRunner>();
  return {
    wouldShow(tour, shown, never) {
      const runner = createTourRunner({
        doc: host.doc,
        tour,
        scroll: false,
        // Reported as the help arm's run reports it: a target missing is the page's, in every arm.
        onTargetMissing: (step) => host.emit({ type: 'target_not_found', item_id: tour.id, item_type: 'tour', item_version: tour.version ?? 1, step }),
        onChange: (state, target) => {
          if (state.status === 'resolving') return;
          stop();
          if (state.status === 'showing') shown(state.centered ? undefined : target);
          else never();
        },
      });
      const stop = () => {
        runners.delete(runner);
        runner.dispose();
      };
      runners.add(runner);
      return stop;
    },
    routeChanged: (path, traversal) => runners.forEach((runner) => runner.routeChanged(path, traversal)),
    eventTracked: (name) => runners.forEach((runner) => runner.eventTracked(name)),
    dispose() {
      runners.forEach((runner) => runner.dispose());
      runners.clear();
    },
  };
}
