/**
 * The writers' checks of the panel and of "Save to file", as `guidepost validate` runs them, and
 * texts without the manifest's default locale, as the panel and "Save to file" report them: an
 * error, because readers whose language has no text fall back to the default one, and without
 * it they get whatever other language comes first. `guidepost validate --locales <default>`
 * says the same as a warning, in the same words (manifest/translations.ts); a plain string is
 * the default locale's text. Walks the file as written (items the validator skipped too).
 */
import { authoringProblems } from '../manifest/authoring';
import { formatPath, type ManifestProblem, type PathSegment } from '../manifest/problems';
import type { MissingTranslation } from '../manifest/translations';
import { isFilled, isTranslationFor } from '../manifest/localize';

const TEXT_KEYS = new Set(['title', 'body', 'label', 'alt']);
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether a locale map has a text readers of `locale` get as theirs (localize.ts isTranslationFor). */
function hasText(text: Record<string, unknown>, locale: string): boolean {
  return Object.keys(text).some((key) => isFilled(text[key]) && isTranslationFor(key, locale));
}

/** The texts of `input.items` with no text in `defaultLocale`. */
export function missingDefaultTexts(input: unknown, defaultLocale: string): MissingTranslation[] {
  if (!isRecord(input) || !Array.isArray(input.items)) return [];
  const missing: MissingTranslation[] = [];
  const walk = (value: unknown, path: PathSegment[], itemId: string, depth: number): void => {
    if (depth > 32) return;
    if (Array.isArray(value)) return value.forEach((child, i) => walk(child, [...path, i], itemId, depth + 1));
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      // Conditions are not texts; an experiment arm's overrides are checked with the experiment.
      if (key === 'when' || key === 'overrides') continue;
      if (TEXT_KEYS.has(key) && (typeof child === 'string' || isRecord(child))) {
        if (typeof child === 'string' ? child === '' : !hasText(child, defaultLocale)) missing.push({ itemId, path: formatPath([...path, key]), locale: defaultLocale });
      } else walk(child, [...path, key], itemId, depth + 1);
    }
  };
  input.items.forEach((item, index) => {
    if (isRecord(item) && typeof item.id === 'string') walk(item, ['items', index], item.id, 0);
  });
  return missing;
}

/** The same, as errors in `guidepost validate --locales`' words. */
export function defaultTextProblems(input: unknown, defaultLocale: string): ManifestProblem[] {
  return missingDefaultTexts(input, defaultLocale).map((m) => ({
    code: 'missing-default-text',
    severity: 'error' as const,
    path: m.path,
    itemId: m.itemId,
    message: `item "${m.itemId}" at ${m.path}: no "${m.locale}" translation (the default locale: readers without a text in their language get it)`,
  }));
}

/** The manifest's default locale ("en" when it names none). */
export const defaultLocaleIn = (input: unknown): string => (isRecord(input) && typeof input.defaultLocale === 'string' ? input.defaultLocale : 'en');

/**
 * The checks `guidepost validate` runs on a manifest besides the validator (validate.ts: the
 * writers' checks of manifest/authoring.ts), plus the default-locale texts above: what the panel
 * shows beside the validator's problems and what "Save to file" refuses on.
 */
export function writerProblems(input: unknown): ManifestProblem[] {
  return [...authoringProblems(input, { locales: 'all' }), ...defaultTextProblems(input, defaultLocaleIn(input))];
}
