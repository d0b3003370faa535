/**
 * Hashing and bucketing, compatible with GrowthBook's SDKs so that an analyst can
 * recompute any assignment in SQL and a server using GrowthBook agrees with the browser.
 * The algorithms follow GrowthBook's published SDK specification (FNV-1a 32-bit).
 */

/** A half-open interval [start, end) of the unit interval. */
export type BucketRange = [number, number];

/** FNV-1a, 32 bit, over UTF-16 code units (as every GrowthBook SDK does). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash += (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24);
  }
  return hash >>> 0;
}

/**
 * Deterministic number in [0, 1) for (seed, value). Version 2 hashes twice to remove the
 * bias version 1 has for seeds that share a prefix; version 1 is kept for compatibility.
 * Returns null for an unknown version.
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(fnv1a32(seed + value) + '') % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

/** `n` equal weights adding up to 1; empty for n <= 0. */
export function getEqualWeights(n: number): number[] {
  return n <= 0 ? [] : new Array<number>(n).fill(1 / n);
}

/**
 * Consecutive ranges, one per variation, each `coverage * weight` wide. Weights that do
 * not match the count or do not add up to 1 (within 0.01) fall back to an equal split.
 */
export function getBucketRanges(numVariations: number, coverage = 1, weights?: number[]): BucketRange[] {
  const clamped = Math.min(1, Math.max(0, coverage));
  const equal = getEqualWeights(numVariations);
  let chosen = weights ?? equal;
  if (chosen.length !== numVariations) chosen = equal;
  const total = chosen.reduce((sum, w) => sum + w, 0);
  if (total < 0.99 || total > 1.01) chosen = equal;
  let cumulative = 0;
  return chosen.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + clamped * weight];
  });
}

/** Index of the range containing `n`, or -1 (not in the experiment). */
export function chooseVariation(n: number, ranges: BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    if (n >= ranges[i][0] && n < ranges[i][1]) return i;
  }
  return -1;
}

/** A namespace [id, start, end] lets mutually exclusive experiments share traffic. */
export type Namespace = [string, number, number];

export function inNamespace(hashValue: string, namespace: Namespace): boolean {
  const n = hash('__' + namespace[0], hashValue, 1);
  return n !== null && n >= namespace[1] && n < namespace[2];
}
