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
  const cameFrom = useRef<HTMLElement | null>(null);
  useLayoutEffect(
    () => () => {
      const element = surface.current;
      const root = element?.getRootNode() as Document | ShadowRoot | undefined;
      const active = root?.activeElement;
      if (!element || !active || !element.contains(active)) return;
      const back = cameFrom.current;
      if (back?.isConnected) back.focus();
    },
    [],
  );
  return (event) => {
    const from = event.relatedTarget as HTMLElement | null;
    // Focus moving inside the surface is not where it came from.
    if (from && typeof from.focus === 'function' && !surface.current?.contains(from)) cameFrom.current = from;
  };
}
