/**
 * Runs tours for one Guidepost instance: one runner per tour, step progress saved so a
 * tour resumes after a reload or on another route, events for every step, and focus
 * returned where it was when the tour ends.
 */
import type { TourEndReason, TourState } from '../engine/tour';
import { isLastStep } from '../engine/tour';
import type { TourItem } from '../manifest/schema';
import { pathIsWithin } from '../dom/routes';
import { createTourRunner, type TourRunner } from '../dom/tour-runner';
import type { EventFields } from '../track/tracker';
import { deepActiveElement, focusReturn } from '../ui/focus';
import type { Surface } from '../ui/surface';

export interface TourHost {
  doc: Document;
  emit: (fields: EventFields) => void;
  /** The item became visible for the first time in this run: exposure, progress, pacing. */
  onFirstShown: (tour: TourItem, target: Element | undefined) => void;
  onStep: (tour: TourItem, step: number) => void;
  /**
   * The tour is about to take the person to the page of step `step` (not on screen yet): saved
   * now, for a page load there resumes at the saved step, and `onStep` would come too late.
   */
  onGoingTo: (tour: TourItem, step: number) => void;
  onEnd: (tour: TourItem, reason: TourEndReason, origin: string | undefined, everShown: boolean) => void;
  render: () => void;
  /** Takes the person to another page of the app (the host's router, or a page load). */
  navigate: (path: string) => void;
}

interface Run {
  tour: TourItem;
  runner: TourRunner;
  shown: boolean;
  /** Started at a step saved by an earlier page view (shown there, or gone to from there). */
  resumed: boolean;
  /** Gives focus back where it was when the tour started (focus.ts). */
  /** Gives focus back to what started the tour (see focusReturn); `layerGoing`: the layer is about to be removed. */
  returnFocus: (layerGoing?: boolean) => void;
}

export interface TourController {
  start(tour: TourItem, savedStep: number | undefined): void;
  isRunning(id: string): boolean;
  runningIds(): string[];
  /** Surfaces for the tours whose current step is on screen. */
  surfaces(): Surface[];
  /** What a running tour's current step waits for, when it is not on screen (see TourRunner.waitingFor). */
  waiting(id: string): { step: number; route?: string; selector?: string } | undefined;
  /**
   * Takes the person where the current step waits (its `route`) or, while it is on screen, where
   * it leads (`advanceOn.route`). False when there is nowhere to go.
   */
  go(id: string): boolean;
  next(id: string): void;
  back(id: string): void;
  done(id: string): void;
  close(id: string, origin: string): void;
  routeChanged(path: string, traversal?: boolean): void;
  eventTracked(name: string): void;
  /** Ends every run without a trace (no event, no progress). `destroying`: the layer goes next (destroy()). */
  dispose(destroying?: boolean): void;
}

