/**
 * explain() once the decision chunk has loaded (src/runtime/explain-decided.ts): the engine's
 * verdict for every item, completed with what only the page knows: content that cannot render
 * (first, with its error), a target that never appeared, a holdout arm, a tour another tab runs,
 * a running tour's step that waits; "shown" only when the surface really is on screen (never a
 * preview).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { explainDecided } from '../../src/runtime/explain-decided';
import { recordCompleted } from '../../src/engine/progress';
import type { Experiments, ItemArm } from '../../src/controller/experiments';
import type { TourController } from '../../src/controller/tours';
import type { Item } from '../../src/manifest/schema';
import { NOW, standInRuntime } from '../support/runtime-harness';

const byId = (rt: Parameters<typeof explainDecided>[0], id: string) => explainDecided(rt).filter((e) => e.itemId === id);
const one = (rt: Parameters<typeof explainDecided>[0], id: string) => {
  const all = byId(rt, id);
  expect(all).toHaveLength(1);
  return all[0];
};

/** Experiments in which `held` items are in the holdout arm "off" of experiment "exp". */
function holdout(items: () => Item[], held: string[]): Experiments {
  return {
    assign: () => undefined,
    armFor: (item: Item) =>
      held.includes(item.id)
        ? ({ experiment: { key: 'exp', variations: [] }, assignment: { experiment: 'exp', enabled: false, variation: 'off', inExperiment: true } } as unknown as ItemArm)
        : undefined,
    effectiveItems: items,
    variations: () => ({ exp: 'off' }),
    all: () => [],
    force: () => undefined,
  };
}

const tours = (fields: Partial<Record<keyof TourController, unknown>>) =>
  ({ isRunning: () => false, runningIds: () => [], waiting: () => undefined, surfaces: () => [], ...fields }) as unknown as TourController;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('explainDecided without a started runtime', () => {
  it.each(['manifest', 'progress', 'identity', 'doc'] as const)('is empty without its %s', (part) => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    (rt as unknown as Record<string, unknown>)[part] = part === 'manifest' ? null : undefined;
    expect(explainDecided(rt)).toEqual([]);
  });
});

describe('explainDecided: the engine verdicts', () => {
  it('one explanation per item in manifest order, with the sentence of its reason', () => {
    const { rt, progress } = standInRuntime([
      { id: 'b', type: 'banner', body: 'B' },
      { id: 'done', type: 'banner', body: 'D' },
      { id: 'later', type: 'banner', body: 'L', schedule: { start: '2099-01-01T00:00:00Z' } },
    ]);
    progress.set(recordCompleted(progress.get(), 'done', 1, NOW - 1000));
    rt.showing.set('b', { item: rt.manifest!.items[0] });
    expect(explainDecided(rt)).toEqual([
      { itemId: 'b', type: 'banner', shown: true, reason: { code: 'already-showing' }, message: 'shown (already on screen)' },
      { itemId: 'done', type: 'banner', shown: false, reason: { code: 'completed', at: NOW - 1000 }, message: `not shown: already completed at ${new Date(NOW - 1000).toISOString()}` },
      { itemId: 'later', type: 'banner', shown: false, reason: { code: 'before-schedule', start: '2099-01-01T00:00:00Z' }, message: 'not shown: its schedule starts at 2099-01-01T00:00:00Z' },
    ]);
  });

  it('an item the engine allows but that is not on screen yet is not "shown"', () => {
    const { rt } = standInRuntime([{ id: 'tip', type: 'tooltip', target: '#later', body: 'Hi' }]);
    expect(one(rt, 'tip')).toMatchObject({ shown: false, reason: { code: 'shown' } });
  });

  it('describes reasons through the core (the describer the instance was given)', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.core = { ...rt.core, describeReason: (reason) => `custom:${reason.code}` };
    expect(one(rt, 'b').message).toBe('custom:shown');
  });
});

