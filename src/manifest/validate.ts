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
import { describeValue, formatPath, nearestWord, type ManifestProblem, type PathSegment } from './problems';
import { locationLabel, problemsFromIssue } from './issues';
import { conditionProblem, forbiddenKeys, itemChecks, requiresCycle, suggest, type Located, type References, type SelectorChecker } from './checks';

export type { SelectorChecker };

export interface ValidateOptions {
  /** Default: no selector syntax check (the browser and the CLI each pass their own). */
  checkSelector?: SelectorChecker;
}

export interface ValidationResult {
  /** The usable manifest with only the valid items, or null when it was refused whole. */
  manifest: Manifest | null;
  problems: ManifestProblem[];
  /** For each entry of `manifest.items`, its index in the input's `items` (skipped items leave gaps). */
  itemIndexes: number[];
}

const TOP_LEVEL_KEYS = Object.keys(ManifestEnvelope.entries);

/** Validate untrusted JSON (already parsed). Never throws. */
export function validateManifest(input: unknown, options: ValidateOptions = {}): ValidationResult {
  try {
    return validateUnsafe(input, options);
  } catch (error) {
    // A validator bug must not take the host page down with it.
    return refused(refusal('', `manifest could not be validated: ${String(error)}`));
  }
}

function refusal(path: string, message: string, code = 'refused'): ManifestProblem {
  return { code, message, path, severity: 'error' };
}

const refused = (problem: ManifestProblem): ValidationResult => ({ manifest: null, problems: [problem], itemIndexes: [] });

function validateUnsafe(input: unknown, options: ValidateOptions): ValidationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return refused(refusal('', `manifest: expected a JSON object {"schemaVersion": 1, "revision": "…", "items": […]}, found ${describeValue(input)}`));
  }
  const raw = input as Record<string, unknown>;
  const problems: ManifestProblem[] = [];

  const version = own(raw, 'schemaVersion') ? raw.schemaVersion : undefined;
  if (typeof version !== 'number') {
    const message = version === undefined
      ? 'schemaVersion: missing required key "schemaVersion"; add "schemaVersion": 1'
      : `schemaVersion: expected a number such as 1, found ${describeValue(version)}`;
    return refused(refusal('schemaVersion', message, 'schema-version'));
  }
  if (Math.floor(version) !== SUPPORTED_SCHEMA_MAJOR) {
    const message = `schemaVersion: this version of Guidepost reads schemaVersion ${SUPPORTED_SCHEMA_MAJOR}, found ${version}; the manifest is refused whole`;
    return refused(refusal('schemaVersion', message, 'schema-version'));
  }
  const revision = own(raw, 'revision') ? raw.revision : undefined;
  if (typeof revision !== 'string' || revision === '') {
    const message = revision === undefined
      ? 'revision: missing required key "revision" (a label for this version of the manifest, such as "2026-11-22.1"; every event carries it)'
      : `revision: expected a non-empty string such as "2026-11-22.1" (every event carries it), found ${describeValue(revision)}`;
    return refused(refusal('revision', message, 'missing-key'));
  }

  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      const suggestion = nearestWord(key, TOP_LEVEL_KEYS);
      const hint = suggestion ? ` — did you mean "${suggestion}"?` : ` (known keys: ${TOP_LEVEL_KEYS.join(', ')})`;
      problems.push({ code: 'unknown-key', message: `${formatPath([key])}: unknown key "${key}"${hint}`, path: formatPath([key]), received: key, suggestion, severity: 'error' });
    }
  }

  let defaultLocale = 'en';
  if (raw.defaultLocale !== undefined) {
    const parsed = v.safeParse(ManifestEnvelope.entries.defaultLocale, raw.defaultLocale);
    if (parsed.success && parsed.output) defaultLocale = parsed.output;
    else problems.push(...issueProblems(parsed.issues, ManifestEnvelope.entries.defaultLocale, raw.defaultLocale, ['defaultLocale']));
  }

  let settings: Settings = {};
  if (raw.settings !== undefined) {
    const parsed = v.safeParse(SettingsSchema, raw.settings);
    if (parsed.success) settings = parsed.output;
    else problems.push(...issueProblems(parsed.issues, SettingsSchema, raw.settings, ['settings']));
  }

  const experiments = validateExperiments(raw.experiments, problems);
  const skippedIds = new Set<string>();
  const items = validateItems(own(raw, 'items') ? raw.items : undefined, problems, skippedIds);
  const checked = crossCheck(items, experiments, problems, options, skippedIds);

  const manifest: Manifest = {
    schemaVersion: version,
    revision,
    defaultLocale,
    settings,
    experiments: checked.experiments.map((e) => e.value),
    items: checked.items.map((e) => e.value),
  };
  return { manifest, problems, itemIndexes: checked.items.map((e) => e.index) };
}

