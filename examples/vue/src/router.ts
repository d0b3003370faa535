// A router small enough to read: the path as a ref, and navigate() with history.pushState.
// Guidepost notices pushState by itself (help with `when: { "page.path": ... }` follows the route).
import { onMounted, onUnmounted, shallowRef, type Ref } from 'vue';

const CHANGE = 'example:navigate';

export function navigate(to: string): void {
  history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current path; listens while the calling component is mounted. */
export function usePath(): Readonly<Ref<string>> {
  const path = shallowRef(typeof location === 'undefined' ? '/' : location.pathname);
  const update = () => (path.value = location.pathname);
  onMounted(() => {
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
  });
  onUnmounted(() => {
    window.removeEventListener('popstate', update);
    window.removeEventListener(CHANGE, update);
  });
  return path;
}
