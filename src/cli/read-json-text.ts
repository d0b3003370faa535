/**
 * How every CLI command that reads a manifest gets its text (validate and build, check, and
 * analyze --manifest): bytes decoded as strict UTF-8, then a bounded, iterative scan of the
 * nesting depth, both before jsonc-parser's recursive `parseTree` sees the text.
 *
 * Why strict: `readFile(file, 'utf8')` silently turns every byte that is not UTF-8 into U+FFFD,
 * so a file saved as Windows-1251 validated and compiled to "������". Why the scan: `parseTree`
 * recurses about three calls per level of objects, and a file nested a few thousand levels deep
 * overflowed the stack: the CLI died with "Maximum call stack size exceeded", no file, no
 * position, and the reports of the other files on the command line were lost with it.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_MANIFEST_BYTES } from '../manifest/bounded-read';
import { MAX_DEPTH } from '../manifest/depth';
import { positionAt } from './text-position';

/**
 * How deep a file may nest objects and arrays before it is refused whole, unparsed. Far above
 * what a manifest may use (MAX_DEPTH per item or experiment, which sit two levels down), so an
 * item nested 40 or 400 levels deep is still parsed and reported alone, with its id, and left out
 * of the build as the SDK would skip it (docs/manifest.md, "Limits"). Far below where the
 * recursive readers overflow Node's default stack (about 4,000 levels for `parseTree`).
 */
export const MAX_FILE_DEPTH = 16 * MAX_DEPTH;

/**
 * The largest file read at all, in bytes. A manifest the SDK reads is at most MAX_MANIFEST_BYTES
 * (validate says so of a larger one, and build compiles it smaller); a file far beyond that is
 * not a manifest: a log or a database dump picked by mistake. Read whole, it took the memory and
 * time of its size, and one beyond V8's longest string (about 512 MB) failed to decode and was
 * reported as "not UTF-8" at line 1, column 1.
 */
export const MAX_FILE_BYTES = 16 * MAX_MANIFEST_BYTES;

/** Why a file's text cannot be read as JSON at all, and where (1-based, in characters of the decoded text). */
export interface TextProblem {
  code: 'not-utf8' | 'too-deep' | 'too-large';
  /** What is wrong and how to fix it; the caller adds `file:line:column: `. */
  message: string;
  line: number;
  column: number;
}

/** The decoded text (without a byte-order mark; from a file, with its size in `bytes`), or why it was refused. */
export type JsonText = { text: string; bytes?: number; problem?: undefined } | { text?: undefined; problem: TextProblem };

const bytesText = (n: number) => `${n.toLocaleString('en')} bytes`;

/** A file of `bytes` refused unread: too large to be a manifest. */
function tooLarge(bytes: number, maxBytes: number): JsonText {
  const message = `the file is ${bytesText(bytes)}, more than the ${bytesText(maxBytes)} read at all, so it is not read (a manifest the SDK reads is at most ${bytesText(MAX_MANIFEST_BYTES)}: see "Limits" in docs/manifest.md); check that this is the manifest you meant`;
  return { problem: { code: 'too-large', message, line: 1, column: 1 } };
}

/**
 * Reads `file` as `decodeJsonText` does, after checking its size: a file over `maxBytes` is
 * refused unread. Errors reading the file (missing, a folder, no permission) are thrown as they
 * are: their messages name the file.
 */
export async function readJsonText(file: string, maxDepth: number = MAX_FILE_DEPTH, maxBytes: number = MAX_FILE_BYTES): Promise<JsonText> {
  const { size } = await stat(file);
  if (size > maxBytes) return tooLarge(size, maxBytes);
  const bytes = await readFile(file);
  // A file that grew since, or one stat cannot size (a pipe).
  if (bytes.length > maxBytes) return tooLarge(bytes.length, maxBytes);
  const read = decodeJsonText(bytes, maxDepth);
  return read.problem ? read : { ...read, bytes: bytes.length };
}

/**
 * Why `file` could not be read (an error `readJsonText` threw), in words a writer knows, with
 * Node's code last for a search: its own message ("EISDIR: illegal operation on a directory,
 * read", "ENOENT: no such file or directory, stat …") speaks of system calls.
 */
export function readErrorMessage(file: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const words: Record<string, string> = {
    ENOENT: 'there is no file at this path; check its spelling, and the folder the command runs in',
    EISDIR: `it is a folder, not a file; name the manifest file in it, such as ${join(file, 'manifest.json')}`,
    ENOTDIR: 'a part of the path before the file name is a file, not a folder',
    EACCES: 'you do not have permission to read it',
    EPERM: 'you do not have permission to read it',
    ELOOP: 'the path goes round in a circle of symbolic links',
    ENAMETOOLONG: 'the path is too long',
  };
  return code !== undefined && Object.prototype.hasOwnProperty.call(words, code) ? `${words[code]} (${code})` : String((error as Error | null)?.message ?? error);
}

