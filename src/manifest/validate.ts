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
  type Target,
} from './schema';
import { describeValue, formatPath, nearestWord, type ManifestProblem, type PathSegment } from './problems';
import { locationLabel, problemsFromIssue } from './issues';
import { isSafeUrl } from './url';

/** Checks CSS selector syntax; returns an error text or undefined. Injected so the core stays DOM-free. */
export type SelectorChecker = (selector: string) => string | undefined;

export interface ValidateOptions {
  /** Default: no selector syntax check (the browser and the CLI each pass their own). */
  checkSelector?: SelectorChecker;
}

export interface ValidationResult {
  /** The usable manifest with only the valid items, or null when it was refused whole. */
  manifest: Manifest | null;
  problems: ManifestProblem[];
}

const TOP_LEVEL_KEYS = Object.keys(ManifestEnvelope.entries);

/** Validate untrusted JSON (already parsed). Never throws. */
export function validateManifest(input: unknown, options: ValidateOptions = {}): ValidationResult {
  try {
    return validateUnsafe(input, options);
  } catch (error) {
    // A validator bug must not take the host page down with it.
    return { manifest: null, problems: [refusal('', `manifest could not be validated: ${String(error)}`)] };
  }
}

function refusal(path: string, message: string, code = 'refused'): ManifestProblem {
  return { code, message, path, severity: 'error' };
}

function validateUnsafe(input: unknown, options: ValidateOptions): ValidationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { manifest: null, problems: [refusal('', `manifest: expected a JSON object, found ${describeValue(input)}`)] };
  }
  const raw = input as Record<string, unknown>;
  const problems: ManifestProblem[] = [];

  const version = raw.schemaVersion;
  if (typeof version !== 'number') {
    return { manifest: null, problems: [refusal('schemaVersion', `schemaVersion: expected a number such as 1, found ${describeValue(version)}`, 'schema-version')] };
  }
  if (Math.floor(version) !== SUPPORTED_SCHEMA_MAJOR) {
    const message = `schemaVersion: this version of Guidepost reads schemaVersion ${SUPPORTED_SCHEMA_MAJOR}, found ${version}; the manifest is refused whole`;
    return { manifest: null, problems: [refusal('schemaVersion', message, 'schema-version')] };
  }
  if (typeof raw.revision !== 'string' || raw.revision === '') {
    const message = `revision: expected a non-empty string (every event carries it), found ${describeValue(raw.revision)}`;
    return { manifest: null, problems: [refusal('revision', message, 'missing-key')] };
  }

  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      const suggestion = nearestWord(key, TOP_LEVEL_KEYS);
      const hint = suggestion ? ` — did you mean "${suggestion}"?` : ` (known keys: ${TOP_LEVEL_KEYS.join(', ')})`;
      problems.push({ code: 'unknown-key', message: `${key}: unknown key "${key}"${hint}`, path: formatPath([key]), received: key, suggestion, severity: 'error' });
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
  const items = validateItems(raw.items, problems);
  const checked = crossCheck(items, experiments, problems, options);

  const manifest: Manifest = {
    schemaVersion: version,
    revision: raw.revision,
    defaultLocale,
    settings,
    experiments: experiments.map((e) => e.value),
    items: checked,
  };
  return { manifest, problems };
}

function issueProblems(
  issues: readonly v.BaseIssue<unknown>[] | undefined,
  schema: v.GenericSchema,
  input: unknown,
  basePath: PathSegment[],
  itemId?: string,
): ManifestProblem[] {
  return (issues ?? []).flatMap((issue) => problemsFromIssue(issue, { schema, input, basePath, itemId }));
}

interface Located<T> {
  value: T;
  index: number;
}

