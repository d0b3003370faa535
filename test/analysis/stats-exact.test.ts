/**
 * src/analysis/stats-exact.ts and the small-sample side of compareProportions: Fisher's exact
 * test against exact rational arithmetic (BigInt binomial coefficients, written here from the
 * definition), Newcombe's hybrid score interval against the published values (Newcombe 1998,
 * Statistics in Medicine 17:873–890, Table II, method 10), Holm's adjustment by hand.
 */
import { describe, expect, it } from 'vitest';
import { compareProportions, fisherExactTwoSided, holmAdjust, largeSample, newcombeInterval, wilsonInterval } from '../../src/analysis/stats';

/** C(n, k) exactly. */
function choose(n: number, k: number): bigint {
  let r = 1n;
  for (let i = 1; i <= k; i++) r = (r * BigInt(n - k + i)) / BigInt(i);
  return r;
}

/** Fisher's two-sided p from the definition: tables no more likely than the observed one, in exact integers. */
function fisherReference(x1: number, n1: number, x2: number, n2: number): number {
  const k = x1 + x2;
  const weight = (x: number) => choose(n1, x) * choose(n2, k - x);
  const observed = weight(x1);
  let sum = 0n;
  for (let x = Math.max(0, k - n2); x <= Math.min(k, n1); x++) if (weight(x) <= observed) sum += weight(x);
  const total = choose(n1 + n2, k);
  // 15 significant digits of sum / total.
  const scale = 10n ** 18n;
  return Number((sum * scale) / total) / 1e18;
}

describe("Fisher's exact test, two-sided", () => {
  it.each([
    [0, 3, 3, 3],
    [0, 5, 88, 417],
    [1, 10, 0, 11],
    [2, 40, 9, 41],
    [0, 50, 0, 50],
    [3, 300, 12, 280],
    [1, 7, 5, 6],
  ])('%d of %d against %d of %d equals the sum over the hypergeometric tables, exactly', (x1, n1, x2, n2) => {
    const p = fisherExactTwoSided(x1, n1, x2, n2);
    const ref = fisherReference(x1, n1, x2, n2);
    expect(Math.abs(p - ref)).toBeLessThanOrEqual(1e-12 + 1e-9 * ref);
  });

  it('3/3 against 0/3 gives p = 0.1 (two tables of probability 1/20)', () => {
    expect(fisherExactTwoSided(0, 3, 3, 3)).toBeCloseTo(0.1, 12);
  });

  it('counts tables tied with the observed one in probability (symmetric tables), despite rounding', () => {
    // 5/10 against 5/10 is the most likely table: p = 1.
    expect(fisherExactTwoSided(5, 10, 5, 10)).toBe(1);
    // Equal margins: x and K − x are tied; both tails are summed.
    expect(fisherExactTwoSided(1, 20, 7, 20)).toBeCloseTo(fisherReference(1, 20, 7, 20), 12);
  });

  it('is fast and finite for thousands of units (log space: no overflowing factorials)', () => {
    const started = performance.now();
    const p = fisherExactTwoSided(3, 40_000, 2_000, 40_000);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1e-100);
    const q = fisherExactTwoSided(4, 5_000, 9, 5_000);
    expect(q).toBeCloseTo(fisherReference(4, 5_000, 9, 5_000), 10);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("Newcombe's hybrid score interval (method 10)", () => {
  // Newcombe (1998), Table II: p1 − p2 for the pairs (x1/n1, x2/n2), method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('%d/%d − %d/%d: %d to %d, as published', (x1, n1, x2, n2, lo, hi) => {
    const [a, b] = newcombeInterval(x2 / n2, wilsonInterval(x2, n2), x1 / n1, wilsonInterval(x1, n1));
    expect(a).toBeCloseTo(lo, 4);
    expect(b).toBeCloseTo(hi, 4);
  });
});

describe("Holm's adjustment", () => {
  it('multiplies the i-th smallest of m p-values by m − i + 1, keeps the order, caps at 1', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03]);
    [0.03, 0.06, 0.06].forEach((v, i) => expect(adjusted[i]).toBeCloseTo(v, 15));
    expect(holmAdjust([0.2, 0.6])).toEqual([0.4, 0.6]);
    holmAdjust([0.3, 0.4, 0.5]).forEach((v) => expect(v).toBeCloseTo(0.9, 15));
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
    expect(holmAdjust([0.02])).toEqual([0.02]);
  });

  it('leaves a missing p-value missing, and does not count it among the comparisons', () => {
    const adjusted = holmAdjust([NaN, 0.02, 0.04]);
    expect(adjusted[0]).toBeNaN();
    expect(adjusted[1]).toBeCloseTo(0.04, 15);
    expect(adjusted[2]).toBeCloseTo(0.04, 15);
  });
});

