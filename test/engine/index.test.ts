/**
 * `guidepost/engine` (src/engine/index.ts) as an outside user meets it: the names it exports,
 * the built package (ESM and CommonJS, through the package's own "exports") agreeing with the
 * source, the `$regex` guard its wrappers add by default (and a caller's own guard honoured),
 * prepared manifests reused by its `decide`, and assignment checked against GrowthBook's own SDK:
 * deterministic, uniform, holdouts, and no assignment leaking from one experiment into another.
 * GrowthBook's conformance file runs in index-conformance.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { GrowthBook } from '@growthbook/growthbook';
import fc from 'fast-check';
import * as built from 'guidepost/engine';
import type { Assignment as BuiltAssignment, Manifest as BuiltManifest } from 'guidepost/engine';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { assignVariation as rawAssign } from '../../src/engine/assign';
import { decide as rawDecide } from '../../src/engine/decide';
import * as engine from '../../src/engine/index';
import {
  assignVariation, compileCondition, decide, emptyProgress, evalCondition, firstFailingClause, firstFailingCompiled, guardPattern, hash,
  individualReason, prepareManifest, unitIdFor, validateManifest, type Assignment, type Experiment, type Manifest, type RegexGuard,
} from '../../src/engine/index';
import { input, manifest } from '../support/engine-helpers';

const require = createRequire(import.meta.url);

/** Every runtime export of `guidepost/engine`: a change here is a change of the public API. */
const PUBLIC_NAMES = [
  'DEFAULT_CAPS', 'DEFAULT_FREQUENCY', 'MAX_EVENT_NAMES', 'MAX_PAGE_PATHS', 'MAX_VIEWS_PER_PATH', 'PAGE_HISTORY_MS', 'PHONE_MAX_SHORT_SIDE',
  'PROGRESS_SCHEMA_VERSION', 'SESSION_GAP_MS', 'applicableProgress', 'assignVariation', 'buildAttributes', 'chooseVariation', 'compileCondition',
  'daysSince', 'decide', 'describeReason', 'deviceAttributes', 'emptyProgress', 'evalCondition', 'firstFailingClause', 'firstFailingCompiled',
  'frequencyOf', 'getBucketRanges', 'getEqualWeights', 'getPath', 'guardPattern', 'hash', 'inNamespace', 'individualReason', 'isInterruptive',
  'isPageStats', 'mergePageStats', 'normalizePath', 'pageAttributes', 'prepareManifest', 'prepareScreenItem', 'priorityOrder', 'recordCompleted',
  'recordDismissed', 'recordEvent', 'recordPageView', 'recordSeen', 'recordStep', 'recordVisit', 'screenItem', 'screenReason', 'unitIdFor',
  'validateManifest',
].sort();

const experiment = (fields: Partial<Experiment> = {}): Experiment => ({
  key: 'exp',
  variations: [{ key: 'control' }, { key: 'treatment' }],
  scope: { types: ['banner'] },
  ...fields,
});

/** GrowthBook's own SDK running the same experiment for one unit (hash version 2, as Guidepost uses). */
function growthbookRun(exp: Experiment, unitId: string) {
  const gb = new GrowthBook({ attributes: { id: unitId } });
  const weights = exp.variations.some((v) => v.weight !== undefined) ? exp.variations.map((v) => v.weight ?? 0) : undefined;
  const result = gb.run({
    key: exp.key, variations: exp.variations.map((v) => v.key) as [string, string, ...string[]], hashVersion: 2,
    ...(exp.seed !== undefined ? { seed: exp.seed } : {}), ...(exp.coverage !== undefined ? { coverage: exp.coverage } : {}), ...(weights ? { weights } : {}),
  });
  gb.destroy();
  return result;
}

function chiSquareIndependence(table: number[][]): number {
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = table[0].map((_, j) => table.reduce((sum, row) => sum + row[j], 0));
  const total = rows.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let i = 0; i < table.length; i++) for (let j = 0; j < cols.length; j++) sum += (table[i][j] - (rows[i] * cols[j]) / total) ** 2 / ((rows[i] * cols[j]) / total);
  return sum;
}

