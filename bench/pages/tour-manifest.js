// The tour's manifest for Guidepost, as written (no DOM: bench/browser.js reads it too, to
// compile it with `guidepost build` for the page that uses the compiled form).
import { STEPS } from './content.js';

export const TOUR_ID = 'bench-tour';
/**
 * The same five steps under another id, in the same manifest: a returning visit starts this
 * one (bench/browser.js `returningVisit`). The first visit never touched it, so nothing stored
 * about it (seen, dismissed, a saved step) changes what the returning visit shows: step 1.
 */
export const RETURN_TOUR_ID = 'bench-tour-return';

export const manifest = (items) => ({ schemaVersion: 1, revision: 'bench-1', defaultLocale: 'en', items });

const tour = (id) => ({
  id,
  type: 'tour',
  trigger: 'manual',
  steps: STEPS.map((s) => ({ target: s.selector, placement: s.side, title: s.title, body: s.body })),
});

/** Two manual-trigger tours of the same five steps. */
export const tourManifest = manifest([tour(TOUR_ID), tour(RETURN_TOUR_ID)]);
