/** String order as the SQL engines see it, for the in-memory twin of the SQL (aggregate.ts). */

/**
 * Whether event id `a` sorts after `b` as SQL engines compare strings (UTF-8 bytes, which is
 * code point order), not as `>` does (UTF-16 units: U+FF01 above U+1F600): the tie-break of two
 * events in one millisecond must pick the same one here as in SQL.
 */
export function laterId(a: string, b: string): boolean {
  return compareText(a, b) > 0;
}

/** `a` against `b` in that order (code points, as UTF-8 bytes compare): negative, 0 or positive. */
export function compareText(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  // Equal up to the shorter: the longer sorts after.
  return (a.length - i) - (b.length - j);
}
