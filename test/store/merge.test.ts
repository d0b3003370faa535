/**
 * src/store/merge.ts on its own: merging progress written by two tabs (mergeItem, diffProgress,
 * applyChange). Covers the order-independence of merging (both tabs converge), the status
 * that never goes backwards across tabs, event counts that add as deltas, visits and page
 * histories, what a diff carries, and the bounds of progress.ts after merging hostile changes.
 * The single mergeItem dismissal case and the 1+1 event count are in progress-store.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  emptyProgress, MAX_EVENT_NAMES, MAX_PAGE_PATHS, MAX_VIEWS_PER_PATH, recordCompleted, recordDismissed, recordEvent,
  recordPageView, recordSeen, recordStep, recordVisit, type ItemProgress, type ProgressState,
} from '../../src/engine/progress';
import { applyChange, diffProgress, mergeItem, type ProgressChange } from '../../src/store/merge';

const T = 1_700_000_000_000;

/** Two tabs start from `base`, each makes its own change, then each applies the other's. */
function exchange(base: ProgressState, inA: (s: ProgressState) => ProgressState, inB: (s: ProgressState) => ProgressState, now = T) {
  const a = inA(base);
  const b = inB(base);
  const fromA = diffProgress(base, a);
  const fromB = diffProgress(base, b);
  return { tabA: fromB ? applyChange(a, fromB, now) : a, tabB: fromA ? applyChange(b, fromA, now) : b };
}

const record = (extra: Partial<ItemProgress>): ItemProgress => ({ version: 1, status: 'seen', timesSeen: 1, ...extra });

describe('mergeItem is order-independent', () => {
  const pairs: [string, ItemProgress, ItemProgress][] = [
    ['seen vs dismissed', record({ timesSeen: 3, firstSeenAt: 5, lastSeenAt: 40 }), record({ status: 'dismissed', timesSeen: 1, firstSeenAt: 2, lastSeenAt: 10, dismissedAt: 12 })],
    ['dismissed vs completed', record({ status: 'dismissed', dismissedAt: 30, lastSeenAt: 20 }), record({ status: 'completed', completedAt: 25, lastSeenAt: 21 })],
    ['times missing on one side', record({ timesSeen: 0, status: 'dismissed', dismissedAt: 9 }), record({ timesSeen: 2, firstSeenAt: 3, lastSeenAt: 4 })],
    ['different versions', record({ version: 2, timesSeen: 1, lastSeenAt: 1 }), record({ version: 1, status: 'completed', completedAt: 99, lastSeenAt: 98 })],
  ];

  it.each(pairs)('%s: mergeItem(a, b) equals mergeItem(b, a)', (_name, a, b) => {
    expect(mergeItem(a, b)).toEqual(mergeItem(b, a));
  });

  it('keeps the furthest status, the most views, the earliest first view and the latest times', () => {
    const [, a, b] = pairs[0];
    expect(mergeItem(a, b)).toEqual({ version: 1, status: 'dismissed', timesSeen: 3, firstSeenAt: 2, lastSeenAt: 40, dismissedAt: 12, completedAt: undefined });
    expect(mergeItem(pairs[1][1], pairs[1][2])).toMatchObject({ status: 'completed', dismissedAt: 30, completedAt: 25, lastSeenAt: 21 });
  });

  it('one side missing: the other as it is', () => {
    const only = record({ lastSeenAt: 3 });
    expect(mergeItem(only, undefined)).toBe(only);
    expect(mergeItem(undefined, only)).toBe(only);
    expect(mergeItem(undefined, undefined)).toBeUndefined();
  });
});

