/**
 * Writers' checks: mistakes the SDK cannot refuse because, to it, they are not wrong — they
 * just break in front of users (theme colours that leave text unreadable: theme-contrast.ts). A condition on `"acount.plan"` never matches, `{{user.trait.x}}`
 * renders "Hi , …", a `[link](javascript:…)` shows its text without the link, a goal event the
 * product never tracks never fires. `guidepost validate`, `build` and `check` run these after
 * the validator (validate.ts), on the file as written, so items the validator skipped are
 * checked too and every mistake is listed in one run. The SDK never loads this file.
 *
 * Everything here is one pass over each item: linear in the size of the manifest.
 */
import * as v from 'valibot';
import { conditionPathFinding, nearestIn, templatePathFinding, type AttributeScope, type TraitType } from './attribute-paths';
import { boundedCopy } from './depth';
import { issueProblems, locationLabel } from './issues';
import { boundProblem, describeValue, escapeControls, formatPath, nearestWord, quote, type ManifestProblem, type PathSegment } from './problems';
import { unsafeLinkPositions } from './richtext-links';
import { plainTextFindings, richTextFindings } from './richtext-lint';
import { Tables } from './richtext-tables';
import { Declarations } from './schema-declare';
import { themeContrastProblems } from './theme-contrast';
import { icuMessageAt, translationProblems } from './translation-checks';

/** Work spent on "did you mean" in one file (see `AttributeScope.budget`), as cross-check.ts does for ids. */
const SUGGESTION_BUDGET = 2_000_000;

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Reports one problem of the item (or experiment) being checked; `trait` names an undeclared one ("user.plan"). */
type Report = (code: string, relative: PathSegment[], message: string, extra?: Partial<ManifestProblem> & { trait?: string }) => void;

/**
 * The writers' problems in a parsed manifest file (`input` as JSON.parse returned it): template
 * variables, rich-text links, condition attributes and event names, checked against the
 * documented attributes and the manifest's `declare`. Never throws on any input.
 *
 * `locales`: the translations to compare with the manifest's default-locale text
 * (translation-checks.ts: a variable or link left out), those serving one of these tags
 * (`guidepost validate --locales`), or `'all'` of them (the authoring panel); none by default.
 */
export function authoringProblems(input: unknown, { locales = [] }: { locales?: readonly string[] | 'all' } = {}): ManifestProblem[] {
  if (!isRecord(input)) return [];
  const problems: ManifestProblem[] = [];
  const declared = readDeclarations(input.declare, problems);
  const items = list(input.items).map((item) => boundedCopy(item)).map((copy) => (copy.ok && isRecord(copy.value) ? copy.value : undefined));
  const experiments = list(input.experiments).map((e) => boundedCopy(e)).map((copy) => (copy.ok && isRecord(copy.value) ? copy.value : undefined));
  const scope: AttributeScope = {
    userTraits: declared?.traits?.user,
    accountTraits: declared?.traits?.account,
    events: declared?.events && new Set([...Object.keys(declared.events), ...trackedByButtons(items)]),
    itemIds: new Set(items.flatMap((item) => text(item?.id) ?? [])),
    experimentKeys: new Set(experiments.flatMap((e) => text(e?.key) ?? [])),
    budget: { left: SUGGESTION_BUDGET },
  };
  // The text readers without their language get: translations are compared with it.
  const translations: Translations = { defaultLocale: text(input.defaultLocale) ?? 'en', locales };
  const undeclared = new Set<string>();
  const reporter = (base: PathSegment[], id: string | undefined, kind: 'item' | 'experiment'): Report => (code, relative, message, { trait, ...extra } = {}) => {
    // An undeclared trait is reported where it is first used ("user.plan" and "user.traits.plan" are one), not at every use.
    if (trait !== undefined) {
      if (undeclared.has(trait)) return;
      undeclared.add(trait);
    }
    const path = formatPath([...base, ...relative]);
    // The checks quote condition keys, trait and event names as written: a newline or an ESC in
    // one must not reach the terminal raw.
    problems.push({ code, message: `${locationLabel(id, path, kind)}: ${escapeControls(message)}`, path, severity: 'error', ...(kind === 'item' && id !== undefined && { itemId: id }), ...extra });
  };
  items.forEach((item, index) => {
    if (!item) return;
    const report = reporter(['items', index], text(item.id), 'item');
    checkTexts(item, [], report, scope, translations);
    checkCondition(item.when, ['when'], report, scope);
    checkEvents(item, report, scope);
  });
  experiments.forEach((experiment, index) => {
    if (!experiment) return;
    const report = reporter(['experiments', index], text(experiment.key), 'experiment');
    checkCondition(experiment.when, ['when'], report, scope);
    list(experiment.variations).forEach((variation, vi) => {
      if (!isRecord(variation) || !isRecord(variation.overrides)) return;
      for (const [id, fields] of Object.entries(variation.overrides)) {
        if (isRecord(fields)) checkTexts(fields, ['variations', vi, 'overrides', id], report, scope, translations);
      }
    });
  });
  problems.push(...themeContrastProblems(input.settings));
  // Names quoted in messages may be any length (a 100 KB variable name): bounded as the validator's are.
  return problems.map(boundProblem);
}

