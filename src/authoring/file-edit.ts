/**
 * Applies an authoring edit to a manifest file's text (for `guidepost serve --author`), keeping
 * everything the edit does not touch byte for byte: indentation, line breaks, one-line objects,
 * key order, a byte order mark. The JSON Patch between the file and the edited manifest is
 * replayed one operation at a time as a text edit of exactly the span it changes, so a pull
 * request shows only the lines that changed. (jsonc-parser's `modify` formats whole lines around
 * an insertion or removal, which spreads the previous entry's one-line object over several
 * lines: only its parser is used here.) Node only (the CLI); the browser never loads it.
 */
import { parseTree, type FormattingOptions, type Node } from 'jsonc-parser';
import { diffJson, fromPointer, type Json } from './json-patch';

/** The file's own indentation and line ending, for the lines the edit adds. */
export function detectFormatting(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

interface Style {
  unit: string;
  eol: string;
}

const end = (node: Node) => node.offset + node.length;
/** The value of an entry: a property's value, or the array element itself. */
const valueOf = (entry: Node) => (entry.type === 'property' ? entry.children![1] : entry);

/** The indentation of the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1))![0];
}

/** True when a container's entries are on lines of their own (an empty one follows its parent; the root is). */
function multiline(text: string, container: Node): boolean {
  const first = container.children![0];
  if (first) return text.slice(container.offset, first.offset).includes('\n');
  const parent = container.parent?.type === 'property' ? container.parent.parent : container.parent;
  return !parent || multiline(text, parent);
}

/** On one line, in the `{ "a": 1 }` / `[1, 2]` style people write one-line values in. */
function inline(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}: ${inline(v)}`);
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}

/** `value` written as the file writes its values, its first line at the current position of a line indented by `indent`. */
function render(value: Json, oneLine: boolean, indent: string, style: Style): string {
  return oneLine ? inline(value) : JSON.stringify(value, null, style.unit).split('\n').join(style.eol + indent);
}

/** True for a non-empty object or array written on one line: its replacement or new neighbour is too. */
const oneLineContainer = (text: string, node: Node) => !!node.children?.length && node.type !== 'property' && !text.slice(node.offset, end(node)).includes('\n');

/** The index of the property named `key` among `entries`, -1 if none; of duplicate keys the last, which JSON.parse keeps. */
function keyIndex(entries: Node[], key: string): number {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].children![0].value === key) return i;
  return -1;
}

/** The node at `segments`, as JSON.parse reads it. */
function nodeAt(root: Node, segments: readonly string[]): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of segments) {
    if (node?.type === 'array') node = node.children![Number(segment)];
    else if (node?.type === 'object') node = node.children![keyIndex(node.children!, segment)]?.children![1];
    else return undefined;
  }
  return node;
}

type Edit = [start: number, end: number, content: string];

/** The text edit of one patch operation, or undefined when it does not apply (the caller then writes the whole file). */
function editFor(text: string, root: Node, op: { op: string; path: string; value?: Json }, style: Style): Edit | undefined {
  const segments = fromPointer(op.path);
  if (!segments.length) return op.op === 'remove' ? undefined : [root.offset, end(root), render(op.value!, false, '', style)];
  const parent = nodeAt(root, segments.slice(0, -1));
  if (parent?.type !== 'object' && parent?.type !== 'array') return undefined;
  const entries = parent.children!;
  const last = segments[segments.length - 1];
  const index = parent.type === 'array' ? Number(last) : keyIndex(entries, last);
  const lines = multiline(text, parent);
  if (op.op === 'remove' || (op.op === 'replace' && parent.type === 'array') || (parent.type === 'object' && index >= 0)) {
    const entry = entries[index];
    if (!entry) return undefined;
    if (op.op !== 'remove') {
      const node = valueOf(entry);
      return [node.offset, end(node), render(op.value!, !lines || oneLineContainer(text, node), lineIndent(text, node.offset), style)];
    }
    // An entry goes with the separator before it (after it, for the first): its neighbours stay as written.
    if (entries.length === 1) return [parent.offset + 1, end(parent) - 1, ''];
    return index > 0 ? [end(entries[index - 1]), end(entry), ''] : [entry.offset, entries[1].offset, ''];
  }
  // An insertion: before entry `at`, or after the last one.
  const at = parent.type === 'array' ? index : entries.length;
  if (!(at >= 0 && at <= entries.length)) return undefined;
  const write = (indent: string, neighbour: Node | undefined) => {
    const oneLine = !lines || (!!neighbour && oneLineContainer(text, valueOf(neighbour)));
    const value = render(op.value!, oneLine, indent, style);
    const first = entries[0];
    const colon = first?.type === 'property' ? text.slice(end(first.children![0]), first.children![1].offset) : ': ';
    return parent.type === 'object' ? `${JSON.stringify(last)}${colon}${value}` : value;
  };
  if (!entries.length) {
    if (!lines) return [parent.offset + 1, end(parent) - 1, parent.type === 'object' ? ` ${write('', undefined)} ` : write('', undefined)];
    const base = lineIndent(text, parent.offset);
    return [parent.offset + 1, end(parent) - 1, `${style.eol}${base}${style.unit}${write(base + style.unit, undefined)}${style.eol}${base}`];
  }
  // The separator between two entries as the file writes it (", ", or "," and a new line indented).
  const gap = entries.length > 1 ? Math.min(Math.max(at, 1), entries.length - 1) : 0;
  const separator = gap ? text.slice(end(entries[gap - 1]), entries[gap].offset) : lines ? `,${style.eol}${lineIndent(text, entries[0].offset)}` : ', ';
  const indent = separator.includes('\n') ? separator.slice(separator.lastIndexOf('\n') + 1) : lineIndent(text, entries[0].offset);
  if (at === entries.length) return [end(entries[at - 1]), end(entries[at - 1]), separator + write(indent, entries[at - 1])];
  return [entries[at].offset, entries[at].offset, write(lineIndent(text, entries[at].offset), entries[at]) + separator];
}

/**
 * `text` (a JSON file) rewritten to hold `edited`. When the file cannot be edited in place (it
 * is not JSON, or the result would differ from `edited`), the whole file is written out
 * formatted with its own indentation and line ending.
 */
export function editJsonText(text: string, edited: Json): string {
  // A byte order mark (Windows editors) is kept, and kept out of the way of the parsers.
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  let out = text.slice(bom.length);
  const formatting = detectFormatting(out);
  const style: Style = { unit: formatting.insertSpaces ? ' '.repeat(formatting.tabSize!) : '\t', eol: formatting.eol! };
  // JSON.stringify writes no line break inside strings: every "\n" is one of its own.
  const whole = () => `${bom}${JSON.stringify(edited, null, style.unit).split('\n').join(style.eol)}${style.eol}`;
  try {
    for (const op of diffJson(JSON.parse(out) as Json, edited)) {
      const root = parseTree(out);
      const edit = root && editFor(out, root, op, style);
      if (!edit) return whole();
      out = out.slice(0, edit[0]) + edit[2] + out.slice(edit[1]);
    }
    // Checked, not trusted: the text must parse to exactly the edited manifest, key order included.
    return JSON.stringify(JSON.parse(out)) === JSON.stringify(edited) ? bom + out : whole();
  } catch {
    return whole();
  }
}
