/**
 * What a newer version added to a progress record is kept only within a bound
 * (src/store/progress-store.ts parseStored, merge.ts weigh/boundItem): unknown sections past
 * their size or depth, and unknown fields of item records past theirs, are dropped and reported;
 * small ones are kept and written back. Records merged from storage or another tab are bounded too.
 */
import { describe, expect, it, vi } from 'vitest';
import { parseStored } from '../../src/store/progress-store';
import { applyChange, boundItem, MAX_EXTRA_SIZE, mergeItem, weigh } from '../../src/store/merge';
import { emptyProgress, type ItemProgress } from '../../src/engine/progress';

const deep = (levels: number): unknown => (levels ? { next: deep(levels - 1) } : 'end');
const record = (extra: Record<string, unknown>) => ({ version: 1, status: 'dismissed', timesSeen: 1, dismissedAt: 5, ...extra }) as ItemProgress;

describe('weigh', () => {
  it('counts characters and values, and stops at the bound, the depth or what is not plain data', () => {
    // The object, "ab", "cd", "n", the array, and each index with its number.
    expect(weigh({ ab: 'cd', n: [1, 2] }, 5, 100)).toBe(100 - 1 - 2 - 2 - 1 - 1 - 2 - 2);
    expect(weigh('x'.repeat(101), 5, 100)).toBeLessThan(0);
    expect(weigh(deep(6), 5, 1000)).toBeLessThan(0);
    expect(weigh(deep(5), 5, 1000)).toBeGreaterThanOrEqual(0);
    expect(weigh({ blob: new Uint8Array(4) }, 5, 1000)).toBeLessThan(0);
    // A huge array is not walked to its end.
    expect(weigh(new Array(100_000).fill(0), 5, 100)).toBeLessThan(0);
  });
});

describe('a stored record with what this version does not know', () => {
  it('keeps small unknown sections and drops, naming them, those too large or too deep', () => {
    const report = vi.fn();
    const state = parseStored({ schema: 1, state: { items: {}, events: {}, surveys: { a: 1 }, huge: 'x'.repeat(60_000), deep: deep(20), wide: Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, i])) } }, report);
    expect((state as unknown as Record<string, unknown>).surveys).toEqual({ a: 1 });
    expect(Object.keys(state)).not.toContain('huge');
    expect(Object.keys(state)).not.toContain('deep');
    expect(Object.keys(state)).not.toContain('wide');
    expect(report.mock.calls[0][0].message).toBe('Guidepost discarded unreadable progress records: huge, deep, wide');
  });

  it('keeps small unknown fields of an item record, drops those past the bound and reports them; the record stays', () => {
    const report = vi.fn();
    const state = parseStored({ schema: 1, state: { items: { tip: record({ note: 'ok', big: 'x'.repeat(MAX_EXTRA_SIZE), nested: deep(9) }) }, events: {} } }, report);
    expect(state.items.tip).toMatchObject({ status: 'dismissed', note: 'ok' });
    expect(Object.keys(state.items.tip)).not.toContain('big');
    expect(Object.keys(state.items.tip)).not.toContain('nested');
    expect(report.mock.calls[0][0].message).toBe('Guidepost discarded unreadable progress records: items.tip.big, items.tip.nested');
  });

  it('a record within the bound is kept as it is, and nothing is reported', () => {
    const report = vi.fn();
    const tip = record({ note: 'ok', more: { a: [1, 2, 3] } });
    expect(parseStored({ schema: 1, state: { items: { tip }, events: {} } }, report).items.tip).toEqual(tip);
    expect(boundItem(tip)).toBe(tip);
    expect(report).not.toHaveBeenCalled();
  });

  it("bounds another tab's records (a change on the channel, a record read back before a write)", () => {
    const theirs = record({ big: 'x'.repeat(10_000) });
    const merged = applyChange(emptyProgress(), { items: { tip: theirs } });
    expect(merged.items.tip).toMatchObject({ status: 'dismissed' });
    expect(Object.keys(merged.items.tip)).not.toContain('big');
    expect(Object.keys(mergeItem(record({}), { ...theirs, version: 2 })!)).not.toContain('big');
  });
});
