/**
 * src/engine/hash.ts on its own: FNV-1a against a reference and published vectors, hash
 * versions 1 and 2 at their edges (empty strings, unicode, lone surrogates, seeds, unknown
 * versions), GrowthBook's own SDK as an oracle, uniformity of version 2, independence of
 * experiments with similar keys, and bucket ranges under every weight and coverage a manifest
 * may give. The GrowthBook conformance file itself runs in index-conformance.test.ts.
 */
import { GrowthBook } from '@growthbook/growthbook';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseVariation, fnv1a32, getBucketRanges, getEqualWeights, hash, inNamespace, type BucketRange } from '../../src/engine/hash';

/** FNV-1a 32 as its specification writes it: xor, then multiply by the FNV prime mod 2^32. */
function referenceFnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

/** Pearson's chi-square of counts against a uniform expectation. */
function chiSquareUniform(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
}

/** Chi-square test of independence of a contingency table. */
function chiSquareIndependence(table: number[][]): number {
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = table[0].map((_, j) => table.reduce((sum, row) => sum + row[j], 0));
  const total = rows.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (let i = 0; i < table.length; i++) {
    for (let j = 0; j < cols.length; j++) {
      const expected = (rows[i] * cols[j]) / total;
      sum += (table[i][j] - expected) ** 2 / expected;
    }
  }
  return sum;
}

// Critical values of chi-square at p = 0.001 by degrees of freedom. Inputs are fixed, so each
// test either always passes or always fails: a failure is a property of the hash, not chance.
const CRITICAL = { 1: 10.828, 4: 18.467, 99: 148.23 } as const;

/** GrowthBook's own SDK: the bucket (hash) its `run` computes for `value` under `seed`. */
function growthbookBucket(seed: string, value: string, version: 1 | 2): number | undefined {
  const gb = new GrowthBook({ attributes: { id: value } });
  const result = gb.run({ key: 'k', seed, hashVersion: version, variations: [0, 1] });
  gb.destroy();
  return result.bucket;
}

const UNICODE_SAMPLES = [
  'é', 'e\u0301', 'дружба', 'مرحبا', '中文漢字', '😀', '👩‍👩‍👧', '🇯🇵', '\u{1F9ED}', '\uD800', '\uDC00x', 'a\u0000b', '\u200B', '\uFEFF', '\u{10FFFF}',
];

describe('fnv1a32', () => {
  it('matches the published FNV-1a 32-bit vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('equals the specification (xor, multiply by the prime) on any string, over UTF-16 code units', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(fnv1a32(text)).toBe(referenceFnv(text));
      }),
      { numRuns: 500 },
    );
    for (const text of UNICODE_SAMPLES) expect(fnv1a32(text)).toBe(referenceFnv(text));
  }, 60_000);

  it('hashes a character outside the BMP as its two surrogates, not as one code point', () => {
    // What every GrowthBook SDK does (JavaScript's charCodeAt): SQL ports must match it.
    expect(fnv1a32('😀')).toBe(referenceFnv('\uD83D\uDE00'));
    expect(fnv1a32('😀')).not.toBe(referenceFnv(String.fromCharCode(0xf600)));
  });

  it('does not normalize: composed and decomposed forms of one letter hash differently', () => {
    expect('é'.normalize('NFD')).toBe('e\u0301');
    expect(fnv1a32('é')).not.toBe(fnv1a32('e\u0301'));
  });

  it('returns an unsigned 32-bit integer for long inputs (no float drift over many rounds)', () => {
    const long = 'x'.repeat(100_000) + '😀'.repeat(1000);
    const value = fnv1a32(long);
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(2 ** 32);
    expect(value).toBe(referenceFnv(long));
  });
});

