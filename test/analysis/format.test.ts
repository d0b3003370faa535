/**
 * src/analysis/format.ts: the text report of `guidepost analyze`. Covers `percent` (rounding,
 * digits, non-finite values), `table` (right-aligned numeric columns, left-aligned text,
 * trailing spaces trimmed), and `formatReport` on a hand-built report: thousands separators,
 * points and relative lifts with their sign (U+2212 for minus), intervals, "< 0.001", en dash
 * for undefined numbers, checks ordered failures first, unavailable populations, hygiene,
 * zone-less rows, tours (steps numbered from 1) and feedback; at the end, a p-value just below
 * 0.05 printed so it reads below 0.05, the z column's minus, and control characters from event
 * fields shown as escapes, never sent to the terminal.
 */
import { describe, expect, it } from 'vitest';
import { formatReport, futureRowsNote, number, percent, stepsNotListedNote, table, text } from '../../src/analysis/format';
import { populationResult } from '../../src/analysis/report-population';
import type { AnalysisReport, ArmResult, Comparison, ExperimentResult, PopulationResult, SplitCheck } from '../../src/analysis/report-types';
import type { ArmRow } from '../../src/analysis/sql';
import { twoProportions } from '../support/reference-stats';

const armResult = (variation: string, units: number, converted: number, over: Partial<ArmResult> = {}): ArmResult => ({
  variation, control: false, counterfactual: false, units, converted, goalEvents: converted, rate: converted / units, rateCi: [0.1876, 0.2049], expectedShare: 0.5, observedShare: 0.499, ...over,
});
const comparison = (over: Partial<Comparison> = {}): Comparison => ({
  variation: 'help', control: 'holdout', absoluteLift: 0.0984, absoluteCi: [0.0853, 0.1115], relativeLift: 0.502, relativeCi: [0.421, 0.587], z: 14.61, pValue: 2e-48,
  significant: true, neededPerArm: 6510, enoughData: true, detectableLift: 0.018, summary: 'help vs holdout: the summary line.', ...over,
});
const srm: SplitCheck = { chiSquare: 0.09, df: 1, pValue: 0.766, expected: [8168, 8168], mismatch: false, weights: [0.5, 0.5], weightsFrom: 'equal', status: 'pass', emptyArms: [], verdict: 'Split verdict.' };
const population = (arms: ArmResult[], comparisons: Comparison[]): PopulationResult => ({ available: true, arms, comparisons, srm, inProgressUnits: 0 });
const experiment = (over: Partial<ExperimentResult> = {}): ExperimentResult => ({
  experiment: 'help-links-holdout', bucketVersion: 0, unit: 'user', control: 'holdout', controlRule: 'counterfactual',
  recommendation: { population: 'exposed', headline: 'Report this: +9.8 points.', why: 'the triggered population passed its checks.' },
  exposed: population([armResult('holdout', 8149, 1598, { control: true, rateCi: [0.187601, 0.204949] }), armResult('help', 8187, 2411, { observedShare: 0.501, rateCi: [0.28474, 0.30454] })], [comparison()]),
  intentToTreat: { available: false, reason: 'no assignment events', arms: [], comparisons: [], inProgressUnits: 0 },
  checks: [
    { id: 'assignment-audit', status: 'skipped', message: 'Audit skipped.' },
    { id: 'split-exposed', status: 'pass', message: 'Split fine.' },
    { id: 'multi-variation-units', status: 'warn', count: 56, message: '56 users in two arms.' },
    { id: 'assignment-exposure-agreement', status: 'fail', count: 3, message: 'Three disagree.' },
  ],
  hygiene: { exposureEvents: 69890, forcedEvents: 25, forcedUnits: 8, multiVariationUnits: 56, assignmentExposureDisagreements: 3, exposedWithoutAssignment: 0, goalsBeforeExposureUnits: 0, clockSkewUnits: 0 },
  notes: ['More than two arms: no correction.'],
  ...over,
});
const report = (over: Partial<AnalysisReport> = {}): AnalysisReport => ({
  goal: 'upgraded', windowDays: 28, alpha: 0.05, power: 0.8, mde: 0.02, inputs: [], asOf: '2026-03-01T00:00:00.000Z', includeInProgress: false,
  hygiene: { rowsRead: 1_234_567, unusableRows: 5, zonelessRows: 2, duplicateRowsDropped: 12, events: 1_234_550 },
  experiments: [experiment()], tours: [], feedback: [], ...over,
});
const lines = (text: string) => text.split('\n');
const lineWith = (text: string, start: string) => lines(text).find((l) => l.trimStart().startsWith(start)) ?? '';
const cells = (line: string) => line.trim().split(/\s{2,}/);
/** The comparison row of a variation: its name, then a signed lift. */
const comparisonRow = (text: string, variation: string) => cells(lines(text).find((l) => new RegExp(`^\\s+${variation}\\s+[+−–]`).test(l)) ?? '');

