// What test/examples/react-and-vue.browser.test.ts reads and drives: the events Guidepost
// reported, which instances the provider handed out, and mounting/unmounting the provider many
// times. An app does not need any of this.
import { useEffect } from 'react';
import { flushSync } from 'react-dom';
import type { Guidepost, GuidepostEvent } from 'guidepost';
import { useGuidepost } from 'guidepost/react';

export const probe = {
  /** Every event of every instance, in order. */
  events: [] as GuidepostEvent[],
  /** How many times a component's mount effect ran (StrictMode runs it twice per mount). */
  effectRuns: 0,
  /** How many distinct instances components were given (StrictMode's double mount must give one). */
  instances: 0,
  setMounted: (_mounted: boolean) => {},
  /** Unmounts and mounts the provider `count` times, each time until its help is on screen. */
  async cycles(count: number) {
    for (let i = 0; i < count; i++) {
      this.setMounted(false);
      await frameUntil(() => !document.querySelector('[data-guidepost-host]'));
      this.setMounted(true);
      await frameUntil(() => [...document.querySelectorAll('[data-guidepost-host]')].some((host) => host.shadowRoot?.querySelector('[data-part=help-link]')));
    }
  },
};

export const recordEvent = (event: GuidepostEvent) => void probe.events.push(event);

export function setMountedHook(set: (mounted: boolean) => void) {
  probe.setMounted = (mounted) => flushSync(() => set(mounted));
}

/** Resolves once `done()` is true, checked every frame: no fixed delay. */
const frameUntil = (done: () => boolean) =>
  new Promise<void>((resolve) => {
    const check = () => (done() ? resolve() : requestAnimationFrame(check));
    check();
  });

let last: Guidepost | null = null;

export function Probe() {
  const gp = useGuidepost();
  useEffect(() => void probe.effectRuns++, []);
  useEffect(() => {
    if (gp && gp !== last) probe.instances++;
    last = gp ?? last;
  }, [gp]);
  return null;
}

(window as unknown as { example: typeof probe }).example = probe;
