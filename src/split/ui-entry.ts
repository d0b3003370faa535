/**
 * Entry of `guidepost.ui.iife.js`, the second file of the two-file IIFE: everything the
 * core file loads on demand, published on `window.GuidepostUI`.
 */
import * as renderer from '../ui/renderer';
import * as debugView from '../ui/debug-view';
import * as validate from '../manifest/validate';

export interface UiModules {
  renderer: typeof renderer;
  debugView: typeof debugView;
  validate: typeof validate;
}

const modules: UiModules = { renderer, debugView, validate };
(globalThis as Record<string, unknown>).GuidepostUI = modules;
