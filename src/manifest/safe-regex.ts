/**
 * `$regex` / `$regexi` patterns come from content writers and run on the main thread with
 * the browser's backtracking engine: `(a+)+$` against 30 characters took 10 s or more. A
 * pattern is parsed into a small tree and refused when its shape can backtrack
 * catastrophically; at runtime the input is also capped (condition-guard.ts), which turns
 * the polynomial cases left into a bounded cost. The checks are conservative: a refused
 * pattern can always be rewritten (the message says how).
 *
 * Refused: patterns longer than MAX_REGEX_LENGTH; backreferences (`\1`, `\k<name>`) and
 * lookbehind; a repeated group that contains a repetition or alternatives (`(a+)+`, `(a*)*`,
 * `(a|a)*`, `(\w+\.)+`); repetitions and alternations in a row that can match the same
 * characters in more than MAX_WAYS ways (`.*.*.*x`, `a{0,10}a{0,10}…`, `a?a?…a?b`), counting the
 * implicit "search from every position" of a pattern that does not start with "^" as an
 * unbounded repetition, and leaving out a repetition that ends the pattern.
 *
 * The SDK loads it only for a manifest whose conditions use `$regex` (manifest/load.ts), and
 * then before the first decision; `guidepost/engine` and the validator import it directly. It
 * is kept in the compact style it had in the core bundle: closures instead of classes, so the
 * minifier can shorten every name.
 */

/** Longest pattern accepted. */
export const MAX_REGEX_LENGTH = 256;
/** Longest input a pattern is tested against at runtime; longer values do not match. */
export const MAX_REGEX_INPUT = 1000;
/**
 * How many ways a run of repetitions that can match the same characters may split an input.
 * Each repetition offers as many lengths as its count allows (`a?` two, `a{0,10}` eleven, an
 * unbounded one up to MAX_REGEX_INPUT), each alternation whose branches can start alike one per
 * branch; the ways multiply (`.*.*x`: 1,000² = a million steps on 1,000 characters, milliseconds;
 * `.*.*.*x`: 1,000³ took 0.4 s, `a{0,10}` seven times in a row 11⁷ took 0.43 s, eight 6 s).
 */
const MAX_WAYS = MAX_REGEX_INPUT ** 2;

/** A set of characters: 128 ASCII bits and one bit (OTHER) for everything beyond ASCII. */
type CharSet = Uint32Array;
const OTHER = 128;
const newSet = () => new Uint32Array(5);
const add = (s: CharSet, c: number) => void (s[c >> 5] |= 1 << (c & 31));
const has = (s: CharSet, c: number) => (s[c >> 5] & (1 << (c & 31))) !== 0;
const union = (into: CharSet, from: CharSet) => from.forEach((word, i) => void (into[i] |= word));
const intersects = (a: CharSet, b: CharSet) => a.some((word, i) => (word & b[i]) !== 0);
function range(from: number, to: number): CharSet {
  const s = newSet();
  for (let c = from; c <= Math.min(to, 127); c++) add(s, c);
  if (to > 127) add(s, OTHER);
  return s;
}
/** Beyond ASCII there is always something a set does not name, so OTHER stays in. */
function complement(s: CharSet): CharSet {
  const out = newSet();
  for (let c = 0; c < OTHER; c++) if (!has(s, c)) add(out, c);
  add(out, OTHER);
  return out;
}
const ANY = complement(newSet());
const DOT = complement(range(10, 10));
DOT[0] &= ~(1 << 13);
/** `\d`, `\w`, `\s` and their negations. */
function classSet(letter: string): CharSet {
  const lower = letter.toLowerCase();
  const s = lower === 'd' ? range(48, 57) : newSet();
  if (lower === 'w') [range(48, 57), range(65, 90), range(97, 122), range(95, 95)].forEach((part) => union(s, part));
  if (lower === 's') [9, 10, 11, 12, 13, 32, OTHER].forEach((c) => add(s, c));
  return letter === lower ? s : complement(s);
}

/** A repeated atom. Atoms: a CharSet, a group, or a number for an assertion (START for "^"). */
interface Term {
  a: Atom;
  min: number;
  max: number;
}
interface Group {
  alts: Term[][];
  look: boolean;
}
type Atom = CharSet | Group | number;
const ASSERT = 0;
const START = 1;
const isSet = (a: Atom): a is CharSet => a instanceof Uint32Array;
const isGroup = (a: Atom): a is Group => typeof a === 'object' && !isSet(a);

/**
 * Why a pattern is refused. The sentences for writers are in checks.ts (the validator): the
 * core bundle, which runs this check on compiled manifests, only needs the reason.
 */
export type RegexProblem = 'too-long' | 'invalid' | 'backreference' | 'lookbehind' | 'nested' | 'overlap';

/**
 * A quantifier, read where it stands (sticky) and to its end: a window of the next few characters
 * missed `{0000000000000000000001,}`, an `a+` written long, and let `(?:a{…})+` through as a
 * group of literals. Without the "u" flag a `{` that does not start one of these exact forms
 * (`{ 1}`, `{1, 2}`, `{,2}`) is a literal brace, as it is here; a lazy `?` may follow any of them.
 */
