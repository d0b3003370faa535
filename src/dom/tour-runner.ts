/**
 * Runs one tour in the page: finds each step's target (waiting for late ones), re-attaches
 * when the app re-renders the target, scrolls it into view, and advances on a click, an
 * event or a route. Decisions about the next step come from the pure `tourTransition`.
 */
import { initialTourState, tourTransition, type TourEvent, type TourState } from '../engine/tour';
import type { TourItem, TourStep } from '../manifest/schema';
import { coveredByFixedContent } from './covered';
import { pathIsWithin } from './routes';
import { describeTarget, isDisplayed, resolveTarget, waitForTarget } from './targets';
import { watchShownTarget } from './shown-target';

/**
 * What moved a step on (the `origin` of its `step_next` event): `next` the Next button (or a
 * button or call that does what it does), `route` the person reached its `advanceOn.route` (a
 * link, "Take me there", a page load there), `event` its `advanceOn.event` was tracked, `click`
 * its target was clicked (`advanceOn.click`).
 */
export type StepNextOrigin = 'next' | 'route' | 'event' | 'click';

export interface TourRunner {
  /** `origin`: for NEXT, what moved the step on (told to `onNext`). @default "next" */
  send(event: TourEvent, origin?: StepNextOrigin): void;
  readonly state: TourState;
  /** The current step's target element, when it has one on screen. */
  readonly target: Element | undefined;
  /**
   * While the current step is not on screen: the page it waits for (`route`, when the step
   * lives on another one), else the target it waits for (`selector`).
   */
  waitingFor(): { route?: string; selector?: string } | undefined;
  /** The host app navigated (route-bound steps and `advanceOn.route`); `traversal`: through the session history (the browser's Back or Forward). */
  routeChanged(path: string, traversal?: boolean): void;
  /** An event was tracked (`advanceOn.event`). */
  eventTracked(name: string): void;
  dispose(): void;
}

export interface TourRunnerOptions {
  doc: Document;
  tour: TourItem;
  startStep?: number;
  /** Called after every state change (and when the target is re-attached). */
  onChange: (state: TourState, target: Element | undefined) => void;
  /**
   * Step `step` moved on (NEXT: to the next step, or the end of the tour), and how. Told once per
   * move, before `onChange` shows the next step or ends the run.
   */
  onNext?: (step: number, origin: StepNextOrigin) => void;
  /**
   * Step `step`'s target never appeared (the step is skipped, centered, or the tour ends; going
   * backwards, passed over to the step before it). Told once per step in a run.
   */
  onTargetMissing?: (step: number) => void;
  /** Default wait for a missing target, when the step sets no `waitMs`. @default 3000 */
  defaultWaitMs?: number;
  /** Whether a step's target is scrolled into view (not for a run that draws nothing: a holdout's). @default true */
  scroll?: boolean;
}

/** A route's length without its trailing slashes: the longer of two routes holding one path is the more specific. */
const depth = (route: string) => route.replace(/\/+$/, '').length;

/**
 * Whether `path` is the page a step lives on (any page for a step without `route`): its route or
 * a page below it, unless another step of the tour lives on a more specific route that holds it
 * (as a router picks the most specific route). Steps on "/projects", "/projects/42", "/projects":
 * "/projects/42" is the second step's page only, so Next or Back from it to a step on
 * "/projects" takes the person there, instead of looking for that step's target on "/projects/42".
 */
const onRoute = (steps: TourStep[], step: TourStep, path: string) =>
  step.route === undefined ||
  (pathIsWithin(step.route, path) && !steps.some((other) => other.route !== undefined && depth(other.route) > depth(step.route!) && pathIsWithin(other.route, path)));

/** Whether `path` is the page (or below the page) the step moves on at, by the same rule. */
const reachedAdvanceRoute = (step: TourStep, path: string) => !!step.advanceOn && 'route' in step.advanceOn && pathIsWithin(step.advanceOn.route, path);

/**
 * Whether the browser's Back (or Forward) to `path` undid the navigation that moved the previous
 * step on: that step advanced on reaching its `advanceOn.route`, and the person went back
 * through the history to a page where that step lives. When the current step cannot show there
 * (it lives on another page), the tour goes back to that step, as its Back button would, instead
 * of hiding until the person returns. A link or the app's own navigation away keeps the step
 * waiting for its page ("Take me there" leads back).
 */
