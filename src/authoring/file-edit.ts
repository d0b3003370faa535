/**
 * Applies an authoring edit to a manifest file's text (for `guidepost serve --author`), keeping
 * everything the edit does not touch byte for byte: indentation, line breaks, one-line objects,
 * key order. The JSON Patch between the file and the edited manifest is replayed one operation
 * at a time as text edits (jsonc-parser's `modify`), so a pull request shows only the lines
 * that changed. Node only (the CLI); the browser never loads it.
 */
import { applyEdits, modify, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import { applyPatch, diffJson, fromPointer, type Json } from './json-patch';

/** The file's own indentation and line ending, for the lines the edit adds. */
export function detectFormatting(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indent.startsWith('\t'), tabSize: indent.startsWith('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/**
 * `text` (a JSON file) rewritten to hold `edited`. When the file cannot be edited in place (it
 * is not JSON, or the result would differ from `edited`), the whole file is written out
 * formatted with its own indentation.
 */
export function editJsonText(text: string, edited: Json): string {
  const formattingOptions = detectFormatting(text);
  const whole = () => `${JSON.stringify(edited, null, formattingOptions.insertSpaces ? formattingOptions.tabSize : '\t')}${formattingOptions.eol}`;
  let current: Json;
  try {
    current = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch {
    return whole();
  }
  let out = text;
  try {
    for (const op of diffJson(current, edited)) {
      const segments = fromPointer(op.path);
      // jsonc-parser wants array indexes as numbers: read the types off the document as patched so far.
      const path: JSONPath = [];
      let node: Json | undefined = current;
      for (const segment of segments) {
        const index: number | undefined = Array.isArray(node) ? Number(segment) : undefined;
        path.push(index ?? segment);
        node = Array.isArray(node) ? node[index!] : node !== null && typeof node === 'object' ? (node as Record<string, Json>)[segment] : undefined;
      }
      const value = op.op === 'remove' ? undefined : op.value;
      const isArrayInsertion = op.op === 'add' && typeof path[path.length - 1] === 'number';
      out = applyEdits(out, modify(out, path, value, { formattingOptions, isArrayInsertion }));
      current = applyPatch(current, [op]);
    }
    // Checked, not trusted: the text must parse to exactly the edited manifest, key order included.
    return JSON.stringify(JSON.parse(out)) === JSON.stringify(edited) ? out : whole();
  } catch {
    return whole();
  }
}
