/**
 * src/engine/prepare.ts on its own: what prepareItem and prepareManifest compute once per
 * manifest (caps, pacing class, schedule dates, compiled and shared condition clauses, the
 * priority order), that a prepared manifest is a plain value (no hidden cache), and when
 * decide trusts one: only for the very manifest object, unchanged in length, with the same
 * `$regex` guard; then each shared clause is evaluated once per decision.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide';
import type { RegexGuard } from '../../src/engine/condition-guard';
import { createClausePool } from '../../src/engine/condition';
import { prepareItem, prepareManifest, priorityOrder } from '../../src/engine/prepare';
import { input, item, manifest, T0 } from '../support/engine-helpers';

const guard: RegexGuard = (pattern) => pattern;

describe('prepareItem', () => {
  it('parses the schedule to ms, NaN when absent or unparsable', () => {
    const both = prepareItem(item({ id: 'a', type: 'banner', schedule: { start: '2026-03-02T00:00:00Z', end: '2026-03-02T09:00:00+09:00' } }), {});
    expect([both.start, both.end]).toEqual([T0, T0]);
    const none = prepareItem(item({ id: 'b', type: 'banner' }), {});
    expect([none.start, none.end]).toEqual([NaN, NaN]);
    expect(prepareItem(item({ id: 'c', type: 'banner', schedule: { start: 'soon' } }), {}).start).toBeNaN();
  });

  it('its pacing class follows the caps it is prepared with', () => {
    const help = item({ id: 'h', type: 'helpLink' });
    expect(prepareItem(help, {}).interruptive).toBe(false);
    expect(prepareItem(help, { includePassive: true }).interruptive).toBe(true);
  });

  it('the condition is compiled only with a pool, and keeps the item itself', () => {
    const spec = item({ id: 'w', type: 'banner', when: { plan: 'pro', 'account.seats': { $gt: 3 } } });
    expect(prepareItem(spec, {}).when).toBeUndefined();
    const compiled = prepareItem(spec, {}, createClausePool());
    expect(compiled.item).toBe(spec);
    expect(compiled.when!.clauses.map((c) => [c.key, c.parts, c.id])).toEqual([['plan', ['plan'], 0], ['account.seats', ['account', 'seats'], 1]]);
  });
});

describe('prepareManifest', () => {
  const m = manifest(
    [
      { id: 'a', type: 'banner', when: { plan: 'pro', country: 'NZ' } },
      { id: 'b', type: 'helpLink', priority: 2, when: { country: 'NZ', plan: 'pro' } },
      { id: 'c', type: 'tooltip', when: { plan: 'trial' } },
    ],
    { perPageView: 2, includePassive: true },
  );

  it('caps with defaults, the order, one prepared item per item in manifest order', () => {
    const prepared = prepareManifest(m);
    expect(prepared.manifest).toBe(m);
    expect(prepared.caps).toEqual({ perPageView: 2, perSession: 3, minGapSeconds: 0, includePassive: true });
    expect(prepared.order).toEqual([1, 0, 2]);
    expect(prepared.items.map((p) => [p.item.id, p.interruptive])).toEqual([['a', true], ['b', true], ['c', true]]);
  });

  it('identical clauses across items are one clause (the same object), whatever the key order', () => {
    const prepared = prepareManifest(m);
    expect(prepared.clauseCount).toBe(3);
    const [a, b] = prepared.items.map((p) => p.when!);
    expect(b.clauses[0]).toBe(a.clauses[1]);
    expect(b.clauses[1]).toBe(a.clauses[0]);
  });

  it('shareClauses false: nothing compiled, no clauses to memoize', () => {
    const prepared = prepareManifest(m, { shareClauses: false });
    expect(prepared.clauseCount).toBe(0);
    expect(prepared.items.every((p) => p.when === undefined)).toBe(true);
  });

  it('a plain value: each call prepares anew, the manifest is left as it was', () => {
    const before = structuredClone(m);
    const first = prepareManifest(m, { regexGuard: guard });
    const second = prepareManifest(m);
    expect(first).not.toBe(second);
    expect(first.items[0].when).not.toBe(second.items[0].when);
    expect(first.regexGuard).toBe(guard);
    expect(second.regexGuard).toBeUndefined();
    expect(m).toEqual(before);
  });
});

describe('decide and a prepared manifest', () => {
  const banners = manifest([{ id: 'b0', type: 'banner' }, { id: 'b1', type: 'banner' }], { perPageView: 2 });
  /** The prepared manifest with perPageView 0: visible in the verdicts when decide uses it. */
  const tampered = (prepared: ReturnType<typeof prepareManifest>) => ({ ...prepared, caps: { ...prepared.caps, perPageView: 0 } });

  it('is used for the manifest it was prepared from', () => {
    expect(decide(input(banners, { prepared: tampered(prepareManifest(banners)) })).show).toEqual([]);
    expect(decide(input(banners)).show.map((i) => i.id)).toEqual(['b0', 'b1']);
  });

  it('is ignored for an equal manifest that is another object', () => {
    const copy = structuredClone(banners);
    expect(decide(input(copy, { prepared: tampered(prepareManifest(banners)) })).show.map((i) => i.id)).toEqual(['b0', 'b1']);
  });

  it('is ignored once items were pushed into its manifest, and the new item is decided', () => {
    const grown = manifest([{ id: 'b0', type: 'banner' }], { perPageView: 5 });
    const prepared = tampered(prepareManifest(grown));
    grown.items.push(item({ id: 'late', type: 'banner' }));
    expect(decide(input(grown, { prepared })).show.map((i) => i.id)).toEqual(['b0', 'late']);
  });

  it('is used only with the $regex guard it was compiled with', () => {
    const prepared = tampered(prepareManifest(banners, { regexGuard: guard }));
    expect(decide(input(banners, { prepared, regexGuard: guard })).show).toEqual([]);
    expect(decide(input(banners, { prepared })).show).toHaveLength(2);
    expect(decide(input(banners, { prepared, regexGuard: (p) => p })).show).toHaveLength(2);
  });

  it('evaluates a clause shared by several items once per decision', () => {
    const shared = manifest(['x', 'y', 'z'].map((id) => ({ id, type: 'helpLink' as const, when: { plan: 'pro' } })));
    let reads = 0;
    const attributes = { get plan() { reads++; return 'pro'; } };
    const prepared = prepareManifest(shared);
    expect(decide(input(shared, { attributes, prepared })).show).toHaveLength(3);
    expect(reads).toBe(1);
    reads = 0;
    decide(input(shared, { attributes, prepared }));
    expect(reads).toBe(1); // the memo is per decision, not kept between them
    reads = 0;
    decide(input(shared, { attributes }));
    expect(reads).toBeGreaterThanOrEqual(3);
  });
});

describe('priorityOrder', () => {
  const ids = (priorities: unknown[]) => priorityOrder(priorities.map((priority, i) => item({ id: `i${i}`, type: 'banner', priority } as never)));

  it('highest first, manifest order within a priority, including infinities', () => {
    expect(ids([1, -Infinity, 5, 1, Infinity, -2])).toEqual([4, 2, 0, 3, 5, 1]);
  });

  it('absent, NaN, non-numbers and -0 all count as 0', () => {
    expect(ids([undefined, NaN, '9', -0, 0, 1, -1])).toEqual([5, 0, 1, 2, 3, 4, 6]);
  });
});
