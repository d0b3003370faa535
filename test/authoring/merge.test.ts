/**
 * src/authoring/merge.ts: the draft's edits re-applied onto a manifest that changed on disk.
 * Places only one side changed take that side; items are matched by id (an item added or
 * removed in the file does not move the draft's edit to another item); places both changed
 * differently are conflicts, where the file's value is kept and the draft's reported.
 */
import { describe, expect, it } from 'vitest';
import { diffJson, type JsonObject } from '../../src/authoring/json-patch';
import { mergeEdits, quote } from '../../src/authoring/merge';

const tip = (id: string, title: string, extra: JsonObject = {}): JsonObject => ({ id, type: 'tooltip', target: `#${id}`, title: { en: title }, ...extra });
const manifest = (...items: JsonObject[]): JsonObject => ({ schemaVersion: 1, revision: 'r1', items });

describe('mergeEdits', () => {
  it('edits of different items: both kept, the draft\'s edit found by id although the file inserted an item before it', () => {
    const base = manifest(tip('a', 'A'), tip('b', 'B'));
    const ours = manifest(tip('a', 'A'), tip('b', 'B, edited in the panel'));
    const theirs = manifest(tip('new', 'Added by hand'), tip('a', 'A, edited by hand'), tip('b', 'B'));
    const { merged, conflicts, edits } = mergeEdits(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(edits).toBe(1);
    expect(merged).toEqual(manifest(tip('new', 'Added by hand'), tip('a', 'A, edited by hand'), tip('b', 'B, edited in the panel')));
  });

  it('different keys of one item, items added on both sides, a removal: all re-applied', () => {
    const base = manifest(tip('a', 'A'), tip('b', 'B'), tip('c', 'C'));
    const ours = manifest(tip('a', 'A', { placement: 'top' }), tip('mine', 'Mine'), tip('c', 'C'));
    const theirs = manifest(tip('a', 'A2'), tip('b', 'B'), tip('c', 'C'), tip('theirs', 'Theirs'));
    const { merged, conflicts } = mergeEdits(base, ours, theirs);
    expect(conflicts).toEqual([]);
    // "mine" goes after "a", where the writer put it; "b", removed in the draft and untouched on disk, is gone.
    expect(merged).toEqual(manifest(tip('a', 'A2', { placement: 'top' }), tip('mine', 'Mine'), tip('c', 'C'), tip('theirs', 'Theirs')));
  });

  it('the same place changed differently: a conflict naming the item and field, the file\'s value kept', () => {
    const base = manifest(tip('a', 'A'), tip('b', 'B'));
    const ours = manifest(tip('a', 'Ours'), tip('b', 'B, edited'));
    const theirs = manifest(tip('a', 'Theirs'), tip('b', 'B'));
    const { merged, conflicts } = mergeEdits(base, ours, theirs);
    expect(conflicts).toEqual([{ where: 'item "a" at title.en', ours: 'Ours', theirs: 'Theirs' }]);
    expect(merged).toEqual(manifest(tip('a', 'Theirs'), tip('b', 'B, edited')));
  });

  it('an item the draft edited and the file removed is a conflict; the same edit on both sides is not', () => {
    const base = manifest(tip('a', 'A'));
    expect(mergeEdits(base, manifest(tip('a', 'Ours')), manifest()).conflicts).toEqual([{ where: 'item "a"', ours: tip('a', 'Ours'), theirs: undefined }]);
    expect(mergeEdits(base, manifest(tip('a', 'Same')), manifest(tip('a', 'Same')))).toMatchObject({ conflicts: [], merged: manifest(tip('a', 'Same')) });
  });

  it('tour steps (no ids): edits of different steps merge entry by entry; a step added in the draft is appended', () => {
    const tour = (steps: JsonObject[]): JsonObject => ({ id: 't', type: 'tour', steps });
    const base = manifest(tour([{ target: '#1', body: 'one' }, { target: '#2', body: 'two' }]));
    const ours = manifest(tour([{ target: '#1', body: 'one, edited' }, { target: '#2', body: 'two' }, { target: '#3', body: 'three' }]));
    const theirs = manifest(tour([{ target: '#1', body: 'one' }, { target: '#2', body: 'two, by hand' }]));
    const { merged, conflicts } = mergeEdits(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(merged).toEqual(manifest(tour([{ target: '#1', body: 'one, edited' }, { target: '#2', body: 'two, by hand' }, { target: '#3', body: 'three' }])));
  });

  it('nothing changed on disk: the draft as it is', () => {
    const base = manifest(tip('a', 'A'));
    const ours = manifest(tip('a', 'Ours'), tip('b', 'B'));
    const { merged, conflicts } = mergeEdits(base, ours, JSON.parse(JSON.stringify(base)));
    expect(conflicts).toEqual([]);
    expect(diffJson(ours, merged)).toEqual([]);
  });

  it('quote: texts in quotes, the rest as short JSON, a removal in words', () => {
    expect(quote('Hi')).toBe('“Hi”');
    expect(quote({ en: 'x' })).toBe('{"en":"x"}');
    expect(quote(undefined)).toBe('removed it');
    expect(quote('x'.repeat(300))).toHaveLength(120);
  });
});