describe('how a dismissal came about (dismissedBy)', () => {
  it('goes with the latest dismissal, whichever side it is on', () => {
    const app = record({ status: 'dismissed', dismissedAt: 10, dismissedBy: 'api' });
    const person = record({ status: 'dismissed', dismissedAt: 20 });
    expect(mergeItem(app, person)?.dismissedBy).toBeUndefined();
    expect(mergeItem(person, app)?.dismissedBy).toBeUndefined();
    const later = record({ status: 'dismissed', dismissedAt: 30, dismissedBy: 'target-missing' });
    expect(mergeItem(person, later)?.dismissedBy).toBe('target-missing');
    expect(mergeItem(later, person)?.dismissedBy).toBe('target-missing');
  });

  it('a tie the two sides disagree on reads as the person, in either order', () => {
    const a = record({ status: 'dismissed', dismissedAt: 10, dismissedBy: 'api' });
    const b = record({ status: 'dismissed', dismissedAt: 10, dismissedBy: 'target-missing' });
    expect(mergeItem(a, b)).toEqual(mergeItem(b, a));
    expect(mergeItem(a, b)?.dismissedBy).toBeUndefined();
  });

  it('a record from another tab with any other dismissedBy is not merged', () => {
    const base = recordSeen(emptyProgress(), 'tour', 1, T);
    for (const dismissedBy of ['user', 42, { toString: 'api' }, 'x'.repeat(10_000)]) {
      const hostile = { items: { tour: { ...record({ status: 'dismissed', dismissedAt: T + 1 }), dismissedBy } } } as unknown as ProgressChange;
      expect(applyChange(base, hostile, T).items.tour).toEqual(base.items.tour);
    }
  });

  it('recordDismissed keeps it for the app and a missing target only, and a later dismissal by the person clears it', () => {
    const byApp = recordDismissed(emptyProgress(), 'tour', 1, T, 'api');
    expect(byApp.items.tour).toMatchObject({ status: 'dismissed', dismissedAt: T, dismissedBy: 'api' });
    expect(recordDismissed(emptyProgress(), 'tour', 1, T, 'target-missing').items.tour.dismissedBy).toBe('target-missing');
    expect(recordDismissed(emptyProgress(), 'tour', 1, T, 'escape').items.tour).not.toHaveProperty('dismissedBy');
    expect(recordDismissed(byApp, 'tour', 1, T + 5, 'close').items.tour).not.toHaveProperty('dismissedBy');
  });
});

describe('two tabs converge', () => {
  const base = recordVisit(recordSeen(emptyProgress(), 'banner', 1, T - 1000), T - 2000);

  it('a dismissal in one tab beats a later "seen" in the other, whichever tab applies it', () => {
    const { tabA, tabB } = exchange(base, (s) => recordDismissed(s, 'banner', 1, T + 10), (s) => recordSeen(s, 'banner', 1, T + 20));
    expect(tabA.items.banner).toEqual({ version: 1, status: 'dismissed', timesSeen: 2, firstSeenAt: T - 1000, lastSeenAt: T + 20, dismissedAt: T + 10, completedAt: undefined });
    expect(tabB.items.banner).toEqual(tabA.items.banner);
  });

  it('a completion in one tab beats a dismissal in the other', () => {
    const { tabA, tabB } = exchange(base, (s) => recordCompleted(s, 'banner', 1, T + 5), (s) => recordDismissed(s, 'banner', 1, T + 50));
    expect(tabA.items.banner.status).toBe('completed');
    expect(tabB.items.banner.status).toBe('completed');
    expect(tabB.items.banner).toEqual(tabA.items.banner);
  });

  it('a newer version seen in one tab replaces an older completion in the other', () => {
    const { tabA, tabB } = exchange(base, (s) => recordCompleted(s, 'banner', 1, T + 5), (s) => recordSeen(s, 'banner', 2, T + 1));
    expect(tabA.items.banner).toEqual({ version: 2, status: 'seen', timesSeen: 1, firstSeenAt: T + 1, lastSeenAt: T + 1 });
    expect(tabB.items.banner).toEqual(tabA.items.banner);
  });

  it('event counts add (deltas), with the earliest first and the latest last time', () => {
    const counted = recordEvent(recordEvent(base, 'saved', T - 500), 'saved', T - 400);
    const { tabA, tabB } = exchange(
      counted,
      (s) => recordEvent(recordEvent(recordEvent(s, 'saved', T + 1), 'saved', T + 2), 'fresh', T + 3),
      (s) => recordEvent(s, 'saved', T + 9),
    );
    expect(tabA.events).toEqual({ saved: { count: 5, firstAt: T - 500, lastAt: T + 9 }, fresh: { count: 1, firstAt: T + 3, lastAt: T + 3 } });
    expect(tabB.events).toEqual(tabA.events);
  });

  it('visits keep the larger counts and the widest span', () => {
    const { tabA, tabB } = exchange(base, (s) => recordVisit(recordVisit(s, T + 10), T + 40 * 60_000), (s) => recordVisit(s, T + 20));
    expect(tabA.visits).toEqual({ count: 3, sessions: 2, firstAt: T - 2000, lastAt: T + 40 * 60_000 });
    expect(tabB.visits).toEqual(tabA.visits);
  });

  it('page histories are merged per path, the union of views', () => {
    const { tabA, tabB } = exchange(base, (s) => recordPageView(s, '/pricing', T + 1), (s) => recordPageView(recordPageView(s, '/pricing', T + 2), '/docs', T + 3), T + 10);
    expect(tabA.pages).toEqual({
      '/pricing': { count: 1, firstAt: T + 1, lastAt: T + 2, recent: [T + 1, T + 2] },
      '/docs': { count: 1, firstAt: T + 3, lastAt: T + 3, recent: [T + 3] },
    });
    expect(tabB.pages!['/pricing']).toEqual(tabA.pages!['/pricing']);
  });
});

