/**
 * The results page of `guidepost serve` (GET /results), rendered on the server: tables, and
 * charts as inline SVG (conversion per arm with Wilson intervals, the lift with its interval
 * against zero, tour funnels). No inline script or style anywhere, so the page works under
 * the demo's strict Content-Security-Policy; colours come from /results.css by class.
 *
 * The charts have no viewBox: positions along them are percentages of the SVG's width and
 * text is in CSS pixels, so on a phone a chart narrows and its text stays 12 px (a 560-unit
 * viewBox scaled everything, text included, to 7.5 px on a 390 px screen). Each label sits
 * above its bar, which leaves the bars the whole width at any size.
 */
import { futureRowsNote, interval, percent, stepsNotListedNote } from '../analysis/format';
import type { AnalysisReport, ExperimentResult, PopulationResult, TourResult } from '../analysis/report';

export interface ResultsState {
  status: 'ok' | 'no-events' | 'duckdb-missing' | 'error';
  /** Changes whenever the events file changes: the page re-renders when it does. */
  version: string;
  generatedAt: string;
  message?: string;
  report?: AnalysisReport;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * A table in a region that scrolls sideways on its own, so a phone's narrow screen scrolls the
 * table and not the page; the region is focusable (keyboard users can scroll it) and named by
 * the table's caption, or `name` where captions repeat (each region's name must be unique).
 * `caption` and `name` are HTML, already escaped.
 */
const scrollingTable = (caption: string, rows: string, name = caption) =>
  `<div class="table-scroll" role="region" tabindex="0" aria-label="${name}"><table><caption>${caption}</caption>\n${rows}</table></div>`;