/**
 * `readJsonText` for commands that stop at the first problem (check, analyze --manifest): the
 * text, or an Error whose message reads `file:line:column: message` (or `file: cannot read it:
 * why`, in words, for a file that cannot be read).
 */
export async function readJsonTextOrThrow(file: string, maxDepth: number = MAX_FILE_DEPTH): Promise<string> {
  let read: JsonText;
  try {
    read = await readJsonText(file, maxDepth);
  } catch (error) {
    throw new Error(`${file}: cannot read it: ${readErrorMessage(file, error)}`, { cause: error });
  }
  const { text, problem } = read;
  if (problem) throw new Error(`${file}:${problem.line}:${problem.column}: ${problem.message}`);
  return text;
}

/**
 * `bytes` as UTF-8 text, or the position of the first byte that is not UTF-8, or of the first
 * object or array nested deeper than `maxDepth`. One leading byte-order mark is dropped (the
 * decoder's default): editors on Windows may save one, and JSON.parse refuses it.
 */
export function decodeJsonText(bytes: Uint8Array, maxDepth: number = MAX_FILE_DEPTH): JsonText {
  // A fresh decoder each time: `fatal` throws instead of writing U+FFFD, but says not where.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch (error) {
    const bad = firstInvalidUtf8(bytes);
    // Valid UTF-8 the decoder still refused: a text longer than a string can be, not an encoding.
    if (bad < 0) return { problem: { code: 'too-large', message: `the file could not be decoded as text (${(error as Error).message}): at ${bytesText(bytes.length)} it is far larger than a manifest can be`, line: 1, column: 1 } };
    // Everything before the bad byte is valid UTF-8: its length in characters gives the column
    // as editors count it, and the same BOM is dropped as from the whole text.
    const before = decoder.decode(bytes.subarray(0, Math.max(bad, 0)));
    const byte = bytes[bad] === undefined ? '' : ` 0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')}`;
    // Windows tools ("Unicode" in Notepad, PowerShell 5's Out-File) write UTF-16 with a byte-order mark.
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    const cause = utf16 ? 'the file is UTF-16: it starts with a UTF-16 byte-order mark' : 'the file was probably saved in a legacy encoding such as Windows-1252 or Windows-1251';
    const message = `not UTF-8: the byte${byte} here is not valid UTF-8 (${cause}); save the file as UTF-8`;
    return { problem: { code: 'not-utf8', message, ...positionAt(before, before.length) } };
  }
  const deep = firstTooDeep(text, maxDepth);
  if (deep < 0) return { text };
  const message = `nested deeper than ${maxDepth} levels of objects and arrays here, so the file is not read at all; an item or experiment may nest at most ${MAX_DEPTH} levels (see "Limits" in docs/manifest.md): remove the runaway nesting`;
  return { problem: { code: 'too-deep', message, ...positionAt(text, deep) } };
}

/**
 * The offset of the first byte of the first ill-formed sequence in `bytes` (Unicode Table 3-7:
 * no overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut short), or -1.
 * Only run once TextDecoder has refused the bytes, to say where.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    // How many continuation bytes follow, and the range of the first one (the others are 80..BF).
    let count: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) count = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      count = 2;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // UTF-16 surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      count = 3;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= count; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += count + 1;
  }
  return -1;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const STAR = 0x2a;
const LF = 0x0a;
const CR = 0x0d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The offset of the first `{` or `[` that opens more than `maxDepth` levels, or -1. One pass,
 * no recursion; memory bounded by `maxDepth`.
 *
 * It tokenizes as jsonc-parser's scanner does, for any text, valid or not: a string ends at its
 * quote, a line break or the end, a backslash escapes the next character, and `//` and block
 * comments hide brackets. What it counts is an upper bound of how deep `parseTree` recurses,
 * even while parseTree recovers from syntax errors: a closing bracket only closes the innermost
 * open one of its kind, because the parser skips a `}` in an array (and a `]` in an object)
 * without closing anything; `[},[},[},…` would otherwise look 1 deep and recurse without end.
 */
export function firstTooDeep(text: string, maxDepth: number): number {
  // true for an object, false for an array, innermost last.
  const open: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === QUOTE || s === LF || s === CR) break;
        if (s === BACKSLASH) i++;
      }
    } else if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== LF && text.charCodeAt(i + 1) !== CR) i++;
    } else if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (open.push(c === OPEN_BRACE) > maxDepth) return i;
    } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && open.length && open[open.length - 1] === (c === CLOSE_BRACE)) {
      open.pop();
    }
  }
  return -1;
}
