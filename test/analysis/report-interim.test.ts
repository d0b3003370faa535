/**
 * An interim look (recommend in src/analysis/report-checks.ts): with --include-in-progress, units
 * whose window has not closed are counted with a cut-short window. A lift read then, and again
 * at every later look until one is "significant", is a false positive far more often than 5% of
 * the time. Such a report must not say "Report this"; it says it is an interim look, why the
 * repeated looks mislead, and when it can be read. Final reports keep their wording.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/analysis/format';
import { buildReport, type ExperimentResult, type ReportOptions } from '../../src/analysis/report';
import type { AggregateRows, ArmRow } from '../../src/analysis/sql';
import { runCli, useTempDir } from '../support/cli-harness';

const DAY = 86_400_000;
const AS_OF = Date.parse('2026-01-04T00:00:00Z');
const OPTIONS: ReportOptions = { goal: 'upgraded', windowMs: 28 * DAY, asOfMs: AS_OF };
const arm = (name: string, units: number, converted: number, extra: Partial<ArmRow> = {}): ArmRow => ({
  population: 'exposed', experiment: 'exp', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm: name,
  units, cf_units: 0, converted, goal_count: converted, early_units: 0, skew_units: 0, ...extra,
});
const rows = (arms: ArmRow[]): AggregateRows => ({
  hygiene: { rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: AS_OF },
  arms, consistency: [], exposures: [], tours: [], feedback: [], goal_names: [{ goal_name: 'upgraded', events: 100 }],
});
const only = (report: { experiments: ExperimentResult[] }) => report.experiments[0];
/** 2,000 users per arm, 39% against 45%: significant whichever way it is read. */
const significant = (inProgress: 0 | 1) => rows([arm('control', 2000, 780, { in_progress: inProgress }), arm('treatment', 2000, 900, { in_progress: inProgress })]);

