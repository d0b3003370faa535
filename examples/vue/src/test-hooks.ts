// What test/examples/react-and-vue.browser.test.ts reads and drives: the events Guidepost
// reported, and mounting/unmounting the app many times. An app does not need any of this.
import type { GuidepostEvent } from 'guidepost';

export const probe = {
  /** Every event of every instance, in order. */
  events: [] as GuidepostEvent[],
  setMounted: (_mounted: boolean) => {},
  /** Unmounts and mounts the app `count` times, each time until its help is on screen. */
  async cycles(count: number) {
    for (let i = 0; i < count; i++) {
      this.setMounted(false);
      await frameUntil(() => !document.querySelector('[data-guidepost-host]'));
      this.setMounted(true);
      await frameUntil(() => [...document.querySelectorAll('[data-guidepost-host]')].some((host) => host.shadowRoot?.querySelector('[data-part=help-link]')));
    }
  },
};

/** Resolves once `done()` is true, checked every frame: no fixed delay. */
const frameUntil = (done: () => boolean) =>
  new Promise<void>((resolve) => {
    const check = () => (done() ? resolve() : requestAnimationFrame(check));
    check();
  });

(window as unknown as { example: typeof probe }).example = probe;