describe('percent', () => {
  it('rounds to the given digits and prints undefined values as an en dash', () => {
    expect([0.20349, 0.20351, 0, 1, 0.00049, 1e-9].map((x) => percent(x))).toEqual(['20.3%', '20.4%', '0.0%', '100.0%', '0.0%', '0.0%']);
    expect([percent(0.196123, 2), percent(0.5, 0), percent(2.5)]).toEqual(['19.61%', '50%', '250.0%']);
    expect([NaN, Infinity, -Infinity].map((x) => percent(x))).toEqual(['–', '–', '–']);
  });
});

describe('table', () => {
  it('right-aligns the columns declared numeric and left-aligns the text ones, trimming the end', () => {
    const out = table([text('name'), number('n'), number('p')], [['a', '1,234', '< 0.001'], ['bb', '−5', '–'], ['c', '7', '0.500']], '  ');
    expect(out).toEqual(['  name      n        p', '  ----  -----  -------', '  a     1,234  < 0.001', '  bb       −5        –', '  c         7    0.500']);
    expect(table([text('v'), number('n')], [['x', 'many'], ['y', '2']])).toEqual(['  v     n', '  -  ----', '  x  many', '  y     2']);
    expect(table([text('variation'), number('units')], [])).toEqual(['  variation  units', '  ---------  -----']);
  });

  it('keeps a text column left-aligned whatever its cells start with: names like "<b>", "2x" or "-v2" are not numbers', () => {
    // Before, every cell starting with a digit, sign, dash or "<" made the whole column right-aligned.
    expect(table([text('variation'), number('n')], [['<b>', '1'], ['2x', '10'], ['-v2', '100']])).toEqual([
      '  variation    n',
      '  ---------  ---',
      '  <b>          1',
      '  2x          10',
      '  -v2        100',
    ]);
  });

  it('measures each cell as printed, with its controls as escapes, so the columns stay aligned', () => {
    // A NUL prints as "\u0000" (six characters): measured as one, it pushed its row out of line.
    const out = table([text('variation'), number('n')], [['a\u0000b', '1'], ['ctl', '22']]);
    expect(out).toEqual(['  variation   n', '  ---------  --', '  a\\u0000b    1', '  ctl        22']);
    expect(new Set(out.slice(2).map((l) => l.length)).size).toBe(1);
    // A header from the events (the unit kind) is escaped and measured the same way.
    expect(table([text('v'), number('\u202eusers')], [['a', '1']])[0]).toBe('  v  \\u202eusers');
  });
});

