/**
 * The statistics of `guidepost analyze`, on per-arm aggregates (units, converted units).
 * Pure functions, no dependencies: each one is a closed form a reviewer can check against a
 * textbook, and test/analysis/stats.test.ts checks them against scipy to 1e-6.
 */
import { fisherExactTwoSided, largeSample, logGamma, newcombeInterval, type ComparisonMethod } from './stats-exact';

export { LARGE_SAMPLE_MIN, largeSample, type ComparisonMethod } from './stats-exact';

export { fisherExactTwoSided, holmAdjust, logChoose, logGamma, newcombeInterval } from './stats-exact';

/**
 * Standard normal CDF, Hart (1968) algorithm 5666 as given by G. West, "Better approximations
 * to cumulative normal functions" (Wilmott, 2005): double precision over the whole line, and
 * the tail is computed directly (no 1 - x cancellation), so tiny p-values stay accurate.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  let tail: number;
  if (ax > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let num = 3.52624965998911e-2 * ax + 0.700383064443688;
      num = num * ax + 6.37396220353165;
      num = num * ax + 33.912866078383;
      num = num * ax + 112.079291497871;
      num = num * ax + 221.213596169931;
      num = num * ax + 220.206867912376;
      let den = 8.83883476483184e-2 * ax + 1.75566716318264;
      den = den * ax + 16.064177579207;
      den = den * ax + 86.7807322029461;
      den = den * ax + 296.564248779674;
      den = den * ax + 637.333633378831;
      den = den * ax + 793.826512519948;
      den = den * ax + 440.413735824752;
      tail = (e * num) / den;
    } else {
      let cf = ax + 0.65;
      cf = ax + 4 / cf;
      cf = ax + 3 / cf;
      cf = ax + 2 / cf;
      cf = ax + 1 / cf;
      tail = e / cf / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** Upper tail P(Z > x), accurate for large x. */
export const normalSf = (x: number): number => normalCdf(-x);

/**
 * Standard normal quantile: P. J. Acklam's rational approximation (relative error 1.15e-9)
 * refined by one Halley step on `normalCdf`, which brings it to double precision.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step: e is the CDF error, u the Newton correction.
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/**
 * Regularized upper incomplete gamma Q(s, x): the series for P when x < s + 1, otherwise
 * the Lentz continued fraction for Q (Numerical Recipes, 3rd ed., §6.2).
 */
export function gammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + s * Math.log(x) - logGamma(s));
  if (x < s + 1) {
    let term = 1 / s;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (s + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - sum * front;
  }
  const tiny = 1e-300;
  let b = x + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return front * h;
}

/** P(χ²_df > x). With one degree of freedom it is 2·Φ(−√x), exactly and without cancellation. */
export function chiSquareSf(x: number, df: number): number {
  if (!(x > 0)) return 1;
  // Units in an arm weighted 0 make χ² infinite: no chance at all (gammaQ would give NaN).
  if (x === Infinity) return 0;
  if (df === 1) return 2 * normalCdf(-Math.sqrt(x));
  return gammaQ(df / 2, x / 2);
}

/** The two-sided critical value for confidence 1 − alpha (1.959963984540054 for 0.05). */
export const zCritical = (alpha = 0.05): number => normalQuantile(1 - alpha / 2);

export type Interval = [number, number];

/**
 * Wilson score interval for a proportion (Wilson 1927; Agresti & Coull 1998): stays inside
 * [0, 1] and behaves at 0 and n successes, unlike the Wald interval.
 */
