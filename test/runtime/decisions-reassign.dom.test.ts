/**
 * Re-assignment while help is on screen (src/runtime/decisions.ts assignExperiments): the unit
 * is part of an item's arm, so another account drawing the same variation is exposed in its own
 * right; a tour running in its old arm ends without a record and is decided again in the new one
 * (a unit moved into the holdout stops seeing it, with its counterfactual exposure).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type GuidepostEvent } from '../../src/index';

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
