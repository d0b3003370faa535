/**
 * The experiments controller of one instance: assigns each unit once (sticky per bucketVersion,
 * stored locally), applies the variation's overrides to its items, and says for any item which
 * arm it is in. The exposure itself is emitted by the caller, at the render point. Loaded only
 * for a manifest with experiments (see `createExperiments` in experiments.ts).
 */
import { applyOverrides, assignVariation, experimentFor, parseForcedVariations, unitIdFor, type Assignment, type StickyAssignment } from '../engine/assign';
import type { RegexGuard } from '../engine/condition-guard';
import type { Item, Manifest } from '../manifest/schema';
import type { KeyValueStorage } from '../store/storage';
import { STICKY_ASSIGNMENTS_KEY, type Experiments } from './experiments';

type StickyRecord = Record<string, StickyAssignment>;

const stickyKey = (a: Pick<Assignment, 'unit' | 'unitId' | 'experiment'>) => `${a.unit}:${a.unitId}:${a.experiment}`;

/** Most stored assignments kept (units times experiments met on this device). */
export const MAX_STICKY_ASSIGNMENTS = 1000;

/**
 * The stored assignments as this version reads them. Storage is untrusted: a record that is not
 * an object of `{ variation, bucketVersion }` entries is reported and left out (that unit is
 * assigned again, by the same hash: the same arm unless the experiment changed), and only the
 * newest MAX_STICKY_ASSIGNMENTS are kept.
 */
function readSticky(stored: unknown, report: (e: Error) => void): StickyRecord {
  const sticky: StickyRecord = {};
  if (stored === undefined) return sticky;
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) {
    report(new Error(`Guidepost discarded the stored experiment assignments: not a record (${Array.isArray(stored) ? 'array' : typeof stored})`));
    return sticky;
  }
  const entries = Object.entries(stored);
  let dropped = Math.max(0, entries.length - MAX_STICKY_ASSIGNMENTS);
  for (const [key, value] of entries.slice(-MAX_STICKY_ASSIGNMENTS)) {
    const a = value as Partial<StickyAssignment> | null;
    if (key !== '__proto__' && a && typeof a === 'object' && typeof a.variation === 'string' && typeof a.bucketVersion === 'number') sticky[key] = { variation: a.variation, bucketVersion: a.bucketVersion };
    else dropped++;
  }
  if (dropped) report(new Error(`Guidepost discarded ${dropped} stored experiment assignment(s) it could not read or keep`));
  return sticky;
}

/** The newest MAX_STICKY_ASSIGNMENTS entries of `record` (insertion order: a key written again is newest). */
const newest = (record: StickyRecord): StickyRecord => Object.fromEntries(Object.entries(record).slice(-MAX_STICKY_ASSIGNMENTS));

/** Whether a condition reads the arms of other experiments (`experiments.<key>`, or `experiments` as an object). */
const readsArms = (when: unknown) => when !== undefined && JSON.stringify(when).includes('"experiments');

/** The controller (see experiments.ts, `createExperiments`, which loads this module only when needed). */
export async function openArms(manifest: Manifest, storage: KeyValueStorage, search: string, report: (e: Error) => void, regexGuard?: RegexGuard): Promise<Experiments> {
  const experiments = manifest.experiments ?? [];
  const forced = parseForcedVariations(search, experiments.map((e) => e.key));
  // A page opened with guidepost_force is a QA session, whatever it forces (a typo too): its
  // assignments are all marked forced, so the analysis leaves them out, and none is stored.
  const qaSession = new URLSearchParams(search).has('guidepost_force');
  for (const [key, variation] of Object.entries(forced)) {
    const experiment = experiments.find((e) => e.key === key);
    if (!experiment || !experiment.variations.some((v) => v.key === variation)) {
      report(new Error(`guidepost_force=${key}:${variation} names no variation of an experiment in this manifest`));
    }
  }
  const sticky = experiments.length ? readSticky(await storage.get<unknown>(STICKY_ASSIGNMENTS_KEY), report) : {};
  let assignments = new Map<string, Assignment>();
  /** `{ [experimentKey]: variationKey }` of the experiments this unit is in. */
  let entered: Record<string, string> = {};
  let items: Item[] = manifest.items;

  // The keys this instance hashed. Another tab writes the same record: each write re-reads it and
  // adds this instance's keys, so neither erases the other's arms (and this one adopts theirs).
  const mine = new Set<string>();
  let writing = Promise.resolve();
  let disposed = false;
  const persist = () => {
    writing = writing
      .then(async () => {
        const stored = readSticky(await storage.get<unknown>(STICKY_ASSIGNMENTS_KEY), () => {});
        // reset() deleted the record meanwhile: what this device was is not written back.
        if (disposed) return;
        for (const key of mine) {
          delete stored[key];
          stored[key] = sticky[key];
        }
        for (const [key, value] of Object.entries(stored)) if (!mine.has(key)) sticky[key] = value;
        await storage.set(STICKY_ASSIGNMENTS_KEY, newest(stored));
      })
      .catch(report);
  };

  return {
    assign(ids, attributes) {
      assignments = new Map();
      let changed = false;
      // A `when` on `experiments.<key>` (an experiment run inside one arm of another) sees the arms
      // of the experiments listed before it, assigned in this pass: the caller's attributes have none.
      entered = {};
      const seen = { ...attributes, experiments: entered };
      // An arm entered by force: an experiment whose condition reads arms is then QA data too.
      let forcedArm = false;
      for (const experiment of experiments) {
        const key = stickyKey({ unit: experiment.unit ?? 'user', unitId: unitIdFor(experiment, ids), experiment: experiment.key });
        let assignment = assignVariation(experiment, ids, seen, { forcedVariation: forced[experiment.key], sticky: sticky[key], regexGuard });
        if (!assignment.forced && (qaSession || (forcedArm && readsArms(experiment.when)))) assignment = { ...assignment, forced: true };
        assignments.set(experiment.key, assignment);
        if (assignment.inExperiment && assignment.variation) {
          entered[experiment.key] = assignment.variation;
          forcedArm ||= assignment.forced;
        }
        if (assignment.reason === 'hashed' && assignment.variation && !assignment.forced) {
          sticky[key] = { variation: assignment.variation, bucketVersion: assignment.bucketVersion };
          mine.add(key);
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
    variations: () => ({ ...entered }),
    all: () => [...assignments.values()],
    force(experiment, variation) {
      forced[experiment] = variation;
    },
    dispose() {
      disposed = true;
    },
  };
}
