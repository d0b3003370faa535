/**
 * src/manifest/requires.ts on its own: `requiresCycles`, every item on a `requires` cycle and
 * the cycle through it as shown to writers. Covers self-requirement, two- and three-item cycles,
 * items that lead into a cycle without being on it, unknown ids, repeated references, two
 * cycles sharing an item, ids with spaces, arrows or Object.prototype names, the exact point
 * where a cycle is shortened (8 items whole, 9 shortened) and its wording, and the work:
 * counted steps linear in items plus references (chains of 50,000, rings, a complete graph).
 */
import { describe, expect, it } from 'vitest';
import type { Located } from '../../src/manifest/checks';
import { requiresCycles } from '../../src/manifest/requires';
import type { Item } from '../../src/manifest/schema';

const graph = (edges: Record<string, string[]>) =>
  new Map<string, Located<Item>>(Object.entries(edges).map(([id, requires], index) => [id, { index, value: { id, type: 'banner', body: 'x', requires } as Item }]));
const cycles = (edges: Record<string, string[]>) => Object.fromEntries(requiresCycles(graph(edges)));
const ring = (n: number, prefix = 'i') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, [`${prefix}${(i + 1) % n}`]]));
const chain = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`i${i}`, i + 1 < n ? [`i${i + 1}`] : []]));
const steps = (edges: Record<string, string[]>) => {
  const counter = { steps: 0 };
  requiresCycles(graph(edges), counter);
  return counter.steps;
};
const references = (edges: Record<string, string[]>) => Object.values(edges).reduce((n, r) => n + r.length, 0);

describe('what is a cycle', () => {
  it('nothing, for items without requires, a chain, or an empty manifest', () => {
    expect(cycles({})).toEqual({});
    expect(cycles({ a: [], b: [] })).toEqual({});
    expect(cycles(chain(5))).toEqual({});
  });

  it('an item that requires itself', () => {
    expect(cycles({ a: ['a'] })).toEqual({ a: 'a → a' });
    expect(cycles({ a: ['b', 'a'], b: [] })).toEqual({ a: 'a → a' });
  });

  it('two items, each starting its own walk', () => {
    expect(cycles({ a: ['b'], b: ['a'] })).toEqual({ a: 'a → b → a', b: 'b → a → b' });
  });

  it('three items; an item that leads into the cycle is not on it', () => {
    expect(cycles({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] })).toEqual({ a: 'a → b → c → a', b: 'b → c → a → b', c: 'c → a → b → c' });
  });

  it('unknown ids are ignored; repeated references count once', () => {
    expect(cycles({ a: ['ghost', 'b'], b: ['nowhere'] })).toEqual({});
    expect(cycles({ a: ['b', 'b', 'ghost'], b: ['a', 'a'] })).toEqual({ a: 'a → b → a', b: 'b → a → b' });
  });

  it('two cycles through one item: each item gets a shortest walk through itself', () => {
    expect(cycles({ a: ['b', 'c'], b: ['a'], c: ['a'] })).toEqual({ a: 'a → b → a', b: 'b → a → b', c: 'c → a → c' });
  });

  it('separate cycles in one manifest are each reported', () => {
    expect(cycles({ x: ['y'], y: ['z'], z: ['x', 'w'], w: ['w'] })).toEqual({ x: 'x → y → z → x', y: 'y → z → x → y', z: 'z → x → y → z', w: 'w → w' });
  });

  it('ids with spaces, arrows or the names of Object.prototype keys are shown as written', () => {
    expect(cycles({ 'a b': ['c → d'], 'c → d': ['a b'] })).toEqual({ 'a b': 'a b → c → d → a b', 'c → d': 'c → d → a b → c → d' });
    const shown = requiresCycles(graph(JSON.parse('{"toString": ["constructor"], "constructor": ["toString"], "__proto__": ["__proto__"]}')));
    expect([...shown].sort()).toEqual([
      ['__proto__', '__proto__ → __proto__'],
      ['constructor', 'constructor → toString → constructor'],
      ['toString', 'toString → constructor → toString'],
    ]);
  });
});

