/**
 * src/split/regex-file.ts: loadRegexModule(name) loads the `$regex` guard's own file,
 * `guidepost.regex.iife.js`, next to Guidepost's script (or from `data-regex-src`, with
 * `data-regex-integrity`), and hands out the module the file publishes on
 * `window.GuidepostRegex` for this version; the file is added once; a module the file lacks
 * is an error naming it. (What the file publishes: regex-entry.dom.test.ts; the guard's load
 * failing in the SDK: test/manifest/load-regex-guard-failure.dom.test.tsx.)
 */
import { describeSiblingLoader } from '../support/sibling-loader-cases';

describeSiblingLoader({
  loaderName: 'loadRegexModule',
  importModule: () => import('../../src/split/regex-file'),
  global: 'GuidepostRegex',
  file: 'guidepost.regex.iife.js',
  attribute: 'regex',
  core: 'https://app.example/static/guidepost.core.iife.js?v=2',
  module: 'regex',
  value: { guardPattern: (pattern: string) => pattern },
});
