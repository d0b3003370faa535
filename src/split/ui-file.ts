/**
 * The two-file IIFE: `guidepost.core.iife.js` holds the manifest, engine, progress and
 * events; `guidepost.ui.iife.js` holds the UI, tours and event delivery, and is added to the page the
 * first time one of them is needed (the validator, the debug tools and each language's words
 * are files of their own: validator-file.ts, debug-file.ts, locale-file.ts). The build replaces the SDK's
 * dynamic imports of those modules with `loadUiModule` (see scripts/rollup-plugins.mjs).
 */
import { siblingModuleLoader } from './sibling-file';
import type { UiModules } from './ui-entry';

/** The global the UI file defines. */
export const UI_GLOBAL = 'GuidepostUI';

/** What `import('./view-chunk')` and friends become in the core file. */
export const loadUiModule = siblingModuleLoader<UiModules>({ file: 'guidepost.ui.iife.js', global: UI_GLOBAL, attribute: 'data-ui' });
