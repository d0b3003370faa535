/**
 * src/split/checked-entry.ts, the entry of guidepost.checked.iife.js: running it publishes
 * `window.GuidepostChecked` = { version, checked }, where `checked` is the very module the SDK's
 * `import('./checked-cache')` in manifest/load.ts names, under the key the build rewrites that
 * import into; the core file's loader (checked-file.ts) then hands it out without adding a
 * script; a file of another version published earlier is replaced. (The file in a real page:
 * checked-file.browser.test.ts.)
 */
import { describeSplitEntry } from '../support/split-entries';

describeSplitEntry({
  name: 'checked-entry',
  global: 'GuidepostChecked',
  entry: () => import('../../src/split/checked-entry'),
  key: 'checked',
  own: () => import('../../src/manifest/checked-cache'),
  exported: 'admitChecked',
  plugin: 'splitCheckedFile',
  importer: 'manifest/load.ts',
  specifier: './checked-cache',
  loader: () => import('../../src/split/checked-file'),
  loaderName: 'loadCheckedModule',
});
