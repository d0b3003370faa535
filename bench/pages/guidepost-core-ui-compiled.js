// Guidepost from the two-file IIFE with both tags on the page and the tour's manifest compiled
// by `guidepost build` (bench/browser.js writes it), as a production page would ship it: the
// JSON is fetched before the library is registered (an app bundles it), not timed.
import { useGuidepost } from './guidepost-adapter.js';

const tourManifest = await fetch('/vendor/esm/tour-manifest.compiled.json').then((response) => response.json());
useGuidepost(window.Guidepost.createGuidepost, 'guidepost-core-ui-compiled', { tourManifest });
