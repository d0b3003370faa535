/**
 * `guidepost validate <file...> [--locales es,zh-CN] [--strict] [--json]`: checks manifests the
 * way the SDK will, plus the writers' checks (manifest/authoring.ts), with file:line:column
 * positions, and lists missing translations. Exit codes: 0 valid, 1 invalid (with --strict,
 * also any warning), 2 usage error.
 */
import { parseTree, type Node, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { MAX_MANIFEST_BYTES } from '../manifest/bounded-read';
import { formatPath, quote, type ManifestProblem, type PathSegment } from '../manifest/problems';
import type { Manifest } from '../manifest/schema';
import { validateForWriters } from '../manifest/validate-writers';
import { experimentIndexesIn } from '../manifest/translations';
import { authoringProblems } from '../manifest/authoring';
import { overlapProblems } from '../manifest/experiment-overlap';
import { checkSelectorSyntax } from './selector';
import { parseArgs, UsageError } from './args';
import { readErrorMessage, readJsonText, type JsonText } from './read-json-text';
import { childAt, lineColumn, lineStarts } from './text-position';
import { parsePath } from './validate-paths';
import { printReport, type FileReport } from './validate-print';
import { translationWarnings } from './validate-translations';

export type { FileReport };
export { printReport };

/** The same shape the schema accepts for locale tags. */
const LOCALE_TAG = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/;

export const VALIDATE_USAGE = 'usage: guidepost validate <manifest.json...> [--locales es,zh-CN] [--strict] [--json]';

/** `--help`: the options and an example. */
export const VALIDATE_HELP = `${VALIDATE_USAGE}

Checks manifests the way the SDK reads them, plus what breaks in front of readers: template
variables, links in rich text, the attributes conditions name, and events (against "declare").
Every problem is found in one run and listed in file order, as file:line:column: severity:
message (the first 20 of each kind; see --all).

Options:
  --locales <tags>  also list texts without a translation into these locales, and translations
                    into them that leave out a {{variable}} or a link of the default text, or add
                    a {{variable}} (warnings)
  --strict          warnings fail too, with exit 1 (missing translations, undeclared traits,
                    keys written twice): for CI
  --json            one JSON object: overall validity and, per file, every problem with its
                    code, path, item id, line and column
  --all             print every problem; without it, a file prints the first 20 of each kind
                    (100 in all) and counts the rest (--json and the exit code cover every one)
  -h, --help        show this help

Exit codes: 0 valid, 1 invalid (with --strict: or any warning), 2 usage error.

Example:
  guidepost validate help/manifest.json --locales es,zh-CN --strict`;

/** Whether `report` passes: no error, and with `strict` no warning either. */
export const passes = (report: FileReport, strict: boolean): boolean => report.valid && (!strict || report.problems.length === 0);

export async function validateCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['locales'], ['json', 'strict', 'all']);
  const strict = flags.strict === true;
  if (positional.length === 0) throw new UsageError('validate needs at least one manifest file');
  const locales = typeof flags.locales === 'string' ? flags.locales.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const badLocale = locales.find((tag) => !LOCALE_TAG.test(tag));
  if (badLocale !== undefined) throw new UsageError(`--locales: "${badLocale}" is not a locale tag such as "es" or "zh-CN"`);
  if (flags.locales !== undefined && locales.length === 0) throw new UsageError('--locales needs at least one locale tag, e.g. --locales es,zh-CN');
  const reports: FileReport[] = [];
  for (const file of positional) reports.push(await validateFile(file, locales));
  const ok = reports.every((r) => passes(r, strict));
  if (flags.json) {
    out(JSON.stringify({ valid: reports.every((r) => r.valid), ...(strict && { strict, passed: ok }), files: reports }, null, 2));
  } else {
    for (const report of reports) printReport(report, out, strict, { all: flags.all === true });
  }
  return ok ? 0 : 1;
}

export async function validateFile(file: string, locales: string[]): Promise<FileReport> {
  return (await inspectManifestFile(file, locales)).report;
}

