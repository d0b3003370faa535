/**
 * Compiled manifests: `guidepost build` validates a manifest at build time and stamps the
 * result. The SDK uses a manifest stamped by its own version after a structural glance and
 * does not need the validator (about 10 kB min+gzip); any other manifest is validated in the
 * browser, with the validator loaded on demand.
 */
import { fnv1a32 } from '../engine/hash';
import { MAX_DEPTH, tooDeep } from './depth';
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
  /** FNV-1a of the content as written (everything but the stamp): any later edit breaks it. */
  hash: string;
}

/** Hash of a manifest's content, the stamp left out (key order as in the file, which JSON keeps). */
function contentHash(manifest: Record<string, unknown>): string {
  const { compiled: _stamp, ...content } = manifest;
  return fnv1a32(JSON.stringify(content)).toString(16);
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const isText = (value: unknown) => value === undefined || typeof value === 'string' || isRecord(value);
const isListOf = (value: unknown, check: (entry: unknown) => boolean) => Array.isArray(value) && value.every(check);
const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
const isString = (value: unknown) => typeof value === 'string';
const isStringOrRecord = (value: unknown) => typeof value === 'string' || isRecord(value);

/** The shapes the runtime reads without checking: ids and types, texts, targets, rules, steps, tasks, buttons. */
function looksCompiled(item: unknown): boolean {
  if (!isRecord(item) || typeof item.id !== 'string' || !(ITEM_TYPES as readonly unknown[]).includes(item.type)) return false;
  const shapes =
    isText(item.title) &&
    isText(item.body) &&
    optional(item.buttons, (buttons) => isListOf(buttons, isRecord)) &&
    optional(item.image, isRecord) &&
    optional(item.target, isStringOrRecord) &&
    optional(item.when, isRecord) &&
    optional(item.schedule, isRecord) &&
    optional(item.trigger, isStringOrRecord) &&
    optional(item.frequency, isStringOrRecord) &&
    optional(item.requires, (requires) => isListOf(requires, isString));
  if (!shapes) return false;
  if (item.type === 'tour') {
    const isStep = (step: unknown) => isRecord(step) && isText(step.title) && isText(step.body) && optional(step.target, isStringOrRecord) && optional(step.advanceOn, isRecord);
    return isListOf(item.steps, isStep) && (item.steps as unknown[]).length > 0;
  }
  if (item.type === 'checklist') return isListOf(item.tasks, (task) => isRecord(task) && typeof task.id === 'string' && isText(task.title));
  return true;
}

/** Experiments as the engine reads them, and every item as each arm's overrides make it. */
function experimentsLookCompiled(experiments: unknown, items: Record<string, unknown>[]): boolean {
  if (experiments === undefined) return true;
  const isArm = (variation: unknown) =>
    isRecord(variation) &&
    typeof variation.key === 'string' &&
    optional(variation.overrides, (overrides) =>
      isRecord(overrides) && Object.entries(overrides).every(([id, fields]) => isRecord(fields) && looksCompiled({ ...items.find((item) => item.id === id), ...fields })),
    );
  return isListOf(experiments, (e) => isRecord(e) && typeof e.key === 'string' && isRecord(e.scope) && isListOf(e.variations, isArm));
}

/**
 * Nothing nests deeper than the validator allows: each item and experiment at most MAX_DEPTH
 * (they sit two levels down: the manifest, then its list), the rest at most MAX_DEPTH too.
 * Checked iteratively before the hash serializes the manifest, which would overflow the stack.
 */
function withinDepth(json: Record<string, unknown>): boolean {
  const entries = [...(Array.isArray(json.items) ? json.items : []), ...(Array.isArray(json.experiments) ? json.experiments : [])];
  const outside = Object.keys(json).filter((key) => key !== 'items' && key !== 'experiments').map((key) => json[key]);
  return entries.every((entry) => tooDeep(entry, MAX_DEPTH) === undefined) && tooDeep(outside, MAX_DEPTH + 1) === undefined;
}

/**
 * True when `json` carries a stamp written by this version of Guidepost for exactly this
 * content (the hash catches any edit made after the build), and has the shapes and the depth
 * the runtime reads. Anything else goes through the full validator, which names the problem.
 * The stamp is a performance hint, not a trust boundary: `checkCompiled` (compiled-checks.ts)
 * reports unsafe URLs, links, patterns and theme values, the UI still refuses them, and no
 * content can make the SDK throw into the page.
 */
export function isCompiledManifest(json: unknown): json is Manifest {
  if (!isRecord(json) || !isRecord(json.compiled)) return false;
  const stamp = json.compiled;
  return (
    stamp.by === 'guidepost' &&
    stamp.version === SDK_VERSION &&
    stamp.schemaVersion === SUPPORTED_SCHEMA_MAJOR &&
    hasCompiledShape(json) &&
    stamp.hash === contentHash(json)
  );
}

/**
 * True when `json` has the shapes and the depth the runtime reads without checking, as a
 * compiled manifest must; its stamp is not asked for. For a manifest this SDK validated itself
 * on an earlier page view (checked-cache.ts), found by the SHA-256 of its text.
 */
export function hasCompiledShape(json: unknown): json is Manifest {
  return (
    isRecord(json) &&
    typeof json.schemaVersion === 'number' &&
    Math.floor(json.schemaVersion) === SUPPORTED_SCHEMA_MAJOR &&
    typeof json.revision === 'string' &&
    json.revision.length > 0 &&
    isListOf(json.items, looksCompiled) &&
    withinDepth(json) &&
    experimentsLookCompiled(json.experiments, json.items as Record<string, unknown>[])
  );
}

/** The manifest `guidepost build` writes: the validated content with its stamp (the editor-only `$schema` dropped). */
export function stampManifest(manifest: Manifest, version: string): Manifest {
  const { $schema: _editorOnly, compiled: _previous, ...content } = manifest;
  // Round-tripped through JSON so the hash covers exactly what the file will hold.
  const written = JSON.parse(JSON.stringify(content)) as Record<string, unknown>;
  const compiled: CompiledStamp = { by: 'guidepost', version, schemaVersion: SUPPORTED_SCHEMA_MAJOR, hash: contentHash(written) };
  return { ...written, compiled } as Manifest;
}
