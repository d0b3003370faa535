// Prints each module's share of the IIFE bundle (minified + gzip, measured one module at a time).
import { rollup } from 'rollup';
import { minify } from '@swc/core';
import { gzipSync } from 'node:zlib';
import configs from '../rollup.config.mjs';
import { swcMinifyOptions } from './rollup-plugins.mjs';

const config = configs[1];
// The single-file IIFE's plugins without those that work on finished files (minifying, the first
// line, the lazy-parts check): each module is minified alone below.
const plugins = config.plugins.flat().filter((plugin) => !['lower-js', 'minify-js', 'first-line', 'keep-lazy'].includes(plugin.name));
const bundle = await rollup({ input: config.input, plugins, onwarn: () => {} });
const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
const rows = [];
for (const [id, module] of Object.entries(output[0].modules)) {
  if (!module.code) continue;
  // Minified as the build minifies (each module alone, so names at its top level stay unmangled).
  const min = await minify(module.code, swcMinifyOptions());
  rows.push([gzipSync(min.code ?? '', { level: 9 }).length, id.replace(process.cwd() + '/', '')]);
}
rows.sort((a, b) => b[0] - a[0]);
for (const [size, id] of rows) console.log(String(size).padStart(6), id);
console.log(String(rows.reduce((s, r) => s + r[0], 0)).padStart(6), 'sum of parts (whole bundle compresses better)');
