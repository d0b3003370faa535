/**
 * Watching the target of a step on screen: the app may re-render it (the step follows the new
 * element) or hide it (a tab switched, a section collapsed), and a step must not dim the page
 * around nothing, its card pointing nowhere and focus lost.
 */
import { isDisplayed } from './targets';

/**
 * How long a step's target may be gone (or hidden) before it counts as lost. A framework
 * re-rendering in two passes (removed, then inserted a frame or a fetch later) puts one back
 * sooner: the step stays meanwhile, one view (one step_viewed), focus where it was.
 */
export const LOST_GRACE_MS = 400;

/** Attributes by which pages hide an element or what holds it. */
const HIDING_ATTRIBUTES = ['hidden', 'style', 'class', 'open', 'inert', 'aria-hidden'];

export interface ShownTargetCallbacks {
  /** Replaced by `element` (displayed, matching the step's target). */
  moved(element: Element): void;
  /** Gone or hidden, with no displayed replacement for LOST_GRACE_MS. */
  lost(): void;
}

/**
 * Watches `shown` (in its own document: a target in an iframe is re-rendered there); `find`
 * resolves the step's target again (a displayed element, or undefined). Returns the disposer.
 */
export function watchShownTarget(shown: Element, find: () => Element | undefined, on: ShownTargetCallbacks): () => void {
  let target = shown;
  let grace: ReturnType<typeof setTimeout> | undefined;
  const stopGrace = () => {
    clearTimeout(grace);
    grace = undefined;
  };
  const stillThere = () => target.isConnected && isDisplayed(target);
  const observer = new MutationObserver((mutations) => {
    // Attributes change all over a page: only those of the target or what holds it concern it.
    const concerned = !target.isConnected || mutations.some((m) => m.type === 'childList' || m.target.contains(target));
    if (!concerned || stillThere()) return stopGrace();
    const element = find();
    if (element) {
      stopGrace();
      if (element === target) return;
      target = element;
      return on.moved(element);
    }
    // Past the grace it is lost: the runner waits for it again with the step's timeout, then
    // applies the tour's rule for a missing target.
    grace ??= setTimeout(() => {
      grace = undefined;
      if (!stillThere()) on.lost();
    }, LOST_GRACE_MS);
  });
  observer.observe(shown.ownerDocument.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: HIDING_ATTRIBUTES });
  return () => {
    observer.disconnect();
    stopGrace();
  };
}
