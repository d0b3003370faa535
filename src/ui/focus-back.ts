/**
 * Where focus goes when a surface that holds it goes away for good (a banner's ×, "Don't show
 * this checklist again"): back to the element it came from, as a dialog gives it back, when that
 * is still on the page. Otherwise it falls to <body>, a screen reader says nothing useful and the
 * next Tab starts over at the top of the page.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * Remembers where focus came from into `surface` (spread the returned handler as its
 * `onFocusIn`) and, when the surface unmounts while it holds focus, focuses that element again.
 */
export function useFocusBack(surface: { readonly current: HTMLElement | null }): (event: FocusEvent) => void {
  // The last few places focus came from, newest last: the newest may be gone by then (a tour
  // started from a checklist task gives focus back to the task from its step, and the tour's end
  // completes the checklist), and the one before it is where the person came from.
  const cameFrom = useRef<HTMLElement[]>([]);
  useLayoutEffect(
    () => () => {
      const element = surface.current;
      const root = element?.getRootNode() as Document | ShadowRoot | undefined;
      const active = root?.activeElement;
      if (!element || !active || !element.contains(active)) return;
      const back = [...cameFrom.current].reverse().find((candidate) => candidate.isConnected);
      back?.focus();
    },
    [],
  );
  return (event) => {
    const from = event.relatedTarget as HTMLElement | null;
    // Focus moving inside the surface is not where it came from.
    if (!from || typeof from.focus !== 'function' || surface.current?.contains(from)) return;
    cameFrom.current = [...cameFrom.current.filter((candidate) => candidate !== from), from].slice(-4);
  };
}
