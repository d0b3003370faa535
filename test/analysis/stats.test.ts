/**
 * The statistics of `guidepost analyze` against a reference implementation, to 1e-6.
 *
 * Reference: SciPy 1.17.1 (Python 3), by the script below. Where SciPy has the test itself it
 * is used directly (norm.cdf / norm.ppf, chi2.sf, binomtest(...).proportion_ci(method='wilson'),
 * chisquare for the sample-ratio test, chi2_contingency(correction=False) for the pooled
 * two-proportion z-test, which it equals); the unpooled interval, the log-ratio interval of the relative lift and
 * the sample-size formula (Fleiss, Levin & Paik 2003, eq. 4.14, no continuity correction) are
 * closed forms evaluated in Python with SciPy's quantiles. The sample size also matches the
 * textbook figure of 686 per group for 10% vs 15% at alpha 0.05 two-sided, power 0.8.
 *
 * ```python
 * import json, math
 * from scipy.stats import norm, chi2, binomtest, chisquare, chi2_contingency
 * z = norm.ppf(0.975)
 * out = {}
 * out['cdf'] = [[x, norm.cdf(x)] for x in [-8, -5, -3.3, -2.5, -1.959963984540054, -1, -0.25, 0, 0.5, 1.2, 2, 3.1, 6]]
 * out['ppf'] = [[p, norm.ppf(p)] for p in [1e-8, 0.001, 0.025, 0.1, 0.5, 0.8, 0.975, 0.9999]]
 * out['chi2'] = [[x, d, chi2.sf(x, d)] for x, d in [(0.3,1),(3.841458820694124,1),(10.828,1),(25,1),(5.99,2),(13.816,2),(7.8,3),(20,4),(1.2,5)]]
 * w = []
 * for k, n in [(0,10),(1,10),(797,1138),(45,50),(50,50),(7,1000)]:
 *     ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method='wilson')
 *     w.append([k, n, ci.low, ci.high])
 * out['wilson'] = w
 * cmp = []
 * for nc, xc, nt, xt in [(8181,1593,8112,2358),(1000,200,1000,230),(50,5,60,9),(20000,4000,20000,4000)]:
 *     pc, pt = xc/nc, xt/nt
 *     vc, vt = pc*(1-pc)/nc, pt*(1-pt)/nt
 *     se = math.sqrt(vc+vt)
 *     d = pt-pc
 *     r = pt/pc
 *     ser = math.sqrt(vt/pc**2 + pt**2*vc/pc**4)
 *     pool = (xc+xt)/(nc+nt)
 *     sep = math.sqrt(pool*(1-pool)*(1/nc+1/nt))
 *     zs = d/sep
 *     p_closed = 2*norm.sf(abs(zs))
 *     # Independent check: Pearson chi-square without continuity correction on the 2x2 table.
 *     p_chi = chi2_contingency([[xc, nc-xc],[xt, nt-xt]], correction=False)[1] if (xc+xt) > 0 else 1.0
 *     assert abs(p_closed - p_chi) < 1e-12, (p_closed, p_chi)
 *     # Relative lift: log-ratio (Katz) interval (every count here is positive).
 *     a, b, m, n = xc, xt, nc, nt
 *     lr = math.log(b/n) - math.log(a/m); sel = math.sqrt(1/b - 1/n + 1/a - 1/m)
 *     cmp.append(dict(nc=nc,xc=xc,nt=nt,xt=xt, diff=d, lo=d-z*se, hi=d+z*se, rel=r-1, rlo=math.expm1(lr-z*sel), rhi=math.expm1(lr+z*sel), z=zs, p=p_chi))
 * out['compare'] = cmp
 * srm = []
 * for counts, weights in [([10400,9600],[0.5,0.5]),([3300,3350,3350],[1/3,1/3,1/3]),([480,520],[0.45,0.55]),([10000,10000],[0.5,0.5])]:
 *     tot = sum(counts)
 *     s = chisquare(counts, [tot*w for w in weights])
 *     srm.append([counts, weights, float(s.statistic), float(s.pvalue)])
 * out['srm'] = srm
 * ss = []
 * zb = norm.ppf(0.8)
 * for p1, mde in [(0.10,0.05),(0.2,0.02),(0.5,0.01),(0.95,0.1)]:
 *     p2 = p1+mde if p1+mde <= 1 else p1-mde
 *     pb = (p1+p2)/2
 *     n = (z*math.sqrt(2*pb*(1-pb)) + zb*math.sqrt(p1*(1-p1)+p2*(1-p2)))**2/(p2-p1)**2
 *     ss.append([p1, mde, n, math.ceil(n)])
 * out['samplesize'] = ss
 * print(json.dumps(out, indent=1))
 * ```
 */