const undidPreviousRoute = (steps: TourStep[], previous: TourStep | undefined, path: string) =>
  !!previous?.advanceOn && 'route' in previous.advanceOn && !pathIsWithin(previous.advanceOn.route, path) && onRoute(steps, previous, path);

export function createTourRunner(options: TourRunnerOptions): TourRunner {
  const { doc, tour } = options;
  let state = initialTourState(tour, options.startStep);
  let target: Element | undefined;
  let stepCleanups: (() => void)[] = [];
  let disposed = false;
  /** The step was entered going backwards (Back): it shows even where it would move on by itself. */
  let enteredBack = false;
  /**
   * Steps whose target was missing in this run: looked for once when reached again, not waited
   * for (Back over a skipped step would otherwise wait its waitMs on every press), and told once.
   */
  const missing = new Set<number>();
  /** Still at the step the run resumed at (saved by an earlier page view, where it showed or was gone to). */
  let atResumedStep = options.startStep !== undefined && options.startStep === state.step;

  const clearStep = () => {
    stepCleanups.forEach((c) => c());
    stepCleanups = [];
  };

  const send = (event: TourEvent, origin: StepNextOrigin = 'next') => {
    if (disposed) return;
    const next = tourTransition(tour, state, event);
    if (next === state) return;
    const stepChanged = next.step !== state.step || next.status === 'resolving';
    const previous = state;
    state = next;
    if (stepChanged || next.status === 'ended') {
      clearStep();
      target = undefined;
    }
    if (next.step !== previous.step) {
      // Back, or a missing target passed over on the way back (to the step Back came from, too).
      enteredBack = event.type === 'BACK' || (previous.status === 'resolving' && previous.backFrom !== undefined);
      atResumedStep = false;
    }
    if (event.type === 'TARGET.FOUND') missing.delete(previous.step);
    // Told now (the next step may be found synchronously, and onChange sees only the final state), once per step.
    if (event.type === 'TARGET.NOT_FOUND' && !missing.has(previous.step)) {
      missing.add(previous.step);
      options.onTargetMissing?.(previous.step);
    }
    // Every move forward, whatever made it, is told here once: before the next step shows.
    if (event.type === 'NEXT') options.onNext?.(previous.step, origin);
    // A target found at once sends TARGET.FOUND from inside resolveStep: that nested send
    // attaches the step and tells onChange; this one must do neither a second time.
    if (next.status === 'resolving') resolveStep();
    else if (next.status === 'showing') attachStep();
    if (state === next) options.onChange(state, target);
  };

  const currentStep = () => tour.steps[state.step];

  function resolveStep() {
    const step = currentStep();
    // A step that advances on reaching a page the person is already on (a reload there, a
    // link followed outside the tour) is done: showing it would ask for what already happened.
    // Unless the person came back to it (Back): then it shows, and moves on with the next navigation.
    // The last step moves on (completes the tour) only where the run resumed at it: the page load
    // that "Take me there" made, as a route change completes it in an app with a router. Reached
    // by Next onto a page where the person already is, it shows: a tour is not completed unseen.
    if (!enteredBack && reachedAdvanceRoute(step, doc.location.pathname) && (state.step < tour.steps.length - 1 || atResumedStep)) {
      const step = state.step;
      // Still this step a microtask later (not moved on meanwhile, by Next or a route change).
      queueMicrotask(() => state.status === 'resolving' && state.step === step && send({ type: 'NEXT' }, 'route'));
      return;
    }
    // A step bound to another page waits for the app to navigate there, with a target or without.
    if (!onRoute(tour.steps, step, doc.location.pathname)) return;
    if (!step.target) {
      const step = state.step;
      // Still the step being resolved a microtask later (not moved on, nor sent away by a route change).
      queueMicrotask(() => state.status === 'resolving' && state.step === step && onRoute(tour.steps, currentStep(), doc.location.pathname) && send({ type: 'TARGET.FOUND' }));
      return;
    }
    if (missing.has(state.step)) {
      // Missing earlier in this run: there now, or passed over at once (shown centered, or skipped).
      const found = resolveTarget(step.target, doc);
      const element = found && isDisplayed(found.element) ? found.element : undefined;
      if (element) target = element;
      send({ type: element ? 'TARGET.FOUND' : 'TARGET.NOT_FOUND' });
      return;
    }
    const stop = waitForTarget(
      step.target,
      step.waitMs ?? options.defaultWaitMs ?? 3000,
      (found) => {
        target = found.element;
        send({ type: 'TARGET.FOUND' });
      },
      () => send({ type: 'TARGET.NOT_FOUND' }),
      doc,
      // Displayed, as the step will be: one in a closed dialog or a collapsed menu is waited for (or missing).
      isDisplayed,
    );
    stepCleanups.push(stop);
  }

  function attachStep() {
    const step = currentStep();
    if (!target || !step.target) return;
    if (options.scroll !== false) scrollIntoView(target);
    // The app may re-render the target mid-step (follow the new element) or hide it (lost).
    stepCleanups.push(
      watchShownTarget(target, () => {
        const found = resolveTarget(step.target!, doc);
        return found && isDisplayed(found.element) ? found.element : undefined;
      }, {
        moved: (element) => {
          target = element;
          bindClick();
          options.onChange(state, element);
        },
        lost: () => send({ type: 'TARGET.LOST' }),
      }),
    );
    let unbindClick = () => {};
    const bindClick = () => {
      unbindClick();
      if (!step.advanceOn || !('click' in step.advanceOn) || !target) return;
      const element = target;
      const onClick = () => send({ type: 'NEXT' }, 'click');
      element.addEventListener('click', onClick);
      unbindClick = () => element.removeEventListener('click', onClick);
    };
    bindClick();
    stepCleanups.push(() => unbindClick());
  }

  // Start: resolve the first step on the next microtask so the caller can subscribe first.
  queueMicrotask(() => {
    if (!disposed && state.status === 'resolving') resolveStep();
  });

  return {
    send,
    get state() {
      return state;
    },
    get target() {
      return target;
    },
    waitingFor() {
      if (state.status !== 'resolving') return undefined;
      const step = currentStep();
      if (!onRoute(tour.steps, step, doc.location.pathname)) return { route: step.route };
      return step.target ? { selector: describeTarget(step.target) } : undefined;
    },
    routeChanged(path, traversal = false) {
      if (state.status === 'ended') return;
      const step = currentStep();
      // Whether the step is on screen or already looking for a target the navigation removed.
      if (reachedAdvanceRoute(step, path)) {
        send({ type: 'NEXT' }, 'route');
        return;
      }
      if (step.route && !onRoute(tour.steps, step, path)) {
        if (traversal && undidPreviousRoute(tour.steps, tour.steps[state.step - 1], path)) return send({ type: 'BACK' });
        // Left the step's page: it stops waiting for its target (or showing beside one that
        // happens to be on this page too) and waits for its page again.
        if (state.status === 'showing') send({ type: 'TARGET.LOST' });
        else if (state.status === 'resolving') clearStep();
        return;
      }
      if (state.status === 'resolving' && step.route) {
        clearStep();
        resolveStep();
      }
    },
    eventTracked(name) {
      const step = currentStep();
      if (state.status === 'showing' && step.advanceOn && 'event' in step.advanceOn && step.advanceOn.event === name) send({ type: 'NEXT' }, 'event');
    },
    dispose() {
      disposed = true;
      clearStep();
    },
  };
}