const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const points = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}` : '–');
const pText = (p: number) => (!Number.isFinite(p) ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3));
const num = (x: number) => (Number.isFinite(x) ? +x.toFixed(2) : 0);
/** A position across a chart: a fraction of its width (clamped to the chart), as an SVG percentage. */
const across = (fraction: number) => `${num(Math.max(0, Math.min(1, fraction)) * 100)}%`;
/** An interval cell: "not available" rather than "– to –" or Wilson's "0% to 100%" of no units. */
const range = (ci: readonly [number, number], show: (x: number) => string) => interval(ci, show, '<span class="muted">not available</span>');

let idCounter = 0;
const uid = (prefix: string) => `${prefix}-${++idCounter}`;

/** A nice axis maximum and tick step for values up to `max` (a proportion). */
function axis(max: number): { top: number; step: number } {
  const candidates = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1];
  const top = candidates.find((c) => c >= max * 1.1) ?? 1;
  return { top, step: top / 5 };
}

/**
 * Vertical grid lines and their labels under the rows, at `values` placed by `at`: the first
 * label starts at its line and the last ends at it, so neither hangs outside the chart. With
 * `zero`, the line at 0 is drawn as the zero line, and every other label counted from it is
 * "minor": a narrow screen hides those (results.css), as eleven labels of 12 px text overlap
 * on a phone while the lines alone still show the scale.
 */
function ticks(values: number[], at: (v: number) => string, label: (v: number) => string, bottom: number, zero = false): string[] {
  const origin = zero ? values.findIndex((v) => Math.abs(v) < 1e-9) : 0;
  return values.flatMap((v, i) => {
    const anchor = i === 0 ? 'start' : i === values.length - 1 ? 'end' : 'middle';
    const minor = zero && Math.abs(i - origin) % 2 === 1 ? ' minor' : '';
    return [
      `<line class="${zero && i === origin ? 'zero' : 'grid'}" x1="${at(v)}" x2="${at(v)}" y1="0" y2="${bottom}"/>`,
      `<text class="tick${minor}" x="${at(v)}" y="${bottom + 16}" text-anchor="${anchor}">${label(v)}</text>`,
    ];
  });
}

/** `from` to `to` by `step`, without floating-point drift past `to`. */
const steps = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);

/** An SVG chart in a figure, named by its title and described by `desc` (both plain text). */
function chart(title: string, desc: string, height: number, parts: string[]): string {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  return `<figure class="chart"><svg role="img" aria-labelledby="${titleId} ${descId}" width="100%" height="${height}">
<title id="${titleId}">${escapeHtml(title)}</title><desc id="${descId}">${escapeHtml(desc)}</desc>
${parts.join('\n')}
</svg></figure>`;
}

/**
 * Conversion per arm: a bar to the rate and a whisker for its 95% Wilson interval. None when
 * no arm has units: an empty axis to 100% would only suggest a scale the data does not have.
 */
function conversionChart(title: string, result: PopulationResult): string {
  const arms = result.arms;
  if (!arms.some((a) => a.units > 0)) return '';
  const row = 44;
  const bottom = arms.length * row;
  const { top: max, step } = axis(Math.max(0.01, ...arms.map((a) => (Number.isFinite(a.rateCi[1]) ? a.rateCi[1] : 0))));
  const x = (v: number) => across(v / max);
  const desc = arms
    .map((a) => (a.units > 0 ? `${a.variation}: ${percent(a.rate, 1)} (95% CI ${interval(a.rateCi, (v) => percent(v, 1))}) of ${int(a.units)}` : `${a.variation}: no units yet`))
    .join('; ');
  const parts = ticks(steps(0, max, step), x, (v) => percent(v, 0), bottom);
  arms.forEach((a, i) => {
    const y = i * row;
    const rate = Number.isFinite(a.rate) ? a.rate : 0;
    parts.push(`<text class="label" x="0" y="${y + 14}">${escapeHtml(a.variation)}</text>`);
    parts.push(`<rect class="bar ${a.control ? 'bar-control' : 'bar-treatment'}" x="0" y="${y + 20}" width="${x(rate)}" height="16"/>`);
    if (a.units > 0) {
      const [lo, hi] = [x(a.rateCi[0]), x(a.rateCi[1])];
      parts.push(`<line class="whisker" x1="${lo}" x2="${hi}" y1="${y + 28}" y2="${y + 28}"/>`);
      parts.push(`<line class="whisker" x1="${lo}" x2="${lo}" y1="${y + 22}" y2="${y + 34}"/>`);
      parts.push(`<line class="whisker" x1="${hi}" x2="${hi}" y1="${y + 22}" y2="${y + 34}"/>`);
    }
  });
  return chart(title, desc, bottom + 22, parts);
}

/** The lift of each arm over control, in points, with its 95% interval against the zero line. */
function liftChart(result: PopulationResult): string {
  const rows = result.comparisons.filter((c) => Number.isFinite(c.absoluteCi[0]));
  if (!rows.length) return '';
  const row = 40;
  const bottom = rows.length * row;
  const extent = Math.max(0.01, ...rows.flatMap((c) => c.absoluteCi.map(Math.abs)));
  const { top: max, step } = axis(extent);
  const x = (v: number) => across((v + max) / (2 * max));
  const desc = rows.map((c) => `${c.variation} vs ${c.control}: ${points(c.absoluteLift)} points (95% CI ${interval(c.absoluteCi, points)})`).join('; ');
  const parts = ticks(steps(-max, max, step), x, points, bottom, true);
  rows.forEach((c, i) => {
    const y = i * row;
    parts.push(`<text class="label" x="0" y="${y + 14}">${escapeHtml(c.variation)}</text>`);
    parts.push(`<line class="whisker ${c.significant ? 'significant' : ''}" x1="${x(c.absoluteCi[0])}" x2="${x(c.absoluteCi[1])}" y1="${y + 27}" y2="${y + 27}"/>`);
    parts.push(`<circle class="point ${c.significant ? 'significant' : ''}" cx="${x(c.absoluteLift)}" cy="${y + 27}" r="5"/>`);
  });
  return chart('Lift over control, in percentage points, with 95% intervals', desc, bottom + 22, parts);
}

function population(heading: string, result: PopulationResult, unit: string, experiment: string): string {
  if (!result.available) return `<h3>${escapeHtml(heading)}</h3><p class="muted">Unavailable: ${escapeHtml(result.reason ?? '')}.</p>`;
  const arms = result.arms
    .map(
      (a) => `<tr><th scope="row">${escapeHtml(a.variation)}${a.control ? ' <span class="tag">control</span>' : ''}${a.counterfactual ? ' <span class="tag">holdout</span>' : ''}</th>
<td>${int(a.units)}</td><td>${percent(a.observedShare)} <span class="muted">(${percent(a.expectedShare)})</span></td><td>${int(a.converted)}</td><td>${percent(a.rate, 2)}</td><td>${range(a.rateCi, (x) => percent(x, 2))}</td></tr>`,
    )
    .join('\n');
  const comparisons = result.comparisons
    .map(
      (c) => `<tr><th scope="row">${escapeHtml(c.variation)}</th><td>${points(c.absoluteLift)}</td><td>${range(c.absoluteCi, points)}</td>
