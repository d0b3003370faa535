/**
 * Validator benchmarks on the BUILT engine (dist/engine.js): 2,000-item manifests with
 * `requires` chains of every shape that once made validation super-linear (issue 17): one long
 * chain, the same chain closed into a cycle, a chain broken at its head (every item skipped in
 * turn), and long ids with references to none of them ("did you mean" over 3,000-character ids).
 * The tests count steps instead (test/manifest/validate-linear.test.ts); times belong here.
 */
import { validateManifest } from '../dist/engine.js';

const ITEMS = 2000;

/** A realistic item: a condition on the previous item, a template, a link. */
const item = (i, id, requires) => ({
  id,
  type: i % 2 ? 'banner' : 'tooltip',
  ...(i % 2 ? {} : { target: { anchor: `a-${i}` } }),
  when: { 'account.plan': 'trial', [`items.item-${Math.max(0, i - 1)}.status`]: 'completed' },
  title: 'Hi {{user.traits.firstName|there}}',
  body: 'See [docs](/docs/a_(b)).',
  requires,
});

const ids = (shape) => Array.from({ length: ITEMS }, (_, i) => (shape === 'long ids' ? `${'x'.repeat(3000)}${i}` : `item-${i}`));

function manifest(shape) {
  const names = ids(shape);
  const items = names.map((id, i) => {
    if (shape === 'long ids') return item(i, id, [`${'x'.repeat(3000)}${i + ITEMS}`]);
    const requires = i ? [names[i - 1]] : shape === 'cycle' ? [names[ITEMS - 1]] : [];
    return { ...item(i, id, requires), ...(i === 0 && shape === 'broken head' && { placement: 'nowhere' }) };
  });
  return { schemaVersion: 1, revision: 'bench', items };
}

/** @type {import('./harness.js').Benchmark[]} */
export const benchmarks = ['chain', 'cycle', 'broken head', 'long ids'].map((shape) => ({
  name: `validateManifest, 2,000 items: ${shape}`,
  runs: 20,
  warmup: 3,
  setup: () => {
    const input = manifest(shape);
    return () => validateManifest(input);
  },
}));
