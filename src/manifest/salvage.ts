/**
 * What can still be checked of an item the validator skipped: the item without the fields that
 * have errors. A writer who fixes a typo in one field should not learn only on the next run that
 * the same item's `requires` names an item that does not exist, or that its texts lack a
 * translation: the validator reports those too, from this copy. The copy is never shown.
 */
import * as v from 'valibot';
import { itemChecks, type Located, type References } from './checks';
import { safeOutput } from './depth';
import { locationLabel } from './issues';
import { formatPath, type ManifestProblem } from './problems';
import { Item as ItemSchema, type Item } from './schema';
import type { ValidateOptions } from './validate';

/**
 * `raw` (an item's null-prototype, depth-bounded copy) without its top-level fields named in
 * `badKeys` or by an issue's path, when the rest is a valid item of the same id; else undefined
 * (a missing required field, or a field whose type decides the others', such as `type`).
 */
export function salvageItem(raw: Record<string, unknown>, issues: readonly v.BaseIssue<unknown>[] | undefined): Salvaged | undefined {
  const drop = new Set<string>();
  for (const issue of issues ?? []) {
    const key = issue.path?.[0]?.key;
    // An issue of the item as a whole (its `type`, a union none of whose members fits) leaves nothing to check.
    if (typeof key !== 'string' || key === 'id' || key === 'type') return undefined;
    drop.add(key);
  }
  if (drop.size === 0) return undefined;
  const rest: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(raw)) if (!drop.has(key)) rest[key] = raw[key];
  const parsed = v.safeParse(ItemSchema, rest);
  return parsed.success ? { value: safeOutput(parsed.output), dropped: drop } : undefined;
}

/** A skipped item without the fields that have errors (`dropped`). */
export interface Salvaged {
  value: Item;
  dropped: ReadonlySet<string>;
}

/**
 * Whether a problem found in the salvaged copy is one of the item as written: not about a dropped
 * field, nor about the item as a whole ("a banner needs a title or a body" when its title was
 * dropped for a wrong translation), which the copy lacks only because it was salvaged.
 */
export const isProblemAsWritten = (salvaged: Salvaged, path: readonly unknown[]): boolean => path.length > 0 && !salvaged.dropped.has(String(path[0]));

export type SalvagedItem = Located<Item> & Salvaged;

/**
 * The other problems of the skipped items (`salvaged`), as found in their salvaged copies, with the
 * severity the checks give them; they refuse nothing more (the items are skipped already).
 */
function reportSalvaged(salvaged: SalvagedItem[], refs: References, knownKeys: string[], options: ValidateOptions, problems: ManifestProblem[]): void {
  for (const entry of salvaged) {
    for (const check of itemChecks(entry.value, refs, knownKeys, options.checkSelector)) {
      if (!isProblemAsWritten(entry, check.path)) continue;
      // Whether an empty text is an error depends on its other half, which may be what was dropped.
      if (check.code === 'missing-content' && (entry.dropped.has('title') || entry.dropped.has('body'))) continue;
      const path = formatPath(['items', entry.index, ...check.path]);
      problems.push({ code: check.code, message: `${locationLabel(entry.value.id, path)}: ${check.message}`, path, itemId: entry.value.id, severity: check.severity === 'warning' ? 'warning' : 'error' });
    }
  }
}

/** What writers' tools add to the validation (validateForWriters); a page's validator never references it. */
export const WRITER_CHECKS = { salvage: salvageItem, report: reportSalvaged };
export type WriterChecks = typeof WRITER_CHECKS;
