/**
 * Where the unusable rows are. The engines count lines they cannot use (not a JSON object, no
 * event_id, no readable timestamp) but not where they are; when there are some, the files are
 * read again, line by line, until the first few are found, so the report can name the file and
 * the line numbers to look at. Zone-less and future timestamps are reported on their own and
 * are not listed here.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { zonedMs } from './aggregate';
import { ZONELESS_TIMESTAMP } from './sql-events';

/** How many unusable lines are listed, over all files. */
export const UNUSABLE_LINES_LISTED = 5;

const ZONELESS = new RegExp(ZONELESS_TIMESTAMP);

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

/** The first `limit` unusable lines (1-based numbers, blank lines counted as lines), per file, in file order. */
export async function findUnusableLines(files: readonly string[], limit = UNUSABLE_LINES_LISTED): Promise<{ file: string; lines: number[] }[]> {
  const found: { file: string; lines: number[] }[] = [];
  let left = limit;
  for (const file of files) {
    if (left <= 0) break;
    const lines: number[] = [];
    const input = createReadStream(file, { encoding: 'utf8' });
    const reader = createInterface({ input, crlfDelay: Infinity });
    let number = 0;
    try {
      for await (const raw of reader) {
        number++;
        const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
        if (line.trim() === '' || !unusableLine(line)) continue;
        lines.push(number);
        if (--left <= 0) break;
      }
    } finally {
      reader.close();
      input.destroy();
    }
    if (lines.length) found.push({ file, lines });
  }
  return found;
}
