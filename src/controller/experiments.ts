/**
 * Experiments for one instance: assigns each unit once (sticky per bucketVersion, stored
 * locally), applies the variation's overrides to its items, and says for any item which
 * arm it is in. The exposure itself is emitted by the caller, at the render point.
 */
import { applyOverrides, assignVariation, experimentFor, parseForcedVariations, type Assignment, type StickyAssignment, type UnitIds } from '../engine/assign';
import type { Attributes } from '../engine/condition';
import type { Experiment, Item, Manifest } from '../manifest/schema';
import type { KeyValueStorage } from '../store/storage';

/** Storage key of the sticky assignments (deleted by `gp.reset()`). */
export const STICKY_ASSIGNMENTS_KEY = 'assignments';

type StickyRecord = Record<string, StickyAssignment>;

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
}

const stickyKey = (a: Pick<Assignment, 'unit' | 'unitId' | 'experiment'>) => `${a.unit}:${a.unitId}:${a.experiment}`;

export async function createExperiments(manifest: Manifest, storage: KeyValueStorage, search: string, report: (e: Error) => void): Promise<Experiments> {
  const experiments = manifest.experiments ?? [];
  const forced = parseForcedVariations(search);
  for (const [key, variation] of Object.entries(forced)) {
    const experiment = experiments.find((e) => e.key === key);
    if (!experiment || !experiment.variations.some((v) => v.key === variation)) {
      report(new Error(`guidepost_force=${key}:${variation} names no variation of an experiment in this manifest`));
    }
  }
  const sticky: StickyRecord = experiments.length ? ((await storage.get<StickyRecord>(STICKY_ASSIGNMENTS_KEY)) ?? {}) : {};
  let assignments = new Map<string, Assignment>();
  let items: Item[] = manifest.items;

  const persist = () => void storage.set(STICKY_ASSIGNMENTS_KEY, sticky).catch(report);

  return {
    assign(ids, attributes) {
      assignments = new Map();
      let changed = false;
      for (const experiment of experiments) {
        const unitId = experiment.unit === 'account' ? ids.accountId : ids.userId || ids.anonymousId;
        const key = stickyKey({ unit: experiment.unit ?? 'user', unitId: unitId ?? null, experiment: experiment.key });
        const assignment = assignVariation(experiment, ids, attributes, { forcedVariation: forced[experiment.key], sticky: sticky[key] });
        assignments.set(experiment.key, assignment);
        if (assignment.reason === 'hashed' && assignment.variation) {
          sticky[key] = { variation: assignment.variation, bucketVersion: assignment.bucketVersion };
          changed = true;
        }
      }
      if (changed) persist();
      items = manifest.items.map((item) => {
        const experiment = experimentFor(item, experiments);
        return applyOverrides(item, experiment, experiment && assignments.get(experiment.key));
      });
    },
    armFor(item) {
      const experiment = experimentFor(item, experiments);
      const assignment = experiment && assignments.get(experiment.key);
      return experiment && assignment?.inExperiment ? { experiment, assignment } : undefined;
    },
    effectiveItems: () => items,
    variations() {
      const out: Record<string, string> = {};
      for (const a of assignments.values()) if (a.inExperiment && a.variation) out[a.experiment] = a.variation;
      return out;
    },
    all: () => [...assignments.values()],
    force(experiment, variation) {
      forced[experiment] = variation;
    },
  };
}
