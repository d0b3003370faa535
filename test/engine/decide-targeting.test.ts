/**
 * The targeting phrases writers asked for, each as the JSON condition documented in
 * docs/targeting.md and the decision it leads to. Progress is built with the same pure
 * functions the browser layer calls, attributes with `buildAttributes`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAttributes } from '../../src/engine/attributes';
import type { Condition } from '../../src/engine/condition';
import { decide, type Reason } from '../../src/engine/decide';
import { emptyProgress, recordCompleted, recordDismissed, recordEvent, recordVisit, type ProgressState } from '../../src/engine/progress';
import { validateManifest } from '../../src/manifest/validate';
import { DAY, HOUR, manifest, T0 } from '../support/engine-helpers';

const laptop = { width: 1440, height: 900, touch: false, language: 'en' };

/** Decides one banner with `when` for this progress, page, device and time. */
function decideWhen(when: Condition, setup: { progress?: ProgressState; now?: number; path?: string; device?: typeof laptop }): Reason {
  const now = setup.now ?? T0;
  const attributes = buildAttributes({
    user: { id: 'u1' },
    page: { url: `https://app.example.com${setup.path ?? '/'}` },
    device: setup.device ?? laptop,
    locale: 'en',
    progress: setup.progress ?? emptyProgress(),
    now,
  });
  const m = manifest([{ id: 'help', type: 'banner', when }]);
  return decide({ manifest: m, progress: setup.progress ?? emptyProgress(), attributes, now }).verdicts[0].reason;
}

/** Page views on these days (relative to the first visit at T0), as the browser layer records them. */
function visitsOn(paths: [number, string][]): ProgressState {
  return paths.reduce((state, [at, path]) => recordVisit(state, at, path), emptyProgress());
}

const conditions = {
  elevenDaysNoExpense: { daysSinceFirstSeen: { $gte: 11 }, 'events.expense_created.count': { $exists: false } },
  pricingThreeTimesThisWeek: { 'pages./pricing.last7Days': { $gte: 3 } },
  setupButNotReports: { 'items.setup-tour.status': 'completed', 'items.reports-tour.status': { $ne: 'completed' } },
  onAPhone: { 'device.phone': true },
} satisfies Record<string, Condition>;

describe('"11 days after first visit and never created an expense"', () => {
  const when = conditions.elevenDaysNoExpense;
  const firstVisit = visitsOn([[T0, '/']]);

  it('shows from day 11 after the first visit', () => {
    expect(decideWhen(when, { progress: recordVisit(firstVisit, T0 + 11 * DAY, '/'), now: T0 + 11 * DAY })).toEqual({ code: 'shown' });
  });

  it('not on day 10, saying how many days it has been', () => {
    expect(decideWhen(when, { progress: recordVisit(firstVisit, T0 + 11 * DAY - HOUR, '/'), now: T0 + 11 * DAY - HOUR })).toEqual({
      code: 'condition', path: 'daysSinceFirstSeen', actual: 10, expected: { $gte: 11 },
    });
  });

  it('not once an expense was created, whenever that was', () => {
    const created = recordEvent(recordVisit(firstVisit, T0 + 12 * DAY, '/'), 'expense_created', T0 + DAY);
    expect(decideWhen(when, { progress: created, now: T0 + 12 * DAY })).toEqual({
      code: 'condition', path: 'events.expense_created.count', actual: 1, expected: { $exists: false },
    });
  });
});

describe('"visited pricing 3 or more times this week"', () => {
  const when = conditions.pricingThreeTimesThisWeek;

  it('shows on the third view within the last 7 days (the current view counts)', () => {
    const progress = visitsOn([[T0, '/pricing'], [T0 + 2 * DAY, '/'], [T0 + 3 * DAY, '/pricing/'], [T0 + 6 * DAY, '/pricing?plan=pro']]);
    expect(decideWhen(when, { progress, now: T0 + 6 * DAY, path: '/pricing' })).toEqual({ code: 'shown' });
  });

  it('not when one of the three views is older than a week', () => {
    const progress = visitsOn([[T0, '/pricing'], [T0 + 3 * DAY, '/pricing'], [T0 + 8 * DAY, '/pricing']]);
    expect(decideWhen(when, { progress, now: T0 + 8 * DAY, path: '/pricing' })).toEqual({
      code: 'condition', path: 'pages./pricing.last7Days', actual: 2, expected: { $gte: 3 },
    });
  });

  it('not before pricing was ever viewed', () => {
    expect(decideWhen(when, { progress: visitsOn([[T0, '/']]) })).toMatchObject({ code: 'condition', path: 'pages./pricing.last7Days', actual: undefined });
  });
});

describe('"completed the setup tour but not the reports tour"', () => {
  const when = conditions.setupButNotReports;
  const setupDone = recordCompleted(emptyProgress(), 'setup-tour', 1, T0 - DAY);

  it('shows when setup is completed and reports was never completed (unseen or dismissed)', () => {
    expect(decideWhen(when, { progress: setupDone })).toEqual({ code: 'shown' });
    expect(decideWhen(when, { progress: recordDismissed(setupDone, 'reports-tour', 1, T0 - HOUR) })).toEqual({ code: 'shown' });
  });

  it('not before setup is completed', () => {
    expect(decideWhen(when, { progress: recordDismissed(emptyProgress(), 'setup-tour', 1, T0 - DAY) })).toEqual({
      code: 'condition', path: 'items.setup-tour.status', actual: 'dismissed', expected: 'completed',
    });
  });

  it('not once reports is completed too', () => {
    expect(decideWhen(when, { progress: recordCompleted(setupDone, 'reports-tour', 1, T0 - HOUR) })).toMatchObject({
      code: 'condition', path: 'items.reports-tour.status', actual: 'completed',
    });
  });
});

describe('"on a phone"', () => {
  const when = conditions.onAPhone;

  it('shows on a touch device with a narrow viewport, in either orientation', () => {
    expect(decideWhen(when, { device: { width: 390, height: 844, touch: true, language: 'en' } })).toEqual({ code: 'shown' });
    expect(decideWhen(when, { device: { width: 844, height: 390, touch: true, language: 'en' } })).toEqual({ code: 'shown' });
  });

  it('not on a tablet or a narrow desktop window', () => {
    expect(decideWhen(when, { device: { width: 820, height: 1180, touch: true, language: 'en' } })).toEqual({
      code: 'condition', path: 'device.phone', actual: false, expected: true,
    });
    expect(decideWhen(when, { device: { width: 390, height: 800, touch: false, language: 'en' } })).toMatchObject({ code: 'condition', actual: false });
  });
});

describe('docs/targeting.md', () => {
  const doc = readFileSync(new URL('../../docs/targeting.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]) as unknown);

  it.each(Object.entries(conditions))('shows the tested condition %s verbatim', (_name, condition) => {
    expect(blocks).toContainEqual(condition);
  });

  it('its manifest example is a valid item', () => {
    const example = blocks.find((block) => (block as { id?: string }).id === 'expense-nudge');
    const result = validateManifest({ schemaVersion: 1, revision: 'doc', items: [example] });
    expect(result.problems).toEqual([]);
    expect(result.manifest?.items).toHaveLength(1);
  });
});
