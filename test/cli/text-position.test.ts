/**
 * src/cli/text-position.ts: the line and column every manifest-reading command reports. A
 * line ends at \r\n, a lone \r or \n: a file saved with classic Mac line ends was read as one
 * line, and an error on line 52 was reported at 1:1256.
 */
import { describe, expect, it } from 'vitest';
import { parseTree, type Node } from 'jsonc-parser';
import { childAt, lineColumn, lineStarts, positionAt } from '../../src/cli/text-position';

describe('lineStarts and lineColumn', () => {
  it.each([
    ['\n', 'a\nbc\nd'],
    ['\r\n', 'a\r\nbc\r\nd'],
    ['\r', 'a\rbc\rd'],
  ])('count lines ended by %j the same', (_end, text) => {
    const d = text.indexOf('d');
    expect(positionAt(text, d)).toEqual({ line: 3, column: 1 });
    expect(positionAt(text, text.indexOf('c'))).toEqual({ line: 2, column: 2 });
    expect(positionAt(text, 0)).toEqual({ line: 1, column: 1 });
  });

  it('takes \r\n as one line end, and mixed ends each as one', () => {
    expect(lineStarts('a\r\nb\rc\nd\r\re')).toEqual([0, 3, 5, 7, 9, 10]);
    const starts = lineStarts('x\r\r\ny');
    expect(lineColumn(starts, 4)).toEqual({ line: 3, column: 1 });
  });

  it('is linear: a large file with many lines places every offset', () => {
    const text = 'ab\r'.repeat(100_000);
    const starts = lineStarts(text);
    expect(starts).toHaveLength(100_001);
    expect(lineColumn(starts, text.length - 2)).toEqual({ line: 100_000, column: 2 });
  });
});

describe('childAt: the node at one path segment, the value JSON.parse keeps', () => {
  const tree = parseTree('{"a": [10, {"b": 1}], "d": 1, "d": 2, "n": null}')!;
  const at = (node: Node | undefined, ...segments: (string | number)[]) => segments.reduce<Node | undefined>((n, s) => n && childAt(n, s), node);

  it('walks object keys and array indexes', () => {
    expect(at(tree, 'a', 0)?.value).toBe(10);
    expect(at(tree, 'a', 1, 'b')?.value).toBe(1);
  });

  it('takes the last of a key written twice, as JSON.parse does; nothing for a missing key, an index out of range or a segment of the wrong kind', () => {
    expect(at(tree, 'd')?.value).toBe(2);
    expect(at(tree, 'x')).toBeUndefined();
    expect(at(tree, 'a', 2)).toBeUndefined();
    expect(at(tree, 'a', -1)).toBeUndefined();
    expect(at(tree, 'a', 'length')).toBeUndefined();
    expect(at(tree, 0)).toBeUndefined();
    expect(at(tree, 'n', 'x')).toBeUndefined();
  });
});