describe('formatReport', () => {
  it('opens with the goal, window, as-of, the mde and the read counts, with thousands separators', () => {
    const text = formatReport(report());
    expect(lines(text).slice(0, 4)).toEqual([
      'Goal "upgraded" within 28 days of each unit\'s first exposure; 95% intervals; data as of 2026-03-01T00:00:00.000Z (UTC).',
      'Sample-size advice is for a 2-point lift (--mde): the minimum detectable lift is the smallest true lift an experiment of this size finds significant 80% of the time.',
      'Read 1,234,567 rows: 12 duplicate event_ids dropped, 3 unusable rows (no event_id or timestamp) skipped, 1,234,550 events analysed.',
      '2 rows have a timestamp without a time zone (like 2026-01-05T09:30:00): left out, since the moment they name depends on the reader\'s zone. Send ISO 8601 with Z or an offset.',
    ]);
    const plain = formatReport(report({ hygiene: { rowsRead: 0, unusableRows: 0, zonelessRows: 0, duplicateRowsDropped: 0, events: 0 }, experiments: [], asOf: null, windowDays: 0.5, mde: 0.015 }));
    expect(plain).toContain('within 0.5 days');
    expect(plain).toContain('data as of – (UTC)');
    expect(plain).toContain('for a 1.5-point lift');
    expect(plain).not.toContain('without a time zone');
    expect(plain).toMatch(/No experiment exposures found\.$/);
  });

  it('prints arms and comparisons: counts, shares, rates to 2 decimals, signed points and relative lifts, "< 0.001"', () => {
    const text = formatReport(report());
    expect(cells(lineWith(text, 'holdout (control)'))).toEqual(['holdout (control)', '8,149', '49.9%', '50.0%', '1,598', '19.61%', '18.76% to 20.49%']);
    expect(cells(lineWith(text, 'help  '))).toEqual(['help', '8,187', '50.1%', '50.0%', '2,411', '29.45%', '28.47% to 30.45%']);
    expect(comparisonRow(text, 'help')).toEqual(['help', '+9.84', '+8.53 to +11.15', '+50.2%', '+42.1% to +58.7%', '14.61', '< 0.001']);
    expect(text).toContain('  Intent-to-treat (assigned units): unavailable (no assignment events).');
    expect(text).toContain('    help vs holdout: the summary line.\n    Split verdict.');
  });

  it('signs a negative lift with U+2212, prints zero as +0.00, and undefined numbers as "–"', () => {
    const neg = comparison({ absoluteLift: -0.015, absoluteCi: [-0.031, 0.001], relativeLift: -0.075, relativeCi: [-0.15, 0.005], z: 0, pValue: 0.0009999, adjustedPValue: 0.0029997 });
    const zero = comparison({ variation: 'flat', absoluteLift: 0, absoluteCi: [-0.0049, 0.0049], relativeLift: NaN, relativeCi: [NaN, NaN], z: NaN, pValue: NaN, adjustedPValue: NaN });
    const exactly = comparison({ variation: 'edge', pValue: 0.001, adjustedPValue: 0.002 });
    const e = experiment({ exposed: population([armResult('holdout', 10, 0, { control: true })], [neg, zero, exactly]) });
    const text = formatReport(report({ experiments: [e] }));
    // Three comparisons: Holm's adjusted p-value in a last column, beside the raw one.
    expect(lineWith(text, 'vs control')).toMatch(/ p {2,}Holm p$/);
    expect(comparisonRow(text, 'help')).toEqual(['help', '−1.50', '−3.10 to +0.10', '−7.5%', '−15.0% to +0.5%', '0.00', '< 0.001', '0.003']);
    // An interval with no ends is one dash, not "– to –".
    expect(comparisonRow(text, 'flat')).toEqual(['flat', '+0.00', '−0.49 to +0.49', '–', '–', '–', '–', '–']);
    expect(comparisonRow(text, 'edge').slice(-2)).toEqual(['0.001', '0.002']);
  });

  it('lists checks failures first, then warnings, passes and skips, and the hygiene line and notes', () => {
    const text = formatReport(report());
    const checks = lines(text).filter((l) => l.startsWith('    ['));
    expect(checks).toEqual(['    [FAIL] Three disagree.', '    [warn] 56 users in two arms.', '    [ok  ] Split fine.', '    [skip] Audit skipped.']);
    expect(text).toContain('  Hygiene: 69,890 exposure events; 25 forced (QA) exposures from 8 users excluded; 56 users seen in more than one variation excluded.');
    expect(text).toContain('  Note: More than two arms: no correction.');
    expect(text).toContain('Experiment help-links-holdout (unit: user, bucket version 0)\n  Report this: +9.8 points.\n  Why this number: the triggered population passed its checks.\n  Control: holdout (its exposures are counterfactual: nothing rendered)');
    for (const l of lines(text)) expect(l).toBe(l.trimEnd());
  });

  it('prints tours with steps numbered from 1, and feedback shares with their intervals', () => {
    const text = formatReport(report({
      experiments: [],
      tours: [{ tour: 'welcome', version: 2, started: 6021, completed: 2968, completionRate: 2968 / 6021,
        steps: [{ step: 0, units: 6021, dropOff: 959, dropOffRate: 959 / 6021 }, { step: 1, units: 0, dropOff: 0, dropOffRate: NaN }],
        dismissals: [{ origin: 'close', units: 1272, events: 1300 }, { origin: 'escape', units: 571, events: 571 }] }],
      feedback: [{ item: 'reports-help', itemType: 'helpLink', answers: 1153, yes: 795, share: 795 / 1153, shareCi: [0.6624, 0.7164] }],
    }));
    expect(text).toContain('  welcome v2: 6,021 started, 2,968 completed (49.3%)');
    expect(cells(lineWith(text, '1  '))).toEqual(['1', '6,021', '100.0%', '959', '15.9%']);
    expect(cells(lineWith(text, '2  '))).toEqual(['2', '0', '0.0%', '0', '–']);
    expect(text).toContain('    Dismissed by: close 1,272, escape 571');
    expect(cells(lineWith(text, 'reports-help'))).toEqual(['reports-help', 'helpLink', '1,153', '795', '69.0%', '66.2% to 71.6%']);
  });

  it('heads the drop-off column by where people left ("left here"), not "dropped after" (wrong after Back)', () => {
    const text = formatReport(report({
      experiments: [],
      tours: [{ tour: 'welcome', version: 1, started: 10, completed: 6, completionRate: 0.6,
        steps: [{ step: 0, units: 10, dropOff: 0, dropOffRate: 0 }, { step: 1, units: 10, dropOff: 4, dropOffRate: 0.4 }, { step: 2, units: 10, dropOff: 0, dropOffRate: 0 }],
        dismissals: [] }],
    }));
    expect(cells(lineWith(text, 'step  '))).toEqual(['step', 'reached', 'of started', 'left here', 'drop-off']);
    expect(text).not.toContain('dropped after');
    expect(cells(lineWith(text, '2  '))).toEqual(['2', '10', '100.0%', '4', '40.0%']);
  });

  it('notes future-stamped rows and unlisted step numbers with the sentences the /results page shows too', () => {
    const text = formatReport(report({
      hygiene: { rowsRead: 10, unusableRows: 2, zonelessRows: 0, duplicateRowsDropped: 0, events: 8, futureRows: 2 },
      tours: [{ tour: 'welcome', version: 1, started: 1, completed: 0, completionRate: 0, steps: [{ step: 0, units: 1, dropOff: 1, dropOffRate: 1 }], stepsNotListed: 1, dismissals: [] }],
    }));
    expect(lines(text)).toContain(futureRowsNote(2));
    expect(futureRowsNote(2)).toMatch(/^2 rows are stamped more than an hour after the time of this analysis/);
    expect(futureRowsNote(1)).toMatch(/^1 row is stamped/);
    expect(lines(text)).toContain(`    ${stepsNotListedNote(1)}`);
    expect(stepsNotListedNote(1)).toBe('1 more step number from 101 on not listed: no tour has that many steps (junk in the logs?).');
    expect(stepsNotListedNote(2500)).toMatch(/^2,500 more step numbers/);
  });
});

