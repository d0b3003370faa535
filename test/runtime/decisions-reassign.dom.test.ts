/**
 * Re-assignment while help is on screen (src/runtime/decisions.ts assignExperiments): the unit
 * is part of an item's arm, so another account drawing the same variation is exposed in its own
 * right; a tour running in its old arm ends without a record and is decided again in the new one
 * (a unit moved into the holdout stops seeing it, with its counterfactual exposure); a held-out
 * tour is exposed when a run would show its first step, by the same rules as in the help arm.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostEvent } from '../../src/index';
import { assignVariation } from '../../src/engine/assign';

const live: Guidepost[] = [];
afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
});

const layer = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const exposures = (events: GuidepostEvent[], id: string) => events.filter((e) => e.type === 'exposure' && e.item_id === id);

function started(manifest: Record<string, unknown>, user: { id: string; accountId?: string }) {
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r1', ...manifest }, user, storage: memoryStorage(), locale: 'en', onEvent: (e) => events.push(e) });
  live.push(gp);
  return { gp, events, starting: gp.start() };
}

describe('another account, the same variation', () => {
  it('is another unit: the item on screen is exposed for it too', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const { gp, events, starting } = started({
      experiments: [{ key: 'tip-copy', unit: 'account', variations: [{ key: 'a', weight: 0 }, { key: 'b', weight: 1 }], scope: { items: ['tip'] } }],
      items: [{ id: 'tip', type: 'tooltip', target: '#save', body: 'Saves everything' }],
    }, { id: 'u1', accountId: 'acc-1' });
    await starting;
    await vi.waitFor(() => expect(gp.explain('tip')?.shown).toBe(true));
    gp.identify({ id: 'u1', accountId: 'acc-2' });
    await vi.waitFor(() => expect(exposures(events, 'tip').map((e) => e.unit_id)).toEqual(['acc-1', 'acc-2']));
    expect(exposures(events, 'tip').map((e) => e.variation)).toEqual(['b', 'b']);
    expect(gp.explain('tip')?.shown).toBe(true);
  });
});

describe('a tour running when its unit moves into the holdout', () => {
  it('ends, recording and reporting nothing of its own, and is held out with its counterfactual exposure', async () => {
    document.body.innerHTML = '<p id="a">A</p><p id="b">B</p>';
    const { gp, events, starting } = started({
      experiments: [{ key: 'tour-holdout', unit: 'account', variations: [{ key: 'holdout', enabled: false, weight: 1 }, { key: 'help', weight: 0 }], scope: { items: ['intro'] } }],
      items: [{ id: 'intro', type: 'tour', steps: [{ target: '#a', title: 'One', body: '1' }, { target: '#b', title: 'Two', body: '2' }] }],
    }, { id: 'u1' });
    await starting;
    const step = () => layer()?.querySelector('[data-part=tour-step][data-item=intro]') ?? null;
    // No account yet: not in the experiment, the tour runs as written.
    await vi.waitFor(() => expect(step()).not.toBeNull());
    gp.identify({ id: 'u1', accountId: 'acc-1' });
    await vi.waitFor(() => expect(exposures(events, 'intro').at(-1)).toMatchObject({ variation: 'holdout', counterfactual: true, rendered: false }));
    await vi.waitFor(() => expect(step()).toBeNull());
    expect(gp.explain('intro')?.shown).toBe(false);
    expect(events.filter((e) => e.item_id === 'intro' && (e.type === 'dismissed' || e.type === 'completed'))).toEqual([]);
  });
});

/**
 * A held-out tour's counterfactual exposure comes when a run would show its first step, by the
 * rules a run follows (src/controller/held-out-tours.ts): with step 0's target missing, the run
 * skips to step 1 after step 0's waitMs, in the help arm as in the holdout.
 */
