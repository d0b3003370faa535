/**
 * Surfaces that opened by themselves keep clear of where the person works: when focus moves to
 * a control of the page a surface covers, even in part, the surface gives way (WCAG 2.4.11, Focus
 * Not Obscured). A checklist that opened by itself folds to its launcher; an overlaying banner
 * makes room in the page (Banner.tsx); a tooltip steps out of sight until focus moves on (Popover.tsx). Without it, a keyboard user tabbing down a page met
 * controls hidden beneath an onboarding checklist they never opened, and the page's first and
 * last rows could never be uncovered (a page cannot scroll past its ends).
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { RefObject } from 'preact';

/** Whether boxes `a` and `b` share any area. */
export const overlaps = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * While `active`, calls `onCovering` with the element when focus moves (by keyboard or by the
 * app, not by a pointer's press) to an element outside
 * `panel`'s shadow root (the page, or a component's shadow root in it) whose box the panel's box
 * overlaps (after the browser scrolled it into view: scroll padding may have cleared it); and
 * `onClear` when focus moves to one it does not cover, or by a pointer's press.
 */
export function useYieldToFocus(panel: RefObject<HTMLElement | null>, active: boolean, onCovering: (focused: Element) => void, onClear?: () => void): void {
  // The latest callbacks: the listener stays from one render to the next.
  const latest = useRef(onCovering);
  latest.current = onCovering;
  const clear = useRef(onClear);
  clear.current = onClear;
  useLayoutEffect(() => {
    const own = panel.current;
    const doc = own?.ownerDocument;
    if (!active || !own || !doc) return;
    // Focus that follows a press of a pointer is left alone: the person sees what they pressed,
    // and a page moving under a press (a banner making room) would send its release elsewhere.
    let pressed = false;
    const onPointerDown = () => (pressed = true);
    const onKeyDown = () => (pressed = false);
    let frame = 0;
    /** Whether `focused` still has focus and the panel covers it: then the panel gives way (else `onClear`). */
    const check = (focused: Element) => {
      const panelNow = panel.current;
      if (!panelNow?.isConnected || !focused.matches(':focus')) return false;
      if (!overlaps(focused.getBoundingClientRect(), panelNow.getBoundingClientRect())) {
        clear.current?.();
        return false;
      }
      latest.current(focused);
      return true;
    };
    const onFocusIn = (event: FocusEvent) => {
      // The element that has focus, inside a component's shadow root too (the event is retargeted to its host).
      const focused = event.composedPath()[0] as Element | undefined;
      // Focus in Guidepost's own layer (the panel itself, a tour step it started) is not the page's.
      if (focused?.nodeType !== 1 || focused.getRootNode() === panel.current?.getRootNode()) return;
      if (pressed) return void clear.current?.();
      // Now, and once more in the next frame: the browser may scroll what got focus after this event.
      doc.defaultView?.cancelAnimationFrame(frame);
      if (!check(focused)) frame = doc.defaultView?.requestAnimationFrame(() => check(focused)) ?? 0;
    };
    doc.addEventListener('pointerdown', onPointerDown, true);
    doc.addEventListener('keydown', onKeyDown, true);
    doc.addEventListener('focusin', onFocusIn);
    return () => {
      doc.defaultView?.cancelAnimationFrame(frame);
      doc.removeEventListener('pointerdown', onPointerDown, true);
      doc.removeEventListener('keydown', onKeyDown, true);
      doc.removeEventListener('focusin', onFocusIn);
    };
  }, [active]);
}
