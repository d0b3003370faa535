/**
 * src/manifest/cross-check.ts on its own: `crossCheck`, the rules that need more than one item,
 * called with items and experiments as the validator hands them over (each already valid on its
 * own, with its index in the file). Covers duplicate ids (the first kept, later ones named with
 * where the first is), unknown and skipped `requires` ids (with "did you mean"), self-requirement,
 * cycles, rejection passed down `requires` chains (and only from the item that owns an id),
 * experiment overrides (unknown or skipped item, `id`/`type` changed, invalid or unsafe fields,
 * an item with errors of its own), items of a refused experiment, scope warnings, and counted
 * steps. Each problem is checked for its code, path, item, severity and full message.
 */
import { describe, expect, it } from 'vitest';
import type { Located } from '../../src/manifest/checks';
import { crossCheck } from '../../src/manifest/cross-check';
import type { ManifestProblem } from '../../src/manifest/problems';
import type { Experiment, Item } from '../../src/manifest/schema';

const banner = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'banner', body: 'Hi', ...extra });
const located = <T>(values: unknown[]) => values.map((value, index) => ({ value, index }) as Located<T>);
const experiment = (overrides: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ key: 'e', unit: 'user', scope: { items: ['h'] }, variations: [{ key: 'a' }, { key: 'b', overrides }], ...extra });

function run(items: unknown[], experiments: unknown[] = [], skipped: string[] = []) {
  const problems: ManifestProblem[] = [];
  const counter = { steps: 0 };
  const out = crossCheck(located<Item>(items), located<Experiment>(experiments), problems, { counter }, new Set(skipped));
  return {
    kept: out.items.map((e) => `${e.value.id}@${e.index}`),
    experiments: out.experiments.map((e) => e.value.key),
    problems: problems.map((p) => [p.code, p.path, p.itemId, p.severity]),
    messages: problems.map((p) => p.message),
    steps: counter.steps,
  };
}

describe('ids', () => {
  it('keeps the first of three items with one id; each later one names where the first is', () => {
    const result = run([banner('a'), banner('a'), banner('a', { requires: ['zzz'] })]);
    expect(result.kept).toEqual(['a@0']);
    expect(result.problems).toEqual([['duplicate-id', 'items[1].id', 'a', 'error'], ['duplicate-id', 'items[2].id', 'a', 'error']]);
    expect(result.messages[1]).toBe('item "a" at items[2].id: duplicate id "a" (first used at items[0]); every item needs its own id');
  });

  it('a reference to a duplicated id is to the first item, which is kept', () => {
    expect(run([banner('a'), banner('a'), banner('b', { requires: ['a'] })]).kept).toEqual(['a@0', 'b@2']);
  });

  it('paths use the index in the file, not the position in the list handed over', () => {
    const problems: ManifestProblem[] = [];
    crossCheck([{ value: banner('a') as Item, index: 4 }, { value: banner('a') as Item, index: 9 }], [], problems, {}, new Set());
    expect(problems.map((p) => p.message)).toEqual(['item "a" at items[9].id: duplicate id "a" (first used at items[4]); every item needs its own id']);
  });
});

describe('requires', () => {
  it('an unknown id, with the nearest id suggested; a skipped id, said to be skipped', () => {
    const result = run([banner('welcome'), banner('x', { requires: ['welcom'] }), banner('y', { requires: ['broken'] })], [], ['broken']);
    expect(result.kept).toEqual(['welcome@0']);
    expect(result.problems).toEqual([['unknown-reference', 'items[1].requires[0]', 'x', 'error'], ['invalid-reference', 'items[2].requires[0]', 'y', 'error']]);
    expect(result.messages).toEqual([
      'item "x" at items[1].requires[0]: requires "welcom", but no item has that id — did you mean "welcome"?',
      'item "y" at items[2].requires[0]: requires "broken", which has errors and is skipped',
    ]);
  });

  it('an item that requires itself is told so, once (not as a cycle too)', () => {
    const result = run([banner('a', { requires: ['a'] })]);
    expect(result.messages).toEqual(['item "a" at items[0].requires[0]: an item cannot require itself']);
  });

  it('a cycle rejects its items, and everything that requires them down the chain', () => {
    const result = run([banner('a', { requires: ['b'] }), banner('b', { requires: ['c'] }), banner('c', { requires: ['b'] }), banner('d', { requires: ['a'] }), banner('e')]);
    expect(result.kept).toEqual(['e@4']);
    expect(result.problems.map(([, path, id]) => [path, id])).toEqual([['items[1].requires', 'b'], ['items[2].requires', 'c'], ['items[0].requires[0]', 'a'], ['items[3].requires[0]', 'd']]);
    expect(result.messages[0]).toBe('item "b" at items[1].requires: "requires" goes round in a circle (b → c → b), so none of these items could ever show');
    expect(result.messages[3]).toBe('item "d" at items[3].requires[0]: requires "a", which has errors and is skipped');
  });

  it('the reference named is the first rejected one among several', () => {
    const result = run([banner('ok'), banner('bad', { requires: ['ghost'] }), banner('x', { requires: ['ok', 'bad'] })]);
    expect(result.problems.at(-1)).toEqual(['invalid-reference', 'items[2].requires[1]', 'x', 'error']);
  });

  it('a rejected duplicate does not take down the items that require its id', () => {
    const result = run([banner('a'), banner('a', { requires: ['ghost'] }), banner('b', { requires: ['a'] })]);
    expect(result.kept).toEqual(['a@0', 'b@2']);
    expect(result.problems).toEqual([['duplicate-id', 'items[1].id', 'a', 'error']]);
  });

  it('a duplicate that would close a cycle is reported as a duplicate only', () => {
    const result = run([banner('a', { requires: ['b'] }), banner('b'), banner('b', { requires: ['a'] })]);
    expect(result.kept).toEqual(['a@0', 'b@1']);
    expect(result.problems).toEqual([['duplicate-id', 'items[2].id', 'b', 'error']]);
  });
});