/**
 * Brings the target into view, also inside scroll containers and from under a sticky header
 * (where its step would hide). `block: "center"` keeps it clear of sticky headers and footers,
 * which `scrollIntoView()`'s default "start" hides it under.
 */
function scrollIntoView(element: Element) {
  const rect = element.getBoundingClientRect();
  const view = element.ownerDocument.defaultView;
  const height = view?.innerHeight ?? 0;
  const width = view?.innerWidth ?? 0;
  const visible = rect.top >= 0 && rect.left >= 0 && rect.bottom <= height && rect.right <= width;
  if (!visible || isInsideClippedContainer(element, rect) || coveredByFixedContent(element, rect)) element.scrollIntoView({ block: 'center', inline: 'nearest' });
}

/** What clips its content: `overflow` is the shorthand of these two, read once each (not three reads per ancestor). */
const CLIPS = /auto|scroll|hidden/;

function isInsideClippedContainer(element: Element, rect: DOMRect): boolean {
  const view = element.ownerDocument.defaultView;
  if (!view) return false;
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const style = view.getComputedStyle(parent);
    if (!CLIPS.test(style.overflowX) && !CLIPS.test(style.overflowY)) continue;
    const box = parent.getBoundingClientRect();
    if (rect.top < box.top || rect.bottom > box.bottom || rect.left < box.left || rect.right > box.right) return true;
  }
  return false;
}
