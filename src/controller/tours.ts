/**
 * Runs tours for one Guidepost instance: one runner per tour, step progress saved so a
 * tour resumes after a reload or on another route, events for every step, and focus
 * returned where it was when the tour ends from its step (not when the person ended it by
 * acting on the page: their focus stays where they acted).
 */
import { isLastStep, type TourEndReason, type TourState } from '../engine/tour';
import type { TourItem, TourStep } from '../manifest/schema';
import { pathIsWithin } from '../dom/routes';
import { heldOutRuns } from './held-out-tours';
import { createTourRunner, type TourRunner } from '../dom/tour-runner';
import type { EventFields } from '../track/tracker';
import { deepActiveElement, focusedControl, focusIsTours, focusReturn, parkFocus, unparkFocus } from '../ui/focus';
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
  /**
   * The tour itself is moving the person along (Next, Back, "Take me there", and the missing
   * targets it passes over since): a step it reaches on another page is gone to. Not after the
   * person's own act (a click on the target, an event, a navigation): that takes them where it goes.
   */
  led: boolean;
  /** The step last saved for this run (onStep or onGoingTo): saved once, not again before a navigation. */
  saved?: number;
  /** Gives focus back to what started the tour (focusReturn); `layerGoing`: the layer is about to go; `land`: else onto the page; `unlaunched`: even from <body>. */
  returnFocus: (layerGoing?: boolean, land?: boolean, unlaunched?: boolean) => void;
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
  /**
   * For a tour held out of an experiment: calls `shown` when a run would show its first step (by
   * the rules a run follows: each step's wait, `onMissingTarget`, `route`), with the step's
   * target, or `never` when it would end first; draws, scrolls and records nothing. Returns the
   * disposer.
   */
  wouldShow(tour: TourItem, shown: (target: Element | undefined) => void, never: () => void): () => void;
  /** Ends every run without a trace (no event, no progress). `destroying`: the layer goes next (destroy()). */
  dispose(destroying?: boolean): void;
}

/**
 * Whether a step lets the page through to its target (clicks, and Tab: the person acts on it). The
 * writer's `allowClicksThrough` wins; by default a step that moves on when the person acts (a click
 * on its target, an event) lets them act: a shade over the page would leave them nothing to do
 * but close the tour. (As Shepherd's `canClickTarget` and Driver's active interaction do.)
 */
function letsPageThrough(step: TourStep): boolean {
  const advanceOn = step.advanceOn;
  return step.allowClicksThrough ?? (advanceOn !== undefined && ('click' in advanceOn || 'event' in advanceOn));
}

/** What moves a step on instead of its Next button (see surface.ts), given whether the page is let through. */
function advanceOf(step: TourStep, through: boolean): 'route' | 'event' | undefined {
  const advanceOn = step.advanceOn;
  if (advanceOn && 'route' in advanceOn) return 'route';
  // An event the person cannot cause (the page kept out by `allowClicksThrough: false`) leaves the
  // step to its Next button, as a click step kept out does: never a step with no way on.
  return advanceOn && 'event' in advanceOn && through ? 'event' : undefined;
}

