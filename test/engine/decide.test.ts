/**
 * One test (or a few) per decision rule: schedule, requires, frequency, goal, version,
 * trigger, condition explanations, pacing, tours and priority.
 */
import { describe, expect, it } from 'vitest';
import { decide, individualReason, prepareManifest, priorityOrder, type DecideInput, type Reason } from '../../src/engine/decide';
import { emptyProgress, recordCompleted, recordDismissed, recordEvent, recordSeen, recordVisit, type ProgressState } from '../../src/engine/progress';
import { DAY, input, manifest, T0, type ItemSpec } from '../support/engine-helpers';

/** The verdict reason of `id`. */
function reasonOf(decideInput: DecideInput, id: string): Reason {
  const verdict = decide(decideInput).verdicts.find((v) => v.itemId === id);
  if (!verdict) throw new Error(`no verdict for ${id}`);
  return verdict.reason;
}

const shownIds = (decideInput: DecideInput) => decide(decideInput).show.map((i) => i.id);

/** A single item decided against `progress` at `now`. */
function single(spec: ItemSpec, progress: ProgressState = emptyProgress(), now = T0, extra: Partial<DecideInput> = {}): Reason {
  return reasonOf(input(manifest([spec]), { progress, now, ...extra }), spec.id);
}

describe('schedule', () => {
  const spec: ItemSpec = { id: 'sale', type: 'banner', schedule: { start: '2026-03-05T00:00:00Z', end: '2026-03-10T00:00:00Z' } };

  it('is not shown before its start, with the start in the reason', () => {
    expect(single(spec, undefined, Date.UTC(2026, 2, 4, 23, 59))).toEqual({ code: 'before-schedule', start: '2026-03-05T00:00:00Z' });
  });

  it('shows from its start (inclusive) to its end (exclusive)', () => {
    expect(single(spec, undefined, Date.UTC(2026, 2, 5)).code).toBe('shown');
    expect(single(spec, undefined, Date.UTC(2026, 2, 10) - 1).code).toBe('shown');
    expect(single(spec, undefined, Date.UTC(2026, 2, 10))).toEqual({ code: 'after-schedule', end: '2026-03-10T00:00:00Z' });
  });

  it('honours time-zone offsets in the timestamps', () => {
    const offset: ItemSpec = { id: 'o', type: 'banner', schedule: { start: '2026-03-05T09:00:00+09:00' } };
    expect(single(offset, undefined, Date.UTC(2026, 2, 4, 23, 59)).code).toBe('before-schedule');
    expect(single(offset, undefined, Date.UTC(2026, 2, 5, 0, 0)).code).toBe('shown');
  });
});

describe('requires', () => {
  const spec: ItemSpec = { id: 'advanced', type: 'tour', requires: ['basics', 'setup'] };

  it('names the first prerequisite that is not completed, and where it stands', () => {
    expect(single(spec)).toEqual({ code: 'requires', missing: 'basics' });
    const seen = recordSeen(emptyProgress(), 'basics', 1, T0);
    expect(single(spec, seen)).toEqual({ code: 'requires', missing: 'basics', status: 'seen' });
    const basicsDone = recordCompleted(seen, 'basics', 1, T0);
    expect(single(spec, basicsDone)).toEqual({ code: 'requires', missing: 'setup' });
  });

  it('shows once every prerequisite is completed, whatever version was completed', () => {
    const done = recordCompleted(recordCompleted(emptyProgress(), 'basics', 3, T0), 'setup', 1, T0);
    expect(single(spec, done).code).toBe('shown');
  });
});

