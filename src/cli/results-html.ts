/**
 * The results page of `guidepost serve` (GET /results), rendered on the server: tables, and
 * charts as inline SVG (./results-charts.ts). No inline script or style anywhere, so the page
 * works under the demo's strict Content-Security-Policy; colours come from /results.css by class.
 *
 * Names from the events (experiments, arms, unit kinds, tours, items, origins) are text, each
 * isolated in a <bdi> (./results-markup.ts), in tables and inside the report's sentences alike:
 * a right-to-left name, or a bidirectional control in one, must not reorder the numbers beside it.
 */
import { futureRowsNote, interval, otherUnusableRows, percent, stepsNotListedNote, unusableLinesNote, unusableReason } from '../analysis/format';
import type { AnalysisReport, ExperimentResult, PopulationResult, TourResult } from '../analysis/report';
import { showBidiControls } from '../analysis/names';
import { conversionChart, funnelChart, liftChart } from './results-charts';
import { escapeHtml, int, nameHtml, nameText, points, pText, resetIds, sentenceHtml, uid } from './results-markup';

export interface ResultsState {
  status: 'ok' | 'no-events' | 'duckdb-missing' | 'error';
  /** Changes whenever the events file changes: the page re-renders when it does. */
  version: string;
  generatedAt: string;
  message?: string;
  report?: AnalysisReport;
}

/**
 * A table in a region that scrolls sideways on its own, so a phone's narrow screen scrolls the
 * table and not the page; the region is focusable (keyboard users can scroll it) and named by
 * the table's caption, or `name` where captions repeat (each region's name must be unique).
 * `caption` is HTML, `name` plain text (an attribute holds no markup), both escaped.
 */
const scrollingTable = (caption: string, rows: string, name = caption) =>
  `<div class="table-scroll" role="region" tabindex="0" aria-label="${name}"><table><caption>${caption}</caption>\n${rows}</table></div>`;
/** An interval cell: "not available" rather than "– to –" or Wilson's "0% to 100%" of no units. */
const range = (ci: readonly [number, number], show: (x: number) => string) => interval(ci, show, '<span class="muted">not available</span>');

function population(heading: string, result: PopulationResult, unit: string, experiment: string): string {
  if (!result.available) return `<h3>${escapeHtml(heading)}</h3><p class="muted">Unavailable: ${sentenceHtml(result.reason ?? '')}.</p>`;
  const arms = result.arms
    .map(
      (a) => `<tr><th scope="row">${nameHtml(a.variation)}${a.control ? ' <span class="tag">control</span>' : ''}${a.counterfactual ? ' <span class="tag">holdout</span>' : ''}</th>
<td>${int(a.units)}</td><td>${percent(a.observedShare)} <span class="muted">(${percent(a.expectedShare)})</span></td><td>${int(a.converted)}</td><td>${percent(a.rate, 2)}</td><td>${range(a.rateCi, (x) => percent(x, 2))}</td></tr>`,
    )
    .join('\n');
  // Several arms: Holm's adjusted p-value beside the raw one, as `guidepost analyze` prints it
  // ("significant" is decided on the adjusted one); with one comparison they are the same.
  const holm = result.comparisons.length > 1;
  const comparisons = result.comparisons
    .map(
      (c) => `<tr><th scope="row">${nameHtml(c.variation)}</th><td>${points(c.absoluteLift)}</td><td>${range(c.absoluteCi, points)}</td>
<td>${Number.isFinite(c.relativeLift) ? `${points(c.relativeLift)}%` : '–'}</td><td>${range(c.relativeCi, (x) => `${points(x)}%`)}</td><td>${pText(c.pValue)}</td>${holm ? `<td>${pText(c.adjustedPValue ?? NaN)}</td>` : ''}</tr>`,
    )
    .join('\n');
  const srm = result.srm;
  // The region names are attributes (plain text): the names in them are isolated with FSI/PDI.
  const region = (what: string) => `${escapeHtml(heading)}: ${what} (${escapeHtml(nameText(experiment))})`;
  return `<h3>${escapeHtml(heading)}</h3>
${scrollingTable(`Conversion per arm (${nameHtml(experiment)})`, `<thead><tr><th scope="col">Variation</th><th scope="col">${nameHtml(unit)}s</th><th scope="col">Share (expected)</th><th scope="col">Converted</th><th scope="col">Rate</th><th scope="col">95% CI (Wilson)</th></tr></thead>
<tbody>${arms}</tbody>`, region('conversion per arm'))}
${conversionChart(`Conversion per arm with 95% intervals (${nameText(experiment)})`, result)}
${
  comparisons
    ? `${scrollingTable(`Lift over the control`, `<thead><tr><th scope="col">Variation</th><th scope="col">Lift (points)</th><th scope="col">95% CI</th><th scope="col">Relative</th><th scope="col">95% CI (log ratio)</th><th scope="col">p-value</th>${holm ? '<th scope="col">Holm-adjusted p</th>' : ''}</tr></thead>
<tbody>${comparisons}</tbody>`, region('lift over the control'))}
${liftChart(result)}
<ul class="summary">${result.comparisons.map((c) => `<li>${sentenceHtml(c.summary)}</li>`).join('')}</ul>`
    : ''
}
${srm ? `<p class="verdict ${VERDICT_CLASS[srm.status]}"><strong>${srmLabel(srm)}</strong> ${sentenceHtml(srm.verdict)}</p>` : ''}`;
}

