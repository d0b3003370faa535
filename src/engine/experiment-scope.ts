/**
 * Which experiment governs an item. Its own module: the core needs it without the assignment
 * code (assign.ts, loaded with the experiments controller), to leave out the items of
 * experiments whose controller could not be loaded.
 */
import type { Experiment, Item } from '../manifest/schema';

/** The experiment that governs an item: named by the item, or whose scope lists it or its type. First match wins. */
export function experimentFor(item: Item, experiments: readonly Experiment[]): Experiment | undefined {
  return experiments.find(
    (e) => item.experiment === e.key || e.scope.items?.includes(item.id) === true || e.scope.types?.includes(item.type) === true,
  );
}
