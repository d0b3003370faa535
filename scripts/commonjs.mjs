// The CommonJS files, for require() (Jest setups, older tooling): dist/guidepost.cjs and
// dist/engine.cjs, each one self-contained file with the lazy parts and the dependencies
// inlined (preact ships ESM only, which require() cannot load on every Node a Jest setup runs
// on). No page downloads them, so they are not bundled again from the TypeScript: esbuild
// bundles the ESM build's files (already transformed, tree-shaken and minified by rollup's
// first output) into CommonJS, in a quarter of a second instead of two more rollup passes and
// their minifying (about 5 s of CPU of every build, with terser then).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);
const path = (relative) => fileURLToPath(new URL(relative, root));
// Authoring mode is left out: the import of its panel's chunk (from the core chunk) leads to a
// module whose import fails, so `gp.author(true)` reports why through onError and the page
// carries on. The build fails if that import is not found, so a renamed chunk cannot quietly
// put the panel back into the CommonJS file.
const leaveAuthoringOut = (replaced) => ({
  name: 'leave-authoring-out',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/author-panel\.js$/ }, () => {
      replaced.count++;
      return { path: path('src/split/no-author-file.ts') };
    });
  },
});

/** The entries: the ESM build's file → the CommonJS file written beside it. */
export const COMMONJS_FILES = [
  ['dist/guidepost.js', 'dist/guidepost.cjs'],
  ['dist/engine.js', 'dist/engine.cjs'],
];

/**
 * Bundles each ESM entry of dist/ into its CommonJS file. Resolves with the error's text when
 * one fails (the ESM build must have been written first).
 */
export async function buildCommonJs() {
  const replaced = { count: 0 };
  try {
    const results = await Promise.all(
      COMMONJS_FILES.map(([entry, outfile]) =>
        build({
          entryPoints: [path(entry)],
          outfile: path(outfile),
          bundle: true,
          format: 'cjs',
          // The dependencies as the browser builds take them (rollup's nodeResolve({ browser: true })).
          platform: 'browser',
          target: 'es2020',
          minify: true,
          charset: 'ascii', // as the browser files (rollup-plugins.mjs): bundled for a browser, read in the page's encoding
          legalComments: 'none',
          // The chunks' bare imports of side-effect-free packages are dropped on purpose: that
          // warning only is silenced, any other fails the build below.
          logOverride: { 'ignored-bare-import': 'silent' },
          logLevel: 'silent', // reported by the build, with the rest of its errors
          plugins: [leaveAuthoringOut(replaced)],
        }),
      ),
    );
    const warnings = results.flatMap((result) => result.warnings.map((warning) => `${warning.text}${warning.location ? ` (${warning.location.file}:${warning.location.line})` : ''}`));
    if (warnings.length) return `commonjs: ${warnings.join('; ')}`;
    return replaced.count === 1 ? undefined : `commonjs: expected one import of the authoring panel's chunk to leave out, found ${replaced.count}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
