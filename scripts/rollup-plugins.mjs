// Rollup plugins shared by rollup.config.mjs and scripts/size.mjs, so size budgets measure
// exactly what the builds ship.
import esbuild from 'rollup-plugin-esbuild';
import { transform } from 'esbuild';

/**
 * TypeScript and TSX to ES2020 JavaScript with esbuild, one file at a time: no type checking
 * here (`npm run typecheck`, `tsc --noEmit`, does that), which is what makes the build fast.
 * JSX options come from tsconfig.json (`react-jsx` + `jsxImportSource: preact`, so
 * `preact/jsx-runtime` imports as with tsc); `isolatedModules` there keeps the source valid for
 * a per-file transform. It also resolves extensionless relative imports to .ts/.tsx files.
 *
 * One instance can serve several builds of a run (rollup.config.mjs has a dozen): a module seen
 * again with the same code is not transformed again. List plugins that rewrite the TypeScript
 * source before it (stripSchemaDescriptions matches the source's quotes; esbuild reprints them).
 */
export const transformTs = ({ sourceMap = true } = {}) => {
  const plugin = esbuild({
    include: /[\\/]src[\\/].+\.tsx?$/,
    exclude: /node_modules/,
    tsconfig: 'tsconfig.json',
    target: 'es2020', // tsconfig.json's target: the browsers the SDK supports
    charset: 'utf8', // keep the UI strings' letters as written (esbuild escapes them by default)
    sourceMap,
    sourcesContent: false, // the maps point at src/ without copying it, as tsc's did
  });
  // id -> { code, result }: the promise, so builds running side by side (scripts/build.mjs) that
  // ask for the same module at the same moment share one transform.
  const done = new Map();
  return {
    name: 'transform-ts',
    resolveId: plugin.resolveId,
    transform(code, id) {
      const hit = done.get(id);
      if (hit?.code === code) return hit.result;
      const result = plugin.transform.call(this, code, id);
      done.set(id, { code, result });
      // A failed transform is not kept: the next build reports its own error.
      Promise.resolve(result).catch(() => done.get(id)?.result === result && done.delete(id));
      return result;
    },
  };
};

/**
 * Minifies each chunk of a browser file: esbuild first, to ES2020 (tsconfig.json's target, for
 * the dependencies' syntax too) and ASCII (letters escaped: a file served without a charset is
 * read in the page's encoding, and on a windows-1252 page "×" became "Ã—"); then SWC's minifier,
 * terser's compressor and mangler rewritten in Rust, with two compress passes. Measured on the
 * single-file IIFE against what the build used before (esbuild's minifier, then terser with one
 * pass): 0.2–0.3 kB smaller gzipped in a tenth of the time (0.2–0.3 s instead of 2–3.5 s), and terser
 * was about 6 s of CPU of every build. Rollup chains the two steps' source maps. `module` follows
 * each output's format. `esbuildOnly` minifies with esbuild alone: for the ESM build, which an
 * app's bundler minifies again.
 */
export const minifyJs = ({ esbuildOnly = false } = {}) => {
  const lower = (minify) => ({
    name: minify ? 'minify-js' : 'lower-js',
    async renderChunk(code, _chunk, output) {
      const result = await transform(code, {
        minify,
        target: 'es2020',
        format: output.format === 'es' ? 'esm' : undefined,
        charset: 'ascii',
        legalComments: 'none',
        treeShaking: false, // rollup has done that
        sourcemap: !!output.sourcemap,
        sourcesContent: false,
      });
      return { code: result.code, map: result.map || null };
    },
  });
  if (esbuildOnly) return lower(true);
  const swcMinify = {
    name: 'minify-js',
    async renderChunk(code, _chunk, output) {
      const { minify } = await import('@swc/core');
      const result = await minify(code, swcMinifyOptions({ module: output.format === 'es', sourceMap: !!output.sourcemap }));
      return { code: result.code, map: result.map ?? null };
    },
  };
  return [lower(false), swcMinify];
};

/** SWC's options for `minifyJs` (also scripts/analyze-bundle.mjs, which minifies module by module). */
export const swcMinifyOptions = ({ module = false, sourceMap = false } = {}) => ({
  ecma: 2020,
  module,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false, asciiOnly: true },
  sourceMap,
});

/**
 * Puts `line` back on top of the finished file `fileName` (minifying drops comments and
 * directives), and moves its source map down a line.
 */
