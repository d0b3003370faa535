/**
 * Compiled manifests: `guidepost build` validates a manifest at build time and stamps the
 * result. The SDK uses a manifest stamped by its own version after a structural glance and
 * does not need the validator (about 10 kB min+gzip); any other manifest is validated in the
 * browser, with the validator loaded on demand.
 */
import { SDK_VERSION } from '../version';
import type { Manifest } from './schema';

/** The manifest format major version this SDK reads. */
export const SUPPORTED_SCHEMA_MAJOR = 1;

/** The item types this SDK renders (the schema's `type` picklist). */
export const ITEM_TYPES = ['helpLink', 'tooltip', 'hotspot', 'tour', 'banner', 'checklist'] as const;

/** The stamp `guidepost build` writes into a manifest it validated. */
export interface CompiledStamp {
  by: 'guidepost';
  /** Version of the CLI that validated it. */
  version: string;
  /** Manifest format major it was validated against. */
  schemaVersion: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const isText = (value: unknown) => value === undefined || typeof value === 'string' || isRecord(value);
const isListOf = (value: unknown, check: (entry: unknown) => boolean) => Array.isArray(value) && value.every(check);

/** The shapes the runtime reads without checking: item ids and types, texts, steps, tasks, buttons. */
function looksCompiled(item: unknown): boolean {
  if (!isRecord(item) || typeof item.id !== 'string' || !(ITEM_TYPES as readonly unknown[]).includes(item.type)) return false;
  if (!isText(item.title) || !isText(item.body) || (item.buttons !== undefined && !isListOf(item.buttons, isRecord))) return false;
  if (item.type === 'tour') return isListOf(item.steps, (step) => isRecord(step) && isText(step.title) && isText(step.body)) && (item.steps as unknown[]).length > 0;
  if (item.type === 'checklist') return isListOf(item.tasks, (task) => isRecord(task) && typeof task.id === 'string');
  return true;
}

/**
 * True when `json` carries a stamp written by this version of Guidepost and has the shapes
 * the runtime reads. The glance catches a truncated file, a file compiled by another
 * version, and edits that break those shapes (such a file goes through the full validator,
 * which names the problem); it does not re-check content. The stamp is a performance hint,
 * not a trust boundary: the UI still refuses unsafe URLs and survives malformed content.
 */
export function isCompiledManifest(json: unknown): json is Manifest {
  if (!isRecord(json) || !isRecord(json.compiled)) return false;
  const stamp = json.compiled;
  return (
    stamp.by === 'guidepost' &&
    stamp.version === SDK_VERSION &&
    stamp.schemaVersion === SUPPORTED_SCHEMA_MAJOR &&
    typeof json.schemaVersion === 'number' &&
    Math.floor(json.schemaVersion) === SUPPORTED_SCHEMA_MAJOR &&
    typeof json.revision === 'string' &&
    json.revision.length > 0 &&
    isListOf(json.items, looksCompiled)
  );
}

/** The manifest `guidepost build` writes: the validated content with its stamp (the editor-only `$schema` dropped). */
export function stampManifest(manifest: Manifest, version: string): Manifest {
  const { $schema: _editorOnly, compiled: _previous, ...content } = manifest;
  const compiled: CompiledStamp = { by: 'guidepost', version, schemaVersion: SUPPORTED_SCHEMA_MAJOR };
  return { ...content, compiled };
}
