/**
 * Entry of `guidepost.regex.iife.js`, a file of the two-file IIFE for pages whose manifest uses
 * `$regex` or `$regexi`: the guard that runs those patterns safely (manifest/safe-regex.ts),
 * published on `window.GuidepostRegex` with its version, which the core file checks against its
 * own. The core file adds it while the manifest loads, before the first decision; a manifest
 * without patterns never downloads it.
 */
import * as regex from '../manifest/safe-regex';
import { SDK_VERSION } from '../version';

export interface RegexModules {
  version: string;
  regex: typeof regex;
}

const modules: RegexModules = { version: SDK_VERSION, regex };
(globalThis as Record<string, unknown>).GuidepostRegex = modules;
