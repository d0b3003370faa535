/**
 * Who sees an item, when and how often, with forms that only produce values the schema
 * accepts: the trigger, a page-path condition, one trait equality (traits and values from the
 * manifest's `declare` when it has them), priority, frequency and whether it counts against
 * the pacing caps. Conditions the form does not manage are kept as written and listed.
 */
import { useState } from 'preact/hooks';
import { isObject, type Json, type JsonObject } from './json-patch';
import { otherConditions, pagePathOf, traitNameProblem, traitOf, type TraitCondition } from './edit';
import { fieldId, NumberField, SelectField, TextField } from './fields';
import type { AuthoringAction } from './state';

export interface RulesProps {
  item: JsonObject;
  /** The manifest's `declare` (traits and events), for suggestions. */
  declare: Json | undefined;
  path: string;
  dispatch: (action: AuthoringAction) => void;
}

const TRIGGERS = [['pageView', 'on every page view (default)'], ['manual', 'only when started from code or a checklist'], ['event', 'after an event is tracked'], ['elementAppears', 'when an element appears']] as const;
const FREQUENCIES = [['', 'default for its type'], ['once', 'once'], ['untilCompleted', 'until completed or dismissed'], ['always', 'always'], ['custom', 'every N days, at most N times']] as const;

type TraitTypes = Record<string, Json>;

/** Declared traits of `scope`: name -> type ("string", "number", "boolean" or the list of values). */
function declaredTraits(declare: Json | undefined, scope: 'user' | 'account'): TraitTypes {
  const traits = isObject(declare) && isObject(declare.traits) ? declare.traits[scope] : undefined;
  return isObject(traits) ? traits : {};
}

