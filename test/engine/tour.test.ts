/**
 * src/engine/tour.ts: the tour step machine. Where a tour starts (a saved step from storage
 * is untrusted), every event in every state, the missing-target policies, what ends a tour
 * and how, and properties over random event sequences: the step stays in range, an ended tour
 * stays ended, and an event that changes nothing returns the very same state (the runner
 * relies on `next === state`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTourState, isLastStep, tourTransition, type TourEvent, type TourState } from '../../src/engine/tour';
import type { TourItem, TourStep } from '../../src/manifest/schema';
import { item } from '../support/engine-helpers';

const tourOf = (steps: TourStep[]): TourItem => item({ id: 'welcome', type: 'tour', steps }) as TourItem;
/** Three steps with the default policy ("skip"). */
const three = tourOf([{ target: '#a', body: 'one' }, { target: '#b', body: 'two' }, { target: '#c', body: 'three' }]);

const resolving = (step: number): TourState => ({ status: 'resolving', step });
const showing = (step: number, centered?: boolean): TourState => (centered ? { status: 'showing', step, centered } : { status: 'showing', step });

const ALL_EVENTS: TourEvent[] = [
  { type: 'TARGET.FOUND' }, { type: 'TARGET.NOT_FOUND' }, { type: 'TARGET.LOST' }, { type: 'NEXT' }, { type: 'BACK' }, { type: 'DONE' }, { type: 'CLOSE', origin: 'esc' },
];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

describe('initialTourState', () => {
  it('starts resolving the first step without a saved step', () => {
    expect(initialTourState(three)).toEqual(resolving(0));
  });

  it('resumes at a saved step that is still in the tour', () => {
    expect(initialTourState(three, 0)).toEqual(resolving(0));
    expect(initialTourState(three, 1)).toEqual(resolving(1));
    expect(initialTourState(three, 2)).toEqual(resolving(2));
  });

  it.each([3, 99, -1, -0.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER])('starts over at the first step for the out-of-range saved step %s', (saved) => {
    expect(initialTourState(three, saved)).toEqual(resolving(0));
  });

  it('starts over when the tour lost steps since the person left (a new manifest)', () => {
    const shorter = tourOf([{ body: 'only' }]);
    expect(initialTourState(shorter, 2)).toEqual(resolving(0));
    expect(initialTourState(shorter, 0)).toEqual(resolving(0));
  });

  it('does not read or write the tour', () => {
    const frozen = deepFreeze(tourOf([{ body: 'a' }, { body: 'b' }]));
    expect(initialTourState(frozen, 1)).toEqual(resolving(1));
  });
});

describe('a saved step that is not an integer is not a step', () => {
  // Storage may hold any number as `step`; tour.steps[1.5] does not exist, so such a step
  // starts the tour over instead of making the next transition throw.
  it('a saved step that is not an integer starts the tour at a real step', () => {
    const state = initialTourState(three, 1.5);
    expect(Number.isInteger(state.step)).toBe(true);
    expect(three.steps[state.step]).toBeDefined();
    expect(() => tourTransition(three, state, { type: 'TARGET.NOT_FOUND' })).not.toThrow();
  });
});

describe('isLastStep', () => {
  it('is true for the last index and beyond, false before it', () => {
    expect([0, 1, 2, 3].map((step) => isLastStep(three, step))).toEqual([false, false, true, true]);
  });

  it('a one-step tour starts on its last step', () => {
    expect(isLastStep(tourOf([{ body: 'x' }]), 0)).toBe(true);
  });
});

