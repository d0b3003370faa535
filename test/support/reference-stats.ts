/**
 * Textbook formulas for the analysis tests, written from the formulas in docs/analysis.md
 * (and the textbooks they cite), not from src/analysis/stats.ts, so a test can check the code's
 * numbers against an independent computation. Closed forms only: erfc by its Taylor series
 * (x < 3) or Laplace's continued fraction (x ≥ 3), absolute error below 1e-12.
 */

/** Φ⁻¹(0.975) and Φ⁻¹(0.8), to 16 digits (tabulated). */
export const Z975 = 1.959963984540054;
export const Z80 = 0.8416212335729143;

export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    // erf(x) = 2/√π · Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-18) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  let t = x;
  for (let k = 80; k >= 1; k--) t = x + k / 2 / t;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * t);
}

/** Two-sided normal p-value of a z statistic: 2·(1 − Φ(|z|)) = erfc(|z|/√2). */
export const twoSidedP = (z: number): number => erfc(Math.abs(z) / Math.SQRT2);

/** Upper tail of χ² with df = 1, 2, 3 or 4 degrees of freedom (closed forms). */
export function chiSquareTail(x: number, df: 1 | 2 | 3 | 4): number {
  if (df === 1) return erfc(Math.sqrt(x / 2));
  if (df === 2) return Math.exp(-x / 2);
  if (df === 3) return erfc(Math.sqrt(x / 2)) + Math.sqrt((2 * x) / Math.PI) * Math.exp(-x / 2);
  return Math.exp(-x / 2) * (1 + x / 2);
}

/** Wilson score interval, 95%. */
export function wilson(x: number, n: number): [number, number] {
  const p = x / n;
  const z2 = Z975 * Z975;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z975 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Control c against treatment t: unpooled 95% interval of the difference, pooled z-test, Katz log-ratio interval. */
export function twoProportions(nc: number, xc: number, nt: number, xt: number) {
  const pc = xc / nc;
  const pt = xt / nt;
  const diff = pt - pc;
  const se = Math.sqrt((pc * (1 - pc)) / nc + (pt * (1 - pt)) / nt);
  const pooled = (xc + xt) / (nc + nt);
  const z = diff / Math.sqrt(pooled * (1 - pooled) * (1 / nc + 1 / nt));
  const logRatio = Math.log(pt / pc);
  const seLog = Math.sqrt((1 - pt) / xt + (1 - pc) / xc);
  return {
    pc, pt, diff, ci: [diff - Z975 * se, diff + Z975 * se] as [number, number], z, p: twoSidedP(z),
    relative: pt / pc - 1, relativeCi: [Math.exp(logRatio - Z975 * seLog) - 1, Math.exp(logRatio + Z975 * seLog) - 1] as [number, number],
  };
}

/** Fleiss, Levin & Paik eq. 4.14 (no continuity correction), unrounded: units per arm, α = 0.05 two-sided, power 0.8. */
export function fleissN(p1: number, mde: number): number {
  const p2 = p1 + mde;
  const pBar = (p1 + p2) / 2;
  const a = Z975 * Math.sqrt(2 * pBar * (1 - pBar));
  const b = Z80 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (a + b) ** 2 / mde ** 2;
}