import { describe, expect, it } from 'vitest';
import { chiSquareSf, compareProportions, minimumDetectableLift, normalCdf, normalQuantile, sampleRatioTest, sampleSizePerArm, wilsonInterval, zCritical } from '../../src/analysis/stats';

const TOL = 1e-6;
const close = (actual: number, expected: number, tol = TOL) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);

// Values printed by the script above.
const CDF: [number, number][] = [[-8, 6.22096057427174e-16], [-5, 2.866515718791933e-07], [-3.3, 0.00048342414238377744], [-2.5, 0.006209665325776132], [-1.959963984540054, 0.025], [-1, 0.15865525393145707], [-0.25, 0.4012936743170763], [0, 0.5], [0.5, 0.6914624612740131], [1.2, 0.8849303297782918], [2, 0.9772498680518208], [3.1, 0.9990323967867817], [6, 0.9999999990134123]];
const PPF: [number, number][] = [[1e-08, -5.612001244174789], [0.001, -3.090232306167813], [0.025, -1.9599639845400545], [0.1, -1.2815515655446004], [0.5, 0.0], [0.8, 0.8416212335729143], [0.975, 1.959963984540054], [0.9999, 3.719016485455709]];
const CHI2: [number, number, number][] = [[0.3, 1, 0.583882420770365], [3.841458820694124, 1, 0.04999999999999989], [10.828, 1, 0.0009997657195830916], [25, 1, 5.733031437583875e-07], [5.99, 2, 0.05003662708658629], [13.816, 2, 0.0009997553089238827], [7.8, 3, 0.050331097859853326], [20, 4, 0.0004993992273873336], [1.2, 5, 0.9448773650021219]];
const WILSON: [number, number, number, number][] = [[0, 10, 0.0, 0.27753279986288926], [1, 10, 0.017876213095072896, 0.4041500267952385], [797, 1138, 0.6730978260249039, 0.7262570900866214], [45, 50, 0.7863976856252034, 0.9565242350681095], [50, 50, 0.9286524008666412, 1.0], [7, 1000, 0.0033948684009907646, 0.014378315465766588]];
const COMPARE = [{ nc: 8181, xc: 1593, nt: 8112, xt: 2358, diff: 0.09596100142558636, lo: 0.08287405465007751, hi: 0.10904794820109522, rel: 0.4928166683381807, rlo: 0.41200377844774316, rhi: 0.5782547039060784, z: 14.289471997620657, p: 2.545319127476612e-46 }, { nc: 1000, xc: 200, nt: 1000, xt: 230, diff: 0.03, lo: -0.005985493861499103, hi: 0.0659854938614991, rel: 0.1499999999999999, rlo: -0.027849950984148945, rhi: 0.3603867029979815, z: 1.632872212837632, p: 0.10249587537989299 }, { nc: 50, xc: 5, nt: 60, xt: 9, diff: 0.04999999999999999, lo: -0.07279139168209, hi: 0.17279139168208998, rel: 0.4999999999999998, rlo: -0.462759784500765, rhi: 3.188070689959737, z: 0.7834789631600106, p: 0.4333459024514137 }, { nc: 20000, xc: 4000, nt: 20000, xt: 4000, diff: 0.0, lo: -0.007839855938160216, hi: 0.007839855938160216, rel: 0.0, rlo: -0.038440929142136045, rhi: 0.039977709437903394, z: 0.0, p: 1.0 }];
// (12/300 against 0/280 was a case here: a zero count now takes Newcombe's interval and Fisher's
// exact test, and no relative lift, instead of the Wald interval and z-test; its reference
// values are in ./stats-exact.test.ts. Every case left has 5+ conversions and non-conversions per arm.)
const SRM: [number[], number[], number, number][] = [[[10400, 9600], [0.5, 0.5], 32.0, 1.5417257900280013e-08], [[3300, 3350, 3350], [0.3333333333333333, 0.3333333333333333, 0.3333333333333333], 0.5, 0.7788007830714049], [[480, 520], [0.45, 0.55], 3.6363636363636367, 0.05653027716740437], [[10000, 10000], [0.5, 0.5], 0.0, 1.0]];
const SAMPLE_SIZE: [number, number, number, number][] = [[0.1, 0.05, 685.5968583253604, 686], [0.2, 0.02, 6509.466678513718, 6510], [0.5, 0.01, 39239.29527445215, 39240], [0.95, 0.1, 140.09508986142652, 141]];

