/**
 * A small Markdown subset parsed into a tree of plain data, rendered later as Preact
 * vnodes. Nothing here produces HTML: text stays text, so "<script>" shows as characters.
 *
 * Supported: paragraphs (blank line), line breaks, "- " / "* " / "1. " lists, **bold**,
 * _italic_ / *italic*, `code`, [links](url) with http(s), mailto or relative URLs, and
 * template variables {{user.traits.firstName|fallback}} inserted as text.
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
    if (plain) out.push(...substituteVariables(plain, lookup));
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\' && i + 1 < text.length && /[\\`*_[\]{}()#+\-.!]/.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (text[i] === '[') {
      const link = matchLink(text, i);
      if (link) {
        flush();
        const children = parseInline(link.label, lookup);
        // An unsafe URL drops the link and keeps its label as text.
        if (isSafeUrl(link.href)) out.push({ kind: 'link', href: link.href, children });
        else out.push(...children);
        i = link.end;
        continue;
      }
    }
    const delimiter = DELIMITERS.find(([marker]) => text.startsWith(marker, i));
    if (delimiter) {
      const [marker, kind] = delimiter;
      const close = text.indexOf(marker, i + marker.length);
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

function matchLink(text: string, start: number): { label: string; href: string; end: number } | undefined {
  const labelEnd = text.indexOf('](', start);
  if (labelEnd < 0) return undefined;
  const hrefEnd = text.indexOf(')', labelEnd + 2);
  if (hrefEnd < 0) return undefined;
  const href = text.slice(labelEnd + 2, hrefEnd).trim();
  if (/\s/.test(href)) return undefined;
  return { label: text.slice(start + 1, labelEnd), href, end: hrefEnd + 1 };
}

const VARIABLE = /\{\{\s*([\w.-]+)\s*(?:\|([^}]*))?\}\}/g;

/** `{{user.traits.firstName|there}}` -> the value as text, or the fallback. */
export function substituteVariables(text: string, lookup: VariableLookup): string[] {
  const replaced = text.replace(VARIABLE, (_, path: string, fallback: string | undefined) => {
    const value = lookup(path);
    return value === undefined || value === null || value === '' ? (fallback ?? '').trim() : String(value);
  });
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
