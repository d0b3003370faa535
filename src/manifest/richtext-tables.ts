/**
 * Lookup tables for the inline rich-text scan (richtext.ts), built once per line so that
 * finding a closer, a link or a template variable costs O(1) instead of a forward search.
 */

/** The emphasis markers, in the order of their rows in `Tables.closers`. */
export const EMPHASIS = ['**', '__', '*', '_'];

/** `{{ path }}` or `{{ path | fallback }}`; sticky, so it only matches where the scan is. */
export const VARIABLE = /\{\{\s*([\w.-]+)\s*(?:\|([^}]*))?\}\}/y;

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
/** What a backslash escapes (CommonMark: ASCII punctuation). */
const ESCAPED = /[!-/:-@[-`{-~]/;
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * CommonMark's flanking rules, simplified: "2 * 3" is not emphasis (a space follows the
 * opener), and "snake_case_name" is not either (an "_" inside a word never counts).
 */
export function canOpen(text: string, i: number, marker: string): boolean {
  if (isSpace(text[i + marker.length])) return false;
  return !(marker[0] === '_' && isWordChar(text[i - 1]));
}

function canClose(text: string, j: number, marker: string): boolean {
  if (isSpace(text[j - 1])) return false;
  if (marker[0] === '_' && isWordChar(text[j + marker.length])) return false;
  // A single "*" that is part of "**" belongs to that pair.
  return !(marker.length === 1 && (text[j + 1] === marker || text[j - 1] === marker));
}

/**
 * Per line, computed once: for every position, where the next candidate is. Closers skip
 * escaped characters and whole template variables, as the scan does.
 */
export class Tables {
  /** Next valid closer of each EMPHASIS marker at or after a position, or -1. */
  readonly closers: Int32Array[];
  readonly backticks: Int32Array;
  private readonly mids: Int32Array;
  /** Where a link destination starting at a position stops (a ")" or space), or -1: a "(" never closed. */
  private readonly dest: Int32Array;
  private readonly nonSpace: Int32Array;
  private readonly gts: Int32Array;
  private readonly lts: Int32Array;
  private readonly braces: Int32Array;
  /** The link's href and end (or null when there is no link) by the position of its "](". */
  private readonly hrefs = new Map<number, { href: string; end: number } | null>();

  constructor(private readonly text: string) {
    const n = text.length;
    const table = (hit: (j: number) => boolean) => {
      const next = new Int32Array(n + 1).fill(-1);
      for (let j = n - 1; j >= 0; j--) next[j] = hit(j) ? j : next[j + 1];
      return next;
    };
    // First: `variableAt` below uses it.
    this.braces = table((j) => text[j] === '}');
    // Positions the scan can stand on: not the character after a backslash, not inside a variable.
    const skipped = new Uint8Array(n + 1);
    for (let j = 0; j < n; ) {
      if (text[j] === '\\') {
        skipped[j + 1] = 1;
        j += 2;
        continue;
      }
      const variable = text[j] === '{' && text[j + 1] === '{' ? this.variableAt(j, n) : null;
      if (variable) {
        skipped.fill(1, j, j + variable[0].length);
        j += variable[0].length;
      } else j++;
    }
    this.closers = EMPHASIS.map((marker) => table((j) => !skipped[j] && text.startsWith(marker, j) && canClose(text, j, marker)));
    this.backticks = table((j) => text[j] === '`');
    this.mids = table((j) => text[j] === ']' && text[j + 1] === '(');
    this.nonSpace = table((j) => !isSpace(text[j]));
    this.gts = table((j) => text[j] === '>');
    this.lts = table((j) => text[j] === '<');
    // CommonMark destinations: parentheses balance ("Tree_(data_structure)"), "\(" is escaped,
    // a space ends them. Each "(" is paired with its ")" in one pass (no pair spans a space);
    // then, from the right, where a destination starting anywhere stops: linear, however many links.
    const pair = new Int32Array(n).fill(-1);
    const open: number[] = [];
    for (let j = 0; j < n; j++) {
      if (text[j] === '\\' && ESCAPED.test(text[j + 1] ?? '')) j++;
      else if (text[j] === '(') open.push(j);
      else if (text[j] === ')') {
        if (open.length) pair[open.pop()!] = j;
      } else if (isSpace(text[j])) open.length = 0;
    }
    const dest = (this.dest = new Int32Array(n + 2).fill(n));
    for (let j = n - 1; j >= 0; j--) {
      const c = text[j];
      dest[j] = c === ')' || isSpace(c) ? j : c === '(' ? (pair[j] < 0 ? -1 : dest[pair[j] + 1]) : dest[j + (c === '\\' && ESCAPED.test(text[j + 1] ?? '') ? 2 : 1)];
    }
  }

  next(table: Int32Array, from: number): number {
    return from < table.length ? table[from] : -1;
  }

  /**
   * The template variable starting at `at` and ending by `end`. A variable ends at the first
   * "}" after its "{{" (no part of it may hold one), so that is checked first: the regular
   * expression then only runs where it can match, and the scan stays linear.
   */
  variableAt(at: number, end: number): RegExpExecArray | null {
    const close = this.next(this.braces, at + 2);
    if (close < 0 || this.text[close + 1] !== '}' || close + 2 > end) return null;
    VARIABLE.lastIndex = at;
    const match = VARIABLE.exec(this.text);
    return match && match.index === at ? match : null;
  }

  /**
   * `[label](href)` starting at `start`, within `end`: the first "](" and, after it, a CommonMark
   * destination (balanced parentheses, or `<…>` which may hold spaces), optional spaces, ")".
   * Only "\(" and "\)" are unescaped: any other backslash stays, so "/\/evil.example" is judged
   * (and refused) as the browser would read it, not turned into "//evil.example".
   */
  linkAt(start: number, end: number): { labelEnd: number; href: string; end: number } | undefined {
    const labelEnd = this.next(this.mids, start);
    if (labelEnd < 0) return undefined;
    let found = this.hrefs.get(labelEnd);
    if (found === undefined) {
      const text = this.text;
      const from = this.next(this.nonSpace, labelEnd + 2);
      let stop = from < 0 ? -1 : this.dest[from];
      let href = from < 0 ? '' : text.slice(from, stop);
      if (text[from] === '<') {
        stop = this.next(this.gts, from);
        const lt = this.next(this.lts, from + 1);
        href = text.slice(from + 1, stop);
        if (stop < 0 || (lt >= 0 && lt < stop)) stop = -1;
        else stop++;
      }
      const close = stop < 0 ? -1 : this.next(this.nonSpace, stop);
      found = close >= 0 && text[close] === ')' ? { href: href.replace(/\\([()])/g, '$1'), end: close + 1 } : null;
      this.hrefs.set(labelEnd, found);
    }
    return found && found.end <= end ? { labelEnd, ...found } : undefined;
  }
}