function own(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function issueProblems(
  issues: readonly v.BaseIssue<unknown>[] | undefined,
  schema: v.GenericSchema,
  input: unknown,
  basePath: PathSegment[],
  itemId?: string,
  kind?: 'item' | 'experiment',
): ManifestProblem[] {
  return (issues ?? []).flatMap((issue) => problemsFromIssue(issue, { schema, input, basePath, itemId, kind }));
}

/** Schema problems, except those at a path already reported as a forbidden key. */
function withoutForbidden(schemaProblems: ManifestProblem[], forbidden: ManifestProblem[]): ManifestProblem[] {
  const paths = new Set(forbidden.map((p) => p.path));
  return schemaProblems.filter((p) => !paths.has(p.path));
}

const stringField = (value: unknown, key: string): string | undefined =>
  value !== null && typeof value === 'object' && own(value, key) && typeof (value as Record<string, unknown>)[key] === 'string'
    ? ((value as Record<string, unknown>)[key] as string)
    : undefined;

function validateExperiments(value: unknown, problems: ManifestProblem[]): Located<Experiment>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ code: 'invalid-value', message: `experiments: expected an array [ … ] of experiments, found ${describeValue(value)}`, path: 'experiments', severity: 'error' });
    return [];
  }
  const valid: Located<Experiment>[] = [];
  value.forEach((raw: unknown, index) => {
    const basePath: PathSegment[] = ['experiments', index];
    const key = stringField(raw, 'key');
    const label = (path: string) => locationLabel(key, path, 'experiment');
    const forbidden = forbiddenKeys(raw, basePath, label);
    const parsed = v.safeParse(ExperimentSchema, raw);
    if (forbidden.length || !parsed.success) {
      problems.push(...forbidden, ...withoutForbidden(issueProblems(parsed.issues, ExperimentSchema, raw, basePath, key, 'experiment'), forbidden));
      return;
    }
    const experiment = parsed.output;
    const fail = (code: string, relative: PathSegment[], what: string) => {
      const path = formatPath([...basePath, ...relative]);
      problems.push({ code, message: `${label(path)}: ${what}`, path, severity: 'error' });
    };
    const weights = experiment.variations.map((x) => x.weight);
    if (weights.some((w) => w !== undefined) && weights.some((w) => w === undefined)) {
      const missing = weights.findIndex((w) => w === undefined);
      return fail('invalid-weights', ['variations', missing], 'give every variation a "weight", or none of them (equal split)');
    }
    const sum = weights.reduce<number>((a, w) => a + (w ?? 0), 0);
    if (weights[0] !== undefined && Math.abs(sum - 1) > 1e-6) {
      return fail('invalid-weights', ['variations'], `the weights must add up to 1, found ${weights.join(' + ')} = ${+sum.toFixed(6)}`);
    }
    const keys = experiment.variations.map((x) => x.key);
    const repeated = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (repeated >= 0) return fail('duplicate-id', ['variations', repeated, 'key'], `two variations have the key "${keys[repeated]}"`);
    if (!experiment.scope.items?.length && !experiment.scope.types?.length) {
      return fail('empty-scope', ['scope'], 'name the "items" or "types" the experiment governs');
    }
    if (valid.some((e) => e.value.key === experiment.key)) {
      return fail('duplicate-id', ['key'], `another experiment already has the key "${experiment.key}"`);
    }
    const condition = conditionProblem(experiment.when, ['when']);
    if (condition) return fail(condition.code, condition.path, condition.message);
    valid.push({ value: experiment, index });
  });
  return valid;
}

