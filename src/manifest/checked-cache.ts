/**
 * A manifest as written, checked once per browser. Validating it in the browser costs every
 * page view the validator's download (its own file in the two-file IIFE) and its run, most of it
 * first-call compilation. Once a manifest has been validated, the result is kept in the SDK's
 * storage under the SHA-256 of the manifest's text; a later page view with the same text, the
 * same SDK version and the same browser admits the validated manifest as a compiled one,
 * reports the problems the validator found, and never loads the validator.
 *
 * What storage hands back is untrusted: the manifest must have a compiled manifest's shapes and
 * depth (read through bounded copies; then its content checks run, whose findings are
 * among the problems kept, so they run without reporting), and the problems must be problems.
 * Anything else is a miss: the manifest is validated as if nothing had been kept. At most
 * `CHECKED_SLOTS` results are kept: a digest picks its slot, and a manifest in the same slot
 * replaces the one before (two manifests that share a slot are each validated again).
 */
import { SDK_VERSION } from '../version';
import type { KeyValueStorage } from '../store/storage';
import { CHECKED_SLOTS, checkedKey } from './checked-keys';
import type { AdmittedManifest, CheckedOptions } from './load';
import type { ManifestProblem } from './problems';
import type { ValidationResult } from './validate';

export { CHECKED_SLOTS };
/** Manifests longer than this (characters of JSON text) are validated on every page view rather than kept. */
export const MAX_CHECKED_TEXT = 1_000_000;
/** More problems than this in a kept result: not one this SDK wrote (problems are bounded per item). */
const MAX_CHECKED_PROBLEMS = 5_000;

/** Where a manifest's result is kept, and the digest that must match. */
export interface CheckedSlot {
  key: string;
  digest: string;
}

/** A kept result as stored: the validated manifest, the validator's problems, the items' indexes in the text. */
interface CheckedEntry {
  digest: string;
  /** The SDK version whose validator found it. */
  sdk: string;
  /** The browser that validated it (its selector checks are the browser's own). */
  browser: string;
  manifest: unknown;
  problems: ManifestProblem[];
  itemIndexes: number[];
}

/**
 * The slot of `text` (a manifest's JSON), or undefined when nothing can be kept for it: no
 * SubtleCrypto (a page not served over HTTPS or from localhost) or a text over MAX_CHECKED_TEXT.
 */
export async function checkedSlot(text: string): Promise<CheckedSlot | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || text.length > MAX_CHECKED_TEXT) return undefined;
  const bytes = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return { key: checkedKey(bytes[0] % CHECKED_SLOTS), digest: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
}

/**
 * The JSON text of a manifest object, or undefined when the text would not stand for it: the
 * validator reads the object, so an object that JSON rewrites or drops parts of (a Date, which
 * becomes a string; undefined, NaN, a function, a hole in an array; a Map) has the text of
 * another object the validator judges otherwise, and is validated on every page view. Also
 * undefined without a text (a cycle, a BigInt, a getter that throws).
 */
