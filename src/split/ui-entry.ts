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
(globalThis as Record<string, unknown>).GuidepostUI = modules;
