/**
 * Notices route changes in single-page apps without integration code: `pushState` and
 * `replaceState` (which fire no event of their own), `popstate` and `hashchange`.
 *
 * History methods are wrapped per instance. On dispose the wrapper is unhooked if it is
 * still the outermost one; if another script wrapped it since, restoring would drop that
 * script's wrapper, so ours stays in place but becomes a pass-through.
 */
export function watchRoutes(onChange: (url: string) => void, win: Window = window): () => void {
  let last = win.location.href;
  let active = true;
  const check = () => {
    if (!active) return;
    const href = win.location.href;
    if (href !== last) {
      last = href;
      onChange(href);
    }
  };
  const history = win.history;
  const unwrap: (() => void)[] = [];
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      check();
      return result;
    };
    history[method] = wrapped;
    unwrap.push(() => {
      if (history[method] === wrapped) history[method] = original;
    });
  }
  win.addEventListener('popstate', check);
  win.addEventListener('hashchange', check);
  return () => {
    active = false;
    unwrap.forEach((u) => u());
    win.removeEventListener('popstate', check);
    win.removeEventListener('hashchange', check);
  };
}
