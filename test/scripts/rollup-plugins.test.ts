/**
 * The build's own guards (scripts/rollup-plugins.mjs): keepLazy fails a build where lazy code
 * is reachable through static imports, and splitUiFile (splitDebugFile, ...) rewrites the SDK's
 * lazy imports for the two-file IIFE and fails when one is no longer there; firstLine puts a line on top of a finished
 * file and keeps its source map true. Virtual modules, real rollup.
 */
import { describe, expect, it } from 'vitest';
import { rollup, type Plugin } from 'rollup';
// @ts-expect-error: a plain .mjs build script without type declarations
import { decideAtOnce, firstLine, keepLazy, splitAuthorFile, splitDebugFile, splitExperimentsFile, splitLocaleFiles, splitRegexFile, splitUiFile, splitValidatorFile } from '../../scripts/rollup-plugins.mjs';
import { SourceMapConsumer } from 'source-map-js';

/** Serves `files` (path -> code) as modules under /app. */
const virtual = (files: Record<string, string>): Plugin => ({
  name: 'virtual',
  resolveId: (source, importer) => {
    const path = source.startsWith('/') ? source : `/app/src/${source.replace(/^\.\//, '').replace(/^\.\.\//, '')}`;
    const withExt = Object.keys(files).find((f) => f === path || f === `${path}.ts` || f === `${path}.tsx`);
    return withExt ?? (importer ? null : path);
  },
  load: (id) => files[id] ?? null,
});