describe('an interim look is not a result to report', () => {
  it('with in-progress units counted (--include-in-progress): no "Report this"; interim, repeated looks, and when to read it', () => {
    const report = buildReport(significant(1), { ...OPTIONS, includeInProgress: true });
    const e = only(report);
    expect(e.exposed.comparisons[0].significant).toBe(true);
    expect(e.exposed.inProgressUnits).toBe(4000);
    const r = e.recommendation;
    expect(r.headline).not.toMatch(/Report this/);
    expect(r.headline).toMatch(/^Interim look, not a result to report yet: /);
    expect(r.headline).toContain('treatment +6.0 points (95% CI');
    expect(r.headline).toContain('4,000 of the 4,000 users counted are still inside their 28-day window');
    expect(r.headline).toMatch(/Repeated looks at a running experiment inflate false positives/);
    // Every user exposed by the as-of time has had 28 days by then.
    expect(r.headline).toContain('Read it after 2026-02-01T00:00:00.000Z');
    expect(r.interim).toEqual({ inProgressUnits: 4000, countedUnits: 4000, readAfter: '2026-02-01T00:00:00.000Z' });
    // The numbers are still there, as numbers: the population they come from, and the comparison.
    expect(r.population).toBe('exposed');
    expect(r.comparison).toBe(e.exposed.comparisons[0]);
    expect(r.why).not.toContain('beyond noise');
    const text = formatReport(report);
    expect(text).not.toMatch(/Report this/);
    expect(text).toContain('  Interim look, not a result to report yet: ');
  });

  it('says so for several arms too, each with its figures', () => {
    const report = buildReport(rows([arm('a', 2000, 780, { in_progress: 1 }), arm('b', 2000, 900, { in_progress: 1 }), arm('c', 2000, 790, { in_progress: 1 })]), { ...OPTIONS, includeInProgress: true });
    const r = only(report).recommendation;
    expect(r.headline).toMatch(/^Interim look, not a result to report yet: so far b \+6\.0 points \(95% CI .*Holm-adjusted .*\); c \+0\.5 points \(/);
    expect(r.headline).toContain('6,000 of the 6,000 users counted');
  });

  it('only some units in progress: names how many of those counted', () => {
    const r = only(buildReport(rows([arm('control', 1500, 585), arm('control', 500, 195, { in_progress: 1 }), arm('treatment', 1500, 675), arm('treatment', 500, 225, { in_progress: 1 })]), { ...OPTIONS, includeInProgress: true })).recommendation;
    expect(r.headline).toContain('1,000 of the 4,000 users counted are still inside their 28-day window');
    expect(r.interim).toMatchObject({ inProgressUnits: 1000, countedUnits: 4000 });
  });
});

describe('final reports keep their wording', () => {
  it('every window closed: "Report this", no interim field', () => {
    const r = only(buildReport(significant(0), OPTIONS)).recommendation;
    expect(r.headline).toMatch(/^Report this: treatment raised conversion by \+6\.0 points \(95% CI /);
    expect(r.interim).toBeUndefined();
    expect(r.why).toContain('the effect found is beyond noise');
  });

  it('--include-in-progress with no unit in progress is a final report too', () => {
    const r = only(buildReport(significant(0), { ...OPTIONS, includeInProgress: true })).recommendation;
    expect(r.headline).toMatch(/^Report this: /);
  });

  it('in-progress units left out (the default): the units counted have their whole window, the headline is unchanged', () => {
    const e = only(buildReport(rows([arm('control', 2000, 780), arm('control', 10, 1, { in_progress: 1 }), arm('treatment', 2000, 900), arm('treatment', 10, 1, { in_progress: 1 })]), OPTIONS));
    expect(e.exposed.inProgressUnits).toBe(20);
    expect(e.recommendation.headline).toMatch(/^Report this: /);
    expect(e.checks.find((c) => c.id === 'in-progress-units')?.message).toContain('left out until it closes');
  });
});

describe('through the CLI, on a log three days into a week-long rollout', () => {
  const tempDir = useTempDir('guidepost-interim-');

  it('analyze --as-of 2026-01-04T00:00:00Z --include-in-progress: an interim look; the whole log, a final report', async () => {
    // 2,000 users per arm exposed over the first week of January, 40% and 49% converting within three days.
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const lines: string[] = [];
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    let id = 0;
    for (const [variation, rate] of [['control', 0.4], ['treatment', 0.49]] as const) {
      for (let i = 0; i < 2000; i++) {
        const user = `${variation}-${i}`;
        const at = t0 + Math.floor(random() * 7 * DAY);
        lines.push(JSON.stringify({ event_id: `e${id++}`, type: 'exposure', ts: new Date(at).toISOString(), user_id: user, experiment: 'exp1', variation, unit: 'user', unit_id: user }));
        if (random() < rate) lines.push(JSON.stringify({ event_id: `e${id++}`, type: 'goal', name: 'upgraded', ts: new Date(at + Math.floor(random() * 3 * DAY)).toISOString(), user_id: user }));
      }
    }
    lines.push(JSON.stringify({ event_id: 'end', type: 'goal', name: 'other', ts: '2026-03-01T00:00:00Z', user_id: 'zz' }));
    const file = join(tempDir(), 'eff.ndjson');
    await writeFile(file, lines.join('\n') + '\n');

    const peek = await runCli('analyze', file, '--as-of', '2026-01-04T00:00:00Z', '--include-in-progress');
    expect(peek.code).toBe(0);
    const text = peek.out.join('\n');
    expect(text).not.toMatch(/Report this/);
    expect(text).toMatch(/Interim look, not a result to report yet: so far treatment \+\d+\.\d points/);
    expect(text).toMatch(/Repeated looks at a running experiment inflate false positives/);
    expect(text).toContain('Read it after 2026-02-01T00:00:00.000Z');
    const json = JSON.parse((await runCli('analyze', file, '--json', '--as-of', '2026-01-04T00:00:00Z', '--include-in-progress')).out.join('\n'));
    expect(json.experiments[0].recommendation.interim).toMatchObject({ readAfter: '2026-02-01T00:00:00.000Z' });
    expect(json.experiments[0].recommendation.interim.inProgressUnits).toBe(json.experiments[0].recommendation.interim.countedUnits);

    // The whole log: every window has closed, and the report is final.
    const final = (await runCli('analyze', file)).out.join('\n');
    expect(final).toMatch(/Report this: treatment raised conversion by \+\d+\.\d points/);
    expect(final).not.toContain('Interim look');
  }, 60_000);
});
