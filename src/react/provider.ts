/**
 * `<GuidepostProvider>`: one Guidepost instance per provider, created when it mounts and
 * destroyed when it unmounts, shared with the hooks through context.
 */
import { createContext, createElement, useEffect, useInsertionEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createGuidepost, type Guidepost, type GuidepostOptions, type GuidepostUser } from 'guidepost';
import { documentOf, MAX_PENDING_CALLS } from './shared';

/** The instance's method for newer callbacks (src/runtime/host-callbacks.ts; shared by key, not by import: the SDK is a peer). */
const FOLLOW_CALLBACKS = Symbol.for('guidepost.followCallbacks');

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
   * Passed to `createGuidepost()` when the provider creates its instance. Read once per
   * instance: a re-render with other options does not create a new one (remount the provider
   * with a `key` for another manifest, locale, document or callbacks), except for `user`: a
   * `user` that changed by value (auth resolved, another account chosen, signed out) is passed
   * to `identify()`, ids it no longer has cleared. An instance created again (the provider
   * shown again after `<Activity>` hid it) reads the options of that render.
   */
  options: GuidepostOptions;
  children?: ReactNode;
}

/** The instance a provider holds, and whether an unmount is about to destroy it. */
interface Held {
  gp: Guidepost;
  /** The options it was created with (its document is the one doc() tells). */
  options: GuidepostOptions;
  releasing: boolean;
  /** The core's identify(), for a change of the options' user: not carried (the options hold it). */
  follow: Guidepost['identify'];
}

/** The user an instance ended with, given to the next one the provider creates. */
interface Carried {
  /** Its options' user merged with every identify() call, as the core merges them. */
  user: GuidepostUser;
  /** The provider's options' user when identify() was last called. */
  optionsUser: GuidepostUser | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Traits compared key by key: options written inline are a new object on every render. */
function sameRecord(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isObject(a) || !isObject(b)) return a == null && b == null;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}

/** The same user by value (ids and traits), not by identity, for the reason above. */
const sameUser = (a: GuidepostUser | undefined, b: GuidepostUser | undefined) =>
  a === b || (['id', 'accountId', 'traits', 'accountTraits'] as const).every((key) => sameRecord(a?.[key], b?.[key]));

/**
 * Provides one Guidepost instance to its subtree. It is created and started in an effect, so
 * server rendering never creates one, and destroyed when the provider unmounts.
 *
 * StrictMode: in development React runs the effect, its cleanup and the effect again, in one
 * go. The cleanup therefore destroys the instance a microtask later, and the second run
 * takes it back before then: one instance is created, started and exposed, not two.
 *
 * Unmounting: React runs the provider's effect cleanup before its children's, so a child's
 * last `track()` in its own cleanup comes while the instance is being released. Until that
 * microtask destroys it, calls still go to it, and destroy() sends them with the rest.
 *
 * `<Activity>` (React 19) hiding the provider destroys its instance, and its subtree sees none
 * (`gp` null, not ready) until showing it again creates a new one from the current options.
 * The user does not reset: the new instance gets the user the last one ended with (its options'
 * user and every `identify()` call), unless the options' `user` changed (by value) since the
 * last `identify()` — then the host's newer choice, the options' user, is taken.
 */
