/**
 * Validates a manifest item by item: a bad item is reported and skipped, the rest stays
 * usable. Only problems that make the whole file meaningless (not an object, an unknown
 * major schemaVersion, no revision) refuse it whole.
 */
import * as v from 'valibot';
import {
  Experiment as ExperimentSchema,
  Item as ItemSchema,
  ManifestEnvelope,
  Settings as SettingsSchema,
  SUPPORTED_SCHEMA_MAJOR,
  type Experiment,
  type Item,
  type Manifest,
  type Settings,
} from './schema';
import { boundProblem, describeValue, formatPath, type ManifestProblem, type PathSegment } from './problems';
import { issueProblems, locationLabel } from './issues';
import { conditionProblems, forbiddenKeys, type Located, type SelectorChecker } from './checks';
import { crossCheck } from './cross-check';
import type { StepCounter } from './requires';
import { boundedCopy, MAX_DEPTH, safeOutput } from './depth';
import { themeValueProblem, withoutUnsafeThemeValues } from './theme-values';
import type { SalvagedItem, WriterChecks } from './salvage';
import { validSettings } from './valid-settings';
import { createIdRegistry, nonFinitePath, nonFiniteProblem, repeatedVariationKey, stringField, unknownTopLevelKeys, withMisspelling, withoutForbidden } from './entry-checks';

export type { SelectorChecker };

export interface ValidateOptions {
  /** Default: no selector syntax check (the browser and the CLI each pass their own). */
  checkSelector?: SelectorChecker;
  /**
   * @internal Counts the steps of the reference checks (`requires` cycles and chains), so tests
   * and benchmarks can check they grow linearly with the manifest. Default: not counted.
   */
  counter?: StepCounter;
}

export interface ValidationResult {
  /** The usable manifest with only the valid items, or null when it was refused whole. */
  manifest: Manifest | null;
  problems: ManifestProblem[];
  /** For each entry of `manifest.items`, its index in the input's `items` (skipped items leave gaps). */
  itemIndexes: number[];
}

/**
 * The result with the items skipped for their errors, without the fields that have them, where
 * the rest is a valid item (salvage.ts): writers' tools check their translations too.
 */
export interface WriterValidationResult extends ValidationResult {
  skippedItems: SalvagedItem[];
}

const TOP_LEVEL_KEYS = Object.keys(ManifestEnvelope.entries);

/** Validate untrusted JSON (already parsed). Never throws. */
export function validateManifest(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const { skippedItems: _none, ...result } = validateSafely(input, options);
  return result;
}

/** @internal validateManifest, with `writers`' checks when given (validate-writers.ts). Never throws. */
export function validateSafely(input: unknown, options: ValidateOptions, writers?: WriterChecks): WriterValidationResult {
  try {
    const result = validateUnsafe(input, options, writers);
    return { ...result, problems: result.problems.map(boundProblem) };
  } catch (error) {
    // A validator bug must not take the host page down with it.
    return { ...refused(refusal('', `manifest could not be validated: ${String(error)}`)), skippedItems: [] };
  }
}

function refusal(path: string, message: string, code = 'refused'): ManifestProblem {
  return { code, message, path, severity: 'error' };
}

const refused = (problem: ManifestProblem, ...others: ManifestProblem[]): WriterValidationResult => ({ manifest: null, problems: [problem, ...others], itemIndexes: [], skippedItems: [] });

