/**
 * Every locale table at once, for the two-file IIFE's UI file (src/split/ui-entry.ts publishes
 * them): the keys are the names splitUiFile (scripts/rollup-plugins.mjs) turns the core's
 * `import('./<tag>')` calls of index.ts into. The ESM build never imports this module.
 */
import * as es from './es';
import * as zhCN from './zh-CN';
import * as sk from './sk';
import * as ru from './ru';
import * as de from './de';
import * as fr from './fr';
import * as ar from './ar';
import * as he from './he';

export const LOCALE_MODULES = {
  'locale-es': es,
  'locale-zh-CN': zhCN,
  'locale-sk': sk,
  'locale-ru': ru,
  'locale-de': de,
  'locale-fr': fr,
  'locale-ar': ar,
  'locale-he': he,
};

/** The UI file's locale modules, by name. */
export type LocaleModules = typeof LOCALE_MODULES;
