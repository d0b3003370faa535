// Builds: the ESM package (SDK + engine, dependencies external; the validator, UI and debug
// tools are lazy chunks), the IIFE that defines window.Guidepost as one file (everything
// bundled) or as two (a core file that adds the UI file when something must show, and the
// validator's file when a manifest is not compiled), and the Node CLI.
import nodeResolve from '@rollup/plugin-node-resolve';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { borrowCoreModules, lendCoreModules } from './scripts/shared-modules.mjs';
import { AUTHORING, CHECKED_CACHE, decideAtOnce, splitCheckedFile, ENGINE_EXTRAS, firstLine, keepLazy, LAZY_PARTS, localeFileEntry, localeFileInput, splitAuthorFile, splitDebugFile, splitExperimentsFile, splitLocaleFiles, splitRegexFile, splitUiFile, splitValidatorFile, splitWidgetsFile, minifyJs, stripSchemaDescriptions, transformTs } from './scripts/rollup-plugins.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const dependencies = Object.keys(pkg.dependencies ?? {});
const isDependency = (id) => dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));
const isNodeBuiltin = (id) => id.startsWith('node:') || builtinModules.includes(id);
// guidepost/react and guidepost/vue import their framework (an optional peer) and the SDK by
// its package name, so an application has one copy of it: neither is bundled into them.
const isBindingPeer = (id) => id === 'guidepost' || ['react', 'react-dom', 'vue'].some((name) => id === name || id.startsWith(`${name}/`));

// One TypeScript transform (esbuild) for all the builds: each module is transformed once per
// run, not once per build, also when scripts/build.mjs bundles them side by side. Types are
// checked by `npm run typecheck`; declarations come from `tsc -p tsconfig.types.json`, run
// beside rollup.
const transform = transformTs();
const ts = () => transform;

