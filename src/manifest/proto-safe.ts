/**
 * Valibot walks an object schema's `entries` with `for...in`, which also visits enumerable
 * properties inherited from `Object.prototype`. Old libraries still add some there
 * (`Object.prototype.polluted = 1`, or a `~run` helper), and then every object schema reads
 * the stray key as one of its own entries and fails ("o.~run is not a function"): no item
 * would ever validate. Giving each `entries` object a null prototype makes `for...in` see
 * only the schema's own keys. The input side is covered by `boundedCopy` (depth.ts), which
 * hands valibot null-prototype copies.
 */

/**
 * Sets a null prototype on the `entries` of every object schema reachable from `roots`
 * (through wrappers, pipes, unions, variants, arrays and records). Idempotent.
 */
export function nullPrototypeEntries(...roots: unknown[]): void {
  const seen = new Set<unknown>();
  const stack = [...roots];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const schema = node as Record<string, unknown>;
    const entries = schema.entries;
    if (entries !== null && typeof entries === 'object' && Object.getPrototypeOf(entries) !== null) {
      Object.setPrototypeOf(entries, null);
    }
    if (entries !== null && typeof entries === 'object') stack.push(...Object.values(entries));
    for (const key of ['wrapped', 'item', 'key', 'value', 'rest']) stack.push(schema[key]);
    for (const key of ['options', 'pipe', 'items']) {
      if (Array.isArray(schema[key])) stack.push(...(schema[key] as unknown[]));
    }
  }
}
