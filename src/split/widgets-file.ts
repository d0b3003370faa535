/**
 * The widgets in the two-file IIFE: `guidepost.widgets.iife.js`, next to Guidepost's script,
 * added when the view draws the first banner, checklist, hotspot or help link, or a tour that
 * asks "Was this helpful?" (src/runtime/view-chunk.ts), as the ESM build loads its widgets
 * chunk. It borrows Preact and the UI pieces it shares with the tour step from the UI file. This
 * loader is the core file's (where the script tag's attributes are read), lent to the UI file,
 * whose `import('../ui/widgets')` the build turns into `loadWidgetsModule` (scripts/rollup-plugins.mjs).
 */
import { siblingModuleLoader } from './sibling-file';
import { loadUiModule } from './ui-file';
import type { WidgetsModules } from './widgets-entry';

/** What the UI file's `import('../ui/widgets')` becomes. */
export const loadWidgetsModule = siblingModuleLoader<WidgetsModules>({ file: 'guidepost.widgets.iife.js', global: 'GuidepostWidgets', attribute: 'data-widgets', lender: () => loadUiModule('view') });
