/** Picks the string for a locale from a localized text: exact tag, then language, then the default. */
import type { LocalizedText } from './schema';

export interface PickedText {
  text: string;
  /** The tag the text was written in; '' for a plain string. */
  locale: string;
}

const language = (tag: string) => tag.toLowerCase().split('-')[0];

/** Chooses the best available locale tag among `available` for `wanted`. */
export function chooseLocale(wanted: string, available: readonly string[], defaultLocale: string): string | undefined {
  const lower = wanted.toLowerCase();
  return (
    available.find((tag) => tag.toLowerCase() === lower) ??
    available.find((tag) => tag.toLowerCase() === language(wanted)) ??
    available.find((tag) => language(tag) === language(wanted)) ??
    available.find((tag) => tag.toLowerCase() === defaultLocale.toLowerCase()) ??
    available.find((tag) => language(tag) === language(defaultLocale)) ??
    available[0]
  );
}

export function pickText(text: LocalizedText | undefined, locale: string, defaultLocale: string): PickedText | undefined {
  if (text === undefined) return undefined;
  if (typeof text === 'string') return { text, locale: '' };
  const tag = chooseLocale(locale, Object.keys(text), defaultLocale);
  return tag === undefined ? undefined : { text: text[tag], locale: tag };
}

const RTL_LANGUAGES = ['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'];

/** Right-to-left scripts, by language subtag. */
export function isRightToLeft(locale: string): boolean {
  return RTL_LANGUAGES.includes(language(locale));
}
