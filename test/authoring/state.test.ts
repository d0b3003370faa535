/**
 * The authoring reducer: each action edits the manifest as written (unknown keys, key order and
 * untouched items kept), produces what the validator accepts, and the patch against the
 * original names only what the action changed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffJson, type JsonObject } from '../../src/authoring/json-patch';
import { initialState, reduce, textOf, findItem, type AuthoringAction, type AuthoringState } from '../../src/authoring/state';
import { localesOf, otherConditions, traitOf, uniqueId, withText } from '../../src/authoring/edit';
import { validateManifest } from '../../src/manifest/validate';

const demo = JSON.parse(readFileSync(new URL('../../demo/manifest.json', import.meta.url), 'utf8')) as JsonObject;
const run = (state: AuthoringState, ...actions: AuthoringAction[]) => actions.reduce(reduce, state);
const ids = (state: AuthoringState) => (state.draft.items as JsonObject[]).map((i) => i.id);
const errors = (state: AuthoringState) => validateManifest(state.draft).problems.filter((p) => p.severity === 'error').map((p) => p.message);

describe('authoring reducer', () => {
  const start = initialState(demo, 'en');

  it('starts from a copy of the original, with the first item selected', () => {
    expect(start.draft).toEqual(demo);
    expect(start.draft).not.toBe(demo);
    expect(start.selected).toBe('trial-banner');
    expect(errors(start)).toEqual([]);
  });

  it('creates a help link on a data-help anchor: valid, selected, added at the end', () => {
    const next = run(start, { type: 'create', kind: 'helpLink', target: { anchor: 'export' } });
    const item = findItem(next.draft, next.selected)!;
    expect(item).toMatchObject({ id: 'export-help', type: 'helpLink', target: { anchor: 'export' }, label: { en: 'Help' } });
    expect(ids(next).at(-1)).toBe('export-help');
    expect(errors(next)).toEqual([]);
    expect(diffJson(demo, next.draft)).toEqual([{ op: 'add', path: `/items/${ids(start).length}`, value: item }]);
  });

  it('ids stay unique', () => {
    const next = run(start, { type: 'create', kind: 'tooltip', target: '#add-task' }, { type: 'create', kind: 'tooltip', target: '#add-task' });
    expect(ids(next).slice(-2)).toEqual(['add-task-tip', 'add-task-tip-2']);
    expect(uniqueId('a', ['a', 'a-2'])).toBe('a-3');
  });

  it('builds a tour across two routes: create, add a step, reorder, delete, set placement and advanceOn', () => {
    let s = run(start, { type: 'create-tour', target: { anchor: 'new-project' }, route: '/' });
    const id = s.selected!;
    expect(findItem(s.draft, id)).toMatchObject({ type: 'tour', trigger: 'manual', steps: [{ target: { anchor: 'new-project' }, route: '/' }] });
    s = run(
      s,
      { type: 'add-step', id, target: { anchor: 'add-task' }, route: '/board' },
      { type: 'add-step', id, target: '#filter-tasks', route: '/board' },
      { type: 'set-step', id, step: 0, key: 'advanceOn', value: { route: '/board' } },
      { type: 'set-step', id, step: 2, key: 'placement', value: 'left' },
      { type: 'move-step', id, step: 2, by: -1 },
    );
    const steps = findItem(s.draft, id)!.steps as JsonObject[];
    expect(steps.map((step) => step.target)).toEqual([{ anchor: 'new-project' }, '#filter-tasks', { anchor: 'add-task' }]);
    expect(steps[0].advanceOn).toEqual({ route: '/board' });
    expect(steps[1].placement).toBe('left');
    expect(errors(s)).toEqual([]);
    // Out of range moves and deleting the last step change nothing.
    expect(run(s, { type: 'move-step', id, step: 0, by: -1 })).toBe(s);
    s = run(s, { type: 'delete-step', id, step: 1 }, { type: 'delete-step', id, step: 1 });
    expect((findItem(s.draft, id)!.steps as JsonObject[]).length).toBe(1);
    expect(run(s, { type: 'delete-step', id, step: 0 })).toBe(s);
  });

  it('writes texts per locale: a translation is added beside the others, in place', () => {
    const s = run(start, { type: 'locale', locale: 'de' }, { type: 'text', id: 'new-project-tip', field: 'title', value: 'Neues Projekt' });
    const title = findItem(s.draft, 'new-project-tip')!.title as JsonObject;
    expect(Object.keys(title).at(-1)).toBe('de');
    expect(textOf(s, 'new-project-tip', 'title')).toBe('Neues Projekt');
    const index = ids(start).indexOf('new-project-tip');
    expect(diffJson(demo, s.draft)).toEqual([{ op: 'add', path: `/items/${index}/title/de`, value: 'Neues Projekt' }]);
    // Emptying it removes the key again: no change left.
    expect(diffJson(demo, run(s, { type: 'text', id: 'new-project-tip', field: 'title', value: '' }).draft)).toEqual([]);
  });

  it('texts of tour steps, and plain strings turned into per-locale objects by a first translation', () => {
    const tour = (demo.items as JsonObject[]).find((i) => i.type === 'tour')!;
    const s = run(start, { type: 'text', id: tour.id as string, step: 1, field: 'body', value: 'Board!' });
    expect(((findItem(s.draft, tour.id as string)!.steps as JsonObject[])[1].body as JsonObject).en).toBe('Board!');
    expect(withText('Save', 'es', 'en', 'Guardar')).toEqual({ en: 'Save', es: 'Guardar' });
    expect(withText('Save', 'en', 'en', 'Store')).toBe('Store');
    expect(withText({ en: 'Save' }, 'en', 'en', '')).toBeUndefined();
  });

  it('conditions: page path and one trait equality, keeping conditions the form does not manage', () => {
    let s = run(start, { type: 'page-path', id: 'new-project-tip', path: '/board' }, { type: 'trait', id: 'new-project-tip', trait: { scope: 'account', name: 'plan', value: 'trial' } });
    // In place, beside the events condition the form does not manage.
    expect(findItem(s.draft, 'new-project-tip')!.when).toEqual({ 'page.path': '/board', 'events.project_created.count': { $exists: false }, 'account.plan': 'trial' });
    expect(otherConditions(findItem(s.draft, 'new-project-tip')!.when)).toEqual(['events.project_created.count']);
    s = run(s, { type: 'trait', id: 'new-project-tip', trait: { scope: 'user', name: 'role', value: 'admin' } });
    expect(traitOf(findItem(s.draft, 'new-project-tip')!.when)).toMatchObject({ scope: 'user', name: 'role', value: 'admin' });
    expect(errors(s)).toEqual([]);
    // On an item without conditions, adding then removing both leaves no "when" behind.
    const tour = run(start, { type: 'page-path', id: 'welcome-tour', path: '/' }, { type: 'trait', id: 'welcome-tour', trait: { scope: 'user', name: 'plan', value: 'trial' } });
    expect(findItem(tour.draft, 'welcome-tour')!.when).toEqual({ 'page.path': '/', 'user.plan': 'trial' });
    const back = run(tour, { type: 'page-path', id: 'welcome-tour', path: undefined }, { type: 'trait', id: 'welcome-tour', trait: undefined });
    expect(diffJson(demo, back.draft)).toEqual([]);
  });

  it('priority, frequency, trigger and interruptive are set in place, and removed for "default"', () => {
    const s = run(
      start,
      { type: 'set', id: 'reports-help', key: 'priority', value: 3 },
      { type: 'set', id: 'reports-help', key: 'frequency', value: { everyDays: 7, maxTimes: 2 } },
      { type: 'set', id: 'reports-help', key: 'trigger', value: { event: 'report_exported' } },
      { type: 'set', id: 'reports-help', key: 'interruptive', value: false },
    );
    expect(findItem(s.draft, 'reports-help')).toMatchObject({ priority: 3, frequency: { everyDays: 7, maxTimes: 2 }, trigger: { event: 'report_exported' }, interruptive: false });
    expect(errors(s)).toEqual([]);
    const back = run(s, ...(['priority', 'frequency', 'trigger', 'interruptive'] as const).map((key): AuthoringAction => ({ type: 'set', id: 'reports-help', key, value: undefined })));
    expect(diffJson(demo, back.draft)).toEqual([]);
  });

  it('an invalid edit is kept and reported by the validator with the CLI message', () => {
    const s = run(start, { type: 'set-step', id: 'welcome-tour', step: 0, key: 'advanceOn', value: { event: '' } });
    const index = ids(start).indexOf('welcome-tour');
    expect(errors(s)[0]).toBe(`item "welcome-tour" at items[${index}].steps[0].advanceOn.event: expected an event name of letters, digits, "_", "-", ".", ":", found ""`);
    // And what depends on the skipped tour says so (the checklist task that starts it).
    expect(errors(s).slice(1)).toEqual([expect.stringContaining('"welcome-tour" has errors and is skipped')]);
  });

  it('deletes an item and unselects it; unknown ids change nothing', () => {
    const s = run(start, { type: 'select', id: 'board-help' }, { type: 'delete', id: 'board-help' });
    expect(ids(s)).not.toContain('board-help');
    expect(s.selected).toBeUndefined();
    expect(run(s, { type: 'delete', id: 'nope' })).toBe(s);
    expect(run(s, { type: 'text', id: 'nope', field: 'title', value: 'x' })).toBe(s);
  });

  it('rebase makes the draft that was saved the new original (after "Save to file")', () => {
    const edited = run(start, { type: 'set', id: 'reports-help', key: 'priority', value: 1 });
    const s = run(edited, { type: 'rebase', saved: edited.draft });
    expect(diffJson(s.original, s.draft)).toEqual([]);
  });

  it('rebase keeps edits made after the saved draft was sent as changes', () => {
    const sent = run(start, { type: 'set', id: 'reports-help', key: 'priority', value: 1 });
    const later = run(sent, { type: 'set', id: 'reports-help', key: 'priority', value: 2 });
    const s = run(later, { type: 'rebase', saved: sent.draft });
    expect(s.original).toBe(sent.draft);
    expect(diffJson(s.original, s.draft)).toHaveLength(1);
  });

  it('lists every locale the texts use, the default first', () => {
    expect(localesOf(demo, 'en')).toEqual(['en', 'es', 'zh-CN', 'sk', 'ru']);
  });
});
