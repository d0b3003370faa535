/**
 * Checks on items that a schema cannot express: references between items, URLs, selectors,
 * conditions, reserved keys, empty texts. Each yields every problem it finds as a
 * `Check` (a path relative to the item); `validate.ts` turns them into problems.
 */
import type { Item, Target } from './schema';
import { describeValue, formatPath, nearestWord, quote, type ManifestProblem, type PathSegment } from './problems';
import { conditionProblems } from './condition-checks';
import { isSafeUrl, urlProblem } from './url';

/** Condition checks live in condition-checks.ts; re-exported, as validate.ts and tests import them from here. */
export { conditionProblems };

/** Checks CSS selector syntax; returns an error text or undefined. Injected so the core stays DOM-free. */
export type SelectorChecker = (selector: string) => string | undefined;

export interface Located<T> {
  value: T;
  /** Position in the input's array. */
  index: number;
}

/**
 * Keys that JavaScript gives a meaning of their own. Valibot silently drops them from
 * records (conditions, text maps), which would silently widen a condition's audience,
 * so they are refused wherever they appear.
 */
export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Every `__proto__`, `constructor` or `prototype` key (own keys, as JSON.parse creates them). */
export function forbiddenKeys(value: unknown, base: PathSegment[], label: (path: string) => string): ManifestProblem[] {
  const found: ManifestProblem[] = [];
  const walk = (node: unknown, path: PathSegment[]) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, [...path, i]));
    for (const key of Object.keys(node)) {
      const here = [...path, key];
      if (FORBIDDEN_KEYS.includes(key)) {
        const at = formatPath(here);
        found.push({ code: 'forbidden-key', message: `${label(at)}: the key "${key}" is not allowed (JavaScript reserves it); rename it`, path: at, received: key, severity: 'error' });
      } else {
        walk((node as Record<string, unknown>)[key], here);
      }
    }
  };
  walk(value, base);
  return found;
}

export interface Check {
  code: string;
  path: PathSegment[];
  message: string;
  /** A warning is reported and the item kept; every other check skips the item. */
  severity?: 'warning';
}

export interface References {
  /** The valid items, by id. */
  byId: Map<string, Located<Item>>;
  /** Ids of items skipped for their own errors. */
  skipped: ReadonlySet<string>;
  /**
   * A suggestion compares the unknown id with every known one, each comparison costing about
   * the id's length: at most this much work (ids compared × characters) in one validation, then
   * ids are reported without "did you mean", so a file full of unknown ids stays linear.
   * 2,000 of them took 8 s without it; 2,000 ids of 3,000 characters took minutes when the
   * budget counted comparisons only.
   */
  budget?: { left: number };
  /** Filled on first use: every known id, and the tour ids. */
  ids?: string[];
  tours?: string[];
}

/** ` — did you mean "x"?` among every id in the file, or nothing. */
export function suggest(id: string, refs: References, ids: string[] = (refs.ids ??= [...refs.byId.keys(), ...refs.skipped])): string {
  if (refs.budget) {
    const cost = ids.length * (id.length + 1);
    if (refs.budget.left < cost) return '';
    refs.budget.left -= cost;
  }
  const suggestion = nearestWord(id, ids);
  return suggestion ? ` — did you mean ${quote(suggestion)}?` : '';
}