describe('frequency', () => {
  const seenOnce = (id: string, at = T0 - DAY) => recordSeen(emptyProgress(), id, 1, at);

  it('"once": not after it was seen', () => {
    expect(single({ id: 'a', type: 'banner', frequency: 'once' }, seenOnce('a'))).toEqual({ code: 'frequency', rule: 'once' });
  });

  it('"untilCompleted": seen many times still shows; completion or dismissal ends it', () => {
    const spec: ItemSpec = { id: 'a', type: 'banner', frequency: 'untilCompleted' };
    const seen = recordSeen(seenOnce('a'), 'a', 1, T0 - 1000);
    expect(single(spec, seen).code).toBe('shown');
    expect(single(spec, recordCompleted(seen, 'a', 1, T0 - 500))).toEqual({ code: 'completed', at: T0 - 500 });
    expect(single(spec, recordDismissed(seen, 'a', 1, T0 - 500))).toEqual({ code: 'dismissed', at: T0 - 500 });
  });

  it('"always": back on the next page view after being closed or completed', () => {
    const spec: ItemSpec = { id: 'a', type: 'tooltip', frequency: 'always' };
    const pageViewStart = T0 - 60_000;
    const visited = recordVisit(emptyProgress(), pageViewStart);
    // Closed during this page view: hidden until the next one.
    const closedNow = recordDismissed(recordSeen(visited, 'a', 1, pageViewStart), 'a', 1, T0 - 1000);
    expect(single(spec, closedNow)).toEqual({ code: 'dismissed', at: T0 - 1000, forPageView: true });
    // The next page view starts: it shows again.
    expect(single(spec, recordVisit(closedNow, T0))).toEqual({ code: 'shown' });
    const completedBefore = recordCompleted(visited, 'a', 1, pageViewStart - 1);
    expect(single(spec, completedBefore).code).toBe('shown');
  });

  it('an explicit pageViewStartedAt wins over the last visit', () => {
    const spec: ItemSpec = { id: 'a', type: 'tooltip' };
    const closed = recordDismissed(recordVisit(emptyProgress(), T0 - 10_000), 'a', 1, T0 - 5_000);
    expect(single(spec, closed).code).toBe('dismissed');
    expect(single(spec, closed, T0, { pacing: { pageViewShown: 0, sessionShown: 0, pageViewStartedAt: T0 - 1_000 } }).code).toBe('shown');
  });

  it('{everyDays}: again that many days after it was last seen or dismissed', () => {
    const spec: ItemSpec = { id: 'a', type: 'banner', frequency: { everyDays: 7 } };
    const seen = seenOnce('a', T0);
    expect(single(spec, seen, T0 + 7 * DAY - 1)).toEqual({ code: 'frequency', rule: 'every 7 days', until: T0 + 7 * DAY });
    expect(single(spec, seen, T0 + 7 * DAY).code).toBe('shown');
    // Dismissing restarts the wait from the dismissal.
    const dismissed = recordDismissed(seen, 'a', 1, T0 + 3 * DAY);
    expect(single(spec, dismissed, T0 + 8 * DAY)).toEqual({ code: 'frequency', rule: 'every 7 days', until: T0 + 10 * DAY });
    expect(single(spec, dismissed, T0 + 10 * DAY).code).toBe('shown');
  });

  it('{everyDays} keeps waiting when the clock goes backwards', () => {
    const spec: ItemSpec = { id: 'a', type: 'banner', frequency: { everyDays: 1 } };
    expect(single(spec, seenOnce('a', T0), T0 - 5 * DAY).code).toBe('frequency');
  });

  it('{maxTimes}: never more than that many times; completion ends it', () => {
    const spec: ItemSpec = { id: 'a', type: 'banner', frequency: { maxTimes: 2 } };
    const once = seenOnce('a', T0 - 2 * DAY);
    expect(single(spec, once).code).toBe('shown');
    const twice = recordSeen(once, 'a', 1, T0 - DAY);
    expect(single(spec, twice)).toEqual({ code: 'frequency', rule: 'at most 2 times' });
    expect(single(spec, recordCompleted(once, 'a', 1, T0 - DAY)).code).toBe('completed');
  });

  it('a "once" or repeating hotspot whose target re-rendered comes back in the same page view (`paced`)', () => {
    const shownThisPageView = recordSeen(recordVisit(emptyProgress(), T0 - 60_000), 'a', 1, T0 - 30_000);
    const pacing = { pageViewShown: 1, sessionShown: 1 };
    for (const frequency of ['once', { everyDays: 7 }, { maxTimes: 1 }] as const) {
      const spec: ItemSpec = { id: 'a', type: 'hotspot', frequency };
      expect(single(spec, shownThisPageView, T0, { pacing, paced: ['a'] })).toEqual({ code: 'shown' });
      // The next page view, it is another showing: the rule holds it back.
      expect(single(spec, recordVisit(shownThisPageView, T0), T0, { pacing: { pageViewShown: 0, sessionShown: 1 } }).code).toBe('frequency');
    }
  });

  it('"always": closed after an earlier completion, it stays down for the rest of the page view', () => {
    const spec: ItemSpec = { id: 'a', type: 'tooltip' };
    const completedYesterday = recordVisit(recordCompleted(recordSeen(emptyProgress(), 'a', 1, T0 - DAY), 'a', 1, T0 - DAY), T0 - 60_000);
    const closedNow = recordDismissed(recordSeen(completedYesterday, 'a', 1, T0 - 30_000), 'a', 1, T0 - 1000);
    expect(single(spec, closedNow)).toEqual({ code: 'dismissed', at: T0 - 1000, forPageView: true });
    expect(single(spec, recordVisit(closedNow, T0))).toEqual({ code: 'shown' });
  });

  it('defaults: banners, hotspots, tours and checklists until completed; help links and tooltips always', () => {
    const types = ['banner', 'hotspot', 'tour', 'checklist', 'helpLink', 'tooltip'] as const;
    const verdicts = types.map((type) => {
      const dismissedYesterday = recordDismissed(recordSeen(emptyProgress(), type, 1, T0 - DAY), type, 1, T0 - DAY);
      return [type, single({ id: type, type }, recordVisit(dismissedYesterday, T0)).code];
    });
    expect(Object.fromEntries(verdicts)).toEqual({
      banner: 'dismissed', hotspot: 'dismissed', tour: 'dismissed', checklist: 'dismissed', helpLink: 'shown', tooltip: 'shown',
    });
  });
});

