/**
 * Entry of `guidepost.author.iife.js`: authoring mode's panel for the IIFE builds, published on
 * `window.GuidepostAuthoring` with its version, which Guidepost's script checks against its own.
 * Self-contained (its own Preact and validator), so a page pays for it only when authoring opens.
 */
import * as panel from '../authoring/author-panel';
import { SDK_VERSION } from '../version';

export interface AuthorModules {
  version: string;
  panel: typeof panel;
}

const modules: AuthorModules = { version: SDK_VERSION, panel };
(globalThis as Record<string, unknown>).GuidepostAuthoring = modules;