function validateUnsafe(input: unknown, options: ValidateOptions, writers?: WriterChecks): WriterValidationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return refused(refusal('', `manifest: expected a JSON object {"schemaVersion": 1, "revision": "…", "items": […]}, found ${describeValue(input)}`));
  }
  // Everything but the items and experiments, bounded and copied before anything recursive
  // reads it; items and experiments are bounded one by one, so one deep item is refused alone.
  const outside = boundedCopy(Object.fromEntries(Object.keys(input).filter((key) => key !== 'items' && key !== 'experiments').map((key) => [key, (input as Record<string, unknown>)[key]])));
  if (!outside.ok) {
    const path = formatPath(outside.path);
    return refused(refusal(path, `${path}: nested deeper than ${MAX_DEPTH} levels of objects and arrays; the manifest is refused whole`, 'too-deep'));
  }
  const raw = outside.value as Record<string, unknown>;
  const problems: ManifestProblem[] = [];
  // Also told with a refusal below: a missing "revision" beside an unknown "revison" is one typo.
  const unknownKeys = unknownTopLevelKeys(raw, TOP_LEVEL_KEYS);

  const version = own(raw, 'schemaVersion') ? raw.schemaVersion : undefined;
  if (typeof version !== 'number') {
    const message = version === undefined
      ? withMisspelling('schemaVersion: missing required key "schemaVersion"; add "schemaVersion": 1', 'schemaVersion', unknownKeys)
      : `schemaVersion: expected a number such as 1, found ${describeValue(version)}`;
    return refused(refusal('schemaVersion', message, 'schema-version'), ...unknownKeys);
  }
  if (Math.floor(version) !== SUPPORTED_SCHEMA_MAJOR) {
    const message = `schemaVersion: this version of Guidepost reads schemaVersion ${SUPPORTED_SCHEMA_MAJOR}, found ${version}; the manifest is refused whole`;
    return refused(refusal('schemaVersion', message, 'schema-version'));
  }
  const revision = own(raw, 'revision') ? raw.revision : undefined;
  if (typeof revision !== 'string' || revision === '') {
    const message = revision === undefined
      ? withMisspelling('revision: missing required key "revision" (a label for this version of the manifest, such as "2026-11-22.1"; every event carries it)', 'revision', unknownKeys)
      : `revision: expected a non-empty string such as "2026-11-22.1" (every event carries it), found ${describeValue(revision)}`;
    return refused(refusal('revision', message, 'missing-key'), ...unknownKeys);
  }
  problems.push(...unknownKeys);

  let defaultLocale = 'en';
  if (own(raw, 'defaultLocale') && raw.defaultLocale !== undefined) {
    const parsed = v.safeParse(ManifestEnvelope.entries.defaultLocale, raw.defaultLocale);
    if (parsed.success && parsed.output) defaultLocale = parsed.output;
    else problems.push(...issueProblems(parsed.issues, ManifestEnvelope.entries.defaultLocale, raw.defaultLocale, ['defaultLocale']));
  }

  let settings: Settings = {};
  if (own(raw, 'settings') && raw.settings !== undefined) {
    // A theme value that could fetch or escape CSS drops that value only (theme-values.ts).
    const checked = withoutUnsafeThemeValues(raw.settings, themeValueProblem);
    for (const { key, value, reason } of checked.refused) {
      const path = formatPath(['settings', 'theme', key]);
      problems.push({ code: 'unsafe-theme-value', message: `${path}: ${describeValue(value)} is not allowed: ${reason}`, path, received: describeValue(value), severity: 'error' });
    }
    const parsed = v.safeParse(SettingsSchema, checked.settings);
    if (parsed.success) settings = safeOutput(parsed.output);
    else {
      problems.push(...issueProblems(parsed.issues, SettingsSchema, checked.settings, ['settings']));
      settings = safeOutput(validSettings(checked.settings));
    }
  }

  const listed = (key: string) => (own(input, key) ? (input as Record<string, unknown>)[key] : undefined);
  const refusedKeys = new Set<string>();
  const refusedExperiments: Located<Experiment>[] = [];
  const experiments = validateExperiments(listed('experiments'), problems, refusedKeys, refusedExperiments);
  const skippedIds = new Set<string>();
  const skippedItems: SalvagedItem[] = [];
  const items = validateItems(listed('items'), problems, skippedIds, writers && { salvage: writers.salvage, salvaged: skippedItems });
  const checked = crossCheck(items, experiments, problems, options, skippedIds, refusedKeys, writers && { salvaged: skippedItems, report: writers.report }, refusedExperiments);

  const manifest: Manifest = safeOutput({
    schemaVersion: version,
    revision,
    defaultLocale,
    settings,
    experiments: checked.experiments.map((e) => e.value),
    items: checked.items.map((e) => e.value),
  });
  return { manifest, problems, itemIndexes: checked.items.map((e) => e.index), skippedItems };
}

