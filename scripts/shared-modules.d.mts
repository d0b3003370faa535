import type { Plugin } from 'rollup';

/** One module the core file lends the UI file: which of its exports, under which key. */
export interface LentModule {
  key: string;
  /** An absolute path, or a package name. */
  module: string;
  exports: string[];
}

export const SHARED_GLOBAL: string;
export function lendCoreModules(options: { shared: LentModule[]; version: string; loaderPath: string }): Plugin;
export function borrowCoreModules(options: { shared: LentModule[]; version: string }): Plugin;
/** `version` and a hash of the list's keys and exports: the key the core file lends under. */
export function sharedKey(shared: LentModule[], version: string): string;
