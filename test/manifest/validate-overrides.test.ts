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

describe('an experiment refused for its own errors: every problem in one run', () => {
  const item = { id: 'tip', type: 'tooltip', target: '#x', body: 'b' };
  const messages = (manifest: unknown) => validateManifest(manifest).problems.map((p) => `${p.severity} ${p.path}: ${p.message.slice(p.message.indexOf(': ') + 2)}`);

  it('its overrides (unknown item, a changed id) and its scope are checked beside its weights and repeated keys', () => {
    const manifest = {
      schemaVersion: 1, revision: 'r1', items: [item],
      experiments: [{ key: 'e1', scope: { items: ['tipp'] }, variations: [{ key: 'a', weight: 0.5 }, { key: 'a', weight: 0.6, overrides: { tipp: { body: 'x' }, tip: { id: 'zz' } } }] }],
    };
    const { problems, manifest: out } = validateManifest(manifest);
    expect(messages(manifest).sort()).toEqual([
      'error experiments[0].variations: the weights must add up to 1, found 0.5 + 0.6 = 1.1',
      'error experiments[0].variations[1].key: two variations have the key "a"',
      'error experiments[0].variations[1].overrides.tip.id: an override cannot change "id"',
      'error experiments[0].variations[1].overrides.tipp: no item has the id "tipp" — did you mean "tip"?',
      'warning experiments[0].scope.items[0]: no item has the id "tipp" — did you mean "tip"?',
    ]);
    // Each once, and the experiment is still refused.
    expect(new Set(problems.map((p) => p.message)).size).toBe(problems.length);
    expect(out?.experiments).toEqual([]);
  });

  it('a duplicate key, or a schema error, does not hide repeated variation keys', () => {
    const manifest = {
      schemaVersion: 1, revision: 'r1', items: [item],
      experiments: [
        { key: 'e1', scope: { items: ['tip'] }, variations: [{ key: 'a' }, { key: 'b' }] },
        { key: 'e1', scope: { items: ['tip'] }, variations: [{ key: 'a' }, { key: 'a' }] },
        { key: 'e2', scope: { types: ['helpLnk'] }, variations: [{ key: 'a' }, { key: 'a' }] },
      ],
    };
    const found = messages(manifest);
    expect(found).toContain('error experiments[1].variations[1].key: two variations have the key "a"');
    expect(found).toContain('error experiments[2].variations[1].key: two variations have the key "a"');
    expect(found.some((m) => m.startsWith('error experiments[1].key: '))).toBe(true);
    expect(found.some((m) => m.startsWith('error experiments[2].scope.types[0]: '))).toBe(true);
  });

  it('a refused experiment\'s scope naming an item with errors adds nothing to that item\'s own errors', () => {
    const manifest = {
      schemaVersion: 1, revision: 'r1', items: [{ ...item, placement: 'sideways' }],
      experiments: [{ key: 'e1', scope: { items: ['tip'] }, variations: [{ key: 'a', weight: 0.5 }, { key: 'b', weight: 0.6 }] }],
    };
    expect(messages(manifest).filter((m) => m.includes('scope'))).toEqual([]);
  });
});