describe('diffProgress and applyChange', () => {
  it('nothing changed: no change to send; a lower event count is not sent as a negative delta', () => {
    const state = recordEvent(recordSeen(emptyProgress(), 'a', 1, T), 'e', T);
    expect(diffProgress(state, state)).toBeUndefined();
    expect(diffProgress(recordEvent(state, 'e', T + 1), state)).toBeUndefined();
  });

  it('carries only the records that changed', () => {
    const before = recordPageView(recordSeen(recordSeen(emptyProgress(), 'a', 1, T), 'b', 1, T), '/x', T);
    const after = recordPageView(recordDismissed(before, 'b', 1, T + 1), '/y', T + 1);
    expect(diffProgress(before, after)).toEqual({
      items: { b: { version: 1, status: 'dismissed', timesSeen: 1, firstSeenAt: T, lastSeenAt: T, dismissedAt: T + 1 } },
      pages: { '/y': { count: 1, firstAt: T + 1, lastAt: T + 1, recent: [T + 1] } },
    });
  });

  it('does not modify the state it merges into', () => {
    const state = recordEvent(recordSeen(emptyProgress(), 'a', 1, T), 'e', T);
    const snapshot = structuredClone(state);
    const change: ProgressChange = { items: { a: record({ status: 'completed', completedAt: T + 1 }) }, events: { e: { count: 1, firstAt: T, lastAt: T, delta: 1 } } };
    const next = applyChange(state, change, T + 2);
    expect(state).toEqual(snapshot);
    expect(next.items.a.status).toBe('completed');
    expect(next.events.e.count).toBe(2);
  });

  it('a page history from another tab is bounded at `now` (old views dropped, newest kept)', () => {
    const recent = Array.from({ length: MAX_VIEWS_PER_PATH + 10 }, (_, i) => T + i);
    const change: ProgressChange = { pages: { '/p': { count: recent.length, firstAt: T, lastAt: recent.at(-1)!, recent } } };
    const merged = applyChange(recordPageView(emptyProgress(), '/p', T - 1), change, T + 100);
    expect(merged.pages!['/p'].recent).toHaveLength(MAX_VIEWS_PER_PATH);
    expect(merged.pages!['/p'].recent.at(-1)).toBe(recent.at(-1));
  });
});

