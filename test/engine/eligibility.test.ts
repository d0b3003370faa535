/**
 * src/engine/eligibility.ts on its own, by its exports: the schedule window at its edges (and
 * absent or unparsable bounds), goals, the history rules (once, untilCompleted, always,
 * {everyDays, maxTimes}) at their exact boundaries, which record applies to which version,
 * prerequisites and triggers. The same rules as seen through `decide` are in decide.test.ts;
 * this file covers the boundaries and combinations it does not.
 */
import { describe, expect, it } from 'vitest';
import {
  applicableProgress, DEFAULT_FREQUENCY, frequencyOf, goalReason, historyReason, requiresReason, scheduleReason, triggerReason,
} from '../../src/engine/eligibility';
import { prepareItem } from '../../src/engine/prepare';
import { emptyProgress, recordCompleted, recordEvent, recordSeen, recordStep, type ItemProgress } from '../../src/engine/progress';
import { DAY, item, progressWith, T0, type ItemSpec } from '../support/engine-helpers';

const seen = (extra: Partial<ItemProgress> = {}): ItemProgress => ({ version: 1, status: 'seen', timesSeen: 1, firstSeenAt: T0, lastSeenAt: T0, ...extra });
const history = (spec: Partial<ItemSpec>, record: ItemProgress | undefined, now = T0, pageViewStartedAt?: number) =>
  historyReason(item({ id: 'a', type: 'banner', ...spec }), record, { now, pageViewStartedAt });