describe('long cycles are shortened', () => {
  it('8 items: every walk is shown whole', () => {
    const shown = cycles(ring(8));
    expect(Object.keys(shown)).toHaveLength(8);
    expect(shown.i0).toBe('i0 → i1 → i2 → i3 → i4 → i5 → i6 → i7 → i0');
    expect(shown.i5).toBe('i5 → i6 → i7 → i0 → i1 → i2 → i3 → i4 → i5');
  });

  it('9 items: at most four ids, "…", the item again and the count', () => {
    const shown = cycles(ring(9));
    expect(shown.i0).toBe('i0 → i1 → i2 → i3 → … → i0 (9 items)');
    expect(shown.i4).toBe('i4 → i5 → i6 → i7 → … → i4 (9 items)');
    // The walk is shown from the item back to where the search started (i0), so the last items show less of it.
    expect(shown.i8).toBe('i8 → i0 → … → i8 (9 items)');
    for (const text of Object.values(shown)) expect(text).toMatch(/^i\d( → i\d){1,3} → … → i\d \(9 items\)$/);
  });

  it('every message of a 3,000-item cycle stays short', () => {
    const shown = requiresCycles(graph(ring(3_000)));
    expect(shown.size).toBe(3_000);
    expect(Math.max(...[...shown.values()].map((text) => text.length))).toBeLessThanOrEqual(60);
    expect(shown.get('i1500')).toBe('i1500 → i1501 → i1502 → i1503 → … → i1500 (3000 items)');
  });

  it('the walk counted goes through the item and where the search started, not round the whole component', () => {
    // A ring of 20 with a shortcut i0 → i10: i10 … i19 are on a cycle of 11 items through i0.
    const edges = ring(20);
    edges.i0 = ['i1', 'i10'];
    const shown = cycles(edges);
    expect(shown.i10).toBe('i10 → i11 → i12 → i13 → … → i10 (11 items)');
    expect(shown.i15).toBe('i15 → i16 → i17 → i18 → … → i15 (11 items)');
    expect(shown.i5).toBe('i5 → i6 → i7 → i8 → … → i5 (20 items)');
    // The item the search started from takes its first requirement that is on the cycle.
    expect(shown.i0).toBe('i0 → i1 → i2 → i3 → … → i0 (20 items)');
  });
});

describe('the work is linear in items plus references (steps counted, never timed)', () => {
  it('a chain of 50,000 items: no cycle, about two steps per item', () => {
    const edges = chain(50_000);
    expect(requiresCycles(graph(edges)).size).toBe(0);
    expect(steps(edges)).toBeLessThanOrEqual(2 * (50_000 + references(edges)));
  });

  it.each([1_000, 4_000])('a ring of %i items: a few steps per item and reference', (n) => {
    const edges = ring(n);
    expect(steps(edges)).toBeLessThanOrEqual(4 * (n + references(edges)));
  });

  it('doubling a ring doubles the steps', () => {
    expect(steps(ring(8_000))).toBe(2 * steps(ring(4_000)));
  });

  it('a complete graph of 60 items (3,540 references): within the same bound', () => {
    const ids = Array.from({ length: 60 }, (_, i) => `k${i}`);
    const edges = Object.fromEntries(ids.map((id) => [id, ids.filter((other) => other !== id)]));
    const shown = requiresCycles(graph(edges));
    expect(shown.size).toBe(60);
    expect(shown.get('k7')).toMatch(/^k7 → k\d+ → k7$/);
    expect(steps(edges)).toBeLessThanOrEqual(4 * (60 + references(edges)));
  });

  it('the counter adds to what it was given', () => {
    const counter = { steps: 1_000 };
    requiresCycles(graph({ a: ['a'] }), counter);
    expect(counter.steps).toBe(1_000 + steps({ a: ['a'] }));
  });
});
