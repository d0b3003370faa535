/**
 * Line and column of an offset in a file's text, as every command that reads a manifest
 * reports them (validate, build, check, analyze --manifest): 1-based, columns in UTF-16 units.
 * A line ends at \r\n, a lone \r or \n, as editors and jsonc-parser's scanner end it: a file
 * saved with classic Mac line ends (\r only) was one long line, and an error on line 52 was
 * reported at 1:1256. And the node at a path in the parsed tree, found in constant time per step.
 */
import type { Node } from 'jsonc-parser';
import type { PathSegment } from '../manifest/problems';

/** Where each line starts: computed once per file, so placing thousands of problems stays linear. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  const lineEnd = /\r\n?|\n/g;
  for (let match = lineEnd.exec(text); match; match = lineEnd.exec(text)) starts.push(match.index + match[0].length);
  return starts;
}

/** The 1-based line and column of `offset`, given the file's `lineStarts`. */
export function lineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

/** The 1-based line and column of `offset` in `text`, for a caller that places one thing. */
export const positionAt = (text: string, offset: number): { line: number; column: number } => lineColumn(lineStarts(text), offset);

/**
 * Each object node's values by key, built on its first lookup. jsonc-parser's findNodeAtLocation
 * searches an object's properties one by one, so placing one problem per key of an object with
 * 50,000 unknown keys took time growing with the square of their number (37 s); with one map per
 * object, placing N problems is linear. Kept with the tree, and dropped with it.
 */
const childrenByKey = new WeakMap<Node, Map<string, Node>>();

/**
 * The child of `node` at `segment`. Of a key written twice, the last: JSON.parse keeps the last,
 * so that is the value validated (findNodeAtLocation's first pointed a problem in the second
 * "items" at the first, ignored one).
 */
export function childAt(node: Node, segment: PathSegment): Node | undefined {
  const children = node.children ?? [];
  if (node.type === 'array') return typeof segment === 'number' && segment >= 0 && segment < children.length ? children[segment] : undefined;
  if (node.type !== 'object' || typeof segment !== 'string') return undefined;
  let byKey = childrenByKey.get(node);
  if (!byKey) {
    byKey = new Map();
    for (const property of children) {
      const [key, value] = property.children ?? [];
      if (key && value) byKey.set(String(key.value), value);
    }
    childrenByKey.set(node, byKey);
  }
  return byKey.get(segment);
}
