/**
 * The authoring panel's state and its reducer: the manifest as loaded (`original`, the base of
 * the exported patch), the manifest as edited (`draft`), the selected item and the locale
 * being written. Pure: the panel dispatches actions, the reducer returns the next state, and
 * nothing here touches the DOM or the runtime (session.ts applies drafts to the page).
 * An action that names something that is not there returns the state unchanged.
 */
import { isObject, type Json, type JsonObject } from './json-patch';
import {
  itemIds, listOf, newItem, newStep, newTour, textFor, withKey, withPagePath, withText, withTrait,
  type AnchoredKind, type PickedTarget, type TraitCondition,
} from './edit';

export interface AuthoringState {
  /** The manifest as loaded: what the patch is computed against. */
  readonly original: JsonObject;
  /** The manifest as edited. */
  readonly draft: JsonObject;
  /** The item being edited. */
  readonly selected?: string;
  /** The locale whose texts are being written. */
  readonly locale: string;
}

/** Text fields of items and steps. */
export type TextField = 'title' | 'body' | 'label';

/** Item keys the forms set directly (each form only offers values the schema accepts). */
export type ItemKey = 'placement' | 'url' | 'priority' | 'frequency' | 'trigger' | 'interruptive' | 'target';
/** Step keys the tour form sets directly. */
export type StepKey = 'placement' | 'advanceOn' | 'route' | 'target';

export type AuthoringAction =
  | { type: 'select'; id: string | undefined }
  | { type: 'locale'; locale: string }
  | { type: 'create'; kind: AnchoredKind; target: PickedTarget }
  | { type: 'create-tour'; target: PickedTarget; route: string }
  | { type: 'add-step'; id: string; target: PickedTarget; route: string }
  | { type: 'move-step'; id: string; step: number; by: -1 | 1 }
  | { type: 'delete-step'; id: string; step: number }
  | { type: 'text'; id: string; step?: number; field: TextField; value: string }
  | { type: 'set'; id: string; key: ItemKey; value: Json | undefined }
  | { type: 'set-step'; id: string; step: number; key: StepKey; value: Json | undefined }
  | { type: 'page-path'; id: string; path: string | undefined }
  | { type: 'trait'; id: string; trait: TraitCondition | undefined }
  /** With `index`, that entry only if it has this id (the second of two with one id); else the item with the id. */
  | { type: 'delete'; id: string; index?: number }
  | { type: 'restore'; draft: JsonObject }
  /**
   * `saved` (the draft as it was sent) was written to the file: it is the new base of the patch.
   * Edits made while the save was in flight stay in the draft, as changes.
   */
  | { type: 'rebase'; saved: JsonObject }
  /** The file changed on disk: its version is the new base, the draft the edits re-applied onto it. */
  | { type: 'rebase-onto'; original: JsonObject; draft: JsonObject };

/** A fresh state for a loaded manifest (the draft starts as a copy of it). */
export function initialState(original: JsonObject, locale: string): AuthoringState {
  const draft = JSON.parse(JSON.stringify(original)) as JsonObject;
  return { original, draft, locale, selected: itemIds(draft)[0] };
}

/** The manifest's default locale ("en" when it names none). */
export const defaultLocaleOf = (draft: JsonObject): string => (typeof draft.defaultLocale === 'string' ? draft.defaultLocale : 'en');

/** The item with this id in the draft, if any. */
export const findItem = (draft: JsonObject, id: string | undefined): JsonObject | undefined =>
  listOf(draft.items).find((item): item is JsonObject => isObject(item) && item.id === id);

/** The draft with item `id` replaced by `update(item)`; the same draft when there is no such item. */
function updateItem(state: AuthoringState, id: string, update: (item: JsonObject) => JsonObject | undefined, at?: number): AuthoringState {
  const items = listOf(state.draft.items);
  const index = at ?? items.findIndex((item) => isObject(item) && item.id === id);
  if (!isObject(items[index]) || (items[index] as JsonObject).id !== id) return state;
  const next = update(items[index] as JsonObject);
  if (next === items[index]) return state;
  const copy = [...items];
  if (next) copy[index] = next;
  else copy.splice(index, 1);
  return { ...state, draft: withKey(state.draft, 'items', copy) };
}

