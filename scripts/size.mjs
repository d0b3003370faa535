// Size budgets as a test (run by `npm test` after the build): bundles each import set the
// way a customer's bundler would (minified as the builds are, every dependency included) and fails
// when a set exceeds its budget, min+gzip. (That lazy parts stay lazy is checked by the build
// itself: keepLazy in scripts/rollup-plugins.mjs.)
//   core:               manifest, engine, progress, events, with a manifest compiled by
//                       `guidepost build` (the validator, UI and debug tools load lazily)
//   core + validator:   the same with a manifest the browser must validate
//   core + UI:          everything a tour, tooltip, banner or checklist needs (compiled manifest)
//   everything:         the single-file IIFE, validator and debug tools included
// Budgets guard against regressions; targets are the goals of the performance issue, printed
// beside them (docs/performance.md says what reaching them would take).
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import { minifyJs, stripSchemaDescriptions, transformTs } from './rollup-plugins.mjs';

const KB = 1000;
const VALIDATOR = /\/manifest\/validate/;
const UI = /\/runtime\/view-chunk/;
const DEBUG = /\/ui\/debug-view/;
const PIPELINE = /\/track\/pipeline/;
// Budgets sit about 0.5 kB above what ships, so growth is a decision. The hardening against
// hostile manifests and storage (depth bounds, prototype-safe copies, the regular-expression
// guard, the compiled-manifest glance, bounded IndexedDB) added about 4.5 kB to the core; see
// docs/performance.md, "Size budgets".
export const BUDGETS = [
  { name: 'core (compiled manifest)', exclude: [UI, DEBUG, VALIDATOR, PIPELINE], budget: 29 * KB, target: 6 * KB },
  { name: 'core + validator', exclude: [UI, DEBUG, PIPELINE], budget: 41.8 * KB },
  { name: 'core + UI (compiled manifest)', exclude: [DEBUG, VALIDATOR], budget: 53.7 * KB, target: 18 * KB },
  { name: 'everything (IIFE, one file)', exclude: [], budget: 68.8 * KB, target: 26 * KB },
];
/** The two-file IIFE's core file, as built: what a page with nothing to show loads. */
const BUILT_BUDGETS = [{ name: 'two-file IIFE: core file', file: 'dist/guidepost.core.iife.js', budget: 29.4 * KB }];

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
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name.padEnd(32)} ${kb(size)} of ${kb(budget).trim()} (min+gzip${goal})`);
}

async function checkBudgets() {
  let failed = 0;
  for (const { name, exclude, budget, target } of BUDGETS) {
    const size = await measureImportSet(exclude);
    if (size > budget) failed++;
    line(size <= budget, name, size, budget, target);
  }
  for (const { name, file, budget } of BUILT_BUDGETS) {
    const size = existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : Infinity;
    if (size > budget) failed++;
    line(size <= budget, name, size, budget);
  }
  const total = BUDGETS.length + BUILT_BUDGETS.length;
  console.log(`${total - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await checkBudgets();
