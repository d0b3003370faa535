/**
 * The attribute context: every name documented in docs/targeting.md, with the values a
 * condition reads, derived from plain inputs and `now` only.
 */
import { describe, expect, it } from 'vitest';
import { buildAttributes, daysSince, pageAttributes, type AttributeInput } from '../../src/engine/attributes';
import { evalCondition, getPath } from '../../src/engine/condition';
import { emptyProgress, recordCompleted, recordEvent, recordPageView, recordSeen, recordStep, recordVisit, type ProgressState } from '../../src/engine/progress';
import { DAY, HOUR, T0 } from '../support/engine-helpers';

const laptop = { width: 1440, height: 900, touch: false, language: 'en-GB' };
const phone = { width: 390, height: 844, touch: true, language: 'es-ES' };

function attributes(extra: Partial<AttributeInput> = {}) {
  return buildAttributes({
    user: { id: 'u1', accountId: 'acme', traits: { plan: 'trial', role: 'admin' }, accountTraits: { plan: 'trial', seats: 3 } },
    page: { url: 'https://app.example.com/reports/q1?tab=sales&utm_source=newsletter&utm_campaign=spring#chart', referrer: 'https://www.google.com/' },
    device: laptop,
    locale: 'en',
    progress: emptyProgress(),
    now: T0,
    ...extra,
  });
}