export function manifestText(manifest: unknown): string | undefined {
  let pure = true;
  try {
    const text = JSON.stringify(manifest, function (this: Record<string, unknown>, key, value: unknown) {
      if (value !== this[key] || value === undefined || typeof value === 'function' || typeof value === 'symbol' || (typeof value === 'number' && !Number.isFinite(value))) pure = false;
      else if (value !== null && typeof value === 'object' && !Array.isArray(value) && ![Object.prototype, null].includes(Object.getPrototypeOf(value))) pure = false;
      return value;
    });
    return pure && typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const optionalString = (value: unknown) => value === undefined || typeof value === 'string';

/** A problem as the validator reports it (what a page's onError will receive). */
function isProblem(value: unknown): value is ManifestProblem {
  return (
    isObject(value) &&
    typeof value.code === 'string' &&
    typeof value.message === 'string' &&
    typeof value.path === 'string' &&
    (value.severity === 'error' || value.severity === 'warning') &&
    optionalString(value.itemId) && optionalString(value.expected) && optionalString(value.received) && optionalString(value.suggestion) &&
    (value.textIndex === undefined || Number.isSafeInteger(value.textIndex))
  );
}

/** Indexes into the text's items, one per kept item, each after the one before. */
const isIndexList = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((index, i) => Number.isSafeInteger(index) && index >= 0 && (i === 0 || index > value[i - 1]));

/**
 * The result kept in `slot` for this browser, or undefined (none, another manifest's, another
 * browser's or SDK version's, or not what this SDK writes). The manifest still has to be
 * admitted as a compiled manifest by the caller; its item count is checked against the indexes there.
 */
export async function readChecked(storage: KeyValueStorage, slot: CheckedSlot, browser: string): Promise<Omit<ValidationResult, 'manifest'> & { manifest: unknown } | undefined> {
  const entry = await storage.get<unknown>(slot.key).catch(() => undefined);
  if (!isObject(entry) || entry.digest !== slot.digest || entry.sdk !== SDK_VERSION || entry.browser !== browser) return undefined;
  const { manifest, problems, itemIndexes } = entry;
  // The validator's output never carries a stamp: one that does is not what this SDK kept.
  if (!isObject(manifest) || Object.hasOwn(manifest, 'compiled')) return undefined;
  if (!Array.isArray(problems) || problems.length > MAX_CHECKED_PROBLEMS || !problems.every(isProblem) || !isIndexList(itemIndexes)) return undefined;
  return { manifest, problems, itemIndexes };
}

/**
 * Keeps `result` (a manifest the validator accepted, with its problems) in `slot`. Not waited
 * for: a failed write only means validating again next time. The `$regex` guard's problems are
 * the page's, not the manifest's: they are not kept.
 */
export function saveChecked(storage: KeyValueStorage, slot: CheckedSlot, browser: string, result: ValidationResult): void {
  const problems = result.problems.filter((problem) => problem.code !== 'regex-guard');
  // Nothing `readChecked` would refuse: it would only be written again on every page view.
  if (!result.manifest || problems.length > MAX_CHECKED_PROBLEMS) return;
  const entry: CheckedEntry = { digest: slot.digest, sdk: SDK_VERSION, browser, manifest: result.manifest, problems, itemIndexes: result.itemIndexes };
  storage.set(slot.key, entry).catch(() => undefined);
}

/** What `admitChecked` works with: the SDK's storage, the browser, and admission of a manifest (load.ts). */
export interface CheckedContext {
  storage: KeyValueStorage;
  checked: CheckedOptions;
  /** Admits a manifest as written (the validator's way). */
  admit: (source: unknown) => Promise<AdmittedManifest>;
  /** Admits a kept manifest as a compiled one, when it has a compiled manifest's shapes (else undefined). */
  admitKept: (source: unknown) => Promise<AdmittedManifest | undefined>;
}

/** A manifest's slot, and what was kept there for it (if anything). */
export interface CheckedLookup {
  slot: CheckedSlot;
  kept?: Awaited<ReturnType<typeof readChecked>>;
}

/**
 * Looks up what earlier page views kept for `json` (its `text` as fetched, else serialized):
 * undefined when nothing can be kept for it (no text, no SubtleCrypto, too long). Never throws.
 */
export async function lookUpChecked(json: unknown, text: string | undefined, { storage, checked }: CheckedContext): Promise<CheckedLookup | undefined> {
  const source = text ?? manifestText(json);
  const slot = source === undefined ? undefined : await checkedSlot(source).catch(() => undefined);
  return slot && { slot, kept: await readChecked(storage, slot, checked.browser) };
}

/** Keeps `result`, the validator's for the manifest looked up, when it accepted the manifest. */
export function keepResult({ slot }: CheckedLookup, { storage, checked }: CheckedContext, result: AdmittedManifest): void {
  if (result.manifest && !result.pendingChecks) saveChecked(storage, slot, checked.browser, result);
}

/**
 * Admits `json` (a manifest that is not compiled) with what `lookUpChecked` found: a result
 * kept for the same text is admitted as the compiled manifest it is, with the problems found
 * then, and without loading the validator; else `json` is validated (`admit`) and its result kept.
 */
export async function admitChecked(json: unknown, found: CheckedLookup, context: CheckedContext): Promise<AdmittedManifest> {
  const { kept } = found;
  const admitted = kept && (await context.admitKept(kept.manifest));
  if (kept && admitted?.manifest && admitted.pendingChecks && admitted.manifest.items.length === kept.itemIndexes.length) {
    return { ...admitted, problems: [...kept.problems, ...admitted.problems], itemIndexes: kept.itemIndexes, pendingChecks: { ...admitted.pendingChecks, quiet: true } };
  }
  const result = await context.admit(json);
  keepResult(found, context, result);
  return result;
}
