/**
 * Finds the element an item points at: its selector, then its data-help anchor, then each
 * fallback, in order — in the page, or in the document of the same-origin iframe its `frame`
 * names — and waits for one that is not in the page yet.
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
  const selectors = targetSelectors(target).join(' | ');
  return typeof target !== 'string' && target.frame ? `${selectors} in the iframe ${target.frame}` : selectors;
}

/**
 * The document a target is looked up in: the page, or the document of the iframe its `frame`
 * names. `cross-origin` when that frame is there but its document cannot be read (another
 * origin, or a sandbox without allow-same-origin): such targets can never be reached.
 */
export function targetDocument(target: Target, root: ParentNode): ParentNode | 'cross-origin' | undefined {
  if (typeof target === 'string' || !target.frame) return root;
  let frame: Element | null = null;
  try {
    frame = deepQuerySelector(root, target.frame);
  } catch {
    return undefined;
  }
  if (!frame || frame.tagName !== 'IFRAME') return undefined;
  try {
    // null for a frame of another origin; reading it may also throw (a SecurityError).
    return (frame as HTMLIFrameElement).contentDocument ?? 'cross-origin';
  } catch {
    return 'cross-origin';
  }
}

/** Why a target cannot be found, when the reason is not just "not there yet": its frame is of another origin. */
export function targetProblem(target: Target, root: ParentNode = document): string | undefined {
  return targetDocument(target, root) === 'cross-origin'
    ? `the iframe ${(target as { frame: string }).frame} is from another origin (or sandboxed): Guidepost can only reach targets in same-origin frames`
    : undefined;
}

/**
 * The target's element, trying its selectors in order. `shadows` (see `shadowRootsOnce`) shares
 * one walk for open shadow roots between calls; without it each call walks at most once.
 */
export function resolveTarget(target: Target, root: ParentNode = document, shadows?: ShadowRootsOf): ResolvedTarget | undefined {
  const scope = targetDocument(target, root);
  if (!scope || scope === 'cross-origin') return undefined;
  root = scope;
  const roots = shadows ?? shadowRootsOnce();
  for (const selector of targetSelectors(target)) {
    let element: Element | null = null;
    try {
      element = deepQuerySelector(root, selector, roots);
    } catch {
      // An invalid selector was reported by validation; skip to the fallbacks.
    }
    if (element) return { element, selector };
  }
  return undefined;
}

/** Our own hosts are never targets (a selector like "div" must not match inside them). */
const OWN_HOSTS = new Set(['GUIDEPOST-ROOT', 'GUIDEPOST-HELP']);

/** The open shadow roots under a root (see `openShadowRoots`), each root walked once. */
export type ShadowRootsOf = (root: ParentNode) => ShadowRoot[];

/**
 * Open shadow roots under `root`, nested ones included, in the order a depth-first search meets
 * them (a host's own shadow root, then those inside it, then the next host's). Closed shadow
 * roots cannot be reached by design; our own hosts are left out.
 */
export function openShadowRoots(root: ParentNode): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const visit = (scope: ParentNode) => {
    // By node type, not `instanceof Document`: an iframe's document is another window's Document.
    const doc = (scope as Node).nodeType === 9 ? (scope as Document) : (scope as Node).ownerDocument!;
    const walker = doc.createTreeWalker(scope as Node, 1 /* SHOW_ELEMENT */);
    for (let node = walker.nextNode() as Element | null; node; node = walker.nextNode() as Element | null) {
      if (node.shadowRoot && !OWN_HOSTS.has(node.tagName)) {
        found.push(node.shadowRoot);
        visit(node.shadowRoot);
      }
    }
  };
  visit(root);
  return found;
}

/**
 * Each root's open shadow roots, walked on first need and then remembered: for the waits of one
 * mutation batch (20 waiting targets walk the page once, not 20 times), or one resolution's
 * fallbacks. Only as long as nothing changes the page: a new one per batch.
 */
export function shadowRootsOnce(): ShadowRootsOf {
  const walked = new Map<ParentNode, ShadowRoot[]>();
  return (root) => {
    let roots = walked.get(root);
    if (!roots) walked.set(root, (roots = openShadowRoots(root)));
    return roots;
  };
}

/**
 * `querySelector`, then the same inside open shadow roots (web components), depth first.
 * Closed shadow roots cannot be reached by design; same-origin iframes are not searched.
 */
