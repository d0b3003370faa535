/**
 * Gets the manifest: an object given by the host, or a URL fetched at start. A fetched
 * manifest that loads and validates is cached; when a later fetch or validation fails,
 * the last good copy is used and the failure reported. A manifest compiled by
 * `guidepost build` (same SDK version) is used as is; any other is validated by the
 * validator, loaded only then (about 10 kB min+gzip). Likewise the `$regex` guard
 * (safe-regex.ts, about 1.3 kB) is loaded only for a manifest that uses `$regex`, here, so it
 * is there before the first decision (the two-file IIFE's `guidepost.regex.iife.js`).
 */
import { hasRegex, type RegexGuard } from '../engine/condition-guard';
import type { KeyValueStorage } from '../store/storage';
import { hasCompiledShape, isCompiledManifest } from './compiled';
import { boundedCopy, MAX_DEPTH } from './depth';
import { checkCompiled } from './compiled-checks';
import { readBoundedText } from './bounded-read';
import type { regexProblem as RegexCheck } from './safe-regex';
import type { ManifestProblem } from './problems';
import type { Manifest } from './schema';
import type { ValidateOptions, ValidationResult } from './validate';

/** A manifest accepted (or not), and the `$regex` guard when its conditions need one. */
export interface AcceptedManifest extends ValidationResult {
  /**
   * Set when the manifest uses `$regex` and the guard loaded: decisions must get it (without
   * it, clauses with a pattern fail). A failed load is one of the `problems`.
   */
  regexGuard?: RegexGuard;
  /** Set when the manifest needed the validator and it could not be loaded (the `refused` problem says why). */
  validatorMissing?: true;
}

/**
 * What `admitManifest` leaves to its caller for a compiled manifest: the content checks of
 * compiled-checks.ts (`checkCompiled`), with the `$regex` guard's check of patterns when the
 * manifest uses `$regex`.
 */
export interface PendingChecks {
  regexProblem?: typeof RegexCheck;
  /**
   * Run without reporting: the manifest is one the validator checked on an earlier page view
   * (checked-cache.ts), whose problems, these included, were reported from what it found.
   */
  quiet?: true;
}

/** A manifest admitted by `admitManifest`: accepted, its content checks still to run when it is compiled. */
export interface AdmittedManifest extends AcceptedManifest {
  pendingChecks?: PendingChecks;
}

export interface LoadedManifest {
  manifest: Manifest | null;
  problems: ManifestProblem[];
  /** See `AcceptedManifest`. */
  regexGuard?: RegexGuard;
  /** See `AdmittedManifest`. */
  pendingChecks?: PendingChecks;
  /** Set when the manifest came from the cache because the fresh one failed. */
  fromCache?: boolean;
  /** Why the fresh copy could not be used (network, HTTP status, JSON syntax, refused). */
  loadError?: string;
}

const cacheKey = (url: string) => `manifest:${url}`;

/** Whether `value` carries a stamp (`guidepost build`'s, or one that only looks like it). */
const isStamped = (value: unknown) => value !== null && typeof value === 'object' && Object.hasOwn(value, 'compiled');

/**
 * The `$regex` guard's module (safe-regex.ts) when `manifest` uses `$regex`; undefined, with
 * nothing loaded, when it does not. A failed load goes to `fail`, saying what it means for the
 * page, and resolves undefined: never throws. The SDK's only import of the module (the two-file
 * IIFE build rewrites it into a load of `guidepost.regex.iife.js`: scripts/rollup-plugins.mjs).
 */
export const regexModuleFor = async (manifest: unknown, fail: (message: string) => void) =>
  hasRegex(manifest)
    ? import('./safe-regex').catch((error: Error) => fail(`the $regex guard could not be loaded (${error.message}): conditions with $regex do not hold`))
    : undefined;

/**
 * Validates `json`, loading the validator unless the build already did, and the `$regex`
 * guard when the manifest uses `$regex` (never throws). A compiled manifest skips the validator
 * and, here, its content checks too: they are left to the caller (`pendingChecks`). The runtime
 * runs them once some item may show (src/runtime/content-checks.ts): they only report what the
 * UI refuses on its own, and a page where nothing can show does not download them.
 */
export async function admitManifest(source: unknown, options: ValidateOptions = {}): Promise<AdmittedManifest> {
  // A stamped manifest skips the validator, so it is read through null-prototype objects: a key
  // some library put on Object.prototype must not read as a field (`item.buttons`). Any other
  // goes to the validator as it is, which bounds and copies each item alone.
  const copied = isStamped(source) ? boundedCopy(source, MAX_DEPTH + 2) : undefined;
  const json = copied?.ok ? copied.value : source;
  if (isCompiledManifest(json)) return admitShaped(json);
  try {
    const { validateManifest } = await import('./validate');
    const result = validateManifest(json, options);
    const guard = guardFailures();
    const regex = await regexModuleFor(result.manifest, guard.fail);
    return { ...result, problems: [...result.problems, ...guard.problems], regexGuard: regex?.guardPattern };
  } catch (error) {
    const message = `the manifest validator could not be loaded (${(error as Error).message}); compile the manifest with "guidepost build" to do without it`;
    return { manifest: null, problems: [{ code: 'refused', message, path: '', severity: 'error' }], itemIndexes: [], validatorMissing: true };
  }
}

