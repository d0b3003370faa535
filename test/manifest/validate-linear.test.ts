/**
 * Validation is linear: on generated manifests of 2,000 items with deep `requires` chains,
 * cycles, broken links in the chains, duplicate and unknown ids (mutations of a realistic
 * manifest, as in issue 17), the reference checks take a number of steps proportional to items
 * plus references. Steps are counted, never timed (bench/engine.js measures the time).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authoringProblems } from '../../src/manifest/authoring';
import { nearestWord } from '../../src/manifest/problems';
import { validateManifest } from '../../src/manifest/validate';

const ITEMS = 2000;

/** A realistic item: every type, conditions on earlier items, a template and a link. */
function item(i: number, requires: string[]): Record<string, unknown> {
  const common = { id: `item-${i}`, requires, when: { 'account.plan': 'trial', [`items.item-${Math.max(0, i - 1)}.status`]: 'completed' }, title: 'Hi {{user.traits.firstName|there}}', body: 'See [docs](/docs/a_(b)).' };
  switch (i % 5) {
    case 0: return { ...common, type: 'banner' };
    case 1: return { ...common, type: 'tooltip', target: { anchor: `a-${i}` } };
    case 2: return { ...common, type: 'tour', steps: [{ body: 'x' }, { body: 'y' }] };
    case 3: return { ...common, type: 'helpLink', target: `#h-${i}`, url: 'https://example.com/help' };
    default: return { ...common, type: 'checklist', tasks: [{ id: 't', title: 'T', tour: 'item-2' }] };
  }
}

const mutation = fc.oneof(
  // A reference back to the start of the chain (a cycle of up to 2,000 items), or to nothing.
  fc.record({ kind: fc.constant('require'), at: fc.nat(ITEMS - 1), to: fc.oneof(fc.nat(ITEMS - 1).map((n) => `item-${n}`), fc.string({ maxLength: 12 })) }),
  // A renamed id: breaks the chain there, or duplicates another, or is long.
  fc.record({ kind: fc.constant('rename'), at: fc.nat(ITEMS - 1), to: fc.oneof(fc.nat(ITEMS - 1).map((n) => `item-${n}`), fc.string({ maxLength: 8 }), fc.nat(9).map((n) => `${'x'.repeat(3000)}${n}`)) }),
  // An invalid item in the chain: everything that requires it, directly or not, is skipped too.
  fc.record({ kind: fc.constant('break'), at: fc.nat(ITEMS - 1) }),
  // One item requiring many.
  fc.record({ kind: fc.constant('fan'), at: fc.nat(ITEMS - 1), count: fc.integer({ min: 1, max: ITEMS }) }),
);

const manifestArb = fc.record({ link: fc.integer({ min: 1, max: ITEMS }), mutations: fc.array(mutation, { maxLength: 12 }) }).map(({ link, mutations }) => {
  // Chains of `link` items: item i requires i - 1 except at every link-th item; link = 2,000 is one chain.
  const items = Array.from({ length: ITEMS }, (_, i) => item(i, i % link ? [`item-${i - 1}`] : []));
  for (const m of mutations) {
    const target = items[m.at];
    if (m.kind === 'require') target.requires = [...(target.requires as string[]), m.to];
    if (m.kind === 'rename') target.id = m.to;
    if (m.kind === 'break') target.placement = 'nowhere';
    if (m.kind === 'fan') target.requires = Array.from({ length: m.count }, (_, j) => `item-${(m.at + j + 1) % ITEMS}`);
  }
  return { schemaVersion: 1, revision: 'r', items };
});

const references = (manifest: { items: Record<string, unknown>[] }) => manifest.items.reduce((n, i) => n + ((i.requires as string[] | undefined)?.length ?? 0), 0);

describe('validation is linear in the size of the manifest', () => {
  it('the reference checks take at most a few steps per item and per reference, on mutated 2,000-item manifests', () => {
    fc.assert(
      fc.property(manifestArb, (manifest) => {
        const counter = { steps: 0 };
        const result = validateManifest(manifest, { counter });
        expect(result.manifest).not.toBeNull();
        expect(counter.steps).toBeGreaterThan(0);
        expect(counter.steps).toBeLessThanOrEqual(8 * (ITEMS + references(manifest)));
      }),
      { numRuns: 30, seed: 17 },
    );
  });

  it('a chain of 2,000 items is walked once, whether it is whole, a cycle or broken at its head', () => {
    const chain = Array.from({ length: ITEMS }, (_, i) => item(i, i ? [`item-${i - 1}`] : []));
    const steps = (items: Record<string, unknown>[]) => {
      const counter = { steps: 0 };
      const result = validateManifest({ schemaVersion: 1, revision: 'r', items }, { counter });
      return { steps: counter.steps, kept: result.manifest!.items.length, problems: result.problems };
    };
    const whole = steps(chain);
    expect(whole.kept).toBe(ITEMS);
    const cycle = steps(chain.map((it, i) => (i === 0 ? { ...it, requires: [`item-${ITEMS - 1}`] } : it)));
    expect(cycle.kept).toBe(0);
    // The cycle is shown shortened, not as 2,000 ids in each of 2,000 messages.
    expect(cycle.problems[0].message).toMatch(/→ … → .* \(2000 items\)/);
    const broken = steps(chain.map((it, i) => (i === 0 ? { ...it, placement: 'nowhere' } : it)));
    expect(broken.kept).toBe(0);
    expect(broken.problems).toHaveLength(ITEMS);
    for (const run of [whole, cycle, broken]) expect(run.steps).toBeLessThanOrEqual(8 * 2 * ITEMS);
  });

  it('doubling the manifest at most doubles the steps (give or take a little)', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => item(i, i ? [`item-${i - 1}`, `item-${Math.floor(i / 2)}`] : [`item-${n - 1}`]));
    const steps = (n: number) => {
      const counter = { steps: 0 };
      validateManifest({ schemaVersion: 1, revision: 'r', items: chain(n) }, { counter });
      return counter.steps;
    };
    expect(steps(2 * ITEMS)).toBeLessThanOrEqual(2.2 * steps(ITEMS));
  });

  it('"did you mean" among long ids never compares them cell by cell (banded distance)', () => {
    // 3,000-character ids that differ in their last characters: a full edit-distance table would
    // be 9 million cells per pair; the banded one stops within a few cells per character.
    const ids = Array.from({ length: 50 }, (_, i) => `${'x'.repeat(3000)}${String(i).padStart(2, '0')}`);
    expect(nearestWord(`${'x'.repeat(3000)}7`, ids)).toBe(`${'x'.repeat(3000)}07`);
    expect(nearestWord(`${'y'.repeat(3002)}`, ids)).toBeUndefined();
  });

  it('the writers\' checks run on the same manifests without failing', () => {
    fc.assert(
      fc.property(manifestArb, (manifest) => {
        expect(() => authoringProblems(manifest)).not.toThrow();
      }),
      { numRuns: 4, seed: 17 },
    );
  });
});