describe('tourTransition: finding targets', () => {
  it('TARGET.FOUND shows the step being resolved', () => {
    expect(tourTransition(three, resolving(1), { type: 'TARGET.FOUND' })).toEqual(showing(1));
  });

  it('TARGET.FOUND while showing changes nothing and returns the same state', () => {
    for (const state of [showing(1), showing(1, true)]) expect(tourTransition(three, state, { type: 'TARGET.FOUND' })).toBe(state);
  });

  it('TARGET.NOT_FOUND skips to the next step by default', () => {
    expect(tourTransition(three, resolving(0), { type: 'TARGET.NOT_FOUND' })).toEqual(resolving(1));
    expect(tourTransition(three, resolving(1), { type: 'TARGET.NOT_FOUND' })).toEqual(resolving(2));
  });

  it('TARGET.NOT_FOUND on the last step with "skip" ends the tour as target-missing, not completed', () => {
    expect(tourTransition(three, resolving(2), { type: 'TARGET.NOT_FOUND' })).toEqual({ status: 'ended', step: 2, reason: 'target-missing' });
  });

  it('a tour whose every target is missing skips through each step and ends at the last', () => {
    let state = initialTourState(three);
    const seen: TourState[] = [];
    while (state.status !== 'ended') {
      state = tourTransition(three, state, { type: 'TARGET.NOT_FOUND' });
      seen.push(state);
    }
    expect(seen).toEqual([resolving(1), resolving(2), { status: 'ended', step: 2, reason: 'target-missing' }]);
  });

  it('"end" ends the tour at that step, even when it is not the last', () => {
    const tour = tourOf([{ body: 'a', onMissingTarget: 'end' }, { body: 'b' }]);
    expect(tourTransition(tour, resolving(0), { type: 'TARGET.NOT_FOUND' })).toEqual({ status: 'ended', step: 0, reason: 'target-missing' });
  });

  it('"center" shows the step centered, on any step including the last', () => {
    const tour = tourOf([{ body: 'a', onMissingTarget: 'center' }, { body: 'b', onMissingTarget: 'center' }]);
    expect(tourTransition(tour, resolving(0), { type: 'TARGET.NOT_FOUND' })).toEqual(showing(0, true));
    expect(tourTransition(tour, resolving(1), { type: 'TARGET.NOT_FOUND' })).toEqual(showing(1, true));
  });

  it('uses the policy of the step being resolved, not of its neighbours', () => {
    const tour = tourOf([{ body: 'a', onMissingTarget: 'end' }, { body: 'b' }, { body: 'c', onMissingTarget: 'center' }]);
    expect(tourTransition(tour, resolving(1), { type: 'TARGET.NOT_FOUND' })).toEqual(resolving(2));
    expect(tourTransition(tour, resolving(2), { type: 'TARGET.NOT_FOUND' })).toEqual(showing(2, true));
  });

  it('TARGET.NOT_FOUND while showing is stale and changes nothing', () => {
    const state = showing(0);
    expect(tourTransition(three, state, { type: 'TARGET.NOT_FOUND' })).toBe(state);
  });

  it('TARGET.LOST goes back to resolving the same step (re-attaching after a re-render)', () => {
    expect(tourTransition(three, showing(1), { type: 'TARGET.LOST' })).toEqual(resolving(1));
  });

  it('TARGET.LOST changes nothing for a centered step (it has no target to lose) or while resolving', () => {
    for (const state of [showing(1, true), resolving(1)]) expect(tourTransition(three, state, { type: 'TARGET.LOST' })).toBe(state);
  });
});

