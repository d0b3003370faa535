/**
 * src/split/author-file.ts: loadAuthorModule(name) loads the authoring panel's own file,
 * `guidepost.author.iife.js`, next to Guidepost's script (or from `data-author-src`, with
 * `data-author-integrity`), and hands out the module the file publishes on
 * `window.GuidepostAuthoring` for this version; the file is added once; a module the file lacks
 * is an error naming it. (What the file publishes: author-entry.dom.test.ts.)
 */
import { describeSiblingLoader } from '../support/sibling-loader-cases';

describeSiblingLoader({
  loaderName: 'loadAuthorModule',
  importModule: () => import('../../src/split/author-file'),
  global: 'GuidepostAuthoring',
  file: 'guidepost.author.iife.js',
  attribute: 'author',
  core: 'https://app.example/static/guidepost.iife.js?v=2',
  module: 'panel',
  value: { mountAuthoring: () => undefined },
});
