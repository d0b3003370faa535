/**
 * `guidepost validate`'s `missing-translation` warnings, for the items it keeps and the items it
 * skips alike: a writer who fixes an item's typo learns nothing new about its translations.
 */
import { formatPath, quote, type ManifestProblem } from '../manifest/problems';
import { writtenPath } from '../manifest/salvage';
import type { Manifest } from '../manifest/schema';
import { missingDefaultTranslations, missingTranslations, type MissingTranslation } from '../manifest/translations';
import type { WriterValidationResult } from '../manifest/validate';
import { parsePath } from './validate-paths';

/**
 * `missing-translation` warnings: in every run, texts with no translation serving the manifest's
 * `defaultLocale` (what readers without their own language get: without it, some other
 * language); with `--locales`, texts without one of those. The skipped items are checked too
 * (without the fields that have errors: salvage.ts). A text missing the default locale that
 * `--locales` names as well is told once, with what readers get instead.
 */
export function translationWarnings(result: WriterValidationResult, experimentIndexes: number[], locales: string[]): ManifestProblem[] {
  const manifest = result.manifest!;
  const warning = (missing: MissingTranslation, message: string): ManifestProblem => ({
    code: 'missing-translation',
    message: `item "${missing.itemId}" at ${missing.path}: ${message}`,
    path: missing.path,
    itemId: missing.itemId,
    severity: 'warning',
  });
  const noDefault = [...missingDefaultTranslations(manifest, result.itemIndexes, experimentIndexes), ...inSkipped(result, (one) => missingDefaultTranslations(one))];
  const told = new Set(noDefault.map((missing) => `${missing.path} ${sameTag(missing.locale)}`));
  const asked = locales.length ? [...missingTranslations(manifest, locales, result.itemIndexes, experimentIndexes), ...inSkipped(result, (one) => missingTranslations(one, locales))] : [];
  return [
    ...noDefault.map((missing) => warning(missing, `no ${quote(missing.locale)} translation, the manifest's "defaultLocale": readers without a text in their own language get the ${quote(missing.instead)} text instead`)),
    ...asked.filter((missing) => !told.has(`${missing.path} ${sameTag(missing.locale)}`)).map((missing) => warning(missing, `no "${missing.locale}" translation`)),
  ];
}

/**
 * What `find` reports of each skipped item (its salvaged copy, alone in a manifest), placed where
 * it is written in the file; nothing about what was left out of the copy (a text one of whose
 * translations was refused is not also "missing" it).
 */
function inSkipped<T extends MissingTranslation>(result: WriterValidationResult, find: (manifest: Manifest) => T[]): T[] {
  return result.skippedItems.flatMap((entry) =>
    find({ ...result.manifest!, items: [entry.value], experiments: [] }).flatMap((missing) => {
      // "items[0]…": the copy's path within its item.
      const written = writtenPath(entry, parsePath(missing.path).slice(2));
      return written ? [{ ...missing, path: formatPath(['items', entry.index, ...written]) }] : [];
    }),
  );
}

/** A locale tag as tags compare (localize.ts): case aside, "_" as "-". */
const sameTag = (tag: string) => tag.toLowerCase().replace(/_/g, '-');