const QUANTIFIER = /(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})\??/y;
/**
 * A modifier group's flags (`(?i:…)`, `(?-i:…)`, `(?s:…)`; ES2025, in browsers the validator's
 * Node may predate). What follows "(" up to the ":" is skipped: the plain `(?:` is the case with no flags.
 */
const MODIFIERS = /\?[a-z]*(?:-[a-z]*)?:/y;

/** Recursive descent over a pattern that compiles; recursion depth is bounded by the length cap. */
function parse(p: string, insensitive: boolean) {
  let i = 0;
  // A modifier group that turns "i" or "s" on is judged as if the whole pattern had the flag:
  // more characters in every set, which can only find more overlap and fence less.
  insensitive ||= /\(\?[a-z]*i[a-z]*(?:-[a-z]*)?:/.test(p);
  const dot = /\(\?[a-z]*s[a-z]*(?:-[a-z]*)?:/.test(p) ? ANY : DOT;
  let refusal: RegexProblem | undefined;
  /** With the "i" flag, a set also holds the other case of each ASCII letter. */
  const cased = (s: CharSet) => {
    if (insensitive) for (let c = 65; c <= 90; c++) if (has(s, c) || has(s, c + 32)) (add(s, c), add(s, c + 32));
    return s;
  };
  const literal = (code: number) => cased(range(Math.min(code, OTHER), code));
  /** After a backslash: a class escape, or the code of one character. */
  const escape = (): CharSet | number => {
    const c = p[i++];
    if (/[dDwWsS]/.test(c)) return cased(classSet(c));
    const digits = c === 'x' ? 2 : c === 'u' ? 4 : 0;
    const hex = p.slice(i, i + digits);
    if (digits && hex.length === digits && /^[0-9a-f]+$/i.test(hex)) {
      i += digits;
      return parseInt(hex, 16);
    }
    const control = 'nrtfv0b'.indexOf(c);
    if (control >= 0) return [10, 13, 9, 12, 11, 0, 8][control];
    if (c === 'c' && /[a-z]/i.test(p[i] ?? '')) return p.charCodeAt(i++) % 32;
    return c.charCodeAt(0);
  };
  const classAtom = () => (p[i] === '\\' ? (i++, escape()) : p.charCodeAt(i++));
  const charClass = (): CharSet => {
    const negated = p[i] === '^';
    if (negated) i++;
    const s = newSet();
    while (i < p.length && p[i] !== ']') {
      const from = classAtom();
      if (typeof from === 'number' && p[i] === '-' && i + 1 < p.length && p[i + 1] !== ']') {
        i++;
        const to = classAtom();
        if (typeof to === 'number') union(s, cased(range(Math.min(from, OTHER), to)));
        else [literal(from), literal(45), to].forEach((part) => union(s, part));
      } else union(s, typeof from === 'number' ? literal(from) : from);
    }
    i++; // "]"
    return negated ? complement(s) : s;
  };
  const atom = (): Atom => {
    const c = p[i++];
    if (c === '^') return START;
    if (c === '$') return ASSERT;
    if (c === '.') return dot;
    if (c === '[') return charClass();
    if (c === '(') {
      const look = /^\?<?[=!]/.exec(p.slice(i, i + 3))?.[0];
      if (look?.[1] === '<') refusal ??= 'lookbehind';
      MODIFIERS.lastIndex = i;
      if (look) i += look.length;
      else if (MODIFIERS.test(p)) i = MODIFIERS.lastIndex;
      else if (p.startsWith('?<', i)) i = p.indexOf('>', i) + 1;
      const alts = alternatives();
      i++; // ")"
      return { alts, look: look !== undefined };
    }
    if (c === '\\') {
      if (p[i] === 'b' || p[i] === 'B') return (i++, ASSERT);
      if (/[1-9]/.test(p[i]) || (p[i] === 'k' && p[i + 1] === '<')) refusal ??= 'backreference';
      const escaped = escape();
      return typeof escaped === 'number' ? literal(escaped) : escaped;
    }
    return literal(c.charCodeAt(0));
  };
  const alternatives = (): Term[][] => {
    const alts: Term[][] = [[]];
    while (i < p.length && p[i] !== ')') {
      if (p[i] === '|') {
        i++;
        alts.push([]);
        continue;
      }
      const a = atom();
      QUANTIFIER.lastIndex = i;
      const q = QUANTIFIER.exec(p);
      if (q) i += q[0].length;
      const min = !q ? 1 : q[1] ? Number(q[1] === '+') : Number(q[2]);
      const max = !q ? 1 : q[1] ? (q[1] === '?' ? 1 : Infinity) : q[3] ? (q[4] ? Number(q[4]) : Infinity) : min;
      alts[alts.length - 1].push({ a, min, max });
    }
    return alts;
  };
  const tree = alternatives();
  return { tree, refusal, complete: i >= p.length };
}

const repeats = (alts: Term[][]): boolean =>
  alts.some((alt) => alt.some((t) => t.min !== 1 || t.max !== 1 || (isGroup(t.a) && (t.a.alts.length > 1 || repeats(t.a.alts)))));

/** A repeated group that contains a repetition or alternatives, anywhere in the tree. */
const nested = (alts: Term[][]): boolean =>
  alts.some((alt) => alt.some((t) => isGroup(t.a) && ((t.max > 1 && !t.a.look && (t.a.alts.length > 1 || repeats(t.a.alts))) || nested(t.a.alts))));

/** Every character a (repetition-free) group can match. */
function alphabet(alts: Term[][]): CharSet {
  const s = newSet();
  for (const alt of alts) for (const { a } of alt) if (isSet(a)) union(s, a);
  else if (isGroup(a) && !a.look) union(s, alphabet(a.alts));
  return s;
}

/** The lengths a term can take: how many ways it can split what it matches off the input. */
const lengths = ({ min, max }: Term) => Math.min(max - min + 1, MAX_REGEX_INPUT);

/** Branches of an alternation that can start like another branch: the ways it can match the same text. */
function branchWays(alts: Term[][]): number {
  const sets = alts.map((alt) => alphabet([alt]));
  const alike = sets.filter((set, i) => sets.some((other, j) => j !== i && intersects(set, other))).length;
  return Math.max(alike, 1);
}

/**
 * Repetitions and alternations in a row that can match the same characters multiply the ways
 * to split an input (`.*.*.*x`: n^4 steps; `a?a?a?…b`: 2^k). A required character a repetition
 * cannot match fences it off (`[^/]+/[^/]+` is fine). Lookaheads run where they stand: their
 * ways count on their own. A pattern that does not start with "^" is tried from every position:
 * that counts as one unbounded repetition of any character.
 */
function overlaps(alts: Term[][], anchored: boolean): boolean {
  return alts.some((alt) => {
    let live: { set: CharSet; ways: number }[] = anchored || alt[0]?.a === START ? [] : [{ set: ANY, ways: MAX_REGEX_INPUT }];
    let exceeded = false;
    const push = (set: CharSet, ways: number) => {
      if (ways <= 1) return;
      live.push({ set, ways });
      for (let c = 0; c <= OTHER && !exceeded; c++) {
        if (!has(set, c)) continue;
        let product = 1;
        for (const entry of live) if (has(entry.set, c)) product = Math.min(product * entry.ways, MAX_WAYS + 1);
        exceeded = product > MAX_WAYS;
      }
    };
    const sequence = (terms: Term[], mayFence: boolean) => {
      for (const term of terms) {
        const { a, min, max } = term;
        if (isGroup(a) && a.look) exceeded ||= overlaps(a.alts, true);
        else if (isGroup(a) && max <= 1) {
          // An optional group (`(?:ab)?`) can match or not: two ways, as `a?`.
          push(alphabet(a.alts), (a.alts.length > 1 ? branchWays(a.alts) : 1) * lengths(term));
          a.alts.forEach((inner) => sequence(inner, mayFence && min >= 1 && a.alts.length === 1));
        } else if (typeof a !== 'number') {
          const set = isSet(a) ? a : alphabet(a.alts);
          if (min >= 1 && mayFence) live = live.filter((entry) => intersects(entry.set, set));
          push(set, lengths(term));
        }
      }
    };
    // A repetition that ends the pattern always succeeds: nothing after it makes it give back.
    const last = alt[alt.length - 1];
    sequence(last && last.max > last.min && typeof last.a !== 'number' ? alt.slice(0, -1) : alt, true);
    return exceeded;
  });
}

/**
 * Why `pattern` may not be used in a `$regex` (`insensitive` for `$regexi`), or undefined
 * when it is safe. A pattern that does not compile is refused too (the validator reports
 * that first, with the engine's own message).
 */
export function regexProblem(pattern: string, insensitive = false): RegexProblem | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) return 'too-long';
  try {
    new RegExp(pattern, insensitive ? 'i' : undefined);
  } catch {
    return 'invalid';
  }
  const { tree, refusal, complete } = parse(pattern, insensitive);
  if (!complete) return 'invalid';
  if (refusal) return refusal;
  if (nested(tree)) return 'nested';
  return overlaps(tree, false) ? 'overlap' : undefined;
}

/** Matches nothing: what an unsafe pattern becomes. */
const NEVER_MATCHES = '[]';

/**
 * The pattern GrowthBook compiles in place of `pattern` (a `RegexGuard`, engine/condition-guard.ts):
 * an unsafe pattern matches nothing, as an invalid one does in GrowthBook. For a safe one, the
 * lookahead refuses inputs longer than MAX_REGEX_INPUT (anchored at the start, so it runs once),
 * then the lazy prefix searches from every position as an unanchored pattern would. `pattern`
 * compiles on its own, so its parentheses are balanced and cannot escape the group around it.
 */
export function guardPattern(pattern: string, insensitive: boolean): string {
  if (regexProblem(pattern, insensitive) !== undefined) return NEVER_MATCHES;
  return `^(?=[\\s\\S]{0,${MAX_REGEX_INPUT}}$)[\\s\\S]*?(?:${pattern})`;
}
