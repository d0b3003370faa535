/**
 * The small-sample side of `guidepost analyze`'s statistics, and the correction for several
 * arms: Fisher's exact test and Newcombe's hybrid score interval (used instead of the Wald
 * interval and the z-test when an arm has fewer than 5 conversions or non-conversions), and
 * Holm's step-down adjustment of p-values. Pure functions, no imports: ./stats.ts uses them.
 */

/**
 * How two proportions were compared: `wald` (the unpooled Wald interval and the pooled z-test)
 * when every arm has at least LARGE_SAMPLE_MIN conversions and as many non-conversions;
 * otherwise `newcombe-fisher` (Newcombe's hybrid score interval and Fisher's exact test).
 */
export type ComparisonMethod = 'wald' | 'newcombe-fisher';

/** Conversions, and non-conversions, each arm needs for the large-sample (Wald, z) methods. */
export const LARGE_SAMPLE_MIN = 5;

/** Whether both arms meet the large-sample condition (LARGE_SAMPLE_MIN conversions and non-conversions each). */
export const largeSample = (...arms: { units: number; converted: number }[]): boolean =>
  arms.every((a) => a.converted >= LARGE_SAMPLE_MIN && a.units - a.converted >= LARGE_SAMPLE_MIN);

/** ln Γ(x) for x > 0: Lanczos (g = 7, n = 9), about 15 significant digits. */
export function logGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = g[0];
  for (let i = 1; i < 9; i++) sum += g[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln C(n, k), from ln Γ. */
export const logChoose = (n: number, k: number): number => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/** Tables whose probability is within this relative distance of the observed one count as "as extreme" (R's fisher.test uses the same 1e-7). */
export const FISHER_RELATIVE_TOLERANCE = 1e-7;

/**
 * Fisher's exact test, two-sided, on the 2×2 table (x1 of n1 converted, x2 of n2): with the
 * margins fixed, x1 is hypergeometric, and p is the sum of the probabilities of every table
 * no more likely than the observed one (within FISHER_RELATIVE_TOLERANCE). Each probability
 * is computed in log space (ln C(n1, x) + ln C(n2, K − x) − ln C(n1 + n2, K)) and summed with
 * log-sum-exp, so it is exact to rounding for tens of thousands of units, and takes one pass
 * over the at most min(K, n1) + 1 tables.
 */
export function fisherExactTwoSided(x1: number, n1: number, x2: number, n2: number): number {
  if (!(n1 > 0 && n2 > 0)) return NaN;
  const total = x1 + x2;
  const lo = Math.max(0, total - n2);
  const hi = Math.min(total, n1);
  const whole = logChoose(n1 + n2, total);
  const logP = (x: number) => logChoose(n1, x) + logChoose(n2, total - x) - whole;
  const observed = logP(x1) + Math.log1p(FISHER_RELATIVE_TOLERANCE);
  const kept: number[] = [];
  let largest = -Infinity;
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    if (lp <= observed) {
      kept.push(lp);
      if (lp > largest) largest = lp;
    }
  }
  if (!kept.length) return 0;
  let sum = 0;
  for (const lp of kept) sum += Math.exp(lp - largest);
  return Math.min(1, Math.exp(largest + Math.log(sum)));
}

/**
 * Newcombe's hybrid score interval for p2 − p1 (Newcombe 1998, method 10), from each rate's
 * Wilson interval [l, u]: (d − √((p2 − l2)² + (u1 − p1)²), d + √((u2 − p2)² + (p1 − l1)²)).
 * It stays inside [−1, 1] and has width whenever an arm has a rate of 0 or 1.
 */
export function newcombeInterval(p1: number, [l1, u1]: readonly [number, number], p2: number, [l2, u2]: readonly [number, number]): [number, number] {
  const d = p2 - p1;
  return [d - Math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), d + Math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)];
}

/**
 * Holm's step-down adjustment (Holm 1979): with the m p-values sorted ascending, the i-th
 * (from 1) becomes max over j ≤ i of min(1, (m − j + 1)·p_(j)). It controls the chance of any
 * false "significant" among the m comparisons at α, and is never worse than Bonferroni.
 * NaN p-values (no comparison possible) stay NaN and do not count in m.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => ({ p, i })).filter(({ p }) => Number.isFinite(p)).sort((a, b) => a.p - b.p);
  const out = pValues.map(() => NaN);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (order.length - rank) * p));
    out[i] = running;
  });
  return out;
}
