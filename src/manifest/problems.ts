/**
 * Problems found in a manifest, shaped for content writers: each names the item, the
 * JSON path, what was expected, what was found and, for typos, the nearest known word.
 */

/** One problem with a manifest. `path` is JSON-path-like: `items[3].steps[1].placement`. */
export interface ManifestProblem {
  /** Stable machine-readable code, e.g. `unknown-key`, `invalid-value`, `duplicate-id`. */
  code: string;
  /** The whole sentence shown to a writer. */
  message: string;
  /** Where: `items[3].steps[1].placement`; `` (empty) for the manifest itself. */
  path: string;
  /** The id of the item the problem is in, when it has one. */
  itemId?: string;
  /** What a valid value looks like. */
  expected?: string;
  /** What was found, rendered as JSON. */
  received?: string;
  /** The nearest known key or value, for typos. */
  suggestion?: string;
  /** `error` skips the item (or, at the top level, refuses the manifest); `warning` only informs. */
  severity: 'error' | 'warning';
  /**
   * For a problem inside a string (a template variable, a link in a body): its index in the
   * string at `path`, as parsed. The CLI turns it into the line and column of that character.
   */
  textIndex?: number;
  /** Filled in by the CLI from the source text. */
  line?: number;
  column?: number;
}

export type PathSegment = string | number;

/**
 * Characters a terminal or editor acts on: the C0 controls (only String() leaves them raw) and
 * those JSON.stringify leaves raw too: DEL, the C1 controls (U+009B is a CSI on some terminals),
 * line and paragraph separators, and the bidirectional overrides that make text read in another order.
 * And characters that show as nothing: every format character (Cf: zero-width space and joiners,
 * U+2060-U+2064, the byte-order mark, the soft hyphen, tags) and the blank fillers U+034F, U+115F,
 * U+1160, U+3164, U+FFA0. Raw, "a\u200bb" and "ab" read the same in "did you mean "ab"?".
 */
const RAW_CONTROLS = /[\0-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\u034f\u115f\u1160\u3164\uffa0]/gu;

/**
 * Text with those characters escaped as JSON escapes them (a character outside the BMP as its
 * two surrogates): JSON text stays valid JSON, any text becomes safe to print.
 */
export const escapeControls = (json: string): string =>
  json.replace(RAW_CONTROLS, (c) => [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));

/**
 * `"id"` for messages: an id, key or reference from the manifest, quoted as JSON writes it, so
 * a newline or an ESC in it reaches no terminal raw. A plain id reads the same as `"${id}"`.
 */
export const quote = (text: string): string => escapeControls(JSON.stringify(text));

/** `['items', 3, 'steps', 1, 'placement']` -> `items[3].steps[1].placement`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${quote(s)}]`;
  }
  return out;
}

/** Longest message a problem carries: ids and keys are quoted in messages, and may be any length. */
const MAX_MESSAGE = 500;

/**
 * `problem` with its words bounded: a 200 KB id or key quoted in a message would otherwise
 * flood a terminal or an error tracker. The start (what and where) and the end (the fix) stay;
 * `path` stays whole, as tools use it to find the position.
 */
export function boundProblem<T extends { message: string; received?: string }>(problem: T): T {
  const cut = (text: string) => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 100)} … ${text.slice(-80)}` : text);
  if (problem.message.length <= MAX_MESSAGE && (problem.received ?? '').length <= MAX_MESSAGE) return problem;
  return { ...problem, message: cut(problem.message), ...(problem.received !== undefined && { received: cut(problem.received) }) };
}

/** JSON for messages, shortened so a pasted essay does not flood the terminal. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    // JSON writes NaN and Infinity as null: name the number that is there.
    text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    // A BigInt, or an object with a cycle or a BigInt inside. String() would throw on a
    // null-prototype object (every validator input is one, see depth.ts): its tag never does.
    text = typeof value === 'object' ? Object.prototype.toString.call(value) : String(value);
  }
  text = escapeControls(text);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const dist: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) dist[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      dist[i][j] = Math.min(dist[i - 1][j] + 1, dist[i][j - 1] + 1, dist[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        dist[i][j] = Math.min(dist[i][j], dist[i - 2][j - 2] + 1);
      }
    }
  }
  return dist[rows - 1][cols - 1];
}

/**
 * The optimal-string-alignment distance of `a` and `b` if it is at most `max`, else `max + 1`.
 * Only the cells within `max` of the diagonal are computed, and it stops as soon as a whole row
 * is over `max`: O(length × max), so comparing two 3,000-character ids costs what comparing
 * short words does per character, not 9 million cells (a mutated manifest with long ids made
 * one validation run for minutes).
 */
export function boundedDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  const over = max + 1;
  if (Math.abs(n - m) > max) return over;
  let before = new Int32Array(m + 2).fill(over);
  let prev = new Int32Array(m + 2).fill(over);
  let cur = new Int32Array(m + 2).fill(over);
  for (let j = 0; j <= Math.min(m, max); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    // The cells just outside the band are read by its edges: they must say "too far".
    cur[lo - 1] = lo === 1 && i <= max ? i : over;
    let best = cur[lo - 1];
    for (let j = lo; j <= hi; j++) {
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      cur[j] = Math.min(d, over);
      best = Math.min(best, cur[j]);
    }
    if (hi < m) cur[hi + 1] = over;
    if (best > max) return over;
    [before, prev, cur] = [prev, cur, before];
  }
  return Math.min(prev[m], over);
}

/** The known word nearest to `word`, if it is close enough to be a typo (case-insensitive). */
export function nearestWord(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const allowed = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of known) {
    // The distance is at least the difference in length: such a candidate could never be close enough.
    if (Math.abs(candidate.length - word.length) > allowed) continue;
    const distance = boundedDistance(lower, candidate.toLowerCase(), Math.min(allowed, bestDistance));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `item "welcome" at items[3].steps[1]` or just the path when there is no id. */
export function locationLabel(id: string | undefined, path: string, kind: 'item' | 'experiment' = 'item'): string {
  const at = path || 'manifest';
  return id ? `${kind} ${quote(id)} at ${at}` : at;
}
