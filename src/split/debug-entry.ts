/**
 * Entry of `guidepost.debug.iife.js`, a file of the two-file IIFE: the debug panel and the
 * element picker, which only a person debugging a page opens. Published on
 * `window.GuidepostDebug` with its version, which the core file checks against its own. Preact
 * and the few UI pieces the panel shares with the surfaces are the UI file's, lent to this file
 * (scripts/shared-modules.mjs): the core file adds the UI file first.
 */
import * as debugTools from '../runtime/debug-tools';
import { SDK_VERSION } from '../version';

export interface DebugModules {
  version: string;
  debugTools: typeof debugTools;
}

const modules: DebugModules = { version: SDK_VERSION, debugTools };
(globalThis as Record<string, unknown>).GuidepostDebug = modules;