<td>${Number.isFinite(c.relativeLift) ? `${points(c.relativeLift)}%` : '–'}</td><td>${range(c.relativeCi, (x) => `${points(x)}%`)}</td><td>${pText(c.pValue)}</td></tr>`,
    )
    .join('\n');
  const srm = result.srm;
  return `<h3>${escapeHtml(heading)}</h3>
${scrollingTable(`Conversion per arm (${escapeHtml(experiment)})`, `<thead><tr><th scope="col">Variation</th><th scope="col">${escapeHtml(unit)}s</th><th scope="col">Share (expected)</th><th scope="col">Converted</th><th scope="col">Rate</th><th scope="col">95% CI (Wilson)</th></tr></thead>
<tbody>${arms}</tbody>`, `${escapeHtml(heading)}: conversion per arm (${escapeHtml(experiment)})`)}
${conversionChart(`Conversion per arm with 95% intervals (${experiment})`, result)}
${
  comparisons
    ? `${scrollingTable(`Lift over the control`, `<thead><tr><th scope="col">Variation</th><th scope="col">Lift (points)</th><th scope="col">95% CI</th><th scope="col">Relative</th><th scope="col">95% CI (log ratio)</th><th scope="col">p-value</th></tr></thead>
<tbody>${comparisons}</tbody>`, `${escapeHtml(heading)}: lift over the control (${escapeHtml(experiment)})`)}
${liftChart(result)}
<ul class="summary">${result.comparisons.map((c) => `<li>${escapeHtml(c.summary)}</li>`).join('')}</ul>`
    : ''
}
${srm ? `<p class="verdict ${VERDICT_CLASS[srm.status]}"><strong>${srmLabel(srm)}</strong> ${escapeHtml(srm.verdict)}</p>` : ''}`;
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
    .map((c) => `<li class="check check-${c.status}" data-check="${c.id}" data-status="${c.status}"><strong>${STATUS_TEXT[c.status]}:</strong> ${escapeHtml(c.message)}</li>`)
    .join('\n');
  return `<h3>Checks</h3>\n<ul class="checks">${items}</ul>`;
}

function experiment(e: ExperimentResult): string {
  const h = e.hygiene;
  const r = e.recommendation;
  // Keys come from the events (any text, spaces included): an id built from one could name
  // several ids in aria-labelledby, or none. A counter is always one valid, unique id.
  const headingId = uid('experiment');
  // No number is an alert only when a check failed; with nothing checked yet it is neutral.
  const tone = r.population ? 'ok' : e.checks.some((c) => c.status === 'fail') ? 'alert' : 'pending';
  // What results.js compares to decide whether a refresh is worth announcing: the number to
  // report and the checks' statuses, not the figures, which move with every event.
  const verdict = r.population ? `${r.population}:${r.comparison?.significant ? 'significant' : 'not-significant'}` : tone;
  return `<section class="experiment" aria-labelledby="${headingId}">
<h2 id="${headingId}">Experiment ${escapeHtml(e.experiment)}</h2>
<p class="verdict ${tone} recommendation" data-verdict="${verdict}"><strong>${escapeHtml(r.headline)}</strong> ${escapeHtml(r.why)}</p>
<p class="muted">Unit: ${escapeHtml(e.unit)} · bucket version ${e.bucketVersion} · control: ${escapeHtml(e.control)}</p>
${checks(e)}
${population('Exposed units (triggered analysis)', e.exposed, e.unit, e.experiment)}
${population('Intent-to-treat (assigned units)', e.intentToTreat, e.unit, e.experiment)}
<h3>Hygiene</h3>
<p class="muted">${int(h.exposureEvents)} exposure events; ${int(h.forcedEvents)} forced (QA) exposures from ${int(h.forcedUnits)} ${escapeHtml(e.unit)}s excluded; ${int(h.multiVariationUnits)} ${escapeHtml(e.unit)}s seen in more than one variation excluded.</p>
${e.notes.map((n) => `<p class="muted">${escapeHtml(n)}</p>`).join('\n')}
</section>`;
}

/** A tour funnel: one bar per step (people who reached it), then completions; each count above its bar's end. */
function funnelChart(t: TourResult): string {
  const bars = [...t.steps.map((s) => ({ label: `Step ${s.step + 1}`, value: s.units, done: false })), { label: 'Completed', value: t.completed, done: true }];
  const row = 40;
  const max = Math.max(1, t.started, ...bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)));
  const desc = bars.map((b) => `${b.label}: ${int(b.value)}`).join('; ');
  const parts = bars.map((b, i) => {
    const y = i * row;
    return `<text class="label" x="0" y="${y + 14}">${b.label}</text>