describe('an experiment with no units counted yet', () => {
  it('prints no interval ("–", not "0.00% to 100.00%" or "– to –"), no z, and "Why:" for a recommendation without a number', () => {
    const empty = populationResult([], { arms: ['holdout', 'help'], weights: [0.5, 0.5], from: 'equal' }, 'holdout', 0.02, 3);
    const text = formatReport(report({
      experiments: [experiment({
        exposed: empty,
        checks: [{ id: 'split-exposed', status: empty.srm!.status, message: `Exposed users: ${empty.srm!.verdict}` }],
        recommendation: { population: null, headline: 'Nothing to report yet: no units counted.', why: 'With no units there is no split to check.' },
      })],
    }));
    expect(cells(lineWith(text, 'holdout (control)'))).toEqual(['holdout (control)', '0', '–', '50.0%', '0', '–', '–']);
    expect(comparisonRow(text, 'help')).toEqual(['help', '–', '–', '–', '–', '–', '–']);
    expect(text).not.toMatch(/0\.00% to 100\.00%|– to –|\[FAIL\]/);
    expect(lines(text)).toContain('    [skip] Exposed users: No units counted yet (3 still inside their window): there is no split to check yet.');
    expect(lines(text)).toContain('  Why: With no units there is no split to check.');
    // The split's verdict is printed once under the population, once in the checks: not twice in a row.
    expect(lines(text).filter((l) => l.includes('No units counted yet'))).toHaveLength(2);
  });
});

