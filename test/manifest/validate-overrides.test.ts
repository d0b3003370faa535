import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../src/manifest/validate';

describe('experiment overrides', () => {
  it('reports a problem of the base item on the item, not on an override that does not touch that field', () => {
    const manifest = {
      schemaVersion: 1,
      revision: 'r-1',
      items: [{ id: 'tip', type: 'tooltip', target: '#save', placement: 'bottom', title: [], body: 'Saves it.' }],
      experiments: [{ key: 'e', variations: [{ key: 'a' }, { key: 'b', overrides: { tip: { placement: 'top' } } }], scope: { items: ['tip'] } }],
    };
    const { problems } = validateManifest(manifest);
    // The title's problem is reported on the item; the override of a skipped item is refused with it.
    expect(problems.map((p) => p.path).sort()).toEqual(['experiments[0].variations[1].overrides.tip', 'items[0].title']);
    expect(problems.find((p) => p.path.startsWith('experiments'))!.message).toBe('experiment "e" at experiments[0].variations[1].overrides.tip: the item "tip" has errors and is skipped');
  });

  it('reports a bad value set by an override at the override', () => {
    const manifest = {
      schemaVersion: 1,
      revision: 'r-1',
      items: [{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves it.' }],
      experiments: [{ key: 'e', variations: [{ key: 'a' }, { key: 'b', overrides: { tip: { placement: 'sideways' } } }], scope: { items: ['tip'] } }],
    };
    const { problems } = validateManifest(manifest);
    expect(problems[0].path).toBe('experiments[0].variations[1].overrides.tip.placement');
  });
});