/** The split check's label: no units yet is not a mismatch, and not a failure (the verdict says why). */
const srmLabel = (srm: NonNullable<PopulationResult['srm']>) =>
  srm.status === 'pass' ? 'Split as configured.' : srm.status === 'skipped' ? 'Split not checked yet.' : srm.mismatch && !srm.emptyArms.length ? 'Sample-ratio mismatch.' : 'Split check failed.';

/** Red only for a failure: a check that could not run yet is neutral, like its "Not checked" label. */
const VERDICT_CLASS = { pass: 'ok', fail: 'alert', warn: 'alert', skipped: 'pending' } as const;

const STATUS_TEXT = { pass: 'OK', fail: 'Failed', warn: 'Warning', skipped: 'Not checked' } as const;

/** The checks as a list, failures first: the same verdicts as the text report and the JSON. */
function checks(e: ExperimentResult): string {
  const order = { fail: 0, warn: 1, pass: 2, skipped: 3 };
  const items = [...e.checks]
    .sort((a, b) => order[a.status] - order[b.status])
    .map((c) => `<li class="check check-${c.status}" data-check="${c.id}" data-status="${c.status}"><strong>${STATUS_TEXT[c.status]}:</strong> ${sentenceHtml(c.message)}</li>`)
    .join('\n');
  return `<h3>Checks</h3>\n<ul class="checks">${items}</ul>`;
}

function experiment(e: ExperimentResult): string {
  const h = e.hygiene;
  const r = e.recommendation;
  // Keys come from the events (any text, spaces included): an id built from one could name
  // several ids in aria-labelledby, or none. A counter is always one valid, unique id.
  const headingId = uid('experiment');
  // No number is an alert only when a check failed; with nothing checked yet it is neutral, as
  // is an interim look (units still inside their window counted: nothing to report yet).
  const tone = r.interim ? 'pending' : r.population ? 'ok' : e.checks.some((c) => c.status === 'fail') ? 'alert' : 'pending';
  // What results.js compares to decide whether a refresh is worth announcing: the number to
  // report and the checks' statuses, not the figures, which move with every event.
  const verdict = r.interim ? 'interim' : r.population ? `${r.population}:${r.comparison?.significant ? 'significant' : 'not-significant'}` : tone;
  return `<section class="experiment" aria-labelledby="${headingId}">
<h2 id="${headingId}">Experiment ${nameHtml(e.experiment)}</h2>
<p class="verdict ${tone} recommendation" data-verdict="${verdict}"><strong>${sentenceHtml(r.headline)}</strong> ${sentenceHtml(r.why)}</p>
<p class="muted">Unit: ${nameHtml(e.unit)} · bucket version ${e.bucketVersion} · control: ${nameHtml(e.control)}</p>
${checks(e)}
${population('Exposed units (triggered analysis)', e.exposed, e.unit, e.experiment)}
${population('Intent-to-treat (assigned units)', e.intentToTreat, e.unit, e.experiment)}
<h3>Hygiene</h3>
<p class="muted">${int(h.exposureEvents)} exposure events; ${int(h.forcedEvents)} forced (QA) exposures from ${int(h.forcedUnits)} ${nameHtml(e.unit)}s excluded; ${int(h.multiVariationUnits)} ${nameHtml(e.unit)}s seen in more than one variation excluded.</p>
${e.notes.map((n) => `<p class="muted">${sentenceHtml(n)}</p>`).join('\n')}
</section>`;
}

function tours(list: TourResult[]): string {
  if (!list.length) return '';
  return `<section aria-labelledby="tours-heading"><h2 id="tours-heading">Tours</h2>
${list
  .map(
    (t) => `<h3>${nameHtml(t.tour)} v${t.version}</h3>
<p>${int(t.started)} started, ${int(t.completed)} completed (${percent(t.completionRate)}).${t.dismissals.length ? ` Dismissed by: ${t.dismissals.map((d) => `${nameHtml(d.origin)} ${int(d.units)}`).join(', ')}.` : ''}</p>
${funnelChart(t)}
${scrollingTable(`Steps of ${nameHtml(t.tour)} v${t.version}`, `<thead><tr><th scope="col">Step</th><th scope="col">Reached</th><th scope="col">Of started</th><th scope="col">Left here</th><th scope="col">Drop-off</th></tr></thead>
<tbody>${t.steps.map((s) => `<tr><th scope="row">${s.step + 1}</th><td>${int(s.units)}</td><td>${percent(t.started > 0 ? s.units / t.started : NaN)}</td><td>${int(s.dropOff)}</td><td>${percent(s.dropOffRate)}</td></tr>`).join('')}</tbody>`, `Steps of ${escapeHtml(nameText(t.tour))} v${t.version}`)}
${t.stepsNotListed ? `<p class="muted steps-not-listed">${escapeHtml(stepsNotListedNote(t.stepsNotListed))}</p>` : ''}`,
  )
  .join('\n')}
</section>`;
}

