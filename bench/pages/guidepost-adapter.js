// Guidepost on the benchmark page, through its public API only: a manifest object with a
// manual-trigger tour started with startTour(), tooltip items for the popovers, and (with
// ?idle=compiled|source) a manifest where nothing is eligible (see idle-manifest.js). Shared by the IIFE and the ESM pages.
import { ANCHORS, register, STEPS } from './common.js';

const TOUR_ID = 'bench-tour';

const manifest = (items) => ({ schemaVersion: 1, revision: 'bench-1', defaultLocale: 'en', items });

const tourManifest = manifest([
  {
    id: TOUR_ID,
    type: 'tour',
    trigger: 'manual',
    steps: STEPS.map((s) => ({ target: s.selector, placement: s.side, title: s.title, body: s.body })),
  },
]);

export function useGuidepost(createGuidepost, name) {
  const errors = [];
  const options = (m) => ({ manifest: m, locale: 'en', onError: (e) => errors.push(`${e.code}: ${e.message}`) });
  const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
  let tourGp = null;
  let tipsGp = null;
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
    async initTour() {
      tourGp = createGuidepost(options(tourManifest));
      await tourGp.start();
      const startedAt = performance.now();
      tourGp.startTour(TOUR_ID);
      return { startedAt };
    },
    stepElement: (i) => layer()?.querySelector(`[data-part=tour-step][data-item=${TOUR_ID}][data-step="${i}"]`) ?? null,
    clickNext: (i) => layer().querySelector(`[data-part=tour-step][data-step="${i}"] [data-action=next]`).click(),
    clickClose: (i) => layer().querySelector(`[data-part=tour-step][data-step="${i}"] [data-part=close]`).click(),
    startAgain: () => tourGp.startTour(TOUR_ID),
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
  });
}
