// Guidepost on the benchmark page, through its public API only: a manifest object with
// manual-trigger tours started with startTour(), tooltip items for the popovers, hotspot items
// (on the anchors, or on targets the page inserts later), and (with ?idle=compiled|source) a
// manifest where nothing is eligible (see idle-manifest.js). Shared by the IIFE and the ESM pages.
import { register } from './common.js';
import { manifest, RETURN_TOUR_ID, TOUR_ID, tourManifest as writtenTour } from './tour-manifest.js';

/**
 * Hotspots, one per target. `interruptive: false`: hotspots are interruptive by default, and
 * the default pacing shows one interruptive item per page view; 20 at once must opt out.
 */
const hotspots = (prefix, targets) => manifest(targets.map((t, i) => ({ id: `${prefix}-${i}`, type: 'hotspot', interruptive: false, target: t.selector, placement: t.side, title: t.title, body: t.body })));

/**
 * Registers Guidepost (`createGuidepost` of one of its builds) on the page as `name`. `tourManifest`:
 * the tour's manifest, as written by default, or as `guidepost build` compiled it.
 */
export function useGuidepost(createGuidepost, name, { tourManifest = writtenTour } = {}) {
  const errors = [];
  const options = (m) => ({ manifest: m, locale: 'en', onError: (e) => errors.push(`${e.code}: ${e.message}`) });
  const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
  let tourGp = null;
  let tipsGp = null;
  let spotsGp = null;
  let waitGp = null;
  let tourId = TOUR_ID;
  let batch = 0;

  const idle = new URLSearchParams(location.search).get('idle');
  if (idle) {
    // Page start: the setup call, then start() resolved (nothing is eligible). The manifest is
    // fetched by start(), as compiled by `guidepost build` (?idle=compiled) or as written (?idle=source).
    const t0 = performance.now();
    const gp = createGuidepost(options(`/vendor/esm/idle-manifest.${idle}.json`));
    gp.start().then(() => {
      const t1 = performance.now();
      window.bench.idleResult = { setupToStartMs: t1 - t0, navigationToStartMs: t1, shown: gp.explain().filter((e) => e.shown).length, errors };
    });
  }

  register({
    name,
    errors,
    shadowRoots: () => [layer()],
    async initTour({ returning = false } = {}) {
      tourId = returning ? RETURN_TOUR_ID : TOUR_ID;
      tourGp = createGuidepost(options(tourManifest));
      await tourGp.start();
      const startedAt = performance.now();
      tourGp.startTour(tourId);
      return { startedAt };
    },
    stepElement: (i) => layer()?.querySelector(`[data-part=tour-step][data-item=${tourId}][data-step="${i}"]`) ?? null,
    tourItemsShown: () => [...new Set([...(layer()?.querySelectorAll('[data-part=tour-step]') ?? [])].map((e) => e.getAttribute('data-item')))],
    clickNext: (i) => layer().querySelector(`[data-part=tour-step][data-step="${i}"] [data-action=next]`).click(),
    clickClose: (i) => layer().querySelector(`[data-part=tour-step][data-step="${i}"] [data-part=close]`).click(),
    startAgain: () => tourGp.startTour(tourId),
    async showPopovers(anchors) {
      batch++;
      tipsGp = createGuidepost(options(manifest(anchors.map((a, i) => ({ id: `tip-${batch}-${i}`, type: 'tooltip', target: a.selector, placement: a.side, title: a.title, body: a.body })))));
      await tipsGp.start();
      return anchors.length;
    },
    popoverElement: (i) => layer()?.querySelector(`[data-part=tooltip][data-item="tip-${batch}-${i}"]`) ?? null,
    popoverCount: () => layer()?.querySelectorAll('[data-part=tooltip]').length ?? 0,
    hidePopovers() {
      tipsGp?.destroy();
      tipsGp = null;
    },
    async showHotspots(anchors) {
      batch++;
      spotsGp = createGuidepost(options(hotspots(`spot-${batch}`, anchors)));
      await spotsGp.start();
      return anchors.length;
    },
    hotspotElement: (i) => layer()?.querySelector(`[data-part=hotspot][data-item="spot-${batch}-${i}"]`) ?? null,
    // Rendered and placed once (floating-ui sets data-placement); those off screen are hidden, still counted.
    hotspotCount: () => layer()?.querySelectorAll('[data-part=hotspot][data-placement]').length ?? 0,
    hideHotspots() {
      spotsGp?.destroy();
      spotsGp = null;
    },
    async waitTargets(targets) {
      batch++;
      // A long target timeout: on a busy machine the measurement must end before the waits give up.
      waitGp = createGuidepost({ ...options(hotspots(`wait-${batch}`, targets)), targetTimeoutMs: 60000 });
      await waitGp.start();
    },
    waitingShown: () => layer()?.querySelectorAll(`[data-part=hotspot][data-item^="wait-${batch}-"][data-placement]`).length ?? 0,
    stopWaiting() {
      waitGp?.destroy();
      waitGp = null;
    },
  });
}
