/**
 * Validation of each draft, with the validator the SDK and `guidepost validate` use, so the
 * panel shows the CLI's own messages, with the writers' checks `guidepost validate` adds
 * (writer-checks.ts: undeclared attributes, template variables, links, texts without the
 * default locale). Problems are grouped by the item they belong to (the
 * panel shows them beside it); the rest (envelope, settings, experiments) are general.
 * Missing translations are listed per locale, as `guidepost validate --locales` lists them, the
 * default locale's first.
 */
import { validateManifest } from '../manifest/validate';
import { experimentIndexesIn, missingTranslations, type MissingTranslation } from '../manifest/translations';
import type { Manifest } from '../manifest/schema';
import type { ManifestProblem } from '../manifest/problems';
import { isObject, type JsonObject } from './json-patch';
import { listOf } from './edit';
import { defaultLocaleIn, missingDefaultTexts, writerProblems } from './writer-checks';

export interface DraftCheck {
  /** The usable manifest (valid items only), or null when the draft is refused whole. */
  manifest: Manifest | null;
  /** Problems by item id. */
  byItem: Map<string, ManifestProblem[]>;
  /** Problems that belong to no item. */
  general: ManifestProblem[];
  /** Errors in total (warnings aside). */
  errors: number;
  missing: MissingTranslation[];
}

/** As the browser checks selectors (targets.ts): the syntax only, by the engine that will match them. */
function checkSelector(selector: string): string | undefined {
  try {
    document.createDocumentFragment().querySelector(selector);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/** The id of the item a problem path (`items[3].steps[1].title`) points into. */
function itemAt(draft: JsonObject, path: string): string | undefined {
  const match = /^items\[(\d+)\]/.exec(path);
  const item = match ? listOf(draft.items)[Number(match[1])] : undefined;
  return isObject(item) && typeof item.id === 'string' ? item.id : undefined;
}

/** `locales`: the locales besides the default whose missing translations are listed. */
export function checkDraft(draft: JsonObject, locales: readonly string[]): DraftCheck {
  const result = validateManifest(draft, { checkSelector: typeof document === 'undefined' ? undefined : checkSelector });
  const problems = [...result.problems, ...writerProblems(draft)];
  const byItem = new Map<string, ManifestProblem[]>();
  const general: ManifestProblem[] = [];
  for (const problem of problems) {
    const id = problem.itemId ?? itemAt(draft, problem.path);
    if (id === undefined) general.push(problem);
    else byItem.set(id, [...(byItem.get(id) ?? []), problem]);
  }
  const defaultLocale = defaultLocaleIn(draft);
  const others = locales.filter((locale) => locale !== defaultLocale);
  const missing = [
    ...missingDefaultTexts(draft, defaultLocale),
    ...(result.manifest ? missingTranslations(result.manifest, others, result.itemIndexes, experimentIndexesIn(result.manifest, draft)) : []),
  ];
  return { manifest: result.manifest, byItem, general, errors: problems.filter((p) => p.severity === 'error').length, missing };
}
