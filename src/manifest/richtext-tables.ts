/**
 * Lookup tables for the inline rich-text scan (richtext.ts), built once per line so that
 * finding a closer, a link or a template variable costs O(1) instead of a forward search.
 */

/** The emphasis markers, in the order of their rows in `Tables.closers`. */
export const EMPHASIS = ['**', '__', '*', '_'];

/** `{{ path }}` or `{{ path | fallback }}`; sticky, so it only matches where the scan is. */
export const VARIABLE = /\{\{\s*([\w.-]+)\s*(?:\|([^}]*))?\}\}/y;

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
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
  private readonly parens: Int32Array;
  private readonly braces: Int32Array;
  /** href (or null when unusable) by the position of its "](". */
  private readonly hrefs = new Map<number, string | null>();

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
    this.parens = table((j) => text[j] === ')');
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

  /** `[label](href)` starting at `start`, within `end`: the first "](" and the first ")" after it. */
  linkAt(start: number, end: number): { labelEnd: number; href: string; end: number } | undefined {
    const labelEnd = this.next(this.mids, start);
    if (labelEnd < 0) return undefined;
    const hrefEnd = this.next(this.parens, labelEnd + 2);
    if (hrefEnd < 0 || hrefEnd >= end) return undefined;
    let href = this.hrefs.get(labelEnd);
    if (href === undefined) {
      const written = this.text.slice(labelEnd + 2, hrefEnd).trim();
      href = /\s/.test(written) ? null : written;
      this.hrefs.set(labelEnd, href);
    }
    return href === null ? undefined : { labelEnd, href, end: hrefEnd + 1 };
  }
}