describe('scheduleReason', () => {
  const at = (schedule: { start?: string; end?: string }, now: number) => scheduleReason(prepareItem(item({ id: 's', type: 'banner', schedule }), {}), now);

  it('a window of zero length (start = end) never opens', () => {
    const instant = '2026-03-02T00:00:00Z';
    expect(at({ start: instant, end: instant }, T0 - 1)).toEqual({ code: 'before-schedule', start: instant });
    expect(at({ start: instant, end: instant }, T0)).toEqual({ code: 'after-schedule', end: instant });
  });

  it('only an end: open until the millisecond before it', () => {
    expect(at({ end: '2026-03-02T00:00:00.001Z' }, T0)).toBeUndefined();
    expect(at({ end: '2026-03-02T00:00:00.001Z' }, T0 + 1)).toEqual({ code: 'after-schedule', end: '2026-03-02T00:00:00.001Z' });
  });

  it('absent or unparsable bounds never block', () => {
    expect(at({}, T0)).toBeUndefined();
    expect(at({ start: 'not a date', end: 'nor this' }, T0)).toBeUndefined();
    expect(scheduleReason(prepareItem(item({ id: 'none', type: 'banner' }), {}), Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });
});

describe('goalReason', () => {
  const withGoal = item({ id: 'g', type: 'banner', goal: 'invoice_sent' });

  it('reached once the event was tracked at least once, with when it first was', () => {
    expect(goalReason(withGoal, emptyProgress())).toBeUndefined();
    const tracked = recordEvent(recordEvent(emptyProgress(), 'invoice_sent', T0 - 5), 'invoice_sent', T0);
    expect(goalReason(withGoal, tracked)).toEqual({ code: 'goal-reached', goal: 'invoice_sent', at: T0 - 5 });
  });

  it('a record with a count of 0 is not a reached goal; an item without a goal has none', () => {
    expect(goalReason(withGoal, progressWith({ events: { invoice_sent: { count: 0, firstAt: T0, lastAt: T0 } } }))).toBeUndefined();
    expect(goalReason(item({ id: 'n', type: 'banner' }), recordEvent(emptyProgress(), 'invoice_sent', T0))).toBeUndefined();
  });
});

describe('historyReason: once and untilCompleted', () => {
  it('no record: nothing holds it back, whatever the rule', () => {
    for (const frequency of ['once', 'untilCompleted', 'always', { everyDays: 1, maxTimes: 1 }] as const) expect(history({ frequency }, undefined)).toBeUndefined();
  });

  it('"once" counts showings: a tour resumed at a step but never counted as seen may show', () => {
    const stepped = recordStep(emptyProgress(), 'a', 1, 2).items.a;
    expect(stepped.timesSeen).toBe(0);
    expect(history({ frequency: 'once' }, stepped)).toBeUndefined();
    expect(history({ frequency: 'once' }, seen())).toEqual({ code: 'frequency', rule: 'once' });
  });

  it('"once" and "untilCompleted" say why a closed item stays closed: completed before dismissed', () => {
    for (const frequency of ['once', 'untilCompleted'] as const) {
      expect(history({ frequency }, seen({ status: 'dismissed', dismissedAt: T0 - 1 }))).toEqual({ code: 'dismissed', at: T0 - 1 });
      expect(history({ frequency }, seen({ status: 'completed', completedAt: T0 - 2, dismissedAt: T0 - 1 }))).toEqual({ code: 'completed', at: T0 - 2 });
    }
  });

  it('a closing in this page view is not "for the page view" under lasting rules', () => {
    expect(history({ frequency: 'untilCompleted' }, seen({ status: 'dismissed', dismissedAt: T0 }), T0, T0 - 10)).toEqual({ code: 'dismissed', at: T0 });
  });
});

describe('historyReason: always', () => {
  it('hidden from the very millisecond the page view started, back for a closing one ms earlier', () => {
    const start = T0 - 1000;
    expect(history({ frequency: 'always' }, seen({ status: 'completed', completedAt: start }), T0, start)).toEqual({ code: 'completed', at: start, forPageView: true });
    expect(history({ frequency: 'always' }, seen({ status: 'completed', completedAt: start - 1 }), T0, start)).toBeUndefined();
    expect(history({ frequency: 'always' }, seen({ status: 'dismissed', dismissedAt: start }), T0, start)).toEqual({ code: 'dismissed', at: start, forPageView: true });
  });

  it('without a page-view start nothing is "this page view": never held back', () => {
    expect(history({ frequency: 'always' }, seen({ status: 'dismissed', dismissedAt: T0 }), T0, undefined)).toBeUndefined();
  });

  it('a record whose status has no time (completed, no completedAt) does not hide it', () => {
    expect(history({ frequency: 'always' }, seen({ status: 'completed' }), T0, T0 - 1)).toBeUndefined();
  });
});

describe('historyReason: shown earlier in this page view (paced), its target re-rendered', () => {
  const paced = (spec: Partial<ItemSpec>, record: ItemProgress, now = T0 + 1000) =>
    historyReason(item({ id: 'a', type: 'hotspot', ...spec }), record, { now, pageViewStartedAt: T0 - 1000, paced: new Set(['a']) });

  it('its own sighting is the same showing: "once", everyDays and maxTimes let it back', () => {
    for (const frequency of ['once', { everyDays: 7 }, { maxTimes: 1 }, { everyDays: 7, maxTimes: 1 }] as const) {
      expect(paced({ frequency }, seen())).toBeUndefined();
      // Not paced: the usual rule (a sighting on an earlier page view).
      expect(history({ frequency }, seen(), T0 + 1000, T0 - 1000)).toMatchObject({ code: 'frequency' });
    }
  });

  it('closed in this page view, it stays closed; another id being paced changes nothing', () => {
    expect(paced({ frequency: 'once' }, seen({ status: 'dismissed', dismissedAt: T0 }))).toEqual({ code: 'dismissed', at: T0 });
    expect(paced({ frequency: { everyDays: 7 } }, seen({ status: 'dismissed', dismissedAt: T0 }))).toEqual({ code: 'dismissed', at: T0, forPageView: true });
    expect(paced({ frequency: { maxTimes: 1 } }, seen({ status: 'completed', completedAt: T0 }))).toEqual({ code: 'completed', at: T0 });
    const other = historyReason(item({ id: 'a', type: 'hotspot', frequency: 'once' }), seen(), { now: T0, pageViewStartedAt: T0 - 1000, paced: new Set(['b']) });
    expect(other).toEqual({ code: 'frequency', rule: 'once' });
  });
});

describe('historyReason: always, closed again after an earlier completion', () => {
  it('a dismissal in this page view hides it even though the record stays "completed"', () => {
    // recordDismissed keeps a completed record "completed": only dismissedAt says it was closed now.
    const record = seen({ status: 'completed', completedAt: T0 - DAY, dismissedAt: T0 });
    expect(history({ frequency: 'always' }, record, T0 + 1, T0 - 1000)).toEqual({ code: 'dismissed', at: T0, forPageView: true });
    expect(history({ frequency: 'always' }, record, T0 + DAY, T0 + DAY - 1000)).toBeUndefined();
  });
});

describe('historyReason: {everyDays, maxTimes}', () => {
  it('maxTimes: shows while timesSeen is below it, stops exactly at it', () => {
    expect(history({ frequency: { maxTimes: 3 } }, seen({ timesSeen: 2 }))).toBeUndefined();
    expect(history({ frequency: { maxTimes: 3 } }, seen({ timesSeen: 3 }))).toEqual({ code: 'frequency', rule: 'at most 3 times' });
  });

  it('both: the count is checked before the wait, and either holds it back', () => {
    const frequency = { everyDays: 2, maxTimes: 2 };
    const once = seen({ timesSeen: 1, lastSeenAt: T0 });
    expect(history({ frequency }, once, T0 + 2 * DAY - 1)).toEqual({ code: 'frequency', rule: 'every 2 days', until: T0 + 2 * DAY });
    expect(history({ frequency }, once, T0 + 2 * DAY)).toBeUndefined();
    expect(history({ frequency }, seen({ timesSeen: 2, lastSeenAt: T0 }), T0 + 30 * DAY)).toEqual({ code: 'frequency', rule: 'at most 2 times' });
  });

  it('everyDays counts from the later of last seen and dismissed; 0 days waits for nothing', () => {
    const record = seen({ lastSeenAt: T0 + DAY, status: 'dismissed', dismissedAt: T0 });
    expect(history({ frequency: { everyDays: 1 } }, record, T0 + 2 * DAY - 1)).toMatchObject({ until: T0 + 2 * DAY });
    expect(history({ frequency: { everyDays: 0 } }, seen({ lastSeenAt: T0 }), T0)).toBeUndefined();
  });

  it('a fraction of a day is honoured to the millisecond', () => {
    expect(history({ frequency: { everyDays: 0.5 } }, seen({ lastSeenAt: T0 }), T0 + DAY / 2 - 1)).toMatchObject({ until: T0 + DAY / 2 });
    expect(history({ frequency: { everyDays: 0.5 } }, seen({ lastSeenAt: T0 }), T0 + DAY / 2)).toBeUndefined();
  });

  it('completion ends it; a dismissal in this page view hides it until the next; no time recorded: no wait', () => {
    expect(history({ frequency: { everyDays: 1 } }, seen({ status: 'completed', completedAt: T0 - 9 * DAY }), T0)).toEqual({ code: 'completed', at: T0 - 9 * DAY });
    expect(history({ frequency: { everyDays: 0 } }, seen({ status: 'dismissed', dismissedAt: T0 }), T0, T0 - 1)).toEqual({ code: 'dismissed', at: T0, forPageView: true });
    expect(history({ frequency: { everyDays: 7 } }, { version: 1, status: 'seen', timesSeen: 0 })).toBeUndefined();
  });
});

describe('frequencyOf and applicableProgress', () => {
  it('the manifest rule wins over the default of the type', () => {
    expect(frequencyOf(item({ id: 'x', type: 'helpLink', frequency: 'once' }))).toBe('once');
    expect(frequencyOf(item({ id: 'x', type: 'hotspot' }))).toBe(DEFAULT_FREQUENCY.hotspot);
    expect(DEFAULT_FREQUENCY).toEqual({ tour: 'untilCompleted', checklist: 'untilCompleted', banner: 'untilCompleted', hotspot: 'untilCompleted', helpLink: 'always', tooltip: 'always' });
  });

  it('a record applies to its version and later ones; an item without a version is version 1', () => {
    const progress = recordCompleted(emptyProgress(), 'x', 2, T0);
    expect(applicableProgress(item({ id: 'x', type: 'banner', version: 2 }), progress)).toBe(progress.items.x);
    expect(applicableProgress(item({ id: 'x', type: 'banner', version: 3 }), progress)).toBeUndefined();
    expect(applicableProgress(item({ id: 'x', type: 'banner', version: 3, reshowOnNewVersion: false }), progress)).toBe(progress.items.x);
    expect(applicableProgress(item({ id: 'x', type: 'banner' }), progress)).toBe(progress.items.x);
    expect(applicableProgress(item({ id: 'x', type: 'banner' }), recordSeen(emptyProgress(), 'y', 1, T0))).toBeUndefined();
  });
});

describe('requiresReason and triggerReason', () => {
  it('the first prerequisite in order is named; an empty list requires nothing; a dismissal is not a completion', () => {
    const progress = progressWith({ items: { one: seen({ status: 'dismissed' }), two: seen({ status: 'completed' }) } });
    expect(requiresReason(item({ id: 'r', type: 'tour', requires: ['two', 'one', 'three'] }), progress)).toEqual({ code: 'requires', missing: 'one', status: 'dismissed' });
    expect(requiresReason(item({ id: 'r', type: 'tour', requires: [] }), emptyProgress())).toBeUndefined();
    expect(requiresReason(item({ id: 'r', type: 'tour', requires: ['two'] }), progress)).toBeUndefined();
  });

  it('an {"event"} trigger waits for exactly that event name', () => {
    const spec = item({ id: 't', type: 'banner', trigger: { event: 'export_done' } });
    expect(triggerReason(spec, new Set(['export', 'EXPORT_DONE']))).toEqual({ code: 'trigger', waitingFor: 'event "export_done"', event: 'export_done' });
    expect(triggerReason(spec, new Set(['export_done']))).toBeUndefined();
    expect(triggerReason(item({ id: 'm', type: 'tour', trigger: 'manual' }), new Set(['anything']))).toEqual({ code: 'trigger', waitingFor: 'a call from code (startTour)' });
  });
});

describe('a goal named like an Object.prototype member', () => {
  // "constructor" is a valid event name: the goal is reached once it is tracked (own entries
  // only; the inherited member once counted NaN and the goal was never reached).
  it('tracking "constructor" reaches the goal "constructor"', () => {
    const tracked = recordEvent(emptyProgress(), 'constructor', T0);
    expect(goalReason(item({ id: 'g', type: 'banner', goal: 'constructor' }), tracked)).toEqual({ code: 'goal-reached', goal: 'constructor', at: T0 });
  });
});
