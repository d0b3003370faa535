/**
 * src/engine/pacing.ts on its own: the caps in force (capsOf), which items count against them
 * (isInterruptive), and the Pacer of one decision at the exact edges of perPageView,
 * perSession and minGapSeconds, with "priority" only when this decision's own choices closed a
 * cap. Also the `paced` and `pacedInSession` inputs of decide in the combinations
 * decide.test.ts does not cover (what they spend, and that they are still checked).
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide';
import { capsOf, DEFAULT_CAPS, isInterruptive, Pacer } from '../../src/engine/pacing';
import { emptyProgress, recordDismissed } from '../../src/engine/progress';
import type { Caps } from '../../src/manifest/schema';
import { input, item, manifest, T0, type ItemSpec } from '../support/engine-helpers';

const pacer = (caps: Caps, pacing: { pageViewShown?: number; sessionShown?: number; lastInterruptiveAt?: number } = {}, now = T0) =>
  new Pacer(capsOf(caps), { pageViewShown: 0, sessionShown: 0, ...pacing }, now);

describe('capsOf', () => {
  it('the defaults, a fresh object each time (the defaults cannot be changed through it)', () => {
    const caps = capsOf(undefined);
    expect(caps).toEqual({ perPageView: 1, perSession: 3, minGapSeconds: 0, includePassive: false });
    caps.perPageView = 99;
    expect(DEFAULT_CAPS.perPageView).toBe(1);
    expect(capsOf({}).perPageView).toBe(1);
  });

  it('the manifest wins key by key; 0 and false are values, undefined keeps the default', () => {
    expect(capsOf({ perPageView: 0, perSession: undefined, minGapSeconds: 30, includePassive: false })).toEqual({ perPageView: 0, perSession: 3, minGapSeconds: 30, includePassive: false });
  });

  it('keys it does not know are left out', () => {
    expect(Object.keys(capsOf({ perPageView: 2, extra: 1 } as Caps)).sort()).toEqual(['includePassive', 'minGapSeconds', 'perPageView', 'perSession']);
  });
});

describe('isInterruptive', () => {
  const types = ['tour', 'banner', 'hotspot', 'helpLink', 'tooltip', 'checklist'] as const;

  it('tours, banners and hotspots interrupt; help links, tooltips and checklists do not', () => {
    expect(types.filter((type) => isInterruptive(item({ id: type, type })))).toEqual(['tour', 'banner', 'hotspot']);
  });

  it('includePassive counts everything, even an item that declares itself not interruptive', () => {
    expect(types.every((type) => isInterruptive(item({ id: type, type }), { includePassive: true }))).toBe(true);
    expect(isInterruptive(item({ id: 'b', type: 'banner', interruptive: false }), { includePassive: true })).toBe(true);
    expect(isInterruptive(item({ id: 'b', type: 'banner', interruptive: false }), { includePassive: false })).toBe(false);
    expect(isInterruptive(item({ id: 'c', type: 'checklist', interruptive: true }))).toBe(true);
  });
});

describe('Pacer', () => {
  it('perPageView: room while below the cap, closed exactly at it', () => {
    expect(pacer({ perPageView: 2 }, { pageViewShown: 1 }).blocked()).toBeUndefined();
    expect(pacer({ perPageView: 2 }, { pageViewShown: 2 }).blocked()).toEqual({ code: 'cap', cap: 'perPageView', limit: 2, untilNext: 'pageView' });
  });

  it('perSession: the same edge, checked after the page view', () => {
    expect(pacer({ perPageView: 9, perSession: 3 }, { sessionShown: 2 }).blocked()).toBeUndefined();
    expect(pacer({ perPageView: 9, perSession: 3 }, { sessionShown: 3 }).blocked()).toEqual({ code: 'cap', cap: 'perSession', limit: 3, untilNext: 'session' });
    expect(pacer({ perPageView: 1, perSession: 1 }, { pageViewShown: 1, sessionShown: 1 }).blocked()).toMatchObject({ cap: 'perPageView' });
  });

  it('minGapSeconds: waits until exactly lastAt + gap; 0 never waits', () => {
    const last = T0 - 60_000;
    expect(pacer({ perPageView: 9, minGapSeconds: 60 }, { lastInterruptiveAt: last }, T0 - 1).blocked()).toEqual({ code: 'cap', cap: 'minGap', limit: 60, until: T0 });
    expect(pacer({ perPageView: 9, minGapSeconds: 60 }, { lastInterruptiveAt: last }, T0).blocked()).toBeUndefined();
    expect(pacer({ perPageView: 9, minGapSeconds: 0 }, { lastInterruptiveAt: T0 }, T0).blocked()).toBeUndefined();
    expect(pacer({ perPageView: 9, minGapSeconds: 60 }, {}, T0).blocked()).toBeUndefined();
  });

  it("a cap this decision closed says who took the slot; a cap closed before it says cap", () => {
    const fresh = pacer({ perPageView: 1 });
    fresh.spend('first');
    expect(fresh.blocked()).toEqual({ code: 'priority', outranked: 'first', cap: 'perPageView' });
    const full = pacer({ perPageView: 1 }, { pageViewShown: 1 });
    full.spend('first');
    expect(full.blocked()).toEqual({ code: 'cap', cap: 'perPageView', limit: 1, untilNext: 'pageView' });
  });

  it('the first item spent is named, not the latest', () => {
    const p = pacer({ perPageView: 2, perSession: 9 });
    p.spend('first');
    expect(p.blocked()).toBeUndefined();
    p.spend('second');
    expect(p.blocked()).toEqual({ code: 'priority', outranked: 'first', cap: 'perPageView' });
  });

  it('spending starts the gap at now', () => {
    const p = pacer({ perPageView: 9, minGapSeconds: 1 });
    p.spend('a');
    expect(p.blocked()).toEqual({ code: 'priority', outranked: 'a', cap: 'minGap' });
  });

  it('pageViewOnly: only the page view cap holds, and spending moves neither the session count nor the gap', () => {
    const p = pacer({ perPageView: 3, perSession: 1, minGapSeconds: 60 }, { sessionShown: 1, lastInterruptiveAt: T0 - 1000 });
    expect(p.blocked()).toMatchObject({ cap: 'perSession' });
    expect(p.blocked(true)).toBeUndefined();
    p.spend('follower', true);
    p.spend('follower2', true);
    expect(p.blocked(true)).toBeUndefined();
    p.spend('follower3', true);
    expect(p.blocked(true)).toEqual({ code: 'priority', outranked: 'follower', cap: 'perPageView' });
    const gap = pacer({ perPageView: 9, perSession: 9, minGapSeconds: 60 }, { lastInterruptiveAt: T0 - 120_000 });
    gap.spend('follower', true);
    expect(gap.blocked()).toBeUndefined();
  });
});

describe('decide: paced and pacedInSession', () => {
  const banners = (n: number): ItemSpec[] => Array.from({ length: n }, (_, i) => ({ id: `b${i}`, type: 'banner' as const }));
  const shown = (...args: Parameters<typeof input>) => decide(input(...args)).show.map((i) => i.id);

  it('a banner that follows the person does not restart the gap for the next one', () => {
    const m = manifest(banners(2), { perPageView: 2, perSession: 9, minGapSeconds: 60 });
    const pacing = { pageViewShown: 0, sessionShown: 1, lastInterruptiveAt: T0 - 120_000 };
    expect(shown(m, { pacing, pacedInSession: ['b0'] })).toEqual(['b0', 'b1']);
    expect(decide(input(m, { pacing })).verdicts[1].reason).toEqual({ code: 'priority', outranked: 'b0', cap: 'minGap' });
  });

  it("nor takes another of the session's slots", () => {
    const m = manifest(banners(3), { perPageView: 9, perSession: 2 });
    const pacing = { pageViewShown: 0, sessionShown: 1 };
    expect(shown(m, { pacing, pacedInSession: ['b0'] })).toEqual(['b0', 'b1']);
    expect(decide(input(m, { pacing, pacedInSession: ['b0'] })).verdicts[2].reason).toMatchObject({ code: 'priority', cap: 'perSession' });
    expect(shown(m, { pacing })).toEqual(['b0']);
  });

  it('paced and pacedInSession items are still checked: a dismissed one stays down', () => {
    const progress = recordDismissed(emptyProgress(), 'b0', 1, T0 - 10);
    const m = manifest(banners(1), { perPageView: 1 });
    expect(decide(input(m, { progress, paced: ['b0'] })).verdicts[0].reason).toEqual({ code: 'dismissed', at: T0 - 10 });
    expect(decide(input(m, { progress, pacedInSession: ['b0'] })).verdicts[0].reason).toEqual({ code: 'dismissed', at: T0 - 10 });
  });

  it('a paced item spends nothing even when it is both paced and pacedInSession', () => {
    const m = manifest(banners(2), { perPageView: 1, perSession: 1 });
    const pacing = { pageViewShown: 0, sessionShown: 0 };
    expect(shown(m, { pacing, paced: ['b0'], pacedInSession: ['b0'] })).toEqual(['b0', 'b1']);
  });

  it('passive items in either list change nothing', () => {
    const m = manifest([{ id: 'help', type: 'helpLink' }, ...banners(1)], { perPageView: 1 });
    expect(shown(m, { paced: ['help'], pacedInSession: ['help'] })).toEqual(['help', 'b0']);
  });
});
