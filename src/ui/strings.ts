/**
 * The few words the SDK itself shows (buttons, counters, labels). Writers' content is
 * localized in the manifest; these follow the same locale choice.
 */
import { chooseLocale, isRightToLeft } from '../manifest/localize';

export interface UiStrings {
  close: string;
  help: string;
  announcement: string;
  next: string;
  back: string;
  done: string;
  skip: string;
  /** "{n} of {total}" */
  stepOf: string;
  tourProgress: string;
  openTip: string;
  helpful: string;
  yes: string;
  no: string;
  comment: string;
  send: string;
  thanks: string;
  checklist: string;
  /** A tour step's button that takes the person to the page the step leads to. */
  goThere: string;
  /** A checklist's count of done tasks, "{n} of {total}" (not "step n": zh-CN words them differently). */
  tasksDone: string;
  /** A checklist's button that hides it for good (its × only folds it to its launcher). */
  dismissChecklist: string;
  /** Said when a checklist's task gets done: "{task}" its title, "{n} of {total}" the tasks done now. */
  taskDone: string;
  /**
   * The language of these words and its direction (set by uiStrings()): the elements that show
   * them carry it, so a card whose texts fall back to another language (an Arabic reader of an
   * English card) marks its buttons as Arabic, right to left, for screen readers and layout.
   */
  lang?: string;
  dir?: 'ltr' | 'rtl';
}

/**
 * English, built in. The other languages are modules of their own in locales/ (one small chunk
 * each), which the view loads with the UI for an instance whose locale needs one (see
 * locales/index.ts), so a page only downloads the words it shows.
 */
const ENGLISH: UiStrings = { close: 'Close', help: 'Help', announcement: 'Announcement', next: 'Next', back: 'Back', done: 'Done', skip: 'Skip tour', stepOf: '{n} of {total}', tourProgress: 'Tour progress', openTip: 'Open tip', helpful: 'Was this helpful?', yes: 'Yes', no: 'No', comment: 'Tell us more (optional)', send: 'Send', thanks: 'Thanks for your feedback!', checklist: 'Getting started', goThere: 'Take me there', tasksDone: '{n} of {total}', dismissChecklist: 'Don’t show this checklist again', taskDone: '{task}: done, {n} of {total}' };

/**
 * The SDK's words for `locale`, chosen as manifest texts are (chooseLocale: exact tag, bare
 * language, any tag of the language, else English) among English and the tables `loaded` for
 * this instance (by tag or language: locales/index.ts keys them by language). A locale whose
 * table is not loaded (or failed to load) gets English.
 */
export function uiStrings(locale: string, loaded: Readonly<Record<string, UiStrings>> = {}): UiStrings {
  const tables: Record<string, UiStrings> = { en: ENGLISH, ...loaded };
  return tables[wordsLanguage(locale, tables)];
}

/** Which table uiStrings() picks for `locale`: a key of `tables`, 'en' when none fits. */
const wordsLanguage = (locale: string, tables: Readonly<Record<string, UiStrings>>) => chooseLocale(locale, Object.keys(tables), 'en') ?? 'en';

/** uiStrings() with the words' language and direction, for the elements that show them. */
export function uiStringsMarked(locale: string, loaded: Readonly<Record<string, UiStrings>> = {}): UiStrings {
  const lang = wordsLanguage(locale, { en: ENGLISH, ...loaded });
  return { ...uiStrings(locale, loaded), lang, dir: isRightToLeft(lang) ? 'rtl' : 'ltr' };
}

/** The `lang` and `dir` of elements that show the SDK's words. */
export const wordsAttributes = (strings: UiStrings) => ({ lang: strings.lang, dir: strings.dir });

/** "Help: How the board works": the SDK's word and an item's title, punctuated as the words' language does (a full-width colon in Chinese and Japanese). */
export const labelled = (strings: UiStrings, word: string, name: string): string => `${word}${/^(zh|ja)\b/i.test(strings.lang ?? '') ? '：' : ': '}${name}`;

/** Fills "{n} of {total}". */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
