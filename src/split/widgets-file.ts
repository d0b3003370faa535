/**
 * The widgets in the two-file IIFE: `guidepost.widgets.iife.js`, next to Guidepost's script,
 * added when the view draws the first banner, checklist, hotspot or help link, or a tour that
 * asks "Was this helpful?" (src/runtime/view-chunk.ts), as the ESM build loads its widgets
 * chunk. It borrows Preact and the UI pieces it shares with the tour step from the UI file. This
 * loader is the core file's (where the script tag's attributes are read), lent to the UI file,
 * whose `import('../ui/widgets')` the build turns into `loadWidgetsModule` (scripts/rollup-plugins.mjs).
 */
import { siblingFileLoader } from './sibling-file';
import { loadUiModule } from './ui-file';
import type { WidgetsModules } from './widgets-entry';

const WIDGETS_FILE = 'guidepost.widgets.iife.js';

const loadWidgetsFile = siblingFileLoader<WidgetsModules>({ file: WIDGETS_FILE, global: 'GuidepostWidgets', attribute: 'data-widgets', lender: () => loadUiModule('view') });

/** What the UI file's `import('../ui/widgets')` becomes. */
export function loadWidgetsModule(name: 'widgets'): Promise<WidgetsModules['widgets']> {
  return loadWidgetsFile().then((modules) => {
    if (!modules[name]) throw new Error(`${WIDGETS_FILE} has no "${name}" module`);
    return modules[name];
  });
}