export function createTourController(host: TourHost): TourController {
  const runs = new Map<string, Run>();
  const heldOut = heldOutRuns(host);

  const itemFields = (tour: TourItem) => ({ item_id: tour.id, item_type: 'tour', item_version: tour.version ?? 1 });

  const onChange = (run: Run, previous: TourState, state: TourState) => {
    const { tour } = run;
    // Read before the render takes the step (and the focus in it) away.
    const focus = focusIsTours(host.doc, tour.id);
    // And which of its controls (Next): a step going to wait gives it back to that one when it shows again.
    const control = state.status === 'resolving' && focus === 'step' ? focusedControl(host.doc, tour.id) : undefined;
    if (state.status === 'showing' && (previous.status !== 'showing' || previous.step !== state.step)) {
      if (!run.shown) {
        run.shown = true;
        host.onFirstShown(tour, run.runner.target);
      }
      run.saved = state.step;
      host.onStep(tour, state.step);
      host.emit({ type: 'step_viewed', ...itemFields(tour), step: state.step });
    }
    if (state.status === 'showing') run.led = false;
    if (state.status === 'ended') {
      runs.delete(tour.id);
      run.runner.dispose();
      unparkFocus(host.doc, tour.id);
      // A tour resumed at its last step can complete before showing anything on this page: the page
      // load reached that step's advanceOn.route ("Take me there" without a router). It was seen before.
      host.onEnd(tour, state.reason, state.origin, run.shown || (state.reason === 'completed' && run.resumed));
    }
    host.render();
    // After the render that takes the step away and brings back what it folded (the checklist's
    // panel and its task buttons): focus goes back to what started the tour, or what stands for it.
    if (state.status === 'ended' && focus) run.returnFocus(false, focus === 'step');
    // The step went to wait (its target re-rendered, loading; its page) with focus in it: parked where
    // the tour started, not on <body> (focus.ts parkFocus). Not for a wait over within the microtasks
    // queued meanwhile (a step without a target, a target the app's navigation just rendered).
    const park = () => runs.get(tour.id) === run && run.runner.state === state && parkFocus(host.doc, tour.id, () => run.returnFocus(false, true, true), control);
    if (state.status === 'resolving' && focus === 'step') queueMicrotask(() => queueMicrotask(park));
    if (state.status === 'resolving' && state.step !== previous.step) toOtherPage(run);
  };

  /** Saves `step` as where a page load resumes the run, unless it is saved already. */
  const saveGoingTo = (run: Run, step: number) => {
    if (run.saved === step) return;
    run.saved = step;
    host.onGoingTo(run.tour, step);
  };

  /**
   * The run moved on to a step that lives on another page. Saved at once, whatever moved it: a
   * click on a link (no router) unloads this page right after, and the next page view must resume
   * at this step, not at the one clicked. Gone to when the tour moved the person (Next, Back),
   * rather than leave an empty screen; their own act (a link, the app) takes them where it goes.
   */
  const toOtherPage = (run: Run) => {
    if (runs.get(run.tour.id) !== run || run.runner.waitingFor()?.route === undefined) return;
    saveGoingTo(run, run.runner.state.step);
    if (run.led) go(run.tour.id);
  };

  const send = (id: string, event: Parameters<TourRunner['send']>[0]) => runs.get(id)?.runner.send(event);

  /** Where the current step waits (its `route`) or, on screen, leads (`advanceOn.route`), if anywhere: navigates there. */
  const go = (id: string): boolean => {
    const run = runs.get(id);
    if (!run) return false;
    const { runner } = run;
    const waitingFor = runner.waitingFor()?.route;
    if (waitingFor !== undefined) {
      // Saved before navigating: a full page load there resumes at this step, not at the one left.
      saveGoingTo(run, runner.state.step);
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
      run.led = true;
      runner.send({ type: 'NEXT' }, 'route');
      return true;
    }
    host.navigate(path);
    return true;
  };

  return {
    start(tour, savedStep) {
      if (runs.has(tour.id)) return;
      let previous: TourState | undefined;
      const run: Run = { tour, shown: false, resumed: savedStep !== undefined, led: false, saved: savedStep, returnFocus: focusReturn(deepActiveElement(host.doc)), runner: undefined as unknown as TourRunner };
      run.runner = createTourRunner({
        doc: host.doc,
        tour,
        startStep: savedStep,
        // The one place step_next is emitted: every move forward (Next, a route, an event, a click).
        onNext: (step, origin) => {
          // The person moved it by acting on the page: where that leads is theirs (see Run.led).
          if (origin === 'click' || origin === 'event') run.led = false;
          host.emit({ type: 'step_next', ...itemFields(tour), step, origin });
        },
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
        // With no target on screen (none, or missing and centered) the whole page is let through:
        // the step is not modal (TourStep.tsx) and no shade covers the page (Spotlight.tsx).
        const through = letsPageThrough(step);
        out.push({
          item: tour,
          reference: state.centered ? undefined : runner.target,
          tour: {
            step: state.step,
            total: tour.steps.length,
            placement: step.placement,
            allowClicksThrough: through,
            feedback: tour.feedback === true && isLastStep(tour, state.step),
            // The step moves on by itself when the person does what it says: Next would skip that.
            advance: advanceOf(step, through),
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
      run.led = true;
      run.runner.send({ type: 'NEXT' }, 'next');
    },
    // Back onto a step on another page goes there, as Next does (toOtherPage): never an empty screen.
    back(id) {
      const run = runs.get(id);
      if (!run || run.runner.state.step === 0) return;
      host.emit({ type: 'step_back', ...itemFields(run.tour), step: run.runner.state.step });
      run.led = true;
      run.runner.send({ type: 'BACK' });
    },
    done: (id) => send(id, { type: 'DONE' }),
    close: (id, origin) => send(id, { type: 'CLOSE', origin }),
    routeChanged(path, traversal) {
      for (const run of runs.values()) {
        // The person is where they went (the tour's own navigation arrives here too): from now on they lead.
        run.led = false;
        // advanceOn.route first: a navigation that removed the step's target still advances it.
        run.runner.routeChanged(path, traversal);
        if (run.runner.state.status === 'showing' && run.runner.target && !run.runner.target.isConnected) run.runner.send({ type: 'TARGET.LOST' });
      }
      heldOut.routeChanged(path, traversal);
    },
    eventTracked(name) {
      for (const run of runs.values()) run.runner.eventTracked(name);
      heldOut.eventTracked(name);
    },
    wouldShow: heldOut.wouldShow,
    dispose(destroying = false) {
      // destroy(), identify() or reset() while a tour's step holds focus (an app's unmount, a
      // logout): focus goes back to what started the tour, not to <body>; to where it came into
      // the layer from when that was in the layer going away (a checklist's task); else (started by a
      // call, the launcher gone with the route that unmounted the app) onto the page, not left to fall
      // to <body> with the step. Focus anywhere else (the page, another surface) stays where it is.
      const step = deepActiveElement(host.doc)?.closest('[data-part=tour-step]');
      for (const run of runs.values()) {
        run.runner.dispose();
        unparkFocus(host.doc, run.tour.id);
        if (step?.getAttribute('data-item') === run.tour.id) run.returnFocus(destroying, true, true);
      }
      runs.clear();
      heldOut.dispose();
    },
  };
}
