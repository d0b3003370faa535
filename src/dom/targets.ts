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
 * Calls `onFound` once the target is in the page, or `onTimeout` after `timeoutMs`.
 * Returns the disposer, which stops the observer and the timer.
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
  let done = false;
  const finish = () => {
    done = true;
    observer.disconnect();
    clearTimeout(timer);
  };
  const observer = new MutationObserver(() => {
    if (done) return;
    const found = resolveTarget(target, root);
    if (found) {
      finish();
      onFound(found);
    }
  });
  observer.observe(root.documentElement, { childList: true, subtree: true, attributes: true });
  const timer = setTimeout(() => {
    if (done) return;
    finish();
    onTimeout();
  }, timeoutMs);
  return finish;
}
