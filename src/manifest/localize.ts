/** Picks the string for a locale from a localized text: exact tag, then language, then the default. */
import type { LocalizedText } from './schema';

export interface PickedText {
  text: string;
  /** The tag the text was written in; '' for a plain string. */
  locale: string;
}

const language = (tag: string) => tag.toLowerCase().split('-')[0];

/**
 * Chooses the best available locale tag among `available` for `wanted`: the exact tag
 * ("es-MX"), then the bare language ("es"), then any tag of that language ("zh" -> "zh-CN"),
 * then `defaultLocale` the same way, then the first available. Tags compare case-insensitively.
 */
export function chooseLocale(wanted: string, available: readonly string[], defaultLocale: string): string | undefined {
  const lower = wanted.toLowerCase();
  return (
    available.find((tag) => tag.toLowerCase() === lower) ??
    available.find((tag) => tag.toLowerCase() === language(wanted)) ??
    available.find((tag) => language(tag) === language(wanted)) ??
    available.find((tag) => tag.toLowerCase() === defaultLocale.toLowerCase()) ??
    available.find((tag) => tag.toLowerCase() === language(defaultLocale)) ??
    available.find((tag) => language(tag) === language(defaultLocale)) ??
    available[0]
  );
}

/**
 * The text to show for `locale`. An empty translation counts as missing (translation tools
 * export untranslated strings as ""), so the reader gets the next best language, not a blank.
 */
export function pickText(text: LocalizedText | undefined, locale: string, defaultLocale: string): PickedText | undefined {
  if (typeof text === 'string') return { text, locale: '' };
  // Anything else but a locale map (content the validator did not see) has no text.
  if (text === null || typeof text !== 'object') return undefined;
  const filled = Object.keys(text).filter((tag) => typeof text[tag] === 'string' && text[tag] !== '');
  const tag = chooseLocale(locale, filled, defaultLocale);
  return tag === undefined ? undefined : { text: text[tag], locale: tag };
}

const RTL_LANGUAGES = ['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'];

/** Right-to-left scripts, by language subtag. */
export function isRightToLeft(locale: string): boolean {
  return RTL_LANGUAGES.includes(language(locale));
}
