/**
 * Edits of the manifest as written (parsed JSON, not the validated manifest), so that what the
 * writer did not touch — unknown-but-valid keys, key order, items the SDK skipped — survives
 * the round trip. Every function returns a new value and keeps the keys it does not change in
 * their place; a new key goes last, where a person adding it by hand would put it.
 */
import { isObject, type Json, type JsonObject } from './json-patch';

/** The kinds of help the panel creates from a picked element. */
export type AnchoredKind = 'helpLink' | 'tooltip' | 'hotspot';

/** What the picker returns as the manifest target: a selector, or `{anchor}` for a data-help anchor. */
export type PickedTarget = string | { anchor: string };

/** A copy of `object` with `key` set (in its place when present, last otherwise), or removed for undefined. */
export function withKey(object: JsonObject, key: string, value: Json | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(object)) if (k !== key) put(out, k, v);
  else if (value !== undefined) put(out, k, value);
  if (value !== undefined && !Object.prototype.hasOwnProperty.call(object, key)) put(out, key, value);
  return out;
}

/**
 * Sets an own data property: `out[k] = v` with k "__proto__" (an own key of anything JSON.parse
 * made) would set the prototype instead and lose the member.
 */
const put = (out: JsonObject, k: string, v: Json): void => void Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });

/**
 * The text written for `locale` ('' when there is none). A plain string is the default
 * locale's text: other locales show it as a placeholder, not as their own translation.
 */
export function textFor(value: Json | undefined, locale: string, defaultLocale: string): string {
  if (typeof value === 'string') return locale === defaultLocale ? value : '';
  if (isObject(value) && typeof value[locale] === 'string') return value[locale] as string;
  return '';
}

/** True when `value` has its own text for `locale` (a plain string counts only for the default locale). */
export function hasOwnText(value: Json | undefined, locale: string, defaultLocale: string): boolean {
  if (typeof value === 'string') return locale === defaultLocale && value !== '';
  return isObject(value) && typeof value[locale] === 'string' && value[locale] !== '';
}

/**
 * A localized value with `locale`'s text set to `text` ('' removes it). A plain string stays a
 * plain string while only the default locale is edited; a first translation turns it into an
 * object keyed by locale, the plain string becoming the default locale's entry.
 */
export function withText(value: Json | undefined, locale: string, defaultLocale: string, text: string): Json | undefined {
  if (typeof value === 'string') {
    if (locale === defaultLocale) return text === '' ? undefined : text;
    return text === '' ? value : { [defaultLocale]: value, [locale]: text };
  }
  const record: JsonObject = isObject(value) ? value : {};
  const next = withKey(record, locale, text === '' ? undefined : text);
  return Object.keys(next).length ? next : undefined;
}

/** `base`, or `base-2`, `base-3`… : the first id not in `taken`. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A readable id stem from a target: the anchor name, else the selector's words. */
export function targetStem(target: PickedTarget): string {
  const raw = typeof target === 'string' ? target : target.anchor;
  const words = raw.toLowerCase().replace(/\[data-help=|nth-of-type|\b(div|span)\b/g, ' ').match(/[a-z0-9]+/g) ?? [];
  return words.slice(-3).join('-').slice(0, 40) || 'item';
}

const SUFFIX: Record<AnchoredKind | 'tour', string> = { helpLink: 'help', tooltip: 'tip', hotspot: 'hotspot', tour: 'tour' };
const LABEL: Record<AnchoredKind | 'tour', string> = { helpLink: 'Help', tooltip: 'New tip', hotspot: 'New hotspot', tour: 'New tour' };

/** The ids of the manifest's items, in order (entries that are not items with ids are left out). */
export const itemIds = (draft: JsonObject): string[] => listOf(draft.items).flatMap((item) => (isObject(item) && typeof item.id === 'string' ? [item.id] : []));

export const listOf = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);

/** A new help link, tooltip or hotspot on `target`, with placeholder texts in `locale`. */
export function newItem(kind: AnchoredKind, target: PickedTarget, locale: string, taken: string[]): JsonObject {
  const id = uniqueId(`${targetStem(target)}-${SUFFIX[kind]}`, taken);
  const item: JsonObject = { id, type: kind, target };
  if (kind === 'helpLink') item.label = { [locale]: LABEL.helpLink };
  item.title = { [locale]: kind === 'helpLink' ? 'About this' : LABEL[kind] };
  item.body = { [locale]: 'Describe what this does.' };
  return item;
}

