#!/usr/bin/env node
/**
 * What each part of the browser bundle costs, and what the size options in
 * docs/performance.md would save.
 *
 * 1. Module shares: each module of the IIFE's module graph minified and gzipped on its own,
 *    summed by package or folder, per chunk of the code-split build (core = loaded on every
 *    page; the lazy UI; the debug tools; the validator, which a
 *    compiled manifest does not need). Parts compress worse alone,
 *    so the sums are larger than the bundles; they rank, the bundles below measure.
 * 2. Bundles: src/index.ts bundled the way scripts/size.mjs does (node-resolve, TypeScript,
 *    esbuild and SWC as the browser files are minified, every dependency inlined, min+gzip -9),
 *    plus the schema-description stripping
 *    the real browser builds do, with some modules left out (kept as imports, so neither they
 *    nor what only they use is counted). Leaving a module out is an upper bound of what moving
 *    it to a lazy chunk saves on the page: the loader that replaces it is not counted.
 *
 * Not part of `npm run bench` (about a minute): `node bench/browser-sizes.js`.
 */
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { measureImportSet } from '../scripts/size.mjs';
import { stripSchemaDescriptions, swcMinifyOptions } from '../scripts/rollup-plugins.mjs';

const KB = 1000;

// The same measurement as the size budgets (scripts/size.mjs), schema descriptions stripped.
const measure = measureImportSet;

// What loads lazily today: the UI (renderer), the debug tools, and the validator (not needed
// for a manifest compiled by `guidepost build`).
const UI = [/\/ui\/renderer/];
const DEBUG = [/\/runtime\/debug-tools/];
const VALIDATOR = [/\/manifest\/validate/];
const CORE_LAZY = [...UI, ...DEBUG, ...VALIDATOR];

const DELIVERY = [/\/src\/track\/(delivery|outbox|transport|lock)\.ts$/];
const GROWTHBOOK = [/@growthbook\//];
const EXPERIMENTS = [/\/src\/controller\/experiments\.ts$/];
const EXPLAIN = [/\/src\/engine\/explain\.ts$/];
const FLOATING = [/@floating-ui\//];
const PREACT = [/\/preact\//];
const NOT_TOUR_SURFACES = [/\/src\/ui\/(Banner|Checklist|Hotspot|HelpLink|Feedback)\.tsx$/];
const STRINGS = [/\/src\/ui\/strings\.ts$/];
const TOUR_RUNTIME = [/\/src\/controller\/tours\.ts$/];
const CORE_OPTIONS = [...DELIVERY, ...EXPERIMENTS, ...EXPLAIN];

const ROWS = [
  ['core (compiled manifest), as today', CORE_LAZY],
  ['core + UI (compiled manifest), as today', [...DEBUG, ...VALIDATOR]],
  ['everything (IIFE), as today', []],
  ['core without the delivery pipeline (outbox, transport, lock)', [...CORE_LAZY, ...DELIVERY]],
  ['core without experiments (controller)', [...CORE_LAZY, ...EXPERIMENTS]],
  ['core without explain()', [...CORE_LAZY, ...EXPLAIN]],
  ['core without the tour runtime (tour controller, runner, focus)', [...CORE_LAZY, ...TOUR_RUNTIME]],
  ["core without GrowthBook's evaluator", [...CORE_LAZY, ...GROWTHBOOK]],
  ['core without delivery, experiments, explain()', [...CORE_LAZY, ...CORE_OPTIONS]],
  ['core + UI without floating-ui', [...DEBUG, ...VALIDATOR, ...FLOATING]],
  ['core + UI without preact', [...DEBUG, ...VALIDATOR, ...PREACT]],
  ['core + UI without non-tour surfaces (banner, checklist, hotspot, help link, feedback)', [...DEBUG, ...VALIDATOR, ...NOT_TOUR_SURFACES]],
  ['core + UI without the UI strings of every locale', [...DEBUG, ...VALIDATOR, ...STRINGS]],
  ['core + UI without delivery, experiments, explain(), non-tour surfaces, strings', [...DEBUG, ...VALIDATOR, ...CORE_OPTIONS, ...NOT_TOUR_SURFACES, ...STRINGS]],
  ['core + UI without all that and floating-ui', [...DEBUG, ...VALIDATOR, ...CORE_OPTIONS, ...NOT_TOUR_SURFACES, ...STRINGS, ...FLOATING]],
  ['everything without the validator (compiled manifests only)', [...VALIDATOR]],
  ['everything without the validator and the debug tools', [...VALIDATOR, ...DEBUG]],
];

/** Module shares by package / source folder and chunk (sum of separately gzipped parts). */
async function moduleShares() {
  const { minify } = await import('@swc/core');
  const bundle = await rollup({
    input: 'src/index.ts',
    plugins: [
      nodeResolve({ browser: true }),
      typescript({ tsconfig: './tsconfig.json', compilerOptions: { noEmit: false, declaration: false, sourceMap: false }, include: ['src/**/*.ts', 'src/**/*.tsx'] }),
      stripSchemaDescriptions(),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  const groups = new Map();
  const modules = [];
  for (const chunk of output) {
    if (chunk.type !== 'chunk') continue;
    const part = /^(renderer|host|Card)/.test(chunk.fileName)
      ? 'UI (lazy)'
      : /^(debug|Picker)/.test(chunk.fileName)
        ? 'debug tools (lazy)'
        : /^validate/.test(chunk.fileName)
          ? 'validator (lazy)'
          : 'core';
    for (const [id, module] of Object.entries(chunk.modules)) {
      if (!module.code) continue;
      const min = await minify(module.code, swcMinifyOptions());
      const size = gzipSync(min.code ?? '', { level: 9 }).length;
      const path = id.replace(process.cwd() + '/', '');
      const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
      const key = `${part.padEnd(18)} ${pkg ?? path.split('/').slice(0, 2).join('/')}`;
      groups.set(key, (groups.get(key) ?? 0) + size);
      modules.push([size, part, path]);
    }
  }
  console.log('Module shares (each part min+gzip alone; sums overstate the bundle):');
  for (const [key, size] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`${(size / KB).toFixed(1).padStart(5)} kB  ${key}`);
  console.log('\nLargest modules:');
  for (const [size, part, path] of modules.sort((a, b) => b[0] - a[0]).slice(0, 15)) console.log(`${(size / KB).toFixed(1).padStart(5)} kB  ${part.padEnd(18)} ${path}`);
  console.log('');
}

await moduleShares();
console.log('Bundles (min+gzip, descriptions stripped as in the real builds):');
const results = [];
for (const [name, exclude] of ROWS) {
  const size = await measure(exclude);
  results.push([name, size]);
  console.log(`${(size / KB).toFixed(1).padStart(5)} kB  ${name}`);
}
const [core, coreUi, everything] = results.map((r) => r[1]);
console.log('\nSavings (min+gzip) against the same set as today:');
for (const [name, size] of results.slice(3)) {
  const base = name.startsWith('core + UI') ? coreUi : name.startsWith('everything') ? everything : core;
  console.log(`${((base - size) / KB).toFixed(1).padStart(5)} kB  ${name}`);
}
