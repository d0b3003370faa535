/** Assignment: uniform by weights, deterministic, sticky, by account, reproducible from the hash. */
import { describe, expect, it } from 'vitest';
import { applyOverrides, assignVariation, experimentFor, parseForcedVariations } from '../../src/engine/assign';
import { chooseVariation, getBucketRanges, hash } from '../../src/engine/hash';
import type { Experiment, Item } from '../../src/manifest/schema';

const experiment = (fields: Partial<Experiment> = {}): Experiment => ({
  key: 'help-links',
  variations: [{ key: 'holdout', enabled: false }, { key: 'help' }],
  scope: { types: ['helpLink'] },
  ...fields,
});

/** Chi-square goodness of fit against expected proportions. */
function chiSquare(counts: number[], weights: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((sum, observed, i) => {
    const expected = total * weights[i];
    return sum + (observed - expected) ** 2 / expected;
  }, 0);
}
// Critical values at p = 0.001 (df = 1, 2): a correct hash fails these one time in a thousand.
const CRITICAL_0_001 = { 1: 10.828, 2: 13.816 } as Record<number, number>;

describe('assignVariation', () => {
  it.each([
    [[0.5, 0.5]],
    [[0.2, 0.3, 0.5]],
    [[0.9, 0.1]],
  ])('splits 100,000 synthetic ids by the configured weights %j (chi-square, p > 0.001)', (weights) => {
    const exp = experiment({ variations: weights.map((w, i) => ({ key: `v${i}`, weight: w })) });
    const counts = new Array(weights.length).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const a = assignVariation(exp, { userId: `user-${i}`, anonymousId: 'anon' }, {});
      counts[a.variationIndex]++;
    }
    expect(chiSquare(counts, weights)).toBeLessThan(CRITICAL_0_001[weights.length - 1]);
  });

  it('gives the same id the same variation every time, and equals the published formula', () => {
    const exp = experiment({ seed: 'seed-1' });
    for (let i = 0; i < 1000; i++) {
      const ids = { userId: `u${i}`, anonymousId: 'x' };
      const a = assignVariation(exp, ids, {});
      expect(assignVariation(exp, ids, {})).toEqual(a);
      // What an analyst computes in SQL: chooseVariation(hash(seed, id, 2), ranges).
      expect(a.variationIndex).toBe(chooseVariation(hash('seed-1', `u${i}`, 2)!, getBucketRanges(2, 1)));
    }
  });

  it('gives every user of an account the same variation in account experiments', () => {
    const exp = experiment({ unit: 'account' });
    for (let account = 0; account < 200; account++) {
      const variations = new Set<string | undefined>();
      for (let user = 0; user < 5; user++) {
        variations.add(assignVariation(exp, { userId: `a${account}-u${user}`, anonymousId: `anon-${user}`, accountId: `acct-${account}` }, {}).variation);
      }
      expect(variations.size).toBe(1);
    }
  });

  it('leaves units without an account id out of account experiments', () => {
    const a = assignVariation(experiment({ unit: 'account' }), { userId: 'u1', anonymousId: 'x' }, {});
    expect(a).toMatchObject({ inExperiment: false, reason: 'no-unit-id', enabled: true });
  });

  it('falls back to the anonymous id for user experiments without a user id', () => {
    const a = assignVariation(experiment(), { anonymousId: 'anon-7' }, {});
    expect(a.unitId).toBe('anon-7');
    expect(a.inExperiment).toBe(true);
  });

  it('enters only units whose attributes match the experiment condition', () => {
    const exp = experiment({ when: { 'account.createdDaysAgo': { $lt: 28 } } });
    expect(assignVariation(exp, { anonymousId: 'a' }, { account: { createdDaysAgo: 3 } }).inExperiment).toBe(true);
    expect(assignVariation(exp, { anonymousId: 'a' }, { account: { createdDaysAgo: 90 } })).toMatchObject({ inExperiment: false, reason: 'condition' });
  });

  it('excludes about (1 - coverage) of units', () => {
    const exp = experiment({ coverage: 0.25 });
    let inside = 0;
    for (let i = 0; i < 20_000; i++) if (assignVariation(exp, { anonymousId: `a${i}` }, {}).inExperiment) inside++;
    expect(inside / 20_000).toBeGreaterThan(0.23);
    expect(inside / 20_000).toBeLessThan(0.27);
  });

  it('keeps a sticky assignment while the bucketVersion is unchanged, and re-hashes after a bump', () => {
    const ids = { anonymousId: 'a-1' };
    const hashed = assignVariation(experiment(), ids, {});
    const other = hashed.variation === 'help' ? 'holdout' : 'help';
    expect(assignVariation(experiment(), ids, {}, { sticky: { variation: other, bucketVersion: 0 } })).toMatchObject({ variation: other, reason: 'sticky' });
    expect(assignVariation(experiment({ bucketVersion: 1 }), ids, {}, { sticky: { variation: other, bucketVersion: 0 } })).toMatchObject({ variation: hashed.variation, reason: 'hashed' });
  });

  it('honours a QA override and marks it forced', () => {
    const a = assignVariation(experiment(), { anonymousId: 'x' }, {}, { forcedVariation: 'holdout' });
    expect(a).toMatchObject({ variation: 'holdout', enabled: false, forced: true, reason: 'forced' });
    expect(parseForcedVariations('?a=1&guidepost_force=help-links:holdout,tour-copy:b')).toEqual({ 'help-links': 'holdout', 'tour-copy': 'b' });
  });

  it('splits a forced pair after the longest experiment key it starts with (keys may contain ":")', () => {
    const keys = ['checkout', 'checkout:v2'];
    expect(parseForcedVariations('?guidepost_force=checkout:v2:help, checkout:b', keys)).toEqual({ 'checkout:v2': 'help', checkout: 'b' });
    // A pair naming no key of the manifest: split at its first ":" (reported by the caller).
    expect(parseForcedVariations('?guidepost_force=other:x:y', keys)).toEqual({ other: 'x:y' });
  });
});

describe('experiment scope and overrides', () => {
  const link: Item = { id: 'export-help', type: 'helpLink', target: '#export', url: 'https://example.com' };
  const tip: Item = { id: 'tip', type: 'tooltip', target: '#x', body: 'Old copy', placement: 'top' };

  it('governs whole kinds of help, listed items, or items naming the experiment', () => {
    expect(experimentFor(link, [experiment()])?.key).toBe('help-links');
    expect(experimentFor(tip, [experiment()])).toBeUndefined();
    expect(experimentFor(tip, [experiment({ key: 'copy', scope: { items: ['tip'] } })])?.key).toBe('copy');
    expect(experimentFor({ ...tip, experiment: 'named' }, [experiment({ key: 'named', scope: { items: [] } })])?.key).toBe('named');
  });

  it('swaps content or placement for the assigned variation, never the id or type', () => {
    const exp = experiment({ key: 'copy', scope: { items: ['tip'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { tip: { body: 'New copy', placement: 'bottom', id: 'hijack' } } }] });
    const b = assignVariation(exp, { anonymousId: 'x' }, {}, { forcedVariation: 'b' });
    const a = assignVariation(exp, { anonymousId: 'x' }, {}, { forcedVariation: 'a' });
    expect(applyOverrides(tip, exp, b)).toEqual({ ...tip, body: 'New copy', placement: 'bottom' });
    expect(applyOverrides(tip, exp, a)).toBe(tip);
  });
});
