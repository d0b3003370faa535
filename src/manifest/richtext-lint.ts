/**
 * Writers' checks of the markup in texts (manifest/authoring.ts: `guidepost validate`, `build`,
 * `check`; the SDK never loads this file): what readers would see as written, or a link that
 * leads nowhere. The markup is found by the renderer's own parser (richtext.ts, `onMarkup`), line
 * by line as it reads a body, so the check and what readers see cannot disagree.
 *
 * Linear in the length of the text: each look-ahead is bounded (LOOK_AHEAD, QUOTED).
 */
import { describeValue } from './problems';
import { LIST_ITEM, parseInline } from './richtext';

/** One mistake in a text, at `index` (of its first character, in the text as written). */
export interface MarkupFinding {
  code: 'empty-link' | 'broken-markup' | 'markdown-in-plain-text';
  index: number;
  message: string;
  /** Absent: an error. */
  severity?: 'warning';
}

/**
 * The markers whose opening without a close is reported. A lone `*` or `_` is often meant as
 * itself ("*Terms apply", "_id"), and shows as written, as the writer meant: not reported.
 */
const SPANS: Record<string, string> = { '**': 'bold text', __: 'bold text', '`': 'code' };

/** How far after a "[" a link's "]" and "(" are looked for: keeps a text of many "[" linear. */
const LOOK_AHEAD = 200;
/** How much of the text at a mistake a message quotes (describeValue shortens it further). */
const QUOTED = 80;

/** Each line of `source` as parseRichText hands it to parseInline (without its list marker, trimmed), with where it starts in `source`. */
function eachLine(source: string, visit: (line: string, at: number) => void): void {
  const breaks = /\r\n?|\n/g;
  for (let start = 0; start <= source.length; ) {
    const found = breaks.exec(source);
    const end = found ? found.index : source.length;
    const line = source.slice(start, end);
    const list = LIST_ITEM.exec(line);
    if (line.trim() !== '') {
      if (list) visit(line.slice(list[0].length), start + list[0].length);
      else visit(line.trim(), start + line.length - line.trimStart().length);
    }
    if (!found) break;
    start = breaks.lastIndex;
  }
}

/**
 * In a rich text (a body): a link with an empty address (an error: it leads to the page the
 * reader is on), and, as warnings, bold or code opened and never closed, and a "[" written as a
 * link that is not one (readers see the markers).
 */
export function richTextFindings(source: string): MarkupFinding[] {
  const found: MarkupFinding[] = [];
  if (!/[[*_`]/.test(source)) return found;
  eachLine(source, (line, at) => {
    // The rest of a run of one marker ("***") is the same mistake: told once.
    let quiet = 0;
    parseInline(line, undefined, {
      onMarkup: (marker, start, end, href) => {
        if (end !== undefined) {
          if (marker === '[' && href === '') {
            found.push({ code: 'empty-link', index: at + start, message: `the link ${describeValue(line.slice(start, end))} has no address, so it leads to the page the reader is on; write the address between the parentheses` });
          }
          return;
        }
        if (start < quiet) return;
        const shown = () => describeValue(line.slice(start, start + QUOTED));
        if (marker === '[') {
          const why = notALink(line.slice(start, start + LOOK_AHEAD));
          if (why) found.push({ code: 'broken-markup', index: at + start, message: `${shown()} is not a link, so readers see the brackets: ${why}; write [words](address)`, severity: 'warning' });
        } else if (Object.prototype.hasOwnProperty.call(SPANS, marker)) {
          for (quiet = start; line[quiet] === marker[0]; ) quiet++;
          const escaped = marker.replace(/./g, '\\$&');
          found.push({ code: 'broken-markup', index: at + start, message: `"${marker}" opens ${SPANS[marker]} that is never closed, so readers see it as written: ${shown()}; close it, or write ${escaped} to show the characters`, severity: 'warning' });
        }
      },
    });
  });
  return found;
}

/** Why `text`, a "[" that starts no link and what follows it, was meant as one; undefined when it reads as brackets of its own ("[1]", "[beta (new)]"). */
function notALink(text: string): string | undefined {
  const close = text.indexOf(']');
  if (close > 0 && text[close + 1] === '(') return 'its address has a space or a title, or its ")" is missing (write an address with spaces as <…>)';
  if (close > 0 && /^\]\s+\(/.test(text.slice(close))) return 'there is a space between "]" and "("';
  const address = text.search(/\((?:https?:|mailto:|\/|#|\.\.?\/)/);
  return address > 0 && (close < 0 || address < close) ? 'there is no "]" before "("' : undefined;
}

/**
 * In a plain text (a title, a label, an alt text): the Markdown a body would format, which this
 * text shows as written (warnings). Spans inside a reported one are part of it.
 */
export function plainTextFindings(source: string): MarkupFinding[] {
  const found: MarkupFinding[] = [];
  if (!/[[*_`]/.test(source)) return found;
  eachLine(source, (line, at) => {
    let quiet = 0;
    parseInline(line, undefined, {
      onMarkup: (marker, start, end) => {
        if (end === undefined || start < quiet) return;
        quiet = end;
        const shown = describeValue(line.slice(start, end));
        const what = marker === '[' ? 'is a Markdown link' : 'is Markdown';
        const fix = marker === '[' ? 'readers see the brackets; put the link in the body' : 'readers see the markers; write the words alone, and formatting in the body';
        found.push({ code: 'markdown-in-plain-text', index: at + start, message: `${shown} ${what}, which this text shows as written (titles, labels and alt texts are plain text): ${fix}`, severity: 'warning' });
      },
    });
  });
  return found;
}
