// Size budgets as a test (run by `npm test` after the build): bundles each import set the
// way a customer's bundler would (minified as the builds are, every dependency included) and fails
// when a set exceeds its budget, min+gzip. (That lazy parts stay lazy is checked by the build
// itself: keepLazy in scripts/rollup-plugins.mjs.) What a page downloads, by kind of page:
//   nothing eligible:   manifest, the screen, progress, routes, with a manifest compiled by
//                       `guidepost build`, in English, with no experiment and no `$regex`, on a
//                       page where the screen rules every item out: the decision chunk (engine,
//                       pacing, condition evaluator, target watchers, a compiled manifest's
//                       content checks), the
//                       UI, tours, event delivery, validator, debug tools, other languages'
//                       words, the experiments controller, the `$regex` guard and the results
//                       kept of manifests validated before are lazy chunks
//                       that such a page never loads (the two-file IIFE's core file as built
//                       leaves them to files of their own too)
//   + validator:        the same with a manifest the browser must validate
//   five-step tour:     the core with the UI, the tour code and event delivery (exposures are
//                       reported), compiled manifest, English; no banner, checklist, hotspot or
//                       help link (their chunk), no experiment, no `$regex`
//   everything:         the single-file IIFE, validator and debug tools included
// Budgets guard against regressions (about 0.5 kB above what ships, so growth is a decision);
// targets are the performance issue's, printed beside them. docs/performance.md says what the
// bytes are made of and what reaching the targets takes.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import { minifyJs, stripSchemaDescriptions, transformTs } from './rollup-plugins.mjs';

const KB = 1000;
const VALIDATOR = /\/manifest\/validate/;
const UI = /\/runtime\/view-chunk/;
const DEBUG = /\/runtime\/debug-tools/;
const PIPELINE = /\/track\/pipeline/;
const TOURS = /\/runtime\/tour-runs/;
// Authoring mode's panel: never part of what a page downloads unless authoring opens (guidepost.author.iife.js in the IIFE builds).
const AUTHORING = /\/authoring\/author-panel/;
// The $regex guard: loaded only with a manifest that uses $regex. Not left out with the validator,
// which imports it (its own checks of patterns).
const REGEX_GUARD = /\/manifest\/safe-regex/;
// The experiments controller: loaded only with a manifest that has experiments.
const EXPERIMENTS = /\/controller\/experiment-arms/;
// Banners, checklists, hotspots and help links: their own chunk, which a tour-only page never loads.
const WIDGETS = /\/ui\/widgets\.tsx$/;
// The decision beyond the screen (engine, pacing, condition evaluator, target watchers): loaded
// once some item may show on the page (src/runtime/decisions.ts).
const DECIDER = /\/runtime\/decide-chunk/;
// The SDK's words in languages other than English (one chunk each; an English page loads none).
const LOCALES = /\/ui\/locales\/(?!index\.ts$)/;
// What earlier page views kept of validated manifests: loaded only for a manifest as written
// (a compiled one never needs it); part of the two-file IIFE's core file.
const CHECKED = /\/manifest\/checked-cache/;
export const BUDGETS = [
  { name: 'nothing eligible (ESM)', exclude: [DECIDER, UI, DEBUG, VALIDATOR, PIPELINE, TOURS, AUTHORING, REGEX_GUARD, EXPERIMENTS, LOCALES, CHECKED], budget: 24.1 * KB, target: 12 * KB },
  { name: 'nothing eligible + validator', exclude: [DECIDER, UI, DEBUG, PIPELINE, TOURS, AUTHORING, EXPERIMENTS, LOCALES], budget: 43.8 * KB },
  { name: 'five-step tour (ESM)', exclude: [DEBUG, VALIDATOR, AUTHORING, WIDGETS, LOCALES, REGEX_GUARD, EXPERIMENTS, CHECKED], budget: 70.2 * KB, target: 28 * KB },
  { name: 'everything (IIFE, one file)', exclude: [AUTHORING], budget: 100.9 * KB, target: 42 * KB },
];
/**
 * The two-file IIFE's files, as built, by what a page downloads: the core file alone (nothing
 * to show), with the validator's file and the one of results kept (a manifest as written, on its first page view), with the UI file (a five-step
 * tour, compiled manifest, English: no language file, no widget). Each file is compressed alone, as a server sends it.
 */
const CORE = 'dist/guidepost.core.iife.js';
const BUILT_BUDGETS = [
  { name: 'nothing eligible (two-file IIFE)', files: [CORE], budget: 25.8 * KB, target: 12 * KB },
  { name: '+ validator (two-file IIFE)', files: [CORE, 'dist/guidepost.checked.iife.js', 'dist/guidepost.validator.iife.js'], budget: 46.4 * KB },
  { name: 'five-step tour (two-file IIFE)', files: [CORE, 'dist/guidepost.ui.iife.js'], budget: 73.7 * KB, target: 28 * KB },
];

// One transform for every import set: each module is transformed once (see transformTs).
const transform = transformTs({ sourceMap: false });

/** min+gzip of src/index.ts bundled with every dependency, leaving out modules matching `exclude`. */
export async function measureImportSet(exclude) {
  const bundle = await rollup({
    input: 'src/index.ts',
    // Excluded lazy modules stay dynamic imports; everything else is inlined as in the IIFE.
    external: (id) => exclude.some((pattern) => pattern.test(id)),
    plugins: [
      nodeResolve({ browser: true }),
      stripSchemaDescriptions(),
      transform,
      minifyJs(),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
  await bundle.close();
  return gzipSync(output[0].code, { level: 9 }).length;
}

const kb = (bytes) => `${(bytes / KB).toFixed(1).padStart(5)} kB`;

function line(ok, name, size, budget, target) {
  const goal = target === undefined ? '' : `; target ${kb(target).trim()}${size <= target ? ' met' : ' not met'}`;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name.padEnd(34)} ${kb(size)} of ${kb(budget).trim()} (min+gzip${goal})`);
}

async function checkBudgets() {
  let failed = 0;
  for (const { name, exclude, budget, target } of BUDGETS) {
    const size = await measureImportSet(exclude);
    if (size > budget) failed++;
    line(size <= budget, name, size, budget, target);
  }
  for (const { name, files, budget, target } of BUILT_BUDGETS) {
    const size = files.reduce((sum, file) => sum + (existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : Infinity), 0);
    if (size > budget) failed++;
    line(size <= budget, name, size, budget, target);
  }
  const total = BUDGETS.length + BUILT_BUDGETS.length;
  console.log(`${total - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await checkBudgets();