describe('explainDecided: what only the page knows', () => {
  it('content that cannot render comes first, with its error, and is not explained twice', () => {
    const { rt } = standInRuntime([
      { id: 'fine', type: 'banner', body: 'Fine' },
      { id: 'broken', type: 'banner', body: 'Broken' },
    ]);
    rt.pageView.unrenderable.set('broken', 'banner exploded');
    const all = explainDecided(rt);
    expect(all.map((e) => e.itemId)).toEqual(['broken', 'fine']);
    expect(all[0]).toEqual({
      itemId: 'broken', type: 'banner', shown: false,
      reason: { code: 'cannot-render', error: 'banner exploded' },
      message: 'not shown: its content cannot be rendered (banner exploded); reported, not tried again in this page view',
    });
  });

  it('an unrenderable record for an id the manifest no longer has is left out', () => {
    const { rt } = standInRuntime([{ id: 'fine', type: 'banner', body: 'Fine' }]);
    rt.pageView.unrenderable.set('ghost', 'gone');
    rt.pageView.unrenderable.set('__proto__', 'hostile');
    expect(explainDecided(rt).map((e) => e.itemId)).toEqual(['fine']);
  });

  it('a target that never appeared names it; the item is not shown', () => {
    const { rt } = standInRuntime([{ id: 'tip', type: 'tooltip', target: { selector: '#gone', fallbacks: ['.gone'] }, body: 'Hi' }]);
    rt.pageView.missingTargets.set('tip', '#gone | .gone');
    expect(one(rt, 'tip')).toEqual({ itemId: 'tip', type: 'tooltip', shown: false, reason: { code: 'target-missing', selector: '#gone | .gone' }, message: 'not shown: no element matches #gone | .gone' });
  });

  it('a missing target does not hide the real reason of an item the engine rules out', () => {
    const { rt } = standInRuntime([{ id: 'tip', type: 'tooltip', target: '#gone', body: 'Hi', when: { 'user.plan': 'pro' } }]);
    rt.pageView.missingTargets.set('tip', '#gone');
    expect(one(rt, 'tip').reason.code).toBe('condition');
  });

  it('a held-out item names its experiment and arm, and is not shown', () => {
    const { rt } = standInRuntime([
      { id: 'spot', type: 'hotspot', target: '#x', body: 'Hi' },
      { id: 'other', type: 'tooltip', target: '#y', body: 'Hi' },
    ]);
    rt.experiments = holdout(() => rt.manifest!.items, ['spot']);
    rt.pageView.counterfactual.add('spot');
    expect(one(rt, 'spot')).toEqual({
      itemId: 'spot', type: 'hotspot', shown: false,
      reason: { code: 'holdout', experiment: 'exp', variation: 'off' },
      message: 'not shown: assigned to the holdout arm "off" of experiment "exp" (exposure logged as counterfactual)',
    });
    expect(one(rt, 'other').reason.code).toBe('shown');
  });

  it('a held-out item the engine rules out keeps the engine reason', () => {
    const { rt } = standInRuntime([{ id: 'spot', type: 'hotspot', target: '#x', body: 'Hi', when: { 'user.plan': 'pro' } }]);
    rt.experiments = holdout(() => rt.manifest!.items, ['spot']);
    expect(one(rt, 'spot').reason.code).toBe('condition');
  });

  it('a tour another tab runs is "tour-running" here, even when this tab asked for it', () => {
    const { rt } = standInRuntime([{ id: 'intro', type: 'tour', trigger: 'manual', steps: [{ title: 'Hi', body: 'Step' }] }]);
    rt.requested.add('intro');
    rt.remoteTours.set('tab-2', 'intro');
    expect(one(rt, 'intro')).toEqual({ itemId: 'intro', type: 'tour', shown: false, reason: { code: 'tour-running', tour: 'intro' }, message: 'not shown: the tour "intro" is running' });
  });

  it('a running tour whose step waits for a page says which step and where', () => {
    const { rt } = standInRuntime([{ id: 'intro', type: 'tour', steps: [{ title: 'A', body: 'a' }, { title: 'B', body: 'b', route: '/board' }] }]);
    rt.tours = tours({ isRunning: (id: string) => id === 'intro', runningIds: () => ['intro'], waiting: (id: string) => (id === 'intro' ? { step: 1, route: '/board' } : undefined) });
    expect(one(rt, 'intro')).toEqual({
      itemId: 'intro', type: 'tour', shown: false,
      reason: { code: 'waiting', step: 1, route: '/board' },
      message: 'waiting: step 2 lives on the page /board; startTour() takes the person there',
    });
  });

  it('a running tour whose step waits for its target names the selector', () => {
    const { rt } = standInRuntime([{ id: 'intro', type: 'tour', steps: [{ title: 'A', body: 'a', target: '#a' }] }]);
    rt.tours = tours({ isRunning: () => true, runningIds: () => ['intro'], waiting: () => ({ step: 0, selector: '#a' }) });
    expect(one(rt, 'intro')).toMatchObject({ shown: false, reason: { code: 'waiting', step: 0, selector: '#a' }, message: 'waiting: step 1 waits for its target #a on this page' });
  });

  it('a running tour whose step is on screen is shown', () => {
    const { rt } = standInRuntime([{ id: 'intro', type: 'tour', steps: [{ title: 'A', body: 'a' }] }]);
    rt.tours = tours({ isRunning: (id: string) => id === 'intro', runningIds: () => ['intro'] });
    expect(one(rt, 'intro')).toMatchObject({ shown: true, reason: { code: 'already-showing' } });
  });

  it('a tooltip or hotspot on screen waits, hidden, while a tour\'s step holds the screen: not "shown", and why', () => {
    document.body.innerHTML = '<button id="t">T</button><button id="h">H</button>';
    const { rt } = standInRuntime([
      { id: 'intro', type: 'tour', trigger: 'manual', steps: [{ title: 'A', body: 'a' }] },
      { id: 'tip', type: 'tooltip', target: '#t', body: 'T', interruptive: false },
      { id: 'spot', type: 'hotspot', target: '#h', body: 'H', interruptive: false },
      { id: 'news', type: 'banner', body: 'N', interruptive: false },
    ]);
    for (const item of rt.manifest!.items.slice(1)) rt.showing.set(item.id, { item, reference: item.type === 'banner' ? undefined : document.querySelector(`#${item.id === 'tip' ? 't' : 'h'}`)! });
    expect([one(rt, 'tip').shown, one(rt, 'spot').shown, one(rt, 'news').shown]).toEqual([true, true, true]);
    const intro = rt.manifest!.items[0];
    rt.tours = tours({ isRunning: (id: string) => id === 'intro', runningIds: () => ['intro'], surfaces: () => [{ item: intro, tour: { step: 0, total: 1 } }] });
    for (const id of ['tip', 'spot']) expect(one(rt, id)).toMatchObject({ shown: false, reason: { code: 'tour-running', tour: 'intro' }, message: 'not shown: the tour "intro" is running' });
    // A banner is not a tip: it stays (inert beneath the overlay).
    expect(one(rt, 'news').shown).toBe(true);
    // A tour whose step is not on screen (it waits for its target) holds nothing: the tip is on screen.
    rt.tours = tours({ isRunning: (id: string) => id === 'intro', runningIds: () => ['intro'], waiting: () => ({ step: 0, selector: '#a' }) });
    expect(one(rt, 'tip').shown).toBe(true);
  });

  it('a preview on screen is never "shown", even for an item that is eligible', () => {
    const { rt } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }]);
    rt.showing.set('b', { item: rt.manifest!.items[0], preview: true });
    rt.previewing.add('b');
    expect(one(rt, 'b')).toMatchObject({ shown: false, reason: { code: 'shown' } });
  });

  it('does not change what is on screen or recorded (explain() is a read)', () => {
    const { rt, progress } = standInRuntime([{ id: 'b', type: 'banner', body: 'B' }, { id: 't', type: 'tooltip', target: '#t', body: 'T' }]);
    explainDecided(rt);
    explainDecided(rt);
    expect(rt.showing.size).toBe(0);
    expect(rt.waiting.size).toBe(0);
    expect(rt.pageView.exposed.size).toBe(0);
    expect(rt.pageView.interruptiveShown).toBe(0);
    expect(progress.updates).toBe(0);
  });
});
