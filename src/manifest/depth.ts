/**
 * Bounds on the shape of untrusted JSON, checked iteratively before anything recursive sees
 * it. A `when` nested 3,000 levels deep in `$and`, or an unknown key holding arrays 10,000
 * deep, would otherwise overflow the stack of the validator (valibot recurses), of
 * `JSON.stringify` and of the condition evaluator, and take every other item down with it.
 *
 * The copy it makes also defends against prototype pollution: objects are rebuilt from their
 * own enumerable keys with no `Object.prototype` in their chain, so code that walks them with
 * `for...in` or tests keys with `in` (valibot and GrowthBook do both) never sees a property
 * some old library put on `Object.prototype`.
 *
 * Both walks recurse, but stop one level past the bound: at most MAX_DEPTH + 1 frames deep.
 */
import type { PathSegment } from './problems';

/**
 * How deep one item (or experiment, or the manifest outside its items) may nest, counting
 * each object and array: `{"when": {"$and": [{"a": 1}]}}` is 4 deep. Real items stay under
 * 12; 32 leaves room for conditions nested about a dozen `$and`/`$or` levels.
 */
export const MAX_DEPTH = 32;

/**
 * The prototype of the copies: empty, frozen, itself without a prototype. Not
 * `Object.create(null)` for each object: V8 keeps those as slow dictionaries, which made
 * copying and validating 10,000 items twice as slow.
 */
export const SAFE_PROTOTYPE: object = Object.freeze(Object.create(null) as object);
const SafeRecord = function SafeRecord() {} as unknown as { new (): Record<string, unknown>; prototype: object };
SafeRecord.prototype = SAFE_PROTOTYPE;

export type BoundedCopy =
  | { ok: true; value: unknown }
  /** `path` is relative to the copied value: the first object or array deeper than the bound. */
  | { ok: false; path: PathSegment[] };

/** Thrown (and caught) inside `boundedCopy`: the path is collected while unwinding. */
class TooDeep {
  readonly path: PathSegment[] = [];
}

/**
 * A deep copy of JSON-like `value` whose objects have SAFE_PROTOTYPE, own enumerable string
 * keys only, or the path of the first container nested deeper than `maxDepth` (the value itself
 * counts as depth 1). Recursive, but it never goes more than `maxDepth` + 1 calls deep,
 * whatever the input: any depth of input is safe (keep `maxDepth` small). Functions and
 * symbols are dropped as JSON drops them; shared references are copied; cycles hit the bound.
 */
export function boundedCopy(value: unknown, maxDepth: number = MAX_DEPTH): BoundedCopy {
  const copy = (node: unknown, depth: number): unknown => {
    if (node === null || typeof node !== 'object') return typeof node === 'function' || typeof node === 'symbol' ? undefined : node;
    if (depth > maxDepth) throw new TooDeep();
    let key: string | number = 0;
    try {
      if (Array.isArray(node)) {
        const out: unknown[] = new Array(node.length);
        for (; key < node.length; key++) out[key] = copy(node[key], depth + 1);
        return out;
      }
      const out = new SafeRecord();
      for (key of Object.keys(node)) out[key] = copy((node as Record<string, unknown>)[key], depth + 1);
      return out;
    } catch (error) {
      if (error instanceof TooDeep) error.path.unshift(key);
      throw error;
    }
  };
  try {
    return { ok: true, value: copy(value, 1) };
  } catch (error) {
    if (error instanceof TooDeep) return { ok: false, path: error.path };
    throw error;
  }
}

/**
 * A copy of what valibot returned, on null-prototype objects. valibot builds its outputs as
 * plain objects, so `item.buttons ?? []` or `'target' in item` on them would read a key some
 * library put on `Object.prototype`; every check after parsing, and the runtime, read these
 * copies instead. `value` is already within the depth bound (it was parsed from a bounded copy).
 */
export function safeOutput<T>(value: T): T {
  const copy = boundedCopy(value, Infinity);
  return (copy.ok ? copy.value : value) as T;
}

/** The path of the first container deeper than `maxDepth` in `value`, or undefined. Copies nothing; as safe as `boundedCopy`. */
export function tooDeep(value: unknown, maxDepth: number = MAX_DEPTH): PathSegment[] | undefined {
  const walk = (node: unknown, depth: number): PathSegment[] | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    if (depth > maxDepth) return [];
    const keys: (string | number)[] = Array.isArray(node) ? [...node.keys()] : Object.keys(node);
    for (const key of keys) {
      const found = walk((node as Record<string | number, unknown>)[key], depth + 1);
      if (found) return [key, ...found];
    }
    return undefined;
  };
  return walk(value, 1);
}
