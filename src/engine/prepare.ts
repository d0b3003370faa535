/**
 * Work that depends on the manifest alone, done once per manifest instead of once per
 * decision: priority order, pacing class, parsed schedule dates and split conditions. The
 * browser layer decides again on every route change and tracked event; with a prepared
 * manifest each decision only does the per-person work. A plain value, no hidden cache:
 * `decide` prepares on the fly when it is not given one (or is given one for another manifest).
 */
import type { Caps, Item, Manifest } from '../manifest/schema';
import { compileCondition, createClausePool, type ClausePool, type CompiledCondition } from './condition';
import type { RegexGuard } from './condition-guard';
import { capsOf, isInterruptive } from './pacing';

export interface PreparedItem {
  readonly item: Item;
  /** Counts against the pacing caps (with the manifest's `includePassive`). */
  readonly interruptive: boolean;
  /** `schedule.start` / `schedule.end` in ms; NaN when absent or unparsable (never blocks). */
  readonly start: number;
  readonly end: number;
  /** `when` compiled, when prepared with a clause pool; otherwise `when` is evaluated as written. */
  readonly when: CompiledCondition | undefined;
}

export interface PreparedManifest {
  /** The manifest this was prepared from; `decide` checks it is the one it is given. */
  readonly manifest: Manifest;
  readonly caps: Readonly<Required<Caps>>;
  /** Item indices, highest priority first, manifest order within a priority. */
  readonly order: readonly number[];
  /** One per item, in manifest order. */
  readonly items: readonly PreparedItem[];
  /** Distinct condition clauses across all items (the size of a decision's clause memo). */
  readonly clauseCount: number;
  /** The guard `$regex` patterns were compiled with; `decide` ignores this for another. */
  readonly regexGuard?: RegexGuard;
}

/**
 * Prepares one item (see `PreparedManifest`). With a `pool`, its condition is compiled (its
 * patterns through `regexGuard`) and its clauses shared with identical ones of other items;
 * without, it is left as written.
 */
export function prepareItem(item: Item, caps: Caps, pool?: ClausePool, regexGuard?: RegexGuard): PreparedItem {
  return {
    item,
    interruptive: isInterruptive(item, caps),
    start: item.schedule?.start === undefined ? NaN : Date.parse(item.schedule.start),
    end: item.schedule?.end === undefined ? NaN : Date.parse(item.schedule.end),
    when: item.when && pool ? compileCondition(item.when, pool, regexGuard) : undefined,
  };
}

/**
 * Prepares a manifest for repeated decisions. Prepare again when the manifest changes: the
 * result holds on to this manifest object and `decide` ignores it for any other.
 * `shareClauses` (default true) finds identical condition clauses across items so a decision
 * evaluates each once; it costs a serialization per clause, worth it only when the result is
 * reused, so `decide` turns it off when it has to prepare for a single call. `regexGuard` runs
 * `$regex` patterns (see `DecideInput.regexGuard`).
 */
export function prepareManifest(manifest: Manifest, options: { shareClauses?: boolean; regexGuard?: RegexGuard } = {}): PreparedManifest {
  const { regexGuard } = options;
  const caps = capsOf(manifest.settings?.caps);
  const pool = options.shareClauses === false ? undefined : createClausePool();
  const items = manifest.items.map((item) => prepareItem(item, caps, pool, regexGuard));
  return { manifest, caps, order: priorityOrder(manifest.items), items, clauseCount: pool?.size ?? 0, regexGuard };
}

/**
 * Item indices, highest priority first, manifest order within a priority. A bucket per
 * distinct priority (usually a handful) instead of a comparison sort: O(n) for the usual
 * manifest, and the order never depends on sort stability.
 */
export function priorityOrder(items: readonly Item[]): number[] {
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < items.length; i++) {
    const raw = items[i].priority;
    const priority = typeof raw === 'number' && !Number.isNaN(raw) ? raw : 0;
    const bucket = buckets.get(priority);
    if (bucket) bucket.push(i);
    else buckets.set(priority, [i]);
  }
  if (buckets.size <= 1) return buckets.size === 0 ? [] : buckets.values().next().value!;
  return [...buckets.keys()].sort((a, b) => b - a).flatMap((priority) => buckets.get(priority)!);
}
