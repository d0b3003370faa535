/**
 * src/split/validator-entry.ts, the entry of guidepost.validator.iife.js: running it publishes
 * `window.GuidepostValidator` = { version, validate }, where `validate` is the very module the
 * SDK's `import('./validate')` in manifest/load.ts names and the key the build rewrites that
 * import into; the core file's loader then takes it without adding a script; a file of another
 * version published earlier is replaced. (The file in a real page: validator-file.browser.test.ts.)
 */
import { describeSplitEntry } from '../support/split-entries';

describeSplitEntry({
  name: 'validator-entry',
  global: 'GuidepostValidator',
  entry: () => import('../../src/split/validator-entry'),
  key: 'validate',
  own: () => import('../../src/manifest/validate'),
  exported: 'validateManifest',
  plugin: 'splitValidatorFile',
  importer: 'manifest/load.ts',
  specifier: './validate',
  loader: () => import('../../src/split/validator-file'),
  loaderName: 'loadValidatorModule',
});