const uiLoader = fileURLToPath(new URL('./src/split/ui-file.ts', import.meta.url));
/** The validator's modules: never part of the UI file. */
const VALIDATOR = /[\\/]src[\\/]manifest[\\/](validate|checks|issues|schema|schema-settings)\.ts$/;
const validatorLoader = fileURLToPath(new URL('./src/split/validator-file.ts', import.meta.url));
// What the two-file IIFE's core file lends its UI file instead of the UI file carrying a copy:
// exports of modules the core carries whole (lending one it carries in part would add the rest
// to every page), GrowthBook's condition evaluator among them. The build fails when the UI file
// imports from them an export not listed here, or stops using one that is.
const sourceModule = (path) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));
const LENT_TO_UI_FILE = [
  { key: 'eligibility', module: sourceModule('engine/eligibility.ts'), exports: ['applicableProgress', 'goalReason', 'historyReason', 'requiresReason', 'scheduleReason', 'triggerReason'] },
  { key: 'conditionGuard', module: sourceModule('engine/condition-guard.ts'), exports: ['guardCondition', 'hasRegex', 'UNGUARDED'] },
  { key: 'attributePath', module: sourceModule('engine/attribute-path.ts'), exports: ['lookup', 'valueAt'] },
  { key: 'lazy', module: sourceModule('lazy.ts'), exports: ['lazyModule'] },
  { key: 'deliveryError', module: sourceModule('track/delivery-error.ts'), exports: ['DeliveryError', 'isPermanentStatus'] },
  { key: 'uuid', module: sourceModule('track/uuid.ts'), exports: ['uuidv7'] },
  { key: 'session', module: sourceModule('runtime/session.ts'), exports: ['rememberForSession', 'updateIdentity'] },
  { key: 'url', module: sourceModule('manifest/url.ts'), exports: ['isSafeUrl', 'urlKind', 'urlProblem'] },
  { key: 'idb', module: sourceModule('store/idb.ts'), exports: ['errorText', 'idbConnection'] },
  { key: 'storageTurns', module: sourceModule('track/storage-turns.ts'), exports: ['serialOn'] },
  // The widgets' file's loader: the UI file asks for that file through the core file's loader,
  // which reads the core script tag's attributes (src/split/widgets-file.ts).
  { key: 'widgetsFile', module: sourceModule('split/widgets-file.ts'), exports: ['loadWidgetsModule'] },
];
const sharing = { shared: LENT_TO_UI_FILE, version: pkg.version };
// What the UI file lends the debug tools' file (guidepost.debug.iife.js): Preact's JSX runtime and
// hooks (one Preact on the page: the panel renders in the UI's layer) and the two UI pieces the
// panel shares with the surfaces. The same checks as above.
const uiEntry = fileURLToPath(new URL('./src/split/ui-entry.ts', import.meta.url));
const LENT_TO_DEBUG_FILE = [
  { key: 'jsx', module: 'preact/jsx-runtime', exports: ['Fragment', 'jsx', 'jsxs'] },
  { key: 'hooks', module: 'preact/hooks', exports: ['useEffect', 'useLayoutEffect', 'useRef', 'useState'] },
  { key: 'card', module: sourceModule('ui/Card.tsx'), exports: ['CloseButton'] },
  { key: 'host', module: sourceModule('ui/host.ts'), exports: ['addStyles'] },
];
const debugSharing = { shared: LENT_TO_DEBUG_FILE, version: pkg.version, lender: 'the UI file', borrower: "the debug tools' file" };
const debugLoader = fileURLToPath(new URL('./src/split/debug-file.ts', import.meta.url));
// What the UI file lends the widgets' file (guidepost.widgets.iife.js): Preact's JSX runtime and
// hooks, and what the widgets share with the tour step (card, popover, placement, rich text,
// the arena), so they render in the UI's Preact tree and take part in its layout. The same checks.
const LENT_TO_WIDGETS_FILE = [
  { key: 'jsx', module: 'preact/jsx-runtime', exports: ['Fragment', 'jsx', 'jsxs'] },
  { key: 'hooks', module: 'preact/hooks', exports: ['useEffect', 'useLayoutEffect', 'useRef', 'useState'] },
  { key: 'card', module: sourceModule('ui/Card.tsx'), exports: ['CardContent', 'CloseButton'] },
  { key: 'popover', module: sourceModule('ui/Popover.tsx'), exports: ['Popover'] },
  { key: 'position', module: sourceModule('ui/position.ts'), exports: ['positionFloating'] },
  { key: 'arena', module: sourceModule('ui/arena.ts'), exports: ['arenaOf'] },
  { key: 'arbiter', module: sourceModule('ui/arbiter.ts'), exports: ['BEACON', 'OPENED', 'PANEL'] },
  { key: 'richText', module: sourceModule('ui/RichText.tsx'), exports: ['RichText'] },
  { key: 'richtext', module: sourceModule('manifest/richtext.ts'), exports: ['parseRichText'] },
  { key: 'content', module: sourceModule('ui/content.ts'), exports: ['localize'] },
  { key: 'strings', module: sourceModule('ui/strings.ts'), exports: ['format', 'labelled', 'wordsAttributes'] },
  { key: 'url', module: sourceModule('manifest/url.ts'), exports: ['isSafeUrl'] },
];
const widgetsSharing = { shared: LENT_TO_WIDGETS_FILE, version: pkg.version, lender: 'the UI file', borrower: "the widgets' file" };
const widgetsLoader = fileURLToPath(new URL('./src/split/widgets-file.ts', import.meta.url));
/** The widgets' own modules: never part of the UI file. */
const WIDGET_MODULES = /[\\/]src[\\/]ui[\\/](widgets|Banner|Checklist|HelpLink|Hotspot|Feedback|widget-styles)\.tsx?$/;
// The SDK's words in each language but English (src/ui/locales/<tag>.ts): in the two-file IIFE,
// one small file per language, guidepost.locale-<tag>.iife.js, loaded by src/split/locale-file.ts.
const LOCALE_TAGS = readdirSync(new URL('./src/ui/locales/', import.meta.url)).filter((name) => name.endsWith('.ts') && name !== 'index.ts').map((name) => name.slice(0, -3));
const localeLoader = fileURLToPath(new URL('./src/split/locale-file.ts', import.meta.url));
/** The debug tools' modules: never part of the UI file. */
const DEBUG_TOOLS = /[\\/]src[\\/](runtime[\\/]debug-tools|ui[\\/](DebugPanel|Picker|debug-view|debug-styles)|dom[\\/]recommend-selector)\.tsx?$/;
// The experiments controller and the `$regex` guard: a file of their own each, which only a
// manifest with experiments / with `$regex` makes the core file add, before its first decision.
const experimentsLoader = fileURLToPath(new URL('./src/split/experiments-file.ts', import.meta.url));
const regexLoader = fileURLToPath(new URL('./src/split/regex-file.ts', import.meta.url));
const authorLoader = fileURLToPath(new URL('./src/split/author-file.ts', import.meta.url));
// What earlier page views kept of validated manifests: a file of its own, which only a manifest
// as written makes the core file add (with a kept result, instead of the validator's file).
const checkedLoader = fileURLToPath(new URL('./src/split/checked-file.ts', import.meta.url));

// The browser files: lowered to ES2020 (tsconfig.json's target) by esbuild, minified by SWC
// (scripts/rollup-plugins.mjs); ESM or classic script follows each output's format.
const minify = () => minifyJs();

