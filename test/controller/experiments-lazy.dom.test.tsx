/**
 * The experiments controller (controller/experiment-arms.ts) loads only for a manifest that has
 * experiments, and then while start() boots, before the first decision, in every arm alike: no
 * arm's exposure waits for a download the other does not. The controller is wrapped to log when
 * it is opened, next to the events, so the order is checked from positive signals only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError, type GuidepostEvent } from '../../src/index';

const log = vi.hoisted(() => ({ entries: [] as string[], imports: 0 }));
vi.mock('../../src/controller/experiment-arms', async (importOriginal) => {
  log.imports++;
  const actual = await importOriginal<typeof import('../../src/controller/experiment-arms')>();
  return {
    ...actual,
    openArms: (...args: Parameters<typeof actual.openArms>) => {
      log.entries.push('controller opened');
      return actual.openArms(...args);
    },
  };
});

const items = [
  { id: 'welcome', type: 'banner', body: 'Hello' },
  { id: 'docs', type: 'helpLink', target: '#docs', title: 'Docs', body: 'How it works' },
];
const experiment = { key: 'help-holdout', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { types: ['helpLink'] } };
const manifest = (extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r1', settings: { caps: { perPageView: 10 } }, items, ...extra });

async function start(source: unknown, search = '') {
  history.replaceState({}, '', `/${search}`);
  document.body.innerHTML = '<h2 id="docs">Docs</h2>';
  const errors: GuidepostError[] = [];
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({
    manifest: source,
    user: { id: 'u1' },
    locale: 'en',
    storage: memoryStorage(),
    onError: (e) => errors.push(e),
    onEvent: (e) => {
      events.push(e);
      log.entries.push(e.type);
    },
  });
  await gp.start();
  return { gp, errors, events };
}

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
  log.entries.length = 0;
});

describe('the experiments controller', () => {
  it('is never imported by a page whose manifest has no experiments; help shows as before', async () => {
    const { gp, errors, events } = await start(manifest());
    expect(log.imports).toBe(0);
    expect(events.filter((e) => e.type === 'exposure').map((e) => [e.item_id, e.experiment])).toEqual([['welcome', undefined], ['docs', undefined]]);
    expect(gp.explain('docs')).toMatchObject({ shown: true });
    expect(errors).toEqual([]);
    gp.destroy();
  });

  it.each(['holdout', 'help'])('is opened before the first decision in the %s arm, so exposures never wait for it in one arm only', async (arm) => {
    const { gp, events } = await start(manifest({ experiments: [experiment] }), `?guidepost_force=help-holdout:${arm}`);
    expect(log.imports).toBe(1);
    // Opened during boot: before the assignment and every exposure of this page view.
    expect(log.entries[0]).toBe('controller opened');
    expect(log.entries).toContain('assignment');
    const exposure = events.find((e) => e.type === 'exposure' && e.item_id === 'docs');
    expect(exposure).toMatchObject({ experiment: 'help-holdout', variation: arm, counterfactual: arm === 'holdout' });
    gp.destroy();
  });

  it('loads for a forced arm on a manifest without experiments, which it reports as before', async () => {
    const { gp, errors } = await start(manifest(), '?guidepost_force=nope:help');
    expect(log.entries[0]).toBe('controller opened');
    expect(errors.map((e) => e.message)).toEqual(['guidepost_force=nope:help names no variation of an experiment in this manifest']);
    gp.destroy();
  });
});