export function wilsonInterval(successes: number, n: number, alpha = 0.05): Interval {
  if (n <= 0) return [0, 1];
  const z = zCritical(alpha);
  const p = successes / n;
  const z2n = (z * z) / n;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

export interface ProportionComparison {
  controlRate: number;
  treatmentRate: number;
  /** treatment − control, in proportion units (0.02 = 2 points). */
  absoluteLift: number;
  /** Unpooled standard error of the difference: √(p_c(1−p_c)/n_c + p_t(1−p_t)/n_t). */
  standardError: number;
  /** Which interval and test were used (see ComparisonMethod). */
  method: ComparisonMethod;
  /** Wald (d ± z·SE) or Newcombe's hybrid score interval, by `method`. */
  absoluteCi: Interval;
  /** treatment / control − 1; NaN when either arm has no conversions (the ratio is 0 or undefined), or every unit of both converted. */
  relativeLift: number;
  /**
   * Interval for the ratio minus one, from the log of the ratio (Katz et al. 1978): it stays
   * above −100% however small the sample, where the delta method on the ratio itself gave
   * "−200% to +247%". NaN bounds, like the point, when either arm has no conversions.
   */
  relativeCi: Interval;
  /** z statistic of the pooled two-proportion test; NaN with Fisher's exact test. */
  z: number;
  /** Two-sided p-value: the pooled z-test, or Fisher's exact test, by `method`. */
  pValue: number;
}

/**
 * Treatment vs control on a binary metric. With enough conversions and non-conversions in
 * both arms (`largeSample`), the interval uses the unpooled standard error (no assumption that
 * the rates are equal) and the test the pooled one (its null hypothesis says they are): the
 * textbook two-proportion z-test, equal to Pearson's χ² test without continuity correction on
 * the 2×2 table. Otherwise the Wald interval can have no width (3/3 against 0/3 gave "+100 to
 * +100 points") and the z-test can contradict it, so the interval is Newcombe's hybrid score
 * interval and the test Fisher's exact test.
 */
export function compareProportions(control: { units: number; converted: number }, treatment: { units: number; converted: number }, alpha = 0.05): ProportionComparison {
  const z = zCritical(alpha);
  const nc = control.units;
  const nt = treatment.units;
  const xc = control.converted;
  const xt = treatment.converted;
  const pc = nc > 0 ? xc / nc : NaN;
  const pt = nt > 0 ? xt / nt : NaN;
  const diff = pt - pc;
  const se = Math.sqrt((pc * (1 - pc)) / nc + (pt * (1 - pt)) / nt);
  const method: ComparisonMethod = largeSample(control, treatment) ? 'wald' : 'newcombe-fisher';
  const both = nc > 0 && nt > 0;
  let absoluteCi: Interval = [NaN, NaN];
  let zStat = NaN;
  let pValue = NaN;
  if (both && method === 'wald') {
    const pooled = (xc + xt) / (nc + nt);
    const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt));
    zStat = diff / sePooled;
    pValue = Math.min(1, 2 * normalCdf(-Math.abs(zStat)));
    absoluteCi = [diff - z * se, diff + z * se];
  } else if (both) {
    absoluteCi = newcombeInterval(pc, wilsonInterval(xc, nc, alpha), pt, wilsonInterval(xt, nt, alpha));
    pValue = fisherExactTwoSided(xc, nc, xt, nt);
  }
  // ln(pt/pc) is close to normal with Var ≈ (1−pt)/(nt·pt) + (1−pc)/(nc·pc). With a zero count
  // the ratio is 0 or undefined and its log infinite: no relative lift, rather than a point
  // outside its own (corrected) interval.
  const logRatio = Math.log(pt / pc);
  const seLog = Math.sqrt(1 / xt - 1 / nt + 1 / xc - 1 / nc);
  // Every unit of both arms converted: the variance is 0, and a "+0% to +0%" interval would claim certainty.
  const relative = both && xc > 0 && xt > 0 && seLog > 0;
  return {
    controlRate: pc,
    treatmentRate: pt,
    absoluteLift: diff,
    standardError: se,
    method,
    absoluteCi,
    relativeLift: relative ? pt / pc - 1 : NaN,
    relativeCi: relative ? [Math.expm1(logRatio - z * seLog), Math.expm1(logRatio + z * seLog)] : [NaN, NaN],
    z: zStat,
    pValue,
  };
}

export interface SrmResult {
  chiSquare: number;
  df: number;
  pValue: number;
  expected: number[];
  /** p < threshold (0.001): the split is not what the configuration says. */
  mismatch: boolean;
}

/**
 * Sample-ratio mismatch: Pearson's χ² goodness of fit of unit counts against the configured
 * weights, with one degree of freedom fewer than the arms expected to get units (an arm of
 * weight 0 adds none). Units in an arm of weight 0 are a mismatch by themselves: χ² is then
 * infinite and p 0.
 */
export function sampleRatioTest(counts: number[], weights: number[], threshold = 0.001): SrmResult {
  const total = counts.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const expected = weights.map((w) => (total * w) / weightSum);
  let chi = 0;
  counts.forEach((observed, i) => {
    if (expected[i] > 0) chi += (observed - expected[i]) ** 2 / expected[i];
    else if (observed > 0) chi = Infinity;
  });
  const df = Math.max(0, weights.filter((w) => w > 0).length - 1);
  const pValue = total <= 0 ? 1 : chi === Infinity ? 0 : df > 0 ? chiSquareSf(chi, df) : 1;
  return { chiSquare: chi, df, pValue, expected, mismatch: pValue < threshold };
}

/**
 * Units per arm to detect an absolute lift `mde` over `baseline` with a two-sided test at
 * `alpha` and the given power (Fleiss, Levin & Paik, "Statistical Methods for Rates and
 * Proportions", 3rd ed. 2003, eq. 4.14 without continuity correction):
 * n = (z_{1−α/2}·√(2·p̄·q̄) + z_{power}·√(p₁q₁ + p₂q₂))² / (p₂ − p₁)², p̄ = (p₁ + p₂)/2.
 * The treatment rate is baseline + mde, or baseline − mde when that would pass 1.
 */
export function sampleSizePerArm(baseline: number, mde: number, alpha = 0.05, power = 0.8): number {
  const p1 = Math.min(1, Math.max(0, baseline));
  const p2 = p1 + mde <= 1 ? p1 + mde : p1 - mde;
  if (!(mde > 0) || p2 < 0) return NaN;
  const pBar = (p1 + p2) / 2;
  const a = zCritical(alpha) * Math.sqrt(2 * pBar * (1 - pBar));
  const b = normalQuantile(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(((a + b) * (a + b)) / ((p2 - p1) * (p2 - p1)));
}

/**
 * The minimum detectable lift: the smallest absolute lift over `baseline` that `unitsPerArm`
 * units per arm detect with the given power at `alpha` (the inverse of `sampleSizePerArm`,
 * by bisection: the sample size falls as the lift grows). NaN when no lift up to the largest
 * possible one is detectable, or without units.
 */
export function minimumDetectableLift(baseline: number, unitsPerArm: number, alpha = 0.05, power = 0.8): number {
  if (!(unitsPerArm > 0) || !(baseline >= 0 && baseline <= 1)) return NaN;
  const largest = Math.max(baseline, 1 - baseline);
  const needs = (lift: number) => sampleSizePerArm(baseline, lift, alpha, power);
  if (!(needs(largest) <= unitsPerArm)) return NaN;
  let lo = 0;
  let hi = largest;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (needs(mid) <= unitsPerArm) hi = mid;
    else lo = mid;
  }
  return hi;
}