describe('a significant p-value next to 0.05', () => {
  it('prints a p below 0.05 so that it reads below 0.05 (2,100 per arm, 420 vs 472 conversions: p ≈ 0.0498)', () => {
    const row = (arm: string, converted: number): ArmRow => ({ population: 'exposed', experiment: 'x', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm, units: 2100, cf_units: 0, converted, goal_count: converted, early_units: 0, skew_units: 0 });
    const p = populationResult([row('holdout', 420), row('help', 472)], { arms: ['holdout', 'help'], weights: [0.5, 0.5], from: 'equal' }, 'holdout', 0.02, 0);
    const c = p.comparisons[0];
    // Textbook: p̂ = 892/4200, z = (52/2100) / √(p̂(1−p̂)·2/2100) = 1.962, two-sided p = 0.04978: below 0.05, rounds to 0.050.
    const ref = twoProportions(2100, 420, 2100, 472);
    expect(ref.p).toBeGreaterThan(0.0495);
    expect(ref.p).toBeLessThan(0.05);
    expect(c.pValue).toBeCloseTo(ref.p, 10);
    expect(c.significant).toBe(true);
    const text = formatReport(report({ experiments: [experiment({ exposed: p })] }));
    const printed = comparisonRow(text, 'help').at(-1)!;
    expect(Number(printed)).toBeLessThan(0.05);
    expect(c.summary).not.toContain('p = 0.050: significant');
  });
});

describe('the z column signs a negative value with "−", as every other column', () => {
  it('prints z = −1.83 with U+2212, like the lift beside it', () => {
    const e = experiment({ exposed: population([armResult('holdout', 10, 1, { control: true })], [comparison({ absoluteLift: -0.02, z: -1.834 })]) });
    const row = comparisonRow(formatReport(report({ experiments: [e] })), 'help');
    expect(row[1]).toBe('−2.00');
    expect(row[5]).toBe('−1.83');
  });
});

describe('control characters from event fields', () => {
  it('escapes ESC and newlines in experiment and variation keys (anyone who can post events chooses them)', () => {
    const e = experiment({
      experiment: 'x\u001b[2J\u001b[H',
      exposed: population([armResult('holdout', 10, 1, { control: true }), armResult('help\nReport this: +30.0 points, p < 0.001', 10, 5)], []),
    });
    const text = formatReport(report({ experiments: [e] }));
    expect(text).not.toContain('\u001b');
    expect(lines(text).filter((l) => l.startsWith('Report this'))).toEqual([]);
  });
});