function own(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

const TOO_DEEP = Symbol('too deep');

/**
 * A null-prototype copy of one item or experiment (see depth.ts), or TOO_DEEP after
 * reporting where it nests deeper than MAX_DEPTH: checked before anything recursive reads it.
 */
function boundedEntry(input: unknown, basePath: PathSegment[], label: (path: string) => string, problems: ManifestProblem[], itemId?: string): unknown {
  const copy = boundedCopy(input);
  if (copy.ok) return copy.value;
  const path = formatPath([...basePath, ...copy.path]);
  const message = `${label(path)}: nested deeper than ${MAX_DEPTH} levels of objects and arrays (a "when" with too many "$and"/"$or" levels, or a runaway value); it is skipped`;
  problems.push({ code: 'too-deep', message, path, itemId, severity: 'error' });
  return TOO_DEEP;
}

/** Validates each experiment on its own; the keys of those refused for their errors go to `refusedKeys` (and those the schema passed, to `refused`). */
function validateExperiments(value: unknown, problems: ManifestProblem[], refusedKeys: Set<string>, refused: Located<Experiment>[]): Located<Experiment>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ code: 'invalid-value', message: `experiments: expected an array [ … ] of experiments, found ${describeValue(value)}`, path: 'experiments', severity: 'error' });
    return [];
  }
  const valid: Located<Experiment>[] = [];
  const seenKeys = new Set<string>();
  const registry = createIdRegistry('experiment');
  value.forEach((input: unknown, index) => {
    const basePath: PathSegment[] = ['experiments', index];
    const key = stringField(input, 'key');
    const label = (path: string) => locationLabel(key, path, 'experiment');
    // Its items are then told it is skipped, not that there is no such experiment.
    const refuse = (duplicateTold = false) => {
      const duplicate = registry.see(key, index, false, basePath, label);
      if (duplicate && !duplicateTold) problems.push(duplicate);
      if (key !== undefined) refusedKeys.add(key);
    };
    const raw = boundedEntry(input, basePath, label, problems);
    if (raw === TOO_DEEP) return void refuse();
    const forbidden = forbiddenKeys(raw, basePath, label);
    const huge = nonFinitePath(raw);
    const parsed = v.safeParse(ExperimentSchema, raw);
    if (forbidden.length || huge || !parsed.success) {
      if (huge) problems.push(nonFiniteProblem([...basePath, ...huge], label));
      const before = problems.length;
      if (!parsed.success) problems.push(...forbidden, ...withoutForbidden(issueProblems(parsed.issues, ExperimentSchema, raw, basePath, key, 'experiment'), forbidden));
      else problems.push(...forbidden);
      const repeated = repeatedVariationKey(raw, basePath, label);
      if (repeated && !problems.slice(before).some((p) => p.path === repeated.path)) problems.push(repeated);
      return void refuse();
    }
    const experiment = safeOutput(parsed.output);
    // Every problem of the experiment is reported; any one of them refuses it.
    let failed = false;
    const fail = (code: string, relative: PathSegment[], what: string) => {
      const path = formatPath([...basePath, ...relative]);
      problems.push({ code, message: `${label(path)}: ${what}`, path, severity: 'error' });
      failed = true;
    };
    const weights = experiment.variations.map((x) => x.weight);
    const sum = weights.reduce<number>((a, w) => a + (w ?? 0), 0);
    if (weights.some((w) => w !== undefined) && weights.some((w) => w === undefined)) {
      const missing = weights.findIndex((w) => w === undefined);
      fail('invalid-weights', ['variations', missing], 'give every variation a "weight", or none of them (equal split)');
    } else if (weights[0] !== undefined && Math.abs(sum - 1) > 1e-6) {
      fail('invalid-weights', ['variations'], `the weights must add up to 1, found ${weights.join(' + ')} = ${+sum.toFixed(6)}`);
    }
    const repeated = repeatedVariationKey(experiment, basePath, label);
    if (repeated) failed = problems.push(repeated) > 0; // reported, and refuses it as fail() does
    if (!experiment.scope.items?.length && !experiment.scope.types?.length) {
      fail('empty-scope', ['scope'], 'name the "items" or "types" the experiment governs');
    }
    const duplicateTold = seenKeys.has(experiment.key);
    if (duplicateTold) fail('duplicate-id', ['key'], `another experiment already has the key "${experiment.key}"`);
    for (const condition of conditionProblems(experiment.when, ['when'])) fail(condition.code, condition.path, condition.message);
    // Refused, yet its overrides and scope are still checked (cross-check.ts): all in one run.
    if (failed) return void (refused.push({ value: experiment, index }), refuse(duplicateTold));
    const duplicate = registry.see(key, index, true, basePath, label);
    if (duplicate) {
      problems.push(duplicate);
      refused.push({ value: experiment, index });
      return void refusedKeys.add(experiment.key);
    }
    seenKeys.add(experiment.key);
    valid.push({ value: experiment, index });
  });
  return valid;
}

