/**
 * `describeReason` has a sentence for every reason code, carrying the value or time that
 * decided it. The table is typed by code, so adding a code without a case here fails to compile.
 */
import { describe, expect, it } from 'vitest';
import type { Reason } from '../../src/engine/decide';
import { describeReason } from '../../src/engine/explain';
import { T0 } from '../support/engine-helpers';

type ByCode = { [C in Reason['code']]: [Extract<Reason, { code: C }>, string][] };

const at = new Date(T0).toISOString();

const cases: ByCode = {
  shown: [[{ code: 'shown' }, 'shown']],
  'already-showing': [[{ code: 'already-showing' }, 'shown (already on screen)']],
  'before-schedule': [[{ code: 'before-schedule', start: '2026-05-01T00:00:00Z' }, 'not shown: its schedule starts at 2026-05-01T00:00:00Z']],
  'after-schedule': [[{ code: 'after-schedule', end: '2026-05-01T00:00:00Z' }, 'not shown: its schedule ended at 2026-05-01T00:00:00Z']],
  trigger: [[{ code: 'trigger', waitingFor: 'event "export_failed"', event: 'export_failed' }, 'not shown: waiting for event "export_failed"']],
  condition: [
    [{ code: 'condition', path: 'daysSinceFirstSeen', actual: 3, expected: { $gte: 11 } }, 'not shown: condition "daysSinceFirstSeen" is false (expected {"$gte":11}, actual value 3)'],
    [{ code: 'condition', path: 'account.plan', actual: undefined, expected: 'trial' }, 'not shown: condition "account.plan" is false (expected "trial", actual value nothing)'],
  ],
  requires: [
    [{ code: 'requires', missing: 'setup-tour' }, 'not shown: requires "setup-tour" to be completed first (not seen yet)'],
    [{ code: 'requires', missing: 'setup-tour', status: 'dismissed' }, 'not shown: requires "setup-tour" to be completed first (it is dismissed)'],
  ],
  'goal-reached': [[{ code: 'goal-reached', goal: 'project_created', at: T0 }, `not shown: its goal "project_created" was already reached at ${at}`]],
  completed: [
    [{ code: 'completed', at: T0 }, `not shown: already completed at ${at}`],
    [{ code: 'completed', at: T0, forPageView: true }, `not shown: completed in this page view at ${at}; back on the next page view`],
  ],
  dismissed: [
    [{ code: 'dismissed' }, 'not shown: dismissed by the user'],
    [{ code: 'dismissed', at: T0, by: 'target-missing' }, `not shown: ended when a step's target was not on the page at ${at}`],
    [{ code: 'dismissed', at: T0, by: 'api' }, `not shown: closed by the app (closeTour()) at ${at}`],
    [{ code: 'dismissed', at: T0, forPageView: true }, `not shown: closed in this page view at ${at}; back on the next page view`],
  ],
  frequency: [
    [{ code: 'frequency', rule: 'once' }, 'not shown: frequency rule "once"'],
    [{ code: 'frequency', rule: 'every 7 days', until: T0 }, `not shown: frequency rule "every 7 days" until ${at}`],
  ],
  cap: [
    [{ code: 'cap', cap: 'perPageView', limit: 1, untilNext: 'pageView' }, 'not shown: pacing cap perPageView reached (at most 1 interruptive items per page view) until the next page view'],
    [{ code: 'cap', cap: 'perSession', limit: 3, untilNext: 'session' }, 'not shown: pacing cap perSession reached (at most 3 interruptive items per session) until the next session (after 30 minutes without activity)'],
    [{ code: 'cap', cap: 'minGap', limit: 60, until: T0 }, `not shown: pacing cap minGap reached (at most 60 seconds between interruptive items) until ${at}`],
  ],
  'tour-running': [[{ code: 'tour-running', tour: 'welcome' }, 'not shown: the tour "welcome" is running']],
  priority: [[{ code: 'priority', outranked: 'trial-banner', cap: 'perPageView' }, 'not shown: "trial-banner" comes first (priority, then manifest order) and was shown instead (pacing cap perPageView)']],
  'target-missing': [[{ code: 'target-missing', selector: '#save' }, 'not shown: no element matches #save']],
};

describe('describeReason', () => {
  const all = Object.values(cases).flat() as [Reason, string][];
  it.each(all)('%j', (reason, sentence) => {
    expect(describeReason(reason)).toBe(sentence);
  });

  it('every shown reason starts with "shown", every other with "not shown:"', () => {
    for (const [reason] of all) {
      const shown = reason.code === 'shown' || reason.code === 'already-showing';
      expect(describeReason(reason).startsWith(shown ? 'shown' : 'not shown:')).toBe(true);
    }
  });
});
