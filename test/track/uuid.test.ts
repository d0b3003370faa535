/**
 * UUID v7 ids (src/track/uuid.ts): the version and variant bits, the millisecond in the first 48
 * bits, and uuidv7Sequence's order: ids of one source sort in the order they were made, within
 * one millisecond (a counter after the version), past 4096 in one millisecond, and when the
 * clock steps back.
 */
import { describe, expect, it } from 'vitest';
import { UUID_PATTERN, uuidv7, uuidv7Sequence } from '../../src/track/uuid';

const T0 = Date.parse('2026-12-06T10:00:00Z');
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7', () => {
  it('is a version-7 RFC UUID carrying the millisecond', () => {
    const id = uuidv7(T0);
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('7');
    expect(msOf(id)).toBe(T0);
    expect(uuidv7(T0)).not.toBe(id);
  });
});

describe('uuidv7Sequence', () => {
  it('sorts in the order made within one millisecond, also past 4096 ids', () => {
    const next = uuidv7Sequence();
    const ids = Array.from({ length: 6000 }, () => next(T0));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_PATTERN);
    expect(msOf(ids[0])).toBe(T0);
    // Past the counter's room the next millisecond is borrowed, never an earlier one.
    expect(msOf(ids.at(-1)!)).toBeGreaterThan(T0);
    expect(msOf(ids.at(-1)!)).toBeLessThanOrEqual(T0 + 3);
  });

  it('keeps its order when the clock steps back, and follows it again once it moves on', () => {
    const next = uuidv7Sequence();
    const a = next(T0 + 10);
    const b = next(T0);
    const c = next(T0 + 20);
    expect([a, b, c].sort()).toEqual([a, b, c]);
    expect(msOf(b)).toBe(T0 + 10);
    expect(msOf(c)).toBe(T0 + 20);
  });

  it('starts each new millisecond at a random point of the lower half of the counter', () => {
    const next = uuidv7Sequence();
    const counters = Array.from({ length: 64 }, (_, i) => parseInt(next(T0 + i).replace(/-/g, '').slice(13, 16), 16));
    expect(counters.every((n) => n < 0x800)).toBe(true);
    expect(new Set(counters).size).toBeGreaterThan(8);
  });
});