describe('goal', () => {
  const spec: ItemSpec = { id: 'tip', type: 'tooltip', goal: 'project_created' };

  it('never shows again once its goal event was tracked, saying when', () => {
    expect(single(spec).code).toBe('shown');
    const reached = recordEvent(emptyProgress(), 'project_created', T0 - DAY);
    expect(single(spec, reached)).toEqual({ code: 'goal-reached', goal: 'project_created', at: T0 - DAY });
  });

  it('an explicit request (startTour) still starts a tour whose goal was reached', () => {
    const tour: ItemSpec = { id: 'tour', type: 'tour', goal: 'done', trigger: 'manual' };
    const reached = recordEvent(emptyProgress(), 'done', T0 - DAY);
    expect(single(tour, reached).code).toBe('goal-reached');
    expect(single(tour, reached, T0, { requested: ['tour'] }).code).toBe('shown');
  });
});

describe('version', () => {
  const completedV1 = recordCompleted(emptyProgress(), 'tour', 1, T0 - DAY);

  it('a bumped version shows again to people who completed the old one', () => {
    expect(single({ id: 'tour', type: 'tour' }, completedV1).code).toBe('completed');
    expect(single({ id: 'tour', type: 'tour', version: 2 }, completedV1).code).toBe('shown');
  });

  it('unless reshowOnNewVersion is false', () => {
    expect(single({ id: 'tour', type: 'tour', version: 2, reshowOnNewVersion: false }, completedV1).code).toBe('completed');
  });

  it('a rolled-back manifest (older version than the record) does not show it again', () => {
    const completedV3 = recordCompleted(emptyProgress(), 'tour', 3, T0 - DAY);
    expect(single({ id: 'tour', type: 'tour', version: 2 }, completedV3).code).toBe('completed');
  });
});

describe('trigger', () => {
  it('"manual" waits for startTour; a request passes it', () => {
    const spec: ItemSpec = { id: 't', type: 'tour', trigger: 'manual' };
    expect(single(spec)).toEqual({ code: 'trigger', waitingFor: 'a call from code (startTour)' });
    expect(single(spec, undefined, T0, { requested: ['t'] }).code).toBe('shown');
  });

  it('{"event"} waits for that event in this page view', () => {
    const spec: ItemSpec = { id: 'b', type: 'banner', trigger: { event: 'export_failed' } };
    expect(single(spec)).toEqual({ code: 'trigger', waitingFor: 'event "export_failed"', event: 'export_failed' });
    expect(single(spec, undefined, T0, { recentEvents: ['other'] }).code).toBe('trigger');
    expect(single(spec, undefined, T0, { recentEvents: ['export_failed'] }).code).toBe('shown');
  });

  it('"pageView" and {"elementAppears"} pass (the DOM layer waits for the element)', () => {
    expect(single({ id: 'a', type: 'hotspot', trigger: 'pageView' }).code).toBe('shown');
    expect(single({ id: 'a', type: 'hotspot', trigger: { elementAppears: '#x' } }).code).toBe('shown');
  });

  it('a failing condition is reported before a pending trigger', () => {
    const spec: ItemSpec = { id: 'b', type: 'banner', trigger: { event: 'x' }, when: { 'account.plan': 'trial' } };
    expect(single(spec, undefined, T0, { attributes: { account: { plan: 'pro' } } }).code).toBe('condition');
  });
});

