// Size budgets as a test (run by `npm test`): bundles each import set the way a customer's
// bundler would (minified with terser, every dependency included) and fails when a set
// exceeds its budget, min+gzip.
//   core:       manifest, engine, progress, events — what loads on every page (the UI is a lazy import)
//   core + UI:  everything a tour, tooltip, banner or checklist needs
//   everything: the single-file IIFE, debug panel included
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { rollup } from 'rollup';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { stripSchemaDescriptions } from './rollup-plugins.mjs';

const KB = 1000;
export const BUDGETS = [
  { name: 'core (UI loads lazily)', exclude: [/\/ui\/renderer/, /\/ui\/debug-view/], budget: 35 * KB },
  { name: 'core + UI (no debug panel)', exclude: [/\/ui\/debug-view/], budget: 57.5 * KB },
  { name: 'everything (IIFE, one file)', exclude: [], budget: 60 * KB },
];

/** min+gzip of src/index.ts bundled with every dependency, leaving out modules matching `exclude`. */
export async function measureImportSet(exclude) {
  const bundle = await rollup({
    input: 'src/index.ts',
    // Excluded lazy modules stay dynamic imports; everything else is inlined as in the IIFE.
    external: (id) => exclude.some((pattern) => pattern.test(id)),
    plugins: [
      nodeResolve({ browser: true }),
      typescript({ tsconfig: './tsconfig.json', compilerOptions: { noEmit: false, declaration: false, sourceMap: false }, include: ['src/**/*.ts', 'src/**/*.tsx'] }),
      stripSchemaDescriptions(),
      terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
  await bundle.close();
  return gzipSync(output[0].code, { level: 9 }).length;
}

async function checkBudgets() {
let failed = 0;
for (const { name, exclude, budget } of BUDGETS) {
  const size = await measureImportSet(exclude);
  const ok = size <= budget;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name.padEnd(32)} ${(size / KB).toFixed(1).padStart(5)} kB of ${(budget / KB).toFixed(1)} kB (min+gzip)`);
}
console.log(`${BUDGETS.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await checkBudgets();
