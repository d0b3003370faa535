/**
 * src/authoring/Rules.tsx: who sees an item, when and how often, edited through forms that only
 * produce what the schema accepts; conditions the form does not manage are kept and listed.
 * Rendered over the real reducer, so every assertion is on the manifest the writer gets.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { useReducer } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { Rules } from '../../src/authoring/Rules';
import type { JsonObject } from '../../src/authoring/json-patch';
import { findItem, initialState, reduce, type AuthoringState } from '../../src/authoring/state';
import { validateManifest } from '../../src/manifest/validate';

afterEach(() => cleanup());

let latest: AuthoringState;
function Harness({ initial }: { initial: AuthoringState }) {
  const [state, dispatch] = useReducer(reduce, initial);
  latest = state;
  return <Rules item={findItem(state.draft, 'tip')!} declare={state.draft.declare} path="/board" dispatch={dispatch} />;
}

function setup(item: JsonObject = {}, extra: JsonObject = {}) {
  const original = { schemaVersion: 1, revision: 'r', ...extra, items: [{ id: 'tip', type: 'tooltip', target: '#a', body: 'b', ...item }] } as JsonObject;
  const view = render(<Harness initial={initialState(original, 'en')} />);
  const $ = <T extends Element = HTMLElement>(selector: string) => view.container.querySelector<T>(selector);
  return { ...view, $, item: () => findItem(latest.draft, 'tip')!, errors: () => validateManifest(latest.draft).problems.filter((p) => p.severity === 'error').map((p) => p.message) };
}
const id = (name: string) => `#gp-author-tip-${name}`;

describe('Rules: trigger', () => {
  it('shows the current trigger; "on every page view" removes the key', () => {
    const { $, item } = setup({ trigger: 'manual' });
    expect($<HTMLSelectElement>(id('trigger'))!.value).toBe('manual');
    fireEvent.change($(id('trigger'))!, { target: { value: 'pageView' } });
    expect('trigger' in item()).toBe(false);
    expect($<HTMLSelectElement>(id('trigger'))!.value).toBe('pageView');
  });

  it('"after an event": asks for its name; the empty name is shown as an error until typed', () => {
    const { $, item, errors } = setup();
    fireEvent.change($(id('trigger'))!, { target: { value: 'event' } });
    expect(item().trigger).toEqual({ event: '' });
    expect(errors().length).toBeGreaterThan(0);
    fireEvent.input($(id('trigger-event'))!, { target: { value: 'report_exported' } });
    expect(item().trigger).toEqual({ event: 'report_exported' });
    expect($<HTMLInputElement>(id('trigger-event'))!.value).toBe('report_exported');
    expect(errors()).toEqual([]);
  });

  it('"when an element appears": asks for a selector', () => {
    const { $, item, errors } = setup();
    fireEvent.change($(id('trigger'))!, { target: { value: 'elementAppears' } });
    fireEvent.input($(id('trigger-element'))!, { target: { value: '.toast' } });
    expect(item().trigger).toEqual({ elementAppears: '.toast' });
    expect($(id('trigger-event'))).toBeNull();
    expect(errors()).toEqual([]);
  });
});

describe('Rules: page', () => {
  it('"only on one page" uses the current path; the path can be edited; off removes it', () => {
    const { $, item, errors } = setup();
    expect($(id('page-path'))).toBeNull();
    fireEvent.change($(id('page-on'))!, { target: { checked: true } });
    expect(item().when).toEqual({ 'page.path': '/board' });
    fireEvent.input($(id('page-path'))!, { target: { value: '/reports' } });
    expect(item().when).toEqual({ 'page.path': '/reports' });
    // Emptied, it is the root, never "no path" (which would turn the condition off unasked).
    fireEvent.input($(id('page-path'))!, { target: { value: '' } });
    expect(item().when).toEqual({ 'page.path': '/' });
    expect(errors()).toEqual([]);
    fireEvent.change($(id('page-on'))!, { target: { checked: false } });
    expect('when' in item()).toBe(false);
  });

  it('conditions the form does not manage are kept and listed', () => {
    const when = { 'events.saved.count': { $gte: 2 }, 'page.path': '/x', $or: [{ 'user.plan': 'a' }] };
    const { $, item } = setup({ when });
    expect($('[data-author=hint]')!.textContent).toBe('Also required (kept as written; edit in the file): events.saved.count, $or');
    fireEvent.change($(id('page-on'))!, { target: { checked: false } });
    expect(item().when).toEqual({ 'events.saved.count': { $gte: 2 }, $or: [{ 'user.plan': 'a' }] });
  });
});

describe('Rules: trait condition', () => {
  it('without declared traits: "plan", typed as text', () => {
    const { $, item } = setup();
    expect($(id('trait-name'))).toBeNull();
    fireEvent.change($(id('trait-on'))!, { target: { checked: true } });
    expect(item().when).toEqual({ 'user.plan': '' });
    fireEvent.input($(id('trait-value'))!, { target: { value: 'trial' } });
    expect(item().when).toEqual({ 'user.plan': 'trial' });
    fireEvent.change($(id('trait-on'))!, { target: { checked: false } });
    expect('when' in item()).toBe(false);
  });

  it('declared traits: suggested names, a list of values as a select, numbers and booleans typed', () => {
    const declare = { traits: { user: { role: ['admin', 'member'], seats: 'number', beta: 'boolean' }, account: { tier: ['free', 'pro'] } } };
    const { $, container, item, errors } = setup({}, { declare });
    fireEvent.change($(id('trait-on'))!, { target: { checked: true } });
    expect(item().when).toEqual({ 'user.role': 'admin' });
    expect([...container.querySelectorAll(`${id('trait-names')} option`)].map((o) => o.getAttribute('value'))).toEqual(['role', 'seats', 'beta']);
    const value = $<HTMLSelectElement>(id('trait-value'))!;
    expect(value.tagName).toBe('SELECT');
    fireEvent.change(value, { target: { value: 'member' } });
    expect(item().when).toEqual({ 'user.role': 'member' });
    fireEvent.input($(id('trait-name'))!, { target: { value: 'seats' } });
    fireEvent.input($(id('trait-value'))!, { target: { value: '5' } });
    expect(item().when).toEqual({ 'user.seats': 5 });
    expect($('label[for="gp-author-tip-trait-value"]')!.textContent).toBe('Equals (number)');
    fireEvent.input($(id('trait-value'))!, { target: { value: 'five' } });
    expect(item().when).toEqual({ 'user.seats': 'five' });
    fireEvent.input($(id('trait-name'))!, { target: { value: 'beta' } });
    fireEvent.input($(id('trait-value'))!, { target: { value: 'true' } });
    expect(item().when).toEqual({ 'user.beta': true });
    // Moved to the account: its first declared trait and value.
    fireEvent.change($(id('trait-scope'))!, { target: { value: 'account' } });
    expect(item().when).toEqual({ 'account.tier': 'free' });
    expect(errors()).toEqual([]);
  });

  it('the trait kept beside a page path, in the same "when"', () => {
    const { $, item } = setup({ when: { 'page.path': '/x' } });
    fireEvent.change($(id('trait-on'))!, { target: { checked: true } });
    fireEvent.input($(id('trait-value'))!, { target: { value: 'trial' } });
    expect(item().when).toEqual({ 'page.path': '/x', 'user.plan': 'trial' });
  });
});

describe('Rules keeps the trait condition while its name is being typed', () => {
  it('typing "identity" letter by letter keeps the condition (it passes through "id", a reserved name)', () => {
    const { $, item } = setup({ when: { 'user.plan': 'trial' } });
    let typed = '';
    for (const letter of 'identity') {
      typed += letter;
      const name = $(id('trait-name'));
      if (!name) break;
      fireEvent.input(name, { target: { value: typed } });
    }
    expect(item().when).toEqual({ 'user.identity': 'trial' });
  });

  it('erasing the name to type another one keeps the value the writer entered', () => {
    const { $, item } = setup({ when: { 'user.plan': 'trial' } });
    for (const typed of ['pla', 'pl', 'p', '', 't', 'ti', 'tie', 'tier']) {
      const name = $(id('trait-name'));
      if (!name) break;
      fireEvent.input(name, { target: { value: typed } });
    }
    expect(item().when).toEqual({ 'user.tier': 'trial' });
  });
});

describe('Rules: priority, frequency, pacing', () => {
  it('priority is a number, removed when emptied', () => {
    const { $, item } = setup({ priority: 2 });
    expect($<HTMLInputElement>(id('priority'))!.value).toBe('2');
    fireEvent.change($(id('priority'))!, { target: { value: '10' } });
    expect(item().priority).toBe(10);
    fireEvent.change($(id('priority'))!, { target: { value: '' } });
    expect('priority' in item()).toBe(false);
  });

  it('frequency: named ones, and a custom "every N days, at most N times"', () => {
    const { $, item, errors } = setup();
    expect($<HTMLSelectElement>(id('frequency'))!.value).toBe('');
    fireEvent.change($(id('frequency'))!, { target: { value: 'once' } });
    expect(item().frequency).toBe('once');
    fireEvent.change($(id('frequency'))!, { target: { value: 'custom' } });
    expect(item().frequency).toEqual({ everyDays: 7 });
    fireEvent.change($(id('max-times'))!, { target: { value: '3' } });
    expect(item().frequency).toEqual({ everyDays: 7, maxTimes: 3 });
    fireEvent.change($(id('every-days'))!, { target: { value: '' } });
    expect(item().frequency).toEqual({ maxTimes: 3 });
    expect(errors()).toEqual([]);
    fireEvent.change($(id('frequency'))!, { target: { value: '' } });
    expect('frequency' in item()).toBe(false);
  });

  it('counts against the pacing caps: yes, no, or the type\'s default', () => {
    const { $, item } = setup({ interruptive: false });
    expect($<HTMLSelectElement>(id('interruptive'))!.value).toBe('no');
    fireEvent.change($(id('interruptive'))!, { target: { value: 'yes' } });
    expect(item().interruptive).toBe(true);
    fireEvent.change($(id('interruptive'))!, { target: { value: '' } });
    expect('interruptive' in item()).toBe(false);
  });

  it('keys the form does not manage, and the item\'s other keys, stay as written and in order', () => {
    const { $, item } = setup({ 'x-owner': 'docs', priority: 1, title: { en: 'T', es: 'T' } });
    fireEvent.change($(id('priority'))!, { target: { value: '4' } });
    fireEvent.change($(id('trigger'))!, { target: { value: 'manual' } });
    expect(Object.keys(item())).toEqual(['id', 'type', 'target', 'body', 'x-owner', 'priority', 'title', 'trigger']);
    expect(item()['x-owner']).toBe('docs');
    expect(item().title).toEqual({ en: 'T', es: 'T' });
  });

  it('every control is labelled', () => {
    const { container, $ } = setup({ when: { 'user.plan': 'a', 'page.path': '/' }, frequency: { everyDays: 1 }, trigger: { event: 'x' } });
    expect($(id('trait-name'))).not.toBeNull();
    for (const control of container.querySelectorAll('input, select, textarea')) expect(container.querySelector(`label[for="${control.id}"]`), control.outerHTML).not.toBeNull();
  });
});