/**
 * The writer-facing report on `file`, the usable manifest it yields (null when refused) and how
 * many items the file has. `servedAsIs` (default true): the file is what the SDK fetches, so a
 * file over the SDK's size limit is an error; `build` serves its compiled output instead, and
 * checks that output's size itself.
 */
export async function inspectManifestFile(file: string, locales: string[], { servedAsIs = true } = {}): Promise<{ report: FileReport; manifest: Manifest | null; itemsInFile?: number }> {
  const refusedWith = (problem: ManifestProblem) => ({ report: { file, valid: false, problems: [problem] }, manifest: null });
  let read: JsonText;
  try {
    // Strict UTF-8, without a byte-order mark, and no deeper than parseTree can recurse.
    read = await readJsonText(file);
  } catch (error) {
    return refusedWith({ code: 'unreadable', message: `cannot read ${file}: ${readErrorMessage(file, error)}`, path: '', severity: 'error' });
  }
  if (read.problem) {
    const { code, message, line, column } = read.problem;
    return refusedWith({ code, message, path: '', severity: 'error', line, column });
  }
  const text = read.text;
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  if (parseErrors.length || !tree) {
    // Only the first syntax error: the ones after it are usually echoes of the same mistake.
    const first = parseErrors[0];
    const { message, offset } = first ? syntaxMessage(text, first) : { message: 'JSON syntax error: the file is empty', offset: 0 };
    const { line, column } = lineColumn(lineStarts(text), offset);
    return refusedWith({ code: 'json-syntax', message, path: '', severity: 'error', line, column });
  }
  const json: unknown = JSON.parse(text);
  // For writers: the items it skips are checked too, without the fields that have errors (salvage.ts).
  const result = validateForWriters(json, { checkSelector: checkSelectorSyntax });
  const problems = [...result.problems];
  // The rest is still checked: one run lists every problem, this one too.
  if (servedAsIs && read.bytes !== undefined && read.bytes > MAX_MANIFEST_BYTES) problems.push(sizeProblem(read.bytes));
  for (const duplicate of duplicateKeys(tree)) {
    const { line, column } = lineColumn(lineStarts(text), duplicate.offset);
    problems.push({
      code: 'duplicate-key',
      message: `${duplicate.path || 'manifest'}: the key "${duplicate.key}" appears twice in the same object; only the last one counts`,
      path: duplicate.path,
      severity: 'warning',
      line,
      column,
    });
  }
  if (result.manifest) {
    const experimentIndexes = experimentIndexesIn(result.manifest, json);
    problems.push(...translationWarnings(result, experimentIndexes, locales), ...overlapProblems(result.manifest, result.itemIndexes, experimentIndexes));
  }
  // The writers' checks (templates, links, attributes, events) on the file as written: items the
  // validator skipped are checked too, so one run lists every mistake.
  // With --locales, also the translations into them that left out a variable or link of the default text.
  problems.push(...authoringProblems(json, { locales }));
  const lines = lineStarts(text);
  for (const problem of problems) if (problem.line === undefined) Object.assign(problem, lineColumn(lines, offsetOf(text, tree, problem)));
  // In file order, as a writer reads (the sort is stable: problems at one place keep their order).
  problems.sort((a, b) => a.line! - b.line! || a.column! - b.column!);
  const valid = result.manifest !== null && !problems.some((p) => p.severity === 'error');
  const items = (json as { items?: unknown } | null)?.items;
  return { report: { file, valid, problems }, manifest: result.manifest, itemsInFile: Array.isArray(items) ? items.length : undefined };
}

/** The file is larger than the SDK reads: it would refuse the whole manifest (bounded-read.ts). */
function sizeProblem(bytes: number): ManifestProblem {
  const message = `the file is ${bytes.toLocaleString('en')} bytes, more than the ${MAX_MANIFEST_BYTES.toLocaleString('en')} bytes the SDK reads, so it would refuse the whole manifest (see "Limits" in docs/manifest.md); split the help into smaller manifests, or serve the copy "guidepost build" writes (no indentation, only usable items) if it fits`;
  return { code: 'too-large', message, path: '', severity: 'error', line: 1, column: 1 };
}