describe('experiments', () => {
  it('an override of an unknown item (with a suggestion) or of a skipped one; changing "id" or "type"', () => {
    const result = run([banner('h')], [experiment({ hh: { body: 'x' }, gone: { body: 'y' }, h: { type: 'tooltip' } })], ['gone']);
    expect(result.experiments).toEqual([]);
    expect(result.kept).toEqual(['h@0']);
    expect(result.messages).toEqual([
      'experiment "e" at experiments[0].variations[1].overrides.hh: no item has the id "hh" — did you mean "h"?',
      'experiment "e" at experiments[0].variations[1].overrides.gone: the item "gone" has errors and is skipped',
      'experiment "e" at experiments[0].variations[1].overrides.h.type: an override cannot change "type"',
    ]);
    expect(result.problems.map(([code, , id, severity]) => [code, id, severity])).toEqual([
      ['unknown-reference', undefined, 'error'], ['invalid-reference', undefined, 'error'], ['invalid-override', undefined, 'error'],
    ]);
  });

  it('an override that makes the item invalid, or unsafe, is reported at the field it sets', () => {
    const result = run([banner('h')], [experiment({ h: { placement: 'up', buttons: [{ label: 'Go', action: 'url', url: 'javascript:x' }] } })]);
    expect(result.problems.map(([code, path]) => [code, path])).toEqual([['unknown-key', 'experiments[0].variations[1].overrides.h.placement']]);
    const unsafe = run([banner('h')], [experiment({ h: { buttons: [{ label: 'Go', action: 'url', url: 'javascript:x' }] } })]);
    expect(unsafe.messages).toEqual(['experiment "e" at experiments[0].variations[1].overrides.h.buttons[0].url: URL "javascript:x" is not allowed: use an http(s), mailto or relative URL']);
  });

  it('an override of an item with errors of its own refuses the experiment, and the item is reported for its own', () => {
    const result = run([banner('h', { requires: ['nope'] })], [experiment({ h: { body: 'Other' } })]);
    expect(result.experiments).toEqual([]);
    expect(result.messages).toEqual([
      'experiment "e" at experiments[0].variations[1].overrides.h: the item "h" has errors and is skipped',
      'item "h" at items[0].requires[0]: requires "nope", but no item has that id',
    ]);
  });

  it('items of a refused experiment are skipped too, saying why', () => {
    const result = run([banner('h', { experiment: 'e' }), banner('other')], [experiment({ ghost: {} })]);
    expect(result.kept).toEqual(['other@1']);
    expect(result.messages[1]).toBe('item "h" at items[0].experiment: experiment "e" has errors and is skipped, so this item is skipped too');
  });

  it('a usable experiment keeps its items; its scope naming an unknown or skipped item is a warning', () => {
    const result = run([banner('h', { experiment: 'e' })], [experiment({ h: { body: 'B' } }, { scope: { items: ['h', 'hx', 'gone'] } })], ['gone']);
    expect([result.kept, result.experiments]).toEqual([['h@0'], ['e']]);
    expect(result.problems).toEqual([['unknown-reference', 'experiments[0].scope.items[1]', undefined, 'warning'], ['invalid-reference', 'experiments[0].scope.items[2]', undefined, 'warning']]);
    expect(result.messages).toEqual([
      'experiment "e" at experiments[0].scope.items[1]: no item has the id "hx" — did you mean "h"?',
      'experiment "e" at experiments[0].scope.items[2]: the item "gone" has errors and is skipped',
    ]);
  });

  it('an item naming an experiment that does not exist', () => {
    expect(run([banner('a', { experiment: 'ghost' })]).messages).toEqual(['item "a" at items[0].experiment: unknown experiment "ghost" (the manifest has no "experiments")']);
  });
});