export const firstLine = (fileName, line) => ({
  name: 'first-line',
  generateBundle(_options, bundle) {
    const chunk = bundle[fileName];
    if (!chunk || chunk.type !== 'chunk') this.error(`first-line: no chunk ${fileName}`);
    chunk.code = `${line}\n${chunk.code}`;
    if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`;
    // Rollup has already emitted the map file as an asset of its own: its mappings move down too.
    const mapFile = bundle[`${fileName}.map`];
    if (mapFile?.type === 'asset') {
      const map = JSON.parse(String(mapFile.source));
      map.mappings = `;${map.mappings}`;
      mapFile.source = JSON.stringify(map);
    }
  },
});

/**
 * Schema descriptions are for editors (they go into schema/manifest.schema.json); the
 * browser never shows them, so browser builds replace each `d('...')` text with ''.
 */
export const stripSchemaDescriptions = () => ({
  name: 'strip-schema-descriptions',
  transform(code, id) {
    if (!/\/src\/manifest\/schema(-settings)?\.ts$/.test(id)) return null;
    return { code: code.replace(/\bd\(\s*'(?:[^'\\]|\\.)*'\s*,?\s*\)/g, "d('')"), map: null };
  },
});

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * For IIFE builds (which cannot split): turns the SDK's dynamic imports of `modules`
 * (specifier → key in the file's global) in the files matching `importers` into calls of
 * `loaderExport` from `loaderPath`, which adds the sibling file to the page. Fails the build when
 * one of them is no longer found, so a refactor cannot quietly put the lazy code back into the
 * first file (a dynamic import left over fails it too).
 */
const loadFromSiblingFile = ({ name, loaderPath, loaderExport, modules, importers }) => {
  const lazyImport = new RegExp(`\\bimport\\(\\s*(['"])(${Object.keys(modules).map(escapeRegExp).join('|')})\\1\\s*\\)`, 'g');
  const replaced = new Set();
  return {
    name,
    transform(code, id) {
      if (!importers.test(id)) return null;
      const out = code.replace(lazyImport, (_, _quote, specifier) => {
        replaced.add(specifier);
        return `__guidepost_${loaderExport}(${JSON.stringify(modules[specifier])})`;
      });
      if (out === code) return null;
      // Appended, not prepended (imports are hoisted): lines keep their numbers, so the source map
      // stays usable. Named after the loader: a module can load from two files (view.ts: the UI's, the debug tools').
      return { code: `${out}\nimport { ${loaderExport} as __guidepost_${loaderExport} } from ${JSON.stringify(loaderPath)};\n`, map: null };
    },
    buildEnd(error) {
      const missing = Object.keys(modules).filter((specifier) => !replaced.has(specifier));
      if (!error && missing.length) this.error(`${name}: no import(${missing.join(', ')}) found in the SDK; update its modules`);
    },
  };
};

/**
 * For the two-file IIFE's core file: the decision beyond the screen (with the tours), the UI and
 * event delivery come from the UI file (src/split/ui-entry.ts, loaded by src/split/ui-file.ts).
 */
export const splitUiFile = (loaderPath) =>
  loadFromSiblingFile({
    name: 'split-ui-file',
    loaderPath,
    loaderExport: 'loadUiModule',
    modules: { './decide-chunk': 'decide', './view-chunk': 'view', './pipeline': 'pipeline', './tour-runs': 'tours' },
    importers: /\/src\/(runtime\/(view|decisions)|track\/tracker)\.ts$/,
  });

/**
 * For the two-file IIFE's core file: the SDK's words in each language but English come from a
 * small file per language, `guidepost.locale-<tag>.iife.js` (src/split/locale-file.ts loads it;
 * `localeFileEntry` writes it), which the core file asks for with the UI file when the page's
 * language needs it: an English page downloads none, a German page only German. `tags`: the
 * tables' file names in src/ui/locales/.
 */
export const splitLocaleFiles = (loaderPath, tags) =>
  loadFromSiblingFile({
    name: 'split-locale-files',
    loaderPath,
    loaderExport: 'loadLocaleModule',
    modules: Object.fromEntries(tags.map((tag) => [`./${tag}`, tag])),
    importers: /\/src\/ui\/locales\/index\.ts$/,
  });

const LOCALE_ENTRY = 'guidepost-locale-entry:';

/**
 * The entry of `guidepost.locale-<tag>.iife.js` (input `localeFileInput(tag)`): the table of
 * src/ui/locales/<tag>.ts, published on `globalThis['GuidepostLocale-<tag>']` with the SDK's
 * version, which the core file checks against its own (src/split/sibling-file.ts).
 */
export const localeFileInput = (tag) => `${LOCALE_ENTRY}${tag}`;
export const localeFileEntry = (sourceDir) => ({
  name: 'locale-file-entry',
  resolveId: (source) => (source.startsWith(LOCALE_ENTRY) ? `\0${source}` : null),
  load(id) {
    if (!id.startsWith(`\0${LOCALE_ENTRY}`)) return null;
    const tag = id.slice(LOCALE_ENTRY.length + 1);
    return [
      `import { strings } from ${JSON.stringify(`${sourceDir}/ui/locales/${tag}.ts`)};`,
      `import { SDK_VERSION } from ${JSON.stringify(`${sourceDir}/version.ts`)};`,
      `globalThis[${JSON.stringify(`GuidepostLocale-${tag}`)}] = { version: SDK_VERSION, strings };`,
    ].join('\n');
  },
});

/**
 * For the two-file IIFE's core file: the debug panel and the element picker, which only a person
 * debugging a page opens, come from a file of their own (src/split/debug-entry.ts, loaded by
 * src/split/debug-file.ts), which borrows Preact from the UI file: a page showing help does not
 * download them.
 */
export const splitDebugFile = (loaderPath) =>
  loadFromSiblingFile({
    name: 'split-debug-file',
    loaderPath,
    loaderExport: 'loadDebugModule',
    modules: { './debug-tools': 'debugTools' },
    importers: /\/src\/runtime\/view\.ts$/,
  });

/**
 * For the two-file IIFE's UI file: banners, checklists, hotspots, help links and "Was this
 * helpful?" come from a file of their own (src/split/widgets-entry.ts), which borrows Preact from
 * the UI file: a page showing only tours and tooltips does not download them. The view's
 * `import('../ui/widgets')` becomes a call of the core file's loader (src/split/widgets-file.ts),
 * lent to the UI file.
 */
export const splitWidgetsFile = (loaderPath) =>
  loadFromSiblingFile({
    name: 'split-widgets-file',
    loaderPath,
    loaderExport: 'loadWidgetsModule',
    modules: { '../ui/widgets': 'widgets' },
    importers: /\/src\/runtime\/view-chunk\.ts$/,
  });

/**
 * For the two-file IIFE's core file: the validator, which only a manifest that `guidepost build`
 * did not compile needs, comes from a file of its own (src/split/validator-entry.ts, loaded by
 * src/split/validator-file.ts), so such a page with nothing to show does not download the UI,
 * and a page that shows something with a compiled manifest does not download the validator.
 */
export const splitValidatorFile = (loaderPath) =>
  loadFromSiblingFile({
    name: 'split-validator-file',
    loaderPath,
    loaderExport: 'loadValidatorModule',
    modules: { './validate': 'validate' },
    importers: /\/src\/manifest\/load\.ts$/,
  });

/**
 * Makes the SDK's dynamic imports of `specifiers` in the files matching `importers` static: the
 * module becomes part of the file, and the import() call hands it over through `handOver`, an
 * expression taking the module. Fails the build when one of them is no longer found, so a
 * refactor cannot leave a dynamic import the IIFE cannot split (or a rule that checks nothing).
 */
const inlineLazyImports = ({ name, specifiers, importers, handOver, helper = '' }) => {
  const lazyImport = new RegExp(`\\bimport\\(\\s*(['"])(${specifiers.map(escapeRegExp).join('|')})\\1\\s*\\)`, 'g');
  const replaced = new Set();
  return {
    name,
    transform(code, id) {
      if (!importers.test(id)) return null;
      const statics = [];
      const out = code.replace(lazyImport, (_, _quote, specifier) => {
        replaced.add(specifier);
        statics.push(`import * as __guidepostInline${statics.length} from ${JSON.stringify(specifier)};`);
        return handOver(`__guidepostInline${statics.length - 1}`);
      });
      if (out === code) return null;
      // Appended (imports are hoisted): lines keep their numbers.
      return { code: `${out}\n${statics.join('\n')}\n${helper}\n`, map: null };
    },
    buildEnd(error) {
      const missing = specifiers.filter((specifier) => !replaced.has(specifier));
      if (!error && missing.length) this.error(`${name}: no import(${missing.join(', ')}) found in the SDK; update its list`);
    },
  };
};

/**
 * For the two-file IIFE's core file: the experiments controller (with the assignment and the
 * condition evaluator it uses) comes from `guidepost.experiments.iife.js`, which only a manifest
 * with experiments makes the core file add, before its first decision and whatever the
 * visitor's arm (src/split/experiments-file.ts).
 */
export const splitExperimentsFile = (loaderPath) =>
  loadFromSiblingFile({
    name: 'split-experiments-file',
    loaderPath,
    loaderExport: 'loadExperimentsModule',
    modules: { './experiment-arms': 'experiments' },
    importers: /\/src\/controller\/experiments\.ts$/,
  });

/**
 * For the two-file IIFE's core file: the `$regex` guard comes from `guidepost.regex.iife.js`,
 * which only a manifest that uses `$regex` makes the core file add while it loads the manifest
 * (src/split/regex-file.ts).
 */
export const splitRegexFile = (loaderPath) =>
  loadFromSiblingFile({
    name: 'split-regex-file',
    loaderPath,
    loaderExport: 'loadRegexModule',
    modules: { './safe-regex': 'regex' },
    importers: /\/src\/manifest\/load\.ts$/,
  });

/**
 * For the single-file IIFE, where every lazy module is inlined anyway: the decision chunk's
 * dynamic import in src/runtime/decisions.ts becomes a thenable that hands over the statically
 * imported module at once, so the first decision that may show something runs in the same call
 * (decisions.ts checks whether the module arrived synchronously) instead of a few microtasks
 * later, and decisions stay synchronous as before the screen.
 */
export const decideAtOnce = () =>
  inlineLazyImports({
    name: 'decide-at-once',
    specifiers: ['./decide-chunk'],
    importers: /\/src\/runtime\/decisions\.ts$/,
    handOver: (module) => `__guidepostAtOnce(${module})`,
    helper: 'const __guidepostAtOnce = (module) => ({ then: (resolve) => Promise.resolve(resolve(module)) });',
  });

/**
 * For the two-file IIFE's core file: what earlier page views kept of validated manifests
 * (src/manifest/checked-cache.ts) comes from `guidepost.checked.iife.js`, which only a manifest
 * that is not compiled makes the core file add; with a kept result the validator's file is not
 * added (src/split/checked-file.ts).
 */
export const splitCheckedFile = (loaderPath) =>
  loadFromSiblingFile({
    name: 'split-checked-file',
    loaderPath,
    loaderExport: 'loadCheckedModule',
    modules: { './checked-cache': 'checked' },
    importers: /\/src\/manifest\/load\.ts$/,
  });

/** What earlier page views kept of validated manifests: lazy in the ESM build and the two-file core file (a page with a compiled manifest never needs it). */
export const CHECKED_CACHE = /[\\/]src[\\/]manifest[\\/]checked-cache\.ts$/;

/**
 * For both IIFE builds: authoring mode's panel comes from `guidepost.author.iife.js`
 * (src/split/author-entry.ts, loaded by src/split/author-file.ts), so neither the single file
 * nor the two-file IIFE carries it.
 */
export const splitAuthorFile = (loaderPath) =>
  loadFromSiblingFile({
    name: 'split-author-file',
    loaderPath,
    loaderExport: 'loadAuthorModule',
    modules: { '../../authoring/author-panel': 'panel' },
    importers: /\/src\/runtime\/authoring\/enable\.ts$/,
  });

/**
 * Fails the build when code meant to load lazily can be reached from a chunk through static
 * imports. `rules`: for a chunk file name, the module ids (or external imports) it must not
 * reach, and whether those are part of this build at all (`inBuild`, default true). Read from rollup's own bundle graph, so it cannot be fooled by how output is printed.
 */
export const keepLazy = (rules) => ({
  name: 'keep-lazy',
  generateBundle(_options, bundle) {
    const chunks = new Map(Object.values(bundle).filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
    // Everything in this build: module ids and external imports.
    const everything = new Set([...chunks.values()].flatMap((c) => [...Object.keys(c.modules), ...c.imports, ...c.dynamicImports]));
    for (const { from, mustNotReach, inBuild = true } of rules) {
      if (!chunks.has(from)) this.error(`keep-lazy: no chunk "${from}" in this build (have: ${[...chunks.keys()].join(', ')})`);
      // In a code-split build every lazy part is somewhere: a pattern that matches nothing checks
      // nothing, so a renamed file fails here instead of passing. (A build that leaves the lazy
      // parts out entirely, like the two-file core, says so with inBuild: false.)
      const idle = inBuild ? mustNotReach.filter((pattern) => ![...everything].some((id) => pattern.test(id))) : [];
      if (idle.length) this.error(`keep-lazy: ${idle.join(', ')} matches no module of this build; update the rule`);
      const reached = new Set();
      const visit = (name) => {
        if (reached.has(name)) return;
        reached.add(name);
        const chunk = chunks.get(name);
        if (!chunk) return; // an external import: checked by its name
        for (const id of Object.keys(chunk.modules)) reached.add(id);
        for (const dependency of chunk.imports) visit(dependency);
      };
      visit(from);
      const found = [...reached].filter((id) => mustNotReach.some((pattern) => pattern.test(id)));
      if (found.length) this.error(`keep-lazy: ${from} loads ${found.map((id) => id.replace(process.cwd(), '.')).join(', ')} up front; it must stay behind a dynamic import`);
    }
  },
});

/** Authoring mode's panel: a lazy chunk of the ESM build, a file of its own for the IIFE builds. */
export const AUTHORING = /[\\/]src[\\/]authoring[\\/]/;

/**
 * Lazy in both the ESM build and the two-file IIFE's core file (whose files of their own they
 * are: splitExperimentsFile, splitRegexFile): the `$regex` guard, the experiments controller
 * and the assignment only it uses, and the condition evaluator the assignment shares with the
 * decision chunk.
 */
export const ENGINE_EXTRAS = [
  // The condition evaluator: the decision chunk's, and the experiments controller's (assignment
  // conditions; the experiments' file carries its own copy).
  /[\\/]src[\\/]engine[\\/]condition\.ts$/,
  /(^|[\\/]node_modules[\\/])@growthbook[\\/]/,
  /[\\/]src[\\/]manifest[\\/]safe-regex\.ts$/,
  /[\\/]src[\\/]controller[\\/]experiment-arms\.ts$/,
  /[\\/]src[\\/]engine[\\/]assign\.ts$/,
];

/**
 * What must not load with the SDK's first file: the decision beyond the screen, the validator, the UI (every module of src/ui
 * but the focus helper the tour runner uses and the surface types), text rendering, the
 * element picker's selector logic, the SDK's words in other languages than English, and the
 * UI's dependencies. (The ESM build and the two-file core file also keep ENGINE_EXTRAS out.)
 */
export const LAZY_PARTS = [
  // The decision beyond the screen (src/runtime/decisions.ts): the engine's decide, pacing and
  // condition evaluator, and the runtime that applies a decision and waits for targets.
  /[\\/]src[\\/]runtime[\\/](decide-chunk|decide-now|explain-decided|exposure|content-checks)\.ts$/,
  // A compiled manifest's content checks: run when some item may show (src/runtime/content-checks.ts).
  /[\\/]src[\\/]manifest[\\/](compiled-checks|theme-hazard)\.ts$/,
  /[\\/]src[\\/]engine[\\/](decide|item-verdict|pacing|prepare)\.ts$/,
  /[\\/]src[\\/]dom[\\/]targets\.ts$/,
  /[\\/]src[\\/]manifest[\\/](validate|checks|issues|schema|schema-settings|describe|richtext|localize)\.ts$/,
  /[\\/]src[\\/]ui[\\/](?!(focus|surface)\.ts$)[^\\/]+$/,
  // The SDK's words in languages other than English: only the loaders (locales/index.ts) are in the core.
  /[\\/]src[\\/]ui[\\/]locales[\\/](?!index\.ts$)[^\\/]+$/,
  /[\\/]src[\\/]dom[\\/]recommend-selector\.ts$/,
  /[\\/]src[\\/]runtime[\\/](view-chunk|surface-actions|debug-tools|tour-runs|actions)\.ts$/,
  // Authoring mode (the panel, its JSON Patch, its forms): only its switch, runtime/authoring/enable.ts, is in the core.
  AUTHORING,
  // Closing surfaces and completing checklists (runtime/actions.ts): only the decision chunk shows them.
  /[\\/]src[\\/](controller[\\/](tours|checklists)|dom[\\/]tour-runner)\.ts$/,
  /[\\/]src[\\/]track[\\/](pipeline|delivery|send-loop|send-waits|send-deadline|wake-timer|outbox|outbox-mirror|outbox-memory|outbox-resilient|outbox-tabs|keepalive-in-flight|beacons|beacon-chunks|transport|lock|platform|retry-policy)\.ts$/,
  /(^|[\\/]node_modules[\\/])preact([\\/]|$)/,
  /(^|[\\/]node_modules[\\/])@floating-ui[\\/]/,
  /(^|[\\/]node_modules[\\/])valibot([\\/]|$)/,
];
