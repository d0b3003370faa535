/**
 * src/split/widgets-entry.ts, the entry of guidepost.widgets.iife.js: running it publishes `window.GuidepostWidgets` =
 * { version, widgets }, where the widgets, `widgets`, are the very module the UI's `import('../ui/widgets')` in
 * runtime/view-chunk.ts names, under the key the build rewrites that import into; the core
 * file's loader (widgets-file.ts) then hands it out without adding a script (its lender, the UI file, is
 * not asked for when this file is already there); a file
 * of another version published earlier is replaced. (The file in a real page: widgets-file.browser.test.ts.)
 */
import { describeSplitEntry } from '../support/split-entries';

describeSplitEntry({
  name: 'widgets-entry',
  global: 'GuidepostWidgets',
  entry: () => import('../../src/split/widgets-entry'),
  key: 'widgets',
  own: () => import('../../src/ui/widgets'),
  exported: 'WidgetView',
  plugin: 'splitWidgetsFile',
  importer: 'runtime/view-chunk.ts',
  specifier: '../ui/widgets',
  loader: () => import('../../src/split/widgets-file'),
  loaderName: 'loadWidgetsModule',
});