describe('tourTransition: moving and ending', () => {
  it('NEXT resolves the following step', () => {
    expect(tourTransition(three, showing(0), { type: 'NEXT' })).toEqual(resolving(1));
    expect(tourTransition(three, showing(1, true), { type: 'NEXT' })).toEqual(resolving(2));
  });

  it('NEXT on the last step completes the tour, as Done does', () => {
    expect(tourTransition(three, showing(2), { type: 'NEXT' })).toEqual({ status: 'ended', step: 2, reason: 'completed' });
    expect(tourTransition(tourOf([{ body: 'x' }]), showing(0), { type: 'NEXT' })).toEqual({ status: 'ended', step: 0, reason: 'completed' });
  });

  it('BACK resolves the previous step, going backwards from the step it was pressed on', () => {
    expect(tourTransition(three, showing(2), { type: 'BACK' })).toEqual({ status: 'resolving', step: 1, backFrom: 2 });
    expect(tourTransition(three, showing(1, true), { type: 'BACK' })).toEqual({ status: 'resolving', step: 0, backFrom: 1 });
  });

  it('BACK again while still going backwards keeps the step the first Back came from', () => {
    expect(tourTransition(three, { status: 'resolving', step: 1, backFrom: 2 }, { type: 'BACK' })).toEqual({ status: 'resolving', step: 0, backFrom: 2 });
    expect(tourTransition(three, resolving(2), { type: 'BACK' })).toEqual({ status: 'resolving', step: 1, backFrom: 2 });
  });

  it('BACK on the first step changes nothing', () => {
    for (const state of [showing(0), resolving(0), showing(0, true)]) expect(tourTransition(three, state, { type: 'BACK' })).toBe(state);
  });

  it('DONE completes the tour at the current step', () => {
    expect(tourTransition(three, showing(2), { type: 'DONE' })).toEqual({ status: 'ended', step: 2, reason: 'completed' });
  });

  it('CLOSE dismisses the tour and keeps where the close came from', () => {
    expect(tourTransition(three, showing(1), { type: 'CLOSE', origin: 'close-button' })).toEqual({ status: 'ended', step: 1, reason: 'dismissed', origin: 'close-button' });
    expect(tourTransition(three, resolving(0), { type: 'CLOSE', origin: 'api' })).toEqual({ status: 'ended', step: 0, reason: 'dismissed', origin: 'api' });
  });

  it('CLOSE on the last step is a dismissal, not a completion: only Done or Next complete', () => {
    expect(tourTransition(three, showing(2), { type: 'CLOSE', origin: 'esc' })).toMatchObject({ status: 'ended', reason: 'dismissed' });
  });

  it('keeps an origin with any text (a host-supplied call-to-action name) as given', () => {
    const origin = '<img src=x onerror=alert(1)>\u0000' + 'x'.repeat(10_000);
    expect(tourTransition(three, showing(0), { type: 'CLOSE', origin })).toMatchObject({ origin });
  });

  it('an ended tour ignores every event and returns the same state', () => {
    for (const ended of [
      { status: 'ended', step: 1, reason: 'dismissed', origin: 'esc' },
      { status: 'ended', step: 2, reason: 'completed' },
      { status: 'ended', step: 0, reason: 'target-missing' },
    ] as TourState[]) {
      for (const event of ALL_EVENTS) expect(tourTransition(three, ended, event)).toBe(ended);
    }
  });

  it('never mutates the tour, the state or the event', () => {
    const tour = deepFreeze(tourOf([{ body: 'a', onMissingTarget: 'center' }, { body: 'b', onMissingTarget: 'end' }, { body: 'c' }]));
    for (const state of [resolving(0), resolving(1), resolving(2), showing(0), showing(1, true), showing(2)]) {
      for (const event of ALL_EVENTS) tourTransition(tour, deepFreeze({ ...state }), deepFreeze({ ...event }));
    }
    expect(tour.steps.map((s) => s.body)).toEqual(['a', 'b', 'c']);
  });
});