describe('a tour whose first step target is missing, held out or not', () => {
  const manifestFor = (holdoutWeight: number) => ({
    experiments: [{ key: 'tour-holdout', variations: [{ key: 'holdout', enabled: false, weight: holdoutWeight }, { key: 'help', weight: 1 - holdoutWeight }], scope: { items: ['intro'] } }],
    items: [{ id: 'intro', type: 'tour', steps: [{ target: '#missing', title: 'One', body: '1', waitMs: 50 }, { target: '#b', title: 'Two', body: '2' }] }],
  });

  async function exposedIn(holdoutWeight: number) {
    document.body.innerHTML = '<p id="b">B</p>';
    const { gp, events, starting } = started(manifestFor(holdoutWeight), { id: 'u1' });
    await starting;
    await vi.waitFor(() => expect(exposures(events, 'intro')).toHaveLength(1));
    const trail = events.filter((e) => e.item_id === 'intro' && (e.type === 'target_not_found' || e.type === 'exposure')).map((e) => `${e.type}${e.step === undefined ? '' : `@${e.step}`}`);
    const exposure = exposures(events, 'intro')[0];
    gp.destroy();
    document.body.innerHTML = '';
    return { trail, exposure };
  }

  it('is exposed the same way in both arms: after step 0 is passed over', async () => {
    const help = await exposedIn(0);
    const holdout = await exposedIn(1);
    expect(help.trail).toEqual(['target_not_found@0', 'exposure']);
    expect(holdout.trail).toEqual(help.trail);
    expect(help.exposure).toMatchObject({ variation: 'help', rendered: true });
    expect(holdout.exposure).toMatchObject({ variation: 'holdout', rendered: false, counterfactual: true });
    // Nothing of the held-out tour is drawn.
    expect(layer()?.querySelector('[data-item=intro]') ?? null).toBeNull();
  });

  it('a held-out tour none of whose targets appears is never exposed, and is explained as missing', async () => {
    document.body.innerHTML = '<p id="other">Other</p>';
    const { gp, events, starting } = started({
      ...manifestFor(1),
      items: [{ id: 'intro', type: 'tour', steps: [{ target: '#missing', title: 'One', body: '1', waitMs: 20 }] }],
    }, { id: 'u1' });
    await starting;
    await vi.waitFor(() => expect(gp.explain('intro')?.reason).toEqual({ code: 'target-missing', selector: 'every step target' }));
    expect(exposures(events, 'intro')).toEqual([]);
    expect(events.filter((e) => e.type === 'target_not_found').map((e) => e.step)).toEqual([0]);
  });
});

describe('a held-out tour waiting for its target when its unit moves to the help arm', () => {
  const experiment = { key: 'tour-exp', unit: 'account', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { types: ['tour'] } };
  /** The first account of acc-0, acc-1, … that the hash puts in `variation`. */
  const accountIn = (variation: string) => {
    for (let i = 0; ; i++) {
      const accountId = `acc-${i}`;
      if (assignVariation(experiment as never, { anonymousId: 'x', accountId }, {}).variation === variation) return accountId;
    }
  };

  it('runs the tour in the help arm once the target comes, exposed as shown with its step on screen', async () => {
    document.body.innerHTML = '<main></main>';
    const { gp, events, starting } = started({
      experiments: [experiment],
      items: [{ id: 'intro', type: 'tour', steps: [{ target: '#later', body: 'Step 1', waitMs: 5000 }, { target: '#later', body: 'Step 2' }] }],
    }, { id: 'u1', accountId: accountIn('holdout') });
    await starting;
    // Held out, and no exposure yet: its run would wait for the target.
    await vi.waitFor(() => expect(gp.explain('intro')?.message).toMatch(/holdout arm .*waiting for its target/));
    expect(exposures(events, 'intro')).toEqual([]);
    gp.identify({ accountId: accountIn('help') });
    await vi.waitFor(() => expect(events.some((e) => e.type === 'assignment' && e.variation === 'help')).toBe(true));
    // Decided again in the help arm: its run waits for step 1's target.
    await vi.waitFor(() => expect(gp.explain('intro')?.reason).toMatchObject({ code: 'waiting', step: 0 }));
    document.querySelector('main')!.innerHTML = '<button id="later">Later</button>';
    const step = () => layer()?.querySelector('[data-part=tour-step][data-item=intro]') ?? null;
    await vi.waitFor(() => expect(step()).not.toBeNull());
    expect(exposures(events, 'intro').map((e) => [e.variation, e.rendered])).toEqual([['help', true]]);
    expect(events.some((e) => e.type === 'step_viewed' && e.item_id === 'intro')).toBe(true);
  });
});
