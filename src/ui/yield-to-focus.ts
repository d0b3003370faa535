/**
 * A panel that opened by itself keeps clear of where the person works: when focus moves to a
 * control of the page that the panel covers, even in part, the panel folds (WCAG 2.4.11, Focus
 * Not Obscured). Without it, a keyboard user tabbing down a page met controls hidden beneath an
 * onboarding checklist they never opened, and the page's last rows could never be uncovered
 * (a page cannot scroll past its end).
 */
import { useLayoutEffect } from 'preact/hooks';
import type { RefObject } from 'preact';

/** Whether boxes `a` and `b` share any area. */
const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * While `active`, calls `onCovering` when focus moves to an element outside `panel`'s shadow
 * root (the page, or a component's shadow root in it) whose box the panel's box overlaps.
 */
export function useYieldToFocus(panel: RefObject<HTMLElement | null>, active: boolean, onCovering: () => void): void {
  useLayoutEffect(() => {
    const own = panel.current;
    const doc = own?.ownerDocument;
    if (!active || !own || !doc) return;
    const onFocusIn = (event: FocusEvent) => {
      // The element that has focus, inside a component's shadow root too (the event is retargeted to its host).
      const focused = event.composedPath()[0] as Element | undefined;
      const panelNow = panel.current;
      if (focused?.nodeType !== 1 || !panelNow?.isConnected) return;
      // Focus in Guidepost's own layer (the panel itself, a tour step it started) is not the page's.
      if (focused.getRootNode() === panelNow.getRootNode()) return;
      if (overlaps(focused.getBoundingClientRect(), panelNow.getBoundingClientRect())) onCovering();
    };
    doc.addEventListener('focusin', onFocusIn);
    return () => doc.removeEventListener('focusin', onFocusIn);
  }, [active]);
}