// React Server Components: the bindings use hooks, so frameworks (Next.js's App Router) must
// treat guidepost/react as client code.
const useClient = (fileName) => firstLine(fileName, "'use client';");

// The browser files' functions nearly all run as soon as the file does (the core's as start()
// boots, the UI file's as the first surface draws, the single file's tour and surfaces as soon as
// something shows): V8 (Chrome 136+) then compiles them while the script streams in, off the main
// thread, instead of one by one on the main thread at their first call, which was most of the
// time between the setup call and the first tour step. Other engines ignore the comment.
const compileEagerly = (fileName) => firstLine(fileName, '//# allFunctionsCalledOnLoad');

// The CLI ships without its source map: whitespace and syntax are compacted, names are kept, so
// a stack trace from it still reads.
const compactCli = () => ({
  name: 'compact-cli',
  async renderChunk(code) {
    const { transform } = await import('esbuild');
    const result = await transform(code, { minifyWhitespace: true, minifySyntax: true, format: 'esm', target: 'node20', legalComments: 'none' });
    return { code: result.code, map: null };
  },
});

export default [
  {
    input: { guidepost: 'src/index.ts', engine: 'src/engine/index.ts', react: 'src/react/index.ts', vue: 'src/vue/index.ts' },
    external: (id) => isDependency(id) || isBindingPeer(id),
    plugins: [
      stripSchemaDescriptions(),
      ts(),
      // esbuild's minifier only: an app's bundler minifies these files again.
      minifyJs({ esbuildOnly: true }),
      useClient('react.js'),
      keepLazy([
        { from: 'guidepost.js', mustNotReach: [...LAZY_PARTS, ...ENGINE_EXTRAS, CHECKED_CACHE] },
        { from: 'chunks/debug-tools.js', mustNotReach: [/\/src\/ui\/Picker\.tsx$/] },
        // The UI does not bring the debug tools along: they come with the panel's first opening.
        { from: 'chunks/view-chunk.js', mustNotReach: [/\/src\/runtime\/debug-tools\.ts$/, /\/src\/ui\/(DebugPanel|debug-view|debug-styles)\.tsx?$/] },
      ]),
    ],
    // Shared chunks get names that say what they hold: the decision engine (also behind
    // guidepost/engine) in two parts, what the core's screen uses (engine-base) and what only a
    // decision beyond the screen needs (decide); the SDK's core; lazy chunks are named after their
    // module. Experiment assignment stays out of both: only the lazy experiments controller needs it.
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: (chunk) => `chunks/${chunk.name === 'index' ? 'core' : '[name]'}.js`,
      manualChunks: (id) =>
        /\/src\/engine\/(decide|item-verdict|pacing|prepare|condition)\.ts$/.test(id) ? 'decide' : /\/src\/(engine\/(?!(index|assign)\.ts$)|manifest\/compiled\.ts$)/.test(id) ? 'engine-base' : undefined,
    },
  },
  {
    input: 'src/index.ts',
    plugins: [
      nodeResolve({ browser: true }),
      stripSchemaDescriptions(),
      ts(),
      decideAtOnce(),
      splitAuthorFile(authorLoader),
      minify(),
      compileEagerly('guidepost.iife.js'),
      keepLazy([{ from: 'guidepost.iife.js', mustNotReach: [AUTHORING], inBuild: false }]),
    ],
    // A single file: the lazily imported UI is inlined (the ESM build keeps it in its own chunk);
    // authoring mode is guidepost.author.iife.js, added when it opens.
    output: { file: 'dist/guidepost.iife.js', format: 'iife', name: 'Guidepost', sourcemap: true, inlineDynamicImports: true },
  },
  {
    input: 'src/index.ts',
    plugins: [
      nodeResolve({ browser: true }),
      stripSchemaDescriptions(),
      ts(),
      splitExperimentsFile(experimentsLoader),
      splitRegexFile(regexLoader),
      splitUiFile(uiLoader),
      splitDebugFile(debugLoader),
      splitLocaleFiles(localeLoader, LOCALE_TAGS),
      lendCoreModules({ ...sharing, loaderPath: uiLoader }),
      splitValidatorFile(validatorLoader),
      splitAuthorFile(authorLoader),
      splitCheckedFile(checkedLoader),
      minify(),
      compileEagerly('guidepost.core.iife.js'),
      keepLazy([{ from: 'guidepost.core.iife.js', mustNotReach: [...LAZY_PARTS, ...ENGINE_EXTRAS, CHECKED_CACHE], inBuild: false }]),
    ],
    // Two files, first the core: what the UI needs comes from guidepost.ui.iife.js, added when
    // needed (the validator from guidepost.validator.iife.js).
    output: { file: 'dist/guidepost.core.iife.js', format: 'iife', name: 'Guidepost', sourcemap: true },
  },
  {
    input: 'src/split/ui-entry.ts',
    plugins: [
      borrowCoreModules(sharing),
      nodeResolve({ browser: true }),
      stripSchemaDescriptions(),
      ts(),
      splitWidgetsFile(widgetsLoader),
      lendCoreModules({ ...debugSharing, loaderPath: uiEntry }),
      lendCoreModules({ ...widgetsSharing, loaderPath: uiEntry }),
      minify(),
      compileEagerly('guidepost.ui.iife.js'),
      // A page that shows something with a compiled manifest does not download the validator,
      // one that shows help does not download the debug tools, and one that shows only tours
      // and tooltips does not download the widgets.
      keepLazy([{ from: 'guidepost.ui.iife.js', mustNotReach: [VALIDATOR, DEBUG_TOOLS, WIDGET_MODULES], inBuild: false }]),
    ],
    output: { file: 'dist/guidepost.ui.iife.js', format: 'iife', sourcemap: true, inlineDynamicImports: true },
  },
  ...LOCALE_TAGS.map((tag) => ({
    input: localeFileInput(tag),
    plugins: [localeFileEntry(fileURLToPath(new URL('./src', import.meta.url))), ts(), minify()],
    output: { file: `dist/guidepost.locale-${tag}.iife.js`, format: 'iife', sourcemap: true },
  })),
  {
    input: 'src/split/widgets-entry.ts',
    plugins: [borrowCoreModules(widgetsSharing), nodeResolve({ browser: true }), stripSchemaDescriptions(), ts(), minify(), compileEagerly('guidepost.widgets.iife.js')],
    // Banners, checklists, hotspots, help links, "Was this helpful?": added with the UI file when one may show.
    output: { file: 'dist/guidepost.widgets.iife.js', format: 'iife', sourcemap: true },
  },
  {
    input: 'src/split/debug-entry.ts',
    plugins: [borrowCoreModules(debugSharing), nodeResolve({ browser: true }), stripSchemaDescriptions(), ts(), minify()],
    // The debug panel and the element picker, added by the core file when the panel opens (after the UI file).
    output: { file: 'dist/guidepost.debug.iife.js', format: 'iife', sourcemap: true, inlineDynamicImports: true },
  },
  {
    input: 'src/split/validator-entry.ts',
    plugins: [nodeResolve({ browser: true }), stripSchemaDescriptions(), ts(), minify(), compileEagerly('guidepost.validator.iife.js')],
    // The validator for a manifest that is not compiled: with the two-file IIFE only.
    output: { file: 'dist/guidepost.validator.iife.js', format: 'iife', sourcemap: true },
  },
  {
    input: 'src/split/experiments-entry.ts',
    plugins: [nodeResolve({ browser: true }), stripSchemaDescriptions(), ts(), minify(), compileEagerly('guidepost.experiments.iife.js')],
    // The experiments controller, for a manifest with experiments: with the two-file IIFE only.
    output: { file: 'dist/guidepost.experiments.iife.js', format: 'iife', sourcemap: true },
  },
  {
    input: 'src/split/regex-entry.ts',
    plugins: [nodeResolve({ browser: true }), stripSchemaDescriptions(), ts(), minify(), compileEagerly('guidepost.regex.iife.js')],
    // The `$regex` guard, for a manifest that uses `$regex`: with the two-file IIFE only.
    output: { file: 'dist/guidepost.regex.iife.js', format: 'iife', sourcemap: true },
  },
  {
    input: 'src/split/checked-entry.ts',
    plugins: [nodeResolve({ browser: true }), stripSchemaDescriptions(), ts(), minify(), compileEagerly('guidepost.checked.iife.js')],
    // Validated manifests kept from earlier page views, for a manifest as written: with the two-file IIFE only.
    output: { file: 'dist/guidepost.checked.iife.js', format: 'iife', sourcemap: true },
  },
  {
    input: 'src/split/author-entry.ts',
    plugins: [nodeResolve({ browser: true }), stripSchemaDescriptions(), ts(), minify()],
    output: { file: 'dist/guidepost.author.iife.js', format: 'iife', sourcemap: true, inlineDynamicImports: true },
  },
  // The CommonJS files (dist/guidepost.cjs, dist/engine.cjs) are bundled from this build's ESM
  // files by scripts/commonjs.mjs once they are written.
  {
    input: 'src/cli/index.ts',
    external: (id) => isNodeBuiltin(id) || isDependency(id) || id === 'jsonc-parser' || id === 'css-what' || id === 'playwright-core' || id.startsWith('@duckdb/'),
    plugins: [ts(), compactCli()],
    output: { file: 'dist/cli.js', format: 'es', sourcemap: true },
  },
];
