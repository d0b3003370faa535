/** Picks the string for a locale from a localized text: exact tag, then language, then the default. */
import type { LocalizedText } from './schema';

export interface PickedText {
  text: string;
  /** The tag the text was written in; '' for a plain string. */
  locale: string;
}

/** Lower case, with "_" read as "-" (a POSIX locale such as "pt_BR" from a back end). */
const normal = (tag: string) => tag.toLowerCase().replace(/_/g, '-');
const language = (tag: string) => normal(tag).split('-')[0];

/**
 * A tag's language and script ("zh-hant"): a reader of one script does not read the other's
 * texts. The script is the tag's own subtag when it has one; for Chinese, Taiwan, Hong Kong and
 * Macao mean Traditional and everything else Simplified (CLDR's likely subtags); other languages
 * without a script subtag have none ("es-").
 */
export function writing(tag: string): string {
  const [lang, ...subtags] = normal(tag).split('-');
  // Script and region come before any extension ("zh-TW-u-nu-latn", "zh-TW-x-abcd": "latn" and "abcd" are no script).
  const singleton = subtags.findIndex((subtag) => subtag.length === 1);
  const rest = singleton < 0 ? subtags : subtags.slice(0, singleton);
  const script = rest.find((subtag) => subtag.length === 4) ?? (lang === 'zh' ? (rest.some((subtag) => /^(tw|hk|mo)$/.test(subtag)) ? 'hant' : 'hans') : '');
  return `${lang}-${script}`;
}

/** The best of `available` for `wanted` alone (see chooseLocale), or undefined. */
function closest(wanted: string, available: readonly string[]): string | undefined {
  const tags = available.map(normal);
  const want = normal(wanted);
  const key = writing(want);
  // The tag, then its shorter forms of the same writing: "zh-hant-tw", "zh-hant" (not "zh": Simplified); "es-mx", "es".
  for (const parts = want.split('-'); parts.length; parts.pop()) {
    const shorter = parts.join('-');
    const at = tags.indexOf(shorter);
    if (at >= 0 && (shorter === want || writing(shorter) === key)) return available[at];
  }
  const sameWriting = tags.findIndex((tag) => writing(tag) === key);
  const sameLanguage = tags.findIndex((tag) => language(tag) === language(want));
  return available[sameWriting >= 0 ? sameWriting : sameLanguage];
}

/**
 * Chooses the best available locale tag among `available` for `wanted`: the exact tag
 * ("es-MX"), then its shorter forms in the same script ("es"; "zh-Hant-TW" gets "zh-Hant"), then
 * any tag of that language and script ("zh-TW" gets "zh-HK" before "zh-CN"), then any tag of that
 * language ("zh" -> "zh-CN"), then `defaultLocale` the same way, then the first available. Tags
 * compare case-insensitively, "_" as "-".
 */
export function chooseLocale(wanted: string, available: readonly string[], defaultLocale: string): string | undefined {
  return closest(wanted, available) ?? closest(defaultLocale, available) ?? available[0];
}

/**
 * Whether `tag` is a translation written for readers of `locale`: the exact tag, a shorter form
 * of it in the same script ("es" serves "es-MX"), another tag of the same language and script
 * where the script matters ("zh-Hant" serves "zh-TW"); a bare language ("zh") is served by any
 * tag of it ("zh-CN"). "es-ES" does not serve "es-MX", nor "zh-CN" "zh-TW": a regional tag asked
 * for explicitly is reported.
 */
export function isTranslationFor(tag: string, locale: string): boolean {
  const [have, want] = [normal(tag), normal(locale)];
  const key = writing(want);
  return have === want || (want.startsWith(`${have}-`) && writing(have) === key) || (!want.includes('-') && language(have) === want) || (!key.endsWith('-') && writing(have) === key);
}

/** A character that shows: not whitespace, a format character (zero-width space, U+2060, soft hyphen…) or a blank filler. */
const VISIBLE = /[^\s\p{Cf}\u034f\u115f\u1160\u3164\uffa0]/u;

/**
 * Whether a translation is there: "" and whitespace alone are what translation tools export for
 * "not translated yet", and a text of only invisible characters ("\u200b") shows as nothing too.
 */
export const isFilled = (value: unknown): value is string => typeof value === 'string' && VISIBLE.test(value);

/**
 * The text to show for `locale`. An empty (or whitespace-only) translation counts as missing
 * (translation tools export untranslated strings as ""), so the reader gets the next best
 * language, not a blank.
 */
export function pickText(text: LocalizedText | undefined, locale: string, defaultLocale: string): PickedText | undefined {
  if (typeof text === 'string') return { text, locale: '' };
  // Anything else but a locale map (content the validator did not see) has no text.
  if (text === null || typeof text !== 'object') return undefined;
  const filled = Object.keys(text).filter((tag) => isFilled(text[tag]));
  const tag = chooseLocale(locale, filled, defaultLocale);
  return tag === undefined ? undefined : { text: text[tag], locale: tag };
}

/** Scripts written right to left (ISO 15924, lower case) that are in use today: historic ones cost every page bytes for no product's help. */
const RTL_SCRIPTS = 'arab aran hebr thaa syrc nkoo adlm rohg mand samr mend yezi'.split(' ');

/** Languages written right to left when the tag names no script (their usual script is one of the above). */
const RTL_LANGUAGES = 'ar he iw fa ur ps yi ji dv ckb sd ug ks syr nqo rhg prs pnb mzn lrc sdh bal arz ary'.split(' ');

/**
 * Whether text in `locale` is laid out right to left. The script subtag decides when the tag has
 * one ("pa-Arab" and "az-Arab" are right to left, "sd-Deva" and "ug-Cyrl" left to right); else the
 * language's usual script. A fixed table, not Intl.Locale's textInfo: that is missing from some
 * browsers and answers from locale data (Node 20 gives "ltr" for "dv").
 */
export function isRightToLeft(locale: string): boolean {
  const [lang, ...subtags] = normal(locale).split('-');
  // A script comes first after the language, or after an extended language subtag; later
  // subtags are regions, variants, extensions and private use ("ar-u-nu-latn": "latn" is a
  // numbering system; "en-x-arab" is English).
  const script = subtags[0]?.length > 1 ? subtags.slice(0, 2).find((subtag) => /^[a-z]{4}$/.test(subtag)) : undefined;
  return script ? RTL_SCRIPTS.includes(script) : RTL_LANGUAGES.includes(lang);
}
