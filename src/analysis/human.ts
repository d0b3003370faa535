/**
 * Numbers for people: a few significant digits, thousands separators, signs as minus signs.
 * `--json` keeps full precision; only text meant to be read goes through here.
 */

/** 0.09000000000000002 → "0.09", 12345.678 → "12,346", 1.23456 → "1.23". */
export function human(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return String(+x.toPrecision(digits));
}

/** A proportion as a percentage: 0.2034 → "20.3%". */
export const percentText = (x: number, digits = 1): string => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '–');

/** A difference of proportions in percentage points with its sign: 0.0912 → "+9.1". */
export const pointsText = (x: number, digits = 1): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(digits)}` : '–');

/**
 * A p-value in three decimals, "< 0.001" below that, and more where three would round onto or
 * across the 0.05 that decides significance: digits are added until the printed value is on
 * the same side of 0.05 as p (0.0498 is not printed "0.050" beside "significant", nor 0.04996
 * "0.0500"), and is not 0.05 itself unless p is.
 */
export function pDigits(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  let text = p.toFixed(3);
  // 18 decimals tell any double from 0.05.
  for (let digits = 4; digits <= 18 && p !== 0.05 && (Number(text) === 0.05 || Number(text) < 0.05 !== p < 0.05); digits++) text = p.toFixed(digits);
  return text;
}
/** "p < 0.001" or "p = 0.123". */
export const pText = (p: number): string => (!Number.isFinite(p) ? 'p –' : p < 0.001 ? 'p < 0.001' : `p = ${pDigits(p)}`);

/** Rounds every number in a JSON-able value to `digits` significant digits (for printed summaries). */
export function roundDeep<T>(value: T, digits = 10): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? +v.toPrecision(digits) : v))) as T;
}
