/**
 * Tour step transitions as a small pure state machine (the zag-js habit): the browser
 * layer sends events, this decides the next state. Exposure and progress are recorded by
 * the caller from the returned state, never here.
 */
import type { TourItem } from '../manifest/schema';

export type TourEndReason = 'completed' | 'dismissed' | 'target-missing';

export type TourState =
  /**
   * Looking for step `step`'s target (waiting, with a timeout). `backFrom`: the step Back was
   * pressed on, while going backwards (a missing target passes over to the step before it).
   */
  | { status: 'resolving'; step: number; backFrom?: number }
  /** Step `step` is on screen. `centered` when its target was missing and the step says "center". */
  | { status: 'showing'; step: number; centered?: boolean }
  | { status: 'ended'; step: number; reason: TourEndReason; origin?: string };

export type TourEvent =
  | { type: 'TARGET.FOUND' }
  | { type: 'TARGET.NOT_FOUND' }
  /** The shown step's target left the page (a route change, a re-render): look for it again. */
  | { type: 'TARGET.LOST' }
  | { type: 'NEXT' }
  | { type: 'BACK' }
  /** The user finished on the last step (Done). */
  | { type: 'DONE' }
  /** Closed before the end: close button, Esc, overlay click or a call to action. */
  | { type: 'CLOSE'; origin: string };

/** Where a tour starts: its saved step if it is still valid, else the first. */
export function initialTourState(tour: TourItem, savedStep?: number): TourState {
  const step = Number.isInteger(savedStep) && savedStep! >= 0 && savedStep! < tour.steps.length ? savedStep! : 0;
  return { status: 'resolving', step };
}

export function isLastStep(tour: TourItem, step: number): boolean {
  return step >= tour.steps.length - 1;
}

export function tourTransition(tour: TourItem, state: TourState, event: TourEvent): TourState {
  if (state.status === 'ended') return state;
  const last = isLastStep(tour, state.step);
  switch (event.type) {
    case 'TARGET.FOUND':
      return state.status === 'resolving' ? { status: 'showing', step: state.step } : state;
    case 'TARGET.NOT_FOUND': {
      if (state.status !== 'resolving') return state;
      const policy = tour.steps[state.step].onMissingTarget ?? 'skip';
      if (policy === 'center') return { status: 'showing', step: state.step, centered: true };
      if (state.backFrom !== undefined) return passBackOver(state.step, state.backFrom);
      if (policy === 'end' || last) return { status: 'ended', step: state.step, reason: 'target-missing' };
      return { status: 'resolving', step: state.step + 1 };
    }
    case 'TARGET.LOST':
      return state.status === 'showing' && !state.centered ? { status: 'resolving', step: state.step } : state;
    case 'NEXT':
      // "Next" on the last step finishes the tour, as "Done" does.
      return last ? { status: 'ended', step: state.step, reason: 'completed' } : { status: 'resolving', step: state.step + 1 };
    case 'BACK': {
      if (state.step === 0) return state;
      // Again while still going backwards: the person came from where the first Back was.
      const backFrom = state.status === 'resolving' ? (state.backFrom ?? state.step) : state.step;
      return { status: 'resolving', step: state.step - 1, backFrom };
    }
    case 'DONE':
      return { status: 'ended', step: state.step, reason: 'completed' };
    case 'CLOSE':
      // Closing on the last step is a dismissal, not a completion: only Done completes.
      return { status: 'ended', step: state.step, reason: 'dismissed', origin: event.origin };
  }
}

/**
 * Going backwards, a step whose target is missing is passed over to the one before it: skipping
 * forward would bounce the person back to where they pressed Back, and ending the tour ("end")
 * would punish a Back. With no earlier step left, the person returns to the step they came from.
 */
function passBackOver(step: number, backFrom: number): TourState {
  return step > 0 ? { status: 'resolving', step: step - 1, backFrom } : { status: 'resolving', step: backFrom };
}
