/**
 * Issue 15: every way an experiment can silently go wrong, reproduced on a simulated log and
 * answered with a clear verdict in the JSON, the text report and /results.json: an arm with no
 * exposures, a bucketing bug (wrong seed), exposures disagreeing with assignments, exposures
 * without assignment, goals before exposure, zone-less timestamps (also under TZ=Asia/Tokyo),
 * a byte-order mark, relative intervals below −100%, in-progress units.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateEvents, type RawEvent } from '../../src/analysis/aggregate';
import { aggregateWithDuckDb } from '../../src/analysis/duckdb';
import type { AnalysisReport, ExperimentResult } from '../../src/analysis/report';
import { simExperiment, simulate } from '../../src/analysis/simulate';
import { main } from '../../src/cli/index';
import { assignVariation } from '../../src/engine/assign';
import { fnv1a32 } from '../../src/engine/hash';

const DAY = 86_400_000;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-failures-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Ev = Record<string, any>;
const base = () => simulate({ units: 2000, lift: 0.09, seed: 11 }).events as unknown as Ev[];

async function write(name: string, events: Ev[], prefix = ''): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, prefix + events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return file;
}

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function analyse(file: string, ...flags: string[]): Promise<{ report: AnalysisReport; e: ExperimentResult; text: string }> {
  const json = await run('analyze', file, '--json', ...flags);
  expect(json.code, json.err).toBe(0);
  const report = JSON.parse(json.out) as AnalysisReport;
  const text = await run('analyze', file, ...flags);
  return { report, e: report.experiments[0], text: text.out };
}

const check = (e: ExperimentResult, id: string) => e.checks.find((c) => c.id === id);

/** The TypeScript twin agrees with the SQL on the manipulated log too. */
async function sameAsTwin(file: string, events: Ev[], asOfMs?: number) {
  const options = { goal: 'upgraded', windowMs: 28 * DAY, ...(asOfMs !== undefined && { asOfMs }) };
  const { rows } = await aggregateWithDuckDb([file], options, true);
  const ts = aggregateEvents(events as RawEvent[], options, true);
  const sorted = (list: object[] = []) => list.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
  expect(rows.hygiene).toEqual(ts.hygiene);
  for (const key of ['arms', 'consistency', 'exposures', 'units'] as const) expect(sorted(rows[key]), key).toEqual(sorted(ts[key]));
}

