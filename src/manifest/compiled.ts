/**
 * Compiled manifests: `guidepost build` validates a manifest at build time and stamps the
 * result. The SDK trusts a stamped manifest after a structural glance and never loads the
 * validator (about 13 kB min+gzip); any other manifest is validated in the browser, where
 * the validator is loaded on demand.
 */
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

/**
 * True when `json` carries a stamp for this SDK's format and looks like what the build
 * wrote. The glance catches a truncated or hand-edited file (it then goes through the
 * full validator, which names the problem); it does not re-check content.
 */
export function isCompiledManifest(json: unknown): json is Manifest {
  if (!isRecord(json) || !isRecord(json.compiled)) return false;
  const stamp = json.compiled;
  return (
    stamp.by === 'guidepost' &&
    stamp.schemaVersion === SUPPORTED_SCHEMA_MAJOR &&
    typeof json.schemaVersion === 'number' &&
    Math.floor(json.schemaVersion) === SUPPORTED_SCHEMA_MAJOR &&
    typeof json.revision === 'string' &&
    json.revision.length > 0 &&
    Array.isArray(json.items) &&
    json.items.every((item) => isRecord(item) && typeof item.id === 'string' && (ITEM_TYPES as readonly unknown[]).includes(item.type))
  );
}

/** The manifest `guidepost build` writes: the validated content with its stamp (the editor-only `$schema` dropped). */
export function stampManifest(manifest: Manifest, version: string): Manifest {
  const { $schema: _editorOnly, compiled: _previous, ...content } = manifest;
  const compiled: CompiledStamp = { by: 'guidepost', version, schemaVersion: SUPPORTED_SCHEMA_MAJOR };
  return { ...content, compiled };
}