export function deepQuerySelector(root: ParentNode, selector: string, shadows: ShadowRootsOf = openShadowRoots): Element | null {
  const direct = root.querySelector(selector);
  if (direct) return direct;
  for (const shadow of shadows(root)) {
    const found = shadow.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/**
 * One MutationObserver per document for every waiting target: 20 hotspots waiting at once used to
 * mean 20 document-wide observers, each woken by every mutation. The observer's callback already
 * runs once per batch of mutations (one microtask), so each batch checks every waiter once.
 * Keyed by document, not a module singleton (two instances, or an iframe's document, each get the
 * right one). It observes only while someone waits: the last waiter to stop disconnects it, and
 * what stays (an empty set, a disconnected observer) goes with the document.
 */
type Check = (shadows?: ShadowRootsOf) => void;
const watchers = new WeakMap<Document, [waiters: Set<Check>, observer: MutationObserver]>();

/** Adds `check` to the document's shared observer (started with the first waiter); returns its removal. */
function watchDocument(doc: Document, check: Check): () => void {
  let watcher = watchers.get(doc);
  if (!watcher) {
    const all = new Set<Check>();
    watchers.set(doc, (watcher = [all, new MutationObserver(() => {
      // One walk for open shadow roots per batch, shared by every waiter.
      const shadows = shadowRootsOnce();
      // A callback may stop other waits (a Set skips the deleted) or start new ones (visited too).
      for (const check of all) {
        try {
          check(shadows);
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
  if (!waiters.size) observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true });
  waiters.add(check);
  // `delete` is false on a second call, so a repeated disposer cannot disconnect later waiters.
  return () => {
    if (waiters.delete(check) && !waiters.size) observer.disconnect();
  };
}

/**
 * Calls `onFound` once the target is in the page (and `accept`s it: a tour step waits for one that
 * is displayed), or `onTimeout` after `timeoutMs` (at once when its iframe turns out to be of
 * another origin: see `targetProblem`).
 * Returns the disposer, which stops the wait and its timer (and the document's shared
 * observer, when this was its last waiter).
 */
export function waitForTarget(
  target: Target,
  timeoutMs: number,
  onFound: (found: ResolvedTarget) => void,
  onTimeout: () => void,
  root: Document = document,
  accept: (element: Element) => boolean = () => true,
): () => void {
  const resolve = (shadows?: ShadowRootsOf) => {
    const found = resolveTarget(target, root, shadows);
    return found && accept(found.element) ? found : undefined;
  };
  const now = resolve();
  if (now) {
    onFound(now);
    return () => {};
  }
  const stop = () => {
    clearTimeout(timer);
    unwatch();
    unwatchFrame();
  };
  const check = (shadows?: ShadowRootsOf) => {
    const found = resolve(shadows);
    if (found) {
      stop();
      onFound(found);
    } else {
      followFrame();
    }
  };
  const unwatch = watchDocument(root, check);
  // A target in an iframe: also watch the frame's document (a new one after each load).
  let frameDoc: Document | undefined;
  let unwatchFrame = () => {};
  const followFrame = () => {
    const scope = typeof target !== 'string' && target.frame ? targetDocument(target, root) : undefined;
    if (scope === 'cross-origin') {
      // It loaded a page of another origin: the target can never be reached, no use waiting.
      stop();
      onTimeout();
      return;
    }
    const doc = scope as Document | undefined;
    if (doc === frameDoc) return;
    unwatchFrame();
    frameDoc = doc;
    const frame = doc?.defaultView?.frameElement;
    const stopDoc = doc?.documentElement ? watchDocument(doc, check) : () => {};
    const onLoad = () => check();
    frame?.addEventListener('load', onLoad);
    unwatchFrame = () => {
      stopDoc();
      frame?.removeEventListener('load', onLoad);
      unwatchFrame = () => {};
    };
  };
  followFrame();
  const timer = setTimeout(() => {
    stop();
    onTimeout();
  }, timeoutMs);
  return stop;
}

/**
 * Whether `element` is displayed: not inside a `display: none` ancestor (a closed <dialog>, a
 * collapsed menu, a navigation hidden on phones). A tour step on such a target would dim the page
 * around nothing, with its card hidden and focus lost.
 */
export const isDisplayed = (element: Element): boolean => typeof element.checkVisibility !== 'function' || element.checkVisibility();

/**
 * Whether `element` left the page or is no longer displayed (the app re-rendered or hid it). Its
 * box then reads empty at the viewport's top left: what is placed by it must not go there.
 */
export const isGone = (element: Element): boolean => !element.isConnected || !isDisplayed(element);