describe('condition explanations', () => {
  const attributes = { account: { plan: 'pro' }, events: { a: { count: 1 } }, daysSinceFirstSeen: 3 };

  it('names the first failing path, the value it saw and the clause it wanted', () => {
    const spec: ItemSpec = { id: 'x', type: 'banner', when: { 'events.a.count': { $gte: 1 }, daysSinceFirstSeen: { $gte: 11 } } };
    expect(single(spec, undefined, T0, { attributes })).toEqual({ code: 'condition', path: 'daysSinceFirstSeen', actual: 3, expected: { $gte: 11 } });
  });

  it('follows $and down to the failing clause', () => {
    const spec: ItemSpec = { id: 'x', type: 'banner', when: { $and: [{ 'events.a.count': 1 }, { 'account.plan': 'trial' }] } };
    expect(single(spec, undefined, T0, { attributes })).toEqual({ code: 'condition', path: 'account.plan', actual: 'pro', expected: 'trial' });
  });

  it('for $or and $not, reports the values of every path they mention', () => {
    const spec: ItemSpec = { id: 'x', type: 'banner', when: { $or: [{ 'account.plan': 'trial' }, { daysSinceFirstSeen: { $gt: 30 } }] } };
    expect(single(spec, undefined, T0, { attributes })).toMatchObject({ code: 'condition', path: '$or', actual: { 'account.plan': 'pro', daysSinceFirstSeen: 3 } });
  });

  it('a malformed condition is false, never a throw', () => {
    const spec: ItemSpec = { id: 'x', type: 'banner', when: { 'account.plan': { $regex: '(' } } };
    expect(single(spec, undefined, T0, { attributes }).code).toBe('condition');
  });
});

