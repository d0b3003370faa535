/**
 * What earlier page views kept of validated manifests, in the two-file IIFE:
 * `guidepost.checked.iife.js`, next to Guidepost's script, added to the page when a manifest
 * that `guidepost build` did not compile is loaded. The build replaces the SDK's
 * `import('./checked-cache')` with `loadCheckedModule` (see scripts/rollup-plugins.mjs).
 */
import { siblingModuleLoader } from './sibling-file';
import type { CheckedModules } from './checked-entry';

/** What `import('./checked-cache')` becomes in the core file. */
export const loadCheckedModule = siblingModuleLoader<CheckedModules>({ file: 'guidepost.checked.iife.js', global: 'GuidepostChecked', attribute: 'data-checked' });
