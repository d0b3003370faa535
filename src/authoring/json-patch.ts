/**
 * RFC 6902 JSON Patch between the manifest as loaded and as edited, for the authoring panel's
 * "copy patch" and for `guidepost serve --author`, which replays it on the file's text so the
 * pull request shows only what changed. Edits come out at the deepest path that changed
 * (`replace /items/3/title/es`), never as a whole-document replacement.
 *
 * Arrays are aligned before they are compared: arrays whose entries all carry a unique string
 * `id` (items, checklist tasks) by id, any other (tour steps, fallbacks) by equal values. What
 * lies between two aligned entries is compared position by position (an edited step is a
 * `replace` inside it), and what is left over is removed or added. Inserting, deleting or
 * moving one item therefore touches only that item, not every index after it.
 *
 * Pure: no DOM, no time. Bounded: alignment costs at most MAX_ALIGN_CELLS comparisons per
 * array; past that the middle of the array is compared position by position (still correct,
 * only less precise).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type PatchOp = { op: 'add' | 'replace'; path: string; value: Json } | { op: 'remove'; path: string };

/** Above this many cells (n × m) the alignment table is not built. */
const MAX_ALIGN_CELLS = 4_000_000;

export const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

const own = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** A JSON Pointer (RFC 6901) from path segments. */
export const toPointer = (segments: readonly (string | number)[]): string =>
  segments.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** Path segments from a JSON Pointer. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`"${pointer}" is not a JSON Pointer`);
  return pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Deep equality of JSON values; key order does not matter. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((value, i) => jsonEqual(value, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => own(b, key) && jsonEqual(a[key], b[key]));
}

/** The operations that turn `original` into `edited`. */
export function diffJson(original: Json, edited: Json): PatchOp[] {
  const ops: PatchOp[] = [];
  diffValue(original, edited, [], ops);
  return ops;
}

function diffValue(a: Json, b: Json, path: (string | number)[], ops: PatchOp[]): void {
  if (jsonEqual(a, b)) return;
  if (isObject(a) && isObject(b)) return diffObject(a, b, path, ops);
  if (Array.isArray(a) && Array.isArray(b)) return diffArray(a, b, path, ops);
  ops.push({ op: 'replace', path: toPointer(path), value: b });
}

function diffObject(a: JsonObject, b: JsonObject, path: (string | number)[], ops: PatchOp[]): void {
  for (const key of Object.keys(a)) if (!own(b, key)) ops.push({ op: 'remove', path: toPointer([...path, key]) });
  for (const key of Object.keys(b)) {
    if (own(a, key)) diffValue(a[key], b[key], [...path, key], ops);
    else ops.push({ op: 'add', path: toPointer([...path, key]), value: b[key] });
  }
}

/** The `id` of every entry when all have a distinct string id; otherwise undefined. */
function ids(values: Json[]): string[] | undefined {
  const out: string[] = [];
  for (const value of values) {
    if (!isObject(value) || typeof value.id !== 'string') return undefined;
    out.push(value.id);
  }
  return new Set(out).size === out.length ? out : undefined;
}

/** A key per entry: its id in arrays of identified entries, else its canonical JSON. */
function alignmentKeys(a: Json[], b: Json[]): { keyA: string[]; keyB: string[]; byId: boolean } {
  const idsA = ids(a);
  const idsB = ids(b);
  if (idsA && idsB) return { keyA: idsA, keyB: idsB, byId: true };
  return { keyA: a.map(canonical), keyB: b.map(canonical), byId: false };
}

/** JSON with sorted keys, so that equal values have equal keys whatever their key order. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** Index pairs [i, j] of a longest common subsequence of `a` and `b` (common ends first, then a table). */
export function alignKeys(a: readonly string[], b: readonly string[]): [number, number][] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < start; i++) pairs.push([i, i]);
  const n = endA - start;
  const m = endB - start;
  if (n > 0 && m > 0 && n * m <= MAX_ALIGN_CELLS) {
    // lengths[i][j]: LCS length of a[start+i..endA) and b[start+j..endB), one flat table.
    const width = m + 1;
    const lengths = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lengths[i * width + j] = a[start + i] === b[start + j] ? lengths[(i + 1) * width + j + 1] + 1 : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
      }
    }
    for (let i = 0, j = 0; i < n && j < m; ) {
      if (a[start + i] === b[start + j]) {
        pairs.push([start + i, start + j]);
        i++;
        j++;
      } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) i++;
      else j++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) pairs.push([endA + k, endB + k]);
  return pairs;
}

function diffArray(a: Json[], b: Json[], path: (string | number)[], ops: PatchOp[]): void {
  const { keyA, keyB, byId } = alignmentKeys(a, b);
  // `index` is where the entry being looked at sits in the array as patched so far.
  let index = 0;
  let i = 0;
  let j = 0;
  const at = () => [...path, index];
  for (const [nextI, nextJ] of [...alignKeys(keyA, keyB), [a.length, b.length] as [number, number]]) {
    // Entries between two aligned ones: without ids, the ones facing each other are the same
    // entry edited (a step whose text changed); with ids, a different id is a different item.
    const facing = byId ? 0 : Math.min(nextI - i, nextJ - j);
    for (let k = 0; k < facing; k++, index++) diffValue(a[i + k], b[j + k], at(), ops);
    for (let k = facing; k < nextI - i; k++) ops.push({ op: 'remove', path: toPointer(at()) });
    for (let k = facing; k < nextJ - j; k++, index++) ops.push({ op: 'add', path: toPointer(at()), value: b[j + k] });
    if (nextI < a.length) {
      diffValue(a[nextI], b[nextJ], at(), ops);
      index++;
    }
    i = nextI + 1;
    j = nextJ + 1;
  }
}

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

/** Applies `ops` to a copy of `document` (RFC 6902 add, remove, replace); throws on a path that does not apply. */
export function applyPatch(document: Json, ops: readonly PatchOp[]): Json {
  let root = clone(document);
  for (const op of ops) {
    const segments = fromPointer(op.path);
    if (segments.length === 0) {
      if (op.op === 'remove') throw new Error('cannot remove the whole document');
      root = clone(op.value);
      continue;
    }
    const last = segments[segments.length - 1];
    let parent: Json = root;
    for (const segment of segments.slice(0, -1)) {
      const child: Json | undefined = Array.isArray(parent) ? parent[arrayIndex(segment, parent.length - 1)] : isObject(parent) && own(parent, segment) ? parent[segment] : undefined;
      if (child === undefined || child === null || typeof child !== 'object') throw new Error(`${op.path}: no container at "${segment}"`);
      parent = child;
    }
    if (Array.isArray(parent)) {
      if (op.op === 'add') parent.splice(last === '-' ? parent.length : arrayIndex(last, parent.length), 0, clone(op.value));
      else if (op.op === 'remove') parent.splice(arrayIndex(last, parent.length - 1), 1);
      else parent[arrayIndex(last, parent.length - 1)] = clone(op.value);
    } else if (isObject(parent)) {
      if (op.op !== 'add' && !own(parent, last)) throw new Error(`${op.path}: no such member`);
      if (op.op === 'remove') delete parent[last];
      // Defined, not assigned: assigning to "__proto__" would set the prototype, not the member.
      else Object.defineProperty(parent, last, { value: clone(op.value), enumerable: true, writable: true, configurable: true });
    } else throw new Error(`${op.path}: not a container`);
  }
  return root;
}

function arrayIndex(segment: string, max: number): number {
  if (!/^(0|[1-9]\d*)$/.test(segment) || Number(segment) > max) throw new Error(`array index "${segment}" out of range`);
  return Number(segment);
}
