/**
 * `<GuidepostProvider>`: one Guidepost instance per provider, created when it mounts and
 * destroyed when it unmounts, shared with the hooks through context.
 */
import { createContext, createElement, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createGuidepost, type Guidepost, type GuidepostOptions } from 'guidepost';
import { documentOf, MAX_PENDING_CALLS } from './shared';

/** What hooks read from the nearest provider. */
export interface GuidepostBinding {
  /** The live instance; null on the server, before the provider's effect ran, and outside a provider. */
  gp: Guidepost | null;
  /** True once `start()` has resolved: explain() knows every item from then on. */
  ready: boolean;
  /**
   * Runs `call` with the instance now, or as soon as it exists: children's effects run before
   * their provider's, so a child's first `track()` would otherwise be lost.
   */
  run(call: (gp: Guidepost) => void): void;
  /** The document the instance renders into (undefined on the server). */
  doc(): Document | undefined;
}

/** Outside a provider: no instance, and calls are dropped (the SDK never throws into the page). */
const NO_PROVIDER: GuidepostBinding = { gp: null, ready: false, run: () => {}, doc: () => undefined };

/** The context the provider fills; the hooks read it (use it directly only to build your own hooks). */
export const GuidepostContext = createContext<GuidepostBinding>(NO_PROVIDER);

export interface GuidepostProviderProps {
  /**
   * Passed to `createGuidepost()` when the provider mounts. Read once: later changes do not
   * create a new instance (change the user with `useGuidepost()?.identify(...)`).
   */
  options: GuidepostOptions;
  children?: ReactNode;
}

/** The instance a provider holds, and whether an unmount is about to destroy it. */
interface Held {
  gp: Guidepost;
  releasing: boolean;
}

/**
 * Provides one Guidepost instance to its subtree. It is created and started in an effect, so
 * server rendering never creates one, and destroyed when the provider unmounts.
 *
 * StrictMode: in development React runs the effect, its cleanup and the effect again, in one
 * go. The cleanup therefore destroys the instance a microtask later, and the second run
 * takes it back before then: one instance is created, started and exposed, not two.
 */
export function GuidepostProvider({ options, children }: GuidepostProviderProps) {
  const [gp, setGp] = useState<Guidepost | null>(null);
  const [ready, setReady] = useState(false);
  const held = useRef<Held | null>(null);
  const pending = useRef<((gp: Guidepost) => void)[]>([]);
  // Read by the effect and doc(): the options of the render that mounted the provider.
  const optionsAtMount = useRef(options);

  useEffect(() => {
    let current = held.current;
    if (current?.releasing) {
      current.releasing = false;
    } else {
      current = held.current = { gp: createGuidepost(optionsAtMount.current), releasing: false };
      const instance = current.gp;
      setReady(false); // a provider shown again after <Activity> hid it starts a new instance
      void instance.start().then(() => {
        if (held.current?.gp === instance && !held.current.releasing) setReady(true);
      });
    }
    // Calls children made since: on the first run, their first ones; on StrictMode's second run,
    // the ones their own second effect runs made while the instance was being released.
    for (const call of pending.current.splice(0)) call(current.gp);
    setGp(current.gp);
    const mine = current;
    return () => {
      mine.releasing = true;
      queueMicrotask(() => {
        if (!mine.releasing) return; // taken back by StrictMode's second run
        mine.gp.destroy();
        if (held.current === mine) held.current = null;
        pending.current.length = 0;
      });
    };
  }, []);

  // Stable across renders (a hook's callbacks built on them keep their identity), reading refs.
  const [calls] = useState(() => ({
    run(call: (gp: Guidepost) => void) {
      const live = held.current;
      if (live && !live.releasing) call(live.gp);
      else if (pending.current.length < MAX_PENDING_CALLS) pending.current.push(call);
    },
    doc: () => documentOf(optionsAtMount.current),
  }));
  const binding = useMemo<GuidepostBinding>(() => ({ gp, ready, ...calls }), [gp, ready, calls]);
  return createElement(GuidepostContext.Provider, { value: binding }, children);
}
