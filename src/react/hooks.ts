/** Hooks over the nearest `<GuidepostProvider>`'s instance. */
import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Explanation, Guidepost } from 'guidepost';
import { GuidepostContext } from './provider';
import { explainItem, tourState, type TourState } from './shared';

/**
 * The provider's instance, for anything the other hooks do not cover (`identify`, `consent`,
 * `preview`, `debug`, ...). Null on the server, during the provider's first render, outside
 * a provider, and once its instance was destroyed (`<Activity>` hid the provider) until the
 * next one exists: call it from effects and event handlers.
 */
export function useGuidepost(): Guidepost | null {
  return useContext(GuidepostContext).gp;
}

/**
 * A stable `track(name, properties?)` function. Calls made before the instance exists (a
 * child's mount effect runs before its provider's) are kept and made once it does.
 */
export function useTrack(): (name: string, properties?: Record<string, unknown>) => void {
  const { run } = useContext(GuidepostContext);
  return useCallback((name, properties) => run((gp) => gp.track(name, properties)), [run]);
}

/**
 * Why the item `id` is or is not showing, as `explain(id)` says; undefined until the instance
 * has started, on the server, and for an id the manifest does not have (or no id: undefined or
 * empty, as a route param not there yet may be). Re-renders on every event of the instance
 * (shown, dismissed, steps, goals, ...), after decisions that emit none (a route change:
 * `onChange`), and once it has started.
 */
export function useExplain(id: string): Explanation | undefined {
  const { gp, ready } = useContext(GuidepostContext);
  const [events, setEvents] = useState(0);
  useEffect(() => {
    if (!gp) return;
    let live = true;
    const bump = () => {
      if (live) setEvents((n) => n + 1);
    };
    // Events, and decisions that emit none (a route change, a target that appeared).
    const offs = [gp.on('*', bump), gp.onChange(bump)];
    // Effects run after the render, and React may run them later still: a change between the
    // render that computed the explanation and this subscription was heard by nobody. One
    // more render catches up with it.
    bump();
    return () => {
      live = false;
      for (const off of offs) off();
    };
  }, [gp]);
  // explain() runs the decision engine: once per event, not on every render.
  return useMemo(() => (gp && ready ? explainItem(gp, id) : undefined), [gp, ready, id, events]);
}

/** What `useTour(id)` returns. */
export interface TourControls {
  /** `unknown`, `waiting`, `showing` or `done`, from `explain(id)`. */
  state: TourState;
  /** The explanation the state comes from (reason and message), when there is one. */
  explanation: Explanation | undefined;
  /** Starts the tour now, regardless of its trigger and the pacing caps (`startTour(id)`). */
  start(): void;
  /** Closes the tour as the person's × would (`closeTour(id)`: a dismissal); nothing if it is not running. */
  close(): void;
}

/** A tour's state, and functions to start and close it. */
export function useTour(id: string): TourControls {
  const { run } = useContext(GuidepostContext);
  const explanation = useExplain(id);
  const start = useCallback(() => run((gp) => gp.startTour(id)), [run, id]);
  const close = useCallback(() => run((gp) => gp.closeTour(id)), [run, id]);
  return { state: tourState(explanation), explanation, start, close };
}
