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
