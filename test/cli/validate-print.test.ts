/**
 * src/cli/validate-print.ts: the printed validation report (`validate`, `build`, `analyze
 * --manifest`): one `file:line:column: severity: message` line per problem in the order given,
 * at most PRINTED_PER_CODE of one code and PRINTED_PER_FILE in all unless `all`, a line per
 * code for the rest, then one summary line (valid, N errors, or failing --strict), by code when
 * some were left out. The whole command through main(): validate.test.ts, validate-output.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { PRINTED_PER_CODE, PRINTED_PER_FILE, printReport, type FileReport } from '../../src/cli/validate-print';
import type { ManifestProblem } from '../../src/manifest/problems';

const F = 'm.json';
let serial = 0;
const problem = (code: string, severity: 'error' | 'warning' = 'error', extra: Partial<ManifestProblem> = {}): ManifestProblem => ({
  code, severity, message: `${code} #${++serial}`, path: '', line: serial, column: 2, ...extra,
});
const many = (n: number, code: string, severity: 'error' | 'warning' = 'error') => Array.from({ length: n }, () => problem(code, severity));
function print(report: Partial<FileReport> & { problems: ManifestProblem[] }, strict = false, all = false): string[] {
  const lines: string[] = [];
  printReport({ file: F, valid: !report.problems.some((p) => p.severity === 'error'), ...report }, (line) => lines.push(line), strict, { all });
  return lines;
}
/** The problem lines printed (not the summaries). */
const problemLines = (lines: string[]) => lines.filter((l) => /^m\.json:\d+:\d+: /.test(l));

describe('each problem', () => {
  it('one compiler-style line, in the order given, then the summary', () => {
    const a = problem('unknown-key', 'error', { line: 3, column: 7, message: 'items[0].tilte: unknown key' });
    const b = problem('missing-translation', 'warning', { line: 9, column: 1, message: 'no "es" translation' });
    expect(print({ problems: [a, b] })).toEqual([
      `${F}:3:7: error: items[0].tilte: unknown key`,
      `${F}:9:1: warning: no "es" translation`,
      `${F}: 1 error, 1 warning`,
    ]);
  });

  it('a problem without a position is placed at 1:1 (the file itself)', () => {
    expect(print({ problems: [problem('unreadable', 'error', { line: undefined, column: undefined, message: 'cannot read' })] })[0]).toBe(`${F}:1:1: error: cannot read`);
  });
});

describe('the summary line', () => {
  it('valid, with its warnings counted in the singular or plural', () => {
    expect(print({ problems: [] })).toEqual([`${F}: valid`]);
    expect(print({ problems: [problem('w', 'warning')] }).at(-1)).toBe(`${F}: valid (1 warning)`);
    expect(print({ problems: many(2, 'w', 'warning') }).at(-1)).toBe(`${F}: valid (2 warnings)`);
  });

  it('invalid: its errors, and its warnings when there are some', () => {
    expect(print({ problems: [problem('e')] }).at(-1)).toBe(`${F}: 1 error`);
    expect(print({ problems: [...many(3, 'e'), ...many(2, 'w', 'warning')] }).at(-1)).toBe(`${F}: 3 errors, 2 warnings`);
  });

  it('--strict: a valid file with warnings is summed up as failing; without warnings it is valid', () => {
    expect(print({ problems: [problem('w', 'warning')] }, true).at(-1)).toBe(`${F}: 1 warning, which fails with --strict`);
    expect(print({ problems: many(2, 'w', 'warning') }, true).at(-1)).toBe(`${F}: 2 warnings, which fail with --strict`);
    expect(print({ problems: [] }, true)).toEqual([`${F}: valid`]);
    // An invalid file says its errors, strict or not.
    expect(print({ problems: [problem('e'), problem('w', 'warning')] }, true).at(-1)).toBe(`${F}: 1 error, 1 warning`);
  });
});

describe('a file with the same mistake many times', () => {
  it(`prints exactly ${PRINTED_PER_CODE} of one code with no note; one more is left out and counted`, () => {
    expect(print({ problems: many(PRINTED_PER_CODE, 'unknown-key') })).toHaveLength(PRINTED_PER_CODE + 1);
    const lines = print({ problems: many(PRINTED_PER_CODE + 1, 'unknown-key') });
    expect(problemLines(lines)).toHaveLength(PRINTED_PER_CODE);
    expect(lines.slice(PRINTED_PER_CODE)).toEqual([
      `${F}: … and 1 more unknown-key errors`,
      `${F}: 1 of 21 problems not shown: "guidepost validate ${F} --all" lists every one (--json too, with its position)`,
      `${F}: 21 errors (unknown-key 21)`,
    ]);
  });

  it('prints the first of each code in file order, so a rarer code is never crowded out by a common one', () => {
    const problems = [...many(50, 'unknown-key'), problem('duplicate-id'), ...many(5, 'missing-translation', 'warning')];
    const printed = problemLines(print({ problems }));
    expect(printed).toHaveLength(PRINTED_PER_CODE + 1 + 5);
    expect(printed.slice(0, PRINTED_PER_CODE)).toEqual(problems.slice(0, PRINTED_PER_CODE).map((p) => `${F}:${p.line}:2: error: ${p.message}`));
    expect(printed[PRINTED_PER_CODE]).toContain('duplicate-id');
  });

  it(`prints at most ${PRINTED_PER_FILE} in all, and counts the rest of each code, most first, then by name`, () => {
    const codes = ['c-a', 'c-b', 'c-c', 'c-d', 'c-e', 'c-f'];
    // 30 of each: 20 of each of the first five fill the 100; c-f gets none printed.
    const problems = codes.flatMap((code) => many(30, code, code === 'c-b' ? 'warning' : 'error'));
    problems.push(...many(3, 'c-b', 'warning'), problem('c-c', 'warning'));
    const lines = print({ problems });
    expect(problemLines(lines)).toHaveLength(PRINTED_PER_FILE);
    expect(lines.slice(PRINTED_PER_FILE)).toEqual([
      `${F}: … and 13 more c-b warnings`,
      // c-c has errors and a warning: "problems".
      `${F}: … and 11 more c-c problems`,
      `${F}: … and 10 more c-a errors`,
      `${F}: … and 10 more c-d errors`,
      `${F}: … and 10 more c-e errors`,
      `${F}: … and 30 more c-f errors`,
      `${F}: 84 of 184 problems not shown: "guidepost validate ${F} --all" lists every one (--json too, with its position)`,
      `${F}: 150 errors, 34 warnings (c-b 33, c-c 31, c-a 30, c-d 30, c-e 30, c-f 30)`,
    ]);
  });

  it('`all` prints every problem and no notes', () => {
    const lines = print({ problems: many(250, 'unknown-key') }, false, true);
    expect(problemLines(lines)).toHaveLength(250);
    expect(lines.at(-1)).toBe(`${F}: 250 errors`);
    expect(lines.some((l) => l.includes('not shown'))).toBe(false);
  });

  it('counts with thousands separators, and the strict summary carries the counts by code', () => {
    const lines = print({ problems: many(1500, 'missing-translation', 'warning') }, true);
    expect(lines.slice(-3)).toEqual([
      `${F}: … and 1,480 more missing-translation warnings`,
      `${F}: 1,480 of 1,500 problems not shown: "guidepost validate ${F} --all" lists every one (--json too, with its position)`,
      `${F}: 1,500 warnings, which fail with --strict (missing-translation 1,500)`,
    ]);
  });
});
