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

export function missingTranslations(manifest: Manifest, locales: string[]): MissingTranslation[] {
  const missing: MissingTranslation[] = [];
  manifest.items.forEach((item, index) => {
    walk(item, ['items', index], (path, value) => {
      // A plain string is the same text for every locale: report it, since nothing was translated.
      const available = typeof value === 'string' ? [] : Object.keys(value).map((k) => k.toLowerCase());
      for (const locale of locales) {
        if (!available.includes(locale.toLowerCase())) missing.push({ itemId: item.id, path: formatPath(path), locale });
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