/** Validates each item on its own; the ids of items skipped for their errors go to `skippedIds`. */
function validateItems(value: unknown, problems: ManifestProblem[], skippedIds: Set<string>): Located<Item>[] {
  if (!Array.isArray(value)) {
    const message = value === undefined ? 'items: missing required key "items" (an array [ … ] of help items)' : `items: expected an array [ … ] of items, found ${describeValue(value)}`;
    problems.push({ code: value === undefined ? 'missing-key' : 'invalid-value', message, path: 'items', severity: 'error' });
    return [];
  }
  const valid: Located<Item>[] = [];
  value.forEach((raw: unknown, index) => {
    const basePath: PathSegment[] = ['items', index];
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      const path = formatPath(basePath);
      problems.push({ code: 'invalid-value', message: `${path}: expected an item object such as {"id": "…", "type": "banner", …}, found ${describeValue(raw)}`, path, received: describeValue(raw), severity: 'error' });
      return;
    }
    const itemId = stringField(raw, 'id');
    const forbidden = forbiddenKeys(raw, basePath, (path) => locationLabel(itemId, path)).map((p) => ({ ...p, itemId }));
    const parsed = v.safeParse(ItemSchema, raw);
    if (parsed.success && !forbidden.length) return void valid.push({ value: parsed.output, index });
    if (itemId !== undefined) skippedIds.add(itemId);
    problems.push(...forbidden, ...withoutForbidden(issueProblems(parsed.issues, ItemSchema, raw, basePath, itemId), forbidden));
  });
  return valid;
}

/** Checks that need more than one item: ids, references, overrides, selectors, URLs, conditions. */
function crossCheck(
  items: Located<Item>[],
  experiments: Located<Experiment>[],
  problems: ManifestProblem[],
  options: ValidateOptions,
  skippedIds: ReadonlySet<string>,
): { items: Located<Item>[]; experiments: Located<Experiment>[] } {
  const byId = new Map<string, Located<Item>>();
  // A reference to an item that exists but has errors deserves that explanation, not "no such id".
  const refs: References = { byId, skipped: skippedIds };
  const rejected = new Set<number>();
  const reject = (entry: Located<Item>, code: string, relative: PathSegment[], what: string) => {
    const path = formatPath(['items', entry.index, ...relative]);
    problems.push({ code, message: `${locationLabel(entry.value.id, path)}: ${what}`, path, itemId: entry.value.id, severity: 'error' });
    rejected.add(entry.index);
  };

  for (const entry of items) {
    const first = byId.get(entry.value.id);
    if (first) reject(entry, 'duplicate-id', ['id'], `duplicate id "${entry.value.id}" (first used at items[${first.index}]); every item needs its own id`);
    else byId.set(entry.value.id, entry);
  }

  // Experiments whose overrides would produce an invalid item are refused whole: showing
  // one arm without its override would measure something else than the writer designed.
  const usable = experiments.filter((e) => {
    const found = overrideProblems(e, refs, options);
    problems.push(...found);
    return found.length === 0;
  });
  const refusedKeys = experiments.filter((e) => !usable.includes(e)).map((e) => e.value.key);
  const experimentKeys = usable.map((e) => e.value.key);

  for (const entry of items) {
    if (rejected.has(entry.index)) continue;
    if (entry.value.experiment !== undefined && refusedKeys.includes(entry.value.experiment)) {
      reject(entry, 'invalid-reference', ['experiment'], `experiment "${entry.value.experiment}" has errors and is skipped, so this item is skipped too`);
      continue;
    }
    for (const check of itemChecks(entry.value, refs, experimentKeys, options.checkSelector)) {
      reject(entry, check.code, check.path, check.message);
      break;
    }
  }
  for (const entry of items) {
    if (rejected.has(entry.index)) continue;
    const cycle = requiresCycle(entry.value.id, byId);
    if (cycle) reject(entry, 'invalid-reference', ['requires'], `"requires" goes round in a circle (${cycle.join(' → ')}), so none of these items could ever show`);
  }
  // An item that requires a rejected item could never show: report it too, until nothing changes.
  let changed = true;
  while (changed) {
    changed = false;
    for (const entry of items) {
      if (rejected.has(entry.index)) continue;
      const requires = entry.value.requires ?? [];
      const position = requires.findIndex((id) => {
        const target = byId.get(id);
        return target !== undefined && rejected.has(target.index) && target !== entry;
      });
      if (position >= 0) {
        reject(entry, 'invalid-reference', ['requires', position], `requires "${requires[position]}", which has errors and is skipped`);
        changed = true;
      }
    }
  }
  for (const e of usable) {
    (e.value.scope.items ?? []).forEach((id, i) => {
      if (!byId.has(id)) {
        const path = formatPath(['experiments', e.index, 'scope', 'items', i]);
        const what = skippedIds.has(id) ? `the item "${id}" has errors and is skipped` : `no item has the id "${id}"${suggest(id, refs)}`;
        problems.push({ code: skippedIds.has(id) ? 'invalid-reference' : 'unknown-reference', message: `experiment "${e.value.key}" at ${path}: ${what}`, path, severity: 'warning' });
      }
    });
  }
  return { items: items.filter((entry) => !rejected.has(entry.index)), experiments: usable };
}

