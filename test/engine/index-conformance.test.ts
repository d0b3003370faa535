/**
 * GrowthBook's public cross-SDK conformance cases (shared/conformance/growthbook-cases.json):
 * the sections our engine implements must pass case for case.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseVariation, evalCondition, getBucketRanges, getEqualWeights, hash, inNamespace } from '../../src/engine/index';

const candidates = [
  new URL('../../../shared/conformance/growthbook-cases.json', import.meta.url),
  new URL('../fixtures/growthbook-cases.json', import.meta.url),
];
const file = candidates.find((url) => existsSync(url));
if (!file) throw new Error('growthbook-cases.json not found in ../shared/conformance or test/fixtures');
const cases = JSON.parse(readFileSync(file, 'utf8'));

const round = (n: number) => Math.round(n * 1e6) / 1e6;

describe('GrowthBook conformance', () => {
  it.each(cases.evalCondition as [string, unknown, unknown, boolean, Record<string, unknown[]>?][])('evalCondition: %s', (_name, condition, attributes, expected, savedGroups) => {
    expect(evalCondition(attributes as Record<string, unknown>, condition as Record<string, unknown>, savedGroups)).toBe(expected);
  });

  it.each(cases.hash as [string, string, number, number | null][])('hash(%j, %j, v%d)', (seed, value, version, expected) => {
    expect(hash(seed, value, version)).toBe(expected);
  });

  it.each(cases.getBucketRange as [string, [number, number, number[] | null], [number, number][]][])('getBucketRanges: %s', (_name, [n, coverage, weights], expected) => {
    expect(getBucketRanges(n, coverage, weights ?? undefined).map(([a, b]) => [round(a), round(b)])).toEqual(expected.map(([a, b]) => [round(a), round(b)]));
  });

  it.each(cases.chooseVariation as [string, number, [number, number][], number][])('chooseVariation: %s', (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected);
  });

  it.each(cases.inNamespace as [string, string, [string, number, number], boolean][])('inNamespace: %s', (_name, id, namespace, expected) => {
    expect(inNamespace(id, namespace)).toBe(expected);
  });

  it.each(cases.getEqualWeights as [number, number[]][])('getEqualWeights(%d)', (n, expected) => {
    expect(getEqualWeights(n).map(round)).toEqual(expected.map(round));
  });

  it('runs every case of the sections it implements', () => {
    expect(cases.evalCondition.length).toBeGreaterThanOrEqual(248);
  });
});
