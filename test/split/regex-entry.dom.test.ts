/**
 * src/split/regex-entry.ts, the entry of guidepost.regex.iife.js: running it publishes `window.GuidepostRegex` =
 * { version, regex }, where the `$regex` guard, `regex`, is the very module the SDK's `import('./safe-regex')` in
 * manifest/load.ts names, under the key the build rewrites that import into; the core
 * file's loader (regex-file.ts) then hands it out without adding a script; a file
 * of another version published earlier is replaced. (The file in a real page: load-regex-guard.dom.test.tsx, the guard in use.)
 */
import { describeSplitEntry } from '../support/split-entries';

describeSplitEntry({
  name: 'regex-entry',
  global: 'GuidepostRegex',
  entry: () => import('../../src/split/regex-entry'),
  key: 'regex',
  own: () => import('../../src/manifest/safe-regex'),
  exported: 'guardPattern',
  plugin: 'splitRegexFile',
  importer: 'manifest/load.ts',
  specifier: './safe-regex',
  loader: () => import('../../src/split/regex-file'),
  loaderName: 'loadRegexModule',
});
