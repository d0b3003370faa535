/**
 * What the React and Vue bindings share, with no framework import: the tour state read from
 * `explain()`, closing a tour through the DOM contract, and the bound on calls kept before an
 * instance exists. (Kept here rather than in a third folder: guidepost/vue imports it too.)
 */
import type { Explanation, Guidepost } from 'guidepost';

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

/**
 * Read during the host's render, so it never throws: anything but one item's explanation (an
 * array, a JS caller's value) is `unknown`; an explanation without a reason is `waiting`.
 */
export function tourState(explanation: Explanation | undefined): TourState {
  if (typeof explanation !== 'object' || explanation === null || Array.isArray(explanation)) return 'unknown';
  if (explanation.shown === true) return 'showing';
  const code: unknown = (explanation.reason as Explanation['reason'] | undefined)?.code;
  return typeof code === 'string' && DONE.has(code) ? 'done' : 'waiting';
}

/**
 * `gp.explain(id)` for one item, for the hooks and composables. The core's `explain()` with no
 * id returns every item's explanation (an array): an id that is undefined at run time (a route
 * param not there yet, a JS caller) must not turn into that, so anything but a non-empty
 * string explains nothing.
 */
export function explainItem(gp: Guidepost, id: unknown): Explanation | undefined {
  if (typeof id !== 'string' || id === '') return undefined;
  const explanation: unknown = gp.explain(id);
  return typeof explanation === 'object' && explanation !== null && !Array.isArray(explanation) ? (explanation as Explanation) : undefined;
}

/**
 * The document an instance renders into, as `createGuidepost` picks it, or undefined on a
 * server (where there is nothing to close).
 */
export const documentOf = (options: { document?: Document }): Document | undefined =>
  options.document ?? (typeof document === 'undefined' ? undefined : document);

/** Calls made before an instance exists that are kept (the core keeps as many early `track()` calls). */
export const MAX_PENDING_CALLS = 100;