describe('tourTransition: a target missing while going backwards (Back)', () => {
  const back = (step: number, backFrom: number): TourState => ({ status: 'resolving', step, backFrom });
  const notFound = { type: 'TARGET.NOT_FOUND' } as const;

  it('passes over to the step before it, not forward to where Back was pressed', () => {
    expect(tourTransition(three, tourTransition(three, showing(2), { type: 'BACK' }), notFound)).toEqual(back(0, 2));
  });

  it('never ends the tour: "end" and "skip" both pass over backwards; "center" still shows it centered', () => {
    const tour = tourOf([{ body: 'a' }, { body: 'b', onMissingTarget: 'end' }, { body: 'c', onMissingTarget: 'center' }, { body: 'd' }]);
    expect(tourTransition(tour, back(1, 3), notFound)).toEqual(back(0, 3));
    expect(tourTransition(tour, back(2, 3), notFound)).toEqual(showing(2, true));
  });

  it('with no earlier step left, returns to the step Back was pressed on (as a step going forward again)', () => {
    expect(tourTransition(three, back(0, 2), notFound)).toEqual(resolving(2));
    // The first step with "end": a Back still never ends the tour.
    const tour = tourOf([{ body: 'a', onMissingTarget: 'end' }, { body: 'b' }]);
    expect(tourTransition(tour, back(0, 1), notFound)).toEqual(resolving(1));
  });

  it('going forward is unchanged: a missing target skips ahead, or ends the tour with "end" or on the last step', () => {
    const tour = tourOf([{ body: 'a', onMissingTarget: 'end' }, { body: 'b' }, { body: 'c' }]);
    expect(tourTransition(tour, resolving(0), notFound)).toMatchObject({ status: 'ended', reason: 'target-missing' });
    expect(tourTransition(tour, resolving(1), notFound)).toEqual(resolving(2));
    expect(tourTransition(tour, resolving(2), notFound)).toMatchObject({ status: 'ended', reason: 'target-missing' });
  });
});

describe('tourTransition: properties over random event sequences', () => {
  const policy = fc.constantFrom<TourStep['onMissingTarget']>(undefined, 'skip', 'end', 'center');
  const tours = fc.array(policy, { minLength: 1, maxLength: 6 }).map((policies) => tourOf(policies.map((p, i) => ({ body: `s${i}`, ...(p ? { onMissingTarget: p } : {}) }))));
  const events = fc.array(fc.constantFrom(...ALL_EVENTS), { maxLength: 40 });

  it('the step stays in range, ended is final, and a state that does not change is returned as is', () => {
    fc.assert(
      fc.property(tours, events, (tour, sequence) => {
        let state = initialTourState(tour);
        for (const event of sequence) {
          const next = tourTransition(tour, state, event);
          expect(['resolving', 'showing', 'ended']).toContain(next.status);
          expect(Number.isInteger(next.step)).toBe(true);
          expect(next.step).toBeGreaterThanOrEqual(0);
          expect(next.step).toBeLessThan(tour.steps.length);
          if (state.status === 'ended') expect(next).toBe(state);
          // A new object always means something changed: the runner re-renders only then.
          if (next !== state) expect(next).not.toEqual(state);
          // The step moves by at most one at a time, except back to where a Back was pressed
          // when no earlier step's target was found.
          const returned = state.status === 'resolving' && state.backFrom === next.step && event.type === 'TARGET.NOT_FOUND';
          if (!returned) expect(Math.abs(next.step - state.step)).toBeLessThanOrEqual(1);
          // A Back, and a target missing on the way back, never end the tour.
          const goingBack = state.status === 'resolving' && state.backFrom !== undefined;
          if (state.status !== 'ended' && (event.type === 'BACK' || (goingBack && event.type === 'TARGET.NOT_FOUND'))) expect(next.status).not.toBe('ended');
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('only a final step ends with "completed"; a centered step only comes from the "center" policy', () => {
    fc.assert(
      fc.property(tours, events, (tour, sequence) => {
        let state = initialTourState(tour);
        for (const event of sequence) {
          const next = tourTransition(tour, state, event);
          if (next !== state && next.status === 'ended' && next.reason === 'completed' && event.type === 'NEXT') expect(isLastStep(tour, next.step)).toBe(true);
          if (next !== state && next.status === 'showing' && next.centered) {
            expect(event.type).toBe('TARGET.NOT_FOUND');
            expect(tour.steps[next.step].onMissingTarget).toBe('center');
          }
          if (next !== state && next.status === 'ended' && next.reason === 'dismissed') expect(event.type).toBe('CLOSE');
          if (next !== state && next.status === 'ended' && next.reason === 'target-missing') expect(event.type).toBe('TARGET.NOT_FOUND');
          state = next;
        }
      }),
      { numRuns: 500 },
    );
  }, 60_000);
});
