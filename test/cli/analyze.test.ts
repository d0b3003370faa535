/**
 * `guidepost simulate` then `guidepost analyze --json` end to end through `main()`, on files
 * in a temporary folder: the detected lift is near the true one, the hygiene counts are the
 * injected ones, and the options, --print-sql and the exit codes behave.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { AnalysisReport } from '../../src/analysis/report';
import { runCliText as run, useTempDir } from '../support/cli-harness';

const dir = useTempDir('guidepost-analyze-');

/** Simulates into a file; returns it and the truth the simulator printed. */
async function simulated(name: string, ...flags: string[]) {
  const file = join(dir(), name);
  const result = await run('simulate', '--out', file, ...flags);
  expect(result.code).toBe(0);
  const truth = JSON.parse(result.err.slice(result.err.indexOf('truth ') + 6));
  return { file, truth };
}

describe('simulate → analyze --json', () => {
  it('finds the true +9-point lift with the holdout as control and the injected hygiene counts (user unit)', async () => {
    const { file, truth } = await simulated('user.ndjson', '--units', '20000', '--lift', '0.09', '--seed', '1');
    const result = await run('analyze', file, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as AnalysisReport;
    const e = report.experiments[0];
    expect(e).toMatchObject({ experiment: 'help-links-holdout', unit: 'user', control: 'holdout', controlRule: 'counterfactual' });
    const c = e.exposed.comparisons[0];
    expect(c.variation).toBe('help');
    expect(Math.abs(c.absoluteLift - 0.09)).toBeLessThan(0.02);
    expect(c.absoluteCi[0]).toBeLessThan(0.09);
    expect(c.absoluteCi[1]).toBeGreaterThan(0.09);
    expect(c.significant).toBe(true);
    expect(c.enoughData).toBe(true);
    expect(e.exposed.arms.map((a) => a.units)).toEqual([truth.exposedUnits.holdout, truth.exposedUnits.help]);
    expect(e.exposed.arms.map((a) => a.converted)).toEqual([truth.convertedUnits.holdout, truth.convertedUnits.help]);
    expect(report.hygiene.duplicateRowsDropped).toBe(truth.duplicateRows);
    expect(report.hygiene.rowsRead).toBe(truth.events);
    expect(e.hygiene).toMatchObject({ forcedEvents: truth.forcedEvents, forcedUnits: truth.forcedUnits, multiVariationUnits: truth.multiVariationUnits });
    expect(e.exposed.srm?.mismatch).toBe(false);
    // Every simulated unit was assigned: intent-to-treat counts at least the exposed units per arm,
    // and its lift is diluted by the units that never reached a help link.
    expect(e.intentToTreat.available).toBe(true);
    e.intentToTreat.arms.forEach((arm, i) => expect(arm.units).toBeGreaterThan(e.exposed.arms[i].units));
    expect(e.intentToTreat.comparisons[0].absoluteLift).toBeLessThan(c.absoluteLift);
    expect(report.tours.map((t) => `${t.tour} v${t.version}`)).toEqual(['welcome-tour v1', 'welcome-tour v2']);
    expect(report.feedback.map((f) => f.item)).toEqual(['reports-help', 'welcome-tour']);
    // The worked example in docs/analysis.md is this run's table.
    const table = await run('analyze', file);
    const docs = await readFile(join(__dirname, '../../docs/analysis.md'), 'utf8');
    expect(docs).toContain('$ guidepost simulate --units 20000 --lift 0.09 --seed 1 | guidepost analyze\n' + table.out + '\n```');
  }, 120_000);

  it('counts conversions by account for an account experiment (any user of the account converts it)', async () => {
    const { file, truth } = await simulated('account.ndjson', '--units', '4000', '--lift', '0.09', '--seed', '2', '--unit', 'account');
    const report = JSON.parse((await run('analyze', file, '--json')).out) as AnalysisReport;
    const e = report.experiments[0];
    expect(e.unit).toBe('account');
    expect(e.exposed.arms.map((a) => [a.units, a.converted])).toEqual([
      [truth.exposedUnits.holdout, truth.convertedUnits.holdout],
      [truth.exposedUnits.help, truth.convertedUnits.help],
    ]);
    expect(e.hygiene.forcedUnits).toBe(1); // the internal QA account
  }, 120_000);

  it('says "not enough data" with the units needed when the sample is small', async () => {
    const { file } = await simulated('small.ndjson', '--units', '300', '--null', '--seed', '4');
    const result = await run('analyze', file, '--mde', '0.02');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/not significant\. Not enough data: need about [\d,]+ units per arm to detect a 2-point lift at this baseline/);
    expect(result.out).toContain('Intent-to-treat (assigned units):');
    expect(result.out.match(/Not enough data/g)?.length).toBe(2);
  }, 60_000);

  it('takes --control, --weights, --window, --experiment and --goal', async () => {
    const { file } = await simulated('options.ndjson', '--units', '2000', '--seed', '5');
    const report = JSON.parse((await run('analyze', file, '--json', '--control', 'help', '--weights', '0.2,0.8', '--window', '1h', '--experiment', 'help-links-holdout', '--goal', 'project_created')).out) as AnalysisReport;
    const e = report.experiments[0];
    expect(e.control).toBe('help');
    expect(e.controlRule).toBe('flag');
    expect(e.exposed.arms[0].variation).toBe('help');
    expect(e.exposed.srm?.weights).toEqual([0.2, 0.8]);
    expect(e.exposed.srm?.mismatch).toBe(true);
    expect(report.windowDays).toBeCloseTo(1 / 24);
    expect(report.goal).toBe('project_created');
    // Weights whose sum passes the largest number are still a split (they were NaN and 0: every arm "should have no units").
    const huge = JSON.parse((await run('analyze', file, '--json', '--weights', '1e308,1e308')).out) as AnalysisReport;
    expect(huge.experiments[0].exposed.srm?.weights).toEqual([0.5, 0.5]);
    expect(huge.experiments[0].exposed.srm?.status).toBe('pass');
  }, 60_000);

  it('refuses an --experiment or --control that names nothing in the data (exit 2), listing what there is, with the nearest', async () => {
    const { file } = await simulated('names.ndjson', '--units', '500', '--seed', '5');
    // Before: exit 0, an empty report ("No experiment exposures found.").
    const experiment = await run('analyze', file, '--experiment', 'help-links-holdot');
    expect(experiment.code).toBe(2);
    expect(experiment.err).toContain('guidepost: no experiment named help-links-holdot in the events; the experiments in them are help-links-holdout — did you mean help-links-holdout?\nUsage: guidepost analyze');
    expect(experiment.out).toBe('');
    // Before: exit 0, an invented arm "contrl" with 0 units and a failed split check.
    const control = await run('analyze', file, '--control', 'hodlout', '--json');
    expect(control.code).toBe(2);
    expect(control.err).toContain('guidepost: no arm named hodlout in experiment help-links-holdout; its arms are help, holdout — did you mean holdout?');
    expect(control.out).toBe('');
    // A name that is there still works, with the other flags.
    expect((await run('analyze', file, '--experiment', 'help-links-holdout', '--control', 'holdout')).code).toBe(0);
  }, 60_000);

  it('names standard input "standard input" in the inputs, not the temporary file it was copied to', async () => {
    const { file } = await simulated('stdin.ndjson', '--units', '200', '--seed', '7');
    const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
    Object.defineProperty(process, 'stdin', { value: Readable.from([await readFile(file)]), configurable: true });
    try {
      const result = await run('analyze', '--json', '-', file);
      expect(result.code).toBe(0);
      expect((JSON.parse(result.out) as AnalysisReport).inputs).toEqual([file, 'standard input']);
    } finally {
      Object.defineProperty(process, 'stdin', stdin);
    }
  }, 60_000);

  it('names an arm whose every unit also saw another arm as logged, and keeps it the control (DuckDB keeps each mixed unit\'s arms)', async () => {
    const events: string[] = [];
    const exposure = (user: string, variation: string, at: string) =>
      JSON.stringify({ event_id: `${user}-${variation}`, type: 'exposure', ts: `2026-01-0${at}T00:00:00Z`, session_id: 's', anonymous_id: `d-${user}`, user_id: user, experiment: 'twoarm', variation, unit: 'user', unit_id: user, bucket_version: 1 });
    // "zcontrol" sorts after "treat": the first of a mixed unit's arms is treat, so only its last names zcontrol.
    for (let i = 0; i < 50; i++) events.push(exposure(`c${i}`, 'zcontrol', '1'), exposure(`c${i}`, 'treat', '2'), exposure(`t${i}`, 'treat', '1'));
    const file = join(dir(), 'all-mixed.ndjson');
    await writeFile(file, events.join('\n') + '\n');
    const report = JSON.parse((await run('analyze', file, '--json', '--include-in-progress')).out) as AnalysisReport;
    const e = report.experiments[0];
    expect(e.exposed.arms.map((a) => [a.variation, a.units])).toEqual([['treat', 50], ['zcontrol', 0]]);
    expect(e.exposed.srm?.verdict).toContain('zcontrol (50 units logged) has no units left');
    expect(JSON.stringify(e)).not.toContain('never logged');
    expect((await run('analyze', file, '--control', 'zcontrol')).code).toBe(0);
  }, 60_000);

  it('reads the control and weights from --manifest', async () => {
    const { file } = await simulated('manifest.ndjson', '--units', '1000', '--seed', '6');
    const manifest = join(dir(), 'manifest.json');
    // JSON with comments, as manifests may be.
    await writeFile(manifest, '{ // weights as configured\n "experiments": [{ "key": "help-links-holdout", "variations": [{ "key": "holdout", "weight": 0.3 }, { "key": "help", "weight": 0.7 }] }] }');
    const report = JSON.parse((await run('analyze', file, '--json', '--manifest', manifest)).out) as AnalysisReport;
    expect(report.experiments[0].exposed.srm?.weights).toEqual([0.3, 0.7]);
  }, 60_000);
});

