/** Problem paths (`items[3].steps[1].placement`, manifest/problems.ts formatPath) read back into segments. */
import type { PathSegment } from '../manifest/problems';

/** Turns `items[3].steps[1].placement` back into segments. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(path))) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(`"${match[3]}"`));
  }
  return segments;
}
