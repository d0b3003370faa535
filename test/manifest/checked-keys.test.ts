/** src/manifest/checked-keys.ts: the storage keys of the validated manifests' slots, one per slot. */
import { describe, expect, it } from 'vitest';
import { CHECKED_SLOTS, checkedKey, checkedKeys } from '../../src/manifest/checked-keys';

describe('checked keys', () => {
  it('names each slot once, under the manifest-checked: prefix', () => {
    expect(checkedKey(0)).toBe('manifest-checked:0');
    expect(checkedKeys()).toHaveLength(CHECKED_SLOTS);
    expect(new Set(checkedKeys()).size).toBe(CHECKED_SLOTS);
    expect(checkedKeys().every((key, slot) => key === checkedKey(slot))).toBe(true);
  });
});
