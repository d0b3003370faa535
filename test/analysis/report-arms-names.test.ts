/**
 * Arm names that differ only by case or surrounding whitespace (src/analysis/report-arms.ts,
 * similarArmNames): "treatment", "treatment " and "Treatment" are three arms to the analysis,
 * and a stray one-user "Treatment" sorts before "control" and became the control without a
 * word. The data is what it is: the arms stay apart, and a check names them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/analysis/format';
import { buildReport, type ExperimentResult, type ReportOptions } from '../../src/analysis/report';
import { similarArmNames } from '../../src/analysis/report-arms';
import type { AggregateRows, ArmRow } from '../../src/analysis/sql';
import { runCli, useTempDir } from '../support/cli-harness';

const OPTIONS: ReportOptions = { goal: 'upgraded', windowMs: 28 * 86_400_000 };
const arm = (name: string, units: number, converted: number, extra: Partial<ArmRow> = {}): ArmRow => ({
  population: 'exposed', experiment: 'exp', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm: name,
  units, cf_units: 0, converted, goal_count: converted, early_units: 0, skew_units: 0, ...extra,
});
const rows = (arms: ArmRow[]): AggregateRows => ({
  hygiene: { rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: Date.parse('2026-03-01T00:00:00Z') },
  arms, consistency: [], exposures: [], tours: [], feedback: [], goal_names: [{ goal_name: 'upgraded', events: 100 }],
});
const only = (report: { experiments: ExperimentResult[] }) => report.experiments[0];
const check = (e: ExperimentResult) => e.checks.find((c) => c.id === 'similar-arm-names');

describe('arm names that differ only by case or surrounding whitespace', () => {
  it('are kept apart and named in a warning, with their units', () => {
    const report = buildReport(rows([arm('control', 1000, 100), arm('treatment', 1000, 120), arm('treatment ', 5, 1), arm('Treatment', 1, 0)]), { ...OPTIONS, control: 'control' });
    const e = only(report);
    // Not merged: four arms, as logged.
    expect(e.exposed.arms.map((a) => [a.variation, a.units])).toEqual([['control', 1000], ['Treatment', 1], ['treatment', 1000], ['treatment ', 5]]);
    const c = check(e);
    expect(c).toMatchObject({ status: 'warn', count: 3 });
    expect(c?.message).toBe(
      'Arm names that differ only by case or surrounding whitespace: "Treatment" (1 user), "treatment" (1,000 users), "treatment " (5 users). They are analysed as separate arms, as the events name them (not merged); if they are meant to be one arm, the code that logs the variation spells it more than one way.',
    );
    expect(formatReport(report)).toContain('[warn] Arm names that differ only by case or surrounding whitespace: "Treatment" (1 user), "treatment" (1,000 users), "treatment " (5 users).');
  });

  it('says so when one of them became the control', () => {
    // "Treatment" sorts before "control": with no holdout, manifest or --control, it is the control.
    const e = only(buildReport(rows([arm('control', 1000, 100), arm('treatment', 1000, 120), arm('Treatment', 1, 0)]), OPTIONS));
    expect(e).toMatchObject({ control: 'Treatment', controlRule: 'sorted' });
    expect(check(e)?.message).toContain('The control, "Treatment" (chosen as the first variation key in sorted order), is one of them: pass --control to compare with the arm you mean.');
  });

  it('names each group, and a manifest arm the logs spell differently', () => {
    const e = only(buildReport(rows([arm('A', 500, 50), arm('a', 2, 0), arm(' b', 500, 60), arm('B', 3, 0)]), { ...OPTIONS, manifestOrder: { exp: ['a', 'b'] } }));
    expect(check(e)?.message).toMatch(/^Arm names that differ only by case or surrounding whitespace: "A" \(500 users\), "a" \(2 users\); " b" \(500 users\), "B" \(3 users\), "b" \(0 users\)\./);
    expect(check(e)?.count).toBe(5);
  });

  it('no check when the names are distinct (the reports of ordinary experiments are unchanged)', () => {
    const e = only(buildReport(rows([arm('control', 1000, 100), arm('treatment', 1000, 120), arm('treatment-2', 1000, 110)]), OPTIONS));
    expect(check(e)).toBeUndefined();
    expect(similarArmNames([{ variation: 'x', units: 1 }, { variation: 'y', units: 1 }], 'x', 'sorted', 'user')).toBeUndefined();
  });
});

describe('through the CLI', () => {
  const tempDir = useTempDir('guidepost-arm-names-');

  it('analyze names the near-duplicates in the checks', async () => {
    const lines: string[] = [];
    const exposure = (user: string, variation: string) =>
      JSON.stringify({ event_id: `${user}-x`, type: 'exposure', ts: '2026-01-01T00:00:00Z', user_id: user, experiment: 'exp', variation, unit: 'user', unit_id: user });
    for (let i = 0; i < 50; i++) lines.push(exposure(`c${i}`, 'control'), exposure(`t${i}`, 'treatment'));
    lines.push(exposure('s1', 'treatment '), exposure('s2', 'Treatment'));
    lines.push(JSON.stringify({ event_id: 'end', type: 'goal', name: 'upgraded', ts: '2026-03-01T00:00:00Z', user_id: 'zz' }));
    const file = join(tempDir(), 'arms.ndjson');
    await writeFile(file, lines.join('\n') + '\n');
    const { code, out } = await runCli('analyze', file);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('[warn] Arm names that differ only by case or surrounding whitespace: "Treatment" (1 user), "treatment" (50 users), "treatment " (1 user).');
    expect(text).toContain('The control, "Treatment" (chosen as the first variation key in sorted order), is one of them');
  }, 60_000);
});
