/**
 * Two holes in how valibot reads objects, closed once on the schemas themselves.
 *
 * Valibot walks an object schema's `entries` with `for...in`, which also visits enumerable
 * properties inherited from `Object.prototype`. Old libraries still add some there
 * (`Object.prototype.polluted = 1`, or a `~run` helper), and then every object schema reads
 * the stray key as one of its own entries and fails ("o.~run is not a function"): no item
 * would ever validate. Giving each `entries` object a null prototype makes `for...in` see
 * only the schema's own keys. The input side is covered by `boundedCopy` (depth.ts), which
 * hands valibot null-prototype copies.
 *
 * Valibot's object() and record() take any `typeof "object"`, arrays included: `"when": [{…}]`
 * read as a condition on an attribute named "0" (never true, so the item silently never
 * showed), and `"schedule": []` or `"frequency": []` passed as `{}`. Those schemas refuse
 * arrays first, with the issue valibot gives for any other non-object.
 */

type Run = (this: unknown, dataset: { value: unknown }, config: unknown) => unknown;

/**
 * Hardens every schema reachable from `roots` (through wrappers, pipes, unions, variants,
 * arrays and records): a null prototype on each object schema's `entries`, and arrays refused
 * where an object or a record is expected. Safe to repeat (json-schema.ts hardens the schemas
 * of schema.ts again): a schema hardened twice only checks for an array twice.
 */
export function hardenSchemas(...roots: unknown[]): void {
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
    // A pipe runs its first schema, which is hardened itself (it is in `pipe`). A schema is
    // handed a fresh dataset (no issues yet); the issue reads as valibot's for a string would,
    // with the phrase issues.ts gives "Object".
    if (/object|record/.test(schema.type as string) && !schema.pipe) {
      const run = schema['~run'] as Run;
      schema['~run'] = function (this: unknown, dataset, config) {
        const input = dataset.value;
        return Array.isArray(input)
          ? { typed: false, value: input, issues: [{ kind: 'schema', type: schema.type, input, expected: 'Object', received: 'Array', message: 'an object { … }' }] }
          : run.call(this, dataset, config);
      } as Run;
    }
    if (entries !== null && typeof entries === 'object') stack.push(...Object.values(entries));
    for (const key of ['wrapped', 'item', 'key', 'value', 'rest']) stack.push(schema[key]);
    for (const key of ['options', 'pipe', 'items']) {
      if (Array.isArray(schema[key])) stack.push(...(schema[key] as unknown[]));
    }
  }
}
