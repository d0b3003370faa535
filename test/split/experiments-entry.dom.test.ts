/**
 * src/split/experiments-entry.ts, the entry of guidepost.experiments.iife.js: running it publishes `window.GuidepostExperiments` =
 * { version, experiments }, where the experiments controller, `experiments`, is the very module the SDK's
 * `import('./experiment-arms')` in controller/experiments.ts names, under the key the build rewrites that import into; the core
 * file's loader (experiments-file.ts) then hands it out without adding a script; a file
 * of another version published earlier is replaced. (The file in a real page: experiments-file.browser.test.ts.)
 */
import { describeSplitEntry } from '../support/split-entries';

describeSplitEntry({
  name: 'experiments-entry',
  global: 'GuidepostExperiments',
  entry: () => import('../../src/split/experiments-entry'),
  key: 'experiments',
  own: () => import('../../src/controller/experiment-arms'),
  exported: 'openArms',
  plugin: 'splitExperimentsFile',
  importer: 'controller/experiments.ts',
  specifier: './experiment-arms',
  loader: () => import('../../src/split/experiments-file'),
  loaderName: 'loadExperimentsModule',
});
