/**
 * src/manifest/experiment-overlap.ts: experiments whose claims on items never show, because an
 * earlier experiment governs those items (the engine lets the first claim win:
 * engine/experiment-scope.ts). Warnings for writers, at the scope entry or override, naming which
 * experiment governs; run on manifests as validateManifest returns them, with paths in the file.
 * (An item whose own experiment is taken over is an error: cross-check.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { overlapProblems } from '../../src/manifest/experiment-overlap';
import { validateManifest } from '../../src/manifest/validate';

const banner = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'banner', body: 'Hi', ...extra });
const tip = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'tooltip', target: '#t', body: 'Tip', ...extra });
const exp = (key: string, scope: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({ key, scope, variations: [{ key: 'a' }, { key: 'b', overrides }] });

function run(items: unknown[], experiments: unknown[]) {
  const result = validateManifest({ schemaVersion: 1, revision: 'r', items, experiments });
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const found = overlapProblems(result.manifest!, result.itemIndexes);
  return { problems: found.map((p) => [p.code, p.path, p.itemId, p.severity]), messages: found.map((p) => p.message) };
}

describe('a scope that takes in items an earlier experiment governs', () => {
  it('is a warning at its entry, naming which experiment governs each item', () => {
    const result = run(
      [banner('b1'), banner('b2', { experiment: 'C' }), tip('t1'), tip('t2')],
      [exp('A', { items: ['b1', 't1'] }), exp('C', { items: ['t2'] }), exp('B', { types: ['banner', 'tooltip'], items: ['t1'] })],
    );
    expect(result.problems).toEqual([
      ['overlapping-scope', 'experiments[2].scope.items[0]', undefined, 'warning'],
      ['overlapping-scope', 'experiments[2].scope.types[0]', undefined, 'warning'],
      ['overlapping-scope', 'experiments[2].scope.types[1]', undefined, 'warning'],
    ]);
    expect(result.messages).toEqual([
      'experiment "B" at experiments[2].scope.items[0]: "t1" is governed by experiment "A", listed before, so "B" never shows it in its arms; take it out of one of the two scopes',
      'experiment "B" at experiments[2].scope.types[0]: of the "banner" items, "b1" is governed by experiment "A", listed before; "b2" is governed by experiment "C", listed before, so "B" never shows them in its arms',
      'experiment "B" at experiments[2].scope.types[1]: of the "tooltip" items, "t1" is governed by experiment "A", listed before; "t2" is governed by experiment "C", listed before, so "B" never shows them in its arms',
    ]);
  });

  it('an item that names a later experiment, claimed by an earlier scope too, is warned of at that scope', () => {
    expect(run([banner('promo', { experiment: 'B' })], [exp('B', { items: ['promo'] }), exp('A', { types: ['banner'] })]).problems).toEqual([
      ['overlapping-scope', 'experiments[1].scope.types[0]', undefined, 'warning'],
    ]);
  });

  it('many items are named by the first five', () => {
    const items = Array.from({ length: 8 }, (_, i) => banner(`b${i}`));
    expect(run(items, [exp('A', { types: ['banner'] }), exp('B', { types: ['banner'] })]).messages).toEqual([
      'experiment "B" at experiments[1].scope.types[0]: of the "banner" items, "b0", "b1", "b2", "b3", "b4" and 3 more are governed by experiment "A", listed before, so "B" never shows them in its arms',
    ]);
  });

  it('nothing when scopes do not meet', () => {
    expect(run([banner('b'), tip('t')], [exp('A', { types: ['banner'] }), exp('B', { types: ['tooltip'] })]).problems).toEqual([]);
  });
});

describe('an override of an item its experiment does not govern', () => {
  it('is a warning: it never shows', () => {
    const result = run([banner('h'), banner('free'), banner('taken')], [exp('A', { items: ['taken'] }), exp('e', { items: ['h'] }, { h: { body: 'B' }, free: { body: 'F' }, taken: { body: 'T' } })]);
    expect(result.problems).toEqual([
      ['unused-override', 'experiments[1].variations[1].overrides.free', undefined, 'warning'],
      ['unused-override', 'experiments[1].variations[1].overrides.taken', undefined, 'warning'],
    ]);
    expect(result.messages).toEqual([
      'experiment "e" at experiments[1].variations[1].overrides.free: the item "free" is not in this experiment\'s scope, so this override never shows; add "free" to "scope.items"',
      'experiment "e" at experiments[1].variations[1].overrides.taken: the item "taken" is governed by experiment "A", listed before, so this override never shows',
    ]);
  });

  it('not of an item that names the experiment, in its scope or not', () => {
    expect(run([banner('h', { experiment: 'e' })], [exp('e', { types: ['tour'] }, { h: { body: 'B' } })]).problems).toEqual([]);
  });
});

describe('paths in the file', () => {
  it('through the indexes validateManifest returns, and guidepost validate prints them at file:line:column', () => {
    const input = { schemaVersion: 1, revision: 'r', items: [{ id: 'broken' }, banner('b')], experiments: [{ key: 'x' }, exp('A', { types: ['banner'] }), exp('B', { items: ['b'] })] };
    const result = validateManifest(input);
    expect(overlapProblems(result.manifest!, result.itemIndexes, [1, 2]).map((p) => p.path)).toEqual(['experiments[2].scope.items[0]']);
  });
});
