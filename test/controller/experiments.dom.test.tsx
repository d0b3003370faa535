/**
 * The Intercom experiment from manifest alone: help links held out for half of the
 * accounts. The holdout renders nothing yet logs counterfactual exposures exactly where
 * the treatment logs real ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostEvent } from '../../src/index';

const manifest = {
  schemaVersion: 1,
  revision: 'exp-1',
  experiments: [
    {
      key: 'help-links-holdout',
      unit: 'account',
      variations: [{ key: 'holdout', enabled: false }, { key: 'help' }],
      scope: { types: ['helpLink'] },
    },
  ],
  items: [
    { id: 'export-help', type: 'helpLink', target: '#export', url: 'https://example.com/export' },
    { id: 'reports-help', type: 'helpLink', target: '#reports', title: 'Reports', body: 'How reports work' },
    { id: 'welcome', type: 'banner', body: 'Hello' },
  ],
};

async function session(accountId: string, userId: string, search = '', items: unknown[] = manifest.items) {
  history.replaceState({}, '', `/${search}`);
  document.body.innerHTML = '<h1 id="reports">Reports</h1><button id="export">Export</button>';
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest: { ...manifest, items }, user: { id: userId, accountId }, storage: memoryStorage(), locale: 'en', onEvent: (e) => events.push(e) });
  await gp.start();
  const rendered = document.querySelectorAll('guidepost-help').length;
  return { gp, events, rendered };
}

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('help-link holdout experiment', () => {
  it('the holdout arm renders no help link but logs counterfactual exposures; other items are untouched', async () => {
    const { gp, events, rendered } = await session('acme', 'u1', '?guidepost_force=help-links-holdout:holdout');
    expect(rendered).toBe(0);
    const exposures = events.filter((e) => e.type === 'exposure');
    const helpExposures = exposures.filter((e) => e.item_type === 'helpLink');
    expect(helpExposures).toHaveLength(2);
    for (const e of helpExposures) {
      expect(e).toMatchObject({ experiment: 'help-links-holdout', variation: 'holdout', unit: 'account', unit_id: 'acme', counterfactual: true, rendered: false, forced: true, bucket_version: 0 });
    }
    expect(exposures.find((e) => e.item_id === 'welcome')).toMatchObject({ rendered: true });
    expect(exposures.find((e) => e.item_id === 'welcome')?.experiment).toBeUndefined();
    expect(gp.explain('export-help')).toMatchObject({ shown: false, reason: { code: 'holdout', experiment: 'help-links-holdout', variation: 'holdout' } });
    // The intent-to-treat population: one assignment per unit and session, before any exposure.
    const assignments = events.filter((e) => e.type === 'assignment');
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({ experiment: 'help-links-holdout', variation: 'holdout', unit: 'account', unit_id: 'acme', forced: true });
    expect(events.indexOf(assignments[0])).toBeLessThan(events.indexOf(exposures[0]));
    gp.destroy();
  });

  it('the treatment arm renders the help links and logs real exposures', async () => {
    const { gp, events, rendered } = await session('acme', 'u1', '?guidepost_force=help-links-holdout:help');
    expect(rendered).toBe(2);
    const helpExposures = events.filter((e) => e.type === 'exposure' && e.item_type === 'helpLink');
    expect(helpExposures.map((e) => [e.variation, e.counterfactual, e.rendered])).toEqual([['help', false, true], ['help', false, true]]);
    gp.destroy();
  });

  it('under the same traffic, both arms log the same exposures per unit (control counterfactual, treatment real)', async () => {
    const perArm: Record<string, { units: number; exposures: number; counterfactual: number; rendered: number }> = {
      holdout: { units: 0, exposures: 0, counterfactual: 0, rendered: 0 },
      help: { units: 0, exposures: 0, counterfactual: 0, rendered: 0 },
    };
    // A tooltip shown only on /reports (passive and outside the experiment's scope): its exposure
    // says the route change below was processed, in both arms alike.
    const items = [...manifest.items, { id: 'reports-marker', type: 'tooltip', target: '#reports', body: 'On /reports', when: { 'page.path': '/reports' } }];
    for (let account = 0; account < 60; account++) {
      for (const user of ['a', 'b']) {
        const { gp, events, rendered } = await session(`acct-${account}`, `acct-${account}-${user}`, '', items);
        // Same traffic for everyone: a route change and a tracked event after the first page view.
        const routeProcessed = new Promise<void>((resolve) => {
          const off = gp.on('exposure', (event) => {
            if (event.item_id !== 'reports-marker') return;
            off();
            resolve();
          });
        });
        history.pushState({}, '', '/reports');
        await routeProcessed;
        gp.track('report_viewed');
        const help = events.filter((e) => e.type === 'exposure' && e.item_type === 'helpLink');
        const arm = help[0].variation!;
        expect(help.every((e) => e.variation === arm)).toBe(true);
        perArm[arm].units++;
        perArm[arm].exposures += help.length;
        perArm[arm].counterfactual += help.filter((e) => e.counterfactual).length;
        perArm[arm].rendered += rendered;
        gp.destroy();
      }
    }
    expect(perArm.holdout.units).toBeGreaterThan(0);
    expect(perArm.help.units).toBeGreaterThan(0);
    // Two help links, exposed once per session each, in both arms alike.
    expect(perArm.holdout.exposures).toBe(2 * perArm.holdout.units);
    expect(perArm.help.exposures).toBe(2 * perArm.help.units);
    expect(perArm.holdout.counterfactual).toBe(perArm.holdout.exposures);
    expect(perArm.help.counterfactual).toBe(0);
    expect(perArm.holdout.rendered).toBe(0);
    expect(perArm.help.rendered).toBe(2 * perArm.help.units);
    // 120 sessions, each rendering its surfaces: about a second alone, several on a busy machine.
  }, 30_000);
});
