/**
 * The small pieces the results page (./results-html.ts, ./results-charts.ts) builds its markup
 * from: escaping, names from the events, numbers as the page prints them, element ids.
 */
import { pDigits } from '../analysis/human';
import { isolate, isolatesToHtml, showBidiControls } from '../analysis/names';

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * A name from the events as HTML: escaped, its bidirectional controls shown as escapes, and
 * isolated in a <bdi>, so that a right-to-left name (or a U+202E in it) reads on its own and
 * never reorders the numbers or words beside it.
 */
export const nameHtml = (name: string) => `<bdi>${escapeHtml(showBidiControls(name))}</bdi>`;

/**
 * A name for plain text inside the page (chart titles and descriptions, aria-label values),
 * where no element can go: isolated with FSI/PDI, which browsers and screen readers honour as
 * they do <bdi>. Escape it for HTML like any text.
 */
export const nameText = isolate;

/** A sentence the report built (a verdict, a check, a summary, a note) as HTML: escaped, each isolated name in a <bdi>. */
export const sentenceHtml = (sentence: string) => isolatesToHtml(escapeHtml(sentence));

export const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
export const points = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}` : '–');
/**
 * A p-value as the text report prints it (./format.ts): three decimals, "< 0.001", and more
 * digits where three would round onto or across the 0.05 that decides significance.
 */
export const pText = pDigits;

let idCounter = 0;
/** A unique element id: names from the events are never used in ids (a space would make two). */
export const uid = (prefix: string) => `${prefix}-${++idCounter}`;
/** Ids restart with each rendering, so the same state renders the same markup. */
export const resetIds = () => {
  idCounter = 0;
};
