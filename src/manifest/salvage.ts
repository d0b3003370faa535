/**
 * What can still be checked of an item the validator skipped: the item without the fields that
 * have errors. A writer who fixes a typo in one field should not learn only on the next run that
 * the same item's `requires` names an item that does not exist, or that its texts lack a
 * translation: the validator reports those too, from this copy. The copy is never shown.
 *
 * What is left out is as little as makes a valid item: the misspelt key of one tour step, not the
 * tour's `steps`; one translation of a text, not the text. Only where that is not enough (a task
 * without its `id`, a step that is not an object) does the step or task go, and only then the
 * field that holds it (a tour whose every step went): a skipped tour's other steps, its title and
 * its checklist's texts are checked whatever one step got wrong.
 */
import * as v from 'valibot';
import { itemChecks, type Located, type References } from './checks';
import { safeOutput } from './depth';
import { issuePaths, locationLabel } from './issues';
import { formatPath, type ManifestProblem, type PathSegment } from './problems';
import { Item as ItemSchema, type Item } from './schema';
import type { ValidateOptions } from './validate';

/**
 * Rounds of leaving out and checking again: each leaves out what the last check found (a step
 * without the only key it had wrong may still lack a required one, then goes whole), so the
 * rounds are bounded by the nesting of an item, never by its size.
 */
const MAX_ROUNDS = 8;

/**
 * `raw` (an item's null-prototype, depth-bounded copy) without what `issues` (and the checks of
 * each smaller copy) point at, when the rest is a valid item of the same id; else undefined
 * (a missing required field of the item, or a field whose type decides the others', such as `type`).
 */
export function salvageItem(raw: Record<string, unknown>, issues: readonly v.BaseIssue<unknown>[] | undefined): Salvaged | undefined {
  if (!issues?.length) return undefined;
  const dropped = new Set<string>();
  // The first issues are of `raw` itself: nothing is copied before something is left out.
  let copy: Copy = { value: raw, written: (path) => [...path] };
  let found: readonly v.BaseIssue<unknown>[] = issues;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let added = false;
    for (const path of issuePaths(found, ItemSchema, copy.value)) {
      // A missing key: what lacks it goes (a task without an id), up to the item itself.
      let at = path;
      while (at.length > 0 && !has(copy.value, at)) at = at.slice(0, -1);
      // An issue of the item as a whole (its `type`, its `id`, a required field) leaves nothing to check.
      if (at.length === 0 || at[0] === 'id' || at[0] === 'type') return undefined;
      const written = formatPath(copy.written(at));
      if (dropped.has(written)) continue;
      dropped.add(written);
      added = true;
    }
    if (!added) return undefined;
    copy = copyWithout(raw, dropped);
    const parsed = v.safeParse(ItemSchema, copy.value);
    if (parsed.success) return { value: safeOutput(parsed.output), dropped, written: copy.written };
    found = parsed.issues;
  }
  return undefined;
}

/** A skipped item without the fields that have errors (`dropped`). */
export interface Salvaged {
  value: Item;
  /** What was left out, as paths relative to the item as written: `priority`, `steps[0].bdy`, `tasks[2]`. */
  dropped: ReadonlySet<string>;
  /**
   * Where a path of `value` is written in the item: a step or task left out moves the ones after
   * it up in the copy, not in the file. Without it, the same path.
   */
  written?: (path: readonly PathSegment[]) => PathSegment[];
}

/** An item as copied, and where each of its paths is written in the item it was copied from. */
interface Copy {
  value: Record<string, unknown>;
  written: (path: readonly PathSegment[]) => PathSegment[];
}

/** A deep, null-prototype copy of `raw` without the paths in `dropped`, and how its paths map back. */
function copyWithout(raw: Record<string, unknown>, dropped: ReadonlySet<string>): Copy {
  // For each array with entries left out (by its path as written), the written index of each entry kept.
  const kept = new Map<string, number[]>();
  const copy = (value: unknown, path: PathSegment[]): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const indexes = [...value.keys()].filter((i) => !dropped.has(formatPath([...path, i])));
      if (indexes.length < value.length) kept.set(formatPath(path), indexes);
      return indexes.map((i) => copy(value[i], [...path, i]));
    }
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value)) if (!dropped.has(formatPath([...path, key]))) out[key] = copy((value as Record<string, unknown>)[key], [...path, key]);
    return out;
  };
  const written = (path: readonly PathSegment[]): PathSegment[] => {
    const out: PathSegment[] = [];
    for (const segment of path) out.push(typeof segment === 'number' ? (kept.get(formatPath(out))?.[segment] ?? segment) : segment);
    return out;
  };
  return { value: copy(raw, []) as Record<string, unknown>, written };
}

/** Whether `value` has something at `path` (own keys only). */
function has(value: unknown, path: readonly PathSegment[]): boolean {
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, segment)) return false;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return true;
}

/** `path` is `prefix` or inside it (`steps[0].body.en` inside `steps[0]`), as formatted paths. */
const within = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/**
 * Where a problem found in the salvaged copy at `path` (a path of the copy) is written in the item,
 * or undefined when it is not one of the item as written: about something left out, or about what
 * held it (the item as a whole, "a banner needs a title or a body" when its title was left out for
 * a wrong translation; a text missing a translation when one of its translations was left out), which
 * the copy lacks only because it was salvaged.
 */
export function writtenPath(salvaged: Salvaged, path: readonly PathSegment[]): PathSegment[] | undefined {
  const written = salvaged.written ? salvaged.written(path) : [...path];
  const at = formatPath(written);
  if (at === '') return undefined;
  for (const left of salvaged.dropped) if (within(at, left) || within(left, at)) return undefined;
  return written;
}

/** Whether a problem found in the salvaged copy at `path` is one of the item as written (writtenPath). */
export const isProblemAsWritten = (salvaged: Salvaged, path: readonly unknown[]): boolean => writtenPath(salvaged, path as PathSegment[]) !== undefined;

/**
 * Whether an empty text at `path` (written) is an error or a warning depends on its other half
 * (title or body) beside it, which may be what was left out: the copy cannot tell.
 */
function besideLeftOut(salvaged: Salvaged, path: readonly PathSegment[]): boolean {
  const owner = ['title', 'body'].includes(String(path[path.length - 1])) ? path.slice(0, -1) : path;
  return ['title', 'body'].some((half) => [...salvaged.dropped].some((left) => within(left, formatPath([...owner, half]))));
}

export type SalvagedItem = Located<Item> & Salvaged;

/**
 * The other problems of the skipped items (`salvaged`), as found in their salvaged copies, with the
 * severity the checks give them; they refuse nothing more (the items are skipped already).
 */
function reportSalvaged(salvaged: SalvagedItem[], refs: References, knownKeys: string[], options: ValidateOptions, problems: ManifestProblem[]): void {
  for (const entry of salvaged) {
    for (const check of itemChecks(entry.value, refs, knownKeys, options.checkSelector)) {
      const written = writtenPath(entry, check.path);
      if (!written || (check.code === 'missing-content' && besideLeftOut(entry, written))) continue;
      const path = formatPath(['items', entry.index, ...written]);
      problems.push({ code: check.code, message: `${locationLabel(entry.value.id, path)}: ${check.message}`, path, itemId: entry.value.id, severity: check.severity === 'warning' ? 'warning' : 'error' });
    }
  }
}

/** What writers' tools add to the validation (validateForWriters); a page's validator never references it. */
export const WRITER_CHECKS = { salvage: salvageItem, report: reportSalvaged };
export type WriterChecks = typeof WRITER_CHECKS;