describe('pacing', () => {
  const banners = (n: number, extra: Partial<ItemSpec> = {}): ItemSpec[] =>
    Array.from({ length: n }, (_, i) => ({ id: `b${i}`, type: 'banner' as const, ...extra }));

  it('per page view: the first by priority shows, the others say who outranked them', () => {
    const m = manifest([{ id: 'low', type: 'banner', priority: 1 }, { id: 'high', type: 'banner', priority: 5 }], { perPageView: 1 });
    const decision = decide(input(m));
    expect(decision.show.map((i) => i.id)).toEqual(['high']);
    expect(decision.verdicts[0].reason).toEqual({ code: 'priority', outranked: 'high', cap: 'perPageView' });
  });

  it('counts what the page view already spent, until the next page view', () => {
    const m = manifest(banners(1), { perPageView: 2 });
    expect(reasonOf(input(m, { pacing: { pageViewShown: 2, sessionShown: 2 } }), 'b0')).toEqual({ code: 'cap', cap: 'perPageView', limit: 2, untilNext: 'pageView' });
  });

  it('an item that already spent its slot in this page view (`paced`) is neither held back by it nor counted again', () => {
    const m = manifest(banners(2), { perPageView: 1, minGapSeconds: 60 });
    const spent = { pageViewShown: 1, sessionShown: 1, lastInterruptiveAt: T0 - 1_000 };
    // b0 showed, its target left and came back: the cap and the gap its own showing filled do not hold it back.
    expect(reasonOf(input(m, { pacing: spent, paced: ['b0'] }), 'b0')).toEqual({ code: 'shown' });
    // Nor does showing it again spend a slot: b1 is held back by b0's first showing, not by a second one.
    expect(reasonOf(input(m, { pacing: spent, paced: ['b0'] }), 'b1')).toEqual({ code: 'cap', cap: 'perPageView', limit: 1, untilNext: 'pageView' });
    const roomy = manifest(banners(2), { perPageView: 2 });
    expect(shownIds(input(roomy, { pacing: { pageViewShown: 1, sessionShown: 1 }, paced: ['b0'] }))).toEqual(['b0', 'b1']);
    // Without `paced`, the same item counts against its own slot.
    expect(reasonOf(input(m, { pacing: spent }), 'b0').code).toBe('cap');
  });

  it('an item that spent a slot of this session already (`pacedInSession`) is held back only by the page view\'s cap', () => {
    const m = manifest(banners(2), { perPageView: 1, perSession: 1, minGapSeconds: 600 });
    const session = { pageViewShown: 0, sessionShown: 1, lastInterruptiveAt: T0 - 1_000 };
    // b0 showed on an earlier page view: neither the session's cap nor the gap after it holds it back.
    expect(reasonOf(input(m, { pacing: session, pacedInSession: ['b0'] }), 'b0')).toEqual({ code: 'shown' });
    // It takes this page view's slot: b1 waits for the next page view.
    expect(reasonOf(input(m, { pacing: session, pacedInSession: ['b0'] }), 'b1').code).toBe('cap');
    expect(reasonOf(input(m, { pacing: { ...session, pageViewShown: 1 }, pacedInSession: ['b0'] }), 'b0')).toEqual({ code: 'cap', cap: 'perPageView', limit: 1, untilNext: 'pageView' });
    // Without it, the session's cap holds it back.
    expect(reasonOf(input(m, { pacing: session }), 'b0')).toEqual({ code: 'cap', cap: 'perSession', limit: 1, untilNext: 'session' });
  });

  it('per session', () => {
    const m = manifest(banners(3), { perPageView: 5, perSession: 4 });
    expect(shownIds(input(m, { pacing: { pageViewShown: 0, sessionShown: 2 } }))).toEqual(['b0', 'b1']);
    expect(reasonOf(input(m, { pacing: { pageViewShown: 0, sessionShown: 4 } }), 'b0')).toEqual({ code: 'cap', cap: 'perSession', limit: 4, untilNext: 'session' });
  });

  it('a minimum gap between interruptive items, with the time it ends', () => {
    const m = manifest(banners(2), { perPageView: 5, minGapSeconds: 60 });
    const last = T0 - 10_000;
    expect(reasonOf(input(m, { pacing: { pageViewShown: 0, sessionShown: 1, lastInterruptiveAt: last } }), 'b0')).toEqual({ code: 'cap', cap: 'minGap', limit: 60, until: last + 60_000 });
    // Within one decision the gap also separates two items: only one shows.
    expect(shownIds(input(m))).toEqual(['b0']);
    expect(reasonOf(input(m), 'b1')).toEqual({ code: 'priority', outranked: 'b0', cap: 'minGap' });
  });

  it('the gap holds when the clock went backwards', () => {
    const m = manifest(banners(1), { minGapSeconds: 60 });
    expect(reasonOf(input(m, { pacing: { pageViewShown: 0, sessionShown: 1, lastInterruptiveAt: T0 + DAY } }), 'b0').code).toBe('cap');
  });

  it('passive help is exempt, unless includePassive', () => {
    const items: ItemSpec[] = [{ id: 'banner', type: 'banner', priority: 1 }, { id: 'help', type: 'helpLink' }, { id: 'tip', type: 'tooltip' }];
    expect(shownIds(input(manifest(items, { perPageView: 1 })))).toEqual(['banner', 'help', 'tip']);
    expect(shownIds(input(manifest(items, { perPageView: 1, includePassive: true })))).toEqual(['banner']);
  });

  it('an item may declare itself interruptive or not', () => {
    const items: ItemSpec[] = [{ id: 'loud-tip', type: 'tooltip', interruptive: true }, { id: 'quiet-banner', type: 'banner', interruptive: false }, { id: 'b', type: 'banner' }];
    const decision = decide(input(manifest(items, { perPageView: 1 })));
    expect(decision.show.map((i) => i.id)).toEqual(['loud-tip', 'quiet-banner']);
  });

  it('a requested tour skips the caps but spends them', () => {
    const m = manifest([{ id: 'b', type: 'banner', priority: 9 }, { id: 't', type: 'tour', trigger: 'manual' }], { perPageView: 1 });
    const decision = decide(input(m, { requested: ['t'], pacing: { pageViewShown: 1, sessionShown: 1 } }));
    expect(decision.show.map((i) => i.id)).toEqual(['t']);
  });

  it('items already on screen keep showing and are not counted again', () => {
    const m = manifest(banners(2), { perPageView: 1 });
    const decision = decide(input(m, { showing: ['b1'], pacing: { pageViewShown: 1, sessionShown: 1 } }));
    expect(decision.verdicts.map((v) => v.reason.code)).toEqual(['cap', 'already-showing']);
  });

  it('defaults apply to caps left out or undefined (perPageView 1, perSession 3)', () => {
    expect(shownIds(input(manifest(banners(3), { perPageView: undefined })))).toEqual(['b0']);
    expect(shownIds(input(manifest(banners(3), { perPageView: 5 }), { pacing: { pageViewShown: 0, sessionShown: 2 } }))).toEqual(['b0']);
  });

  it('a cap of 0 shows no interruptive item', () => {
    expect(shownIds(input(manifest(banners(2), { perSession: 0 })))).toEqual([]);
  });
});