/** A typed value for the condition: numbers and booleans as JSON numbers and booleans when declared so. */
function typedValue(raw: string, type: Json | undefined): string | number | boolean {
  if (type === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** The condition moved to the other scope: a trait that scope does not declare gives way to its first declared one. */
function rescoped(trait: TraitCondition, scope: 'user' | 'account', declare: Json | undefined): TraitCondition {
  const declared = declaredTraits(declare, scope);
  const names = Object.keys(declared);
  if (!names.length || trait.name in declared) return { ...trait, scope };
  const type = declared[names[0]];
  return { scope, name: names[0], value: Array.isArray(type) ? String(type[0]) : '' };
}

function Trigger({ id, value, dispatch }: { id: string; value: Json | undefined; dispatch: RulesProps['dispatch'] }) {
  const kind = typeof value === 'string' ? value : isObject(value) ? (Object.keys(value)[0] ?? 'pageView') : 'pageView';
  const set = (next: Json | undefined) => dispatch({ type: 'set', id, key: 'trigger', value: next });
  const detail = isObject(value) ? String(value[kind] ?? '') : '';
  return (
    <>
      <SelectField id={fieldId(id, 'trigger')} label="Shows" value={kind} options={TRIGGERS} onChange={(next) => set(next === 'pageView' ? undefined : next === 'manual' ? 'manual' : { [next]: '' })} />
      {kind === 'event' && <TextField id={fieldId(id, 'trigger-event')} label="Event name" value={detail} onInput={(event) => set({ event })} />}
      {kind === 'elementAppears' && <TextField id={fieldId(id, 'trigger-element')} label="CSS selector of the element" value={detail} onInput={(selector) => set({ elementAppears: selector })} />}
    </>
  );
}

function Trait({ id, when, declare, dispatch }: { id: string; when: Json | undefined; declare: Json | undefined; dispatch: RulesProps['dispatch'] }) {
  const trait = traitOf(when);
  // The name as typed while it is not a trait name yet ("", "i", "id" on the way to "identity"):
  // committed, it would drop the condition and the value the writer entered.
  const [typed, setTyped] = useState<string>();
  const set = (next: TraitCondition | undefined) => dispatch({ type: 'trait', id, trait: next });
  /** A new name or scope: what was being typed gives way to it. */
  const rename = (next: TraitCondition | undefined) => {
    setTyped(undefined);
    set(next);
  };
  const nameProblem = typed === undefined ? undefined : traitNameProblem(typed);
  const errorId = fieldId(id, 'trait-name-error');
  const scope = trait?.scope ?? 'user';
  const declared = declaredTraits(declare, scope);
  const type = trait ? declared[trait.name] : undefined;
  const names = Object.keys(declared);
  const listId = fieldId(id, 'trait-names');
  return (
    <fieldset>
      <legend>Trait condition</legend>
      <div data-author="row">
        <input type="checkbox" id={fieldId(id, 'trait-on')} checked={!!trait} onChange={(e) => rename((e.currentTarget as HTMLInputElement).checked ? { scope, name: names[0] ?? 'plan', value: Array.isArray(declared[names[0]]) ? String((declared[names[0]] as Json[])[0]) : '' } : undefined)} />
        <label for={fieldId(id, 'trait-on')}>Only for people with a given trait value</label>
      </div>
      {trait && (
        <>
          <SelectField id={fieldId(id, 'trait-scope')} label="Trait of" value={scope} options={[['user', 'the user'], ['account', 'the account']]} onChange={(next) => rename(rescoped(trait, next as 'user' | 'account', declare))} />
          <label for={fieldId(id, 'trait-name')}>Trait name</label>
          <input
            id={fieldId(id, 'trait-name')}
            type="text"
            list={listId}
            value={typed ?? trait.name}
            aria-invalid={nameProblem ? 'true' : undefined}
            aria-describedby={nameProblem ? errorId : undefined}
            onInput={(e) => {
              const name = (e.currentTarget as HTMLInputElement).value;
              if (traitNameProblem(name)) setTyped(name);
              else rename({ ...trait, name });
            }}
          />
          {nameProblem && (
            <p id={errorId} data-author="problems">
              {nameProblem}
            </p>
          )}
          <datalist id={listId}>{names.map((name) => <option value={name} />)}</datalist>
          {Array.isArray(type) ? (
            <SelectField id={fieldId(id, 'trait-value')} label="Equals" value={String(trait.value)} options={type.map((v) => [String(v), String(v)] as const)} onChange={(value) => set({ ...trait, value })} />
          ) : (
            <TextField id={fieldId(id, 'trait-value')} label={`Equals${typeof type === 'string' ? ` (${type})` : ''}`} value={String(trait.value)} onInput={(raw) => set({ ...trait, value: typedValue(raw, type) })} />
          )}
        </>
      )}
    </fieldset>
  );
}

function Frequency({ id, value, dispatch }: { id: string; value: Json | undefined; dispatch: RulesProps['dispatch'] }) {
  const custom = isObject(value) ? value : undefined;
  const kind = typeof value === 'string' ? value : custom ? 'custom' : '';
  const set = (next: Json | undefined) => dispatch({ type: 'set', id, key: 'frequency', value: next });
  const setCustom = (key: 'everyDays' | 'maxTimes', n: number | undefined) => {
    const next: JsonObject = { ...custom };
    if (n === undefined) delete next[key];
    else next[key] = n;
    set(next);
  };
  return (
    <>
      <SelectField id={fieldId(id, 'frequency')} label="How often" value={kind} options={FREQUENCIES} onChange={(next) => set(next === '' ? undefined : next === 'custom' ? { everyDays: 7 } : next)} />
      {custom && (
        <div data-author="row">
          <div>
            <NumberField id={fieldId(id, 'every-days')} label="Again after (days)" min={0} value={typeof custom.everyDays === 'number' ? custom.everyDays : undefined} onChange={(n) => setCustom('everyDays', n)} />
          </div>
          <div>
            <NumberField id={fieldId(id, 'max-times')} label="At most (times)" min={1} value={typeof custom.maxTimes === 'number' ? custom.maxTimes : undefined} onChange={(n) => setCustom('maxTimes', n)} />
          </div>
        </div>
      )}
    </>
  );
}

export function Rules({ item, declare, path, dispatch }: RulesProps) {
  const id = item.id as string;
  const pagePath = pagePathOf(item.when);
  const others = otherConditions(item.when);
  const interruptive = item.interruptive === true ? 'yes' : item.interruptive === false ? 'no' : '';
  return (
    <section aria-labelledby={fieldId(id, 'rules')}>
      <h4 id={fieldId(id, 'rules')}>Who sees it, when, how often</h4>
      <Trigger id={id} value={item.trigger} dispatch={dispatch} />
      <div data-author="row">
        <input type="checkbox" id={fieldId(id, 'page-on')} checked={pagePath !== undefined} onChange={(e) => dispatch({ type: 'page-path', id, path: (e.currentTarget as HTMLInputElement).checked ? path : undefined })} />
        <label for={fieldId(id, 'page-on')}>Only on one page</label>
      </div>
      {pagePath !== undefined && <TextField id={fieldId(id, 'page-path')} label="Page path (exactly)" value={pagePath} onInput={(value) => dispatch({ type: 'page-path', id, path: value || '/' })} />}
      <Trait key={id} id={id} when={item.when} declare={declare} dispatch={dispatch} />
      {others.length > 0 && (
        <p data-author="hint">
          Also required (kept as written; edit in the file): <code>{others.join(', ')}</code>
        </p>
      )}
      <NumberField id={fieldId(id, 'priority')} label="Priority (higher shows first when pacing allows only one)" value={typeof item.priority === 'number' ? item.priority : undefined} onChange={(value) => dispatch({ type: 'set', id, key: 'priority', value })} />
      <Frequency id={id} value={item.frequency} dispatch={dispatch} />
      <SelectField
        id={fieldId(id, 'interruptive')}
        label="Counts against the pacing caps"
        value={interruptive}
        options={[['', 'default for its type'], ['yes', 'yes'], ['no', 'no']]}
        onChange={(next) => dispatch({ type: 'set', id, key: 'interruptive', value: next === '' ? undefined : next === 'yes' })}
      />
    </section>
  );
}