/** Syntax errors in words a writer knows, with the usual cause, and where to look. */
function syntaxMessage(text: string, error: ParseError): { message: string; offset: number } {
  const before = text.slice(0, error.offset).trimEnd();
  const at = text[error.offset];
  // jsonc-parser's codes are a const enum, which isolated modules cannot read: compare by name.
  const code = printParseErrorCode(error.error);
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && before.endsWith(',') && (at === '}' || at === ']')) {
    // Point at the comma itself: that is what to delete.
    return { message: `JSON syntax error: trailing comma; remove the "," before "${at}"`, offset: before.length - 1 };
  }
  const messages: Record<string, string> = {
    InvalidSymbol: 'unexpected character; strings need "double quotes"',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a key in "double quotes"',
    ValueExpected: 'expected a value (a string, number, true, false, null, object or array)',
    ColonExpected: 'expected ":" after the key',
    CommaExpected: 'expected a comma "," between two entries',
    CloseBraceExpected: 'expected "}" to close the object',
    CloseBracketExpected: 'expected "]" to close the array',
    EndOfFileExpected: 'unexpected text after the end of the JSON',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'comments are not allowed in JSON',
    UnexpectedEndOfString: 'a string is not closed; add the closing "',
    UnexpectedEndOfNumber: 'a number is cut short',
    InvalidUnicode: 'invalid \\u escape in a string',
    InvalidEscapeCharacter: 'invalid escape in a string; write \\\\ for a backslash',
    InvalidCharacter: 'a line break or tab inside a string; write \\n or \\t',
  };
  // jsonc-parser reports a control character at the start of its string; point at the character.
  // eslint-disable-next-line no-control-regex
  const control = code === 'InvalidCharacter' ? /[\u0000-\u001f]/.exec(text.slice(error.offset, error.offset + error.length)) : null;
  return { message: `JSON syntax error: ${messages[code] ?? 'invalid JSON'}`, offset: error.offset + (control?.index ?? 0) };
}

/** Keys that appear twice in one object (JSON.parse silently keeps the last). */
function duplicateKeys(root: Node): { key: string; path: string; offset: number }[] {
  const found: { key: string; path: string; offset: number }[] = [];
  const walk = (node: Node, path: PathSegment[]) => {
    if (node.type === 'object') {
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        if (seen.has(key)) found.push({ key, path: formatPath([...path, key]), offset: keyNode.offset });
        seen.add(key);
        if (valueNode) walk(valueNode, [...path, key]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => walk(child, [...path, i]));
    }
  };
  walk(root, []);
  return found;
}

/**
 * The offset of the deepest node of `problem.path` that exists; for an unknown key, the key
 * itself; inside a string, the character at `problem.textIndex`.
 */
function offsetOf(text: string, tree: Node, problem: Pick<ManifestProblem, 'path' | 'textIndex'>, segments: PathSegment[] = parsePath(problem.path)): number {
  // The deepest node of the path that exists: once one segment is missing, so are the longer paths.
  let node = tree;
  let n = 0;
  for (; n < segments.length; n++) {
    const child = childAt(node, segments[n]);
    if (!child) break;
    node = child;
  }
  if (n === segments.length && node.type === 'string' && problem.textIndex !== undefined) return stringOffset(text, node.offset, problem.textIndex);
  // For a property value, point at its key: that is where a writer looks.
  const keyNode = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return (keyNode ?? node).offset;
}

/** The source offset of character `index` of the JSON string literal starting (at its quote) at `start`. */
function stringOffset(text: string, start: number, index: number): number {
  let at = start + 1;
  for (let n = 0; n < index && at < text.length && text[at] !== '"'; n++) at += text[at] !== '\\' ? 1 : text[at + 1] === 'u' ? 6 : 2;
  return at;
}

/**
 * 1-based line and column of the deepest node of `segments` that exists in the parsed file
 * (a property's key rather than its value), as `validate` reports positions. For callers that
 * place a few things (`check`); `validate` itself shares one line table among all problems.
 */
export function positionIn(text: string, tree: Node, segments: PathSegment[]): { line: number; column: number } {
  return lineColumn(lineStarts(text), offsetOf(text, tree, { path: '' }, segments));
}

export { formatPath, parsePath };
