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
 * By tag: each language has one table, except Chinese, which has one per script (tableTag).
 * test/ui/locales/index.dom.test.ts checks that the choice agrees with chooseLocale among all
 * the tables (which the core does not carry: it lives with the decision code).
 */
const LOADERS: Record<string, () => Promise<{ strings: UiStrings }>> = {
  es: () => import('./es'),
  'zh-CN': () => import('./zh-CN'),
  'zh-TW': () => import('./zh-TW'),
  sk: () => import('./sk'),
  ru: () => import('./ru'),
  de: () => import('./de'),
  fr: () => import('./fr'),
  ar: () => import('./ar'),
  he: () => import('./he'),
};

/**
 * Loads the table `locale` needs, keyed by its tag for `uiStrings()`; `{}` for English. A
 * table that cannot be loaded is reported through `onError` (with its tag) and resolves `{}`
 * too: the words are then English.
 */
export function loadUiStrings(locale: string, onError: (tag: string, error: Error) => void): Promise<Record<string, UiStrings>> {
  const tag = tableTag(locale);
  if (tag === undefined) return Promise.resolve({});
  return LOADERS[tag]().then(
    (module) => ({ [tag]: module.strings }),
    (error: Error) => {
      onError(tag, error);
      return {};
    },
  );
}

/**
 * The table for `locale`, as chooseLocale would pick it: by language ("es-MX" gets es; "en-GB"
 * and languages without a table none); for Chinese by script, the tag's own script subtag first,
 * else Taiwan, Hong Kong and Macao mean Traditional and everything else Simplified (as
 * ../../manifest/localize reads tags). "_" reads as "-" (a POSIX "zh_TW").
 */
function tableTag(locale: string): string | undefined {
  const [language, ...subtags] = locale.toLowerCase().replace(/_/g, '-').split('-');
  if (language === 'zh') {
    // Before any extension ("zh-TW-u-nu-latn": "latn" is no script).
    const singleton = subtags.findIndex((subtag) => subtag.length === 1);
    const rest = singleton < 0 ? subtags : subtags.slice(0, singleton);
    const script = rest.find((subtag) => subtag.length === 4);
    return (script ? script === 'hant' : rest.some((subtag) => /^(tw|hk|mo)$/.test(subtag))) ? 'zh-TW' : 'zh-CN';
  }
  // Own keys only: "constructor" is no language.
  return Object.hasOwn(LOADERS, language) ? language : undefined;
}