describe('the public surface', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(engine).sort()).toEqual(PUBLIC_NAMES);
  });

  it('does not export internals: the hash primitive, path readers, overrides or the tour machine', () => {
    for (const internal of ['fnv1a32', 'lookup', 'valueAt', 'withOverrides', 'applyOverrides', 'experimentFor', 'itemForms', 'tourTransition', 'eligibilityReason', 'parseForcedVariations']) {
      expect(Object.keys(engine)).not.toContain(internal);
    }
  });

  it('the built package ("guidepost/engine", ESM and CommonJS) exports the same names as the source', () => {
    expect(Object.keys(built).sort()).toEqual(PUBLIC_NAMES);
    expect(Object.keys(require('guidepost/engine') as object).sort()).toEqual(PUBLIC_NAMES);
  });

  it('the built package decides, hashes and assigns exactly as the source', () => {
    const cjs = require('guidepost/engine') as typeof engine;
    const exp = experiment({ key: 'checkout-copy', coverage: 0.8, variations: [{ key: 'a', weight: 0.2 }, { key: 'b', weight: 0.3 }, { key: 'c', weight: 0.5 }] });
    for (let i = 0; i < 500; i++) {
      const id = i % 3 === 0 ? `u_${i}` : `ユーザー${i}😀`;
      expect(built.hash('seed', id, 2)).toBe(hash('seed', id, 2));
      expect(cjs.hash('seed', id, 1)).toBe(hash('seed', id, 1));
      expect(built.assignVariation(exp, { anonymousId: id }, {})).toEqual(assignVariation(exp, { anonymousId: id }, {}));
      expect(cjs.assignVariation(exp, { anonymousId: id }, {})).toEqual(assignVariation(exp, { anonymousId: id }, {}));
    }
    const m = manifest([{ id: 'promo', type: 'banner', when: { 'page.path': { $regex: '^/bill' } } }, { id: 'help', type: 'helpLink' }]);
    const attributes = { page: { path: '/billing' } };
    expect(built.decide(input(m as BuiltManifest, { attributes }))).toEqual(decide(input(m, { attributes })));
    expect(cjs.decide(input(m, { attributes })).show.map((i) => i.id)).toEqual(['promo', 'help']);
  });

  it('ships declaration files without `any`', () => {
    const dir = new URL('../../dist/types/engine/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.d.ts'));
    expect(files).toContain('index.d.ts');
    const leaks = files.flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('\n').filter((line) => /(:\s*any\b|<any>|\bany\[\]|as any\b)/.test(line)).map((line) => `${f}: ${line.trim()}`));
    expect(leaks).toEqual([]);
  });

  it('types: assignments and manifests have the same shape in the package as in the source', () => {
    expectTypeOf<BuiltAssignment>().toEqualTypeOf<Assignment>();
    expectTypeOf<BuiltAssignment['reason']>().toEqualTypeOf<'hashed' | 'sticky' | 'forced' | 'no-unit-id' | 'condition' | 'coverage'>();
    expectTypeOf(built.hash).returns.toEqualTypeOf<number | null>();
    expectTypeOf<BuiltManifest['items'][number]['type']>().toEqualTypeOf<'helpLink' | 'tooltip' | 'hotspot' | 'tour' | 'banner' | 'checklist'>();
    expectTypeOf(evalCondition).parameter(3).toEqualTypeOf<RegexGuard | undefined>();
  });
});

