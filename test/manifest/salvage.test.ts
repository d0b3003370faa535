/** What is still checked of an item the validator skips: its other fields, as written, in the same run. */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { salvageItem, isProblemAsWritten } from '../../src/manifest/salvage';
import { Item } from '../../src/manifest/schema';

const issuesOf = (raw: unknown) => {
  const parsed = v.safeParse(Item, raw);
  return parsed.success ? [] : parsed.issues;
};

describe('salvageItem', () => {
  it('drops the fields with errors and keeps the rest when that is a valid item', () => {
    const raw = { id: 'a', type: 'banner', body: 'Hi', bogus: 1, priority: 'high', requires: ['b'] };
    const salvaged = salvageItem(raw, issuesOf(raw));
    expect(salvaged?.value).toMatchObject({ id: 'a', type: 'banner', body: 'Hi', requires: ['b'] });
    expect([...(salvaged?.dropped ?? [])].sort()).toEqual(['bogus', 'priority']);
  });

  it('nothing when the rest is not an item, or the item as a whole is wrong', () => {
    const noTarget = { id: 't', type: 'tooltip', body: 'x', target: 42 };
    expect(salvageItem(noTarget, issuesOf(noTarget))).toBeUndefined();
    const unknownType = { id: 'u', type: 'popup', body: 'x' };
    expect(salvageItem(unknownType, issuesOf(unknownType))).toBeUndefined();
  });

  it('a problem of the copy counts only where the writer wrote it: not about the item as a whole, nor a dropped field', () => {
    const salvaged = { value: {} as never, dropped: new Set(['title']) };
    expect(isProblemAsWritten(salvaged, [])).toBe(false);
    expect(isProblemAsWritten(salvaged, ['title', 'en'])).toBe(false);
    expect(isProblemAsWritten(salvaged, ['requires', 0])).toBe(true);
  });
});

describe('salvageItem keeps as much of a broken step or task as can be checked', () => {
  it('a typo in one step drops that key of that step only: the tour, its other steps and the step\'s other fields stay', () => {
    const raw = { id: 'tour', type: 'tour', title: { en: 'Welcome' }, steps: [{ target: '#a', bdy: 'x', bod: 2, title: { en: 'One' } }, { target: '#b', body: 'Two' }] };
    const salvaged = salvageItem(raw, issuesOf(raw));
    expect(salvaged?.value).toEqual({ id: 'tour', type: 'tour', title: { en: 'Welcome' }, steps: [{ target: '#a', title: { en: 'One' } }, { target: '#b', body: 'Two' }] });
    expect([...(salvaged?.dropped ?? [])].sort()).toEqual(['steps[0].bdy', 'steps[0].bod']);
  });

  it('a wrong translation drops that translation, not the whole text', () => {
    const raw = { id: 'a', type: 'banner', title: { en: 'Hi', ar: true }, body: 'x' };
    const salvaged = salvageItem(raw, issuesOf(raw));
    expect(salvaged?.value).toMatchObject({ title: { en: 'Hi' }, body: 'x' });
    expect([...(salvaged?.dropped ?? [])]).toEqual(['title.ar']);
  });

  it('a task that lacks a required key is left out alone, and what is found in the copy is placed where it is written', () => {
    const raw = { id: 'list', type: 'checklist', tasks: [{ title: 'No id' }, { id: 'b', title: 'B', url: 'javascript:x' }] };
    const salvaged = salvageItem(raw, issuesOf(raw))!;
    expect(salvaged.value).toMatchObject({ tasks: [{ id: 'b', title: 'B' }] });
    expect([...salvaged.dropped]).toEqual(['tasks[0]']);
    expect(salvaged.written?.(['tasks', 0, 'url'])).toEqual(['tasks', 1, 'url']);
    expect(isProblemAsWritten(salvaged, ['tasks', 0, 'url'])).toBe(true);
  });

  it('the only step left out leaves no tour: nothing to check', () => {
    const raw = { id: 'tour', type: 'tour', steps: [{ placement: 'middle', body: 'x', target: 5 }] };
    const salvaged = salvageItem(raw, issuesOf(raw));
    // The broken fields go; the step itself stays, as it still is one.
    expect(salvaged?.value).toEqual({ id: 'tour', type: 'tour', steps: [{ body: 'x' }] });
    const empty = { id: 'tour', type: 'tour', steps: [{ bogus: 1 }, 'not a step'] };
    expect(salvageItem(empty, issuesOf(empty))?.value).toEqual({ id: 'tour', type: 'tour', steps: [{}] });
    const none = { id: 'tour', type: 'tour', steps: ['not a step'] };
    expect(salvageItem(none, issuesOf(none))).toBeUndefined();
  });

  it('a problem of the copy inside or around a field left out is not one of the item as written', () => {
    const raw = { id: 'tour', type: 'tour', steps: [{ target: '#a', bdy: 'x' }, { body: 'y' }] };
    const salvaged = salvageItem(raw, issuesOf(raw))!;
    expect(isProblemAsWritten(salvaged, ['steps', 0])).toBe(false);
    expect(isProblemAsWritten(salvaged, ['steps', 0, 'bdy'])).toBe(false);
    expect(isProblemAsWritten(salvaged, ['steps', 0, 'target'])).toBe(true);
    expect(isProblemAsWritten(salvaged, ['steps', 1, 'body'])).toBe(true);
  });
});