describe('--print-sql', () => {
  it.each(['duckdb', 'bigquery', 'clickhouse'])('prints the %s queries without needing data', async (dialect) => {
    const result = await run('analyze', '--print-sql', '--dialect', dialect, '--goal', 'upgraded', '--window', '14d');
    expect(result.code).toBe(0);
    for (const name of ['hygiene', 'arms', 'exposures', 'tours', 'feedback', 'goalNames', 'withoutUnit']) expect(result.out).toContain(`-- ${name}\n`);
    expect(result.out).toContain(String(14 * 86_400_000));
    if (dialect === 'duckdb') expect(result.out).toContain("read_csv(['events.ndjson']");
    if (dialect === 'bigquery') expect(result.out).toContain('UNIX_MILLIS(ts)');
    if (dialect === 'clickhouse') expect(result.out).toContain('toUnixTimestamp64Milli(ts)');
  });

  it('prints SQL that DuckDB runs to the same numbers', async () => {
    const { file } = await simulated('sql.ndjson', '--units', '1000', '--seed', '8');
    const sql = (await run('analyze', file, '--print-sql')).out;
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const statements = sql.split(/;\n/).map((s) => s.trim()).filter((s) => s && !/^(--[^\n]*\n?)*$/.test(s));
    let feedback: Record<string, unknown>[] = [];
    for (const statement of statements) {
      const rows = (await connection.runAndReadAll(statement)).getRowObjects();
      if (statement.startsWith('-- feedback\n')) feedback = rows;
    }
    const report = JSON.parse((await run('analyze', file, '--json')).out) as AnalysisReport;
    // The feedback query's rows (the goal-name and unit-less queries come after it).
    expect(feedback.length).toBeGreaterThan(0);
    expect(feedback.map((r) => [r.item_id, Number(r.answers), Number(r.yes)])).toEqual(report.feedback.map((f) => [f.item, f.answers, f.yes]));
    connection.closeSync();
  }, 60_000);
});