/** `declare`, when it is valid; its problems are reported (and it is then ignored). */
function readDeclarations(value: unknown, problems: ManifestProblem[]): Declarations | undefined {
  if (value === undefined) return undefined;
  const copy = boundedCopy(value);
  if (!copy.ok) return undefined;
  const parsed = v.safeParse(Declarations, copy.value);
  if (parsed.success) return parsed.output;
  problems.push(...issueProblems(parsed.issues, Declarations, copy.value, ['declare']));
  return undefined;
}

/** Events the manifest itself records with "track" buttons: they exist without being declared. */
function trackedByButtons(items: (Json | undefined)[]): string[] {
  const events: string[] = [];
  const buttons = (value: unknown) => list(value).forEach((b) => isRecord(b) && b.action === 'track' && typeof b.event === 'string' && events.push(b.event));
  for (const item of items) {
    buttons(item?.buttons);
    list(item?.steps).forEach((step) => isRecord(step) && buttons(step.buttons));
  }
  return events;
}

/** Which translations are compared with which text (see authoringProblems). */
interface Translations {
  defaultLocale: string;
  locales: readonly string[] | 'all';
}

/** Keys whose values are text shown to users (as in translations.ts). */
const TEXT_KEYS = ['title', 'body', 'label', 'alt'];

/**
 * Every user-visible text of an item (or override), in every language: its template variables
 * and, in bodies, its links, and the translations asked for against the default-locale text
 * (translation-checks.ts). `base` is the item's own path (for an override, where it sits).
 */
function checkTexts(item: Json, base: PathSegment[], report: Report, scope: AttributeScope, translations: Translations) {
  const visit = (value: unknown, path: PathSegment[]) => {
    if (Array.isArray(value)) return value.forEach((child, i) => visit(child, [...path, i]));
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'when') continue;
      if (!TEXT_KEYS.includes(key)) visit(child, [...path, key]);
      else if (typeof child === 'string') checkText(child, [...path, key], key, path[path.length - 2], report, scope);
      else if (isRecord(child)) {
        const seen = new Map<string, string>();
        for (const [locale, s] of Object.entries(child)) {
          // Tags compare case-insensitively ("_" as "-"): two spellings of one are one translation written twice.
          const tag = locale.toLowerCase().replace(/_/g, '-');
          const first = seen.get(tag);
          if (first === undefined) seen.set(tag, locale);
          else report('duplicate-locale', [...path, key, locale], `${quote(locale)} and ${quote(first)} are the same locale tag (case does not matter); readers get the text of ${quote(first)}: keep one`, { severity: 'warning' });
          if (typeof s === 'string') checkText(s, [...path, key, locale], key, path[path.length - 2], report, scope);
        }
        const isMistake = (name: string) => templatePathFinding(name, scope)?.severity === 'error';
        const compared = { variables: fillsVariables(key, path[path.length - 2]), links: key === 'body', isMistake, locales: translations.locales, added: true };
        for (const { code, locale, message } of translationProblems(child, translations.defaultLocale, compared)) report(code, [...path, key, locale], message, { severity: 'warning' });
      }
    }
  };
  visit(item, base);
}

/**
 * Where the SDK fills in template variables: item and tour-step titles and bodies, and task
 * bodies (ui/content.ts, ui/Checklist.tsx). Labels, alt texts and task titles show as written.
 * `owner` is the list the text's object is in ("steps", "tasks"), if any.
 */
const fillsVariables = (key: string, owner: PathSegment | undefined) => key === 'body' || (key === 'title' && owner !== 'tasks');

function checkText(value: string, path: PathSegment[], key: string, owner: PathSegment | undefined, report: Report, scope: AttributeScope) {
  const fills = fillsVariables(key, owner);
  if (value.includes('{{')) {
    const tables = new Tables(value);
    for (let at = value.indexOf('{{'); at >= 0; at = value.indexOf('{{', at + 2)) {
      if (value[at - 1] === '\\') continue;
      const variable = tables.variableAt(at, value.length);
      if (!variable) {
        report('invalid-template', path, `"{{" does not start a template variable: write {{user.traits.firstName|fallback}} (a name of letters, digits, ".", "_", "-"), or \\{{ to show two braces`, { textIndex: at });
        continue;
      }
      const finding = fills ? templatePathFinding(variable[1], scope) : undefined;
      if (!fills) report('invalid-template', path, `template variable ${variable[0]} is not filled in here and shows as written; variables work in titles and bodies`, { textIndex: at });
      else if (finding) report(finding.code, path, `template variable ${variable[0]}: ${finding.message}`, { textIndex: at, severity: finding.severity, received: variable[1], suggestion: finding.suggestion, trait: finding.trait });
      // A fallback may hold "{{" ("{{a|{{b}}" is one variable): the search resumes after it.
      at += variable[0].length - 2;
    }
  }
  const icu = icuMessageAt(value);
  if (icu >= 0) report('unsupported-plural', path, 'ICU message syntax ("{count, plural, one {…} other {…}}") is not read by the SDK: readers would see it as written; write one text for every count, or one item per case with a condition', { textIndex: icu, severity: 'warning' });
  if (key === 'body') {
    for (const { href, index, problem } of unsafeLinkPositions(value)) {
      report('unsafe-link', path, `the link to ${describeValue(href)} is not allowed: ${problem}; readers would see its text without a link`, { textIndex: index });
    }
  }
  // Markup readers would see as written (or a link to nowhere); titles, labels and alt texts are plain text.
  for (const { code, index, message, severity } of key === 'body' ? richTextFindings(value) : plainTextFindings(value)) report(code, path, message, { textIndex: index, ...(severity && { severity }) });
}