describe('tours', () => {
  it('only one tour at a time, the highest priority', () => {
    const m = manifest([{ id: 'a', type: 'tour' }, { id: 'b', type: 'tour', priority: 2 }], { perPageView: 5 });
    const decision = decide(input(m));
    expect(decision.show.map((i) => i.id)).toEqual(['b']);
    expect(decision.verdicts[0].reason).toEqual({ code: 'tour-running', tour: 'b' });
  });

  it('a tour on screen keeps the slot against a higher-priority tour', () => {
    const m = manifest([{ id: 'a', type: 'tour', priority: 9 }, { id: 'b', type: 'tour' }], { perPageView: 5 });
    const decision = decide(input(m, { showing: ['b'] }));
    expect(decision.show.map((i) => i.id)).toEqual(['b']);
    expect(decision.verdicts[0].reason).toEqual({ code: 'tour-running', tour: 'b' });
  });

  it('a tour running in another tab blocks, even a requested one', () => {
    const m = manifest([{ id: 'a', type: 'tour', trigger: 'manual' }]);
    expect(reasonOf(input(m, { activeTour: 'other', requested: ['a'] }), 'a')).toEqual({ code: 'tour-running', tour: 'other' });
  });
});

describe('priority and output order', () => {
  it('show is highest priority first, ties in manifest order; verdicts stay in manifest order', () => {
    const m = manifest([
      { id: 'a', type: 'helpLink' }, { id: 'b', type: 'helpLink', priority: 3 }, { id: 'c', type: 'helpLink', priority: -1 },
      { id: 'd', type: 'helpLink', priority: 3 }, { id: 'e', type: 'helpLink' },
    ]);
    const decision = decide(input(m));
    expect(decision.show.map((i) => i.id)).toEqual(['b', 'd', 'a', 'e', 'c']);
    expect(decision.verdicts.map((v) => v.itemId)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('priorityOrder handles empty manifests and a single priority without sorting', () => {
    expect(priorityOrder([])).toEqual([]);
    expect(priorityOrder(manifest([{ id: 'a', type: 'banner' }, { id: 'b', type: 'banner' }]).items)).toEqual([0, 1]);
  });
});

describe('individualReason', () => {
  it('is the per-item part of decide (no pacing, no tours)', () => {
    const m = manifest([{ id: 'a', type: 'banner' }, { id: 'b', type: 'banner', when: { x: 1 } }], { perPageView: 0 });
    expect(individualReason(m.items[0], input(m))).toBeUndefined();
    expect(individualReason(m.items[1], input(m))).toMatchObject({ code: 'condition', path: 'x' });
  });
});

describe('prepared manifests', () => {
  const m = manifest([
    { id: 'a', type: 'banner', priority: 2, schedule: { start: '2026-01-01T00:00:00Z' }, when: { 'account.plan': 'trial' } },
    { id: 'b', type: 'banner', priority: 5 },
    { id: 'c', type: 'helpLink', when: { 'account.plan': 'pro' } },
  ]);
  const attributes = { account: { plan: 'trial' } };

  it('decide gives the same answer with or without one', () => {
    const prepared = prepareManifest(m);
    expect(decide(input(m, { attributes, prepared }))).toEqual(decide(input(m, { attributes })));
  });

  it('one prepared for another manifest is ignored, never trusted', () => {
    const other = manifest([{ id: 'b', type: 'banner' }]);
    const decision = decide(input(m, { attributes, prepared: prepareManifest(other) }));
    expect(decision.verdicts.map((v) => v.itemId)).toEqual(['a', 'b', 'c']);
    expect(decision.show.map((i) => i.id)).toEqual(['b']);
  });
});
