/** What `guidepost analyze --manifest` reads: variation order, weights and the experiments themselves (for the audit). */
import { readFile } from 'node:fs/promises';
import { parse as parseJsonc } from 'jsonc-parser';
import type { Experiment } from '../manifest/schema';

export interface ManifestSettings {
  manifestOrder: Record<string, string[]>;
  manifestWeights: Record<string, Record<string, number>>;
  manifestExperiments: Experiment[];
}

/**
 * Variation order and weights per experiment from a manifest (JSON or JSON with comments), and
 * the experiments as the SDK's assignment reads them. Entries without a key or variations are
 * skipped: the validator reports those; the analysis only needs what assignment used.
 */
export async function readManifest(file: string): Promise<ManifestSettings> {
  const manifest = parseJsonc(await readFile(file, 'utf8')) as { experiments?: unknown[] } | undefined;
  const out: ManifestSettings = { manifestOrder: {}, manifestWeights: {}, manifestExperiments: [] };
  for (const raw of Array.isArray(manifest?.experiments) ? manifest.experiments : []) {
    const e = raw as Partial<Experiment> | null;
    if (!e || typeof e.key !== 'string' || !Array.isArray(e.variations)) continue;
    const keys = e.variations.map((v) => String(v.key));
    out.manifestOrder[e.key] = keys;
    if (e.variations.some((v) => typeof v.weight === 'number')) {
      out.manifestWeights[e.key] = Object.fromEntries(e.variations.map((v) => [String(v.key), v.weight ?? 0]));
    }
    out.manifestExperiments.push({ scope: {}, ...e, variations: e.variations.map((v) => ({ ...v, key: String(v.key) })) } as Experiment);
  }
  return out;
}
