/**
 * src/split/author-entry.ts, the entry of guidepost.author.iife.js: running it publishes `window.GuidepostAuthoring` =
 * { version, panel }, where the authoring panel, `panel`, is the very module the SDK's
 * `import('../../authoring/author-panel')` in runtime/authoring/enable.ts names, under the key the build rewrites that import into; the core
 * file's loader (author-file.ts) then hands it out without adding a script; a file
 * of another version published earlier is replaced. (The file in a real page: test/authoring/author-panel.browser.test.ts.)
 */
import { describeSplitEntry } from '../support/split-entries';

describeSplitEntry({
  name: 'author-entry',
  global: 'GuidepostAuthoring',
  entry: () => import('../../src/split/author-entry'),
  key: 'panel',
  own: () => import('../../src/authoring/author-panel'),
  exported: 'mountAuthoring',
  plugin: 'splitAuthorFile',
  importer: 'runtime/authoring/enable.ts',
  specifier: '../../authoring/author-panel',
  loader: () => import('../../src/split/author-file'),
  loaderName: 'loadAuthorModule',
});
