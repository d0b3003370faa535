/**
 * Which of the SDK's own word tables an instance needs, and loading it. Part of the core (the
 * view starts the load together with the UI's, so the first paint is already in the reader's
 * language): only one loader per table lives here, each table is its own chunk. English is
 * built into the UI (../strings.ts) and is never loaded.
 *
 * The loaders are literal `import()` calls so bundlers split one chunk per locale; the two-file
 * IIFE's core file loads one small file per language instead (splitLocaleFiles in
 * scripts/rollup-plugins.mjs rewrites them into loads of `guidepost.locale-<tag>.iife.js`).
 */
import type { UiStrings } from '../strings';

/**
 * By language subtag: each language has one table, so the reader's language alone picks it, as
 * chooseLocale would among all tags ("zh-TW" and "zh" get zh-CN, "es-MX" gets es, "en-GB" and
 * unknown languages get English). test/ui/locales/index.dom.test.ts checks that both agree.
 */
const LOADERS: Record<string, () => Promise<{ strings: UiStrings }>> = {
  es: () => import('./es'),
  zh: () => import('./zh-CN'),
  sk: () => import('./sk'),
  ru: () => import('./ru'),
  de: () => import('./de'),
  fr: () => import('./fr'),
  ar: () => import('./ar'),
  he: () => import('./he'),
};

/**
 * Loads the table `locale` needs, keyed by its language for `uiStrings()`; `{}` for English. A
 * table that cannot be loaded is reported through `onError` and resolves `{}` too: the words are
 * then English.
 */
export function loadUiStrings(locale: string, onError: (language: string, error: Error) => void): Promise<Record<string, UiStrings>> {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  // Own keys only: "constructor" is no language.
  if (!Object.hasOwn(LOADERS, language)) return Promise.resolve({});
  return LOADERS[language]().then(
    (module) => ({ [language]: module.strings }),
    (error: Error) => {
      onError(language, error);
      return {};
    },
  );
}