async function build(files: Record<string, string>, input: string, plugins: Plugin[]) {
  const bundle = await rollup({ input, plugins: [virtual(files), ...plugins], onwarn: () => {} });
  try {
    return await bundle.generate({ format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name].js' });
  } finally {
    await bundle.close();
  }
}

const rule = [{ from: 'index.js', mustNotReach: [/\/src\/ui\/renderer\.tsx$/] }];

describe('keepLazy', () => {
  it('passes when the lazy module is only imported dynamically', async () => {
    const files = { '/app/src/index.ts': "export const ui = () => import('./ui/renderer');", '/app/src/ui/renderer.tsx': 'export const r = 1;' };
    const { output } = await build(files, '/app/src/index.ts', [keepLazy(rule)]);
    expect(output.map((o) => o.fileName)).toContain('chunks/renderer.js');
  });

  it('fails when a shared module pulls the lazy module in statically', async () => {
    const files = {
      '/app/src/index.ts': "import { helper } from './helper'; export const ui = () => import('./ui/renderer'); export { helper };",
      '/app/src/helper.ts': "import { r } from './ui/renderer'; export const helper = () => r;",
      '/app/src/ui/renderer.tsx': 'export const r = 1;',
    };
    await expect(build(files, '/app/src/index.ts', [keepLazy(rule)])).rejects.toThrow(/index\.js loads .*renderer\.tsx up front/);
  });

  it('fails when a pattern matches nothing in the build (a renamed file), rather than passing unchecked', async () => {
    const files = { '/app/src/index.ts': "export const ui = () => import('./ui/view');", '/app/src/ui/view.tsx': 'export const r = 1;' };
    await expect(build(files, '/app/src/index.ts', [keepLazy(rule)])).rejects.toThrow(/matches no module of this build/);
    await expect(build(files, '/app/src/index.ts', [keepLazy([{ ...rule[0], inBuild: false }])])).resolves.toBeDefined();
  });

  it('fails when the named chunk does not exist, rather than passing unchecked', async () => {
    const files = { '/app/src/index.ts': 'export const a = 1;' };
    await expect(build(files, '/app/src/index.ts', [keepLazy([{ from: 'missing.js', mustNotReach: [] }])])).rejects.toThrow(/no chunk "missing.js"/);
  });
});

/** The SDK's words in languages other than English: one lazy module each (src/ui/locales/). */
const LOCALES = ['es', 'zh-CN', 'sk', 'ru', 'de', 'fr', 'ar', 'he'];

describe('splitUiFile, splitDebugFile and splitLocaleFiles', () => {
  const loader = '/app/src/split/ui-file.ts';
  const debugLoader = '/app/src/split/debug-file.ts';
  const localeLoader = '/app/src/split/locale-file.ts';
  const files = {
    [loader]: 'export const loadUiModule = (name) => Promise.resolve(name);',
    [debugLoader]: 'export const loadDebugModule = (name) => Promise.resolve(name);',
    [localeLoader]: 'export const loadLocaleModule = (name) => Promise.resolve(name);',
    '/app/src/runtime/view-chunk.ts': 'export const r = 1;',
    '/app/src/runtime/debug-tools.ts': 'export const d = 1;',
    '/app/src/track/pipeline.ts': 'export const p = 1;',
    '/app/src/runtime/tour-runs.ts': 'export const t = 1;',
    '/app/src/runtime/decide-chunk.ts': 'export const c = 1;',
    ...Object.fromEntries(LOCALES.map((tag) => [`/app/src/ui/locales/${tag}.ts`, `export const words = '${tag}';`])),
  };

  it("rewrites the SDK's lazy imports into loads of the UI file", async () => {
    const sdk = {
      ...files,
      '/app/src/runtime/view.ts': "export const a = () => import('./view-chunk'); export const b = () => import(\"./debug-tools\");",
      '/app/src/track/tracker.ts': "export const d = () => import('./pipeline');",
      '/app/src/runtime/decisions.ts': "export const e = () => import('./tour-runs'); export const f = () => import('./decide-chunk');",
      '/app/src/ui/locales/index.ts': `export const loaders = [${LOCALES.map((tag) => `() => import('./${tag}')`).join(', ')}];`,
      '/app/src/index.ts': "export * from './runtime/view'; export * from './track/tracker'; export * from './runtime/decisions'; export * from './ui/locales/index';",
    };
    const { output } = await build(sdk, '/app/src/index.ts', [splitUiFile(loader) as Plugin, splitDebugFile(debugLoader) as Plugin, splitLocaleFiles(localeLoader, LOCALES) as Plugin]);
    const code = output[0].type === 'chunk' ? output[0].code : '';
    expect(output).toHaveLength(1);
    expect(code).toContain('loadUiModule("view")');
    // view.ts loads from two files: each rewrite imports its own loader under its own name.
    expect(code).toContain('loadDebugModule("debugTools")');
    expect(code).not.toContain('loadUiModule("debugTools")');
    expect(code).toContain('loadUiModule("pipeline")');
    expect(code).toContain('loadUiModule("tours")');
    expect(code).toContain('loadUiModule("decide")');
    // One small file per language.
    for (const tag of LOCALES) expect(code).toContain(`loadLocaleModule("${tag}")`);
    expect(code).not.toContain('export const words');
    expect(code).not.toContain('export const d = 1');
  });

  it('fails the build when one of the lazy imports is gone', async () => {
    const sdk = { ...files, '/app/src/runtime/view.ts': "export const a = () => import('./view-chunk');", '/app/src/index.ts': "export * from './runtime/view';" };
    await expect(build(sdk, '/app/src/index.ts', [splitUiFile(loader) as Plugin])).rejects.toThrow(/no import\(\.\/decide-chunk, \.\/pipeline, \.\/tour-runs\)/);
    const oneLocaleGone = { ...files, '/app/src/ui/locales/index.ts': "export const loaders = [() => import('./es')];", '/app/src/index.ts': "export * from './ui/locales/index';" };
    await expect(build(oneLocaleGone, '/app/src/index.ts', [splitLocaleFiles(localeLoader, LOCALES) as Plugin])).rejects.toThrow(/split-locale-files: no import\(\.\/zh-CN, \.\/sk/);
    const noDebugTools = { ...files, '/app/src/runtime/view.ts': 'export const a = 1;', '/app/src/index.ts': "export * from './runtime/view';" };
    await expect(build(noDebugTools, '/app/src/index.ts', [splitDebugFile(debugLoader) as Plugin])).rejects.toThrow(/split-debug-file: no import\(\.\/debug-tools\)/);
  });
});

describe('splitValidatorFile', () => {
  const loader = '/app/src/split/validator-file.ts';
  const files = {
    [loader]: 'export const loadValidatorModule = (name) => Promise.resolve(name);',
    '/app/src/manifest/validate.ts': 'export const validator = 1;',
  };

  it("rewrites the manifest loader's lazy import into a load of the validator's file, leaving the validator out", async () => {
    const sdk = {
      ...files,
      '/app/src/manifest/load.ts': "export const check = () => import('./validate');",
      '/app/src/index.ts': "export * from './manifest/load';",
    };
    const { output } = await build(sdk, '/app/src/index.ts', [splitValidatorFile(loader) as Plugin]);
    const code = output[0].type === 'chunk' ? output[0].code : '';
    expect(output).toHaveLength(1);
    expect(code).toContain('loadValidatorModule("validate")');
    expect(code).not.toContain('validator = 1');
  });

  it('fails the build when the lazy import is gone', async () => {
    const sdk = { ...files, '/app/src/manifest/load.ts': 'export const check = () => null;', '/app/src/index.ts': "export * from './manifest/load';" };
    await expect(build(sdk, '/app/src/index.ts', [splitValidatorFile(loader) as Plugin])).rejects.toThrow(/split-validator-file: no import\(\.\/validate\) found/);
  });
});

describe('splitAuthorFile', () => {
  const loader = '/app/src/split/author-file.ts';
  const files = {
    [loader]: 'export const loadAuthorModule = (name) => Promise.resolve(name);',
    '/app/src/authoring/author-panel.tsx': 'export const panel = 1;',
  };

  it("rewrites authoring's lazy import into a load of the authoring file, leaving the panel out", async () => {
    const sdk = {
      ...files,
      '/app/src/runtime/authoring/enable.ts': "export const open = () => import('../../authoring/author-panel');",
      '/app/src/index.ts': "export * from './runtime/authoring/enable';",
    };
    const { output } = await build(sdk, '/app/src/index.ts', [splitAuthorFile(loader) as Plugin]);
    const code = output[0].type === 'chunk' ? output[0].code : '';
    expect(output).toHaveLength(1);
    expect(code).toContain('loadAuthorModule("panel")');
    expect(code).not.toContain('panel = 1');
  });

  it('fails the build when the lazy import is gone', async () => {
    const sdk = { ...files, '/app/src/runtime/authoring/enable.ts': 'export const open = () => null;', '/app/src/index.ts': "export * from './runtime/authoring/enable';" };
    await expect(build(sdk, '/app/src/index.ts', [splitAuthorFile(loader) as Plugin])).rejects.toThrow(/split-author-file: no import\(\.\.\/\.\.\/authoring\/author-panel\) found/);
  });
});

describe('splitExperimentsFile and splitRegexFile', () => {
  const files = {
    '/app/src/split/experiments-file.ts': 'export const loadExperimentsModule = (name) => Promise.resolve(name);',
    '/app/src/split/regex-file.ts': 'export const loadRegexModule = (name) => Promise.resolve(name);',
    // Where this test's resolver puts "./safe-regex" and "./experiment-arms" (every path under /app/src).
    '/app/src/safe-regex.ts': 'export const guard = "regex guard";',
    '/app/src/experiment-arms.ts': 'export const arms = "experiment arms";',
  };
  const plugins = () => [splitExperimentsFile('/app/src/split/experiments-file.ts') as Plugin, splitRegexFile('/app/src/split/regex-file.ts') as Plugin];

  it('rewrites the lazy imports of the experiments controller and the $regex guard into loads of their files, leaving both out', async () => {
    const sdk = {
      ...files,
      '/app/src/manifest/load.ts': "export const g = () => import('./safe-regex').then((m) => m.guard);",
      '/app/src/controller/experiments.ts': "export const x = () => import('./experiment-arms').then((m) => m.arms);",
      '/app/src/index.ts': "export * from './manifest/load'; export * from './controller/experiments';",
    };
    const { output } = await build(sdk, '/app/src/index.ts', plugins());
    const code = output[0].type === 'chunk' ? output[0].code : '';
    expect(output).toHaveLength(1);
    expect(code).not.toMatch(/\bimport\(/);
    expect(code).toContain('loadExperimentsModule("experiments")');
    expect(code).toContain('loadRegexModule("regex")');
    expect(code).not.toContain('regex guard');
    expect(code).not.toContain('experiment arms');
  });

  it('fails the build when one of the lazy imports is gone', async () => {
    const sdk = { ...files, '/app/src/manifest/load.ts': "export const g = () => import('./safe-regex');", '/app/src/index.ts': "export * from './manifest/load';" };
    await expect(build(sdk, '/app/src/index.ts', plugins())).rejects.toThrow(/split-experiments-file: no import\(\.\/experiment-arms\) found/);
  });
});

describe('decideAtOnce', () => {
  // Where this test's resolver puts "./decide-chunk" (every path under /app/src).
  const files = { '/app/src/decide-chunk.ts': 'export const openDecider = () => "decider";' };

  it('hands the decision chunk over within the same call: its then() runs before the call returns', async () => {
    const sdk = {
      ...files,
      '/app/src/runtime/decisions.ts': "export function load() { let got; import('./decide-chunk').then((m) => { got = m.openDecider(); }); return got; }",
      '/app/src/index.ts': "export * from './runtime/decisions';",
    };
    const { output } = await build(sdk, '/app/src/index.ts', [decideAtOnce() as Plugin]);
    const code = output[0].type === 'chunk' ? output[0].code : '';
    expect(code).not.toMatch(/\bimport\(/);
    const module = await import(`data:text/javascript,${encodeURIComponent(code)}`);
    expect(module.load()).toBe('decider');
  });

  it('fails the build when the import is gone', async () => {
    const sdk = { ...files, '/app/src/runtime/decisions.ts': 'export const x = 1;', '/app/src/index.ts': "export * from './runtime/decisions';" };
    await expect(build(sdk, '/app/src/index.ts', [decideAtOnce() as Plugin])).rejects.toThrow(/decide-at-once: no import/);
  });
});

describe('firstLine', () => {
  const files = { '/app/src/index.ts': "export const first = 1;\nexport function marker() {\n  return 'the marker';\n}\n" };

  it('puts the line on top of the file and moves its source map down a line, in the map file too', async () => {
    const bundle = await rollup({ input: '/app/src/index.ts', plugins: [virtual(files), firstLine('index.js', '//# allFunctionsCalledOnLoad')], onwarn: () => {} });
    const { output } = await bundle.generate({ format: 'es', sourcemap: true, entryFileNames: '[name].js' });
    await bundle.close();
    const chunk = output.find((file) => file.fileName === 'index.js');
    const mapFile = output.find((file) => file.fileName === 'index.js.map');
    if (chunk?.type !== 'chunk' || mapFile?.type !== 'asset') throw new Error('no chunk or no map file');
    expect(chunk.code.startsWith('//# allFunctionsCalledOnLoad\n')).toBe(true);
    const lines = chunk.code.split('\n');
    const line = lines.findIndex((text) => text.includes("'the marker'"));
    const column = lines[line].indexOf("'the marker'");
    // The map file (what a browser reads) and the chunk's own map both point at the source's third line.
    for (const map of [JSON.parse(String(mapFile.source)), chunk.map]) {
      const position = new SourceMapConsumer(map).originalPositionFor({ line: line + 1, column });
      expect(position.source).toMatch(/index\.ts$/);
      expect(position.line).toBe(3);
    }
  });

  it('fails the build when the file does not exist', async () => {
    const bundle = await rollup({ input: '/app/src/index.ts', plugins: [virtual(files), firstLine('missing.js', '//# x')], onwarn: () => {} });
    await expect(bundle.generate({ format: 'es', entryFileNames: '[name].js' })).rejects.toThrow(/no chunk missing\.js/);
    await bundle.close();
  });
});
