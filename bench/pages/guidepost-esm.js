// Guidepost from its ESM build, bundled the way an app's bundler would (bench/browser.js runs
// rollup over dist/guidepost.js into a temporary folder served at /vendor/esm/): the UI is a
// separate chunk that is only imported when something has to render.
import { createGuidepost } from '/vendor/esm/guidepost.js';
import { useGuidepost } from './guidepost-adapter.js';

useGuidepost(createGuidepost, 'guidepost-esm');
