/**
 * The authoring panel's JSON Patch: every diff, applied to the original, gives the edited
 * document back (checked on hand-written cases and on random edits); edits come out at the
 * deepest path that changed; inserting, deleting or moving one item touches only that item.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignKeys, applyPatch, diffJson, fromPointer, jsonEqual, toPointer, type Json, type JsonObject } from '../../src/authoring/json-patch';

const demo = JSON.parse(readFileSync(new URL('../../demo/manifest.json', import.meta.url), 'utf8')) as JsonObject;
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const items = (doc: JsonObject) => doc.items as JsonObject[];

/** Diff, apply, compare: the patch must rebuild `edited` exactly (key order included). */
function roundTrip(original: Json, edited: Json) {
  const ops = diffJson(original, edited);
  const rebuilt = applyPatch(original, ops);
  expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(edited));
  return ops;
}

describe('diffJson', () => {
  it('is empty for equal documents, whatever their key order', () => {
    expect(diffJson(demo, copy(demo))).toEqual([]);
    expect(diffJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('a translated title is one replace at its path', () => {
    const edited = copy(demo);
    const index = items(edited).findIndex((i) => i.id === 'new-project-tip');
    (items(edited)[index].title as JsonObject).es = 'Crea tu primer proyecto';
    const ops = roundTrip(demo, edited);
    expect(ops).toEqual([{ op: 'replace', path: `/items/${index}/title/es`, value: 'Crea tu primer proyecto' }]);
  });

  it('a new key is an add; a removed one a remove', () => {
    const edited = copy(demo);
    items(edited)[1].priority = 5;
    delete items(edited)[0].push;
    const ops = roundTrip(demo, edited);
    expect(ops).toEqual([
      { op: 'remove', path: '/items/0/push' },
      { op: 'add', path: '/items/1/priority', value: 5 },
    ]);
  });

  it('inserting an item in the middle adds it there and touches nothing after it', () => {
    const edited = copy(demo);
    const item = { id: 'export-help', type: 'helpLink', target: { anchor: 'export' }, title: { en: 'Export' } };
    items(edited).splice(2, 0, item);
    expect(roundTrip(demo, edited)).toEqual([{ op: 'add', path: '/items/2', value: item }]);
  });

  it('deleting an item is one remove at its index', () => {
    const edited = copy(demo);
    items(edited).splice(3, 1);
    expect(roundTrip(demo, edited)).toEqual([{ op: 'remove', path: '/items/3' }]);
  });

  it('items are aligned by id: a moved item is removed and added, the others untouched', () => {
    const edited = copy(demo);
    const [moved] = items(edited).splice(0, 1);
    items(edited).push(moved);
    const ops = roundTrip(demo, edited);
    expect(ops.map((op) => `${op.op} ${op.path}`)).toEqual(['remove /items/0', `add /items/${items(demo).length - 1}`]);
  });

  it('tour steps (no ids): an edited step is a replace inside it, a reorder moves one step', () => {
    const tourIndex = items(demo).findIndex((i) => i.type === 'tour');
    const edited = copy(demo);
    const steps = items(edited)[tourIndex].steps as JsonObject[];
    steps[1].placement = 'left';
    let ops = roundTrip(demo, edited);
    // The demo's second step is placed "bottom".
    expect(ops).toEqual([{ op: 'replace', path: `/items/${tourIndex}/steps/1/placement`, value: 'left' }]);
    const reordered = copy(demo);
    const list = items(reordered)[tourIndex].steps as JsonObject[];
    [list[0], list[1]] = [list[1], list[0]];
    ops = roundTrip(demo, reordered);
    expect(ops).toHaveLength(2);
    expect(ops.every((op) => op.path.startsWith(`/items/${tourIndex}/steps/`) && op.path.split('/').length === 5)).toBe(true);
  });

  it('unknown keys and key order survive: only the edited path appears', () => {
    const original = { $schema: 'x', schemaVersion: 1, revision: 'r', custom: { kept: true }, items: [{ id: 'a', type: 'tooltip', target: '#a', 'x-note': 'mine', body: 'Hi' }] };
    const edited = copy(original) as JsonObject;
    (items(edited)[0] as JsonObject).body = 'Hello';
    expect(roundTrip(original, edited)).toEqual([{ op: 'replace', path: '/items/0/body', value: 'Hello' }]);
  });

  it('a value that changes type is replaced whole; escapes "/" and "~" in keys', () => {
    expect(roundTrip({ a: 'text' }, { a: { en: 'text' } })).toEqual([{ op: 'replace', path: '/a', value: { en: 'text' } }]);
    expect(roundTrip({ 'a/b': 1, 'c~d': 1 }, { 'a/b': 2, 'c~d': 1 })).toEqual([{ op: 'replace', path: '/a~1b', value: 2 }]);
    expect(fromPointer(toPointer(['a/b', 'c~d', 3]))).toEqual(['a/b', 'c~d', '3']);
  });

  it('the whole document is replaced only when it is not an object or array on both sides', () => {
    expect(diffJson(1, 2)).toEqual([{ op: 'replace', path: '', value: 2 }]);
  });

  it('rebuilds any edited document (random edits of random JSON)', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constantFrom(null, true, 0, 1, 'a', 'b'), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.dictionary(fc.constantFrom('id', 'a', 'b', 'c', 'x/y', '~'), tie('value'), { maxKeys: 4 }),
    })).value as fc.Arbitrary<Json>;
    fc.assert(fc.property(json, json, (a, b) => jsonEqual(applyPatch(a, diffJson(a, b)), b)), { numRuns: 300 });
  });

  it('rebuilds item lists under random inserts, deletes, moves and edits', () => {
    const ids = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 7 });
    fc.assert(
      fc.property(ids, ids, fc.boolean(), (before, after, edit) => {
        const original = { items: before.map((id) => ({ id, body: id })) };
        const edited = { items: after.map((id) => ({ id, body: edit ? `${id}!` : id })) };
        const ops = diffJson(original, edited);
        // Only items that changed, came or went are touched: kept ids never get a whole-item op.
        const kept = before.filter((id) => after.includes(id));
        const whole = ops.filter((op) => /^\/items\/\d+$/.test(op.path) && op.op === 'replace');
        return jsonEqual(applyPatch(original, ops), edited) && whole.length === 0 && ops.length <= before.length + after.length + kept.length;
      }),
      { numRuns: 300 },
    );
  });
});

describe('alignKeys', () => {
  it('finds a longest common subsequence', () => {
    expect(alignKeys(['a', 'b', 'c', 'd'], ['b', 'x', 'd'])).toEqual([[1, 0], [3, 2]]);
    expect(alignKeys([], ['a'])).toEqual([]);
  });
});

describe('applyPatch', () => {
  it('refuses paths that do not apply', () => {
    expect(() => applyPatch({ a: [] }, [{ op: 'replace', path: '/a/0', value: 1 }])).toThrow(/out of range/);
    expect(() => applyPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).toThrow(/no such member/);
    expect(() => applyPatch({}, [{ op: 'add', path: 'a', value: 1 }])).toThrow(/not a JSON Pointer/);
  });

  it('adds at "-" (the end of an array) and leaves the input untouched', () => {
    const doc = { a: [1] };
    expect(applyPatch(doc, [{ op: 'add', path: '/a/-', value: 2 }])).toEqual({ a: [1, 2] });
    expect(doc).toEqual({ a: [1] });
  });
});
