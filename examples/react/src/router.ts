// A router small enough to read: the path, and navigate() with history.pushState. Guidepost
// notices pushState by itself (help with `when: { "page.path": ... }` follows the route).
import { useSyncExternalStore } from 'react';

const CHANGE = 'example:navigate';

export function navigate(to: string): void {
  history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
};

export const usePath = (): string => useSyncExternalStore(subscribe, () => location.pathname, () => '/');
