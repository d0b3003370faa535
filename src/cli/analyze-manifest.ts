/** What `guidepost analyze --manifest` reads: variation order, weights and the experiments themselves (for the audit). */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Experiment } from '../manifest/schema';
import { readJsonTextOrThrow } from './read-json-text';
import { positionAt } from './text-position';

export interface ManifestSettings {
  manifestOrder: Record<string, string[]>;
  manifestWeights: Record<string, Record<string, number>>;
  manifestExperiments: Experiment[];
}

/**
 * Variation order and weights per experiment from a manifest (JSON or JSON with comments), and
 * the experiments as the SDK's assignment reads them. Entries without a key or variations, and
 * those after the first with the same key, are skipped: the validator reports those; the
 * analysis only needs what assignment used. A file that is not JSON, or a variation that is not an object with a key, is refused naming the file:
 * guessing would silently change the control (the first variation) or the weights.
 *
 * The maps have no prototype, so any experiment or variation key (even "__proto__" or
 * "constructor") is an own entry and a lookup never finds an inherited one.
 */
export async function readManifest(file: string): Promise<ManifestSettings> {
  // Strict UTF-8 (a legacy encoding would garble variation keys), without a byte-order mark,
  // and no deeper than the recursive readers below can go.
  const manifest = parseManifest(file, await readJsonTextOrThrow(file)) as { experiments?: unknown } | null;
  const out: ManifestSettings = { manifestOrder: Object.create(null), manifestWeights: Object.create(null), manifestExperiments: [] };
  const list = manifest && typeof manifest === 'object' && Array.isArray(manifest.experiments) ? (manifest.experiments as unknown[]) : [];
  list.forEach((raw, i) => {
    const e = raw as Partial<Experiment> | null;
    if (!e || typeof e !== 'object' || typeof e.key !== 'string' || !Array.isArray(e.variations)) return;
    // A later experiment with a key already read is refused by the validator, so the SDK runs the
    // first: reading the later one too gave its control and weights to the report, the first's
    // seed to the audit.
    if (e.key in out.manifestOrder) return;
    const variations = (e.variations as unknown[]).map((v, j) => {
      const key = v && typeof v === 'object' && !Array.isArray(v) ? (v as { key?: unknown }).key : undefined;
      if (typeof key !== 'string' && typeof key !== 'number') {
        throw new Error(`${file}: experiments[${i}].variations[${j}] is not a variation (an object with a "key")`);
      }
      return { ...(v as object), key: String(key) } as Experiment['variations'][number];
    });
    out.manifestOrder[e.key] = variations.map((v) => v.key);
    // Only numbers are weights; anything else counts as missing, like an absent weight.
    const weight = (v: { weight?: unknown }) => (typeof v.weight === 'number' ? v.weight : undefined);
    if (variations.some((v) => weight(v) !== undefined)) {
      const weights: Record<string, number> = Object.create(null);
      for (const v of variations) weights[v.key] = weight(v) ?? 0;
      out.manifestWeights[e.key] = weights;
    }
    out.manifestExperiments.push({ scope: {}, ...e, variations } as Experiment);
  });
  return out;
}

/**
 * The file's value, refusing syntax errors with `file:line:column`: jsonc-parser recovers from
 * them and would return whatever it could read. Objects are built without a prototype, so a
 * "__proto__" property is data, never the prototype of what is read.
 */
function parseManifest(file: string, text: string): unknown {
  const errors: ParseError[] = [];
  // Both readers recurse; `text` was checked to nest no deeper than they can go (read-json-text.ts).
  const tree: Node | undefined = parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length || !tree) {
    const { line, column } = positionAt(text, errors[0]?.offset ?? 0);
    const where = `${line}:${column}`;
    const what = errors[0] ? printParseErrorCode(errors[0].error) : 'the file is empty';
    throw new Error(`${file}:${where}: not a JSON manifest: ${what}`);
  }
  return valueOf(tree);
}

function valueOf(node: Node): unknown {
  if (node.type === 'array') return (node.children ?? []).map(valueOf);
  if (node.type !== 'object') return node.value;
  const object: Record<string, unknown> = Object.create(null);
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value) object[String(key.value)] = valueOf(value);
  }
  return object;
}
