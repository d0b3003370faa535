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

const LIST_ITEM = /^\s*(?:([-*])|(\d+)[.)])\s+(.*)$/;

export function parseRichText(source: string, lookup: VariableLookup = () => undefined): Block[] {
  const blocks: Block[] = [];
  const paragraphs = source.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  for (const paragraph of paragraphs) {
    const lines = paragraph.split('\n').filter((line) => line.trim() !== '');
    let textLines: string[] = [];
    const flushText = () => {
      if (textLines.length) blocks.push({ kind: 'p', children: joinLines(textLines, lookup) });
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
        list.items.push(parseInline(match[3], lookup));
      } else {
        list = undefined;
        textLines.push(line);
      }
    }
    flushText();
  }
  return blocks;
}

function joinLines(lines: string[], lookup: VariableLookup): Inline[] {
  const out: Inline[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push({ kind: 'br' });
    out.push(...parseInline(line.trim(), lookup));
  });
  return out;
}

const DELIMITERS: [string, 'strong' | 'em' | 'code'][] = [
  ['**', 'strong'],
  ['__', 'strong'],
  ['`', 'code'],
  ['*', 'em'],
  ['_', 'em'],
];

/** Inline parser: scans left to right; unmatched markers stay literal text. */
export function parseInline(text: string, lookup: VariableLookup = () => undefined): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) pushText(out, plain);
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && i + 1 < text.length && /[\\`*_[\]{}()#+\-.!]/.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (text[i] === '{' && text[i + 1] === '{') {
      VARIABLE.lastIndex = i;
      const variable = VARIABLE.exec(text);
      if (variable) {
        plain += resolveVariable(variable[1], variable[2], lookup);
        i += variable[0].length;
        continue;
      }
    }
    if (text[i] === '[') {
      const link = matchLink(text, i);
      if (link) {
        flush();
        const children = parseInline(link.label, lookup);
        // An unsafe URL drops the link and keeps its label as text.
        if (isSafeUrl(link.href)) out.push({ kind: 'link', href: link.href, children });
        else for (const child of children) typeof child === 'string' ? pushText(out, child) : out.push(child);
        i = link.end;
        continue;
      }
    }
    const delimiter = DELIMITERS.find(([marker]) => text.startsWith(marker, i));
    if (delimiter) {
      const [marker, kind] = delimiter;
      // Code spans are literal: no escapes or variables inside them.
      const close = kind === 'code' ? text.indexOf(marker, i + 1) : canOpen(text, i, marker) ? findClose(text, marker, i + marker.length) : -1;
      if (close > i + marker.length) {
        flush();
        const inner = text.slice(i + marker.length, close);
        out.push({ kind, children: kind === 'code' ? [inner] : parseInline(inner, lookup) });
        i = close + marker.length;
        continue;
      }
    }
    plain += text[i];
    i++;
  }
  flush();
  return out;
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * CommonMark's flanking rules, simplified: "2 * 3" is not emphasis (a space follows the
 * opener), and "snake_case_name" is not either (an "_" inside a word never counts).
 */
function canOpen(text: string, i: number, marker: string): boolean {
  if (isSpace(text[i + marker.length])) return false;
  return !(marker[0] === '_' && isWordChar(text[i - 1]));
}

function canClose(text: string, j: number, marker: string): boolean {
  if (isSpace(text[j - 1])) return false;
  if (marker[0] === '_' && isWordChar(text[j + marker.length])) return false;
  // A single "*" that is part of "**" belongs to that pair.
  return !(marker.length === 1 && (text[j + 1] === marker || text[j - 1] === marker));
}

/** The next closing `marker`, skipping escaped characters and whole template variables. */
function findClose(text: string, marker: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === '{' && text[j + 1] === '{') {
      VARIABLE.lastIndex = j;
      const variable = VARIABLE.exec(text);
      if (variable) {
        j += variable[0].length - 1;
        continue;
      }
    }
    if (text.startsWith(marker, j) && canClose(text, j, marker)) return j;
  }
  return -1;
}

/** Appends text, merging it with a preceding text node. */
function pushText(out: Inline[], text: string) {
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + text;
  else out.push(text);
}

function matchLink(text: string, start: number): { label: string; href: string; end: number } | undefined {
  const labelEnd = text.indexOf('](', start);
  if (labelEnd < 0) return undefined;
  const hrefEnd = text.indexOf(')', labelEnd + 2);
  if (hrefEnd < 0) return undefined;
  const href = text.slice(labelEnd + 2, hrefEnd).trim();
  if (/\s/.test(href)) return undefined;
  return { label: text.slice(start + 1, labelEnd), href, end: hrefEnd + 1 };
}

/** `{{ path }}` or `{{ path | fallback }}`; sticky, so it only matches where the scan is. */
const VARIABLE = /\{\{\s*([\w.-]+)\s*(?:\|([^}]*))?\}\}/y;

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