/** An override must name an item and, merged into it, give a valid item with safe URLs. */
function overrideProblems(e: Located<Experiment>, refs: References, options: ValidateOptions): ManifestProblem[] {
  const found: ManifestProblem[] = [];
  e.value.variations.forEach((variation, vi) => {
    for (const [itemId, fields] of Object.entries(variation.overrides ?? {})) {
      const base: PathSegment[] = ['experiments', e.index, 'variations', vi, 'overrides', itemId];
      const at = formatPath(base);
      const label = (path: string) => locationLabel(e.value.key, path, 'experiment');
      const target = refs.byId.get(itemId);
      if (!target) {
        const what = refs.skipped.has(itemId) ? `the item "${itemId}" has errors and is skipped` : `no item has the id "${itemId}"${suggest(itemId, refs)}`;
        found.push({ code: refs.skipped.has(itemId) ? 'invalid-reference' : 'unknown-reference', message: `${label(at)}: ${what}`, path: at, severity: 'error' });
        continue;
      }
      const fixed = ['id', 'type'].find((key) => own(fields, key));
      if (fixed) {
        const path = formatPath([...base, fixed]);
        found.push({ code: 'invalid-override', message: `${label(path)}: an override cannot change "${fixed}"`, path, severity: 'error' });
        continue;
      }
      const merged: unknown = { ...target.value, ...fields };
      // Problems in fields the override does not set belong to the item and are reported there.
      const overridden = Object.keys(fields as object).map((key) => formatPath([...base, key]));
      const inOverride = (path: string) => overridden.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
      // A problem outside the override is the item's own: the item is skipped, so is this override.
      const itemHasErrors = () => found.push({ code: 'invalid-reference', message: `${label(at)}: the item "${itemId}" has errors and is skipped`, path: at, severity: 'error' });
      const parsed = v.safeParse(ItemSchema, merged);
      if (!parsed.success) {
        const problems = issueProblems(parsed.issues, ItemSchema, merged, base, e.value.key, 'experiment');
        const own = problems.filter((p) => inOverride(p.path));
        if (own.length) found.push(...own);
        else itemHasErrors();
        continue;
      }
      for (const check of itemChecks(parsed.output, refs, [], options.checkSelector, { skipExperiment: true })) {
        const path = formatPath([...base, ...check.path]);
        if (!inOverride(path)) {
          itemHasErrors();
          break;
        }
        found.push({ code: check.code, message: `${label(path)}: ${check.message}`, path, severity: 'error' });
        break;
      }
    }
  });
  return found;
}