/** A failed load of the $regex guard: reported with the manifest's problems, after them. */
function guardFailures() {
  const problems: ManifestProblem[] = [];
  return { problems, fail: (message: string) => void problems.push({ code: 'regex-guard', message, path: '', severity: 'warning' }) };
}

/** A manifest with a compiled manifest's shapes, admitted without the validator: its content checks are left pending. */
async function admitShaped(json: Manifest): Promise<AdmittedManifest> {
  const guard = guardFailures();
  const regex = await regexModuleFor(json, guard.fail);
  return { manifest: json, problems: guard.problems, itemIndexes: json.items.map((_, index) => index), regexGuard: regex?.guardPattern, pendingChecks: { regexProblem: regex?.regexProblem } };
}

/**
 * A manifest this SDK validated on an earlier page view (checked-cache.ts, read back from
 * storage): admitted as a compiled one when it has a compiled manifest's shapes and depth (read
 * through bounded copies, as a stamped one is), else undefined.
 */
export async function admitValidated(source: unknown): Promise<AdmittedManifest | undefined> {
  const copied = boundedCopy(source, MAX_DEPTH + 2);
  return copied.ok && hasCompiledShape(copied.value) ? admitShaped(copied.value) : undefined;
}

/**
 * `admitManifest` with a compiled manifest's content checks run: unsafe URLs, links, patterns
 * and theme values reported as the validator would (as warnings, before the `$regex` guard's
 * own problems), hazardous theme values taken out.
 */
export async function acceptManifest(source: unknown, options: ValidateOptions = {}): Promise<AcceptedManifest> {
  const { pendingChecks, ...admitted } = await admitManifest(source, options);
  if (!pendingChecks || !admitted.manifest) return admitted;
  const { manifest, problems } = checkCompiled(admitted.manifest, pendingChecks.regexProblem);
  return { ...admitted, manifest, problems: [...problems, ...admitted.problems] };
}

/** Keeping what the validator found, for the next page view (checked-cache.ts). */
export interface CheckedOptions {
  /** The browser (its user agent): a result is used again only by the browser that found it. */
  browser: string;
  /** Resolves true when the storage never held anything (a first visit): nothing is read then. */
  storageEmpty?: Promise<boolean>;
}

/**
 * `admitManifest`, through what earlier page views kept (checked-cache.ts) for a manifest that
 * is not compiled, with `checked`. The cache's code loads only then: a lazy chunk of the ESM
 * build, `guidepost.checked.iife.js` for the two-file IIFE. `text`: the manifest's JSON as fetched.
 */
async function admitAsWritten(json: unknown, text: string | undefined, storage: KeyValueStorage, options: ValidateOptions & { checked?: CheckedOptions }): Promise<AdmittedManifest> {
  const { checked } = options;
  // Nothing is kept without SubtleCrypto (a page not served over HTTPS or from localhost).
  if (!checked || isStamped(json) || !globalThis.crypto?.subtle) return admitManifest(json, options);
  const context = { storage, checked, admit: (source: unknown) => admitManifest(source, options), admitKept: admitValidated };
  // Looked up as soon as the cache's code is there, while the storage answers whether it ever held anything.
  const lookup = import('./checked-cache')
    .then(async (cache) => {
      const found = await cache.lookUpChecked(json, text, context);
      return found && { cache, found };
    })
    // The cache's code could not be loaded (a file not copied beside the core file): validated as before.
    .catch(() => undefined);
  // A first visit has nothing kept: validated at once, not after a lookup that waits for the
  // database's creation; its result is kept once the lookup is done.
  if (await Promise.race([checked.storageEmpty ?? false, lookup.then(() => false)])) {
    const result = await context.admit(json);
    void lookup.then((looked) => looked?.cache.keepResult(looked.found, context, result));
    return result;
  }
  const looked = await lookup;
  return looked ? looked.cache.admitChecked(json, looked.found, context) : context.admit(json);
}

export async function loadManifest(
  source: unknown,
  storage: KeyValueStorage,
  options: ValidateOptions & { fetch?: typeof fetch; checked?: CheckedOptions } = {},
): Promise<LoadedManifest> {
  if (typeof source !== 'string') return admitAsWritten(source, undefined, storage, options);
  const url = source;
  let loadError: string | undefined;
  let fresh: AdmittedManifest | undefined;
  try {
    const response = await (options.fetch ?? fetch)(url, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await readBoundedText(response);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`not valid JSON: ${(error as Error).message}`);
    }
    fresh = await admitAsWritten(json, text, storage, options);
    if (fresh.manifest) {
      // The last good copy, for a page that cannot fetch it. Not waited for: deciding needs the
      // manifest, not its copy (and on a first visit the write waits for the database's creation).
      storage.set(cacheKey(url), json).catch(() => undefined);
      return fresh;
    }
    loadError = fresh.problems[0]?.message ?? 'refused';
  } catch (error) {
    loadError = (error as Error).message;
  }
  const cached = await storage.get<unknown>(cacheKey(url));
  // A validator that could not be loaded a moment ago is not asked for again (a second request,
  // a second report) for a cached copy that needs it too; a compiled copy does without it.
  if (cached !== undefined && !(fresh?.validatorMissing && !isCompiledManifest(cached))) {
    const result = await admitManifest(cached, options);
    if (result.manifest) return { ...result, fromCache: true, loadError: `manifest ${url} could not be used (${loadError}); using the last good copy` };
  }
  return { manifest: null, problems: fresh?.problems ?? [], loadError: `manifest ${url} could not be loaded: ${loadError}` };
}