export function createTourController(host: TourHost): TourController {
  const runs = new Map<string, Run>();

  const itemFields = (tour: TourItem) => ({ item_id: tour.id, item_type: 'tour', item_version: tour.version ?? 1 });

  const onChange = (run: Run, previous: TourState, state: TourState) => {
    const { tour } = run;
    if (state.status === 'showing' && (previous.status !== 'showing' || previous.step !== state.step)) {
      if (!run.shown) {
        run.shown = true;
        host.onFirstShown(tour, run.runner.target);
      }
      host.onStep(tour, state.step);
      host.emit({ type: 'step_viewed', ...itemFields(tour), step: state.step });
    }
    if (state.status === 'ended') {
      runs.delete(tour.id);
      run.runner.dispose();
      // A tour resumed at its last step can complete before showing anything on this page: the page
      // load reached that step's advanceOn.route ("Take me there" without a router). It was seen before.
      host.onEnd(tour, state.reason, state.origin, run.shown || (state.reason === 'completed' && run.resumed));
    }
    host.render();
    // After the render that takes the step away and brings back what it folded (the checklist's
    // panel and its task buttons): focus goes back to what started the tour, or what stands for it.
    if (state.status === 'ended') run.returnFocus();
  };

  const send = (id: string, event: Parameters<TourRunner['send']>[0]) => runs.get(id)?.runner.send(event);

  /** The next step lives on another page: take the person there rather than leave an empty screen. */
  const followToNextPage = (id: string, run: Run) => {
    if (runs.get(id) === run && run.runner.waitingFor()?.route !== undefined) go(id);
  };

  /** Where the current step waits (its `route`) or, on screen, leads (`advanceOn.route`), if anywhere: navigates there. */
  const go = (id: string): boolean => {
    const run = runs.get(id);
    if (!run) return false;
    const { runner } = run;
    const waitingFor = runner.waitingFor()?.route;
    if (waitingFor !== undefined) {
      // Saved before navigating: a full page load there resumes at this step, not at the one left.
      host.onGoingTo(run.tour, runner.state.step);
      host.navigate(waitingFor);
      return true;
    }
    // Only a step on screen leads on: one still waiting for its target has not been seen, and
    // taking the person past it (or, on the last step, completing the tour) would skip it unseen.
    const state = runner.state;
    if (state.status !== 'showing') return false;
    const advanceOn = run.tour.steps[state.step].advanceOn;
    const path = advanceOn && 'route' in advanceOn ? advanceOn.route : undefined;
    if (path === undefined) return false;
    // Back onto a step whose page the person is already on: "Take me there" is done, so it moves on
    // (navigating to the same path would change nothing, and the tour would sit on that step).
    if (pathIsWithin(path, host.doc.location.pathname)) {
      runner.send({ type: 'NEXT' }, 'route');
      followToNextPage(id, run);
      return true;
    }
    host.navigate(path);
    return true;
  };

  return {
    start(tour, savedStep) {
      if (runs.has(tour.id)) return;
      let previous: TourState | undefined;
      const run: Run = { tour, shown: false, resumed: savedStep !== undefined, returnFocus: focusReturn(deepActiveElement(host.doc)), runner: undefined as unknown as TourRunner };
      run.runner = createTourRunner({
        doc: host.doc,
        tour,
        startStep: savedStep,
        // The one place step_next is emitted: every move forward (Next, a route, an event, a click).
        onNext: (step, origin) => host.emit({ type: 'step_next', ...itemFields(tour), step, origin }),
        onTargetMissing: (step) => host.emit({ type: 'target_not_found', ...itemFields(tour), step }),
        onChange: (state) => {
          const before = previous ?? { status: 'resolving', step: state.step };
          previous = state;
          onChange(run, before, state);
        },
      });
      previous = run.runner.state;
      runs.set(tour.id, run);
    },
    isRunning: (id) => runs.has(id),
    runningIds: () => [...runs.keys()],
    surfaces() {
      const out: Surface[] = [];
      for (const { tour, runner } of runs.values()) {
        const state = runner.state;
        if (state.status !== 'showing') continue;
        const step = tour.steps[state.step];
        const advanceOn = step.advanceOn;
        out.push({
          item: tour,
          reference: state.centered ? undefined : runner.target,
          tour: {
            step: state.step,
            total: tour.steps.length,
            placement: step.placement,
            // A step that moves on when its target is clicked lets the click through, unless the
            // writer said otherwise (then something else must move it: `guidepost validate` warns).
            allowClicksThrough: step.allowClicksThrough ?? (advanceOn !== undefined && 'click' in advanceOn && advanceOn.click === true),
            feedback: tour.feedback === true && isLastStep(tour, state.step),
            // The step moves on by itself when the person does what it says: Next would skip that.
            advance: advanceOn && ('route' in advanceOn ? 'route' : 'event' in advanceOn ? 'event' : undefined),
          },
        });
      }
      return out;
    },
    waiting(id) {
      const run = runs.get(id);
      const waitingFor = run?.runner.waitingFor();
      return waitingFor && { step: run!.runner.state.step, ...waitingFor };
    },
    go,
    next(id) {
      const run = runs.get(id);
      if (!run) return;
      run.runner.send({ type: 'NEXT' }, 'next');
      followToNextPage(id, run);
    },
    back(id) {
      const run = runs.get(id);
      if (!run || run.runner.state.step === 0) return;
      host.emit({ type: 'step_back', ...itemFields(run.tour), step: run.runner.state.step });
      run.runner.send({ type: 'BACK' });
    },
    done: (id) => send(id, { type: 'DONE' }),
    close: (id, origin) => send(id, { type: 'CLOSE', origin }),
    routeChanged(path, traversal) {
      for (const run of runs.values()) {
        // advanceOn.route first: a navigation that removed the step's target still advances it.
        run.runner.routeChanged(path, traversal);
        if (run.runner.state.status === 'showing' && run.runner.target && !run.runner.target.isConnected) run.runner.send({ type: 'TARGET.LOST' });
      }
    },
    eventTracked(name) {
      for (const run of runs.values()) run.runner.eventTracked(name);
    },
    dispose(destroying = false) {
      // destroy(), identify() or reset() while a tour's step holds focus (an app's unmount, a
      // logout): focus goes back to what started the tour, not to <body>; to where it came into
      // the layer from when that was in the layer going away (a checklist's task). Focus anywhere
      // else (the page, another surface) stays where it is.
      const step = deepActiveElement(host.doc)?.closest('[data-part=tour-step]');
      for (const run of runs.values()) {
        run.runner.dispose();
        if (step?.getAttribute('data-item') === run.tour.id) run.returnFocus(destroying);
      }
      runs.clear();
    },
  };
}
