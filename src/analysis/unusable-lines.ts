/**
 * Where the unusable rows are. The engines count lines they cannot use (not UTF-8, not a JSON
 * object, no event_id, no readable timestamp, longer than MAX_LINE_BYTES) but not where they
 * are; when there are some, the files are read again, line by line, until the first few are
 * found, so the report can name the file and the line numbers to look at. Zone-less and future
 * timestamps are reported on their own and are not listed here.
 *
 * The lines are read as bytes and each is decoded on its own with a strict decoder: DuckDB's
 * reader sets aside a line that is not UTF-8 and counts it as an unusable row, while a lossy
 * decode (U+FFFD for the bad bytes) made such a line look usable, so it was counted but never
 * found, under the wrong reason.
 */
import { createReadStream } from 'node:fs';
import { zonedMs } from './aggregate';
import { MAX_LINE_BYTES, ZONELESS_TIMESTAMP } from './sql-events';

/** How many unusable lines are listed, over all files. */
export const UNUSABLE_LINES_LISTED = 5;

const ZONELESS = new RegExp(ZONELESS_TIMESTAMP);
const LF = 0x0a;
const CR = 0x0d;

/** Whether a line is what the engines count as an unusable row (not zone-less, not future). */
export function unusableLine(line: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return true;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return true;
  const { event_id: id, ts } = value as Record<string, unknown>;
  const hasId = typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id));
  const zoneless = typeof ts === 'string' && ZONELESS.test(ts);
  return !hasId || (!zoneless && Number.isNaN(zonedMs(ts)));
}

/** What one line is to the engines. */
export type LineVerdict = 'usable' | 'blank' | 'unusable' | 'not-utf8';

// One decoder for every line: `fatal` throws on the first ill-formed sequence instead of
// writing U+FFFD; `ignoreBOM` keeps a U+FEFF inside the file (only the file's first one is dropped).
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The verdict on one line's bytes (null: longer than the engines read). Blank means only spaces
 * and tabs, as the engines skip it; anything else that is not a usable event is an unusable row.
 */
export function lineVerdict(bytes: Uint8Array | null, firstLine = false): LineVerdict {
  if (bytes === null) return 'unusable';
  let text: string;
  try {
    text = strict.decode(bytes);
  } catch {
    return 'not-utf8';
  }
  const line = firstLine ? text.replace(/^\uFEFF/, '') : text;
  if (/^[ \t]*$/.test(line)) return 'blank';
  return unusableLine(line) ? 'unusable' : 'usable';
}

/**
 * Calls `onLine` with each line of `file` (bytes without the line end, or null for a line over
 * `maxBytes`, whose bytes are not kept) and its 1-based number, until it returns false. A line
 * ends at \n, \r\n or a lone \r, as the engines' readers end it. One pass, and memory bounded by
 * `maxBytes` plus one read chunk, however large the file.
 */
export async function forEachLine(file: string, onLine: (bytes: Uint8Array | null, number: number) => boolean, maxBytes = MAX_LINE_BYTES): Promise<void> {
  const input = createReadStream(file);
  let parts: Uint8Array[] = [];
  let size = 0;
  let tooLong = false;
  let number = 0;
  let pending = false;
  /** Whether the previous chunk ended in \r: a \n opening this one belongs to it. */
  let afterCr = false;
  const add = (part: Uint8Array) => {
    if (part.length === 0) return;
    pending = true;
    if (tooLong) return;
    if (size + part.length > maxBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(part);
    size += part.length;
  };
  const end = (): boolean => {
    const bytes = tooLong ? null : parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    tooLong = false;
    pending = false;
    return onLine(bytes, ++number);
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = afterCr && chunk[0] === LF ? 1 : 0;
      afterCr = false;
      let lf = chunk.indexOf(LF, start);
      let cr = chunk.indexOf(CR, start);
      while (lf >= 0 || cr >= 0) {
        const at = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
        add(chunk.subarray(start, at));
        if (!end()) return;
        start = at + 1;
        if (at === cr) {
          if (at + 1 === chunk.length) afterCr = true;
          else if (chunk[at + 1] === LF) start++;
          cr = chunk.indexOf(CR, start);
        }
        if (lf >= 0 && lf < start) lf = chunk.indexOf(LF, start);
      }
      add(chunk.subarray(start));
    }
    // The last line, when the file does not end with a line end.
    if (pending) end();
  } finally {
    input.destroy();
  }
}

/** The first unusable lines of one file. */
export interface UnusableLines {
  file: string;
  /** 1-based line numbers (blank lines counted as lines). */
  lines: number[];
  /** Those of `lines` that are not UTF-8; absent when none is. */
  notUtf8?: number[];
}

/** The first `limit` unusable lines, per file, in file order. */
export async function findUnusableLines(files: readonly string[], limit = UNUSABLE_LINES_LISTED): Promise<UnusableLines[]> {
  const found: UnusableLines[] = [];
  let left = limit;
  for (const file of files) {
    if (left <= 0) break;
    const lines: number[] = [];
    const notUtf8: number[] = [];
    await forEachLine(file, (bytes, number) => {
      const verdict = lineVerdict(bytes, number === 1);
      if (verdict === 'unusable' || verdict === 'not-utf8') {
        lines.push(number);
        if (verdict === 'not-utf8') notUtf8.push(number);
        left--;
      }
      return left > 0;
    });
    if (lines.length) found.push({ file, lines, ...(notUtf8.length && { notUtf8 }) });
  }
  return found;
}
