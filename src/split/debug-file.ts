/**
 * The debug tools in the two-file IIFE: `guidepost.debug.iife.js`, next to Guidepost's script,
 * added to the page the first time the debug panel opens. It borrows Preact and a few UI
 * pieces from the UI file, which is added (or found) at the same time. The build replaces the
 * SDK's `import('./debug-tools')` with `loadDebugModule` (see scripts/rollup-plugins.mjs).
 */
import type { DebugModules } from './debug-entry';
import { siblingFileLoader } from './sibling-file';
import { loadUiModule } from './ui-file';

const DEBUG_FILE = 'guidepost.debug.iife.js';

const loadDebugFile = siblingFileLoader<DebugModules>({ file: DEBUG_FILE, global: 'GuidepostDebug', attribute: 'data-debug', lender: () => loadUiModule('view') });

/** What `import('./debug-tools')` becomes in the core file. */
export function loadDebugModule(name: 'debugTools'): Promise<DebugModules['debugTools']> {
  return loadDebugFile().then((modules) => {
    if (!modules[name]) throw new Error(`${DEBUG_FILE} has no "${name}" module`);
    return modules[name];
  });
}
