/**
 * When the experiments controller cannot be loaded, no arm can be told apart: start() reports
 * it and leaves out the items of experiments (no help an arm should not see, no exposure for
 * them), while everything else shows; a page without experiments, which never asks for the
 * controller, is not affected at all.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError, type GuidepostEvent } from '../../src/index';

const controller = vi.hoisted(() => ({ attempts: 0 }));
vi.mock('../../src/controller/experiment-arms', () => {
  controller.attempts++;
  throw new Error('chunk offline');
});

const items = [
  { id: 'welcome', type: 'banner', body: 'Hello' },
  { id: 'docs', type: 'helpLink', target: '#docs', title: 'Docs', body: 'How it works' },
];
const experiments = [{ key: 'help-holdout', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { types: ['helpLink'] } }];

async function start(extra: Record<string, unknown>) {
  document.body.innerHTML = '<h2 id="docs">Docs</h2>';
  const errors: GuidepostError[] = [];
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({
    manifest: { schemaVersion: 1, revision: 'r1', settings: { caps: { perPageView: 10 } }, items, ...extra },
    user: { id: 'u1' },
    locale: 'en',
    storage: memoryStorage(),
    onError: (e) => errors.push(e),
    onEvent: (e) => events.push(e),
  });
  await gp.start();
  return { gp, errors, events };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('a failed load of the experiments controller', () => {
  it('does not concern a manifest without experiments', async () => {
    const { gp, errors, events } = await start({});
    expect(controller.attempts).toBe(0);
    expect(errors).toEqual([]);
    expect(events.filter((e) => e.type === 'exposure')).toHaveLength(2);
    gp.destroy();
  });

  it('is reported; the items of experiments are left out, the others show', async () => {
    const { gp, errors, events } = await start({ experiments });
    expect(controller.attempts).toBeGreaterThan(0);
    expect(errors.map((e) => [e.code, e.message])).toEqual([['internal', expect.stringMatching(/^the experiments code could not be loaded \(.+\): the items of experiments are not shown on this page$/)]]);
    expect(events.filter((e) => e.type === 'assignment')).toEqual([]);
    expect(events.filter((e) => e.type === 'exposure').map((e) => e.item_id)).toEqual(['welcome']);
    await vi.waitFor(() => expect(document.querySelector('guidepost-root')?.shadowRoot?.querySelector('[data-part=banner][data-item=welcome]')).not.toBeNull());
    expect(document.querySelector('guidepost-help')).toBeNull();
    expect(gp.explain('docs')).toBeUndefined();
    gp.destroy();
  });
});