<text class="value" x="100%" y="${y + 14}" text-anchor="end">${int(b.value)}</text>
<rect class="bar ${b.done ? 'bar-done' : 'bar-step'}" x="0" y="${y + 20}" width="${across(b.value / max)}" height="16"/>`;
  });
  return chart(`Funnel of ${t.tour} version ${t.version}: people reaching each step`, desc, bars.length * row, parts);
}

function tours(list: TourResult[]): string {
  if (!list.length) return '';
  return `<section aria-labelledby="tours-heading"><h2 id="tours-heading">Tours</h2>
${list
  .map(
    (t) => `<h3>${escapeHtml(t.tour)} v${t.version}</h3>
<p>${int(t.started)} started, ${int(t.completed)} completed (${percent(t.completionRate)}).${t.dismissals.length ? ` Dismissed by: ${t.dismissals.map((d) => `${escapeHtml(d.origin)} ${int(d.units)}`).join(', ')}.` : ''}</p>
${funnelChart(t)}
${scrollingTable(`Steps of ${escapeHtml(t.tour)} v${t.version}`, `<thead><tr><th scope="col">Step</th><th scope="col">Reached</th><th scope="col">Of started</th><th scope="col">Left here</th><th scope="col">Drop-off</th></tr></thead>
<tbody>${t.steps.map((s) => `<tr><th scope="row">${s.step + 1}</th><td>${int(s.units)}</td><td>${percent(t.started > 0 ? s.units / t.started : NaN)}</td><td>${int(s.dropOff)}</td><td>${percent(s.dropOffRate)}</td></tr>`).join('')}</tbody>`)}
${t.stepsNotListed ? `<p class="muted steps-not-listed">${escapeHtml(stepsNotListedNote(t.stepsNotListed))}</p>` : ''}`,
  )
  .join('\n')}
</section>`;
}

function feedback(report: AnalysisReport): string {
  if (!report.feedback.length) return '';
  return `<section aria-labelledby="feedback-heading"><h2 id="feedback-heading">Was this helpful?</h2>
${scrollingTable(`Latest answer per person, per item`, `<thead><tr><th scope="col">Item</th><th scope="col">Type</th><th scope="col">Answers</th><th scope="col">Yes</th><th scope="col">Share yes</th><th scope="col">95% CI (Wilson)</th></tr></thead>
<tbody>${report.feedback.map((f) => `<tr><th scope="row">${escapeHtml(f.item)}</th><td>${escapeHtml(f.itemType)}</td><td>${int(f.answers)}</td><td>${int(f.yes)}</td><td>${percent(f.share)}</td><td>${range(f.shareCi, (x) => percent(x))}</td></tr>`).join('')}</tbody>`)}
</section>`;
}

/** The inside of <main>: what results.js swaps in when the data changes. */
export function renderMain(state: ResultsState): string {
  idCounter = 0;
  if (state.status === 'duckdb-missing') {
    return `<section class="notice" aria-labelledby="setup-heading"><h2 id="setup-heading">Install DuckDB to see results</h2>
<p>The results page aggregates the collected events with DuckDB, an optional dependency (a native binary the SDK itself never needs). Install it next to guidepost and reload:</p>
<pre><code>npm install --save-dev @duckdb/node-api</code></pre></section>`;
  }
  if (state.status === 'error') return `<section class="notice alert"><h2>Could not analyse the events</h2><p>${escapeHtml(state.message ?? '')}</p></section>`;
  if (state.status === 'no-events' || !state.report) {
    return `<section class="notice"><h2>No events yet</h2><p>${escapeHtml(state.message ?? 'Use the app: exposures and goals appear here as the collector receives them.')}</p></section>`;
  }
  const r = state.report;
  return `<p class="muted">Goal <strong>${escapeHtml(r.goal)}</strong> within ${+r.windowDays.toFixed(3)} days of each unit's first exposure · ${int(r.hygiene.events)} events (${int(r.hygiene.duplicateRowsDropped)} duplicates dropped) · data as of ${escapeHtml(r.asOf ?? '–')} UTC · 95% intervals.</p>
${r.hygiene.zonelessRows > 0 ? `<p class="verdict alert zoneless"><strong>${int(r.hygiene.zonelessRows)} ${r.hygiene.zonelessRows === 1 ? 'event has' : 'events have'} a timestamp without a time zone</strong> and are left out: the moment they name depends on the reader's zone.</p>` : ''}
${r.hygiene.futureRows ? `<p class="verdict alert future-rows">${escapeHtml(futureRowsNote(r.hygiene.futureRows))}</p>` : ''}
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
