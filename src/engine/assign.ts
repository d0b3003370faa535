/**
 * Experiment assignment, reproducible outside the SDK: a unit enters when the experiment's
 * condition holds and its hash falls inside `coverage`; its variation is
 * `chooseVariation(hash(seed, unitId, 2), getBucketRanges(n, coverage, weights))` — the
 * GrowthBook algorithm, so an analyst can recompute any assignment in SQL from the ids.
 * Assignments are sticky per (experiment, bucketVersion): a stored one is reused while the
 * bucketVersion is unchanged, so changing weights mid-experiment does not move anyone.
 */
import type { Experiment, Item } from '../manifest/schema';
import { evalCondition, type Attributes } from './condition';
import type { RegexGuard } from './condition-guard';
import { chooseVariation, getBucketRanges, hash } from './hash';
import { withOverrides } from './experiment-scope';

export { experimentFor } from './experiment-scope';

export interface UnitIds {
  userId?: string | null;
  anonymousId: string;
  accountId?: string | null;
}

export type AssignmentReason = 'hashed' | 'sticky' | 'forced' | 'no-unit-id' | 'condition' | 'coverage';

export interface Assignment {
  experiment: string;
  /** Whether the unit is in the experiment at all (not excluded by condition, coverage or a missing id). */
  inExperiment: boolean;
  /** Variation key and index; undefined when not in the experiment. */
  variation?: string;
  variationIndex: number;
  /** False in a holdout arm: the experiment's items do not render for this unit. */
  enabled: boolean;
  unit: 'user' | 'account';
  unitId: string | null;
  bucketVersion: number;
  /** The hash in [0, 1), for audits. */
  hashValue: number | null;
  forced: boolean;
  reason: AssignmentReason;
}

/** A stored assignment: `variation` key at `bucketVersion`. */
export interface StickyAssignment {
  variation: string;
  bucketVersion: number;
}

export interface AssignOptions {
  /** A QA override: the variation key to force. */
  forcedVariation?: string;
  sticky?: StickyAssignment;
  /**
   * Runs `$regex` patterns of the experiment's condition (see `DecideInput.regexGuard`).
   * @default guardPattern in `guidepost/engine`; none inside the SDK
   */
  regexGuard?: RegexGuard;
}

/** The id an experiment hashes: the account for account experiments, else the user (or the device's anonymous id). */
export function unitIdFor(experiment: Experiment, ids: UnitIds): string | null {
  if ((experiment.unit ?? 'user') === 'account') return ids.accountId || null;
  return ids.userId || ids.anonymousId || null;
}

export function assignVariation(experiment: Experiment, ids: UnitIds, attributes: Attributes, options: AssignOptions = {}): Assignment {
  const unit = experiment.unit ?? 'user';
  const unitId = unitIdFor(experiment, ids);
  const bucketVersion = experiment.bucketVersion ?? 0;
  const base = { experiment: experiment.key, unit, unitId, bucketVersion, forced: false };
  const out = (fields: Partial<Assignment> & Pick<Assignment, 'reason'>): Assignment => ({
    inExperiment: false, variationIndex: -1, enabled: true, hashValue: null, ...base, ...fields,
  });
  const keys = experiment.variations.map((v) => v.key);
  const arm = (index: number, fields: Partial<Assignment> & Pick<Assignment, 'reason'>) =>
    out({ inExperiment: true, variationIndex: index, variation: keys[index], enabled: experiment.variations[index].enabled !== false, ...fields });

  if (options.forcedVariation !== undefined && keys.includes(options.forcedVariation)) {
    return arm(keys.indexOf(options.forcedVariation), { reason: 'forced', forced: true });
  }
  if (!unitId) return out({ reason: 'no-unit-id' });
  if (experiment.when && !evalCondition(attributes, experiment.when, undefined, options.regexGuard)) return out({ reason: 'condition' });
  const hashValue = hash(experiment.seed || experiment.key, unitId, 2);
  if (options.sticky && options.sticky.bucketVersion === bucketVersion && keys.includes(options.sticky.variation)) {
    return arm(keys.indexOf(options.sticky.variation), { reason: 'sticky', hashValue });
  }
  const weights = experiment.variations.some((v) => v.weight !== undefined) ? experiment.variations.map((v) => v.weight ?? 0) : undefined;
  const index = hashValue === null ? -1 : chooseVariation(hashValue, getBucketRanges(keys.length, experiment.coverage ?? 1, weights));
  if (index < 0) return out({ reason: 'coverage', hashValue });
  return arm(index, { reason: 'hashed', hashValue });
}


/** The item as a variation shows it: the variation's overrides for this item replace its own fields. */
export function applyOverrides<T extends Item>(item: T, experiment: Experiment | undefined, assignment: Assignment | undefined): T {
  if (!experiment || !assignment?.inExperiment) return item;
  return withOverrides(item, experiment.variations[assignment.variationIndex]?.overrides?.[item.id]);
}

/**
 * Parses `?guidepost_force=exp:variation,exp2:variation` into a map. Experiment keys may
 * contain ":" (`checkout:v2`): given the manifest's keys, a pair is split after the longest key
 * it starts with, so `checkout:v2:help` forces `help` of `checkout:v2`; a pair naming none is
 * split at its first ":".
 */
export function parseForcedVariations(search: string, experimentKeys: readonly string[] = []): Record<string, string> {
  const forced: Record<string, string> = {};
  const value = new URLSearchParams(search).get('guidepost_force');
  for (const raw of (value ?? '').split(',')) {
    const pair = raw.trim();
    const known = experimentKeys.filter((key) => pair.startsWith(`${key}:`)).sort((a, b) => b.length - a.length)[0];
    const at = known ? known.length : pair.indexOf(':');
    if (at > 0) forced[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return forced;
}