describe('hash: versions', () => {
  it('version 2 is fnv(str(fnv(seed + value))) % 10000 / 10000, as the docs give it for SQL', () => {
    expect(hash('seed', 'a', 2)).toBe((referenceFnv(String(referenceFnv('seeda'))) % 10000) / 10000);
  });

  it('version 1 is fnv(value + seed) % 1000 / 1000 (value first, unlike version 2)', () => {
    expect(hash('seed', 'a', 1)).toBe((referenceFnv('aseed') % 1000) / 1000);
    expect(hash('seed', 'a', 1)).not.toBe(hash('a', 'seed', 1));
  });

  it('seed and value are simply concatenated: ("ab", "c") and ("a", "bc") are the same input', () => {
    // GrowthBook's definition; an analyst recomputing in SQL must concatenate exactly so.
    expect(hash('ab', 'c', 2)).toBe(hash('a', 'bc', 2));
    expect(hash('', 'abc', 2)).toBe(hash('abc', '', 2));
    expect(hash('ab', 'c', 1)).toBe(hash('', 'cab', 1));
  });

  it.each([0, 3, -1, 1.5, NaN, Infinity, -2])('returns null for the unknown version %s', (version) => {
    expect(hash('seed', 'value', version)).toBeNull();
  });

  it('does not coerce a version given as a string (a manifest value passed through untyped)', () => {
    expect(hash('seed', 'value', '2' as unknown as number)).toBeNull();
    expect(hash('seed', 'value', '1' as unknown as number)).toBeNull();
  });

  it('hashes empty seeds and values to fixed, valid numbers', () => {
    expect(hash('', '', 2)).toBe((referenceFnv(String(0x811c9dc5)) % 10000) / 10000);
    expect(hash('', '', 1)).toBe((0x811c9dc5 % 1000) / 1000);
    expect(hash('', 'a', 1)).toBe(0.22); // GrowthBook's conformance value
  });

  it('is deterministic and stays in [0, 1) on the grid of its version, for any unicode seed and value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), (seed, value) => {
        const v2 = hash(seed, value, 2)!;
        const v1 = hash(seed, value, 1)!;
        expect(hash(seed, value, 2)).toBe(v2);
        for (const [n, grid] of [[v2, 10_000], [v1, 1000]] as const) {
          expect(n).toBeGreaterThanOrEqual(0);
          expect(n).toBeLessThan(1);
          expect(Number.isInteger(Math.round(n * grid))).toBe(true);
          expect(Math.abs(n * grid - Math.round(n * grid))).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('agrees with GrowthBook\'s own SDK on unicode, lone surrogates and control characters, both versions', () => {
    const values = [...UNICODE_SAMPLES, 'u_42', '123', ' ', '\t\n', 'x'.repeat(5000)];
    const seeds = ['s', 'checkout-copy', 'ключ', '🧭', '\uD800'];
    for (const seed of seeds) {
      for (const value of values) {
        expect(hash(seed, value, 2)).toBe(growthbookBucket(seed, value, 2));
        expect(hash(seed, value, 1)).toBe(growthbookBucket(seed, value, 1));
      }
    }
  });

  it('agrees with GrowthBook\'s own SDK on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), (seed, value) => {
        expect(hash(seed, value, 2)).toBe(growthbookBucket(seed, value, 2));
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('hash: statistics of version 2', () => {
  const generators: Record<string, (i: number) => string> = {
    'sequential user ids': (i) => `user-${i}`,
    'bare integers': (i) => String(i),
    'uuid-like ids': (i) => `0000${i.toString(16)}-4a1b-8c2d-${(i * 7919).toString(16).padStart(12, '0')}`,
    'e-mail addresses': (i) => `person${i}@example.com`,
  };

  it.each(Object.keys(generators))('spreads 100,000 %s uniformly over 100 buckets (chi-square, p > 0.001)', (name) => {
    for (const seed of ['checkout', 'a']) {
      const bins = new Array<number>(100).fill(0);
      for (let i = 0; i < 100_000; i++) bins[Math.floor(hash(seed, generators[name](i), 2)! * 100)]++;
      expect(chiSquareUniform(bins)).toBeLessThan(CRITICAL[99]);
    }
  }, 60_000);

  it.each([
    ['exp-1', 'exp-2'],
    ['a', 'b'],
    ['help-links-holdout', 'help-links'],
    ['onboarding-tour', 'onboarding-tour-v2'],
  ])('gives independent buckets under the seeds %j and %j (no assignment leaking across experiments)', (s1, s2) => {
    const halves = [[0, 0], [0, 0]];
    const thirds = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (let i = 0; i < 30_000; i++) {
      const [a, b] = [hash(s1, `user-${i}`, 2)!, hash(s2, `user-${i}`, 2)!];
      halves[Math.floor(a * 2)][Math.floor(b * 2)]++;
      thirds[Math.floor(a * 3)][Math.floor(b * 3)]++;
    }
    expect(chiSquareIndependence(halves)).toBeLessThan(CRITICAL[1]);
    expect(chiSquareIndependence(thirds)).toBeLessThan(CRITICAL[4]);
  }, 60_000);

  it('version 1 is the biased one: seeds that differ in their last character correlate (why version 2 exists)', () => {
    const halves = [[0, 0], [0, 0]];
    for (let i = 0; i < 30_000; i++) halves[Math.floor(hash('exp-1', `user-${i}`, 1)! * 2)][Math.floor(hash('exp-2', `user-${i}`, 1)! * 2)]++;
    expect(chiSquareIndependence(halves)).toBeGreaterThan(CRITICAL[1]);
  });
});

describe('getEqualWeights', () => {
  it('returns n equal weights adding up to 1', () => {
    for (const n of [1, 2, 3, 7, 10, 100]) {
      const weights = getEqualWeights(n);
      expect(weights).toHaveLength(n);
      expect(new Set(weights)).toEqual(new Set([1 / n]));
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('returns an empty list for zero or negative counts', () => {
    expect(getEqualWeights(0)).toEqual([]);
    expect(getEqualWeights(-3)).toEqual([]);
    expect(getEqualWeights(-Infinity)).toEqual([]);
  });
});

describe('getBucketRanges', () => {
  const widths = (ranges: BucketRange[]) => ranges.map(([a, b]) => b - a);

  it('splits equally by default and with undefined weights', () => {
    expect(getBucketRanges(2)).toEqual([[0, 0.5], [0.5, 1]]);
    expect(getBucketRanges(2, 1, undefined)).toEqual([[0, 0.5], [0.5, 1]]);
    expect(getBucketRanges(1)).toEqual([[0, 1]]);
    expect(getBucketRanges(0)).toEqual([]);
  });

  it('clamps coverage into [0, 1]', () => {
    expect(getBucketRanges(2, 5)).toEqual(getBucketRanges(2, 1));
    expect(getBucketRanges(2, -Infinity)).toEqual([[0, 0], [0.5, 0.5]]);
    expect(getBucketRanges(2, Infinity)).toEqual([[0, 0.5], [0.5, 1]]);
  });

  it('falls back to equal weights when weights are empty, too few, too many, or add up outside [0.99, 1.01]', () => {
    const equal = getBucketRanges(3);
    expect(getBucketRanges(3, 1, [])).toEqual(equal);
    expect(getBucketRanges(3, 1, [0.5, 0.5])).toEqual(equal);
    expect(getBucketRanges(3, 1, [0.25, 0.25, 0.25, 0.25])).toEqual(equal);
    expect(getBucketRanges(3, 1, [0.5, 0.5, 0.5])).toEqual(equal);
    expect(getBucketRanges(3, 1, [0, 0, 0])).toEqual(equal);
  });

  it('keeps weights that add up to within 0.01 of 1 as given (GrowthBook tolerance)', () => {
    expect(getBucketRanges(2, 1, [0.5, 0.495])).toEqual([[0, 0.5], [0.5, 0.995]]);
    expect(getBucketRanges(2, 1, [0.5, 0.505])).toEqual([[0, 0.5], [0.5, 1.005]]);
    // A weight of 0 keeps its place: the arm gets no one, the others keep their ranges.
    expect(getBucketRanges(3, 1, [0.5, 0, 0.5])).toEqual([[0, 0.5], [0.5, 0.5], [0.5, 1]]);
  });

  it('leaves no gap with full coverage: every hash value (all 10,000) lands in an arm, for 1 to 50 equal arms', () => {
    // Collected, then asserted once: an expect per value would be half a million calls.
    const gaps: string[] = [];
    const unfair: string[] = [];
    for (let n = 1; n <= 50; n++) {
      const ranges = getBucketRanges(n);
      const counts = new Array<number>(n).fill(0);
      for (let k = 0; k < 10_000; k++) {
        const index = chooseVariation(k / 10_000, ranges);
        if (index < 0) gaps.push(`${n} arms: ${k / 10_000}`);
        else counts[index]++;
      }
      // Each arm gets its share of the grid, to one grid step.
      counts.forEach((count, i) => Math.abs(count - 10_000 / n) > 1 && unfair.push(`${n} arms: arm ${i} has ${count}`));
    }
    expect(gaps).toEqual([]);
    expect(unfair).toEqual([]);
  }, 60_000);

  it('leaves no gap with full coverage for uneven weights that add up to exactly 1', () => {
    for (const weights of [[0.1, 0.2, 0.3, 0.4], [0.7, 0.2, 0.1], [0.05, 0.95], [0.333, 0.333, 0.334], Array(10).fill(0.1)]) {
      const ranges = getBucketRanges(weights.length, 1, weights);
      const gaps: number[] = [];
      for (let k = 0; k < 10_000; k++) if (chooseVariation(k / 10_000, ranges) < 0) gaps.push(k / 10_000);
      expect(gaps).toEqual([]);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1]);
    }
  });

  it('partial coverage takes the same share of every arm, from the start of each arm\'s range', () => {
    const ranges = getBucketRanges(3, 0.4, [0.2, 0.3, 0.5]);
    expect(ranges.map(([a]) => a)).toEqual([0, 0.2, 0.5]);
    const shares = widths(ranges).map((w, i) => w / [0.2, 0.3, 0.5][i]);
    for (const share of shares) expect(share).toBeCloseTo(0.4, 12);
  });

  it('raising coverage never moves a unit to another arm (ramping up an experiment is safe)', () => {
    const weights = [0.2, 0.3, 0.5];
    const coverages = [0, 0.05, 0.1, 0.25, 0.5, 0.8, 1];
    const rangesByCoverage = coverages.map((coverage) => getBucketRanges(3, coverage, weights));
    const moved: string[] = [];
    let entered = 0;
    for (let k = 0; k < 10_000; k++) {
      const n = k / 10_000;
      let previous = -1;
      for (const [i, ranges] of rangesByCoverage.entries()) {
        const index = chooseVariation(n, ranges);
        if (previous >= 0 && index !== previous) moved.push(`${n}: arm ${previous} -> ${index} at coverage ${coverages[i]}`);
        previous = index;
      }
      if (previous >= 0) entered++;
    }
    expect(moved).toEqual([]);
    expect(entered).toBe(10_000);
  }, 60_000);

  it('is not confused by hostile weights: NaN weights never put anyone in an arm', () => {
    // NaN totals compare false both ways (as in GrowthBook), so the weights stay; no range contains anything.
    const ranges = getBucketRanges(2, 1, [NaN, NaN]);
    for (const n of [0, 0.25, 0.5, 0.9999]) expect(chooseVariation(n, ranges)).toBe(-1);
  });
});

describe('chooseVariation', () => {
  it('uses half-open ranges: the start is in, the end is out', () => {
    const ranges: BucketRange[] = [[0, 0.5], [0.5, 1]];
    expect(chooseVariation(0, ranges)).toBe(0);
    expect(chooseVariation(0.4999, ranges)).toBe(0);
    expect(chooseVariation(0.5, ranges)).toBe(1);
    expect(chooseVariation(1, ranges)).toBe(-1);
  });

  it('returns -1 outside every range, for an empty list, and for NaN', () => {
    expect(chooseVariation(0.3, [[0, 0.25], [0.5, 0.75]])).toBe(-1);
    expect(chooseVariation(0.3, [])).toBe(-1);
    expect(chooseVariation(NaN, [[0, 1]])).toBe(-1);
    expect(chooseVariation(-0.1, [[0, 1]])).toBe(-1);
  });

  it('returns the first of overlapping ranges', () => {
    expect(chooseVariation(0.5, [[0, 1], [0.4, 0.6]])).toBe(0);
  });
});

describe('inNamespace', () => {
  it('is hash v1 of (id, "__" + namespace) compared with [start, end)', () => {
    for (let i = 0; i < 200; i++) {
      const id = `user-${i}`;
      const n = hash('__checkout', id, 1)!;
      expect(inNamespace(id, ['checkout', n, n + 0.001])).toBe(true);
      expect(inNamespace(id, ['checkout', 0, n])).toBe(false);
    }
  });

  it('a full namespace holds everyone, an empty one no one', () => {
    for (let i = 0; i < 200; i++) {
      expect(inNamespace(`u${i}`, ['ns', 0, 1])).toBe(true);
      expect(inNamespace(`u${i}`, ['ns', 0.5, 0.5])).toBe(false);
    }
  });

  it('complementary ranges of one namespace put each unit in exactly one (mutually exclusive experiments)', () => {
    let first = 0;
    for (let i = 0; i < 5000; i++) {
      const a = inNamespace(`user-${i}`, ['pricing', 0, 0.3]);
      const b = inNamespace(`user-${i}`, ['pricing', 0.3, 1]);
      expect(a).not.toBe(b);
      if (a) first++;
    }
    expect(first / 5000).toBeGreaterThan(0.27);
    expect(first / 5000).toBeLessThan(0.33);
  });

  it('handles unicode and empty ids and namespace names', () => {
    for (const id of ['', '😀', '\uD800', 'дружба']) {
      expect(inNamespace(id, ['', 0, 1])).toBe(true);
      expect(inNamespace(id, ['🧭', 0, 0])).toBe(false);
    }
  });
});