export function* itemChecks(
  item: Item,
  refs: References,
  experimentKeys: string[],
  checkSelector: SelectorChecker | undefined,
  { skipExperiment = false } = {},
): Generator<Check> {
  for (const [i, id] of (item.requires ?? []).entries()) {
    // Itself first: an item skipped for another mistake (salvage.ts) is not told it "has errors".
    if (id === item.id) {
      yield { code: 'invalid-reference', path: ['requires', i], message: 'an item cannot require itself' };
    } else if (refs.skipped.has(id) && !refs.byId.has(id)) {
      yield { code: 'invalid-reference', path: ['requires', i], message: `requires ${quote(id)}, which has errors and is skipped` };
    } else if (!refs.byId.has(id)) {
      yield { code: 'unknown-reference', path: ['requires', i], message: `requires ${quote(id)}, but no item has that id${suggest(id, refs)}` };
    }
  }
  if (!skipExperiment && item.experiment !== undefined && !experimentKeys.includes(item.experiment)) {
    const suggestion = nearestWord(item.experiment, experimentKeys);
    // The keys of refused experiments are known too, as written: escaped, as every quoted key.
    yield { code: 'unknown-experiment', path: ['experiment'], message: `unknown experiment ${quote(item.experiment)}${suggestion ? ` — did you mean ${quote(suggestion)}?` : experimentKeys.length ? ` (known: ${quote(experimentKeys.join(', ')).slice(1, -1)})` : ' (the manifest has no "experiments")'}` };
  }
  yield* targetChecks('target' in item ? item.target : undefined, ['target'], checkSelector);
  // A broken selector here would have the item wait forever for an element it can never find.
  if (typeof item.trigger === 'object' && 'elementAppears' in item.trigger) yield* selectorChecks([[['trigger', 'elementAppears'], item.trigger.elementAppears]], checkSelector);
  // The engine hides an item before "start" and from "end" on: with end <= start it never shows.
  const { start, end } = item.schedule ?? {};
  if (start !== undefined && end !== undefined && Date.parse(end) <= Date.parse(start)) {
    yield { code: 'invalid-value', path: ['schedule', 'end'], message: '"end" is not after "start", so the item would never show' };
  }
  yield* buttonChecks(item.buttons, ['buttons'], refs);
  if (item.image && !isSafeUrl(item.image.src)) yield unsafeUrl(['image', 'src'], item.image.src);
  yield* conditionProblems(item.when, ['when']);
  // An item keeps the texts it has: an empty title or body is a warning when its other half has
  // text (the item, tour step or task shows without it, as with ""); with neither, it would be an
  // empty box, an error. A button needs its label and an image its alt: without them, the item is skipped.
  for (const empty of emptyTexts(item, [])) {
    const keep = otherHalfHasText(item, empty);
    yield { code: 'missing-content', path: empty, message: `this text has no translations; write a string, or an object such as {"en": "…"}${keep ? '; it is left out until then' : ''}`, ...(keep && { severity: 'warning' as const }) };
  }

  switch (item.type) {
    case 'helpLink':
      if (item.url !== undefined && !isSafeUrl(item.url)) yield unsafeUrl(['url'], item.url);
      if (item.url === undefined && item.body === undefined && item.title === undefined) {
        yield { code: 'missing-content', path: [], message: 'a help link needs a "url", or a "title" or "body" for its popover' };
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
        yield* targetChecks(step.target, ['steps', i, 'target'], checkSelector);
        yield* buttonChecks(step.buttons, ['steps', i, 'buttons'], refs);
        if (step.image && !isSafeUrl(step.image.src)) yield unsafeUrl(['steps', i, 'image', 'src'], step.image.src);
        // A click on the target that never reaches it (or no target to click) never moves the step on: only its Next does.
        if (step.advanceOn && 'click' in step.advanceOn) {
          const why = step.target === undefined ? 'the step has no "target" to click' : step.allowClicksThrough === false ? '"allowClicksThrough": false keeps clicks from reaching its target' : '';
          if (why) yield { code: 'invalid-value', path: ['steps', i, 'advanceOn'], message: `advances when its target is clicked, but ${why}; only its Next button moves it on`, severity: 'warning' };
        }
        // An event the person causes on the page, which the shade then keeps them from: the step shows Next instead.
        if (step.advanceOn && 'event' in step.advanceOn && step.target !== undefined && step.allowClicksThrough === false) {
          yield { code: 'invalid-value', path: ['steps', i, 'allowClicksThrough'], message: `the step advances on the event ${quote(step.advanceOn.event)}, but "allowClicksThrough": false keeps the person from acting on the page; only its Next button moves it on`, severity: 'warning' };
        }
      }
      break;
    case 'checklist': {
      const seen = new Set<string>();
      for (const [i, task] of item.tasks.entries()) {
        if (seen.has(task.id)) yield { code: 'duplicate-id', path: ['tasks', i, 'id'], message: `duplicate task id ${quote(task.id)}; every task of a checklist needs its own id` };
        seen.add(task.id);
        if (task.tour !== undefined) yield* tourReference(task.tour, ['tasks', i, 'tour'], refs);
        if (task.url !== undefined && !isSafeUrl(task.url)) yield unsafeUrl(['tasks', i, 'url'], task.url);
      }
      break;
    }
  }
}

export function unsafeUrl(path: PathSegment[], url: unknown): Check {
  return { code: 'unsafe-url', path, message: `URL ${describeValue(url)} is not allowed: ${urlProblem(url) ?? 'use an http(s), mailto or relative URL'}` };
}

