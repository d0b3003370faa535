/** The human-readable report `guidepost analyze` prints by default: aligned tables and plain sentences. */
import { MAX_FUNNEL_STEPS, type AnalysisReport, type Check, type Comparison, type ExperimentResult, type PopulationResult } from './report';
import { human, pDigits } from './human';
import { showControls, withoutIsolates } from './names';

/**
 * A line with its control characters shown as escapes. Experiment, variation, tour and item
 * keys come from events anyone can post: raw, an ESC would drive the analyst's terminal, a
 * newline would add a line of its own ("Report this: …") to the report, and a bidirectional
 * control (U+202E) would make the numbers after it read backwards.
 */
const visible = showControls;

/** A sentence of the report for the terminal: names were isolated for rendering (./names.ts), which a terminal does not need. */
const sentence = withoutIsolates;

const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
export const percent = (x: number, digits = 1) => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '–');
const signed = (x: number, digits = 1) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(digits)}` : '–');
const signedPercent = (x: number) => (Number.isFinite(x) ? `${signed(x)}%` : '–');
const pValue = pDigits;

/**
 * An interval as "low to high", or a single "–" when either end is not a number (no units, or
 * a ratio over a zero rate): "– to –" reads as a range of dashes. Shared with /results.
 */
export const interval = ([low, high]: readonly [number, number], show: (x: number) => string, missing = '–') =>
  Number.isFinite(low) && Number.isFinite(high) ? `${show(low)} to ${show(high)}` : missing;

/** A column of `table`: numbers are right-aligned, text left-aligned. */
export interface Column {
  header: string;
  numeric?: boolean;
}
/** A text column (names: left-aligned, whatever their first character). */
export const text = (header: string): Column => ({ header });
/** A column of numbers (right-aligned, so their digits line up). */
export const number = (header: string): Column => ({ header, numeric: true });

/**
 * Aligns columns. Each cell is measured as it will be printed, with its controls shown as
 * escapes (a NUL in a name prints as six characters, not one). The alignment is the column's
 * kind, never guessed from its cells: an arm named "<b>", "2x" or "-v2" is still text.
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], indent = '  '): string[] {
  const header = columns.map((c) => visible(c.header));
  const cells = rows.map((r) => r.map(visible));
  // reduce, not Math.max(...rows): a table of many rows (items from the logs) would overflow the call stack.
  const widths = header.map((h, i) => cells.reduce((w, r) => Math.max(w, r[i].length), h.length));
  const line = (row: string[]) => indent + row.map((c, i) => (columns[i].numeric ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}

/** A comparison made with the exact methods (marked "*" in the table). */
const exact = (c: Comparison) => c.method === 'newcombe-fisher' && Number.isFinite(c.pValue);

function population(title: string, result: PopulationResult, unit: string): string[] {
  if (!result.available) return [`  ${title}: unavailable (${sentence(result.reason ?? '')}).`];
  const lines = [`  ${title}:`];
  lines.push(
    ...table(
      [text('variation'), number(`${unit}s`), number('share'), number('expected'), number('converted'), number('rate'), number('95% CI (Wilson)')],
      result.arms.map((a) => [
        a.variation + (a.control ? ' (control)' : ''),
        int(a.units),
        percent(a.observedShare),
        percent(a.expectedShare),
        int(a.converted),
        percent(a.rate, 2),
        interval(a.rateCi, (x) => percent(x, 2)),
      ]),
      '    ',
    ),
  );
  if (result.comparisons.length) {
    // Several arms: Holm's adjusted p-value beside the raw one.
    const holm = result.comparisons.length > 1;
    lines.push('');
    lines.push(
      ...table(
        [text('vs control'), ...['lift (points)', '95% CI', 'relative', '95% CI', 'z', 'p', ...(holm ? ['Holm p'] : [])].map(number)],
        result.comparisons.map((c) => [
          c.variation + (exact(c) ? ' *' : ''),
          signed(c.absoluteLift, 2),
          interval(c.absoluteCi, (x) => signed(x, 2)),
          signedPercent(c.relativeLift),
          interval(c.relativeCi, signedPercent),
          // No p-value, no test: a z of 0.00 beside it would read as a measured zero difference.
          Number.isFinite(c.z) && Number.isFinite(c.pValue) ? `${c.z < 0 ? '−' : ''}${Math.abs(c.z).toFixed(2)}` : '–',
          pValue(c.pValue),
          ...(holm ? [pValue(c.adjustedPValue ?? NaN)] : []),
        ]),
        '    ',
      ),
    );
    if (result.comparisons.some(exact)) lines.push("    * Newcombe's score interval and Fisher's exact test (no z): an arm has fewer than 5 conversions or 5 non-conversions.");
    for (const c of result.comparisons) lines.push(`    ${sentence(c.summary)}`);
  }
  if (result.srm) lines.push(`    ${sentence(result.srm.verdict)}`);
  return lines;
}

const MARK: Record<Check['status'], string> = { pass: 'ok  ', fail: 'FAIL', warn: 'warn', skipped: 'skip' };

/** The checks, failures first, each with its verdict. */
function checks(e: ExperimentResult): string[] {
  const order = { fail: 0, warn: 1, pass: 2, skipped: 3 };
  return ['  Checks:', ...[...e.checks].sort((a, b) => order[a.status] - order[b.status]).map((c) => `    [${MARK[c.status]}] ${sentence(c.message)}`)];
}

function experiment(e: ExperimentResult): string[] {
  const why = { flag: 'chosen with --control', counterfactual: 'its exposures are counterfactual: nothing rendered', manifest: "the manifest's first variation", sorted: 'first variation key in sorted order' }[e.controlRule];
  const lines = [
    `Experiment ${e.experiment} (unit: ${e.unit}, bucket version ${e.bucketVersion})`,
    `  ${sentence(e.recommendation.headline)}`,
    `  ${e.recommendation.population ? 'Why this number' : 'Why'}: ${sentence(e.recommendation.why)}`,
    `  Control: ${e.control} (${why})`,
  ];
  lines.push(...checks(e));
  lines.push(...population('Exposed units (triggered analysis, from each unit\'s first exposure)', e.exposed, e.unit));
  lines.push(...population('Intent-to-treat (assigned units)', e.intentToTreat, e.unit));
  const h = e.hygiene;
  lines.push(
    `  Hygiene: ${int(h.exposureEvents)} exposure events; ${int(h.forcedEvents)} forced (QA) exposures from ${int(h.forcedUnits)} ${e.unit}s excluded; ` +
      `${int(h.multiVariationUnits)} ${e.unit}s seen in more than one variation excluded` +
      (h.exposuresWithoutUnit ? `; ${int(h.exposuresWithoutUnit)} exposure events without a unit or unit_id excluded.` : '.'),
  );
  for (const note of e.notes) lines.push(`  Note: ${sentence(note)}`);
  return lines;
}

/**
 * The hygiene note on events stamped in the future. Shared with the /results page
 * (src/cli/results-html.ts), so the page and the text report say the same thing.
 */
export const futureRowsNote = (rows: number) =>
  `${int(rows)} ${rows === 1 ? 'row is' : 'rows are'} stamped more than an hour after the time of this analysis (a device clock set ahead, or edited data): left out, so that they cannot end the data and close every window.`;

/** The note on a tour's step numbers too large to list (shared with the /results page, like futureRowsNote). */
export const stepsNotListedNote = (count: number) =>
  `${int(count)} more step ${count === 1 ? 'number' : 'numbers'} from ${MAX_FUNNEL_STEPS + 1} on not listed: no tour has that many steps (junk in the logs?).`;

type Hygiene = AnalysisReport['hygiene'];

/** The unusable rows other than those reported on their own (zone-less, stamped in the future). */
export const otherUnusableRows = (h: Hygiene): number => h.unusableRows - h.zonelessRows - (h.futureRows ?? 0);

/** Why those rows were skipped, in a few words; "not UTF-8" only once such a line was found. */
export const unusableReason = (h: Hygiene): string => (h.unusableLines?.some((w) => w.notUtf8?.length) ? 'no event_id or timestamp, or not UTF-8' : 'no event_id or timestamp');

/**
 * Where the first unusable rows are, with the lines that are not UTF-8 named as such; absent
 * when they were not looked for. Shared with the /results page, like futureRowsNote.
 */
export function unusableLinesNote(h: Hygiene): string | undefined {
  if (!h.unusableLines?.length) return undefined;
  const lines = (list: number[]) => `line${list.length > 1 ? 's' : ''} ${list.join(', ')}`;
  const where = h.unusableLines.map((w) => `${w.file} ${lines(w.lines)}${w.notUtf8?.length ? ` (${lines(w.notUtf8)} not UTF-8)` : ''}`).join('; ');
  const listed = h.unusableLines.reduce((s, w) => s + w.lines.length, 0);
  return `Unusable rows skipped: ${where}${otherUnusableRows(h) > listed ? ' (the first ones)' : ''}.`;
}

export function formatReport(report: AnalysisReport): string {
  const h = report.hygiene;
  const future = h.futureRows ?? 0;
  const lines = [
    `Goal "${report.goal}" within ${human(report.windowDays)} days of each unit's first exposure; 95% intervals; data as of ${report.asOf ?? '–'} (UTC).`,
    `Sample-size advice is for a ${human(report.mde * 100)}-point lift (--mde): the minimum detectable lift is the smallest true lift an experiment of this size finds significant 80% of the time.`,
    `Read ${int(h.rowsRead)} rows: ${int(h.duplicateRowsDropped)} duplicate event_ids dropped, ${int(otherUnusableRows(h))} unusable rows (${unusableReason(h)}) skipped, ${int(h.events)} events analysed.`,
    ...[unusableLinesNote(h)].filter((note) => note !== undefined),
    ...(h.zonelessRows > 0 ? [`${int(h.zonelessRows)} rows have a timestamp without a time zone (like 2026-01-05T09:30:00): left out, since the moment they name depends on the reader's zone. Send ISO 8601 with Z or an offset.`] : []),
    ...(future > 0 ? [futureRowsNote(future)] : []),
    '',
  ];
  if (!report.experiments.length) lines.push('No experiment exposures found.', '');
  for (const e of report.experiments) lines.push(...experiment(e), '');
  if (report.tours.length) {
    lines.push('Tours (people: user id, else device)');
    for (const t of report.tours) {
      lines.push(`  ${t.tour} v${t.version}: ${int(t.started)} started, ${int(t.completed)} completed (${percent(t.completionRate)})`);
      lines.push(
        ...table(
          ['step', 'reached', 'of started', 'left here', 'drop-off'].map(number),
          t.steps.map((s) => [String(s.step + 1), int(s.units), percent(t.started > 0 ? s.units / t.started : NaN), int(s.dropOff), percent(s.dropOffRate)]),
          '    ',
        ),
      );
      if (t.stepsNotListed) lines.push(`    ${stepsNotListedNote(t.stepsNotListed)}`);
      if (t.dismissals.length) lines.push(`    Dismissed by: ${t.dismissals.map((d) => `${d.origin} ${int(d.units)}`).join(', ')}`);
    }
    lines.push('');
  }
  if (report.feedback.length) {
    lines.push('"Was this helpful?" (latest answer per person)');
    lines.push(
      ...table(
        [text('item'), text('type'), ...['answers', 'yes', 'share yes', '95% CI (Wilson)'].map(number)],
        report.feedback.map((f) => [f.item, f.itemType, int(f.answers), int(f.yes), percent(f.share), interval(f.shareCi, (x) => percent(x))]),
      ),
    );
    lines.push('');
  }
  return lines.map(visible).join('\n').trimEnd();
}
