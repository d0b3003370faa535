/**
 * One engine decision for the page as it is now (src/runtime/decide-now.ts): what is on screen
 * (never a preview), held out counterfactually or run as a tour counts as showing; pacing spent
 * in this page view and this session, events of this page view, tours asked for and the tour
 * another tab runs all reach the engine; items that failed to render sit out; the prepared
 * manifest is made once per assignment and again when the `$regex` guard changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decideNow } from '../../src/runtime/decide-now';
import { recordDismissed, recordSeen } from '../../src/engine/progress';
import type { TourController } from '../../src/controller/tours';
import type { Item } from '../../src/manifest/schema';
import type { RegexGuard } from '../../src/engine/condition-guard';
import { NOW, standInRuntime } from '../support/runtime-harness';

const verdict = (rt: ReturnType<typeof standInRuntime>['rt'], id: string) => decideNow(rt).verdicts.find((v) => v.itemId === id);
const shownIds = (rt: ReturnType<typeof standInRuntime>['rt']) => decideNow(rt).show.map((i) => i.id);
const surface = (item: Item) => ({ item });

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('decideNow: what the engine sees', () => {
  it('shows an eligible item and says why another is not, with the page as it is', () => {
    history.replaceState({}, '', '/home');
    const { rt } = standInRuntime([
      { id: 'home', type: 'banner', body: 'Home', when: { 'page.path': '/home' } },
      { id: 'reports', type: 'banner', body: 'Reports', when: { 'page.path': '/reports' } },
    ]);
    const decision = decideNow(rt);
    expect(decision.show.map((i) => i.id)).toEqual(['home']);
    expect(decision.verdicts.map((v) => [v.itemId, v.reason.code])).toEqual([['home', 'shown'], ['reports', 'condition']]);
    expect(decision.verdicts[1].reason).toEqual({ code: 'condition', path: 'page.path', expected: '/reports', actual: '/home' });
  });

  it('reads progress as it is now (a dismissal recorded since the last decision counts)', () => {
    const { rt, progress } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    expect(verdict(rt, 'b')?.show).toBe(true);
    progress.set(recordDismissed(progress.get(), 'b', 1, NOW - 5));
    expect(verdict(rt, 'b')?.reason).toEqual({ code: 'dismissed', at: NOW - 5 });
  });

  it('reads user traits as they are now (identify() in between)', () => {
    const { rt } = standInRuntime([{ id: 'trial', type: 'banner', body: 'Trial', when: { 'user.plan': 'trial' } }], { user: { id: 'u1', traits: { plan: 'pro' } } });
    expect(verdict(rt, 'trial')?.reason.code).toBe('condition');
    rt.user = { id: 'u1', traits: { plan: 'trial' } };
    expect(verdict(rt, 'trial')?.show).toBe(true);
  });

  it('keeps what is on screen as "already-showing", without judging it again', () => {
    const { rt, progress } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.showing.set('b', surface(rt.manifest!.items[0]));
    progress.set(recordDismissed(progress.get(), 'b', 1, NOW));
    expect(verdict(rt, 'b')).toMatchObject({ show: true, reason: { code: 'already-showing' } });
  });

  it('never counts a preview as showing: a previewed item gets its true verdict', () => {
    const { rt, progress } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    progress.set(recordDismissed(progress.get(), 'b', 1, NOW - 1));
    rt.showing.set('b', { item: rt.manifest!.items[0], preview: true });
    rt.previewing.add('b');
    expect(verdict(rt, 'b')?.reason.code).toBe('dismissed');
  });

  it('counts a held-out item that would be on screen (counterfactual) as showing', () => {
    const { rt } = standInRuntime([{ id: 'spot', type: 'hotspot', target: '#x', body: 'Hi' }]);
    rt.pageView.counterfactual.add('spot');
    expect(verdict(rt, 'spot')?.reason.code).toBe('already-showing');
  });

  it('counts a running tour as showing, and keeps other tours out while it runs', () => {
    const tour = (id: string, priority = 0) => ({ id, type: 'tour', priority, steps: [{ title: id, body: 'Step' }] });
    const { rt } = standInRuntime([tour('first', 10), tour('second')]);
    // Without a running tour the higher-priority one comes first, and the other waits its turn.
    expect(verdict(rt, 'second')?.reason).toEqual({ code: 'tour-running', tour: 'first' });
    rt.tours = { runningIds: () => ['second'] } as unknown as TourController;
    expect(verdict(rt, 'second')?.reason.code).toBe('already-showing');
    expect(verdict(rt, 'first')?.reason).toEqual({ code: 'tour-running', tour: 'second' });
  });

  it('keeps every tour out while another tab runs one', () => {
    const { rt } = standInRuntime([{ id: 'intro', type: 'tour', steps: [{ title: 'Hi', body: 'Step' }] }]);
    rt.remoteTours.set('tab-2', 'billing');
    expect(verdict(rt, 'intro')?.reason).toEqual({ code: 'tour-running', tour: 'billing' });
  });

  it('passes tours asked for: a manual tour shows once requested, whatever its trigger', () => {
    const { rt } = standInRuntime([{ id: 'intro', type: 'tour', trigger: 'manual', steps: [{ title: 'Hi', body: 'Step' }] }]);
    expect(verdict(rt, 'intro')?.reason.code).toBe('trigger');
    rt.requested.add('intro');
    expect(verdict(rt, 'intro')?.show).toBe(true);
  });

  it("passes this page view's events to event triggers", () => {
    const { rt } = standInRuntime([{ id: 'after-save', type: 'banner', trigger: { event: 'saved' }, body: 'Saved' }]);
    expect(verdict(rt, 'after-save')?.reason).toMatchObject({ code: 'trigger' });
    rt.pageView.recentEvents.push('saved');
    expect(verdict(rt, 'after-save')?.show).toBe(true);
  });

  it('passes pacing spent in this page view: a second interruptive item waits for the next page view', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.pageView.interruptiveShown = 1;
    expect(verdict(rt, 'b')?.reason).toMatchObject({ code: 'cap', cap: 'perPageView', limit: 1 });
  });

  it('passes pacing spent in this session', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.identity = { ...rt.identity!, session: { ...rt.identity!.session, interruptiveShown: 3 } };
    expect(verdict(rt, 'b')?.reason).toMatchObject({ code: 'cap', cap: 'perSession', limit: 3 });
  });

  it('an item that already spent its slot in this page view is not held back by it', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.pageView.interruptiveShown = 1;
    rt.pageView.paced.add('b');
    expect(verdict(rt, 'b')?.show).toBe(true);
  });

  it('an item that spent a slot of this session takes no other slot of it', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.identity = { ...rt.identity!, session: { ...rt.identity!.session, interruptiveShown: 3, paced: ['b'] } };
    expect(verdict(rt, 'b')?.show).toBe(true);
  });

  it('respects the minimum gap since the last interruptive item of the session', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }], { manifestExtra: { settings: { caps: { minGapSeconds: 60 } } } });
    rt.identity = { ...rt.identity!, session: { ...rt.identity!.session, lastInterruptiveAt: NOW - 10_000 } };
    expect(verdict(rt, 'b')?.reason).toMatchObject({ code: 'cap', cap: 'minGap', until: NOW + 50_000 });
  });

  it('leaves out items that failed to render in this page view (no verdict, no slot)', () => {
    const { rt } = standInRuntime([
      { id: 'broken', type: 'banner', priority: 5, body: 'Broken' },
      { id: 'fine', type: 'banner', body: 'Fine' },
    ]);
    expect(shownIds(rt)).toEqual(['broken']);
    rt.pageView.unrenderable.set('broken', 'exploded');
    const decision = decideNow(rt);
    expect(decision.verdicts.map((v) => v.itemId)).toEqual(['fine']);
    expect(decision.show.map((i) => i.id)).toEqual(['fine']);
  });

  it('works with a session record from storage that has no paced list', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.identity = { anonymousId: 'a', session: { id: 's', startedAt: 0, lastActiveAt: 0, interruptiveShown: 0 } };
    expect(verdict(rt, 'b')?.show).toBe(true);
  });
});

describe('decideNow: the prepared manifest', () => {
  it('is prepared once per assignment and reused by later decisions', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    decideNow(rt);
    const prepared = rt.effective?.prepared;
    expect(prepared).toBeDefined();
    expect(prepared!.manifest).toBe(rt.effective!.manifest);
    decideNow(rt);
    expect(rt.effective?.prepared).toBe(prepared);
  });

  it('is made again after a re-assignment (rt.effective dropped) and when the $regex guard changes', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    decideNow(rt);
    const first = rt.effective!.prepared;
    rt.effective = undefined;
    decideNow(rt);
    const second = rt.effective!.prepared;
    expect(second).not.toBe(first);
    const guard: RegexGuard = () => undefined as never;
    rt.regexGuard = guard;
    decideNow(rt);
    expect(rt.effective!.prepared).not.toBe(second);
    expect(rt.effective!.prepared!.regexGuard).toBe(guard);
  });

  it('keeps deciding correctly when progress records for items no longer in the manifest are stored', () => {
    const { rt, progress } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    let state = progress.get();
    for (let i = 0; i < 200; i++) state = recordSeen(state, `old-${i}`, 1, NOW - i);
    progress.set(state);
    expect(shownIds(rt)).toEqual(['b']);
  });
});
