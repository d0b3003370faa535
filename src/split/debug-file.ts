/**
 * The debug tools in the two-file IIFE: `guidepost.debug.iife.js`, next to Guidepost's script,
 * added to the page the first time the debug panel opens. It borrows Preact and a few UI
 * pieces from the UI file, which is added (or found) at the same time. The build replaces the
 * SDK's `import('./debug-tools')` with `loadDebugModule` (see scripts/rollup-plugins.mjs).
 */
import type { DebugModules } from './debug-entry';
import { siblingModuleLoader } from './sibling-file';
import { loadUiModule } from './ui-file';

/** What `import('./debug-tools')` becomes in the core file. */
export const loadDebugModule = siblingModuleLoader<DebugModules>({ file: 'guidepost.debug.iife.js', global: 'GuidepostDebug', attribute: 'data-debug', lender: () => loadUiModule('view') });