/** A new tour step on `target`, living on `route` (the page it was picked on). */
export function newStep(target: PickedTarget, route: string, locale: string, number: number): JsonObject {
  return { target, route, title: { [locale]: `Step ${number}` }, body: { [locale]: 'Describe this step.' } };
}

/**
 * A new tour with its first step. Started by hand (`"trigger": "manual"`) until the writer
 * chooses when it shows: a tour that started on every page view while it is being written
 * would start in the writer's own page at every edit.
 */
export function newTour(target: PickedTarget, route: string, locale: string, taken: string[]): JsonObject {
  return { id: uniqueId(`${targetStem(target)}-tour`, taken), type: 'tour', trigger: 'manual', title: { [locale]: LABEL.tour }, steps: [newStep(target, route, locale, 1)] };
}

/** `when` keys the conditions form manages. */
export const PAGE_PATH = 'page.path';
const TRAIT_NAME = '[A-Za-z_$][\\w$-]*';
const TRAIT_KEY = new RegExp(`^(user|account)\\.(?:traits\\.)?(${TRAIT_NAME})$`);
const NOT_TRAITS = new Set(['id', 'accountId', 'traits']);

/** Why `name` cannot be a trait name of the conditions form (which reads back only what TRAIT_KEY matches), if it cannot. */
export function traitNameProblem(name: string): string | undefined {
  if (name === '') return 'Enter the trait name.';
  if (NOT_TRAITS.has(name)) return `"${name}" is not a trait (id, accountId and traits are reserved).`;
  if (!new RegExp(`^${TRAIT_NAME}$`).test(name)) return 'A trait name starts with a letter, "_" or "$" and has only letters, digits, "_", "$" and "-".';
  return undefined;
}

export interface TraitCondition {
  scope: 'user' | 'account';
  name: string;
  value: string | number | boolean;
}

/** The page path a `when` requires by equality, if any. */
export const pagePathOf = (when: Json | undefined): string | undefined => (isObject(when) && typeof when[PAGE_PATH] === 'string' ? (when[PAGE_PATH] as string) : undefined);

/** The first trait equality of a `when` (`"account.plan": "trial"`), with its key. */
export function traitOf(when: Json | undefined): (TraitCondition & { key: string }) | undefined {
  if (!isObject(when)) return undefined;
  for (const [key, value] of Object.entries(when)) {
    const match = TRAIT_KEY.exec(key);
    if (match && !NOT_TRAITS.has(match[2]) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      return { key, scope: match[1] as 'user' | 'account', name: match[2], value };
    }
  }
  return undefined;
}

/** The `when` keys the form does not manage, which it keeps as they are. */
export function otherConditions(when: Json | undefined): string[] {
  if (!isObject(when)) return [];
  const trait = traitOf(when)?.key;
  return Object.keys(when).filter((key) => key !== PAGE_PATH && key !== trait);
}

/** `when` with its trait equality replaced (or removed), keeping every other condition. */
export function withTrait(when: Json | undefined, trait: TraitCondition | undefined): Json | undefined {
  let next: JsonObject = isObject(when) ? when : {};
  const current = traitOf(next);
  const valid = trait && !traitNameProblem(trait.name);
  // Only the value changed: edited in place, under the key as written (`user.traits.plan` stays so).
  if (current && valid && current.scope === trait.scope && current.name === trait.name) return withKey(next, current.key, trait.value);
  if (current) next = withKey(next, current.key, undefined);
  if (valid) next = withKey(next, `${trait.scope}.${trait.name}`, trait.value);
  return Object.keys(next).length ? next : undefined;
}

/** `when` with its page path equality set (or removed for undefined or ''), keeping every other condition. */
export function withPagePath(when: Json | undefined, path: string | undefined): Json | undefined {
  const next = withKey(isObject(when) ? when : {}, PAGE_PATH, path ? path : undefined);
  return Object.keys(next).length ? next : undefined;
}

/** Every locale tag the manifest's texts use, the default first. */
export function localesOf(draft: JsonObject, defaultLocale: string): string[] {
  const found = new Set<string>([defaultLocale]);
  const walk = (value: Json, depth: number): void => {
    if (depth > 12) return;
    if (Array.isArray(value)) return value.forEach((v) => walk(v, depth + 1));
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'when' || key === 'declare') continue;
      if (['title', 'body', 'label', 'alt'].includes(key) && isObject(child)) Object.keys(child).forEach((tag) => found.add(tag));
      else walk(child, depth + 1);
    }
  };
  walk(listOf(draft.items), 0);
  return [...found];
}
