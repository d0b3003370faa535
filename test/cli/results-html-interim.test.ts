/**
 * src/cli/results-html.ts: an interim look (units still inside their window counted, see
 * src/analysis/report-interim.ts) is shown as pending on /results, not in the "ok" tone of a
 * number to report, and results.js sees its own verdict ("interim") change to the final one.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, type ReportOptions } from '../../src/analysis/report';
import type { AggregateRows, ArmRow } from '../../src/analysis/sql';
import { renderMain } from '../../src/cli/results-html';

const DAY = 86_400_000;
const arm = (name: string, inProgress: 0 | 1, converted: number): ArmRow => ({
  population: 'exposed', experiment: 'exp', bucket: 0, unit: 'user', mixed: 0, in_progress: inProgress, arm: name,
  units: 2000, cf_units: 0, converted, goal_count: converted, early_units: 0, skew_units: 0,
});
const rows = (inProgress: 0 | 1): AggregateRows => ({
  hygiene: { rows_read: 0, usable: 0, distinct_usable: 0, zoneless: 0, future: 0, end_ms: Date.parse('2026-01-04T00:00:00Z') },
  arms: [arm('control', inProgress, 780), arm('treatment', inProgress, 900)], consistency: [], exposures: [], tours: [], feedback: [], goal_names: [{ goal_name: 'upgraded', events: 100 }],
});
const OPTIONS: ReportOptions = { goal: 'upgraded', windowMs: 28 * DAY, includeInProgress: true };
const page = (inProgress: 0 | 1) => renderMain({ status: 'ok', version: 'v', generatedAt: '2026-01-04T00:00:00Z', report: buildReport(rows(inProgress), OPTIONS) });

describe('/results: an interim look', () => {
  it('is pending, with the interim verdict and no "Report this"', () => {
    const html = page(1);
    expect(html).toMatch(/<p class="verdict pending recommendation" data-verdict="interim"><strong>Interim look, not a result to report yet: /);
    expect(html).not.toContain('Report this');
  });

  it('once every window has closed: the number to report, as before', () => {
    expect(page(0)).toMatch(/<p class="verdict ok recommendation" data-verdict="exposed:significant"><strong>Report this: /);
  });
});