describe('tabs that tie on lastSeenAt converge (the further step)', () => {
  // recordStep does not move lastSeenAt, so two tabs stepping one tour tie: both keep the
  // further step, whichever record they merge into which.
  it('the tour step agrees in both tabs after the exchange', () => {
    const base = recordSeen(emptyProgress(), 'tour', 1, T);
    const { tabA, tabB } = exchange(base, (s) => recordStep(s, 'tour', 1, 2), (s) => recordStep(s, 'tour', 1, 3));
    expect(tabA.items.tour.step).toBe(tabB.items.tour.step);
  });
});

describe('an event named like an Object.prototype member ("constructor", "toString")', () => {
  // Such names are valid event names: lookups read own entries only (ownEntry), never the
  // inherited member, which would count as a previous record (NaN).
  it('a tab that never saw the event takes the count from the other tab', () => {
    const change: ProgressChange = { events: { constructor: { count: 1, firstAt: T, lastAt: T, delta: 1 } } };
    expect(applyChange(emptyProgress(), change, T).events.constructor).toEqual({ count: 1, firstAt: T, lastAt: T });
  });
});

describe('merged progress keeps the bounds of progress.ts', () => {
  const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  it(`two tabs each tracking 300 new event names keep at most MAX_EVENT_NAMES (${MAX_EVENT_NAMES})`, () => {
    const { tabA } = exchange(
      emptyProgress(),
      (s) => names('a', 300).reduce((x, n) => recordEvent(x, n, T), s),
      (s) => names('b', 300).reduce((x, n) => recordEvent(x, n, T), s),
    );
    expect(Object.keys(tabA.events).length).toBeLessThanOrEqual(MAX_EVENT_NAMES);
  });

  it(`two tabs each viewing 60 new paths keep at most MAX_PAGE_PATHS (${MAX_PAGE_PATHS})`, () => {
    const { tabA } = exchange(
      emptyProgress(),
      (s) => names('/a', 60).reduce((x, p, i) => recordPageView(x, p, T + i), s),
      (s) => names('/b', 60).reduce((x, p, i) => recordPageView(x, p, T + i), s),
      T + 100,
    );
    expect(Object.keys(tabA.pages!).length).toBeLessThanOrEqual(MAX_PAGE_PATHS);
  });

  it('a hostile change of 5,000 event names and paths does not grow the state past the bounds', () => {
    const events = Object.fromEntries(names('e', 5000).map((n) => [n, { count: 1, firstAt: T, lastAt: T, delta: 1 }]));
    const pages = Object.fromEntries(names('/p', 5000).map((p) => [p, { count: 1, firstAt: T, lastAt: T, recent: [T] }]));
    const merged = applyChange(emptyProgress(), { events, pages }, T);
    expect(Object.keys(merged.events).length).toBeLessThanOrEqual(MAX_EVENT_NAMES);
    expect(Object.keys(merged.pages!).length).toBeLessThanOrEqual(MAX_PAGE_PATHS);
  });
});

describe('a hostile change: what is not a record, count or time is left out', () => {
  it('a "__proto__" key stays an own key (or is dropped) and never becomes the prototype of the map', () => {
    const change = JSON.parse('{"items":{"__proto__":{"target":{"version":9,"status":"completed","timesSeen":1}}}}') as ProgressChange;
    const merged = applyChange(emptyProgress(), change, T);
    expect(({} as Record<string, unknown>).target).toBeUndefined(); // no global pollution
    expect(Object.getPrototypeOf(merged.items)).toBe(Object.prototype);
    expect(merged.items.target).toBeUndefined();
  });

  it('an event delta that is not a positive number does not corrupt the count', () => {
    const state = recordEvent(emptyProgress(), 'e', T);
    const change = { events: { e: { count: 1, firstAt: T, lastAt: T, delta: 'x' } } } as unknown as ProgressChange;
    expect(applyChange(state, change, T).events.e.count).toBe(1);
    const negative: ProgressChange = { events: { e: { count: 1, firstAt: T, lastAt: T, delta: -1e9 } } };
    expect(applyChange(state, negative, T).events.e.count).toBeGreaterThanOrEqual(1);
  });
});
