/**
 * src/authoring/version.ts: the version of a manifest that "Save to file" compares (If-Match /
 * ETag). Equal content gives an equal version whatever the key order; any change of content a
 * different one.
 */
import { describe, expect, it } from 'vitest';
import { manifestVersion } from '../../src/authoring/version';

describe('manifestVersion', () => {
  it('is a quoted entity tag, the same for equal content in any key order or formatting', () => {
    const a = manifestVersion(JSON.parse('{"schemaVersion": 1, "items": [{"id": "a", "body": "x"}]}'));
    expect(a).toMatch(/^"gp-[0-9a-z]+-[0-9a-f]{16}"$/);
    expect(manifestVersion(JSON.parse('{\n  "items": [ { "body": "x", "id": "a" } ],\n  "schemaVersion": 1\n}'))).toBe(a);
  });

  it('differs for any change of content, even one character or the order of items', () => {
    const base = { items: [{ id: 'a', body: 'x' }, { id: 'b', body: 'y' }] };
    const versions = new Set([
      manifestVersion(base),
      manifestVersion({ items: [{ id: 'a', body: 'X' }, { id: 'b', body: 'y' }] }),
      manifestVersion({ items: [{ id: 'b', body: 'y' }, { id: 'a', body: 'x' }] }),
      manifestVersion({ items: [{ id: 'a', body: 'x' }] }),
      manifestVersion({ items: [{ id: 'a', body: 'x' }, { id: 'b', body: 'y' }], revision: 'r' }),
    ]);
    expect(versions.size).toBe(5);
  });
});
