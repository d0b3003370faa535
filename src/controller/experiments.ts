/**
 * Experiments for one instance: what the rest of the SDK sees of them (`Experiments`), and
 * `createExperiments`, which loads the controller (experiment-arms.ts) only for a manifest that
 * has experiments. A page without any never downloads it; a manifest with experiments loads it
 * before the first decision for every visitor, whatever their arm, so exposure timing never
 * differs between arms.
 */
import type { Assignment, UnitIds } from '../engine/assign';
import type { Attributes } from '../engine/condition';
import type { RegexGuard } from '../engine/condition-guard';
import type { Experiment, Item, Manifest } from '../manifest/schema';
import type { KeyValueStorage } from '../store/storage';

/** Storage key of the sticky assignments (deleted by `gp.reset()`). */
export const STICKY_ASSIGNMENTS_KEY = 'assignments';

export interface ItemArm {
  experiment: Experiment;
  assignment: Assignment;
}

export interface Experiments {
  /** Re-assigns (identity or traits changed). */
  assign(ids: UnitIds, attributes: Attributes): void;
  /** The arm an item is in, when the unit is in the item's experiment. */
  armFor(item: Item): ItemArm | undefined;
  /** The items as this unit's variations show them. */
  effectiveItems(): Item[];
  /** `{ [experimentKey]: variationKey }` for conditions and the debug panel. */
  variations(): Record<string, string>;
  all(): Assignment[];
  /** Forces a variation (debug panel, QA); takes effect at the next `assign`. */
  force(experiment: string, variation: string): void;
  /** Stops storing arms (reset() forgets them): a write under way stores nothing. */
  dispose?(): void;
}

/**
 * The experiments of `manifest` for this unit, or undefined when it has none: then no item has
 * an arm and no condition sees a variation, as with a controller of no experiments. A
 * `?guidepost_force=` in `search` loads the controller anyway, which reports arms it cannot
 * force. `regexGuard` runs the `$regex` patterns of the experiments' conditions (see
 * `DecideInput.regexGuard`). Rejects when the controller cannot be loaded: boot then leaves out
 * the items of experiments rather than show help an arm should not see.
 */
export async function createExperiments(
  manifest: Manifest,
  storage: KeyValueStorage,
  search: string,
  report: (e: Error) => void,
  regexGuard?: RegexGuard,
): Promise<Experiments | undefined> {
  if (!manifest.experiments?.length && !new URLSearchParams(search).has('guidepost_force')) return undefined;
  const { openArms } = await import('./experiment-arms').catch((error: Error) => {
    // The items of experiments are left out rather than shown to an arm that should not see them (boot.ts).
    throw new Error(`the experiments code could not be loaded (${error.message})`);
  });
  return openArms(manifest, storage, search, report, regexGuard);
}
