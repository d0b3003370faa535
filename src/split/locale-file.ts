/**
 * The SDK's words in languages other than English in the two-file IIFE: one small file per
 * language, `guidepost.locale-<tag>.iife.js`, next to Guidepost's script, added when the
 * instance's language needs it, together with the decision code in the UI file (the view's
 * `preloadWords`, called by src/runtime/decisions.ts). An English page downloads none. The build replaces index.ts's `import('./<tag>')` calls with
 * `loadLocaleModule` (see scripts/rollup-plugins.mjs).
 */
import type { UiStrings } from '../ui/strings';
import { siblingFileLoader } from './sibling-file';

/** What a language's file publishes. */
export interface LocaleFileModule {
  version: string;
  strings: UiStrings;
}

// One loader per language, made on first use: like the other files, each is added once per
// page whatever the number of instances.
const loaders = new Map<string, () => Promise<LocaleFileModule>>();

/** What `import('./de')` becomes in the core file: `tag` is the table's file name (src/ui/locales/). */
export function loadLocaleModule(tag: string): Promise<LocaleFileModule> {
  let load = loaders.get(tag);
  if (!load) {
    load = siblingFileLoader<LocaleFileModule>({ file: `guidepost.locale-${tag}.iife.js`, global: `GuidepostLocale-${tag}`, attribute: `data-locale-${tag.toLowerCase()}` });
    loaders.set(tag, load);
  }
  return load();
}
