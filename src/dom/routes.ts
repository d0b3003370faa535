/**
 * Notices route changes in single-page apps without integration code: `pushState` and
 * `replaceState` (which fire no event of their own), `popstate` and `hashchange`, and where the
 * browser has the Navigation API, a router's `navigation.navigate()` with `intercept()`, which
 * changes the URL without the History methods (`currententrychange`).
 *
 * The history methods are wrapped once per window and shared by the instances on it (an SPA
 * that creates an instance per route, or React's StrictMode, would otherwise stack one
 * wrapper per instance). When the last instance goes, the originals come back if our wrapper
 * is still the outermost one; if another script wrapped it since, restoring would drop that
 * script's wrapper, so ours stays as an empty pass-through that holds no instance.
 */

interface HistoryHook {
  /** One per live instance on this window. */
  listeners: Set<() => void>;
  /** True while our wrappers are the outermost ones. */
  outermost(): boolean;
  /** Puts the original methods back, unless another script wrapped ours since. */
  restore(): void;
}

/** Per window (keyed by its History): no instance state, and nothing kept once a window is gone. */
const hooks = new WeakMap<History, HistoryHook>();

function hookHistory(history: History): HistoryHook {
  // Reused only while outermost: a wrapper another script has wrapped (or removed) since may no
  // longer be called, so a new one goes on top (an old one left inside notifies only its own).
  const existing = hooks.get(history);
  if (existing?.outermost()) return existing;
  const listeners = new Set<() => void>();
  const methods = ['pushState', 'replaceState'] as const;
  const originals = methods.map((method) => history[method]);
  const wrappers = methods.map((_method, i) => {
    const original = originals[i];
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch {
          // Never into the host's navigation call: each instance reports its own errors.
        }
      }
      return result;
    };
    return wrapped;
  });
  // A page that froze `history` (or History.prototype) keeps its methods: the caller goes on
  // without them (popstate, hashchange and the Navigation API still tell route changes).
  try {
    methods.forEach((method, i) => (history[method] = wrappers[i]));
  } catch (error) {
    methods.forEach((method, i) => {
      try {
        if (history[method] === wrappers[i]) history[method] = originals[i];
      } catch {
        // As frozen as it was.
      }
    });
    throw error;
  }
  const hook: HistoryHook = {
    listeners,
    outermost: () => methods.every((method, i) => history[method] === wrappers[i]),
    restore() {
      if (!hook.outermost()) return;
      methods.forEach((method, i) => {
        // Usually inherited from History.prototype: then removing our property is the restore.
        delete (history as Partial<History>)[method];
        if (history[method] !== originals[i]) history[method] = originals[i];
      });
      hooks.delete(history);
    },
  };
  hooks.set(history, hook);
  return hook;
}

export function watchRoutes(onChange: (url: string, traversal: boolean) => void, win: Window = window): () => void {
  let last = win.location.href;
  const check = (traversal: boolean) => {
    const href = win.location.href;
    if (href !== last) {
      last = href;
      onChange(href, traversal);
    }
  };
  // `traversal`: the person moved through the session history (the browser's Back or Forward:
  // popstate), not the app to a new entry (pushState, replaceState, a link to an anchor).
  const pushed = () => check(false);
  const popped = () => check(true);
  // The Navigation API also reports the History methods' changes and traversals: `check` tells
  // each URL once, whichever says it first (a traversal is one for both).
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  const entryChanged = (event: Event) => check((event as Event & { navigationType?: string }).navigationType === 'traverse');
  let hook: HistoryHook | undefined;
  try {
    hook = hookHistory(win.history);
    hook.listeners.add(pushed);
  } catch {
    // Frozen history methods: pushState and replaceState go unnoticed (hookHistory).
  }
  win.addEventListener('popstate', popped);
  win.addEventListener('hashchange', pushed);
  navigation?.addEventListener('currententrychange', entryChanged);
  return () => {
    hook?.listeners.delete(pushed);
    if (hook?.listeners.size === 0) hook.restore();
    win.removeEventListener('popstate', popped);
    win.removeEventListener('hashchange', pushed);
    navigation?.removeEventListener('currententrychange', entryChanged);
  };
}

/**
 * Whether `path` (a page's `location.pathname`) is `route` or a page below it: the one rule for
 * every route of a manifest (a step's `route`, where a more specific step's route does not hold
 * `path`: tour-runner.ts; `advanceOn.route`, "Take me there").
 * Compared by whole segments: "/projects" holds "/projects" and "/projects/42", not
 * "/projects-archive"; "/" is the home page alone, not every page; an empty route is no page.
 */
export function pathIsWithin(route: string, path: string): boolean {
  if (route === '') return false;
  if (path === route) return true;
  return route !== '/' && path.startsWith(route.endsWith('/') ? route : `${route}/`);
}