describe('compareProportions with few conversions or non-conversions', () => {
  it('3/3 against 0/3: Newcombe +20.6 to +100 points and Fisher p = 0.10, not a zero-width "+100 to +100" with p = 0.014', () => {
    const c = compareProportions({ units: 3, converted: 0 }, { units: 3, converted: 3 });
    expect(c.method).toBe('newcombe-fisher');
    expect(c.absoluteLift).toBe(1);
    expect(c.absoluteCi[0]).toBeCloseTo(0.206, 3);
    expect(c.absoluteCi[1]).toBeCloseTo(1, 12);
    expect(c.pValue).toBeCloseTo(0.1, 12);
    expect(c.z).toBeNaN();
  });

  it('0/50 against 0/50: an interval with width around 0, and p = 1', () => {
    const c = compareProportions({ units: 50, converted: 0 }, { units: 50, converted: 0 });
    expect(c.method).toBe('newcombe-fisher');
    expect(c.absoluteCi[0]).toBeCloseTo(-wilsonInterval(0, 50)[1], 12);
    expect(c.absoluteCi[1]).toBeCloseTo(wilsonInterval(0, 50)[1], 12);
    expect(c.absoluteCi[1]).toBeGreaterThan(0.07);
    expect(c.pValue).toBe(1);
  });

  it('0/5 against 88/417: the interval and the test agree (the Wald interval excluded 0 while the z-test gave p = 0.248)', () => {
    const c = compareProportions({ units: 5, converted: 0 }, { units: 417, converted: 88 });
    expect(c.method).toBe('newcombe-fisher');
    expect(c.pValue).toBeCloseTo(fisherReference(0, 5, 88, 417), 12);
    expect(c.pValue).toBeGreaterThan(0.05);
    expect(c.absoluteCi[0]).toBeLessThan(0);
    expect(c.absoluteCi[1]).toBeGreaterThan(0);
  });

  it('uses Wald and the z-test only with at least 5 conversions and 5 non-conversions in each arm', () => {
    expect(largeSample({ units: 10, converted: 5 }, { units: 10, converted: 5 })).toBe(true);
    expect(largeSample({ units: 10, converted: 4 }, { units: 100, converted: 50 })).toBe(false);
    expect(largeSample({ units: 10, converted: 6 }, { units: 100, converted: 50 })).toBe(false);
    expect(compareProportions({ units: 100, converted: 10 }, { units: 100, converted: 20 }).method).toBe('wald');
  });

  it('gives no relative lift when an arm has no conversions: never a point outside its interval (0/10 vs 1/11 printed −100% in −98.4% to +702.6%)', () => {
    const c = compareProportions({ units: 11, converted: 1 }, { units: 10, converted: 0 });
    expect(c.relativeLift).toBeNaN();
    expect(c.relativeCi.every(Number.isNaN)).toBe(true);
    const d = compareProportions({ units: 11, converted: 1 }, { units: 10, converted: 2 });
    expect(d.relativeLift).toBeGreaterThan(d.relativeCi[0]);
    expect(d.relativeLift).toBeLessThan(d.relativeCi[1]);
  });
});