// The engine lets the first experiment that claims an item govern it (engine/experiment-scope.ts):
// an earlier experiment's scope silently wins over the one an item names. (Experiments whose
// claims never show, a warning for writers only: experiment-overlap.test.ts.)
describe("an item's own experiment taken over by another", () => {
  const exp = (key: string, scope: Record<string, unknown>) => ({ key, unit: 'user', scope, variations: [{ key: 'a' }, { key: 'b' }] });

  it("by an earlier one's scope is an error: the item is skipped, naming both and how", () => {
    const result = run([banner('promo', { experiment: 'B' }), banner('other')], [exp('A', { types: ['banner'] }), exp('B', { items: ['promo'] })]);
    expect(result.kept).toEqual(['other@1']);
    expect(result.problems).toEqual([['shadowed-experiment', 'items[0].experiment', 'promo', 'error']]);
    expect(result.messages).toEqual([
      'item "promo" at items[0].experiment: names experiment "B", but experiment "A" (experiments[0]) comes first and takes this item in through its "scope.types" ("banner"), so it governs the item and "B" never shows it; take the item out of "A"\'s scope, or list "B" before it',
    ]);
    expect(run([banner('promo', { experiment: 'B' })], [exp('A', { items: ['promo'] }), exp('B', { types: ['tour'] })]).messages[0]).toContain('takes this item in through its "scope.items"');
  });

  it('not when the named experiment comes first, or is the first to claim the item', () => {
    const first = run([banner('promo', { experiment: 'B' })], [exp('B', { items: ['promo'] }), exp('A', { types: ['banner'] })]);
    expect([first.kept, first.problems]).toEqual([['promo@0'], []]);
    expect(run([banner('promo', { experiment: 'A' })], [exp('A', { types: ['banner'] }), exp('B', { types: ['banner'] })]).problems).toEqual([]);
  });
});

describe('work', () => {
  it('counts steps linearly: a 5,000-item chain, whole and broken at its end', () => {
    const chain = (n: number, last: Record<string, unknown> = {}) => Array.from({ length: n }, (_, i) => banner(`i${i}`, i + 1 < n ? { requires: [`i${i + 1}`] } : last));
    const whole = run(chain(5_000));
    expect(whole.kept).toHaveLength(5_000);
    expect(whole.steps).toBeLessThanOrEqual(8 * 10_000);
    const broken = run(chain(5_000, { requires: ['ghost'] }));
    expect(broken.kept).toEqual([]);
    expect(broken.problems).toHaveLength(5_000);
    expect(broken.steps).toBeLessThanOrEqual(8 * 10_000);
  });
});

describe('tours started by buttons and tasks', () => {
  it('a tour rejected for its own errors takes along what starts it (a button, a step button, a task), wherever it is listed', async () => {
    const { validateManifest } = await import('../../src/manifest/validate');
    const broken = { id: 'walk', type: 'tour', trigger: 'manual', title: {}, steps: [{ body: 'One' }] };
    const starters = [
      { id: 'promo', type: 'banner', title: 'Trial', buttons: [{ label: 'Tour', action: 'startTour', tour: 'walk' }] },
      { id: 'other-tour', type: 'tour', trigger: 'manual', steps: [{ body: 'Go on', buttons: [{ label: 'More', action: 'startTour', tour: 'walk' }] }] },
      { id: 'list', type: 'checklist', title: 'Start', tasks: [{ id: 't', title: 'Tour', tour: 'walk' }] },
      { id: 'keeps', type: 'banner', body: 'Unrelated' },
    ];
    for (const items of [[broken, ...starters], [...starters, broken]]) {
      const { manifest, problems } = validateManifest({ schemaVersion: 1, revision: 'r', items });
      expect(manifest?.items.map((i) => i.id)).toEqual(['keeps']);
      const refs = problems.filter((p) => p.code === 'invalid-reference').map((p) => [p.itemId, p.path.replace(/^items\[\d+\]/, '')]);
      expect(refs).toEqual([['promo', '.buttons[0].tour'], ['other-tour', '.steps[0].buttons[0].tour'], ['list', '.tasks[0].tour']]);
      // What it keeps validates again without an error (the property validate-properties.test.ts checks).
      expect(validateManifest(JSON.parse(JSON.stringify(manifest))).problems.filter((p) => p.severity === 'error')).toEqual([]);
    }
  });
});
