/**
 * The assignment audit: every unit's logged arm against the arm the SDK's own assignment
 * (src/engine/assign.ts: hash v2 of seed and unit id, weights, coverage) gives under the
 * manifest. A correct SDK and a current manifest give zero mismatches; a wrong seed, changed
 * weights or coverage without a new bucketVersion, or a buggy integration shows up here even
 * when the split looks fine. Forced (QA) exposures never reach the audit: they are excluded
 * upstream and counted in the hygiene line.
 */
import { assignVariation } from '../engine/assign';
import type { Experiment } from '../manifest/schema';
import { isolate } from './names';
import type { UnitRow } from './sql';

export interface AuditMismatch {
  unitId: string;
  population: 'exposed' | 'assigned';
  logged: string;
  /** The arm the manifest gives, or null when the unit falls outside coverage. */
  expected: string | null;
}

export interface AuditResult {
  status: 'pass' | 'fail' | 'skipped';
  /** Distinct units checked. */
  checked: number;
  /** Units with at least one logged arm the manifest does not give. */
  mismatched: number;
  /** Of those, units the manifest's coverage leaves out of the experiment altogether. */
  outsideCoverage: number;
  /** Logged arm → expected arm → units, for the mismatches. */
  confusion: { logged: string; expected: string | null; units: number }[];
  /** Up to five mismatching units, to look up in the logs. */
  examples: AuditMismatch[];
  message: string;
}

const MAX_EXAMPLES = 5;

/**
 * Audits the units of one experiment (one bucket version, one unit kind) against its manifest
 * entry. Conditions (`when`) are not re-evaluated: the logs do not carry the attributes, and a
 * logged unit passed them.
 */
export function auditAssignments(units: readonly UnitRow[], experiment: Experiment | undefined, bucketVersion: number, unit: string): AuditResult {
  const empty = { checked: 0, mismatched: 0, outsideCoverage: 0, confusion: [], examples: [] };
  if (!experiment) return { status: 'skipped', ...empty, message: 'Assignment audit skipped: the manifest has no experiment with this key.' };
  const manifestVersion = experiment.bucketVersion ?? 0;
  if (manifestVersion !== bucketVersion) {
    return { status: 'skipped', ...empty, message: `Assignment audit skipped: these units are from bucket version ${bucketVersion}, the manifest is at ${manifestVersion}, so it no longer says how they were assigned.` };
  }
  if ((experiment.unit ?? 'user') !== unit) {
    return { status: 'fail', ...empty, message: `Assignment audit failed: the logs randomize by ${isolate(unit)}, the manifest by ${experiment.unit ?? 'user'}.` };
  }
  const { when: _when, ...unconditional } = experiment;
  const expectedFor = new Map<string, string | null>();
  const bad = new Map<string, AuditMismatch>();
  const confusion = new Map<string, { logged: string; expected: string | null; units: number }>();
  for (const row of units) {
    let expected = expectedFor.get(row.unit_id);
    if (expected === undefined) {
      const ids = unit === 'account' ? { accountId: row.unit_id, anonymousId: '' } : { userId: row.unit_id, anonymousId: row.unit_id };
      const a = assignVariation(unconditional, ids, {});
      expected = a.inExperiment ? (a.variation as string) : null;
      expectedFor.set(row.unit_id, expected);
    }
    if (row.arm === expected || bad.has(row.unit_id)) continue;
    bad.set(row.unit_id, { unitId: row.unit_id, population: row.population, logged: row.arm, expected });
    const key = `${row.arm}\u0000${expected}`;
    const entry = confusion.get(key) ?? { logged: row.arm, expected, units: 0 };
    entry.units++;
    confusion.set(key, entry);
  }
  const checked = expectedFor.size;
  const mismatched = bad.size;
  const outsideCoverage = [...bad.values()].filter((m) => m.expected === null).length;
  const unitsText = `${isolate(unit)}s`;
  const share = checked > 0 ? ` (${((100 * mismatched) / checked).toFixed(1)}%)` : '';
  const message =
    mismatched === 0
      ? `Assignment audit: all ${checked.toLocaleString('en-US')} ${unitsText} are in the arm the manifest's seed, weights and coverage give.`
      : `Assignment audit failed: ${mismatched.toLocaleString('en-US')} of ${checked.toLocaleString('en-US')} ${unitsText}${share} are not in the arm the manifest gives` +
        (outsideCoverage ? ` (${outsideCoverage.toLocaleString('en-US')} should not be in the experiment at all: coverage)` : '') +
        '. Look for a different seed or weights in the running code, a stale cached manifest, or weights changed without a new bucketVersion; the lift cannot be trusted until this is explained.';
  return {
    status: mismatched === 0 ? 'pass' : 'fail',
    checked,
    mismatched,
    outsideCoverage,
    confusion: [...confusion.values()].sort((a, b) => b.units - a.units),
    examples: [...bad.values()].slice(0, MAX_EXAMPLES),
    message,
  };
}
