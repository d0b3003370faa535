/**
 * A small Markdown subset parsed into a tree of plain data, rendered later as Preact
 * vnodes. Nothing here produces HTML: text stays text, so "<script>" shows as characters.
 *
 * Supported: paragraphs (blank line), line breaks, "- " / "* " / "1. " lists, **bold**,
 * _italic_ / *italic*, `code`, [links](url) with http(s), mailto or relative URLs, and
 * template variables {{user.traits.firstName|fallback}} inserted as text.
 *
 * Template variables are read as one token before any markup, so an "_" in a variable's
 * name or fallback cannot start italics, and a value such as "**x**" or "<b>" stays
 * literal text: values are never parsed as Markdown.
 */
import { canOpen, EMPHASIS, Tables, VARIABLE } from './richtext-tables';
import { isSafeUrl } from './url';

export type Inline =
  | string
  | { kind: 'strong' | 'em' | 'code'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] }
  | { kind: 'br' };

export type Block =
  | { kind: 'p'; children: Inline[] }
  | { kind: 'ul' | 'ol'; items: Inline[][] };

/** Resolves `user.traits.firstName` to a value; undefined uses the fallback. */
export type VariableLookup = (path: string) => unknown;

/** A list marker and the space after it; the item's text is the rest of the line. (A "(.*)$" after "\s+" backtracked quadratically on a line of spaces ending in "\u2028".) */
export const LIST_ITEM = /^\s*(?:([-*])|(\d+)[.)])\s+/;

/** Parses a rich text into blocks. Linear in the length of `source`. */
export function parseRichText(source: string, lookup: VariableLookup = () => undefined, options: InlineOptions = {}): Block[] {
  const blocks: Block[] = [];
  const paragraphs = source.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  for (const paragraph of paragraphs) {
    const lines = paragraph.split('\n').filter((line) => line.trim() !== '');
    let textLines: string[] = [];
    const flushText = () => {
      if (textLines.length) blocks.push({ kind: 'p', children: joinLines(textLines, lookup, options) });
      textLines = [];
    };
    let list: { kind: 'ul' | 'ol'; items: Inline[][] } | undefined;
    for (const line of lines) {
      const match = LIST_ITEM.exec(line);
      if (match) {
        flushText();
        const kind = match[1] ? 'ul' : 'ol';
        if (!list || list.kind !== kind) {
          list = { kind, items: [] };
          blocks.push(list);
        }
        list.items.push(parseInline(line.slice(match[0].length), lookup, options));
      } else {
        list = undefined;
        textLines.push(line);
      }
    }
    flushText();
  }
  return blocks;
}

function joinLines(lines: string[], lookup: VariableLookup, options: InlineOptions): Inline[] {
  const out: Inline[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push({ kind: 'br' });
    for (const node of parseInline(line.trim(), lookup, options)) out.push(node);
  });
  return out;
}

/** The addresses of the links in `source` that would be dropped for an unsafe URL. */
export function unsafeLinks(source: string): string[] {
  const found: string[] = [];
  // Links only come from "](": most texts have none and are not parsed at all.
  if (source.includes('](')) parseRichText(source, () => undefined, { onUnsafeLink: (href) => found.push(href) });
  return found;
}

const DELIMITERS: [string, 'strong' | 'em' | 'code'][] = [
  ['**', 'strong'],
  ['__', 'strong'],
  ['`', 'code'],
  ['*', 'em'],
  ['_', 'em'],
];
const ESCAPABLE = /[\\`*_[\]{}()#+\-.!]/;
/** The characters that can start markup (an escape, a variable, a link, an emphasis or a code span); a text without any is plain. */
const MARKUP = /[\\{[*_`]/;

export interface InlineOptions {
  /** Called with the address of each link dropped for an unsafe URL (its label stays as text). */
  onUnsafeLink?: (href: string) => void;
  /**
   * For writers' checks (richtext-lint.ts): each span the line makes, by its marker (`**`, `_`,
   * `` ` ``, or `[` for a link, with its address), from `start` to `end`; and each marker that
   * could open one but opens none (`end` undefined), which readers see as written.
   */
  onMarkup?: (marker: string, start: number, end?: number, href?: string) => void;
}

/** An open span: the root, an emphasis, or a link label. It ends at `end` and the scan resumes at `resume`. */
interface Frame {
  kind: 'root' | 'strong' | 'em' | 'link';
  end: number;
  resume: number;
  href: string;
  out: Inline[];
  plain: string;
}

/**
 * Inline parser: scans left to right; an opener takes the next valid closer; unmatched
 * markers stay literal text. Linear time: where the next closer of each marker, the next
 * backtick, "](" and ")" are is computed once per line (`Tables`), and nested spans are an
 * explicit stack of frames, not recursion. (Searching forward from every opener made
 * `"*a ".repeat(30000)` take 20 s or more.)
 */
