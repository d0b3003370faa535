/**
 * Finds user-visible strings that lack a translation: into the locales `guidepost validate
 * --locales` names, and, in every run, into the manifest's `defaultLocale`.
 */
import type { Manifest } from './schema';
import { formatPath, type PathSegment } from './problems';
import { chooseLocale, isFilled, isTranslationFor } from './localize';

/** One text that readers of `locale` would not get in their language. */
export interface MissingTranslation {
  /** The item the text belongs to; for an experiment's override, the item it overrides. */
  itemId: string;
  /** Where the text is written in the file: `items[1].body`, `experiments[0].variations[1].overrides["tip"].body`. */
  path: string;
  locale: string;
}

type Text = string | Record<string, string>;

/** Keys whose values are user-visible text. */
const TEXT_KEYS = new Set(['title', 'body', 'label', 'alt']);

/** A text with no translation serving the manifest's `defaultLocale` (`locale`): readers of any other language get `instead`. */
export interface MissingDefaultTranslation extends MissingTranslation {
  /** The tag of the text readers without their own language get in its place (localize.ts chooseLocale). */
  instead: string;
}

/**
 * The texts of `manifest.items`, and of the experiments' `overrides` for them, that lack one of
 * `locales`. `itemIndexes` (from `validateManifest`) maps each item back to its position in the
 * file, so paths point at the source even when invalid items before it were skipped;
 * `experimentIndexes` does the same for `manifest.experiments`. Without them, an entry's
 * position in `manifest` is taken as its position in the file, which is off by the invalid
 * entries refused before it.
 */
export function missingTranslations(
  manifest: Manifest,
  locales: string[],
  itemIndexes?: readonly number[],
  experimentIndexes?: readonly number[],
): MissingTranslation[] {
  const missing: MissingTranslation[] = [];
  eachText(manifest, itemIndexes, experimentIndexes, (itemId, path, value) => {
    // A plain string is the same text for every locale: report it, since nothing was translated.
    // An empty string is what translation tools export for "not translated yet".
    const available = typeof value === 'string' ? [] : Object.keys(value).filter((k) => isFilled(value[k]));
    for (const locale of locales) {
      if (!available.some((tag) => isTranslationFor(tag, locale))) missing.push({ itemId, path: formatPath(path), locale });
    }
  });
  return missing;
}

/**
 * The localized texts (as in `missingTranslations`) none of whose filled translations serves
 * `manifest.defaultLocale` (isTranslationFor: "en-US" serves "en", and "en" serves "en-US"). The
 * default text is what every reader without a text in their own language gets; without one,
 * they get whichever other language chooseLocale falls back to, often just the first written.
 * A plain string serves everyone; a text with nothing filled in is `missing-content` (checks.ts).
 */
export function missingDefaultTranslations(manifest: Manifest, itemIndexes?: readonly number[], experimentIndexes?: readonly number[]): MissingDefaultTranslation[] {
  const locale = manifest.defaultLocale ?? 'en';
  const missing: MissingDefaultTranslation[] = [];
  eachText(manifest, itemIndexes, experimentIndexes, (itemId, path, value) => {
    if (typeof value === 'string') return;
    const filled = Object.keys(value).filter((tag) => isFilled(value[tag]));
    if (filled.length === 0 || filled.some((tag) => isTranslationFor(tag, locale))) return;
    missing.push({ itemId, path: formatPath(path), locale, instead: chooseLocale(locale, filled, locale)! });
  });
  return missing;
}

/**
 * Every text of `manifest.items`, then of the experiments' `overrides` for them, with the item
 * it belongs to and its path in the file (see `missingTranslations` for the indexes).
 */
function eachText(manifest: Manifest, itemIndexes: readonly number[] | undefined, experimentIndexes: readonly number[] | undefined, onText: (itemId: string, path: PathSegment[], value: Text) => void) {
  manifest.items.forEach((item, position) => {
    walk(item, ['items', itemIndexes?.[position] ?? position], (path, value) => onText(item.id, path, value));
  });
  // An arm's override is text readers of that arm see instead of the item's own, so it needs the
  // same translations. Only the fields the override writes are walked, at the path where they are
  // written: walking each arm's merged item would report the item's own texts again per arm.
  // Overrides of items that were skipped are left out, as those items' own texts are: nobody
  // sees them, and the item's errors are reported already.
  const shown = new Set(manifest.items.map((item) => item.id));
  manifest.experiments?.forEach((experiment, position) => {
    const index = experimentIndexes?.[position] ?? position;
    experiment.variations.forEach((variation, v) => {
      for (const [itemId, fields] of Object.entries(variation.overrides ?? {})) {
        if (shown.has(itemId)) walk(fields, ['experiments', index, 'variations', v, 'overrides', itemId], (path, value) => onText(itemId, path, value));
      }
    });
  });
}

function walk(value: unknown, path: PathSegment[], onText: (path: PathSegment[], value: Text) => void) {
  if (Array.isArray(value)) {
    value.forEach((child, i) => walk(child, [...path, i], onText));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    // Condition values are not texts. An `overrides` map is never walked from where it sits: its
    // texts are an experiment arm's, reported once from `missingTranslations` under the item
    // they override, so no text is reported twice or under the wrong item.
    if (key === 'when' || key === 'overrides') continue;
    if (TEXT_KEYS.has(key) && (typeof child === 'string' || (child !== null && typeof child === 'object' && !Array.isArray(child)))) {
      onText([...path, key], child as Text);
    } else {
      walk(child, [...path, key], onText);
    }
  }
}

/**
 * For each experiment of a checked `manifest`, its index in the `experiments` of `input` (the
 * file as written), for `missingTranslations`: refused experiments leave gaps. The first with its
 * key: a later one with the same key is refused (validate.ts), so the checked one is the first.
 */
export function experimentIndexesIn(manifest: Manifest, input: unknown): number[] {
  const listed = input !== null && typeof input === 'object' ? (input as { experiments?: unknown }).experiments : undefined;
  const keys = Array.isArray(listed) ? listed.map((e) => (e !== null && typeof e === 'object' ? (e as { key?: unknown }).key : undefined)) : [];
  return (manifest.experiments ?? []).map((e, position) => {
    const index = keys.indexOf(e.key);
    return index >= 0 ? index : position;
  });
}
