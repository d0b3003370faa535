/**
 * The experiments controller of one instance: assigns each unit once (sticky per bucketVersion,
 * stored locally), applies the variation's overrides to its items, and says for any item which
 * arm it is in. The exposure itself is emitted by the caller, at the render point. Loaded only
 * for a manifest with experiments (see `createExperiments` in experiments.ts).
 */
import { applyOverrides, assignVariation, experimentFor, parseForcedVariations, type Assignment, type StickyAssignment } from '../engine/assign';
import type { RegexGuard } from '../engine/condition-guard';
import type { Item, Manifest } from '../manifest/schema';
import type { KeyValueStorage } from '../store/storage';
import { STICKY_ASSIGNMENTS_KEY, type Experiments } from './experiments';

type StickyRecord = Record<string, StickyAssignment>;

const stickyKey = (a: Pick<Assignment, 'unit' | 'unitId' | 'experiment'>) => `${a.unit}:${a.unitId}:${a.experiment}`;

/** The controller (see experiments.ts, `createExperiments`, which loads this module only when needed). */
export async function openArms(manifest: Manifest, storage: KeyValueStorage, search: string, report: (e: Error) => void, regexGuard?: RegexGuard): Promise<Experiments> {
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
        const assignment = assignVariation(experiment, ids, attributes, { forcedVariation: forced[experiment.key], sticky: sticky[key], regexGuard });
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
