/** Finds user-visible strings that lack a translation, for `guidepost validate --locales`. */
import type { Manifest } from './schema';
import { formatPath, type PathSegment } from './problems';

export interface MissingTranslation {
  itemId: string;
  path: string;
  locale: string;
}

/** Keys whose values are user-visible text. */
const TEXT_KEYS = new Set(['title', 'body', 'label', 'alt']);

const language = (tag: string) => tag.toLowerCase().split('-')[0];

/**
 * Whether readers of `locale` get a translation written for them: the exact tag, or the bare
 * language ("es" serves "es-MX"); a bare language ("zh") is served by any tag of it ("zh-CN").
 * "zh-CN" does not serve "zh-TW": a regional tag asked for explicitly is reported.
 */
function hasTranslation(available: string[], locale: string): boolean {
  const wanted = locale.toLowerCase();
  return available.some((tag) => tag === wanted || tag === language(wanted) || (!wanted.includes('-') && language(tag) === wanted));
}

/**
 * The texts of `manifest.items` that lack one of `locales`. `itemIndexes` (from
 * `validateManifest`) maps each item back to its position in the file, so paths point at
 * the source even when invalid items before it were skipped.
 */
export function missingTranslations(manifest: Manifest, locales: string[], itemIndexes?: readonly number[]): MissingTranslation[] {
  const missing: MissingTranslation[] = [];
  manifest.items.forEach((item, position) => {
    const index = itemIndexes?.[position] ?? position;
    walk(item, ['items', index], (path, value) => {
      // A plain string is the same text for every locale: report it, since nothing was translated.
      // An empty string is what translation tools export for "not translated yet".
      const available = typeof value === 'string' ? [] : Object.keys(value).filter((k) => value[k] !== '').map((k) => k.toLowerCase());
      for (const locale of locales) {
        if (!hasTranslation(available, locale)) missing.push({ itemId: item.id, path: formatPath(path), locale });
      }
    });
  });
  return missing;
}

function walk(value: unknown, path: PathSegment[], onText: (path: PathSegment[], value: string | Record<string, string>) => void) {
  if (Array.isArray(value)) {
    value.forEach((child, i) => walk(child, [...path, i], onText));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'when' || key === 'overrides') continue;
    if (TEXT_KEYS.has(key) && (typeof child === 'string' || (child !== null && typeof child === 'object' && !Array.isArray(child)))) {
      onText([...path, key], child as string | Record<string, string>);
    } else {
      walk(child, [...path, key], onText);
    }
  }
}