describe('usage and failures', () => {
  it.each([
    [['analyze', 'x.ndjson', '--window', '28 days'], /--window must look like 28d/],
    [['analyze', 'x.ndjson', '--mde', '2'], /--mde must be a number between 0 and 1/],
    [['analyze', 'x.ndjson', '--weights', '1'], /--weights must be two or more positive numbers/],
    [['analyze', 'x.ndjson', '--weights', 'Infinity,1'], /--weights must be two or more positive numbers/],
    [['analyze', 'x.ndjson', '--window', '0.0001s'], /--window must be at least 1 millisecond/],
    [['analyze', 'x.ndjson', '--window', '99999999999999999999w'], /--window must be at least 1 millisecond and at most/],
    [['analyze', '--print-sql', '--dialect', 'mysql'], /--dialect must be duckdb, bigquery or clickhouse/],
    [['analyze', 'x.ndjson', '--dialect', 'bigquery'], /--dialect goes with --print-sql/],
    [['analyze', 'x.ndjson', '--bogus'], /unknown option --bogus/],
    [['simulate', '--units', '-3'], /--units must be a whole number/],
    [['simulate', '--unit', 'team'], /--unit must be user or account/],
    [['simulate', '--null', '--lift', '0.1'], /--null and --lift contradict/],
  ])('%j is a usage error (exit 2, with the usage)', async (argv, message) => {
    const result = await run(...(argv as string[]));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).toContain('Usage: guidepost');
  });

  it('exits 1 for a missing file', async () => {
    const result = await run('analyze', join(dir(), 'missing.ndjson'));
    expect(result.code).toBe(1);
    expect(result.err).toContain('no such file');
  });

  it('writes the same file for the same seed', async () => {
    const a = await simulated('seed-a.ndjson', '--units', '200', '--seed', '9');
    const b = await simulated('seed-b.ndjson', '--units', '200', '--seed', '9');
    expect(await readFile(a.file, 'utf8')).toBe(await readFile(b.file, 'utf8'));
  });
});