/** Item `id`'s steps replaced by `update(steps)`, for tours only. */
function updateSteps(state: AuthoringState, id: string, update: (steps: Json[]) => Json[] | undefined): AuthoringState {
  return updateItem(state, id, (item) => {
    if (item.type !== 'tour' || !Array.isArray(item.steps)) return item;
    const steps = update(item.steps);
    return steps ? withKey(item, 'steps', steps) : item;
  });
}

/** One step changed by `update`, when it exists and is an object. */
function updateStep(state: AuthoringState, id: string, step: number, update: (step: JsonObject) => JsonObject): AuthoringState {
  return updateSteps(state, id, (steps) => {
    if (!isObject(steps[step])) return undefined;
    const copy = [...steps];
    copy[step] = update(steps[step] as JsonObject);
    return copy;
  });
}

function addItem(state: AuthoringState, item: JsonObject): AuthoringState {
  const draft = withKey(state.draft, 'items', [...listOf(state.draft.items), item]);
  return { ...state, draft, selected: item.id as string };
}

export function reduce(state: AuthoringState, action: AuthoringAction): AuthoringState {
  const defaultLocale = defaultLocaleOf(state.draft);
  switch (action.type) {
    case 'select':
      return { ...state, selected: action.id };
    case 'locale':
      return { ...state, locale: action.locale };
    case 'create':
      return addItem(state, newItem(action.kind, action.target, state.locale, itemIds(state.draft)));
    case 'create-tour':
      return addItem(state, newTour(action.target, action.route, state.locale, itemIds(state.draft)));
    case 'add-step':
      return { ...updateSteps(state, action.id, (steps) => [...steps, newStep(action.target, action.route, state.locale, steps.length + 1)]), selected: action.id };
    case 'move-step':
      return updateSteps(state, action.id, (steps) => {
        const to = action.step + action.by;
        if (action.step < 0 || action.step >= steps.length || to < 0 || to >= steps.length) return undefined;
        const copy = [...steps];
        [copy[action.step], copy[to]] = [copy[to], copy[action.step]];
        return copy;
      });
    case 'delete-step':
      // A tour keeps at least one step (the schema requires one): delete the tour instead.
      return updateSteps(state, action.id, (steps) => (steps.length > 1 && action.step >= 0 && action.step < steps.length ? steps.filter((_, i) => i !== action.step) : undefined));
    case 'text': {
      const write = (owner: JsonObject) => withKey(owner, action.field, withText(owner[action.field], state.locale, defaultLocale, action.value));
      if (action.step === undefined) return updateItem(state, action.id, write);
      return updateStep(state, action.id, action.step, write);
    }
    case 'set':
      return updateItem(state, action.id, (item) => withKey(item, action.key, action.value));
    case 'set-step':
      return updateStep(state, action.id, action.step, (step) => withKey(step, action.key, action.value));
    case 'page-path':
      return updateItem(state, action.id, (item) => withKey(item, 'when', withPagePath(item.when, action.path)));
    case 'trait':
      return updateItem(state, action.id, (item) => withKey(item, 'when', withTrait(item.when, action.trait)));
    case 'delete': {
      const next = updateItem(state, action.id, () => undefined, action.index);
      // An entry deleted by its place is a repeat of the selected item's id: the selection stays.
      return next === state || action.index !== undefined ? next : { ...next, selected: next.selected === action.id ? undefined : next.selected };
    }
    case 'rebase':
      return { ...state, original: action.saved };
    case 'rebase-onto':
      return reduce({ ...state, original: action.original }, { type: 'restore', draft: action.draft });
    case 'restore':
      return { ...state, draft: action.draft, selected: findItem(action.draft, state.selected) ? state.selected : itemIds(action.draft)[0] };
  }
}

/** A text of item `id` (or of its step) in the state's locale, for the form fields. */
export function textOf(state: AuthoringState, id: string, field: TextField, step?: number): string {
  const item = findItem(state.draft, id);
  const owner = step === undefined ? item : listOf(item?.steps)[step];
  return isObject(owner) ? textFor(owner[field], state.locale, defaultLocaleOf(state.draft)) : '';
}
