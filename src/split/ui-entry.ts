/**
 * Entry of `guidepost.ui.iife.js`, the second file of the two-file IIFE: everything the core
 * file loads on demand to decide and show something (the decision beyond the screen with the
 * tours, UI, event delivery), published on `window.GuidepostUI` with its version, which the core
 * file checks against its own. The validator, the debug tools and the SDK's words in each other
 * language are files of their own (validator-entry.ts, debug-entry.ts, locale-file.ts); the debug
 * tools' file borrows Preact from this one.
 */
import * as decide from '../runtime/decide-chunk';
import * as view from '../runtime/view-chunk';
import * as pipeline from '../track/pipeline';
import * as tours from '../runtime/tour-runs';
import { SDK_VERSION } from '../version';

export interface UiModules {
  version: string;
  decide: typeof decide;
  view: typeof view;
  pipeline: typeof pipeline;
  tours: typeof tours;
}

const modules: UiModules = { version: SDK_VERSION, decide, view, pipeline, tours };
// The first UI file of this version to run is the one every file uses: the core file reads it,
// the debug tools' and the widgets' files borrow its Preact (its lent array stays too:
// scripts/shared-modules.mjs). A second copy (the page's own tag, and the one the core file
// added before that tag ran) changes nothing.
const published = (globalThis as Record<string, unknown>).GuidepostUI as { version?: unknown } | undefined;
if (published?.version !== SDK_VERSION) (globalThis as Record<string, unknown>).GuidepostUI = modules;
