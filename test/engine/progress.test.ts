/** The progress model's page-view history: bounded in paths, views and age; pure updates. */
import { describe, expect, it } from 'vitest';
import {
  emptyProgress, isPageStats, MAX_PAGE_PATHS, MAX_VIEWS_PER_PATH, mergePageStats, normalizePath, PAGE_HISTORY_MS,
  recordPageView, recordVisit, SESSION_GAP_MS, type ProgressState,
} from '../../src/engine/progress';
import { DAY, T0 } from '../support/engine-helpers';

describe('normalizePath', () => {
  it.each([
    ['/pricing', '/pricing'], ['/pricing/', '/pricing'], ['/pricing?plan=pro', '/pricing'], ['/pricing#faq', '/pricing'],
    ['/', '/'], ['', '/'], ['//', '/'], ['/a/b/', '/a/b'],
  ])('%j -> %j', (path, expected) => {
    expect(normalizePath(path)).toBe(expected);
  });
});

describe('recordPageView', () => {
  it('counts views per path and keeps their timestamps', () => {
    let state = recordPageView(emptyProgress(), '/pricing', T0);
    state = recordPageView(state, '/pricing/', T0 + 1000);
    expect(state.pages).toEqual({ '/pricing': { count: 2, firstAt: T0, lastAt: T0 + 1000, recent: [T0, T0 + 1000] } });
  });

  it('does not modify its input', () => {
    const before = recordPageView(emptyProgress(), '/a', T0);
    const snapshot = structuredClone(before);
    recordPageView(before, '/a', T0 + 1);
    recordPageView(before, '/b', T0 + 1);
    expect(before).toEqual(snapshot);
  });

  it(`keeps at most ${MAX_VIEWS_PER_PATH} recent views per path, the newest; the all-time count goes on`, () => {
    let state: ProgressState = emptyProgress();
    for (let i = 0; i < MAX_VIEWS_PER_PATH + 10; i++) state = recordPageView(state, '/a', T0 + i);
    const stats = state.pages!['/a'];
    expect(stats.count).toBe(MAX_VIEWS_PER_PATH + 10);
    expect(stats.recent).toHaveLength(MAX_VIEWS_PER_PATH);
    expect(stats.recent[0]).toBe(T0 + 10);
  });

  it('forgets views older than the history window', () => {
    let state = recordPageView(emptyProgress(), '/a', T0);
    state = recordPageView(state, '/a', T0 + PAGE_HISTORY_MS + 1);
    expect(state.pages!['/a'].recent).toEqual([T0 + PAGE_HISTORY_MS + 1]);
  });

  it('keeps views stamped in the future when the clock went back', () => {
    let state = recordPageView(emptyProgress(), '/a', T0);
    state = recordPageView(state, '/a', T0 - DAY);
    expect(state.pages!['/a']).toMatchObject({ count: 2, firstAt: T0 - DAY, lastAt: T0, recent: [T0, T0 - DAY] });
  });

  it(`keeps at most ${MAX_PAGE_PATHS} paths, forgetting the least recently viewed`, () => {
    let state: ProgressState = emptyProgress();
    for (let i = 0; i < MAX_PAGE_PATHS; i++) state = recordPageView(state, `/p${i}`, T0 + i);
    state = recordPageView(state, '/p0', T0 + 1000); // /p0 is now recent; /p1 is the oldest
    state = recordPageView(state, '/new', T0 + 2000);
    const paths = Object.keys(state.pages!);
    expect(paths).toHaveLength(MAX_PAGE_PATHS);
    expect(paths).toContain('/p0');
    expect(paths).toContain('/new');
    expect(paths).not.toContain('/p1');
  });

  it('replaces a malformed stored entry instead of throwing', () => {
    const state = { ...emptyProgress(), pages: { '/a': { count: 'x' } } } as unknown as ProgressState;
    expect(recordPageView(state, '/a', T0).pages!['/a']).toEqual({ count: 1, firstAt: T0, lastAt: T0, recent: [T0] });
  });
});

describe('recordVisit', () => {
  it('counts page views and sessions (30 minutes of inactivity start a new one); with a path, the page history too', () => {
    let state = recordVisit(emptyProgress(), T0, '/');
    state = recordVisit(state, T0 + SESSION_GAP_MS, '/pricing');
    state = recordVisit(state, T0 + 2 * SESSION_GAP_MS + 1, '/pricing');
    expect(state.visits).toEqual({ count: 3, sessions: 2, firstAt: T0, lastAt: T0 + 2 * SESSION_GAP_MS + 1 });
    expect(Object.keys(state.pages!)).toEqual(['/', '/pricing']);
    expect(recordVisit(emptyProgress(), T0).pages).toBeUndefined();
  });

  it('a clock that went backwards neither starts a session nor moves the first visit', () => {
    const state = recordVisit(recordVisit(emptyProgress(), T0), T0 - DAY);
    expect(state.visits).toEqual({ count: 2, sessions: 1, firstAt: T0, lastAt: T0 - DAY });
  });
});

describe('isPageStats and mergePageStats', () => {
  it('recognizes only well-formed entries', () => {
    expect(isPageStats({ count: 1, firstAt: 1, lastAt: 1, recent: [1] })).toBe(true);
    expect(isPageStats({ count: 1, firstAt: 1, lastAt: 1, recent: ['1'] })).toBe(false);
    expect(isPageStats({ count: 1, firstAt: 1, lastAt: 1 })).toBe(false);
    expect(isPageStats(null)).toBe(false);
  });

  it('merges two tabs: larger count, union of views, bounded', () => {
    const a = { count: 3, firstAt: T0, lastAt: T0 + 2, recent: [T0, T0 + 2] };
    const b = { count: 4, firstAt: T0 - 1, lastAt: T0 + 3, recent: [T0 - 1, T0 + 2, T0 + 3] };
    expect(mergePageStats(a, b, T0 + 3)).toEqual({ count: 4, firstAt: T0 - 1, lastAt: T0 + 3, recent: [T0 - 1, T0, T0 + 2, T0 + 3] });
    expect(mergePageStats(a, undefined, T0)).toBe(a);
  });
});
