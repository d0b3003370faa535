/**
 * Line and column of an offset in a file's text, as every command that reads a manifest
 * reports them (validate, build, check, analyze --manifest): 1-based, columns in UTF-16 units.
 * A line ends at \r\n, a lone \r or \n, as editors and jsonc-parser's scanner end it: a file
 * saved with classic Mac line ends (\r only) was one long line, and an error on line 52 was
 * reported at 1:1256.
 */

/** Where each line starts: computed once per file, so placing thousands of problems stays linear. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  const lineEnd = /\r\n?|\n/g;
  for (let match = lineEnd.exec(text); match; match = lineEnd.exec(text)) starts.push(match.index + match[0].length);
  return starts;
}

/** The 1-based line and column of `offset`, given the file's `lineStarts`. */
export function lineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

/** The 1-based line and column of `offset` in `text`, for a caller that places one thing. */
export const positionAt = (text: string, offset: number): { line: number; column: number } => lineColumn(lineStarts(text), offset);
