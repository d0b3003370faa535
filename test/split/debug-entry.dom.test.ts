/**
 * src/split/debug-entry.ts, the entry of guidepost.debug.iife.js: running it publishes `window.GuidepostDebug` =
 * { version, debugTools }, where the debug tools, `debugTools`, are the very module the SDK's `import('./debug-tools')` in
 * runtime/view.ts names, under the key the build rewrites that import into; the core
 * file's loader (debug-file.ts) then hands it out without adding a script (its lender, the UI file, is
 * not asked for when this file is already there); a file
 * of another version published earlier is replaced. (The file in a real page: debug-file.browser.test.ts.)
 */
import { describeSplitEntry } from '../support/split-entries';

describeSplitEntry({
  name: 'debug-entry',
  global: 'GuidepostDebug',
  entry: () => import('../../src/split/debug-entry'),
  key: 'debugTools',
  own: () => import('../../src/runtime/debug-tools'),
  exported: 'debugTools',
  plugin: 'splitDebugFile',
  importer: 'runtime/view.ts',
  specifier: './debug-tools',
  loader: () => import('../../src/split/debug-file'),
  loaderName: 'loadDebugModule',
});