function validateExperiments(value: unknown, problems: ManifestProblem[]): Located<Experiment>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ code: 'invalid-value', message: `experiments: expected an array, found ${describeValue(value)}`, path: 'experiments', severity: 'error' });
    return [];
  }
  const valid: Located<Experiment>[] = [];
  value.forEach((raw, index) => {
    const basePath: PathSegment[] = ['experiments', index];
    const key = typeof raw?.key === 'string' ? raw.key : undefined;
    const parsed = v.safeParse(ExperimentSchema, raw);
    if (!parsed.success) {
      problems.push(...issueProblems(parsed.issues, ExperimentSchema, raw, basePath));
      return;
    }
    const experiment = parsed.output;
    const where = `experiment "${key}" at ${formatPath(basePath)}`;
    const weights = experiment.variations.map((x) => x.weight);
    if (weights.some((w) => w !== undefined) && weights.some((w) => w === undefined)) {
      problems.push({ code: 'invalid-weights', message: `${where}.variations: give every variation a weight, or none (equal split)`, path: formatPath([...basePath, 'variations']), severity: 'error' });
      return;
    }
    const sum = weights.reduce<number>((a, w) => a + (w ?? 0), 0);
    if (weights[0] !== undefined && Math.abs(sum - 1) > 1e-6) {
      problems.push({ code: 'invalid-weights', message: `${where}.variations: weights must add up to 1, found ${+sum.toFixed(6)}`, path: formatPath([...basePath, 'variations']), severity: 'error' });
      return;
    }
    if (!experiment.scope.items?.length && !experiment.scope.types?.length) {
      problems.push({ code: 'empty-scope', message: `${where}.scope: name "items" or "types" the experiment governs`, path: formatPath([...basePath, 'scope']), severity: 'error' });
      return;
    }
    if (valid.some((e) => e.value.key === experiment.key)) {
      problems.push({ code: 'duplicate-id', message: `${where}: another experiment already has the key "${experiment.key}"`, path: formatPath([...basePath, 'key']), severity: 'error' });
      return;
    }
    const regexProblem = findBadRegex(experiment.when, [...basePath, 'when']);
    if (regexProblem) {
      problems.push({ code: 'invalid-regex', message: `${where}: ${regexProblem.message}`, path: regexProblem.path, severity: 'error' });
      return;
    }
    valid.push({ value: experiment, index });
  });
  return valid;
}

function validateItems(value: unknown, problems: ManifestProblem[]): Located<Item>[] {
  if (!Array.isArray(value)) {
    problems.push({ code: 'invalid-value', message: `items: expected an array of items, found ${describeValue(value)}`, path: 'items', severity: 'error' });
    return [];
  }
  const valid: Located<Item>[] = [];
  value.forEach((raw, index) => {
    const itemId = raw !== null && typeof raw === 'object' && typeof raw.id === 'string' ? raw.id : undefined;
    const parsed = v.safeParse(ItemSchema, raw);
    if (parsed.success) valid.push({ value: parsed.output, index });
    else problems.push(...issueProblems(parsed.issues, ItemSchema, raw, ['items', index], itemId));
  });
  return valid;
}

