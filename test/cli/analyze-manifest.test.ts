/**
 * src/cli/analyze-manifest.ts: what `guidepost analyze --manifest` takes from a manifest — the
 * variation order (the first is the control), the weights, and the experiments for the
 * assignment audit. JSON with comments is read; entries the validator would refuse are skipped.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/cli/analyze-manifest';
import { validateManifest } from '../../src/manifest/validate';
import { MAX_FILE_DEPTH } from '../../src/cli/read-json-text';
import { runCli, useTempDir } from '../support/cli-harness';

const tempDir = useTempDir('guidepost-analyze-manifest-');
let counter = 0;

/** Writes `content` (an object is JSON-encoded) to a fresh file and returns its path. */
async function file(content: unknown, name = `m${++counter}.json`): Promise<string> {
  const path = join(tempDir(), name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const experiment = (fields: Record<string, unknown>) => ({ key: 'exp', variations: [{ key: 'control' }, { key: 'help' }], ...fields });

describe('readManifest: order, weights, experiments', () => {
  it('reads each experiment\'s variation order, in manifest order, first = control', async () => {
    const settings = await readManifest(await file({
      experiments: [experiment({ key: 'a', variations: [{ key: 'holdout' }, { key: 'help' }] }), experiment({ key: 'b', variations: [{ key: 'x' }, { key: 'y' }, { key: 'z' }] })],
    }));
    expect(settings.manifestOrder).toEqual({ a: ['holdout', 'help'], b: ['x', 'y', 'z'] });
    expect(settings.manifestWeights).toEqual({});
    expect(settings.manifestExperiments.map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('reads weights when any variation has one, and counts a missing weight as 0', async () => {
    const settings = await readManifest(await file({
      experiments: [
        experiment({ key: 'weighted', variations: [{ key: 'c', weight: 0.2 }, { key: 'h', weight: 0.8 }] }),
        experiment({ key: 'partial', variations: [{ key: 'c', weight: 1 }, { key: 'h' }] }),
        experiment({ key: 'equal' }),
      ],
    }));
    expect(settings.manifestWeights).toEqual({ weighted: { c: 0.2, h: 0.8 }, partial: { c: 1, h: 0 } });
    expect(settings.manifestWeights).not.toHaveProperty('equal');
  });

  it('keeps the experiment as assignment reads it: its fields, a default empty scope, and string keys', async () => {
    const settings = await readManifest(await file({
      experiments: [{ key: 'e', seed: 'salt', bucketVersion: 3, coverage: 0.5, unit: 'account', variations: [{ key: 1, weight: 0.5, enabled: false }, { key: 'two', weight: 0.5 }] }],
    }));
    expect(settings.manifestOrder).toEqual({ e: ['1', 'two'] });
    expect(settings.manifestWeights).toEqual({ e: { 1: 0.5, two: 0.5 } });
    expect(settings.manifestExperiments).toEqual([
      { key: 'e', seed: 'salt', bucketVersion: 3, coverage: 0.5, unit: 'account', scope: {}, variations: [{ key: '1', weight: 0.5, enabled: false }, { key: 'two', weight: 0.5 }] },
    ]);
  });

  it('reads the first of two experiments with one key, the one the validator keeps and the SDK runs', async () => {
    const first = experiment({ key: 'dup', seed: 'one', scope: { items: ['tip'] }, variations: [{ key: 'holdout', weight: 0.2 }, { key: 'help', weight: 0.8 }] });
    const second = experiment({ key: 'dup', seed: 'two', scope: { items: ['tip'] }, variations: [{ key: 'help', weight: 0.5 }, { key: 'holdout', weight: 0.5 }] });
    const settings = await readManifest(await file({ experiments: [first, second] }));
    const { manifest } = validateManifest({ schemaVersion: 1, revision: 'r', items: [], experiments: [first, second] });
    expect(manifest!.experiments!.map((e) => e.seed)).toEqual(['one']);
    expect(settings.manifestOrder).toEqual({ dup: ['holdout', 'help'] });
    expect(settings.manifestWeights).toEqual({ dup: { holdout: 0.2, help: 0.8 } });
    expect(settings.manifestExperiments.map((e) => e.seed)).toEqual(['one']);
  });

  it('keeps a scope the manifest gives', async () => {
    const settings = await readManifest(await file({ experiments: [experiment({ scope: { items: ['tip'] } })] }));
    expect(settings.manifestExperiments[0].scope).toEqual({ items: ['tip'] });
  });

  it('reads JSON with comments and trailing commas, as the validator does', async () => {
    const settings = await readManifest(await file(`{
      // the experiments
      "experiments": [
        /* holdout first */
        { "key": "e", "variations": [{ "key": "off" }, { "key": "on" },], },
      ],
    }`));
    expect(settings.manifestOrder).toEqual({ e: ['off', 'on'] });
  });

  it('reads the demo manifest like the validator does', async () => {
    const demo = join(__dirname, '../../demo/manifest.json');
    const settings = await readManifest(demo);
    const { manifest } = validateManifest(JSON.parse(await readFile(demo, 'utf8')));
    expect(Object.keys(settings.manifestOrder)).toEqual((manifest!.experiments ?? []).map((e) => e.key));
    for (const e of manifest!.experiments ?? []) expect(settings.manifestOrder[e.key]).toEqual(e.variations.map((v) => v.key));
  });

  it('does not share variation objects with the order it returns', async () => {
    const settings = await readManifest(await file({ experiments: [experiment({})] }));
    settings.manifestExperiments[0].variations[0].key = 'changed';
    expect(settings.manifestOrder.exp).toEqual(['control', 'help']);
  });
});

describe('readManifest: what it skips', () => {
  it('returns nothing for a manifest without experiments, or with experiments that are not a list', async () => {
    const empty = { manifestOrder: {}, manifestWeights: {}, manifestExperiments: [] };
    for (const content of [{ items: [] }, { experiments: {} }, { experiments: 'e' }, { experiments: null }, [], 'null', '42', '"text"']) {
      expect(await readManifest(await file(content)), JSON.stringify(content)).toEqual(empty);
    }
  });

  it('skips entries without a string key or a list of variations, and keeps the rest', async () => {
    const settings = await readManifest(await file({
      experiments: [null, 3, 'e', [], {}, { key: 7, variations: [] }, { key: 'no-variations' }, { key: 'bad', variations: { a: 1 } }, experiment({ key: 'good' })],
    }));
    expect(settings.manifestOrder).toEqual({ good: ['control', 'help'] });
    expect(settings.manifestExperiments.map((e) => e.key)).toEqual(['good']);
  });

  it('fails on a missing file with an error naming it', async () => {
    const missing = join(tempDir(), 'nope', 'manifest.json');
    await expect(readManifest(missing)).rejects.toThrow(missing);
  });

  it('through the CLI: a missing --manifest is exit 1 naming the file', async () => {
    const events = await file('', 'events.ndjson');
    const missing = join(tempDir(), 'missing-manifest.json');
    const { code, err } = await runCli('analyze', events, '--manifest', missing);
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(missing);
  });
});

describe('readManifest: a manifest that is not valid JSON is refused', () => {
  // jsonc-parser recovers from syntax errors and returns what it could read; read as is, a typo
  // (or the wrong file) would silently change the control and weights the analysis uses.
  it('refuses a manifest with a syntax error, naming the file', async () => {
    const broken = await file('{ "experiments": [{ "key": "e" "variations": [{ "key": "a", "weight": 0.9 }, { "key": "b", "weight": 0.1 }] }] }');
    await expect(readManifest(broken)).rejects.toThrow(broken);
  });

  it('refuses a file that is not JSON at all (an events file passed by mistake)', async () => {
    const notJson = await file('not a manifest\n');
    await expect(readManifest(notJson)).rejects.toThrow(notJson);
  });

  it('says where the first syntax error is, as file:line:column', async () => {
    const broken = await file('{\n  "experiments": [\n    { "key": "e" "variations": [] }\n  ]\n}');
    await expect(readManifest(broken)).rejects.toThrow(`${broken}:3:18: not a JSON manifest: CommaExpected`);
    const empty = await file('');
    await expect(readManifest(empty)).rejects.toThrow(`${empty}:1:1: not a JSON manifest`);
  });

  it('refuses a file that is not UTF-8 at the line:column of its first bad byte (it used to read garbled variation keys)', async () => {
    // "contrôle" saved as Latin-1: ô is the single byte 0xF4.
    const before = '{"experiments": [\n  {"key": "e", "variations": [{"key": "contr';
    const path = join(tempDir(), 'latin1.json');
    await writeFile(path, Buffer.concat([Buffer.from(before), Buffer.from([0xf4]), Buffer.from('le"}, {"key": "help"}]}\n]}')]));
    const message = `${path}:2:${before.length - before.indexOf('\n')}: not UTF-8: the byte 0xF4 here is not valid UTF-8`;
    await expect(readManifest(path)).rejects.toThrow(message);
    await expect(readManifest(path)).rejects.toThrow(/save the file as UTF-8$/);
    const { code, err } = await runCli('analyze', await file('', 'events-latin1.ndjson'), '--manifest', path);
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`guidepost: ${message}`);
  });

  it('refuses a file nested too deep at its first bracket too deep (it used to overflow the stack)', async () => {
    const head = '{"experiments": [{"key": "e", "variations": [{"key": "a"}, {"key": "b"}], "x": ';
    const path = await file(`${head}${'['.repeat(20_000)}${']'.repeat(20_000)}}]}`);
    // The manifest, its list and the experiment are 3 levels: the bracket number MAX_FILE_DEPTH - 2 is one too many.
    const message = `${path}:1:${head.length + MAX_FILE_DEPTH - 3 + 1}: nested deeper than ${MAX_FILE_DEPTH} levels of objects and arrays`;
    await expect(readManifest(path)).rejects.toThrow(message);
    const { code, err } = await runCli('analyze', await file('', 'events-deep.ndjson'), '--manifest', path);
    expect(code).toBe(1);
    expect(err.join('\n')).toContain(`guidepost: ${message}`);
  });

  it('reads a manifest saved with a byte-order mark', async () => {
    const settings = await readManifest(await file(`\uFEFF${JSON.stringify({ experiments: [experiment({})] })}`));
    expect(settings.manifestOrder).toEqual({ exp: ['control', 'help'] });
  });
});

describe('readManifest: a variation that is not an object is refused naming the file, not a TypeError', () => {
  it.each([[null], [3], ['a'], [[]], [{}], [{ key: null }]])('refuses the variation %j naming the file and its path', async (variation) => {
    const path = await file({ experiments: [experiment({ key: 'ok' }), { key: 'broken', variations: [{ key: 'a' }, variation] }] });
    await expect(readManifest(path)).rejects.toThrow(`${path}: experiments[1].variations[1] is not a variation`);
  });

  it('skips the experiment, or refuses naming the file, instead of "Cannot read properties of null"', async () => {
    const path = await file({ experiments: [experiment({ key: 'ok' }), { key: 'broken', variations: [{ key: 'a' }, null] }] });
    const outcome = await readManifest(path).then(
      (settings) => ({ settings }),
      (error: Error) => ({ error }),
    );
    if ('error' in outcome) {
      expect(outcome.error).not.toBeInstanceOf(TypeError);
      expect(outcome.error.message).toContain(path);
    } else {
      expect(outcome.settings.manifestOrder).toEqual({ ok: ['control', 'help'] });
    }
  });
});

describe('readManifest: a weight that is not a number is not copied into manifestWeights', () => {
  it('gives only numbers as weights', async () => {
    const settings = await readManifest(await file({ experiments: [experiment({ variations: [{ key: 'c', weight: 0.5 }, { key: 'h', weight: '0.5' }] })] }));
    for (const weight of Object.values(settings.manifestWeights.exp ?? {})) expect(typeof weight).toBe('number');
    // A weight that is not a number counts as missing (0), as an absent one does.
    expect(settings.manifestWeights.exp).toEqual({ c: 0.5, h: 0 });
  });
});

describe('readManifest: an experiment keyed "__proto__" (a valid key) keeps its order and weights', () => {
  it('keeps "__proto__" as an own key of manifestOrder and manifestWeights', async () => {
    const key = '__proto__';
    const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'tip', type: 'tooltip', title: 'T', target: '#x' }], experiments: [{ key, variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['tip'] } }] };
    // The schema's key pattern (letters, digits, "_", "-", ".", ":") accepts it.
    expect(validateManifest(manifest).problems).toEqual([]);
    const settings = await readManifest(await file(`{ "experiments": [{ "key": "__proto__", "variations": [{ "key": "a", "weight": 0.3 }, { "key": "b", "weight": 0.7 }] }] }`));
    expect(Object.keys(settings.manifestOrder)).toEqual([key]);
    expect(Object.getOwnPropertyDescriptor(settings.manifestOrder, key)?.value).toEqual(['a', 'b']);
    expect(Object.getOwnPropertyDescriptor(settings.manifestWeights, key)?.value).toEqual({ a: 0.3, b: 0.7 });
  });

  it('finds no inherited entry for a key it does not have ("constructor", "toString")', async () => {
    const settings = await readManifest(await file({ experiments: [experiment({ variations: [{ key: 'a', weight: 1 }, { key: 'b' }] })] }));
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(settings.manifestOrder[name]).toBeUndefined();
      expect(settings.manifestWeights[name]).toBeUndefined();
      expect(settings.manifestWeights.exp[name]).toBeUndefined();
    }
  });

  it('reads a "__proto__" property of the file as data, never as a prototype', async () => {
    const settings = await readManifest(await file(`{ "__proto__": { "experiments": [{ "key": "hidden", "variations": [{ "key": "a" }, { "key": "b" }] }] } }`));
    expect(settings.manifestExperiments).toEqual([]);
    const own = await readManifest(await file(`{ "experiments": [{ "key": "e", "__proto__": { "seed": "s" }, "variations": [{ "key": "a" }, { "key": "b" }] }] }`));
    expect(own.manifestExperiments[0]).not.toHaveProperty('seed');
  });
});