describe('issue 15 failures, each with its verdict', () => {
  it('an arm with no exposures fails the split check (with and without --weights); intent-to-treat becomes the number', async () => {
    // (The simulator's stale-manifest exposures go too: left alone, they would rightly show as disagreements.)
    const events = base().filter((e) => !(e.type === 'exposure' && (e.variation === 'help' || e.revision === '2025-12-15.3')));
    const file = await write('no-help-exposures.ndjson', events);
    const { e, text } = await analyse(file);
    expect(e.exposed.arms.map((a) => [a.variation, a.units > 0])).toEqual([['holdout', true], ['help', false]]);
    expect(e.exposed.srm).toMatchObject({ status: 'fail', emptyArms: ['help'] });
    expect(check(e, 'split-exposed')?.status).toBe('fail');
    expect(e.recommendation.population).toBe('intentToTreat');
    expect(text).toContain('Split check failed: help has no units');
    expect(text).not.toMatch(/matches the configured 100\.0%/);
    await sameAsTwin(file, events);

    // No assignment events either: the other arm is known only from --weights, or not at all.
    const bare = events.filter((x) => x.type !== 'assignment');
    const bareFile = await write('no-help-no-assignments.ndjson', bare);
    const withWeights = await analyse(bareFile, '--weights', '0.5,0.5');
    expect(withWeights.e.exposed.srm).toMatchObject({ status: 'fail', weightsFrom: 'flag', weights: [0.5, 0.5] });
    expect(withWeights.e.exposed.srm?.emptyArms).toHaveLength(1);
    expect(withWeights.text).not.toContain('equal weights used');
    const without = await analyse(bareFile);
    expect(without.e.exposed.srm?.status).toBe('fail');
    expect(without.e.recommendation.population).toBeNull();
    expect(without.text).toMatch(/Do not report a lift yet/);
  }, 60_000);

  it('a bucketing bug (30% of units hashed with the wrong seed) fails the assignment audit with --manifest', async () => {
    const wrong = simExperiment('user', 'not-the-seed');
    const moved = new Map<string, string>();
    const events = base().map((e) => {
      if ((e.type !== 'exposure' && e.type !== 'assignment') || e.forced || e.revision === '2025-12-15.3') return e;
      if (fnv1a32(e.unit_id) % 10 >= 3) return e;
      const variation = assignVariation(wrong, { userId: e.unit_id, anonymousId: e.anonymous_id }, {}).variation as string;
      if (variation !== e.variation) moved.set(e.unit_id, variation);
      return { ...e, variation, counterfactual: variation === 'holdout', rendered: variation === 'help' };
    });
    const file = await write('wrong-seed.ndjson', events);
    const manifest = join(dir, 'manifest.json');
    await writeFile(manifest, JSON.stringify({ experiments: [simExperiment('user')] }));
    const { e, text } = await analyse(file, '--manifest', manifest);
    expect(e.audit?.status).toBe('fail');
    // Units whose events moved arm, whether or not they were exposed.
    expect(e.audit?.mismatched).toBe(moved.size);
    expect(moved.size / e.audit!.checked).toBeGreaterThan(0.1);
    expect(check(e, 'assignment-audit')?.status).toBe('fail');
    expect(e.recommendation.population).toBeNull();
    expect(text).toMatch(/Assignment audit failed: [\d,]+ of [\d,]+ users \(1\d\.\d%\) are not in the arm the manifest gives/);
    // The unaltered log passes the audit.
    const clean = await analyse(await write('right-seed.ndjson', base()), '--manifest', manifest);
    expect(clean.e.audit).toMatchObject({ status: 'pass', mismatched: 0 });
    expect(clean.e.recommendation.population).toBe('exposed');
  }, 60_000);

  it('counts exposures in another arm than the assignment, exposures without assignment and goals before exposure', async () => {
    const events = base();
    const exposedIds = [...new Set(events.filter((e) => e.type === 'exposure' && !e.forced && e.revision !== '2025-12-15.3').map((e) => e.unit_id as string))];
    const flip = new Set(exposedIds.slice(0, 10));
    const unassign = new Set(exposedIds.slice(10, 17));
    const early = exposedIds.slice(17, 22);
    const firstExposure = new Map<string, number>();
    for (const e of events) if (e.type === 'exposure' && !e.forced) firstExposure.set(e.unit_id, Math.min(firstExposure.get(e.unit_id) ?? Infinity, Date.parse(e.ts)));
    const changed = events
      .filter((e) => !(e.type === 'assignment' && unassign.has(e.unit_id)))
      .map((e) => (e.type === 'assignment' && flip.has(e.unit_id) ? { ...e, variation: e.variation === 'help' ? 'holdout' : 'help' } : e));
    // Goals stamped ten minutes before the first exposure: a device clock running late.
    early.forEach((id, i) => changed.push({ ...events.find((x) => x.user_id === id && x.type === 'goal')!, event_id: `skew-${i}`, type: 'goal', name: 'upgraded', ts: new Date(firstExposure.get(id)! - 600_000).toISOString() }));
    const before = (await analyse(await write('consistent.ndjson', events))).e;
    const file = await write('inconsistent.ndjson', changed);
    const { e, text } = await analyse(file);
    expect(e.hygiene.assignmentExposureDisagreements).toBe(10);
    expect(e.hygiene.exposedWithoutAssignment).toBe(7);
    expect(e.hygiene.clockSkewUnits - before.hygiene.clockSkewUnits).toBe(5);
    expect(e.hygiene.goalsBeforeExposureUnits).toBeGreaterThanOrEqual(before.hygiene.goalsBeforeExposureUnits + 5);
    expect(check(e, 'assignment-exposure-agreement')).toMatchObject({ status: 'fail', count: 10 });
    expect(check(e, 'exposures-without-assignment')).toMatchObject({ status: 'warn', count: 7 });
    expect(check(e, 'goals-before-exposure')?.status).toBe('warn');
    expect(text).toContain('10 users logged an exposure in a different arm from their assignment');
    expect(text).toContain('7 users logged exposures but no assignment event');
    expect(text).toMatch(/had a goal before their first exposure \(\d+ within the hour before: most likely device clock skew\)/);
    expect(before.checks.filter((c) => c.status === 'fail')).toEqual([]);
    await sameAsTwin(file, changed);
  }, 60_000);

  it('a byte-order mark at the start of the file costs no event', async () => {
    const events = base().slice(0, 3000);
    const plain = await analyse(await write('plain.ndjson', events));
    const bom = await analyse(await write('bom.ndjson', events, '\ufeff'));
    expect(bom.report.hygiene).toEqual(plain.report.hygiene);
    expect(bom.report.hygiene.unusableRows).toBe(0);
    expect(bom.e.exposed.arms).toEqual(plain.e.exposed.arms);
  }, 60_000);

  it('keeps the relative-lift interval above −100% (simulate --units 40 --lift 0.09 --seed 14)', async () => {
    const file = join(dir, 'tiny.ndjson');
    expect((await run('simulate', '--units', '40', '--lift', '0.09', '--seed', '14', '--out', file)).code).toBe(0);
    const { e, text } = await analyse(file);
    for (const p of [e.exposed, e.intentToTreat]) for (const c of p.comparisons) expect(c.relativeCi[0]).toBeGreaterThan(-1);
    expect(text).not.toMatch(/−[1-9]\d\d\.\d%/);
  }, 60_000);

  it('leaves out units whose window has not closed, counts them, and includes them on request', async () => {
    const events = base();
    const file = await write('in-progress.ndjson', events);
    const asOf = '2026-01-30T00:00:00Z';
    const out = await analyse(file, '--as-of', asOf);
    const inc = await analyse(file, '--as-of', asOf, '--include-in-progress');
    const counted = (e: ExperimentResult) => e.exposed.arms.reduce((s, a) => s + a.units, 0);
    expect(out.e.exposed.inProgressUnits).toBeGreaterThan(0);
    expect(inc.e.exposed.inProgressUnits).toBe(out.e.exposed.inProgressUnits);
    expect(counted(inc.e)).toBe(counted(out.e) + out.e.exposed.inProgressUnits);
    expect(out.report.asOf).toBe('2026-01-30T00:00:00.000Z');
    expect(out.text).toMatch(/are still inside their 28-day window at the end of the data: left out until it closes/);
    expect(inc.text).toMatch(/are counted with a cut-short window \(--include-in-progress\)/);
    await sameAsTwin(file, events, Date.parse(asOf));
    // Without --as-of the data's end decides: the simulated log runs long past every window.
    expect((await analyse(file)).e.exposed.inProgressUnits).toBe(0);
  }, 60_000);
});