describe('normal distribution', () => {
  it.each(CDF)('Φ(%d) matches scipy.stats.norm.cdf', (x, expected) => close(normalCdf(x), expected));

  it('keeps relative accuracy in the far tail (no 1 − x cancellation)', () => {
    const [x, expected] = CDF[0]; // Φ(−8) ≈ 6.2e-16
    expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(1e-6);
  });

  it('is symmetric and monotone', () => {
    for (let x = -6; x <= 6; x += 0.37) {
      close(normalCdf(x) + normalCdf(-x), 1, 1e-14);
      expect(normalCdf(x + 0.01)).toBeGreaterThan(normalCdf(x));
    }
  });

  it.each(PPF)('Φ⁻¹(%d) matches scipy.stats.norm.ppf', (p, expected) => close(normalQuantile(p), expected));

  it('gives the usual critical value', () => close(zCritical(0.05), 1.959963984540054, 1e-12));
});

describe('chi-square upper tail', () => {
  it.each(CHI2)('P(χ² > %d | df = %d) matches scipy.stats.chi2.sf', (x, df, expected) => close(chiSquareSf(x, df), expected));
});

describe('Wilson interval', () => {
  it.each(WILSON)('%d of %d matches scipy binomtest(...).proportion_ci(method="wilson")', (k, n, lo, hi) => {
    const [a, b] = wilsonInterval(k, n);
    close(a, lo);
    close(b, hi);
  });
});

describe('minimum detectable lift', () => {
  it('is the inverse of the sample size: the lift whose needed units equal the units there are', () => {
    for (const [baseline, units] of [[0.2, 8000], [0.05, 1200], [0.5, 300]]) {
      const lift = minimumDetectableLift(baseline, units);
      expect(sampleSizePerArm(baseline, lift)).toBeLessThanOrEqual(units);
      expect(sampleSizePerArm(baseline, lift * 0.99)).toBeGreaterThan(units);
    }
    expect(minimumDetectableLift(0.2, 0)).toBeNaN();
  });
});

describe('two proportions', () => {
  it.each(COMPARE)('control $xc/$nc vs treatment $xt/$nt: lift, unpooled CI, log-ratio relative CI (never below −100%), pooled z-test', (ref) => {
    const c = compareProportions({ units: ref.nc, converted: ref.xc }, { units: ref.nt, converted: ref.xt });
    expect(c.method).toBe('wald');
    close(c.absoluteLift, ref.diff);
    close(c.absoluteCi[0], ref.lo);
    close(c.absoluteCi[1], ref.hi);
    close(c.relativeLift, ref.rel);
    close(c.relativeCi[0], ref.rlo);
    close(c.relativeCi[1], ref.rhi);
    expect(c.relativeCi[0]).toBeGreaterThan(-1);
    close(c.z, ref.z);
    close(c.pValue, ref.p);
  });

  it('says nothing about a relative lift when the control never converts', () => {
    const c = compareProportions({ units: 100, converted: 0 }, { units: 100, converted: 3 });
    expect(c.relativeLift).toBeNaN();
    expect(c.relativeCi.every(Number.isNaN)).toBe(true);
    expect(c.pValue).toBeGreaterThan(0.05);
  });
});

describe('sample-ratio test', () => {
  it.each(SRM)('%j against %j matches scipy.stats.chisquare', (counts, weights, statistic, p) => {
    const result = sampleRatioTest(counts, weights);
    close(result.chiSquare, statistic);
    close(result.pValue, p);
    expect(result.mismatch).toBe(p < 0.001);
  });
});

describe('sample-ratio test with an arm of weight 0', () => {
  it('counts degrees of freedom over the arms expected to get units only (445/555 against 50/50 is a mismatch, with or without a weight-0 arm)', () => {
    // χ² = 2·55²/500 = 12.1 on 1 degree of freedom: p = 0.0005. Counting the weight-0 arm gave df 2 and p = 0.0024, "matches".
    const plain = sampleRatioTest([445, 555], [0.5, 0.5]);
    const withOff = sampleRatioTest([0, 445, 555], [0, 0.5, 0.5]);
    expect(withOff.df).toBe(1);
    close(withOff.chiSquare, 12.1, 1e-9);
    close(withOff.pValue, plain.pValue, 1e-15);
    close(withOff.pValue, chiSquareSf(12.1, 1), 1e-15);
    expect(withOff.mismatch).toBe(true);
  });

  it('units in an arm of weight 0 are a mismatch by themselves', () => {
    const leak = sampleRatioTest([500, 500, 1], [0.5, 0.5, 0]);
    expect(leak).toMatchObject({ df: 1, chiSquare: Infinity, pValue: 0, mismatch: true });
  });
});

describe('sample size per arm', () => {
  it.each(SAMPLE_SIZE)('baseline %d, lift %d: the Fleiss closed form rounded up', (baseline, mde, _exact, rounded) => {
    expect(sampleSizePerArm(baseline, mde)).toBe(rounded);
  });
});
