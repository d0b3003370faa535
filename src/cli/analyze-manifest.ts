/** What `guidepost analyze --manifest` reads: variation order, weights and the experiments themselves (for the audit). */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ManifestProblem } from '../manifest/problems';
import type { Experiment } from '../manifest/schema';
import { readJsonTextOrThrow } from './read-json-text';
import { positionAt } from './text-position';
import { inspectManifestFile } from './validate';
import { validateManifest } from '../manifest/validate';

export interface ManifestSettings {
  manifestOrder: Record<string, string[]>;
  manifestWeights: Record<string, Record<string, number>>;
  manifestExperiments: Experiment[];
}

/**
 * A manifest `guidepost validate` rejects: the SDK would refuse it whole, or skip what has errors
 * (an experiment with weights that do not add up to 1 never runs), so it cannot say which arms
 * ran, with what weights. `problems` are the validator's errors, placed (line, column).
 */
export class InvalidManifestError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ManifestProblem[],
  ) {
    const errors = `${problems.length} error${problems.length === 1 ? '' : 's'}`;
    super(`${file}: invalid manifest (${errors}): the SDK refuses a manifest or experiment with errors, so this one cannot tell which arms ran or with what weights; fix it (guidepost validate lists every problem) before analysing with it`);
    this.name = 'InvalidManifestError';
  }
}

/**
 * What `guidepost analyze --manifest` reads: `readManifest`, once the file has passed the very
 * checks `guidepost validate` runs (inspectManifestFile: strict JSON, the schema, every
 * experiment's rules, the cross-checks), as far as they concern the experiments. Before, the
 * analysis trusted what the validator rejects: weights adding up to 1.1 were rescaled, and the
 * split check then blamed the data for an experiment the SDK never ran. A file that cannot be
 * read as JSON at all is refused by readManifest first, with its message (`file:line:column:
 * not a JSON manifest: …`); an error the validator finds in an experiment throws InvalidManifestError.
 */
export async function readCheckedManifest(file: string): Promise<ManifestSettings> {
  const settings = await readManifest(file);
  const { report } = await inspectManifestFile(file, []);
  // Only errors in the experiments' arms and weights: a file holding just the experiments (no
  // schemaVersion, no items), with comments or trailing commas, still gives them as written; an
  // experiment the SDK refuses for its weights (adding up to 1.1) never ran as written.
  // What the analysis reads from an experiment: its arms and their weights. Its other rules (a
  // scope, a condition) are the SDK's; the data logged is what it is.
  const ofExperiments = (problems: ManifestProblem[]) => problems.filter((p) => p.severity === 'error' && /^experiments\[\d+\]\.(variations|weights)(\[|\.|$)/.test(p.path));
  let refused = ofExperiments(report.problems);
  if (!refused.length && !report.valid) {
    // Refused whole (no schemaVersion: a file of the experiments alone) before its experiments
    // were looked at: they are checked as the experiments of a manifest with nothing else.
    const parsed = parseManifest(file, await readJsonTextOrThrow(file)) as { experiments?: unknown } | null;
    refused = ofExperiments(validateManifest({ schemaVersion: 1, revision: 'analyze', items: [], experiments: parsed?.experiments }).problems);
  }
  if (refused.length) throw new InvalidManifestError(file, refused);
  return settings;
}

/**
 * Variation order and weights per experiment from a manifest (JSON or JSON with comments), and
 * the experiments as the SDK's assignment reads them. Entries without a key or variations, and
 * those after the first with the same key, are skipped: the validator reports those; the
 * analysis only needs what assignment used. A file that is not JSON, or a variation that is not an object with a key, is refused naming the file:
 * guessing would silently change the control (the first variation) or the weights. The CLI
 * reads through readCheckedManifest, which refuses anything the validator rejects.
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
