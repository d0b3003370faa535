/**
 * Checks of one manifest entry (item or experiment) before and beside its schema check, and of
 * the top-level keys, so that one problem does not hide another: a number too large for JSON,
 * an id or key another entry already uses whatever state that entry is in, and a misspelt
 * top-level key named when a required one is missing.
 */
import { formatPath, nearestWord, quote, type ManifestProblem, type PathSegment } from './problems';

/**
 * The path of the first number that is not finite in `value` (a bounded copy: depth.ts), or
 * undefined. JSON has no Infinity, but `1e999` parses as one; a compiled manifest would write it
 * back as `null`, which turns `{"$gte": 1e999}` (nobody) into `{"$gte": null}` (everybody).
 */
export function nonFinitePath(value: unknown): PathSegment[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : [];
  if (value === null || typeof value !== 'object') return undefined;
  const entries: [PathSegment, unknown][] = Array.isArray(value) ? value.map((x, i) => [i, x]) : Object.entries(value);
  for (const [key, child] of entries) {
    const below = nonFinitePath(child);
    if (below) return [key, ...below];
  }
  return undefined;
}

/** The problem for a number `nonFinitePath` found, at `path` (absolute); `label` prefixes the message as the entry's other problems are. */
export function nonFiniteProblem(path: PathSegment[], label: (path: string) => string, itemId?: string): ManifestProblem {
  const at = formatPath(path);
  const message = `${label(at)}: a number too large for JSON (it reads as Infinity, and would be written back as null, which means something else); use a number between -1e308 and 1e308. It is skipped`;
  return { code: 'invalid-number', message, path: at, itemId, severity: 'error' };
}

/**
 * Ids (or keys) by first use, with whether that first entry passed its own checks. Duplicates
 * between two valid entries are the cross-check's (cross-check.ts); this one tells the others,
 * where one of the two has errors: the writer then sees the duplicate in the same run as those
 * errors, not after fixing them.
 */
export function createIdRegistry(kind: 'item' | 'experiment') {
  const first = new Map<string, { index: number; valid: boolean }>();
  const noun = kind === 'item' ? 'id' : 'key';
  return {
    /** Records entry `index` with `id`; returns the duplicate problem when it is one this registry reports. */
    see(id: string | undefined, index: number, valid: boolean, basePath: PathSegment[], label: (path: string) => string): ManifestProblem | undefined {
      if (id === undefined) return undefined;
      const earlier = first.get(id);
      if (!earlier) {
        first.set(id, { index, valid });
        return undefined;
      }
      if (earlier.valid && valid) return undefined;
      const path = formatPath([...basePath, noun]);
      const where = formatPath([kind === 'item' ? 'items' : 'experiments', earlier.index]);
      const message = `${label(path)}: duplicate ${noun} ${quote(id)} (first used at ${where}); every ${kind} needs its own ${noun}`;
      return { code: 'duplicate-id', message, path, itemId: kind === 'item' ? id : undefined, severity: 'error' };
    },
  };
}

/**
 * Unknown top-level keys, each with its "did you mean". Reported with a refusal too: a missing
 * "revision" beside an unknown "revison" is one typo, and the writer should see both.
 */
export function unknownTopLevelKeys(raw: object, known: readonly string[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const key of Object.keys(raw)) {
    if (known.includes(key)) continue;
    const suggestion = nearestWord(key, known);
    const hint = suggestion ? ` — did you mean "${suggestion}"?` : ` (known keys: ${known.join(', ')})`;
    problems.push({ code: 'unknown-key', message: `${formatPath([key])}: unknown key ${quote(key)}${hint}`, path: formatPath([key]), received: key, suggestion, severity: 'error' });
  }
  return problems;
}

/** `message` about a missing required `key`, with the unknown key that looks like its misspelling, if any. */
export function withMisspelling(message: string, key: string, unknown: ManifestProblem[]): string {
  const misspelt = unknown.find((p) => p.suggestion === key);
  return misspelt ? `${message}; ${quote(misspelt.received ?? '')} looks like a misspelling of it` : message;
}

/** Schema problems, except those at a path already reported as a forbidden key. */
export function withoutForbidden(schemaProblems: ManifestProblem[], forbidden: ManifestProblem[]): ManifestProblem[] {
  const paths = new Set(forbidden.map((p) => p.path));
  return schemaProblems.filter((p) => !paths.has(p.path));
}

/** An entry's own string field (its `id` or `key`), read before the entry is checked: undefined when it is not a string. */
export const stringField = (value: unknown, key: string): string | undefined =>
  value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key) && typeof (value as Record<string, unknown>)[key] === 'string'
    ? ((value as Record<string, unknown>)[key] as string)
    : undefined;

/**
 * Two variations of `experiment` (parsed, or raw when its schema check failed) with the same
 * key, as a problem at the second one's key. The schema does not look for repeats, so an
 * experiment with schema errors is checked here too: else the repeat showed only once those
 * were fixed, a run later.
 */
export function repeatedVariationKey(experiment: unknown, basePath: PathSegment[], label: (path: string) => string): ManifestProblem | undefined {
  const variations = experiment !== null && typeof experiment === 'object' ? (experiment as { variations?: unknown }).variations : undefined;
  if (!Array.isArray(variations)) return undefined;
  const seen = new Set<string>();
  for (const [index, variation] of variations.entries()) {
    const key = stringField(variation, 'key');
    if (key === undefined) continue;
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    const path = formatPath([...basePath, 'variations', index, 'key']);
    return { code: 'duplicate-id', message: `${label(path)}: two variations have the key ${quote(key)}`, path, severity: 'error' };
  }
  return undefined;
}