/** GrowthBook's operators that hold conditions (the others hold values to compare with, or, in $elemMatch, conditions on array elements). */
const LOGICAL = ['$and', '$or', '$nor'];

/** Every attribute path named in a condition, checked; values compared with declared traits too. Depth is bounded (boundedCopy). */
function checkCondition(condition: unknown, path: PathSegment[], report: Report, scope: AttributeScope) {
  if (!isRecord(condition)) return;
  for (const [key, value] of Object.entries(condition)) {
    const here = [...path, key];
    // A list is the right shape; an object in its place (refused by the validator, invalid-operand)
    // is walked too, so the traits written inside it are checked in the same run.
    if (LOGICAL.includes(key) && Array.isArray(value)) value.forEach((child, i) => checkCondition(child, [...here, i], report, scope));
    else if (LOGICAL.includes(key) || key === '$not') checkCondition(value, here, report, scope);
    else if (!key.startsWith('$')) {
      const finding = conditionPathFinding(key, scope);
      if (finding) report(finding.code, here, `condition on ${finding.message}`, { severity: finding.severity, received: key, suggestion: finding.suggestion, trait: finding.trait });
      else checkTraitValues(key, value, here, report, scope);
    }
  }
}

/** The declared type of the trait a path reads, if it reads one. */
function traitType(path: string, scope: AttributeScope): TraitType | undefined {
  const s = path.split('.');
  const pick = (traits: Readonly<Record<string, TraitType>> | undefined, name: string | undefined) =>
    traits && name !== undefined && Object.prototype.hasOwnProperty.call(traits, name) ? traits[name] : undefined;
  if (s[0] === 'user') return s[1] === 'traits' ? (s.length === 3 ? pick(scope.userTraits, s[2]) : undefined) : s.length === 2 ? pick(scope.userTraits, s[1]) : undefined;
  return s[0] === 'account' && s.length === 2 ? pick(scope.accountTraits, s[1]) : undefined;
}

/** `{"account.plan": "trail"}` when plan is one of ["trial", "pro"]: a value that can never match. */
function checkTraitValues(path: string, value: unknown, at: PathSegment[], report: Report, scope: AttributeScope) {
  const type = traitType(path, scope);
  if (type === undefined) return;
  const compared: [unknown, PathSegment[]][] = [];
  if (!isRecord(value)) compared.push([value, at]);
  else {
    for (const op of ['$eq', '$ne']) if (op in value) compared.push([value[op], [...at, op]]);
    for (const op of ['$in', '$nin']) list(value[op]).forEach((x, i) => compared.push([x, [...at, op, i]]));
  }
  for (const [x, where] of compared) {
    if (x === null || Array.isArray(x) || isRecord(x)) continue;
    if (typeof type === 'string' ? typeof x === type : typeof x === 'string' && type.includes(x)) continue;
    const near = typeof type !== 'string' && typeof x === 'string' ? nearestWord(x, type) : undefined;
    const expected = typeof type === 'string' ? `a ${type}` : `one of ${type.map((t) => `"${t}"`).join(', ')}`;
    report('invalid-value', where, `"${path}" is declared as ${expected}, so ${describeValue(x)} never matches${near ? ` — did you mean "${near}"?` : ''}`, { received: describeValue(x), suggestion: near });
  }
}

/** Goal, trigger, advanceOn and completeOn events, against the declared ones. */
function checkEvents(item: Json, report: Report, scope: AttributeScope) {
  const events = scope.events;
  if (!events) return;
  const check = (name: unknown, path: PathSegment[]) => {
    if (typeof name !== 'string' || events.has(name)) return;
    const near = nearestIn(name, events, scope);
    report('unknown-event', path, `no event "${name}" is declared in "declare.events"${near ? ` — did you mean "${near}"?` : '; declare it there or fix the name'}`, { received: name, suggestion: near });
  };
  check(item.goal, ['goal']);
  if (isRecord(item.trigger)) check(item.trigger.event, ['trigger', 'event']);
  list(item.steps).forEach((step, i) => isRecord(step) && isRecord(step.advanceOn) && check(step.advanceOn.event, ['steps', i, 'advanceOn', 'event']));
  list(item.tasks).forEach((task, i) => isRecord(task) && check(task.completeOn, ['tasks', i, 'completeOn']));
}
