/**
 * Which experiment governs an item. Its own module: the core needs it without the assignment
 * code (assign.ts, loaded with the experiments controller), to leave out the items of
 * experiments whose controller could not be loaded, and to screen items in every arm's form.
 */
import type { Experiment, Item } from '../manifest/schema';

/** The experiment that governs an item: named by the item, or whose scope lists it or its type. First match wins. */
export function experimentFor(item: Item, experiments: readonly Experiment[]): Experiment | undefined {
  return experiments.find(
    (e) => item.experiment === e.key || e.scope.items?.includes(item.id) === true || e.scope.types?.includes(item.type) === true,
  );
}

/** `item` with a variation's `overrides` for it: they replace its own fields, except its id and type (its identity). */
export function withOverrides<T extends Item>(item: T, overrides: Record<string, unknown> | undefined): T {
  if (!overrides) return item;
  const { id: _id, type: _type, ...rest } = overrides;
  return { ...item, ...rest } as T;
}

/**
 * Every form `item` can take: as written (units outside the experiment) and as each variation
 * shows it. What must not differ between arms (whether the engine loads) looks at all of them.
 */
export function itemForms<T extends Item>(item: T, experiments: readonly Experiment[]): T[] {
  const experiment = experimentFor(item, experiments);
  return experiment ? [item, ...experiment.variations.map((variation) => withOverrides(item, variation.overrides?.[item.id] as Record<string, unknown> | undefined))] : [item];
}