export function parseInline(text: string, lookup: VariableLookup = () => undefined, options: InlineOptions = {}): Inline[] {
  // Most texts have no markup at all: they are one text node, without building the tables.
  if (!MARKUP.test(text)) return text ? [text] : [];
  const tables = new Tables(text);
  const root: Frame = { kind: 'root', end: text.length, resume: text.length, href: '', out: [], plain: '' };
  const frames: Frame[] = [root];
  const flush = (f: Frame) => {
    if (f.plain) pushText(f.out, f.plain);
    f.plain = '';
  };
  let i = 0;
  for (;;) {
    const f = frames[frames.length - 1];
    if (i >= f.end) {
      flush(f);
      if (f === root) break;
      frames.pop();
      closeFrame(f, frames[frames.length - 1], options);
      i = f.resume;
      continue;
    }
    const c = text[i];
    if (c === '\\' && i + 1 < f.end && ESCAPABLE.test(text[i + 1])) {
      f.plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '{' && text[i + 1] === '{') {
      const variable = tables.variableAt(i, f.end);
      if (variable) {
        f.plain += resolveVariable(variable[1], variable[2], lookup);
        i += variable[0].length;
        continue;
      }
    }
    if (c === '[') {
      const link = tables.linkAt(i, f.end);
      if (link) {
        flush(f);
        frames.push({ kind: 'link', end: link.labelEnd, resume: link.end, href: link.href, out: [], plain: '' });
        options.onMarkup?.(c, i, link.end, link.href);
        i += 1;
        continue;
      }
      options.onMarkup?.(c, i);
    }
    const delimiter = DELIMITERS.find(([marker]) => text.startsWith(marker, i) && i + marker.length <= f.end);
    if (delimiter) {
      const [marker, kind] = delimiter;
      const from = i + marker.length;
      const opens = kind === 'code' || canOpen(text, i, marker);
      // Code spans are literal: no escapes or variables inside them.
      const close = !opens ? -1 : kind === 'code' ? tables.next(tables.backticks, from) : tables.next(tables.closers[EMPHASIS.indexOf(marker)], from);
      if (close > from && close + marker.length <= f.end) {
        flush(f);
        options.onMarkup?.(marker, i, close + marker.length);
        if (kind === 'code') {
          f.out.push({ kind, children: [text.slice(from, close)] });
          i = close + marker.length;
        } else {
          frames.push({ kind, end: close, resume: close + marker.length, href: '', out: [], plain: '' });
          i = from;
        }
        continue;
      }
      if (opens) options.onMarkup?.(marker, i);
    }
    f.plain += c;
    i++;
  }
  return root.out;
}

/** Appends a finished span to its parent; a link with an unsafe URL leaves its label as text. */
function closeFrame(f: Frame, parent: Frame, options: InlineOptions) {
  if (f.kind === 'strong' || f.kind === 'em') parent.out.push({ kind: f.kind, children: f.out });
  else if (isSafeUrl(f.href)) parent.out.push({ kind: 'link', href: f.href, children: f.out });
  else {
    options.onUnsafeLink?.(f.href);
    for (const child of f.out) typeof child === 'string' ? pushText(parent.out, child) : parent.out.push(child);
  }
}

/** Appends text, merging it with a preceding text node. */
function pushText(out: Inline[], text: string) {
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + text;
  else out.push(text);
}

/** Path segments that would reach JavaScript internals instead of the user's data. */
const FORBIDDEN_SEGMENTS = ['__proto__', 'constructor', 'prototype'];

/** The variable's value as text: strings, finite numbers and booleans only; else the fallback. */
function resolveVariable(path: string, fallback: string | undefined, lookup: VariableLookup): string {
  const orFallback = (fallback ?? '').trim();
  if (path.split('.').some((segment) => FORBIDDEN_SEGMENTS.includes(segment))) return orFallback;
  let value: unknown;
  try {
    value = lookup(path);
  } catch {
    return orFallback;
  }
  if (typeof value === 'string') return value === '' ? orFallback : value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return orFallback;
}

/** `{{user.traits.firstName|there}}` -> the value as text, or the fallback. */
export function substituteVariables(text: string, lookup: VariableLookup): string[] {
  const replaced = text.replace(new RegExp(VARIABLE.source, 'g'), (_, path: string, fallback: string | undefined) => resolveVariable(path, fallback, lookup));
  return replaced ? [replaced] : [];
}

/** The plain text of a rich text, for accessible names and previews. */
export function toPlainText(blocks: Block[]): string {
  const inline = (nodes: Inline[]): string =>
    nodes.map((n) => (typeof n === 'string' ? n : n.kind === 'br' ? ' ' : inline(n.children))).join('');
  return blocks
    .map((b) => (b.kind === 'p' ? inline(b.children) : b.items.map(inline).join(' ')))
    .join(' ')
    .trim();
}
