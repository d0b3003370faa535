/**
 * Finds the element an item points at: its selector, then its data-help anchor, then each
 * fallback, in order; and waits for one that is not in the page yet.
 */
import type { Target } from '../manifest/schema';

export interface ResolvedTarget {
  element: Element;
  /** The selector that matched, for reports and `guidepost check`. */
  selector: string;
}

/** The selectors to try, in order. */
export function targetSelectors(target: Target): string[] {
  if (typeof target === 'string') return [target];
  const selectors: string[] = [];
  if (target.selector) selectors.push(target.selector);
  if (target.anchor) selectors.push(`[data-help="${target.anchor.replace(/["\\]/g, '\\$&')}"]`);
  selectors.push(...(target.fallbacks ?? []));
  return selectors;
}

/** A readable name for a target in messages. */
export function describeTarget(target: Target): string {
  return targetSelectors(target).join(' | ');
}

export function resolveTarget(target: Target, root: ParentNode = document): ResolvedTarget | undefined {
  for (const selector of targetSelectors(target)) {
    let element: Element | null = null;
    try {
      element = deepQuerySelector(root, selector);
    } catch {
      // An invalid selector was reported by validation; skip to the fallbacks.
    }
    if (element) return { element, selector };
  }
  return undefined;
}

/** Our own hosts are never targets (a selector like "div" must not match inside them). */
const OWN_HOSTS = new Set(['GUIDEPOST-ROOT', 'GUIDEPOST-HELP']);

/**
 * `querySelector`, then the same inside open shadow roots (web components), depth first.
 * Closed shadow roots cannot be reached by design; same-origin iframes are not searched.
 */
export function deepQuerySelector(root: ParentNode, selector: string): Element | null {
  const direct = root.querySelector(selector);
  if (direct) return direct;
  const walker = (root instanceof Document ? root : (root as Node).ownerDocument!).createTreeWalker(root as Node, 1 /* SHOW_ELEMENT */);
  for (let node = walker.nextNode() as Element | null; node; node = walker.nextNode() as Element | null) {
    if (node.shadowRoot && !OWN_HOSTS.has(node.tagName)) {
      const found = deepQuerySelector(node.shadowRoot, selector);
      if (found) return found;
    }
  }
  return null;
}

/** Syntax check with the browser's own parser (used at runtime; the CLI has its own). */
export function checkSelectorInBrowser(selector: string): string | undefined {
  try {
    document.createDocumentFragment().querySelector(selector);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/**
 * One MutationObserver per document for every waiting target: 20 hotspots waiting at once used to
 * mean 20 document-wide observers, each woken by every mutation. The observer's callback already
 * runs once per batch of mutations (one microtask), so each batch checks every waiter once.
 * Keyed by document, not a module singleton (two instances, or an iframe's document, each get the
 * right one). It observes only while someone waits: the last waiter to stop disconnects it, and
 * what stays (an empty set, a disconnected observer) goes with the document.
 */
const watchers = new WeakMap<Document, [waiters: Set<() => void>, observer: MutationObserver]>();

/**
 * Calls `onFound` once the target is in the page, or `onTimeout` after `timeoutMs`.
 * Returns the disposer, which stops the wait and its timer (and the document's shared
 * observer, when this was its last waiter).
 */
export function waitForTarget(
  target: Target,
  timeoutMs: number,
  onFound: (found: ResolvedTarget) => void,
  onTimeout: () => void,
  root: Document = document,
): () => void {
  const now = resolveTarget(target, root);
  if (now) {
    onFound(now);
    return () => {};
  }
  let watcher = watchers.get(root);
  if (!watcher) {
    const all = new Set<() => void>();
    watchers.set(root, (watcher = [all, new MutationObserver(() => {
      // A callback may stop other waits (a Set skips the deleted) or start new ones (visited too).
      for (const check of all) {
        try {
          check();
        } catch (error) {
          // One failing callback must not starve the other waiters; it still surfaces, as it
          // did from an observer of its own.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    })]));
  }
  const [waiters, observer] = watcher;
  const stop = () => {
    clearTimeout(timer);
    // `delete` is false on a second call, so a repeated disposer cannot disconnect later waiters.
    if (waiters.delete(check) && !waiters.size) observer.disconnect();
  };
  const check = () => {
    const found = resolveTarget(target, root);
    if (found) {
      stop();
      onFound(found);
    }
  };
  if (!waiters.size) observer.observe(root.documentElement, { childList: true, subtree: true, attributes: true });
  waiters.add(check);
  const timer = setTimeout(() => {
    stop();
    onTimeout();
  }, timeoutMs);
  return stop;
}
