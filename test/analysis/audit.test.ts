/**
 * src/analysis/audit.ts: every logged unit's arm against the arm the manifest gives. The
 * expected arms come from a reference written here from docs/experiments.md (FNV-1a 32 by
 * multiplication, hash v2 = fnv(str(fnv(seed + id))) % 10000 / 10000, consecutive ranges
 * [start, start + coverage·weight) with start the sum of earlier weights), not from the SDK.
 * Covers: a clean log passes; wrong units counted once across both populations, with the
 * confusion table, five examples and the share; weights and coverage (units that should not
 * be in at all); account units and explicit seeds; `when` not re-evaluated; unicode and very
 * long ids; the manifest that cannot judge (missing, other bucket version, other unit kind).
 */
import { describe, expect, it } from 'vitest';
import { auditAssignments } from '../../src/analysis/audit';
import type { UnitRow } from '../../src/analysis/sql';
import type { Experiment } from '../../src/manifest/schema';

function fnv(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
const hashV2 = (seed: string, id: string) => (fnv(String(fnv(seed + id))) % 10000) / 10000;
/** The reference arm, or null outside coverage. */
function expectedArm(seed: string, id: string, arms: string[], weights: number[], coverage = 1): string | null {
  const n = hashV2(seed, id);
  let start = 0;
  for (let i = 0; i < arms.length; i++) {
    if (n >= start && n < start + coverage * weights[i]) return arms[i];
    start += weights[i];
  }
  return null;
}

const experiment = (fields: Partial<Experiment> = {}): Experiment => ({
  key: 'help-links-holdout', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { types: ['helpLink'] }, ...fields,
});
const row = (unitId: string, arm: string, population: UnitRow['population'] = 'exposed', unit = 'user'): UnitRow => ({
  population, experiment: 'help-links-holdout', bucket: 0, unit, unit_id: unitId, arm,
});
const ids = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}_${i}`);
const ARMS = ['holdout', 'help'];
const other = (arm: string) => (arm === 'help' ? 'holdout' : 'help');

describe('auditAssignments', () => {
  it('passes a log where every unit is in its hash-v2 arm, checking each unit once across both populations', () => {
    const units = ids(1500).map((id) => [id, expectedArm('help-links-holdout', id, ARMS, [0.5, 0.5])!] as const);
    // The reference is a fair coin: 1500 units split within 4 SDs (±77) of 750.
    expect(Math.abs(units.filter(([, arm]) => arm === 'help').length - 750)).toBeLessThan(78);
    const rows = [...units.map(([id, arm]) => row(id, arm)), ...units.slice(0, 500).map(([id, arm]) => row(id, arm, 'assigned'))];
    const audit = auditAssignments(rows, experiment(), 0, 'user');
    expect(audit).toEqual({
      status: 'pass', checked: 1500, mismatched: 0, outsideCoverage: 0, confusion: [], examples: [],
      message: "Assignment audit: all 1,500 users are in the arm the manifest's seed, weights and coverage give.",
    });
  });

  it('counts each wrong unit once, whichever population logged it, with the confusion table, examples and share', () => {
    const units = ids(1000).map((id) => [id, expectedArm('help-links-holdout', id, ARMS, [0.5, 0.5])!] as const);
    const rows: UnitRow[] = [];
    units.forEach(([id, arm], i) => {
      if (i < 37) rows.push(row(id, other(arm))); // exposed in the wrong arm
      else rows.push(row(id, arm));
      if (i < 10) rows.push(row(id, other(arm), 'assigned')); // and assigned there too: still one unit
      if (i >= 100 && i < 105) rows.push(row(id, other(arm), 'assigned')); // exposed right, assigned wrong
    });
    const wrong = [...units.slice(0, 37), ...units.slice(100, 105)];
    const toHelp = wrong.filter(([, arm]) => arm === 'holdout').length;
    const audit = auditAssignments(rows, experiment(), 0, 'user');
    expect(audit).toMatchObject({ status: 'fail', checked: 1000, mismatched: 42, outsideCoverage: 0 });
    const byCount = [{ logged: 'help', expected: 'holdout', units: toHelp }, { logged: 'holdout', expected: 'help', units: 42 - toHelp }].sort((a, b) => b.units - a.units);
    expect(audit.confusion).toEqual(byCount);
    expect(audit.examples).toEqual(units.slice(0, 5).map(([id, arm]) => ({ unitId: id, population: 'exposed', logged: other(arm), expected: arm })));
    expect(audit.message).toMatch(/^Assignment audit failed: 42 of 1,000 users \(4\.2%\) are not in the arm the manifest gives\. Look for a different seed/);
  });

  it('uses the weights and the coverage: units logged outside coverage are reported as such', () => {
    const exp = experiment({ coverage: 0.5, variations: [{ key: 'holdout', weight: 0.2 }, { key: 'help', weight: 0.8 }] });
    const expected = ids(2000).map((id) => [id, expectedArm('help-links-holdout', id, ARMS, [0.2, 0.8], 0.5)] as const);
    // A buggy integration ignores coverage and puts everyone outside it in 'help'.
    const rows = expected.map(([id, arm]) => row(id, arm ?? 'help'));
    const outside = expected.filter(([, arm]) => arm === null).length;
    // Ranges [0, 0.1) and [0.2, 0.6): half of the hash space, so about 1000 ± 4·22.
    expect(Math.abs(outside - 1000)).toBeLessThan(90);
    expect(expected.filter(([, arm]) => arm === 'holdout').length / (2000 - outside)).toBeCloseTo(0.2, 1);
    const audit = auditAssignments(rows, exp, 0, 'user');
    expect(audit).toMatchObject({ status: 'fail', checked: 2000, mismatched: outside, outsideCoverage: outside, confusion: [{ logged: 'help', expected: null, units: outside }] });
    expect(audit.message).toContain(`(${outside.toLocaleString('en-US')} should not be in the experiment at all: coverage)`);
  });

  it('hashes the account id for account experiments, with the explicit seed, and ignores `when` (the logs lack the attributes)', () => {
    const exp = experiment({ unit: 'account', seed: 'pilot-2026', when: { plan: 'never-matches' } });
    const accounts = ['acct_000001', 'Ünïcödé-😀', 'x'.repeat(10_000), ...ids(300, 'acct')];
    const rows = accounts.map((id) => row(id, expectedArm('pilot-2026', id, ARMS, [0.5, 0.5])!, 'exposed', 'account'));
    expect(auditAssignments(rows, exp, 0, 'account')).toMatchObject({ status: 'pass', checked: 303, mismatched: 0 });
    // The same log audited against the key as seed: exactly the units whose arm differs under the other seed.
    const differ = accounts.filter((id) => expectedArm('pilot-2026', id, ARMS, [0.5, 0.5]) !== expectedArm('help-links-holdout', id, ARMS, [0.5, 0.5])).length;
    expect(differ).toBeGreaterThan(100);
    expect(auditAssignments(rows, experiment({ unit: 'account' }), 0, 'account')).toMatchObject({ status: 'fail', mismatched: differ });
  });

  it('skips or fails instead of judging units the manifest does not describe', () => {
    const rows = [row('u_1', 'help')];
    expect(auditAssignments(rows, undefined, 0, 'user')).toMatchObject({ status: 'skipped', checked: 0, message: 'Assignment audit skipped: the manifest has no experiment with this key.' });
    expect(auditAssignments(rows, experiment({ bucketVersion: 2 }), 1, 'user')).toMatchObject({
      status: 'skipped', checked: 0,
      message: 'Assignment audit skipped: these units are from bucket version 1, the manifest is at 2, so it no longer says how they were assigned.',
    });
    expect(auditAssignments(rows, experiment({ unit: 'account' }), 0, 'user')).toMatchObject({
      status: 'fail', checked: 0, mismatched: 0, message: 'Assignment audit failed: the logs randomize by user, the manifest by account.',
    });
  });
});
