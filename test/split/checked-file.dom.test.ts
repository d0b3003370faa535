/**
 * src/split/checked-file.ts: loadCheckedModule(name) loads the file of validated manifests kept
 * from earlier page views, `guidepost.checked.iife.js`, next to Guidepost's script (or from
 * `data-checked-src`, with `data-checked-integrity`), and hands out the module the file
 * publishes on `window.GuidepostChecked` for this version; the file is added once; a module the
 * file lacks is an error naming it. (What the file publishes: checked-entry.dom.test.ts; in a
 * real page: checked-file.browser.test.ts.)
 */
import { describeSiblingLoader } from '../support/sibling-loader-cases';

describeSiblingLoader({
  loaderName: 'loadCheckedModule',
  importModule: () => import('../../src/split/checked-file'),
  global: 'GuidepostChecked',
  file: 'guidepost.checked.iife.js',
  attribute: 'checked',
  core: 'https://app.example/static/guidepost.core.iife.js?v=2',
  module: 'checked',
  value: { admitChecked: async () => undefined },
});
