/**
 * Entry of `guidepost.widgets.iife.js`, a file of the two-file IIFE: banners, checklists,
 * hotspots, help links and "Was this helpful?" (src/ui/widgets.tsx), which a page showing only
 * tours and tooltips never needs. Published on `window.GuidepostWidgets` with its version, which
 * the core file checks against its own. Preact and the UI pieces the widgets share with the tour
 * step (card, popover, placement, rich text) are the UI file's, lent to this file
 * (scripts/shared-modules.mjs).
 */
import * as widgets from '../ui/widgets';
import { SDK_VERSION } from '../version';

export interface WidgetsModules {
  version: string;
  widgets: typeof widgets;
}

const modules: WidgetsModules = { version: SDK_VERSION, widgets };
(globalThis as Record<string, unknown>).GuidepostWidgets = modules;
