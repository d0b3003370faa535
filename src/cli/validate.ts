/**
 * `guidepost validate <file...> [--locales es,zh-CN] [--json]`: checks manifests the way
 * the SDK will, with file:line:column positions, and lists missing translations.
 * Exit codes: 0 valid, 1 invalid, 2 usage error.
 */
import { readFile } from 'node:fs/promises';
import { findNodeAtLocation, parseTree, type Node, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { formatPath, type ManifestProblem, type PathSegment } from '../manifest/problems';
import { validateManifest } from '../manifest/validate';
import { missingTranslations } from '../manifest/translations';
import { checkSelectorSyntax } from './selector';
import { parseArgs, UsageError } from './args';

interface FileReport {
  file: string;
  valid: boolean;
  problems: ManifestProblem[];
}

export const VALIDATE_USAGE = 'usage: guidepost validate <manifest.json...> [--locales es,zh-CN] [--json]';

export async function validateCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['locales'], ['json']);
  if (positional.length === 0) throw new UsageError('validate needs at least one manifest file');
  const locales = typeof flags.locales === 'string' ? flags.locales.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const reports: FileReport[] = [];
  for (const file of positional) reports.push(await validateFile(file, locales));
  if (flags.json) {
    out(JSON.stringify({ valid: reports.every((r) => r.valid), files: reports }, null, 2));
  } else {
    for (const report of reports) {
      for (const p of report.problems) out(`${report.file}:${p.line ?? 1}:${p.column ?? 1}: ${p.severity}: ${p.message}`);
      const errors = report.problems.filter((p) => p.severity === 'error').length;
      const warnings = report.problems.length - errors;
      out(report.valid ? `${report.file}: valid${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}` : `${report.file}: ${errors} error${errors > 1 ? 's' : ''}${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}`);
    }
  }
  return reports.every((r) => r.valid) ? 0 : 1;
}

export async function validateFile(file: string, locales: string[]): Promise<FileReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const problem: ManifestProblem = { code: 'unreadable', message: `cannot read ${file}: ${(error as Error).message}`, path: '', severity: 'error' };
    return { file, valid: false, problems: [problem] };
  }
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  if (parseErrors.length || !tree) {
    const problems = parseErrors.map((e): ManifestProblem => {
      const { line, column } = lineColumn(text, e.offset);
      return { code: 'json-syntax', message: `JSON syntax error: ${printParseErrorCode(e.error)}`, path: '', severity: 'error', line, column };
    });
    return { file, valid: false, problems };
  }
  const json: unknown = JSON.parse(text);
  const result = validateManifest(json, { checkSelector: checkSelectorSyntax });
  const problems = [...result.problems];
  if (result.manifest && locales.length) {
    for (const missing of missingTranslations(result.manifest, locales)) {
      problems.push({
        code: 'missing-translation',
        message: `item "${missing.itemId}" at ${missing.path}: no "${missing.locale}" translation`,
        path: missing.path,
        itemId: missing.itemId,
        severity: 'warning',
      });
    }
  }
  for (const problem of problems) Object.assign(problem, positionOf(text, tree, problem.path));
  const valid = result.manifest !== null && !problems.some((p) => p.severity === 'error');
  return { file, valid, problems };
}

/** Turns `items[3].steps[1].placement` back into segments. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path))) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(`"${match[3]}"`));
  }
  return segments;
}

/** The position of the deepest node of `path` that exists; for an unknown key, the key itself. */
function positionOf(text: string, tree: Node, path: string): { line: number; column: number } {
  const segments = parsePath(path);
  for (let n = segments.length; n >= 0; n--) {
    const node = findNodeAtLocation(tree, segments.slice(0, n));
    if (node) {
      // For a property value, point at its key: that is where a writer looks.
      const keyNode = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return lineColumn(text, (keyNode ?? node).offset);
    }
  }
  return { line: 1, column: 1 };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export { formatPath };