describe('buildAttributes', () => {
  it('user and account: ids, traits nested and spread; ids win over a trait named "id"', () => {
    const a = buildAttributes({ ...baseInput(), user: { id: 'u1', accountId: 'acme', traits: { id: 'spoof', plan: 'trial' }, accountTraits: { id: 'spoof', seats: 3 } } });
    expect(a.user).toEqual({ id: 'u1', accountId: 'acme', plan: 'trial', traits: { id: 'spoof', plan: 'trial' } });
    expect(a.account).toEqual({ id: 'acme', seats: 3 });
  });

  it('page: url, path, query, hash, referrer and every utm_* parameter', () => {
    expect(attributes().page).toEqual({
      url: 'https://app.example.com/reports/q1?tab=sales&utm_source=newsletter&utm_campaign=spring#chart',
      path: '/reports/q1',
      query: { tab: 'sales', utm_source: 'newsletter', utm_campaign: 'spring' },
      hash: '#chart',
      referrer: 'https://www.google.com/',
      utm_source: 'newsletter',
      utm_campaign: 'spring',
    });
  });

  it('page: a URL that does not parse leaves path, query and hash empty instead of throwing', () => {
    expect(pageAttributes({ url: 'not a url' })).toEqual({ url: 'not a url', path: '', query: {}, hash: '', referrer: '' });
  });

  it('page: a path from the root (what a server has of its request) is taken apart like a full URL', () => {
    expect(pageAttributes({ url: '/pricing/?plan=pro&utm_source=ad#faq' })).toEqual({
      url: '/pricing/?plan=pro&utm_source=ad#faq', path: '/pricing/', query: { plan: 'pro', utm_source: 'ad' }, hash: '#faq', referrer: '', utm_source: 'ad',
    });
    // Protocol-relative: the host is the URL's own, the path still its path.
    expect(pageAttributes({ url: '//app.example.com/board' }).path).toBe('/board');
  });

  it('device: measurements as given, plus phone = touch and short side under 600px', () => {
    expect(attributes().device).toEqual({ ...laptop, phone: false });
    expect(attributes({ device: phone }).device).toMatchObject({ phone: true, language: 'es-ES' });
    expect(attributes({ device: { ...phone, width: 844, height: 390 } }).device).toMatchObject({ phone: true });
    // A narrow desktop window is not a phone; a touch laptop is not one either.
    expect(attributes({ device: { ...laptop, width: 390 } }).device).toMatchObject({ phone: false });
    expect(attributes({ device: { ...laptop, touch: true } }).device).toMatchObject({ phone: false });
  });

  it('locale and experiments', () => {
    const a = attributes({ locale: 'es', experiments: { 'onboarding-help': 'help' } });
    expect(a.locale).toBe('es');
    expect(a.experiments).toEqual({ 'onboarding-help': 'help' });
    expect(attributes().experiments).toEqual({});
  });

  it('visits and daysSinceFirstSeen (whole days, never negative)', () => {
    let progress = recordVisit(emptyProgress(), T0);
    progress = recordVisit(progress, T0 + HOUR);
    progress = recordVisit(progress, T0 + 11 * DAY + HOUR);
    const a = attributes({ progress, now: T0 + 11 * DAY + 2 * HOUR });
    expect(a.visits).toEqual({ count: 3, sessions: 3, firstAt: T0, lastAt: T0 + 11 * DAY + HOUR });
    expect(a.daysSinceFirstSeen).toBe(11);
    expect(attributes({ progress, now: T0 - DAY }).daysSinceFirstSeen).toBe(0);
    // Before any visit is recorded, this is the first one.
    expect(attributes().visits).toEqual({ count: 0, sessions: 0, firstAt: T0, lastAt: T0 });
    expect(attributes().daysSinceFirstSeen).toBe(0);
  });

  it('events.<name>: count, firstAt, lastAt, daysSinceLast', () => {
    let progress = recordEvent(emptyProgress(), 'expense_created', T0 - 10 * DAY);
    progress = recordEvent(progress, 'expense_created', T0 - 3 * DAY - HOUR);
    expect(attributes({ progress }).events).toEqual({ expense_created: { count: 2, firstAt: T0 - 10 * DAY, lastAt: T0 - 3 * DAY - HOUR, daysSinceLast: 3 } });
  });

  it('items.<id>: status, timesSeen, times, step, and days since each', () => {
    let progress = recordSeen(emptyProgress(), 'setup-tour', 1, T0 - 5 * DAY);
    progress = recordStep(progress, 'setup-tour', 1, 2);
    progress = recordCompleted(progress, 'setup-tour', 1, T0 - 2 * DAY);
    expect(attributes({ progress }).items).toEqual({
      'setup-tour': {
        version: 1, status: 'completed', timesSeen: 1, firstSeenAt: T0 - 5 * DAY, lastSeenAt: T0 - 5 * DAY, step: 2,
        completedAt: T0 - 2 * DAY, daysSinceLastSeen: 5, daysSinceCompleted: 2,
      },
    });
  });

  it('pages.<path>: all-time count and rolling windows from the bounded history', () => {
    let progress: ProgressState = emptyProgress();
    for (const at of [T0 - 20 * DAY, T0 - 6 * DAY, T0 - 2 * DAY, T0 - HOUR, T0]) progress = recordPageView(progress, '/pricing', at);
    expect(attributes({ progress }).pages).toEqual({
      '/pricing': { count: 5, firstAt: T0 - 20 * DAY, lastAt: T0, daysSinceLast: 0, last24Hours: 2, last7Days: 4, last30Days: 5 },
    });
  });

  it('pages: malformed stored entries (another version, corrupt storage) are skipped', () => {
    const progress = { ...emptyProgress(), pages: { '/ok': { count: 1, firstAt: T0, lastAt: T0, recent: [T0] }, '/bad': { count: 'x' }, '/worse': null } } as unknown as ProgressState;
    expect(Object.keys(attributes({ progress }).pages as object)).toEqual(['/ok']);
  });

  it('is a pure function of its input', () => {
    const input = baseInput();
    expect(buildAttributes(input)).toEqual(buildAttributes(structuredClone(input)));
  });
});

describe('missing values, as conditions read them (the idioms docs/targeting.md recommends)', () => {
  const a = attributes();
  it('an event never tracked: $exists false is true, $lt includes it, $gte excludes it', () => {
    expect(getPath(a, 'events.expense_created.count')).toBeUndefined();
    expect(evalCondition(a, { 'events.expense_created.count': { $exists: false } })).toBe(true);
    expect(evalCondition(a, { 'events.expense_created.count': { $lt: 3 } })).toBe(true);
    expect(evalCondition(a, { 'events.expense_created.count': { $gte: 1 } })).toBe(false);
  });

  it('an item never seen: $ne "completed" is true', () => {
    expect(evalCondition(a, { 'items.reports-tour.status': { $ne: 'completed' } })).toBe(true);
  });
});

describe('daysSince', () => {
  it('counts whole 24-hour days and clamps a backwards clock to 0', () => {
    expect(daysSince(T0, T0 + DAY - 1)).toBe(0);
    expect(daysSince(T0, T0 + DAY)).toBe(1);
    expect(daysSince(T0, T0 - 3 * DAY)).toBe(0);
  });
});

function baseInput(): AttributeInput {
  return { user: {}, page: { url: 'https://x.test/' }, device: laptop, locale: 'en', progress: emptyProgress(), now: T0 };
}