describe('the $regex guard, on by default', () => {
  it('evalCondition runs $regex and $regexi guarded, without being given a guard', () => {
    expect(evalCondition({ s: 'Billing' }, { s: { $regex: '^B' } })).toBe(true);
    expect(evalCondition({ s: 'Billing' }, { s: { $regexi: '^b' } })).toBe(true);
    expect(evalCondition({ s: 'Billing' }, { s: { $regex: '^b' } })).toBe(false);
  });

  it('a catastrophic pattern matches nothing, and an invalid one is false, instead of hanging or throwing', () => {
    expect(evalCondition({ s: 'a'.repeat(50) + '!' }, { s: { $regex: '(a+)+$' } })).toBe(false);
    expect(evalCondition({ s: 'a' }, { s: { $regex: '(' } })).toBe(false);
    expect(evalCondition({ s: 'a'.repeat(2000) }, { s: { $regex: '^a' } })).toBe(false); // inputs over 1,000 characters never match
  });

  it('a caller\'s own guard is used instead, and the same condition object is not answered from another guard\'s cache', () => {
    const condition = { s: { $regex: '^a' } };
    const never: RegexGuard = () => '(?!)';
    expect(evalCondition({ s: 'abc' }, condition)).toBe(true);
    expect(evalCondition({ s: 'abc' }, condition, undefined, never)).toBe(false);
    expect(evalCondition({ s: 'abc' }, condition)).toBe(true);
  });

  it('passes saved groups through', () => {
    expect(evalCondition({ id: 'u1' }, { id: { $inGroup: 'beta' } }, { beta: ['u1'] })).toBe(true);
    expect(evalCondition({ id: 'u2' }, { id: { $inGroup: 'beta' } }, { beta: ['u1'] })).toBe(false);
  });

  it('firstFailingClause and compileCondition evaluate patterns guarded too', () => {
    expect(firstFailingClause({ s: 'abc' }, { s: { $regex: '^a' } })).toBeUndefined();
    expect(firstFailingClause({ s: 'xbc' }, { s: { $regex: '^a' } })).toEqual({ path: 's', actual: 'xbc', clause: { $regex: '^a' } });
    const compiled = compileCondition({ s: { $regex: '^a' }, n: { $gt: 1 } });
    expect(firstFailingCompiled({ s: 'abc', n: 2 }, compiled)).toBeUndefined();
    expect(firstFailingCompiled({ s: 'abc', n: 0 }, compiled)).toMatchObject({ path: 'n', actual: 0 });
  });

  it('decide and individualReason add the guard (the bare engine, inside the SDK, would refuse the pattern)', () => {
    const m = manifest([{ id: 'promo', type: 'banner', when: { 'page.path': { $regex: '^/bill' } } }]);
    const attributes = { page: { path: '/billing' } };
    expect(decide(input(m, { attributes })).show.map((i) => i.id)).toEqual(['promo']);
    expect(individualReason(m.items[0], input(m, { attributes }))).toBeUndefined();
    // The contrast: without the wrapper there is no guard, and the clause fails unevaluated.
    expect(rawDecide(input(m, { attributes })).verdicts[0].reason).toMatchObject({ code: 'condition', expected: '$regex without its guard (not loaded); not evaluated' });
  });

  it('decide uses a guard the caller brings', () => {
    const calls: string[] = [];
    const spy: RegexGuard = (pattern, insensitive) => (calls.push(pattern), guardPattern(pattern, insensitive));
    const m = manifest([{ id: 'promo', type: 'banner', when: { 'page.path': { $regex: '^/settings' } } }]);
    expect(decide(input(m, { attributes: { page: { path: '/settings' } }, regexGuard: spy })).show).toHaveLength(1);
    expect(calls).toEqual(['^/settings']);
  });

  it('assignVariation evaluates an experiment condition with $regex (the bare engine leaves everyone out)', () => {
    const exp = experiment({ when: { 'user.email': { $regex: '@example\\.com$' } } });
    const ids = { anonymousId: 'a-1' };
    expect(assignVariation(exp, ids, { user: { email: 'ana@example.com' } })).toMatchObject({ inExperiment: true, reason: 'hashed' });
    expect(assignVariation(exp, ids, { user: { email: 'ana@elsewhere.org' } })).toMatchObject({ inExperiment: false, reason: 'condition' });
    expect(rawAssign(exp, ids, { user: { email: 'ana@example.com' } })).toMatchObject({ inExperiment: false, reason: 'condition' });
  });
});

