/**
 * "Viewed" means at least half of a surface was on screen for at least one second
 * (the IAB viewability rule). It is reported separately from exposure and never
 * replaces it: exposure is decided at the trigger point, viewing depends on the user.
 */
import { SURFACE_PARTS } from './parts';

const SELECTOR = SURFACE_PARTS.map((part) => `[data-part="${part}"][data-item]`).join(',');

export const VIEWED_RATIO = 0.5;
export const VIEWED_MS = 1000;

export interface ViewTracker {
  /** Looks for surfaces under `roots` that are not observed yet. */
  scan(roots: ParentNode[]): void;
  dispose(): void;
}

export function createViewTracker(win: Window & typeof globalThis, onViewed: (itemId: string) => void): ViewTracker | undefined {
  if (typeof win.IntersectionObserver !== 'function') return undefined;
  const observed = new WeakSet<Element>();
  const timers = new Map<Element, ReturnType<typeof setTimeout>>();
  const observer = new win.IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const element = entry.target;
        if (entry.intersectionRatio >= VIEWED_RATIO) {
          if (timers.has(element)) continue;
          timers.set(element, setTimeout(() => {
            timers.delete(element);
            observer.unobserve(element);
            if (element.isConnected) onViewed(element.getAttribute('data-item')!);
          }, VIEWED_MS));
        } else {
          clearTimeout(timers.get(element));
          timers.delete(element);
        }
      }
    },
    { threshold: [0, VIEWED_RATIO, 1] },
  );
  return {
    scan(roots) {
      for (const root of roots) {
        for (const element of root.querySelectorAll(SELECTOR)) {
          if (observed.has(element)) continue;
          observed.add(element);
          observer.observe(element);
        }
      }
    },
    dispose() {
      observer.disconnect();
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
    },
  };
}
