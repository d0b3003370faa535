/**
 * How a validation report is printed (`validate`, and `build` and `analyze --manifest`, which
 * print the same report): the way compilers do, one `file:line:column: severity: message` line per
 * problem, then a summary. A file with the same mistake a thousand times (a generated manifest, a
 * bad merge) gets the first few of each kind and a count of the rest, not a screenful per item;
 * `--json` and the exit code always cover every problem.
 */
import type { ManifestProblem } from '../manifest/problems';

/** The report on one file (validate.ts). */
export interface FileReport {
  file: string;
  valid: boolean;
  problems: ManifestProblem[];
}

/** Most problems of one code printed per file: enough to see the pattern and where it starts. */
export const PRINTED_PER_CODE = 20;
/** Most problems printed per file, whatever their codes. */
export const PRINTED_PER_FILE = 100;

export interface PrintOptions {
  /** Print every problem, however many (`validate --all`). Default false. */
  all?: boolean;
}

const count = (n: number) => n.toLocaleString('en');
const plural = (n: number, word: string) => `${count(n)} ${word}${n > 1 ? 's' : ''}`;

/**
 * Prints `report`: its problems in file order (the first PRINTED_PER_CODE of each code, at most
 * PRINTED_PER_FILE in all, unless `all`), how many more of each code there are, then a summary,
 * by code when some were left out; with `strict`, a file with warnings is summed up as failing.
 */
export function printReport(report: FileReport, out: (line: string) => void, strict = false, { all = false }: PrintOptions = {}): void {
  const { file, problems } = report;
  const byCode = new Map<string, { errors: number; warnings: number; printed: number }>();
  let printed = 0;
  for (const p of problems) {
    let entry = byCode.get(p.code);
    if (!entry) byCode.set(p.code, (entry = { errors: 0, warnings: 0, printed: 0 }));
    if (p.severity === 'error') entry.errors++;
    else entry.warnings++;
    if (!all && (entry.printed >= PRINTED_PER_CODE || printed >= PRINTED_PER_FILE)) continue;
    out(`${file}:${p.line ?? 1}:${p.column ?? 1}: ${p.severity}: ${p.message}`);
    entry.printed++;
    printed++;
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const left = problems.length - printed;
  let byCodeSummary = '';
  if (left > 0) {
    const codes = [...byCode].sort(([a, x], [b, y]) => y.errors + y.warnings - (x.errors + x.warnings) || (a < b ? -1 : 1));
    for (const [code, { errors: e, warnings: w, printed: shown }] of codes) {
      if (e + w > shown) out(`${file}: … and ${count(e + w - shown)} more ${code} ${e && w ? 'problems' : e ? 'errors' : 'warnings'}`);
    }
    out(`${file}: ${count(left)} of ${count(problems.length)} problems not shown: "guidepost validate ${file} --all" lists every one (--json too, with its position)`);
    byCodeSummary = ` (${codes.map(([code, e]) => `${code} ${count(e.errors + e.warnings)}`).join(', ')})`;
  }
  if (report.valid && strict && warnings) out(`${file}: ${plural(warnings, 'warning')}, which ${warnings > 1 ? 'fail' : 'fails'} with --strict${byCodeSummary}`);
  else out(report.valid ? `${file}: valid${warnings ? ` (${plural(warnings, 'warning')})` : ''}${byCodeSummary}` : `${file}: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}${byCodeSummary}`);
}