describe('prepared manifests', () => {
  it('decide reuses a manifest prepared by prepareManifest (same guard), and re-prepares for any other manifest', () => {
    const m = manifest([{ id: 'a', type: 'helpLink' }, { id: 'b', type: 'helpLink' }]);
    const prepared = prepareManifest(m);
    expect(decide(input(m, { prepared })).show.map((i) => i.id)).toEqual(['a', 'b']);
    // A doctored order shows whether the prepared value was used.
    const doctored = { ...prepared, order: [1, 0] };
    expect(decide(input(m, { prepared: doctored })).show.map((i) => i.id)).toEqual(['b', 'a']);
    const copy = { ...m, items: [...m.items] };
    expect(decide(input(copy, { prepared: doctored })).show.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('a manifest prepared with another guard is not trusted for the default one', () => {
    const m = manifest([{ id: 'a', type: 'helpLink' }, { id: 'b', type: 'helpLink' }]);
    const other = prepareManifest(m, { regexGuard: (p) => p });
    expect(decide(input(m, { prepared: { ...other, order: [1, 0] } })).show.map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('prepared and unprepared decisions agree on every verdict', () => {
    const m = manifest([
      { id: 'promo', type: 'banner', priority: 2, when: { 'page.path': { $regex: '^/bill' } } },
      { id: 'tour', type: 'tour', when: { 'user.plan': 'trial' } },
      { id: 'tip', type: 'tooltip', when: { 'user.plan': 'trial' } },
    ]);
    const prepared = prepareManifest(m);
    for (const attributes of [{ page: { path: '/billing' }, user: { plan: 'trial' } }, { page: { path: '/home' }, user: { plan: 'pro' } }]) {
      expect(decide(input(m, { attributes, prepared }))).toEqual(decide(input(m, { attributes })));
    }
  });
});

describe('never throws on junk', () => {
  it('evalCondition is false for null or undefined conditions, cycles, and nesting 10,000 deep', () => {
    expect(evalCondition({}, null as never)).toBe(false);
    expect(evalCondition({}, undefined as never)).toBe(false);
    const cycle: Record<string, unknown> = {};
    cycle.$and = [cycle];
    expect(evalCondition({}, cycle)).toBe(false);
    let deep: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < 10_000; i++) deep = { $not: deep };
    expect(evalCondition({ a: 1 }, deep)).toBe(false);
  });

  it('evalCondition tolerates junk attributes', () => {
    expect(evalCondition(null as never, { a: 1 })).toBe(false);
    expect(evalCondition({ get a(): unknown { throw new Error('host getter'); } }, { a: 1 })).toBe(false);
    expect(evalCondition(JSON.parse('{"__proto__": {"a": 1}}'), { a: 1 })).toBe(false);
  });

  it('decide and validateManifest accept empty input', () => {
    expect(decide({ manifest: { schemaVersion: 1, revision: 'r', items: [] }, progress: emptyProgress(), attributes: {}, now: 0 })).toEqual({ verdicts: [], show: [] });
    const result = validateManifest({ schemaVersion: 1, revision: 'r', items: [] });
    expect(result.manifest?.items).toEqual([]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('evalCondition: only an object of clauses is a condition', () => {
  // GrowthBook iterates Object.entries(condition), which is empty for a number or a boolean (so it
  // would hold vacuously), and reads an array's entries as paths "0", "1"... The contract: a broken
  // condition is false.
  it('a number, a boolean or an array is not a condition: it does not hold', () => {
    const held = ([5, 0, true, [], ['a']] as unknown[]).filter((condition) => evalCondition({ 0: 'a' }, condition as never));
    expect(held).toEqual([]);
  });
});

describe('evalCondition never throws, even when reading the condition throws', () => {
  // A getter that throws, or a revoked Proxy (on which even Array.isArray throws): false.
  it('a condition whose property access throws is false, not an exception', () => {
    const hostile = { get plan(): unknown { throw new Error('boom'); } };
    expect(() => evalCondition({ plan: 'pro' }, hostile)).not.toThrow();
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(() => evalCondition({}, revoked.proxy)).not.toThrow();
  });
});

describe('assignment: GrowthBook\'s own SDK as the oracle', () => {
  const keyChars = fc.constantFrom(...'abcXYZ019_.:-'.split(''));
  const experiments = fc
    .record({
      key: fc.string({ unit: keyChars, minLength: 1, maxLength: 12 }),
      seed: fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), { nil: undefined }),
      coverage: fc.option(fc.constantFrom(0, 0.1, 0.5, 0.999, 1), { nil: undefined }),
      parts: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 2, maxLength: 5 }),
      weighted: fc.boolean(),
      holdout: fc.boolean(),
    })
    .map(({ key, seed, coverage, parts, weighted, holdout }): Experiment => {
      const total = parts.reduce((a, b) => a + b, 0);
      return {
        key, scope: { types: ['banner'] },
        ...(seed !== undefined ? { seed } : {}), ...(coverage !== undefined ? { coverage } : {}),
        variations: parts.map((p, i) => ({ key: `v${i}`, ...(weighted ? { weight: p / total } : {}), ...(holdout && i === 0 ? { enabled: false } : {}) })),
      };
    });

  it('puts every unit in the same arm, with the same hash, as GrowthBook does', () => {
    fc.assert(
      fc.property(experiments, fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 20 }), (exp, unitIds) => {
        for (const unitId of unitIds) {
          const ours = assignVariation(exp, { anonymousId: unitId }, {});
          const theirs = growthbookRun(exp, unitId);
          expect(ours.inExperiment).toBe(theirs.inExperiment);
          if (theirs.inExperiment) {
            expect(ours.variationIndex).toBe(theirs.variationId);
            expect(ours.hashValue).toBe(theirs.bucket);
            expect(ours.enabled).toBe(exp.variations[ours.variationIndex].enabled !== false);
          } else {
            expect(ours).toMatchObject({ reason: 'coverage', variationIndex: -1, enabled: true });
          }
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('hashes the account id in account experiments, as GrowthBook with hashAttribute "id" set to it', () => {
    const exp = experiment({ key: 'acct', unit: 'account' });
    for (let i = 0; i < 200; i++) {
      const ours = assignVariation(exp, { userId: `user-${i}`, anonymousId: `anon-${i}`, accountId: `acct-${i % 17}` }, {});
      expect(ours.unitId).toBe(`acct-${i % 17}`);
      expect(ours.variationIndex).toBe(growthbookRun(exp, `acct-${i % 17}`).variationId);
    }
  });
});

describe('a seed of "" falls back to the key, as in GrowthBook', () => {
  // Every GrowthBook SDK hashes `seed || key`. Hashing "" itself would make every experiment with
  // an empty seed use the same hash: their assignments perfectly correlated.
  it('assigns as GrowthBook does, and independently across experiments', () => {
    const one = experiment({ key: 'one', seed: '' });
    const two = experiment({ key: 'two', seed: '' });
    const table = [[0, 0], [0, 0]];
    const mismatches: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const id = `user-${i}`;
      const a = assignVariation(one, { anonymousId: id }, {});
      if (a.variationIndex !== growthbookRun(one, id).variationId) mismatches.push(id);
      table[a.variationIndex][assignVariation(two, { anonymousId: id }, {}).variationIndex]++;
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(chiSquareIndependence(table)).toBeLessThan(10.828);
  });
});

describe('assignment: trustworthy to a statistician', () => {
  it('is deterministic: the same unit gets the same arm on every call, in any order, next to any other experiment', () => {
    const a = experiment({ key: 'exp-a', variations: [{ key: 'x' }, { key: 'y' }, { key: 'z' }] });
    const b = experiment({ key: 'exp-b', coverage: 0.5 });
    const ids = Array.from({ length: 300 }, (_, i) => ({ userId: `u${i}`, anonymousId: `anon${i}` }));
    const first = ids.map((id) => assignVariation(a, id, {}));
    // Interleave the other experiment, with sticky and forced options, and go backwards.
    for (const id of [...ids].reverse()) {
      assignVariation(b, id, {}, { sticky: { variation: 'treatment', bucketVersion: 0 } });
      assignVariation(b, id, {}, { forcedVariation: 'control' });
    }
    expect(ids.map((id) => assignVariation(a, id, {}))).toEqual(first);
  });

  it('gives independent arms in experiments whose keys differ by one character (chi-square, p > 0.001)', () => {
    const three = (key: string) => experiment({ key, variations: [{ key: 'a' }, { key: 'b' }, { key: 'c' }] });
    const [a, b] = [three('onboarding-1'), three('onboarding-2')];
    const table = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (let i = 0; i < 30_000; i++) {
      const ids = { anonymousId: `user-${i}` };
      table[assignVariation(a, ids, {}).variationIndex][assignVariation(b, ids, {}).variationIndex]++;
    }
    expect(chiSquareIndependence(table)).toBeLessThan(18.467);
  }, 60_000);

  it('a holdout arm gets its weight\'s share of units, all with enabled: false and inExperiment: true', () => {
    const exp = experiment({ key: 'help-links-holdout', variations: [{ key: 'holdout', weight: 0.1, enabled: false }, { key: 'help', weight: 0.9 }] });
    let held = 0;
    for (let i = 0; i < 20_000; i++) {
      const a = assignVariation(exp, { anonymousId: `anon-${i}` }, {});
      expect(a.inExperiment).toBe(true);
      expect(a.enabled).toBe(a.variation !== 'holdout');
      if (a.variation === 'holdout') held++;
    }
    // 10% of 20,000: standard deviation about 42; 6 of them either side.
    expect(Math.abs(held - 2000)).toBeLessThan(6 * 42.5);
  }, 60_000);

  it('a unit with no id is never assigned, never hashed, and never forced into a disabled arm by accident', () => {
    for (const ids of [{ anonymousId: '' }, { anonymousId: '', userId: '' }, { anonymousId: '', userId: null }]) {
      expect(assignVariation(experiment(), ids, {})).toMatchObject({ inExperiment: false, reason: 'no-unit-id', hashValue: null, enabled: true, variationIndex: -1 });
    }
  });

  it('a forced variation that the experiment does not have is ignored, not taken as the control', () => {
    const a = assignVariation(experiment(), { anonymousId: 'x' }, {}, { forcedVariation: 'nope' });
    expect(a.forced).toBe(false);
    expect(a.reason).toBe('hashed');
  });

  it('a sticky assignment to a variation the experiment no longer has is re-hashed', () => {
    const a = assignVariation(experiment(), { anonymousId: 'x' }, {}, { sticky: { variation: 'removed', bucketVersion: 0 } });
    expect(a.reason).toBe('hashed');
    expect(a.variationIndex).toBe(growthbookRun(experiment(), 'x').variationId);
  });

  it('a variation key that names an Object.prototype member is an ordinary key', () => {
    const exp = experiment({ variations: [{ key: 'constructor' }, { key: 'toString' }] });
    expect(assignVariation(exp, { anonymousId: 'x' }, {}, { forcedVariation: 'toString' })).toMatchObject({ variation: 'toString', variationIndex: 1, forced: true });
    expect(assignVariation(exp, { anonymousId: 'x' }, {}, { forcedVariation: '__proto__' }).forced).toBe(false);
  });
});

describe('unitIdFor', () => {
  it('user experiments take the user id, else the anonymous id; empty strings count as missing', () => {
    const exp = experiment();
    expect(unitIdFor(exp, { userId: 'u', anonymousId: 'a', accountId: 'c' })).toBe('u');
    expect(unitIdFor(exp, { userId: '', anonymousId: 'a' })).toBe('a');
    expect(unitIdFor(exp, { userId: null, anonymousId: 'a' })).toBe('a');
    expect(unitIdFor(exp, { anonymousId: '' })).toBeNull();
  });

  it('account experiments take the account id only: never a person\'s id in its place', () => {
    const exp = experiment({ unit: 'account' });
    expect(unitIdFor(exp, { userId: 'u', anonymousId: 'a', accountId: 'c' })).toBe('c');
    expect(unitIdFor(exp, { userId: 'u', anonymousId: 'a' })).toBeNull();
    expect(unitIdFor(exp, { userId: 'u', anonymousId: 'a', accountId: '' })).toBeNull();
    expect(unitIdFor(exp, { userId: 'u', anonymousId: 'a', accountId: null })).toBeNull();
  });

  it('is usable with just the built package, as a server would', () => {
    expect(built.unitIdFor(experiment({ unit: 'account' }), { anonymousId: 'a', accountId: 'acme' })).toBe('acme');
    expect(built.unitIdFor(experiment(), { anonymousId: 'a', accountId: 'acme' })).toBe('a');
  });
});

describe('a manifest validated by the engine can be decided and assigned by it', () => {
  it('validates, decides and assigns a small manifest with an experiment end to end', () => {
    const raw = {
      schemaVersion: 1, revision: 'r1',
      experiments: [{ key: 'help-links-holdout', unit: 'account', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { types: ['helpLink'] } }],
      items: [{ id: 'export-help', type: 'helpLink', target: '#export', url: 'https://example.com/export' }],
    };
    const { manifest: m, problems } = validateManifest(raw);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const valid = m as Manifest;
    expect(decide(input(valid)).show.map((i) => i.id)).toEqual(['export-help']);
    const a = assignVariation(valid.experiments![0], { anonymousId: 'x', accountId: 'acme' }, {});
    expect(a.variationIndex).toBe(growthbookRun(valid.experiments![0], 'acme').variationId);
  });
});
