/**
 * Names from the events (experiment, arm, unit kind, goal, tour and item keys) in text meant to
 * be read. Anyone who can post an event picks them, so a name may hold characters that act on
 * whatever shows it: C0/C1 controls drive a terminal, line and paragraph separators start new
 * lines, and the bidirectional controls (embeddings, overrides, isolates, marks, the Arabic
 * letter mark) and right-to-left letters change the order in which the text *around* the name
 * reads: after an arm named with U+202E (RIGHT-TO-LEFT OVERRIDE), "vs ctl: +1.5 points (95% CI
 * +0.2 to +2.8)" shows its numbers backwards. A name must never change how the numbers beside
 * it read.
 */

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * What changes the direction of the text around it: the bidirectional controls (embeddings,
 * overrides, isolates, marks, the Arabic letter mark) and the paragraph separators that survive
 * HTML's white-space collapsing (a new paragraph would escape an isolate). A PDI inside a name
 * would end the <bdi> or FSI that holds it, so these are never left raw, even isolated.
 */
const BIDI = /[\u001c-\u001e\u0085\u061c\u200e\u200f\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Those, and everything else a terminal acts on: the C0 and C1 controls, DEL, line separators. */
const ACTING = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with its bidirectional controls shown as `\uXXXX` escapes: for a page, which shows other controls as they are. */
export const showBidiControls = (text: string): string => text.replace(BIDI, escape);

/** `text` with every control, separator and bidirectional control shown as a `\uXXXX` escape: for a terminal. */
export const showControls = (text: string): string => text.replace(ACTING, escape);

/** FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: plain text's <bdi>. */
const FSI = '\u2068';
const PDI = '\u2069';

/**
 * A name for a sentence the report builds (check messages, verdicts, summaries, notes): with
 * its bidirectional controls shown as escapes (the text report escapes the other controls of
 * the whole line), and isolated between FSI and PDI (Unicode's plain-text equivalent of <bdi>,
 * UAX #9) so that its direction stays inside it. Printable ASCII cannot
 * change the order of the text around it, so such a name is left as it is: the sentences of
 * ordinary experiments (and the JSON that carries them) stay exactly as they were.
 *
 * Every FSI/PDI left in a sentence comes from here (a name's own were escaped), so renderers
 * can turn the pairs into markup (`isolatesToHtml`) or drop them (`withoutIsolates`).
 */
export const isolate = (name: string): string => (/[^\x20-\x7e]/.test(name) ? `${FSI}${showBidiControls(name)}${PDI}` : name);

/** A sentence for a terminal: the isolates `isolate` added are dropped (names' own controls are already escapes). */
export const withoutIsolates = (sentence: string): string => sentence.replace(/[\u2068\u2069]/g, '');

/** An HTML-escaped sentence with each isolated name as a <bdi> element. */
export const isolatesToHtml = (escapedSentence: string): string => escapedSentence.replace(/\u2068([^\u2068\u2069]*)\u2069/g, '<bdi>$1</bdi>');

/** How much of a name a list shows: names come from events, and one may be megabytes long. */
const LISTED_NAME_LENGTH = 80;

/** A list of names for a message: at most `max`, each isolated and cut to a readable length, "and N more" after them. */
export function nameList(names: readonly string[], max = 10): string {
  // By code points, so a cut never splits a surrogate pair.
  const cut = (name: string) => (name.length > LISTED_NAME_LENGTH ? `${Array.from(name.slice(0, LISTED_NAME_LENGTH)).slice(0, LISTED_NAME_LENGTH - 3).join('')}...` : name);
  const shown = names.slice(0, max).map((name) => isolate(cut(name))).join(', ');
  return names.length > max ? `${shown} and ${(names.length - max).toLocaleString('en-US')} more` : shown;
}
