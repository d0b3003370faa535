/**
 * src/analysis/random.ts: the simulator's seeded PRNG. The stream is checked against an
 * independent BigInt implementation of splitmix32 seeding and sfc32 (PractRand's reference
 * algorithm), so the same seed gives the same numbers on any platform; every helper is then
 * checked for its range and, over 100,000 seeded draws, for its distribution (uniform bins,
 * Bernoulli, exponential and geometric means, weights) within 4 standard errors or a χ²
 * bound at p = 0.001 — deterministic, since the seed is fixed; and geometric() for a success
 * probability below about 1e-16 (log1p, not log(1 − p)).
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/analysis/random';

const M = 0xffffffffn;
/** sfc32 seeded by splitmix32 (a, b, c, counter from four outputs), 12 outputs discarded, in BigInt. */
function reference(seed: number): () => bigint {
  let s = BigInt(seed >>> 0);
  const mix = () => {
    s = (s + 0x9e3779b9n) & M;
    let z = s;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & M;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & M;
    return z ^ (z >> 16n);
  };
  let [a, b, c, counter] = [mix(), mix(), mix(), mix()];
  const next = () => {
    const t = (a + b + counter) & M;
    counter = (counter + 1n) & M;
    a = b ^ (b >> 9n);
    b = (c + (c << 3n)) & M;
    c = ((((c << 21n) | (c >> 11n)) & M) + t) & M;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
const N = 100_000;
const draws = (seed: number, f: (r: ReturnType<typeof createRandom>) => number) => {
  const r = createRandom(seed);
  return Array.from({ length: N }, () => f(r));
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Pearson χ² of counts against expected shares. */
const chiSquare = (counts: number[], shares: number[]) => counts.reduce((s, o, i) => s + (o - N * shares[i]) ** 2 / (N * shares[i]), 0);
const tally = (xs: (number | string)[], keys: (number | string)[]) => keys.map((k) => xs.filter((x) => x === k).length);

describe('createRandom', () => {
  it.each([0, 1, 2, 42, 123_456_789, 0xffffffff])('seed %d gives the reference stream: next() = u32 / 2^32', (seed) => {
    const r = createRandom(seed);
    const ref = reference(seed);
    const ours = Array.from({ length: 2000 }, () => r.next() * 2 ** 32);
    expect(ours).toEqual(Array.from({ length: 2000 }, () => Number(ref())));
  });

  it('is deterministic per seed, differs between neighbouring seeds, and their streams are uncorrelated', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const mixed = (r: ReturnType<typeof createRandom>) => [r.next(), r.int(1000), r.chance(0.5), r.exponential(2), r.geometric(0.3), r.pick(['x', 'y', 'z']), r.weighted([['p', 1], ['q', 3]] as const), r.hex(13)];
    for (let i = 0; i < 200; i++) expect(mixed(a)).toEqual(mixed(b));
    const x = draws(1, (r) => r.next());
    const y = draws(2, (r) => r.next());
    expect(x[0]).not.toBe(y[0]);
    const [mx, my] = [mean(x), mean(y)];
    const cov = x.reduce((s, xi, i) => s + (xi - mx) * (y[i] - my), 0);
    const r = cov / Math.sqrt(x.reduce((s, xi) => s + (xi - mx) ** 2, 0) * y.reduce((s, yi) => s + (yi - my) ** 2, 0));
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(N)); // SE of r under independence: 1/√N
  });

  it('next() is in [0, 1) with 32 bits, uniform over 20 bins (χ²₁₉ < 43.82, p = 0.001), mean ½ ± 4·√(1/12N)', () => {
    const xs = draws(3, (r) => r.next());
    expect(xs.every((x) => x >= 0 && x < 1 && Number.isInteger(x * 2 ** 32))).toBe(true);
    const bins = new Array(20).fill(0);
    for (const x of xs) bins[Math.floor(x * 20)]++;
    expect(chiSquare(bins, bins.map(() => 1 / 20))).toBeLessThan(43.82);
    expect(Math.abs(mean(xs) - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
  });

  it('int(n) gives every value of [0, n) equally often (χ²₅ < 20.52), and int(1) is always 0', () => {
    const xs = draws(4, (r) => r.int(6));
    expect(new Set(xs)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(chiSquare(tally(xs, [0, 1, 2, 3, 4, 5]), new Array(6).fill(1 / 6))).toBeLessThan(20.52);
    expect(new Set(draws(5, (r) => r.int(1)))).toEqual(new Set([0]));
  });

  it('chance(p) is a Bernoulli(p): never at 0, always at 1, 30% ± 4 SE at 0.3', () => {
    expect(draws(6, (r) => Number(r.chance(0))).every((x) => x === 0)).toBe(true);
    expect(draws(6, (r) => Number(r.chance(1))).every((x) => x === 1)).toBe(true);
    expect(Math.abs(mean(draws(6, (r) => Number(r.chance(0.3)))) - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / N));
  });

  it('exponential(mean) is non-negative and finite with the given mean (SE = mean/√N)', () => {
    const xs = draws(7, (r) => r.exponential(3));
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expect(Math.abs(mean(xs) - 3)).toBeLessThan((4 * 3) / Math.sqrt(N));
    // Memoryless: P(X > 3) = e^(−1).
    expect(Math.abs(mean(xs.map((x) => Number(x > 3))) - Math.exp(-1))).toBeLessThan(4 * Math.sqrt((Math.exp(-1) * (1 - Math.exp(-1))) / N));
  });

  it('geometric(p) counts failures: P(0) = p, mean (1−p)/p with variance (1−p)/p², and 0 when p = 1', () => {
    const p = 0.4;
    const xs = draws(8, (r) => r.geometric(p));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(Math.abs(mean(xs.map((x) => Number(x === 0))) - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N));
    expect(Math.abs(mean(xs) - (1 - p) / p)).toBeLessThan(4 * Math.sqrt((1 - p) / p ** 2 / N));
    expect(new Set(draws(8, (r) => r.geometric(1)))).toEqual(new Set([0]));
  });

  it('weighted() follows weights that need not sum to 1, never picks a zero weight; pick() is uniform', () => {
    const xs = draws(9, (r) => r.weighted([['a', 2], ['never', 0], ['b', 6]] as const) as unknown as number);
    const counts = tally(xs, ['a', 'b', 'never']);
    expect(counts[2]).toBe(0);
    expect(Math.abs(counts[0] / N - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / N));
    const picks = draws(10, (r) => r.pick(['x', 'y', 'z', 'w']) as unknown as number);
    expect(chiSquare(tally(picks, ['x', 'y', 'z', 'w']), [0.25, 0.25, 0.25, 0.25])).toBeLessThan(16.27); // χ²₃, p = 0.001
  });

  it('hex(n) is n lowercase hex digits, straight from the 32-bit outputs', () => {
    const r = createRandom(11);
    const ref = reference(11);
    expect(r.hex(8)).toBe(Number(ref()).toString(16).padStart(8, '0'));
    expect(r.hex(0)).toBe('');
    for (const n of [1, 7, 9, 24, 33]) expect(r.hex(n)).toMatch(new RegExp(`^[0-9a-f]{${n}}$`));
    // Every digit appears equally often (χ²₁₅ < 37.70, p = 0.001).
    const digits = [...createRandom(12).hex(N)];
    expect(chiSquare(tally(digits, [...'0123456789abcdef']), new Array(16).fill(1 / 16))).toBeLessThan(37.7);
  });
});

describe('geometric() for a tiny success probability', () => {
  it('returns a non-negative count for p = 1e-17 (mean 1e17), not −Infinity (Math.log(1 − p) is 0 in doubles; log1p(−p) is not)', () => {
    const r = createRandom(13);
    for (let i = 0; i < 5; i++) expect(r.geometric(1e-17)).toBeGreaterThanOrEqual(0);
  });
});
