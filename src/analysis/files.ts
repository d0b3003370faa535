/**
 * Input files as the engines need them, each read as exactly the file named:
 * - a UTF-8 byte-order mark (Windows tools write one) makes DuckDB's reader drop the first
 *   event, so a file that starts with one is copied, without those three bytes, to a
 *   temporary file;
 * - DuckDB's and ClickHouse's file readers take a path as a pattern (`*`, `?`, `[...]`,
 *   `{a,b}`; DuckDB also `~` for the home directory), so "events-?.ndjson" would also read
 *   "events-1.ndjson": such a file is given a stand-in under a plain name in the same temporary
 *   directory (a hard link, else a copy).
 * Every other file is read in place.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, link, mkdtemp, open, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const PATTERN_CHARACTERS = /[*?[\]{}]/g;
const isPattern = (path: string) => /[*?[\]{}]/.test(path) || path.startsWith('~');

/** How much of a file's start is read to tell a JSON array from a log. */
const HEAD_BYTES = 4096;

/** A file that is one JSON array (the first thing in it, after blanks, is "["): refused, naming the file. */
export class JsonArrayInputError extends Error {
  constructor(file: string) {
    super(`${file} is a JSON array, not NDJSON (one event per line): guidepost analyze reads one JSON object per line. Convert it with: jq -c '.[]' ${JSON.stringify(file)} > events.ndjson`);
    this.name = 'JsonArrayInputError';
  }
}

/**
 * Whether the file starts with a UTF-8 byte-order mark. A file whose first character (after
 * the mark and blanks) opens a JSON array is refused: read as lines it would be one unusable
 * row, and the report would analyse nothing without saying why.
 */
async function startsWithBom(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    try {
      if ((await handle.stat()).isDirectory()) {
        throw Object.assign(new Error(`${file} is a directory, not an events file: name the files in it (for example ${join(file, '*.ndjson')})`), { code: 'EISDIR' });
      }
      const head = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
      const bom = bytesRead >= 3 && head.subarray(0, 3).equals(BOM);
      const first = /[^ \t\r\n]/.exec(head.subarray(bom ? 3 : 0, bytesRead).toString('latin1'));
      if (first?.[0] === '[') throw new JsonArrayInputError(file);
      return bom;
    } finally {
      await handle.close();
    }
  } catch (error) {
    // A read on an open handle fails without a path ("EIO: i/o error, read"): say which file.
    if (error instanceof Error && !error.message.includes(file)) error.message = `${file}: ${error.message}`;
    throw error;
  }
}

export interface EngineInputs {
  /** The paths to read, in order: the originals, or temporary stand-ins. */
  files: string[];
  /** Removes the stand-ins (safe to call twice). */
  cleanup: () => Promise<void>;
  /** The error with each stand-in's path replaced by the file the user named. */
  originalNames: (error: unknown) => unknown;
}

/**
 * The files the engines should read, and a cleanup for the stand-ins made. When a file fails,
 * the stand-ins already made are removed before the error (which names the file) is passed on.
 */
export async function withoutByteOrderMarks(files: readonly string[]): Promise<EngineInputs> {
  let dir: string | undefined;
  const cleanup = async () => (dir ? rm(dir, { recursive: true, force: true }) : undefined);
  const out: string[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const bom = await startsWithBom(file);
      if (!bom && !isPattern(file)) {
        out.push(file);
        continue;
      }
      dir ??= await mkdtemp(join(tmpdir(), 'guidepost-bom-'));
      const copy = join(dir, `${index}-${basename(file).replace(PATTERN_CHARACTERS, '_')}`);
      if (isPattern(copy)) throw new Error(`${file} needs a temporary stand-in, but the temporary directory ${dir} has characters the engines read as a pattern (* ? [ ] { }): set TMPDIR to a plain path`);
      if (bom) await pipeline(createReadStream(file, { start: 3 }), createWriteStream(copy));
      else await link(await realpath(file), copy).catch(() => copyFile(file, copy));
      out.push(copy);
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  const originalNames = (error: unknown) => {
    if (error instanceof Error) out.forEach((path, i) => path !== files[i] && (error.message = error.message.replaceAll(path, files[i])));
    return error;
  };
  return { files: out, cleanup, originalNames };
}