/** Checks that need more than one item: ids, references, selectors, URLs, regular expressions. */
function crossCheck(
  items: Located<Item>[],
  experiments: Located<Experiment>[],
  problems: ManifestProblem[],
  options: ValidateOptions,
): Item[] {
  const byId = new Map<string, Located<Item>>();
  const rejected = new Set<number>();
  const reject = (entry: Located<Item>, code: string, relative: PathSegment[], what: string) => {
    const path = formatPath(['items', entry.index, ...relative]);
    problems.push({ code, message: `${locationLabel(entry.value.id, path)}: ${what}`, path, itemId: entry.value.id, severity: 'error' });
    rejected.add(entry.index);
  };

  for (const entry of items) {
    const first = byId.get(entry.value.id);
    if (first) reject(entry, 'duplicate-id', ['id'], `duplicate id "${entry.value.id}" (first used at items[${first.index}])`);
    else byId.set(entry.value.id, entry);
  }
  const experimentKeys = experiments.map((e) => e.value.key);

  for (const entry of items) {
    if (rejected.has(entry.index)) continue;
    for (const check of itemChecks(entry.value, byId, experimentKeys, options)) {
      reject(entry, check.code, check.path, check.message);
      break;
    }
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
  for (const e of experiments) {
    (e.value.scope.items ?? []).forEach((id, i) => {
      if (!byId.has(id)) {
        const path = formatPath(['experiments', e.index, 'scope', 'items', i]);
        problems.push({ code: 'unknown-reference', message: `experiment "${e.value.key}" at ${path}: no item has the id "${id}"`, path, severity: 'warning' });
      }
    });
  }
  return items.filter((entry) => !rejected.has(entry.index)).map((entry) => entry.value);
}

interface Check {
  code: string;
  path: PathSegment[];
  message: string;
}

function* itemChecks(
  item: Item,
  byId: Map<string, Located<Item>>,
  experimentKeys: string[],
  options: ValidateOptions,
): Generator<Check> {
  for (const [i, id] of (item.requires ?? []).entries()) {
    if (!byId.has(id)) {
      const suggestion = nearestWord(id, [...byId.keys()]);
      yield { code: 'unknown-reference', path: ['requires', i], message: `requires "${id}", but no item has that id${suggestion ? ` — did you mean "${suggestion}"?` : ''}` };
    } else if (id === item.id) {
      yield { code: 'invalid-reference', path: ['requires', i], message: 'an item cannot require itself' };
    }
  }
  if (item.experiment !== undefined && !experimentKeys.includes(item.experiment)) {
    const suggestion = nearestWord(item.experiment, experimentKeys);
    yield { code: 'unknown-experiment', path: ['experiment'], message: `unknown experiment "${item.experiment}"${suggestion ? ` — did you mean "${suggestion}"?` : experimentKeys.length ? ` (known: ${experimentKeys.join(', ')})` : ' (the manifest has no experiments)'}` };
  }
  yield* targetChecks('target' in item ? item.target : undefined, ['target'], options);
  yield* buttonChecks(item.buttons, ['buttons'], byId);
  if (item.image && !isSafeUrl(item.image.src)) yield unsafeUrl(['image', 'src'], item.image.src);
  const regex = findBadRegex(item.when, ['when']);
  if (regex) yield { code: 'invalid-regex', path: regex.relative, message: regex.message };

  switch (item.type) {
    case 'helpLink':
      if (item.url !== undefined && !isSafeUrl(item.url)) yield unsafeUrl(['url'], item.url);
      if (item.url === undefined && item.body === undefined && item.title === undefined) {
        yield { code: 'missing-content', path: [], message: 'a help link needs "url", or a "title" or "body" for its popover' };
      }
      break;
    case 'tooltip':
    case 'hotspot':
      if (item.body === undefined && item.title === undefined) yield { code: 'missing-content', path: [], message: `a ${item.type} needs a "title" or a "body"` };
      break;
    case 'banner':
      if (item.slot === 'inline' && item.target === undefined) yield { code: 'missing-key', path: ['target'], message: 'an inline banner needs a "target" to appear after' };
      if (item.body === undefined && item.title === undefined) yield { code: 'missing-content', path: [], message: 'a banner needs a "title" or a "body"' };
      break;
    case 'tour':
      for (const [i, step] of item.steps.entries()) {
        yield* targetChecks(step.target, ['steps', i, 'target'], options);
        yield* buttonChecks(step.buttons, ['steps', i, 'buttons'], byId);
        if (step.image && !isSafeUrl(step.image.src)) yield unsafeUrl(['steps', i, 'image', 'src'], step.image.src);
      }
      break;
    case 'checklist': {
      const seen = new Set<string>();
      for (const [i, task] of item.tasks.entries()) {
        if (seen.has(task.id)) yield { code: 'duplicate-id', path: ['tasks', i, 'id'], message: `duplicate task id "${task.id}"` };
        seen.add(task.id);
        if (task.tour !== undefined) yield* tourReference(task.tour, ['tasks', i, 'tour'], byId);
        if (task.url !== undefined && !isSafeUrl(task.url)) yield unsafeUrl(['tasks', i, 'url'], task.url);
      }
      break;
    }
  }
}

function unsafeUrl(path: PathSegment[], url: string): Check {
  return { code: 'unsafe-url', path, message: `URL ${describeValue(url)} is not allowed: use an http(s), mailto or relative URL` };
}

function* tourReference(id: string, path: PathSegment[], byId: Map<string, Located<Item>>): Generator<Check> {
  const target = byId.get(id);
  if (!target) {
    const tours = [...byId.values()].filter((e) => e.value.type === 'tour').map((e) => e.value.id);
    const suggestion = nearestWord(id, tours);
    yield { code: 'unknown-reference', path, message: `no tour has the id "${id}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}` };
  } else if (target.value.type !== 'tour') {
    yield { code: 'invalid-reference', path, message: `"${id}" is a ${target.value.type}, not a tour` };
  }
}

function* buttonChecks(buttons: Item['buttons'], base: PathSegment[], byId: Map<string, Located<Item>>): Generator<Check> {
  for (const [i, button] of (buttons ?? []).entries()) {
    const path = [...base, i];
    if (button.action === 'url') {
      if (button.url === undefined) yield { code: 'missing-key', path: [...path, 'url'], message: 'a button with action "url" needs a "url"' };
      else if (!isSafeUrl(button.url)) yield unsafeUrl([...path, 'url'], button.url);
    }
    if (button.action === 'startTour') {
      if (button.tour === undefined) yield { code: 'missing-key', path: [...path, 'tour'], message: 'a button with action "startTour" needs a "tour"' };
      else yield* tourReference(button.tour, [...path, 'tour'], byId);
    }
    if (button.action === 'track' && button.event === undefined) {
      yield { code: 'missing-key', path: [...path, 'event'], message: 'a button with action "track" needs an "event"' };
    }
  }
}

function* targetChecks(target: Target | undefined, base: PathSegment[], options: ValidateOptions): Generator<Check> {
  if (target === undefined || !options.checkSelector) return;
  const selectors: [PathSegment[], string][] =
    typeof target === 'string'
      ? [[base, target]]
      : [
          ...(target.selector !== undefined ? [[[...base, 'selector'], target.selector] as [PathSegment[], string]] : []),
          ...(target.fallbacks ?? []).map((s, i) => [[...base, 'fallbacks', i], s] as [PathSegment[], string]),
        ];
  if (typeof target === 'object' && target.selector === undefined && target.anchor === undefined) {
    yield { code: 'missing-key', path: base, message: 'a target needs a "selector" or an "anchor"' };
  }
  for (const [path, selector] of selectors) {
    const error = options.checkSelector(selector);
    if (error) yield { code: 'invalid-selector', path, message: `invalid CSS selector ${describeValue(selector)}: ${error}` };
  }
}

/** Finds the first `$regex` in a condition that does not compile. */
function findBadRegex(condition: unknown, base: PathSegment[]): { path: string; relative: PathSegment[]; message: string } | undefined {
  if (condition === null || typeof condition !== 'object') return undefined;
  for (const [key, value] of Object.entries(condition as Record<string, unknown>)) {
    const here = [...base, Array.isArray(condition) ? Number(key) : key];
    if (key === '$regex' && typeof value === 'string') {
      try {
        new RegExp(value);
      } catch (error) {
        return { path: formatPath(here), relative: here, message: `invalid regular expression ${describeValue(value)}: ${(error as Error).message}` };
      }
    }
    const nested = findBadRegex(value, here);
    if (nested) return nested;
  }
  return undefined;
}
