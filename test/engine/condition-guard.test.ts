/**
 * The `$regex` guard is a parameter of the engine: the SDK loads it (manifest/load.ts) only for
 * a manifest that uses `$regex`, found by `hasRegex`, and without it a clause with a pattern
 * fails instead of running unguarded. `guidepost/engine` passes it by default, synchronously.
 */
import { describe, expect, it } from 'vitest';
import { assignVariation } from '../../src/engine/assign';
import { compileCondition, evalCondition, firstFailingClause, firstFailingCompiled } from '../../src/engine/condition';
import { hasRegex } from '../../src/engine/condition-guard';
import { decide, prepareManifest } from '../../src/engine/decide';
import * as engine from '../../src/engine/index';
import { emptyProgress } from '../../src/engine/progress';
import { stampManifest } from '../../src/manifest/compiled';
import { acceptManifest } from '../../src/manifest/load';
import { guardPattern } from '../../src/manifest/safe-regex';
import type { Experiment, Manifest } from '../../src/manifest/schema';
import { SDK_VERSION } from '../../src/version';

const banner = (id: string, when?: Record<string, unknown>) => ({ id, type: 'banner', body: 'Hi', ...(when && { when }) });
const envelope = (items: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r1', items, ...extra });
const acme = { user: { traits: { email: 'ana@acme.com' } } };
const experiment = (when?: Record<string, unknown>, overrides?: Record<string, unknown>): Experiment =>
  ({ key: 'exp', variations: [{ key: 'a' }, { key: 'b', ...(overrides && { overrides }) }], scope: { items: ['b1'] }, ...(when && { when }) }) as Experiment;

describe('hasRegex: does the manifest need the guard?', () => {
  it('finds $regex and $regexi at any depth of a condition', () => {
    expect(hasRegex({ email: { $regex: 'a' } })).toBe(true);
    expect(hasRegex({ $and: [{ plan: 'pro' }, { $or: [{ x: 1 }, { email: { $regexi: 'A' } }] }] })).toBe(true);
    expect(hasRegex({ $not: { email: { $regex: 'a' } } })).toBe(true);
    expect(hasRegex({ $nor: [{ email: { $regex: 'a' } }] })).toBe(true);
    expect(hasRegex({ tags: { $elemMatch: { $regex: '^beta' } } })).toBe(true);
    expect(hasRegex({ orders: { $elemMatch: { sku: { $not: { $regexi: 'x' } } } } })).toBe(true);
    expect(hasRegex({ 'page.path': { $all: [{ $elemMatch: { $regex: 'y' } }] } })).toBe(true);
  });

  it('finds it in items, tour items and their steps, experiments and variation overrides', () => {
    expect(hasRegex(envelope([banner('b1'), banner('b2', { $or: [{ x: { $regex: 'a' } }] })]))).toBe(true);
    expect(hasRegex(envelope([{ id: 't', type: 'tour', when: { 'page.path': { $regex: '^/p/' } }, steps: [{ body: 'x' }] }]))).toBe(true);
    // Steps have no condition in today's schema; the scan reads every field, so one added later is covered.
    expect(hasRegex(envelope([{ id: 't', type: 'tour', steps: [{ body: 'x' }, { body: 'y', when: { $not: { x: { $regexi: 'q' } } } }] }]))).toBe(true);
    expect(hasRegex(envelope([banner('b1')], { experiments: [experiment({ email: { $regex: '@acme' } })] }))).toBe(true);
    expect(hasRegex(envelope([banner('b1')], { experiments: [experiment(undefined, { b1: { when: { email: { $regex: 'a' } } } })] }))).toBe(true);
    // Any field counts, conditions or not: a superset costs a download at worst, never a missed guard.
    expect(hasRegex(envelope([{ ...banner('b1'), title: { $regex: 'en' } }]))).toBe(true);
  });

  it('is false when no operator compiles a pattern', () => {
    expect(hasRegex(envelope([banner('b1', { plan: { $in: ['pro'] } })], { experiments: [experiment({ plan: 'pro' })] }))).toBe(false);
    // A pattern that is not a string cannot run (GrowthBook's $regex is false for it); words are not operators.
    expect(hasRegex({ x: { $regex: 42 }, y: { $regexi: ['(a+)+$'] } })).toBe(false);
    expect(hasRegex(envelope([{ ...banner('b1', { note: '$regex' }), body: 'Use $regex in conditions' }]))).toBe(false);
    expect(hasRegex(['$regex', { list: ['$regexi'] }])).toBe(false);
    expect(hasRegex(null)).toBe(false);
    expect(hasRegex('$regex')).toBe(false);
  });

  it('reads shared references wherever they are', () => {
    const shared = { x: { $regexi: 'q' } };
    expect(hasRegex({ a: [shared], b: shared })).toBe(true);
  });
});

describe('without the guard, a clause with a pattern fails closed', () => {
  it('evalCondition: false, even where the pattern (or its negation) would hold', () => {
    expect(evalCondition(acme, { 'user.traits.email': { $regex: '@acme' } })).toBe(false);
    expect(evalCondition(acme, { $not: { 'user.traits.email': { $regex: '@other' } } })).toBe(false);
    expect(evalCondition(acme, { $nor: [{ 'user.traits.email': { $regexi: 'OTHER' } }] })).toBe(false);
    // With the guard: as GrowthBook evaluates them.
    expect(evalCondition(acme, { 'user.traits.email': { $regex: '@acme' } }, undefined, guardPattern)).toBe(true);
    expect(evalCondition(acme, { $not: { 'user.traits.email': { $regex: '@other' } } }, undefined, guardPattern)).toBe(true);
    // Conditions without patterns do not need it.
    expect(evalCondition(acme, { 'user.traits.email': 'ana@acme.com' })).toBe(true);
  });

  it('the same condition object is evaluated guarded once the guard is given (the cache follows the guard)', () => {
    const condition = { 'user.traits.email': { $regex: '@acme' } };
    expect(evalCondition(acme, condition)).toBe(false);
    expect(evalCondition(acme, condition, undefined, guardPattern)).toBe(true);
    expect(evalCondition(acme, condition)).toBe(false);
  });

  it('explanations name the clause and say why, compiled or not', () => {
    const condition = { 'user.traits.plan': { $exists: false }, 'user.traits.email': { $regex: '@acme' } };
    const expected = { path: 'user.traits.email', actual: 'ana@acme.com', clause: '$regex without its guard (not loaded); not evaluated' };
    expect(firstFailingClause(acme, condition)).toEqual(expected);
    expect(firstFailingCompiled(acme, compileCondition(condition))).toEqual(expected);
    expect(firstFailingClause(acme, { $and: [{ 'user.traits.email': { $regexi: 'ACME' } }] })).toEqual(expected);
    expect(firstFailingClause(acme, condition, guardPattern)).toBeUndefined();
    expect(firstFailingCompiled(acme, compileCondition(condition, undefined, guardPattern))).toBeUndefined();
  });

  it('decide and assignment: not eligible without the guard, as before with it', () => {
    const manifest = envelope([banner('b1', { 'user.traits.email': { $regex: '@acme\\.com$' } }), banner('b2')]) as unknown as Manifest;
    const input = { manifest, progress: emptyProgress(), attributes: acme, now: 0, pacing: { pageViewShown: 0, sessionShown: 0 }, showing: [] };
    const settings = { ...manifest, settings: { caps: { perPageView: 5 } } } as Manifest;
    expect(decide({ ...input, manifest: settings }).verdicts.map((v) => [v.itemId, v.reason.code])).toEqual([['b1', 'condition'], ['b2', 'shown']]);
    expect(decide({ ...input, manifest: settings, regexGuard: guardPattern }).verdicts.map((v) => v.reason.code)).toEqual(['shown', 'shown']);
    // A prepared manifest is used only with the guard it was compiled with.
    const prepared = prepareManifest(settings, { regexGuard: guardPattern });
    expect(decide({ ...input, manifest: settings, prepared }).verdicts[0].reason.code).toBe('condition');
    expect(decide({ ...input, manifest: settings, prepared, regexGuard: guardPattern }).verdicts[0].reason.code).toBe('shown');

    const exp = experiment({ 'user.traits.email': { $regex: '@acme' } });
    expect(assignVariation(exp, { anonymousId: 'anon' }, acme).reason).toBe('condition');
    expect(assignVariation(exp, { anonymousId: 'anon' }, acme, { regexGuard: guardPattern }).inExperiment).toBe(true);
  });
});

describe('guidepost/engine keeps $regex working synchronously', () => {
  it('guards by default in every function that evaluates conditions', () => {
    const manifest = envelope([banner('b1', { 'user.traits.email': { $regex: '@acme\\.com$' } })]) as unknown as Manifest;
    const input = { manifest, progress: emptyProgress(), attributes: acme, now: 0 };
    expect(engine.evalCondition(acme, { 'user.traits.email': { $regex: '@acme' } })).toBe(true);
    expect(engine.evalCondition({ s: `${'a'.repeat(30)}!` }, { s: { $regex: '(a+)+$' } })).toBe(false);
    expect(engine.firstFailingClause(acme, { 'user.traits.email': { $regexi: 'ACME' } })).toBeUndefined();
    expect(engine.firstFailingCompiled(acme, engine.compileCondition({ 'user.traits.email': { $regex: 'acme' } }))).toBeUndefined();
    expect(engine.decide(input).verdicts[0].reason.code).toBe('shown');
    expect(engine.decide({ ...input, prepared: engine.prepareManifest(manifest) }).verdicts[0].reason.code).toBe('shown');
    expect(engine.individualReason(manifest.items[0], input)).toBeUndefined();
    expect(engine.assignVariation(experiment({ 'user.traits.email': { $regex: '@acme' } }), { anonymousId: 'anon' }, acme).inExperiment).toBe(true);
  });
});

describe('acceptManifest loads the guard only for a manifest that uses $regex', () => {
  const compiled = (items: unknown[], extra: Record<string, unknown> = {}) => stampManifest(envelope(items, extra) as unknown as Manifest, SDK_VERSION);

  it('compiled or validated: the guard comes with a manifest that has a pattern, not without', async () => {
    const plain = await acceptManifest(compiled([banner('b1', { plan: 'pro' })]));
    expect(plain.manifest).not.toBeNull();
    expect(plain.regexGuard).toBeUndefined();
    const withPattern = await acceptManifest(compiled([banner('b1')], { experiments: [experiment({ email: { $regex: 'a' } })] }));
    expect(withPattern.regexGuard).toBe(guardPattern);
    const validated = await acceptManifest(envelope([banner('b1', { $or: [{ email: { $regexi: 'a' } }] })]));
    expect(validated.manifest?.items).toHaveLength(1);
    expect(validated.regexGuard).toBe(guardPattern);
    expect((await acceptManifest(envelope([banner('b1')]))).regexGuard).toBeUndefined();
  });

  it('a compiled manifest still reports its unsafe patterns', async () => {
    const result = await acceptManifest(compiled([banner('b1', { x: { $regex: '(a+)+$' } })]));
    expect(result.problems).toEqual([expect.objectContaining({ code: 'unsafe-regex', path: 'items[0].when.x.$regex', severity: 'warning' })]);
    expect(result.regexGuard).toBe(guardPattern);
  });
});
