/**
 * The argument of :nth-child() and its kin, held to the An+B microsyntax (CSS Syntax §6).
 * css-what hands these arguments over as unread text, so "2n+" or "3 n" passed `guidepost
 * validate` although every browser's querySelector throws on them.
 */

/** CSS whitespace; not JavaScript's \s, which also counts a no-break space as one. */
const WS = '[ \\t\\n\\r\\f]*';

/**
 * An+B as browsers read it: odd, even, an integer, or An with an optional ±B. A sign must touch
 * the number or n after it ("+ 2n", "- n") and A must touch its n ("3 n"), because CSS reads
 * "+2n" and "2n" as one token each; only around the sign before B may whitespace go
 * ("2n + 1", "2n- 1", "2n -1"). B must be an integer with one sign ("2n+-1", "2n+1.0" fail).
 */
const AN_PLUS_B = new RegExp(`^${WS}(?:odd|even|[+-]?\\d+|[+-]?\\d*n(?:${WS}[+-]${WS}\\d+)?)${WS}$`, 'i');

/**
 * "of" starting the selector list of :nth-child(An+B of S): a whole word after whitespace or a
 * comment. Chromium reads it case-sensitively ("OF" is an error there), so this does too.
 */
const OF = /(?:[ \t\n\r\f]|\*\/)of(?![\w\u0080-\uffff\\-])/;

/** The pseudo-classes whose argument is An+B. */
export const NTH_PSEUDO_CLASSES: readonly string[] = ['nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type'];

/**
 * Returns an error text when `argument`, the raw text between the parentheses of `:name()` (one
 * of NTH_PSEUDO_CLASSES), is not what browsers accept, or undefined when it is. `checkOf` checks
 * the selector list after "of", which only :nth-child() and :nth-last-child() take.
 */
export function checkNth(name: string, argument: string, checkOf: (selectors: string) => string | undefined): string | undefined {
  const of = OF.exec(argument);
  // Where "of" starts (the match may begin with the whitespace or comment before it).
  const end = of ? of.index + of[0].length - 2 : argument.length;
  // A comment separates tokens as a space does: "2n/**/+1" is "2n +1", "3/**/n" is "3 n".
  // An escaped n ("\6e ", "\n") is still the n of An+B: CSS unescapes names, never numbers.
  const anb = argument.slice(0, end).replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\\(?:0{0,4}[46]e[ \t\n\r\f]?|n)/gi, 'n');
  if (!AN_PLUS_B.test(anb)) return `malformed An+B '${argument.slice(0, end).trim()}' in :${name}() (write odd, even, 3, 2n, 2n+1 or -n+3)`;
  if (!of) return undefined;
  if (name === 'nth-of-type' || name === 'nth-last-of-type') return `:${name}() takes no 'of <selector>' (only :nth-child() and :nth-last-child() do)`;
  const selectors = argument.slice(end + 2);
  if (selectors.trim() === '') return `missing selector after 'of' in :${name}()`;
  const problem = checkOf(selectors);
  return problem === undefined ? undefined : `in :${name}(… of ${selectors.trim()}): ${problem}`;
}
