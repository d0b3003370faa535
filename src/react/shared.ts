/**
 * What the React and Vue bindings share, with no framework import: the tour state read from
 * `explain()`, closing a tour through the DOM contract, and the bound on calls kept before an
 * instance exists. (Kept here rather than in a third folder: guidepost/vue imports it too.)
 */
import type { Explanation } from 'guidepost';

/**
 * A tour's state as `explain()` tells it:
 * - `unknown`: not started yet (server rendering, before `start()` has finished), or no such item;
 * - `showing`: a step is on screen in this tab;
 * - `waiting`: eligible later (a trigger, a condition, a cap, a target not in the page yet, a
 *   tour running elsewhere);
 * - `done`: completed, dismissed or its goal reached.
 */
export type TourState = 'unknown' | 'waiting' | 'showing' | 'done';

const DONE = new Set(['completed', 'dismissed', 'goal-reached']);

export function tourState(explanation: Explanation | undefined): TourState {
  if (!explanation) return 'unknown';
  if (explanation.shown) return 'showing';
  return DONE.has(explanation.reason.code) ? 'done' : 'waiting';
}

/**
 * The document an instance renders into, as `createGuidepost` picks it, or undefined on a
 * server (where there is nothing to close).
 */
export const documentOf = (options: { document?: Document }): Document | undefined =>
  options.document ?? (typeof document === 'undefined' ? undefined : document);

/** Calls made before an instance exists that are kept (the core keeps as many early `track()` calls). */
export const MAX_PENDING_CALLS = 100;
