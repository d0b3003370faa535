/**
 * The charts of the results page (./results-html.ts), as inline SVG: conversion per arm with
 * Wilson intervals, the lift with its interval against zero, tour funnels. No viewBox: positions
 * along a chart are percentages of the SVG's width and text is in CSS pixels, so on a phone a
 * chart narrows and its text stays 12 px. Each label sits above its bar, which leaves the bars
 * the whole width at any size. Names from the events are text: escaped, with their bidirectional
 * controls shown as escapes (a label is alone in its <text>), and isolated in titles and
 * descriptions, where they sit among numbers.
 */
import { interval, percent } from '../analysis/format';
import type { PopulationResult, TourResult } from '../analysis/report';
import { showBidiControls } from '../analysis/names';
import { escapeHtml, int, nameText, points, uid } from './results-markup';

const num = (x: number) => (Number.isFinite(x) ? +x.toFixed(2) : 0);
/** A position across a chart: a fraction of its width (clamped to the chart), as an SVG percentage. */
const across = (fraction: number) => `${num(Math.max(0, Math.min(1, fraction)) * 100)}%`;
/** A bar's label: alone in its <text>, so escaping its controls is enough. */
const barLabel = (name: string) => escapeHtml(showBidiControls(name));

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
export function conversionChart(title: string, result: PopulationResult): string {
  const arms = result.arms;
  if (!arms.some((a) => a.units > 0)) return '';
  const row = 44;
  const bottom = arms.length * row;
  const { top: max, step } = axis(Math.max(0.01, ...arms.map((a) => (Number.isFinite(a.rateCi[1]) ? a.rateCi[1] : 0))));
  const x = (v: number) => across(v / max);
  const desc = arms
    .map((a) => (a.units > 0 ? `${nameText(a.variation)}: ${percent(a.rate, 1)} (95% CI ${interval(a.rateCi, (v) => percent(v, 1))}) of ${int(a.units)}` : `${nameText(a.variation)}: no units yet`))
    .join('; ');
  const parts = ticks(steps(0, max, step), x, (v) => percent(v, 0), bottom);
  arms.forEach((a, i) => {
    const y = i * row;
    const rate = Number.isFinite(a.rate) ? a.rate : 0;
    parts.push(`<text class="label" x="0" y="${y + 14}">${barLabel(a.variation)}</text>`);
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
export function liftChart(result: PopulationResult): string {
  const rows = result.comparisons.filter((c) => Number.isFinite(c.absoluteCi[0]));
  if (!rows.length) return '';
  const row = 40;
  const bottom = rows.length * row;
  const extent = Math.max(0.01, ...rows.flatMap((c) => c.absoluteCi.map(Math.abs)));
  const { top: max, step } = axis(extent);
  const x = (v: number) => across((v + max) / (2 * max));
  const desc = rows.map((c) => `${nameText(c.variation)} vs ${nameText(c.control)}: ${points(c.absoluteLift)} points (95% CI ${interval(c.absoluteCi, points)})`).join('; ');
  const parts = ticks(steps(-max, max, step), x, points, bottom, true);
  rows.forEach((c, i) => {
    const y = i * row;
    parts.push(`<text class="label" x="0" y="${y + 14}">${barLabel(c.variation)}</text>`);
    parts.push(`<line class="whisker ${c.significant ? 'significant' : ''}" x1="${x(c.absoluteCi[0])}" x2="${x(c.absoluteCi[1])}" y1="${y + 27}" y2="${y + 27}"/>`);
    parts.push(`<circle class="point ${c.significant ? 'significant' : ''}" cx="${x(c.absoluteLift)}" cy="${y + 27}" r="5"/>`);
  });
  return chart('Lift over control, in percentage points, with 95% intervals', desc, bottom + 22, parts);
}

/** A tour funnel: one bar per step (people who reached it), then completions; each count above its bar's end. */
export function funnelChart(t: TourResult): string {
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
  return chart(`Funnel of ${nameText(t.tour)} version ${t.version}: people reaching each step`, desc, bars.length * row, parts);
}