function feedback(report: AnalysisReport): string {
  if (!report.feedback.length) return '';
  return `<section aria-labelledby="feedback-heading"><h2 id="feedback-heading">Was this helpful?</h2>
${scrollingTable(`Latest answer per person, per item`, `<thead><tr><th scope="col">Item</th><th scope="col">Type</th><th scope="col">Answers</th><th scope="col">Yes</th><th scope="col">Share yes</th><th scope="col">95% CI (Wilson)</th></tr></thead>
<tbody>${report.feedback.map((f) => `<tr><th scope="row">${nameHtml(f.item)}</th><td>${nameHtml(f.itemType)}</td><td>${int(f.answers)}</td><td>${int(f.yes)}</td><td>${percent(f.share)}</td><td>${range(f.shareCi, (x) => percent(x))}</td></tr>`).join('')}</tbody>`)}
</section>`;
}

/**
 * The warning `guidepost analyze` prints on unusable rows (not UTF-8, not JSON, no event_id
 * or timestamp), with the same words and the first lines where they are; none without any.
 */
function unusableRows(h: AnalysisReport['hygiene']): string {
  const count = otherUnusableRows(h);
  if (count <= 0) return '';
  const where = unusableLinesNote(h);
  return `<p class="verdict alert unusable-rows"><strong>${int(count)} unusable ${count === 1 ? 'row' : 'rows'} (${unusableReason(h)}) skipped.</strong>${where ? ` ${escapeHtml(showBidiControls(where))}` : ''}</p>`;
}

/** The inside of <main>: what results.js swaps in when the data changes. */
export function renderMain(state: ResultsState): string {
  resetIds();
  if (state.status === 'duckdb-missing') {
    return `<section class="notice" aria-labelledby="setup-heading"><h2 id="setup-heading">Install DuckDB to see results</h2>
<p>The results page aggregates the collected events with DuckDB, an optional dependency (a native binary the SDK itself never needs). Install it next to guidepost and reload:</p>
<pre><code>npm install --save-dev @duckdb/node-api</code></pre></section>`;
  }
  // The message may name experiments or arms from the events (an --experiment or --control that
  // names none of them lists those there are): isolated like every sentence of the report.
  if (state.status === 'error') return `<section class="notice alert"><h2>Could not analyse the events</h2><p>${sentenceHtml(state.message ?? '')}</p></section>`;
  if (state.status === 'no-events' || !state.report) {
    return `<section class="notice"><h2>No events yet</h2><p>${escapeHtml(state.message ?? 'Use the app: exposures and goals appear here as the collector receives them.')}</p></section>`;
  }
  const r = state.report;
  return `<p class="muted">Goal <strong>${nameHtml(r.goal)}</strong> within ${+r.windowDays.toFixed(3)} days of each unit's first exposure · ${int(r.hygiene.events)} events (${int(r.hygiene.duplicateRowsDropped)} duplicates dropped) · data as of ${escapeHtml(r.asOf ?? '–')} UTC · 95% intervals.</p>
${r.hygiene.zonelessRows > 0 ? `<p class="verdict alert zoneless"><strong>${int(r.hygiene.zonelessRows)} ${r.hygiene.zonelessRows === 1 ? 'event has' : 'events have'} a timestamp without a time zone</strong> and are left out: the moment they name depends on the reader's zone.</p>` : ''}
${r.hygiene.futureRows ? `<p class="verdict alert future-rows">${escapeHtml(futureRowsNote(r.hygiene.futureRows))}</p>` : ''}
${unusableRows(r.hygiene)}
${r.experiments.length ? r.experiments.map(experiment).join('\n') : '<section class="notice"><h2>No experiment exposures yet</h2><p>Exposures of items in an experiment appear here.</p></section>'}
${tours(r.tours)}
${feedback(r)}`;
}

/**
 * The whole page. `command` is the `guidepost analyze` command line that gives the same numbers
 * (see ./results-command.ts): plain text, escaped here. The header keeps the time of the last
 * update as plain text and an empty polite live region (#results-status) that results.js fills
 * only when a verdict changes; the version lives on <main>, whose inside it swaps.
 */
export function renderPage(state: ResultsState, command: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Guidepost results</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/results.css">
<script src="/results.js" defer></script>
</head>
<body>
<header class="top"><h1>Did the help work?</h1>
<p class="refresh"><span id="results-updated">Updated ${escapeHtml(new Date(state.generatedAt).toLocaleTimeString('en-GB', { timeZone: 'UTC' }))} UTC.</span> <span id="results-mode">Refreshes as events arrive.</span> <button type="button" id="results-pause" aria-pressed="false" hidden>Pause updates</button></p>
<p id="results-status" role="status"></p></header>
<main id="results" data-version="${escapeHtml(state.version)}">
${renderMain(state)}
</main>
<footer class="muted"><p>Computed by <code>guidepost analyze</code> over the collector's events; the same numbers from the command line: <code class="command">${escapeHtml(command)}</code>.</p></footer>
</body>
</html>
`;
}