export function GuidepostProvider({ options, children }: GuidepostProviderProps) {
  const [gp, setGp] = useState<Guidepost | null>(null);
  const [ready, setReady] = useState(false);
  const held = useRef<Held | null>(null);
  const pending = useRef<((gp: Guidepost) => void)[]>([]);
  // The options of the last committed render (set in an effect: a render React discards must
  // not leave its options behind). Effects run in order, so the one below reads this render's.
  const latest = useRef(options);
  const carried = useRef<Carried | null>(null);
  useEffect(() => {
    latest.current = options;
  });
  // The callbacks (onEvent, onError, navigate) of the last committed render are the ones called:
  // inline callbacks close over the render's state. The instance, created once, takes them by a
  // method for the bindings (src/runtime/host-callbacks.ts). Before every other effect of the
  // commit, children's included (one may track() at once); not during render, which React may discard.
  useInsertionEffect(() => {
    const live = held.current?.gp as { [FOLLOW_CALLBACKS]?: (options: unknown) => void } | undefined;
    live?.[FOLLOW_CALLBACKS]?.(options);
  });
  // The user as the options gave it last: a change by value is an identify() of the instance.
  const userGiven = useRef(options?.user);
  useEffect(() => {
    const user = options?.user;
    if (sameUser(userGiven.current, user)) return;
    userGiven.current = user;
    held.current?.follow({ id: null, accountId: null, traits: null, accountTraits: null, ...user } as never);
    // The options hold the user now: an instance made again (<Activity>) starts from them, and a
    // later identify() builds on them.
    carried.current = null;
  });

  useEffect(() => {
    let current = held.current;
    if (current?.releasing) {
      current.releasing = false;
    } else {
      current = held.current = create(latest, carried, (instance) => held.current?.gp === instance);
      const instance = current.gp;
      setReady(false); // a provider shown again after <Activity> hid it starts a new instance
      void instance.start().then(() => {
        if (held.current?.gp === instance && !held.current.releasing) setReady(true);
      });
    }
    // Calls children made before the instance existed: their effects run before this one.
    for (const call of pending.current.splice(0)) call(current.gp);
    setGp(current.gp);
    const mine = current;
    return () => {
      mine.releasing = true;
      queueMicrotask(() => {
        if (!mine.releasing) return; // taken back by StrictMode's second run
        mine.gp.destroy();
        if (held.current === mine) {
          held.current = null;
          // Not exposed any more: <Activity> keeps the subtree (and this state) while hidden, and
          // on reveal its children render, and run their effects, before this provider's effect
          // creates the next instance: with the destroyed one still in state they would call it
          // and explain from it. (On a real unmount React drops these updates.)
          setGp(null);
          setReady(false);
        }
        pending.current.length = 0;
      });
    };
  }, []);

  // Stable across renders (a hook's callbacks built on them keep their identity), reading refs.
  const [calls] = useState(() => ({
    run(call: (gp: Guidepost) => void) {
      // An instance being released is not destroyed yet (StrictMode takes it back, or an
      // unmount's cleanups are still running): the call goes to it, so nothing is dropped.
      const live = held.current;
      if (live) call(live.gp);
      else if (pending.current.length < MAX_PENDING_CALLS) pending.current.push(call);
    },
    doc: () => documentOf(held.current?.options ?? latest.current),
  }));
  const binding = useMemo<GuidepostBinding>(() => ({ gp, ready, ...calls }), [gp, ready, calls]);
  return createElement(GuidepostContext.Provider, { value: binding }, children);
}

/**
 * The fields of an identify() argument the core keeps (as its option checks do): ids as strings
 * (numbers become strings), traits as objects; anything else it reports and leaves out, and so
 * does what is carried to the next instance.
 */
function acceptedUser(next: Record<string, unknown>): GuidepostUser {
  const user: Record<string, unknown> = {};
  // null clears a field, as in the core.
  for (const key of ['id', 'accountId', 'traits', 'accountTraits'] as const) if (next[key] === null) user[key] = undefined;
  for (const key of ['id', 'accountId'] as const) {
    const value = next[key];
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) user[key] = String(value);
  }
  for (const key of ['traits', 'accountTraits'] as const) if (isObject(next[key]) && !Array.isArray(next[key])) user[key] = next[key];
  return user as GuidepostUser;
}

/**
 * Creates the instance from the latest options, with the carried user unless the options' user
 * changed since it was set, and records what `identify()` sets on it for the next instance. The
 * core has no way to read an instance's user, so its identify() is wrapped (still guarded: the
 * recording never throws into the caller either).
 */
function create(latest: { current: GuidepostOptions }, carried: { current: Carried | null }, isHeld: (gp: Guidepost) => boolean): Held {
  const options = latest.current;
  const from = carried.current;
  const keep = from !== null && sameUser(from.optionsUser, options?.user);
  if (!keep) carried.current = null;
  const given: GuidepostOptions = keep ? { ...options, user: from.user } : options;
  const gp = createGuidepost(given);
  const identify = gp.identify;
  gp.identify = (next) => {
    identify(next);
    // A stale reference to a destroyed instance changes nothing, here as in the core.
    if (!isObject(next) || !isHeld(gp)) return;
    try {
      const base = carried.current?.user ?? latest.current?.user ?? {};
      carried.current = { user: { ...base, ...acceptedUser(next) }, optionsUser: latest.current?.user };
    } catch {
      // A user object whose getters throw: the core reported it; nothing to carry.
    }
  };
  return { gp, options, releasing: false, follow: identify };
}