describe('bidirectional controls from event fields', () => {
  it('are shown as escapes, as the C0 and C1 controls are: a U+202E in a name must not reverse the numbers after it', () => {
    const e = experiment({
      experiment: 'rtl\u202e',
      exposed: population([armResult('holdout', 10, 1, { control: true }), armResult('\u2067help\u200f\u061c\u202a\u200e\u2069', 10, 5)], []),
    });
    const text = formatReport(report({ experiments: [e] }));
    expect(text).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('Experiment rtl\\u202e (unit: user');
    expect(text).toContain('\\u2067help\\u200f\\u061c\\u202a\\u200e\\u2069');
  });

  it('prints the report\'s sentences without the isolates that hold names for the page', () => {
    // An arm named in right-to-left letters: populationResult isolates it in the summary and the split verdict.
    const rows: ArmRow[] = [
      { population: 'exposed', experiment: 'e', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm: 'ctl', units: 400, cf_units: 0, converted: 40, goal_count: 40, early_units: 0, skew_units: 0 },
      { population: 'exposed', experiment: 'e', bucket: 0, unit: 'user', mixed: 0, in_progress: 0, arm: '\u05e9\u202e', units: 400, cf_units: 0, converted: 60, goal_count: 60, early_units: 0, skew_units: 0 },
    ];
    const p = populationResult(rows, { arms: ['ctl', '\u05e9\u202e'], weights: [0.5, 0.5], from: 'equal' }, 'ctl', 0.02, 0);
    expect(p.comparisons[0].summary).toMatch(/^\u2068\u05e9\\u202e\u2069 vs ctl: /);
    const text = formatReport(report({ experiments: [experiment({ exposed: p })] }));
    expect(text).not.toMatch(/[\u2068\u2069\u202e]/);
    expect(text).toContain('    \u05e9\\u202e vs ctl: ');
  });
});

describe('text tables with names from the events', () => {
  it('stay aligned when a name holds a control character, and keep names left-aligned whatever they start with', () => {
    const e = experiment({
      exposed: population([armResult('a\u0000b', 2000, 200, { control: true }), armResult('<b>', 2000, 300), armResult('2x', 2000, 250)], []),
    });
    const table = lines(formatReport(report({ experiments: [e] }))).filter((l) => /^ {4}(variation|-{5}|a\\u0000b|<b>|2x)/.test(l));
    expect(table).toHaveLength(5);
    // Every row's "users" column ends at the same place, and the names start at the indent.
    const usersEnd = (line: string) => line.indexOf('2,000') + 5;
    expect(new Set(table.slice(2).map(usersEnd)).size).toBe(1);
    expect(table.slice(2).map((l) => l.slice(4, 12))).toEqual(['a\\u0000b', '<b>     ', '2x      ']);
  });
});

describe('unusable rows', () => {
  const hygiene = { rowsRead: 43, unusableRows: 3, zonelessRows: 0, duplicateRowsDropped: 0, events: 40 };
  it('names the lines that are not UTF-8 and gives that reason too', () => {
    const text = formatReport(report({ hygiene: { ...hygiene, unusableLines: [{ file: 'events.ndjson', lines: [21, 22, 23], notUtf8: [23] }] } }));
    expect(lines(text)[2]).toBe('Read 43 rows: 0 duplicate event_ids dropped, 3 unusable rows (no event_id or timestamp, or not UTF-8) skipped, 40 events analysed.');
    expect(lines(text)[3]).toBe('Unusable rows skipped: events.ndjson lines 21, 22, 23 (line 23 not UTF-8).');
    const plain = formatReport(report({ hygiene: { ...hygiene, unusableLines: [{ file: 'events.ndjson', lines: [2] }] } }));
    expect(lines(plain).slice(2, 4)).toEqual([
      'Read 43 rows: 0 duplicate event_ids dropped, 3 unusable rows (no event_id or timestamp) skipped, 40 events analysed.',
      'Unusable rows skipped: events.ndjson line 2 (the first ones).',
    ]);
  });
});
