/**
 * Goals (src/runtime/goals.ts): `track(name)` reports a goal; help whose goal it is has done its
 * job (completed, reported with origin "goal", taken off screen, never shown again); a preview
 * is left alone; a checklist whose last task the event completes is completed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostEvent } from '../../src/index';
import { MAX_EVENT_NAMES } from '../../src/engine/progress';
import { trackGoal } from '../../src/runtime/goals';
import { standInRuntime } from '../support/runtime-harness';

const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;

async function started(items: unknown[]) {
  document.body.innerHTML = '<button id="save">Save</button>';
  const events: GuidepostEvent[] = [];
  const storage = memoryStorage();
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items }, storage, locale: 'en', onEvent: (e) => events.push(e) });
  await gp.start();
  return { gp, events, storage };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('track() reaching a goal', () => {
  it('completes the help on screen whose goal it is, reports it once, and takes it off screen for good', async () => {
    const { gp, events, storage } = await started([
      { id: 'welcome', type: 'banner', body: 'Hi', goal: 'saved' },
      { id: 'other', type: 'tooltip', target: '#save', body: 'Also here', goal: 'exported' },
    ]);
    expect(gp.explain('other')?.shown).toBe(true);
    expect(layer()?.querySelector('[data-item=welcome]')).not.toBeNull();
    gp.track('saved', { from: 'toolbar' });
    expect(events.filter((e) => e.type === 'goal').map((e) => [e.name, e.properties])).toEqual([['saved', { from: 'toolbar' }]]);
    expect(events.filter((e) => e.type === 'completed').map((e) => [e.item_id, e.origin])).toEqual([['welcome', 'goal']]);
    await vi.waitFor(() => expect(layer()?.querySelector('[data-item=welcome]')).toBeNull());
    expect(gp.explain('welcome')?.shown).toBe(false);
    expect(gp.explain('other')?.shown).toBe(true);
    // Reached again: nothing more to complete or report.
    gp.track('saved');
    expect(events.filter((e) => e.type === 'completed')).toHaveLength(1);
    gp.destroy();
    // The next visit on this device does not show it again.
    const next = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi', goal: 'saved' }] }, storage, locale: 'en' });
    await next.start();
    expect(next.explain('welcome')?.shown).toBe(false);
    next.destroy();
  });

  it('in a holdout arm: the record is completed (both arms decide alike later), but no completed is reported', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const events: GuidepostEvent[] = [];
    const manifest = {
      schemaVersion: 1,
      revision: 'r',
      experiments: [{ key: 'help', variations: [{ key: 'holdout', enabled: false }, { key: 'on' }], scope: { items: ['welcome'] } }],
      items: [{ id: 'welcome', type: 'banner', body: 'Hi', goal: 'saved' }],
    };
    history.replaceState({}, '', '/?guidepost_force=help:holdout');
    const gp = createGuidepost({ manifest, storage: memoryStorage(), locale: 'en', onEvent: (e) => events.push(e) });
    await gp.start();
    history.replaceState({}, '', '/');
    await vi.waitFor(() => expect(events.some((e) => e.type === 'exposure' && e.item_id === 'welcome' && e.counterfactual)).toBe(true));
    gp.track('saved');
    expect(events.some((e) => e.type === 'goal' && e.name === 'saved')).toBe(true);
    expect(events.filter((e) => e.type === 'completed')).toEqual([]);
    expect(gp.explain('welcome')?.shown).toBe(false);
    expect(gp.explain('welcome')?.reason).toMatchObject({ code: 'goal-reached', goal: 'saved' });
    gp.destroy();
  });

  it('leaves an item being previewed on screen, and its record as it was', async () => {
    // Seen once already (it has a record), then previewed by a writer.
    const items = [{ id: 'tip', type: 'tooltip', target: '#save', body: 'Save often', goal: 'saved' }];
    const { gp, events, storage } = await started(items);
    expect(gp.explain('tip')?.shown).toBe(true);
    gp.preview('tip');
    await vi.waitFor(() => expect(layer()?.querySelector('[data-item=tip]')).not.toBeNull());
    gp.track('saved');
    expect(events.filter((e) => e.type === 'completed')).toEqual([]);
    expect(layer()?.querySelector('[data-item=tip]')).not.toBeNull();
    // The goal is recorded, and the previewed item's record is left as it was (seen, not completed).
    const key = `progress:${events[0].anonymous_id}`;
    await vi.waitFor(async () => expect(JSON.stringify(await storage.get(key))).toContain('saved'));
    expect(((await storage.get(key)) as { state: { items: Record<string, { status: string }> } }).state.items.tip.status).toBe('seen');
    gp.destroy();
  });

  it('completes a checklist whose last open task the event completes', async () => {
    const { gp, events } = await started([
      { id: 'setup', type: 'checklist', title: 'Get started', tasks: [{ id: 'invite', title: 'Invite a teammate', completeOn: 'invited' }] },
    ]);
    expect(gp.explain('setup')?.shown).toBe(true);
    gp.track('invited');
    expect(events.filter((e) => e.type === 'completed').map((e) => e.item_id)).toEqual(['setup']);
    await vi.waitFor(() => expect(gp.explain('setup')?.shown).toBe(false));
    gp.destroy();
  });
});

describe('track() right after identify() changed the person', () => {
  type Stored = { state: { items: Record<string, { status: string }>; events: Record<string, { count: number }> } };
  const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi', goal: 'done' }] };

  async function aliceThenBob(bobsItems: Record<string, unknown>) {
    document.body.innerHTML = '';
    const storage = memoryStorage();
    const events: GuidepostEvent[] = [];
    await storage.set('progress:bob', { schema: 1, state: { items: bobsItems, events: {} } });
    const gp = createGuidepost({ manifest, user: { id: 'alice' }, storage, locale: 'en', onEvent: (e) => events.push(e) });
    await gp.start();
    expect(gp.explain('welcome')?.shown).toBe(true);
    gp.identify({ id: 'bob' });
    gp.track('done');
    await vi.waitFor(async () => expect((await storage.get<Stored>('progress:bob'))?.state.events.done?.count).toBe(1));
    await gp.flushBeforeNavigation(1000);
    return { gp, events, storage, bob: (await storage.get<Stored>('progress:bob'))!.state };
  }

  it("completes nothing for them that only the previous person had started", async () => {
    const { gp, events, bob } = await aliceThenBob({});
    expect(events.filter((e) => e.type === 'completed')).toEqual([]);
    expect(events.filter((e) => e.type === 'goal').map((e) => e.user_id)).toEqual(['bob']);
    expect(bob.items.welcome).toBeUndefined();
    gp.destroy();
  });

  it('completes what they had started, reported as theirs', async () => {
    const { gp, events, bob } = await aliceThenBob({ welcome: { version: 1, status: 'seen', timesSeen: 1, firstSeenAt: 1, lastSeenAt: 1 } });
    expect(events.filter((e) => e.type === 'completed').map((e) => [e.item_id, e.user_id])).toEqual([['welcome', 'bob']]);
    expect(bob.items.welcome?.status).toBe('completed');
    await vi.waitFor(() => expect(gp.explain('welcome')?.shown).toBe(false));
    gp.destroy();
  });
});

describe('what a page view remembers of track()', () => {
  it('each name once, however often it is tracked: triggers ask whether, not how often', async () => {
    const { gp } = await started([{ id: 'tip', type: 'banner', body: 'Hi', trigger: { event: 'opened' } }]);
    expect(gp.explain('tip')?.reason.code).toBe('trigger');
    for (let i = 0; i < 5000; i++) gp.track(i % 2 ? 'scrolled' : 'typed');
    gp.track('opened');
    await vi.waitFor(() => expect(gp.explain('tip')?.shown).toBe(true));
    gp.destroy();
  });

  it('20,000 calls of two names keep two names; 1,000 names keep as many as progress does', () => {
    const { rt } = standInRuntime([{ id: 'tip', type: 'banner', body: 'Hi', trigger: { event: 'opened' } }]);
    for (let i = 0; i < 20_000; i++) trackGoal(rt, i % 2 ? 'scrolled' : 'typed', undefined);
    expect(rt.pageView.recentEvents).toEqual(['typed', 'scrolled']);
    for (let i = 0; i < 1000; i++) trackGoal(rt, `name-${i}`, undefined);
    expect(rt.pageView.recentEvents).toHaveLength(MAX_EVENT_NAMES);
  });
});
