/**
 * Entry of `guidepost.checked.iife.js`, a file of the two-file IIFE for pages whose manifest is
 * not compiled: the results kept of manifests validated on earlier page views
 * (manifest/checked-cache.ts), published on `window.GuidepostChecked` with its version, which
 * the core file checks against its own. With a kept result the page never adds the validator's
 * file; a compiled manifest never downloads this one.
 */
import * as checked from '../manifest/checked-cache';
import { SDK_VERSION } from '../version';

export interface CheckedModules {
  version: string;
  checked: typeof checked;
}

const modules: CheckedModules = { version: SDK_VERSION, checked };
(globalThis as Record<string, unknown>).GuidepostChecked = modules;