/**
 * Validates each item on its own; the ids of items skipped for their errors go to `skippedIds`,
 * and (for writers' tools) what can still be checked of them to `writers.salvaged`.
 */
function validateItems(value: unknown, problems: ManifestProblem[], skippedIds: Set<string>, writers?: { salvage: WriterChecks['salvage']; salvaged: SalvagedItem[] }): Located<Item>[] {
  if (!Array.isArray(value)) {
    const message = value === undefined ? 'items: missing required key "items" (an array [ … ] of help items)' : `items: expected an array [ … ] of items, found ${describeValue(value)}`;
    problems.push({ code: value === undefined ? 'missing-key' : 'invalid-value', message, path: 'items', severity: 'error' });
    return [];
  }
  const valid: Located<Item>[] = [];
  const ids = createIdRegistry('item');
  value.forEach((input: unknown, index) => {
    const basePath: PathSegment[] = ['items', index];
    const itemId = stringField(input, 'id');
    const label = (path: string) => locationLabel(itemId, path);
    const skip = () => {
      const duplicate = ids.see(itemId, index, false, basePath, label);
      if (duplicate) problems.push(duplicate);
      if (itemId !== undefined) skippedIds.add(itemId);
    };
    const raw = boundedEntry(input, basePath, label, problems, itemId);
    if (raw === TOO_DEEP) return skip();
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      const path = formatPath(basePath);
      problems.push({ code: 'invalid-value', message: `${path}: expected an item object such as {"id": "…", "type": "banner", …}, found ${describeValue(raw)}`, path, received: describeValue(raw), severity: 'error' });
      return;
    }
    const forbidden = forbiddenKeys(raw, basePath, label).map((p) => ({ ...p, itemId }));
    const huge = nonFinitePath(raw);
    const parsed = v.safeParse(ItemSchema, raw);
    if (parsed.success && !forbidden.length && !huge) {
      // A valid item whose id an earlier item with errors has: told now, with those errors.
      const duplicate = ids.see(itemId, index, true, basePath, label);
      if (!duplicate) return void valid.push({ value: safeOutput(parsed.output), index });
      problems.push(duplicate);
      return;
    }
    skip();
    if (huge) problems.push(nonFiniteProblem([...basePath, ...huge], label, itemId));
    if (!parsed.success) problems.push(...forbidden, ...withoutForbidden(issueProblems(parsed.issues, ItemSchema, raw, basePath, itemId), forbidden));
    else problems.push(...forbidden);
    const rest = writers && itemId !== undefined && !forbidden.length && !huge && !parsed.success ? writers.salvage(raw as Record<string, unknown>, parsed.issues) : undefined;
    if (rest) writers!.salvaged.push({ ...rest, index });
  });
  return valid;
}