function* tourReference(id: string, path: PathSegment[], refs: References): Generator<Check> {
  const target = refs.byId.get(id);
  if (!target && refs.skipped.has(id)) {
    yield { code: 'invalid-reference', path, message: `${quote(id)} has errors and is skipped, so it cannot be started` };
  } else if (!target) {
    const tours = (refs.tours ??= [...refs.byId.values()].filter((e) => e.value.type === 'tour').map((e) => e.value.id));
    yield { code: 'unknown-reference', path, message: `no tour has the id ${quote(id)}${suggest(id, refs, tours)}` };
  } else if (target.value.type !== 'tour') {
    yield { code: 'invalid-reference', path, message: `${quote(id)} is a ${target.value.type}, not a tour` };
  }
}

function* buttonChecks(buttons: Item['buttons'], base: PathSegment[], refs: References): Generator<Check> {
  for (const [i, button] of (buttons ?? []).entries()) {
    const path = [...base, i];
    if (button.action === 'url') {
      if (button.url === undefined) yield { code: 'missing-key', path: [...path, 'url'], message: 'a button with action "url" needs a "url"' };
      else if (!isSafeUrl(button.url)) yield unsafeUrl([...path, 'url'], button.url);
    }
    if (button.action === 'startTour') {
      if (button.tour === undefined) yield { code: 'missing-key', path: [...path, 'tour'], message: 'a button with action "startTour" needs a "tour"' };
      else yield* tourReference(button.tour, [...path, 'tour'], refs);
    }
    if (button.action === 'track' && button.event === undefined) {
      yield { code: 'missing-key', path: [...path, 'event'], message: 'a button with action "track" needs an "event"' };
    }
  }
}

function* targetChecks(target: Target | undefined, base: PathSegment[], checkSelector: SelectorChecker | undefined): Generator<Check> {
  if (target === undefined) return;
  if (typeof target === 'object' && target.selector === undefined && target.anchor === undefined) {
    yield { code: 'missing-key', path: base, message: 'a target needs a "selector" or an "anchor"' };
  }
  yield* selectorChecks(
    typeof target === 'string'
      ? [[base, target]]
      : [
          [[...base, 'selector'], target.selector],
          ...(target.fallbacks ?? []).map((s, i): [PathSegment[], string] => [[...base, 'fallbacks', i], s]),
          [[...base, 'frame'], target.frame],
        ],
    checkSelector,
  );
}

/** Each selector given, checked at its own path. */
function* selectorChecks(selectors: [PathSegment[], string | undefined][], checkSelector: SelectorChecker | undefined): Generator<Check> {
  for (const [path, selector] of selectors) {
    const error = selector === undefined ? undefined : checkSelector?.(selector);
    if (error) yield { code: 'invalid-selector', path, message: `invalid CSS selector ${describeValue(selector)}: ${error}` };
  }
}

/** Keys whose values are text shown to users (LocalizedText). */
const TEXT_KEYS = ['title', 'body', 'label', 'alt'];

/**
 * The paths of the localized texts with nothing to show: `{}`, or only empty translations
 * (pickText reads "" as "not translated yet", so `{"en": ""}` shows nothing in any language).
 */
function* emptyTexts(value: unknown, path: PathSegment[]): Generator<PathSegment[]> {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const here = [...path, Array.isArray(value) ? Number(key) : key];
    if (key === 'when') continue;
    if (TEXT_KEYS.includes(key) && child !== null && typeof child === 'object' && !Array.isArray(child) && Object.values(child).every((text) => text === '')) yield here;
    else yield* emptyTexts(child, here);
  }
}

/** Whether the title or body at `path` has its other half (body or title) beside it, with text. */
function otherHalfHasText(item: unknown, path: PathSegment[]): boolean {
  const key = path[path.length - 1];
  if (key !== 'title' && key !== 'body') return false;
  let owner: unknown = item;
  for (const segment of path.slice(0, -1)) owner = owner !== null && typeof owner === 'object' ? (owner as Record<string | number, unknown>)[segment] : undefined;
  if (owner === null || typeof owner !== 'object') return false;
  const other = (owner as Record<string, unknown>)[key === 'title' ? 'body' : 'title'];
  if (typeof other === 'string') return other !== '';
  return other !== null && typeof other === 'object' && !Array.isArray(other) && Object.values(other).some((text) => typeof text === 'string' && text !== '');
}
