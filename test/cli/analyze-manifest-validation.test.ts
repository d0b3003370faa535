/**
 * src/cli/analyze-manifest.ts, `readCheckedManifest`: `guidepost analyze --manifest` checks the
 * manifest with the validator `guidepost validate` runs, and refuses one it rejects, with the
 * validator's own lines (file:line:column: error: path: message) and exit 1. Before, weights
 * adding up to 1.1 were rescaled to 45.5% / 54.5% and the report blamed the data ("Sample-ratio
 * mismatch … do not trust the lift") for an experiment the SDK refuses, so no arm of it ran; and
 * a file with trailing commas, which the SDK cannot read at all, was read.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckedManifest, InvalidManifestError } from '../../src/cli/analyze-manifest';
import { runCli, useTempDir } from '../support/cli-harness';

const tempDir = useTempDir('guidepost-analyze-manifest-validation-');
let counter = 0;

async function file(content: string, name = `m${++counter}.json`): Promise<string> {
  const path = join(tempDir(), name);
  await writeFile(path, content);
  return path;
}

const manifest = (variations: unknown[], more: Record<string, unknown> = {}) =>
  JSON.stringify({ schemaVersion: 1, revision: 'r', items: [], experiments: [{ key: 'exp', variations, scope: { types: ['helpLink'] }, ...more }] }, null, 2);

/** A small log of experiment "exp": 40 users in control, 40 in treatment. */
async function events(): Promise<string> {
  const lines: string[] = [];
  for (let i = 0; i < 80; i++) {
    const arm = i % 2 ? 'treatment' : 'control';
    lines.push(JSON.stringify({ event_id: `e${i}`, type: 'exposure', ts: '2026-01-01T00:00:00Z', user_id: `u${i}`, experiment: 'exp', variation: arm, unit: 'user', unit_id: `u${i}` }));
  }
  lines.push(JSON.stringify({ event_id: 'end', type: 'goal', name: 'other', ts: '2026-03-01T00:00:00Z', user_id: 'zz' }));
  return file(lines.join('\n') + '\n', `events${++counter}.ndjson`);
}

/** What `guidepost validate` prints for the file's errors. */
async function validatorErrors(path: string): Promise<string[]> {
  const { code, out } = await runCli('validate', path);
  expect(code).toBe(1);
  return out.filter((line) => line.includes(': error: '));
}

describe('analyze --manifest refuses a manifest `guidepost validate` rejects', () => {
  it('weights that add up to 1.1: refused with the validator\'s message and position, exit 1, no report', async () => {
    const path = await file(manifest([{ key: 'control', weight: 0.5 }, { key: 'treatment', weight: 0.6 }]));
    const { code, out, err } = await runCli('analyze', await events(), '--manifest', path);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    const expected = await validatorErrors(path);
    expect(expected).toHaveLength(1);
    expect(expected[0]).toMatch(/:\d+:\d+: error: experiment "exp" at experiments\[0\]\.variations: the weights must add up to 1, found 0\.5 \+ 0\.6 = 1\.1$/);
    expect(err.filter((line) => line.includes(': error: '))).toEqual(expected);
    // validate's summary line, then why the analysis stops.
    expect(err.at(-2)).toBe(`${path}: 1 error`);
    expect(err.at(-1)).toMatch(new RegExp(`^guidepost: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid manifest \\(1 error\\)`));
    expect(err.join('\n')).not.toMatch(/Sample-ratio|45\.5%/);
  });

  it('with --json too: nothing on standard output, the problems on standard error', async () => {
    const path = await file(manifest([{ key: 'control', weight: 0.5 }, { key: 'treatment', weight: 0.6 }]));
    const { code, out, err } = await runCli('analyze', await events(), '--json', '--manifest', path);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain('the weights must add up to 1');
  });

  it('trailing commas or comments (JSON with comments): read as before, the experiments as written', async () => {
    const text = manifest([{ key: 'control', weight: 0.4 }, { key: 'treatment', weight: 0.6 }]).replace('"treatment"', '/* the new flow */ "treatment"').replace(/\}\s*\]/, '},]');
    expect(text).toContain('},]');
    const path = await file(text);
    const { code, out } = await runCli('analyze', await events(), '--json', '--manifest', path);
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n')).experiments[0].exposed.srm).toMatchObject({ weightsFrom: 'manifest', weights: [0.4, 0.6] });
  });

  it('an experiment the validator refuses for a rule the analysis does not read (no scope): its arms and weights are read', async () => {
    const path = await file(manifest([{ key: 'control', weight: 0.3 }, { key: 'treatment', weight: 0.7 }], { scope: {} }));
    const { code, out } = await runCli('analyze', await events(), '--json', '--manifest', path);
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n')).experiments[0].exposed.srm).toMatchObject({ weightsFrom: 'manifest', weights: [0.3, 0.7] });
  });

  it('a file of the experiments alone (no schemaVersion, no items) is read; its experiments are still checked', async () => {
    const only = (weights: [number, number]) => JSON.stringify({ experiments: [{ key: 'exp', variations: [{ key: 'control', weight: weights[0] }, { key: 'treatment', weight: weights[1] }], scope: { types: ['helpLink'] } }] });
    const good = await runCli('analyze', await events(), '--json', '--manifest', await file(only([0.5, 0.5])));
    expect(good.code).toBe(0);
    const path = await file(only([0.5, 0.6]));
    const bad = await runCli('analyze', await events(), '--manifest', path);
    expect(bad.code).toBe(1);
    expect(bad.err.filter((line) => line.includes(': error: '))).toHaveLength(1);
    expect(bad.err.join('\n')).toContain('experiments[0]');
  });

  it('a valid manifest is read as before: its weights, and a report (exit 0)', async () => {
    const path = await file(manifest([{ key: 'control', weight: 0.5 }, { key: 'treatment', weight: 0.5 }]));
    const { code, out } = await runCli('analyze', await events(), '--json', '--manifest', path);
    expect(code).toBe(0);
    const report = JSON.parse(out.join('\n'));
    expect(report.experiments[0].exposed.srm).toMatchObject({ weightsFrom: 'manifest', weights: [0.5, 0.5], status: 'pass' });
  });

  it('readCheckedManifest throws InvalidManifestError carrying the problems', async () => {
    const path = await file(manifest([{ key: 'control', weight: 0.5 }, { key: 'treatment', weight: 0.6 }]));
    const error = await readCheckedManifest(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidManifestError);
    expect((error as InvalidManifestError).problems.map((p) => p.code)).toEqual(['invalid-weights']);
    const ok = await readCheckedManifest(await file(manifest([{ key: 'control', weight: 0.2 }, { key: 'treatment', weight: 0.8 }])));
    expect(ok.manifestWeights.exp).toEqual({ control: 0.2, treatment: 0.8 });
  });
});

describe('analyze --manifest: a file that cannot be read is said in words', () => {
  it('a missing file and a folder: the path and what is wrong, not the system call', async () => {
    const missing = join(tempDir(), 'no-such-manifest.json');
    const gone = await runCli('analyze', await events(), '--manifest', missing);
    expect(gone.code).not.toBe(0);
    expect(gone.out).toEqual([]);
    expect(gone.err.join('\n')).toContain(`${missing}: cannot read it: there is no file at this path`);
    expect(gone.err.join('\n')).not.toMatch(/no such file or directory, stat/);
    const folder = await runCli('analyze', await events(), '--manifest', tempDir());
    expect(folder.err.join('\n')).toContain(`${tempDir()}: cannot read it: it is a folder, not a file`);
    expect(folder.err.join('\n')).not.toMatch(/illegal operation on a directory/);
  });
});
