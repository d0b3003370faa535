/**
 * JSON text of events that the host page's globals cannot bend. JSON.stringify calls any
 * `toJSON` it finds, inherited ones included: a page that puts one on `Array.prototype`
 * (Prototype.js 1.6 does) turned every batch's `"events": [...]` into a string, which the
 * collector refused, and one that recurses overflowed the stack. Here arrays and plain objects
 * are written as what they are, without calling anything the page could have added; other
 * objects (a Date in a goal's properties) are left to JSON.stringify and their own `toJSON`.
 */

/** Deeper than any event (event.ts bounds properties far below this): a cycle, not data. */
const MAX_DEPTH = 1000;

/** Whether `value` is an array or a plain object without a `toJSON` of its own (that one is its writer's, and called). */
function isPlainData(value: object): boolean {
  try {
    const proto = Object.getPrototypeOf(value);
    return (proto === Array.prototype || proto === Object.prototype || proto === null) && !Object.prototype.hasOwnProperty.call(value, 'toJSON');
  } catch {
    return false;
  }
}

/** The JSON text of `value`, or undefined where JSON.stringify leaves the value out. */
function write(value: unknown, depth: number): string | undefined {
  // Primitives (JSON.stringify looks up no toJSON on a string, number or boolean) and objects
  // that are neither arrays nor plain (a Date, its own toJSON): as JSON.stringify writes them.
  if (typeof value !== 'object' || value === null || !isPlainData(value)) return JSON.stringify(value);
  if (depth > MAX_DEPTH) throw new RangeError(`nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
  const object = value as Record<string, unknown>;
  let text = '';
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) text += (i ? ',' : '') + (write(object[i], depth + 1) ?? 'null');
    return `[${text}]`;
  }
  for (const key of Object.keys(object)) {
    const part = write(object[key], depth + 1);
    if (part !== undefined) text += (text ? ',' : '') + JSON.stringify(key) + ':' + part;
  }
  return `{${text}}`;
}

/** `JSON.stringify(value)` for JSON data, where no `toJSON` of an array or plain object is called. */
export function stringifyJson(value: unknown): string {
  return write(value, 0) ?? 'null';
}

/** `stringifyJson(value)`, or undefined when it cannot be written (nested past the bound: a cycle, or a hostile writer's). */
export function jsonTextOrNothing(value: unknown): string | undefined {
  try {
    return stringifyJson(value);
  } catch {
    return undefined;
  }
}
