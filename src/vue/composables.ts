/** Composables over the app's instance (see `GuidepostPlugin`). */
import { computed, inject, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type ShallowRef } from 'vue';
import type { Explanation, Guidepost } from 'guidepost';
import { explainItem, tourState, type TourState } from '../react/shared';
import { GUIDEPOST_KEY, type GuidepostBinding } from './plugin';

/** Without the plugin: no instance, and calls are dropped (the SDK never throws into the page). */
const binding = (): GuidepostBinding =>
  inject(GUIDEPOST_KEY, null) ?? { instance: shallowRef(null), ready: shallowRef(false), doc: () => undefined };

/**
 * The app's instance, for anything the other composables do not cover (`identify`,
 * `consent`, `preview`, `debug`, ...). Null on the server and after the app unmounted.
 */
export function useGuidepost(): Readonly<ShallowRef<Guidepost | null>> {
  return binding().instance;
}

/** A `track(name, properties?)` function; the SDK keeps calls made before `start()` has finished. */
export function useTrack(): (name: string, properties?: Record<string, unknown>) => void {
  const { instance } = binding();
  return (name, properties) => instance.value?.track(name, properties);
}

/**
 * Why the item `id` is or is not showing, as `explain(id)` says; undefined until the instance
 * has started, on the server, and for an id the manifest does not have (or no id: undefined or
 * empty, as a route param not there yet may be). Recomputed on every event of the instance
 * (shown, dismissed, steps, goals, ...), after decisions that emit none (a route change:
 * `onChange`), and once it has started.
 */
export function useExplain(id: MaybeRefOrGetter<string>): ComputedRef<Explanation | undefined> {
  const { instance, ready } = binding();
  const events = shallowRef(0);
  // Stopped with the component (or effect scope) that called this; the cleanup unsubscribes.
  watch(
    instance,
    (gp, _previous, onCleanup) => {
      if (!gp) return;
      // Events, and decisions that emit none (a route change, a target that appeared).
      const offs = [gp.on('*', () => events.value++), gp.onChange(() => events.value++)];
      onCleanup(() => offs.forEach((off) => off()));
    },
    { immediate: true },
  );
  return computed(() => {
    void events.value; // explain() runs the decision engine: once per event, not on every read
    const gp = instance.value;
    return gp && ready.value ? explainItem(gp, toValue(id)) : undefined;
  });
}

/** What `useTour(id)` returns. */
export interface TourControls {
  /** `unknown`, `waiting`, `showing` or `done`, from `explain(id)`. */
  state: ComputedRef<TourState>;
  /** The explanation the state comes from (reason and message), when there is one. */
  explanation: ComputedRef<Explanation | undefined>;
  /** Starts the tour now, regardless of its trigger and the pacing caps (`startTour(id)`). */
  start(): void;
  /** Closes the tour as the person's × would (`closeTour(id)`: a dismissal); nothing if it is not running. */
  close(): void;
}

/** A tour's state, and functions to start and close it. */
export function useTour(id: MaybeRefOrGetter<string>): TourControls {
  const { instance } = binding();
  const explanation = useExplain(id);
  return {
    state: computed(() => tourState(explanation.value)),
    explanation,
    start: () => instance.value?.startTour(toValue(id)),
    close: () => instance.value?.closeTour(toValue(id)),
  };
}
