/**
 * src/manifest/entry-checks.ts and how validate.ts uses it: one problem does not hide another.
 * A misspelt required top-level key is named with the refusal; an id or key shared with an entry
 * that has errors is told in the same run as those errors; a number too large for JSON (which
 * reads as Infinity, and a compiled manifest would write back as null) is refused where it is.
 */
import { describe, expect, it } from 'vitest';
import { nonFinitePath } from '../../src/manifest/entry-checks';
import { validateManifest } from '../../src/manifest/validate';

const codesAndPaths = (input: unknown) => validateManifest(input).problems.map((p) => [p.code, p.path]);

describe('a required top-level key misspelt', () => {
  it('"revison": the refusal names the misspelling, and every unknown key is listed with its "did you mean"', () => {
    const result = validateManifest({ schemaVersion: 1, revison: 'r', items: [], item: [] });
    expect(result.manifest).toBeNull();
    expect(result.problems.map((p) => [p.code, p.path, p.suggestion])).toEqual([
      ['missing-key', 'revision', undefined],
      ['unknown-key', 'revison', 'revision'],
      ['unknown-key', 'item', 'items'],
    ]);
    expect(result.problems[0].message).toContain('"revison" looks like a misspelling of it');
  });

  it('"schemaVerison" the same', () => {
    const result = validateManifest({ schemaVerison: 1, revision: 'r', items: [] });
    expect(result.problems.map((p) => [p.code, p.path, p.suggestion])).toEqual([['schema-version', 'schemaVersion', undefined], ['unknown-key', 'schemaVerison', 'schemaVersion']]);
    expect(result.problems[0].message).toContain('"schemaVerison" looks like a misspelling of it');
  });
});

describe('ids and keys shared with an entry that has errors', () => {
  it('an item with a schema error and a valid item with its id: both problems in one run, and neither shows', () => {
    const result = validateManifest({
      schemaVersion: 1, revision: 'r',
      items: [
        { id: 'welcome', type: 'tour', steps: [{ body: 'Hi', placment: 'top' }] },
        { id: 'other', type: 'banner', body: 'x' },
        { id: 'welcome', type: 'banner', body: 'x' },
      ],
    });
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([
      ['unknown-key', 'items[0].steps[0].placment'],
      ['duplicate-id', 'items[2].id'],
    ]);
    expect(result.problems[1].message).toContain('first used at items[0]');
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['other']);
  });

  it('a valid item first and a later one with errors and its id: the duplicate is told beside the errors; the first still shows', () => {
    const result = validateManifest({ schemaVersion: 1, revision: 'r', items: [{ id: 'a', type: 'banner', body: 'x' }, { id: 'a', type: 'banner', bdy: 'x' }] });
    const problems = result.problems.map((p) => [p.code, p.path]);
    expect(problems).toContainEqual(['duplicate-id', 'items[1].id']);
    expect(problems.filter(([, path]) => path.startsWith('items[1].') && path !== 'items[1].id').length).toBeGreaterThan(0);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['a']);
  });

  it('two valid items with one id are told once (by the cross-check), as before', () => {
    expect(codesAndPaths({ schemaVersion: 1, revision: 'r', items: [{ id: 'a', type: 'banner', body: 'x' }, { id: 'a', type: 'banner', body: 'y' }] })).toEqual([['duplicate-id', 'items[1].id']]);
  });

  it('an experiment with a scope error and a later one with its key: both told', () => {
    const variations = [{ key: 'a' }, { key: 'b' }];
    const result = validateManifest({
      schemaVersion: 1, revision: 'r', items: [],
      experiments: [{ key: 'e', variations, scope: { itemz: ['x'] } }, { key: 'e', variations, scope: { types: ['banner'] } }],
    });
    expect(result.problems.some((p) => p.path.startsWith('experiments[0].scope'))).toBe(true);
    expect(result.problems.filter((p) => p.code === 'duplicate-id').map((p) => p.path)).toEqual(['experiments[1].key']);
    expect(result.manifest?.experiments).toEqual([]);
  });
});

describe('numbers too large for JSON', () => {
  it('nonFinitePath finds the first Infinity or NaN, with its path', () => {
    expect(nonFinitePath({ a: [1, { b: Infinity }] })).toEqual(['a', 1, 'b']);
    expect(nonFinitePath({ a: 1, b: 'Infinity', c: [null, -0] })).toBeUndefined();
    expect(nonFinitePath(NaN)).toEqual([]);
  });

  it('"$gte": 1e999 in a condition: the item is refused there, not shown to everybody once compiled', () => {
    const input = JSON.parse('{"schemaVersion":1,"revision":"r","items":[{"id":"b","type":"banner","body":"x","when":{"daysSinceFirstSeen":{"$gte":1e999}}},{"id":"c","type":"banner","body":"y"}]}');
    const result = validateManifest(input);
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['invalid-number', 'items[0].when.daysSinceFirstSeen.$gte']]);
    expect(result.problems[0].message).toMatch(/too large for JSON/);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['c']);
  });

  it('"priority": -1e999 and an experiment weight of 1e999 the same', () => {
    const input = JSON.parse('{"schemaVersion":1,"revision":"r","items":[{"id":"b","type":"banner","body":"x","priority":-1e999}],"experiments":[{"key":"e","variations":[{"key":"a","weight":1e999},{"key":"b","weight":0}],"scope":{"types":["banner"]}}]}');
    const result = validateManifest(input);
    expect(result.problems.filter((p) => p.code === 'invalid-number').map((p) => p.path)).toEqual(['experiments[0].variations[0].weight', 'items[0].priority']);
    expect(result.manifest?.items).toEqual([]);
    expect(result.manifest?.experiments).toEqual([]);
  });
});