describe('a fresh experiment: no window has closed yet', () => {
  it('is "not checked yet" and "nothing to report yet" in the JSON and the text, each said once, with no interval', async () => {
    // The first hours of the log: every unit is still inside its 28-day window.
    const events = base().sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts)).slice(0, 400);
    const { e, text } = await analyse(await write('fresh.ndjson', events));
    expect(e.exposed.arms.map((a) => a.units)).toEqual([0, 0]);
    expect(e.exposed.inProgressUnits).toBeGreaterThan(0);
    expect([check(e, 'split-exposed')?.status, check(e, 'split-assigned')?.status]).toEqual(['skipped', 'skipped']);
    expect(e.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(e.recommendation).toMatchObject({ population: null, headline: 'Nothing to report yet: no units counted.' });
    // JSON has no NaN: an interval that does not exist is [null, null], not Wilson's [0, 1].
    for (const a of [...e.exposed.arms, ...e.intentToTreat.arms]) expect(a.rateCi).toEqual([null, null]);
    expect(text).not.toContain('[FAIL]');
    expect(text).toMatch(/\[skip\] Exposed users: No units counted yet \(\d+ still inside their window\): there is no split to check yet\./);
    expect(text).not.toMatch(/0\.00% to 100\.00%|– to –/);
    const why = text.split('\n').find((line) => line.startsWith('  Why: '))!;
    const sentences = why.slice('  Why: '.length).split(/(?<=\.) /);
    expect(new Set(sentences).size).toBe(sentences.length);
  }, 60_000);
});

describe('timestamps without a zone', () => {
  const zonedAndNot = () => {
    const t = (h: number) => `2026-02-01T${String(h).padStart(2, '0')}:00:00`;
    const ev = (id: string, fields: Ev) => ({ event_id: id, schema_version: 1, sdk_version: '0.1.0', session_id: 's', anonymous_id: `d${id}`, ...fields });
    const list: Ev[] = [];
    for (let i = 0; i < 6; i++) {
      const arm = i % 2 ? 'on' : 'off';
      list.push(ev(`x${i}`, { type: 'exposure', ts: `${t(1)}+09:00`, user_id: `u${i}`, experiment: 'tz', variation: arm, unit: 'user', unit_id: `u${i}`, counterfactual: arm === 'off' }));
      // Zone-less: read as Tokyo time it would fall before the exposure, as UTC after it.
      list.push(ev(`g${i}`, { type: 'goal', name: 'upgraded', ts: t(2), user_id: `u${i}` }));
      list.push(ev(`z${i}`, { type: 'goal', name: 'upgraded', ts: `${t(3)}Z`, user_id: `u${i}` }));
    }
    // A later event closes every window.
    list.push(ev('late', { type: 'goal', name: 'other', ts: '2026-04-01T00:00:00Z', user_id: 'u0' }));
    return list;
  };

  it('are counted and left out, the same under TZ=UTC and TZ=Asia/Tokyo', async () => {
    const file = await write('zones.ndjson', zonedAndNot());
    const { report, text } = await analyse(file);
    expect(report.hygiene.zonelessRows).toBe(6);
    expect(text).toContain('6 rows have a timestamp without a time zone');
    // The CLI in a child process, so TZ is the process's zone from its start.
    const cacheDir = join(__dirname, '../../node_modules/.cache/guidepost-tz');
    await mkdir(cacheDir, { recursive: true });
    const cli = join(cacheDir, 'cli.mjs');
    await build({ entryPoints: [join(__dirname, '../../src/cli/index.ts')], bundle: true, platform: 'node', format: 'esm', outfile: cli, packages: 'external', logLevel: 'error' });
    const script = `const { main } = await import(${JSON.stringify(cli)}); let o = ''; await main(['analyze', ${JSON.stringify(file)}, '--json'], (l) => (o += l), (l) => console.error(l)); process.stdout.write(o);`;
    const inZone = async (tz: string) => JSON.parse((await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: tz } })).stdout) as AnalysisReport;
    const [utc, tokyo] = [await inZone('UTC'), await inZone('Asia/Tokyo')];
    expect(tokyo).toEqual(utc);
    expect(utc.experiments[0].exposed.arms.map((a) => [a.units, a.converted])).toEqual([[3, 3], [3, 3]]);
    expect(utc.hygiene.zonelessRows).toBe(6);
  }, 120_000);
});
