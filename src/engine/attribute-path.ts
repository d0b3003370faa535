/**
 * Reading an attribute at a dotted path ("account.plan"), in the two ways conditions need: as
 * GrowthBook evaluates it, and as explanations show it. Shared by the condition evaluator
 * (condition.ts) and the screen (screen.ts), which must read exactly the same values.
 */

/**
 * GrowthBook's own path lookup (mongrule `getPath`), on a path split in advance: a missing
 * step gives null, as GrowthBook reads it. Kept identical so a compiled clause evaluates
 * exactly as GrowthBook would evaluate the whole condition.
 */
export function lookup(attributes: Record<string, unknown>, parts: readonly string[]): unknown {
  let current: unknown = attributes;
  for (const part of parts) {
    if (current && typeof current === 'object' && part in current) current = (current as Record<string, unknown>)[part];
    else return null;
  }
  return current;
}

/** The value an explanation shows at a path already split: undefined when a step is missing. */
export function valueAt(attributes: Record<string, unknown>, parts: readonly string[]): unknown {
  let current: unknown = attributes;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
